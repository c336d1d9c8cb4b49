// Package kbfile reads and writes knowledge-base files (KB-5): xlsx, CSV and
// JSON. Reading checks every row before anything is returned, so that a bad
// file is refused whole with a report of each bad row.
package kbfile

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"replydesk/engine"
)

// Format is a KB file format.
type Format string

const (
	XLSX Format = "xlsx"
	CSV  Format = "csv"
	JSON Format = "json"
)

// Formats lists the formats, in the order the UI offers them.
var Formats = []Format{XLSX, CSV, JSON}

// MaxFileBytes is the largest file read.
const MaxFileBytes = 20 << 20

// FileError is a file that cannot be read at all: Key names the problem for
// translation ("kb_file_too_big", "kb_file_format", "kb_file_broken", …).
type FileError struct {
	Key    string
	Detail string
}

func (e *FileError) Error() string { return e.Detail }

// FormatOf returns the format named by a file name's extension.
func FormatOf(name string) (Format, error) {
	ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(name), "."))
	for _, f := range Formats {
		if string(f) == ext {
			return f, nil
		}
	}
	return "", &FileError{Key: "kb_file_format", Detail: fmt.Sprintf("%q is not an xlsx, csv or json file", name)}
}

// ParseFormat checks a format name.
func ParseFormat(s string) (Format, error) {
	return FormatOf("x." + s)
}

// jsonFile is the JSON format: the same shape as the preset KB files.
type jsonFile struct {
	Format  string         `json:"format"`
	Version int            `json:"version"`
	Entries []engine.Entry `json:"entries"`
}

// Read reads a KB file. It returns the entries, normalised, or a *FileError
// when the file cannot be read, or an *engine.RowsError (rows numbered as
// the file's rows, header included) when any row is invalid. Nothing past
// MaxFileBytes is read.
func Read(r io.Reader, f Format) ([]engine.Entry, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, &FileError{Key: "kb_file_broken", Detail: "the file cannot be read: " + err.Error()}
	}
	if len(b) > MaxFileBytes {
		return nil, &FileError{Key: "kb_file_too_big", Detail: fmt.Sprintf("the file is larger than %d MB", MaxFileBytes>>20)}
	}
	switch f {
	case JSON:
		var jf jsonFile
		if err := json.Unmarshal(b, &jf); err != nil {
			return nil, &FileError{Key: "kb_file_broken", Detail: "the file is not valid KB JSON: " + err.Error()}
		}
		return engine.CheckEntries(0, jf.Entries)
	}
	return nil, &FileError{Key: "kb_file_format", Detail: fmt.Sprintf("the format %q is not supported yet", f)}
}

// Write writes entries in a format.
func Write(w io.Writer, f Format, entries []engine.Entry) error {
	switch f {
	case JSON:
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(jsonFile{Format: "replydesk-kb", Version: 1, Entries: entries})
	}
	return &FileError{Key: "kb_file_format", Detail: fmt.Sprintf("the format %q is not supported yet", f)}
}

// Template writes an example file in a format, with its columns explained,
// in the language of locale.
func Template(w io.Writer, f Format, locale string) error {
	return Write(w, f, []engine.Entry{})
}
