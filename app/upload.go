package app

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sync"
	"time"

	"replydesk/engine"
	"replydesk/kbfile"
)

// Limits of uploads.
const (
	// MaxChunkBytes is the largest piece of a file one UploadChunk call takes.
	MaxChunkBytes = 48 << 10
	// maxUploads is how many unfinished uploads are kept at once.
	maxUploads = 4
	// uploadTTL is how long an unfinished upload is kept.
	uploadTTL = 15 * time.Minute
)

// BeginUploadRequest announces a file: its name (for its format) and size in bytes.
type BeginUploadRequest struct {
	FileName string `json:"fileName"`
	Size     int    `json:"size"`
}

// UploadChunkRequest is the piece of an upload that starts at Offset.
type UploadChunkRequest struct {
	UploadID string `json:"uploadId"`
	Offset   int    `json:"offset"`
	Data     []byte `json:"data"`
}

// BeginUpload starts the upload of a KB file and returns its ID. A file of
// another format, or larger than kbfile.MaxFileBytes, is refused at once.
func (s *KBService) BeginUpload(req BeginUploadRequest) (string, error) {
	if _, err := kbfile.FormatOf(req.FileName); err != nil {
		return "", wrap(err)
	}
	if req.Size <= 0 {
		return "", wrap(&kbfile.FileError{Key: "kb_file_empty", Detail: "the file is empty"})
	}
	if req.Size > kbfile.MaxFileBytes {
		return "", wrap(&kbfile.FileError{Key: "kb_file_too_big", Detail: fmt.Sprintf("the file is larger than %d MB", kbfile.MaxFileBytes>>20)})
	}
	id, err := s.uploads.begin(req.FileName, req.Size, s.clock.Now())
	return id, wrap(err)
}

// UploadChunk adds the next piece of an upload; pieces come in order.
func (s *KBService) UploadChunk(req UploadChunkRequest) error {
	return wrap(s.uploads.add(req.UploadID, req.Offset, req.Data, s.clock.Now()))
}

type upload struct {
	name    string
	size    int
	data    []byte
	touched time.Time
}

// uploads are the files being sent by the window, in memory.
type uploads struct {
	mu sync.Mutex
	m  map[string]*upload
}

func badUpload(format string, args ...any) error {
	return &engine.InputError{Key: "kb_upload", Detail: fmt.Sprintf(format, args...)}
}

func (u *uploads) begin(name string, size int, now time.Time) (string, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.m == nil {
		u.m = map[string]*upload{}
	}
	for id, up := range u.m {
		if now.Sub(up.touched) > uploadTTL {
			delete(u.m, id)
		}
	}
	if len(u.m) >= maxUploads {
		return "", badUpload("%d files are being uploaded already; wait for them to finish", len(u.m))
	}
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	id := hex.EncodeToString(b)
	u.m[id] = &upload{name: name, size: size, data: make([]byte, 0, size), touched: now}
	return id, nil
}

func (u *uploads) add(id string, offset int, data []byte, now time.Time) error {
	u.mu.Lock()
	defer u.mu.Unlock()
	up := u.m[id]
	switch {
	case up == nil:
		return badUpload("the upload %q is unknown or has expired; choose the file again", id)
	case len(data) > MaxChunkBytes:
		return badUpload("a piece of %d bytes is larger than %d", len(data), MaxChunkBytes)
	case offset != len(up.data):
		return badUpload("a piece at byte %d, where byte %d was expected", offset, len(up.data))
	case len(up.data)+len(data) > up.size:
		delete(u.m, id)
		return badUpload("the file is larger than announced (%d bytes)", up.size)
	}
	up.data = append(up.data, data...)
	up.touched = now
	return nil
}

// take removes a complete upload and returns it.
func (u *uploads) take(id string) (*upload, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	up := u.m[id]
	if up == nil {
		return nil, badUpload("the upload %q is unknown or has expired; choose the file again", id)
	}
	delete(u.m, id)
	if len(up.data) != up.size {
		return nil, badUpload("the upload is incomplete: %d of %d bytes", len(up.data), up.size)
	}
	return up, nil
}
