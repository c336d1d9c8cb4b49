package app

import (
	"errors"
	"testing"
	"time"

	"replydesk/kbfile"
)

type clockAt struct{ t time.Time }

func (c *clockAt) Now() time.Time { return c.t }

func TestKB5_UploadTakesAFileInOrderedPieces(t *testing.T) {
	clock := &clockAt{time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)}
	s := NewKBService(nil, &Events{}, t.TempDir(), func() string { return "t" }, clock)
	key := func(err error) string {
		var ae *Error
		if errors.As(err, &ae) {
			return ae.Key
		}
		return ""
	}
	if _, err := s.BeginUpload(BeginUploadRequest{FileName: "kb.docx", Size: 10}); key(err) != "error.kb_file_format" {
		t.Errorf("a .docx: %v", err)
	}
	if _, err := s.BeginUpload(BeginUploadRequest{FileName: "kb.csv", Size: kbfile.MaxFileBytes + 1}); key(err) != "error.kb_file_too_big" {
		t.Errorf("too big: %v", err)
	}
	id, err := s.BeginUpload(BeginUploadRequest{FileName: "kb.csv", Size: 6})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.UploadChunk(UploadChunkRequest{UploadID: id, Offset: 3, Data: []byte("def")}); key(err) != "error.kb_upload" {
		t.Errorf("a piece out of order: %v", err)
	}
	if err := s.UploadChunk(UploadChunkRequest{UploadID: id, Offset: 0, Data: []byte("abc")}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.uploads.take(id); key(wrap(err)) != "error.kb_upload" {
		t.Errorf("an incomplete upload was taken: %v", err)
	}
	// taking it, even incomplete, forgets it
	if err := s.UploadChunk(UploadChunkRequest{UploadID: id, Offset: 3, Data: []byte("def")}); key(err) != "error.kb_upload" {
		t.Errorf("a forgotten upload took a piece: %v", err)
	}
	id, _ = s.BeginUpload(BeginUploadRequest{FileName: "kb.csv", Size: 6})
	s.UploadChunk(UploadChunkRequest{UploadID: id, Offset: 0, Data: []byte("abc")})
	if err := s.UploadChunk(UploadChunkRequest{UploadID: id, Offset: 3, Data: []byte("defg")}); key(err) != "error.kb_upload" {
		t.Errorf("more than announced: %v", err)
	}
	for i := 0; i < maxUploads; i++ {
		if _, err := s.BeginUpload(BeginUploadRequest{FileName: "kb.json", Size: 1}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.BeginUpload(BeginUploadRequest{FileName: "kb.json", Size: 1}); key(err) != "error.kb_upload" {
		t.Errorf("one upload too many: %v", err)
	}
	clock.t = clock.t.Add(uploadTTL + time.Second)
	if _, err := s.BeginUpload(BeginUploadRequest{FileName: "kb.json", Size: 1}); err != nil {
		t.Errorf("abandoned uploads are not forgotten: %v", err)
	}
}
