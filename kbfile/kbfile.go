// Package kbfile reads and writes knowledge-base files (KB-5): xlsx, CSV and
// JSON. Reading checks every row before anything is returned, so that a bad
// file is refused whole with a report of each bad row.
//
// The flat formats (xlsx and CSV) hold one row per answer under a header row
// naming the columns (see Columns): the first row of an entry carries the
// entry's fields, and further rows with the same standard question add one
// answer each, with the order statuses it is meant for. JSON holds the
// entries as the preset KB files do:
// {"format": "replydesk-kb", "version": 1, "entries": [...]}.
//
// Read, Write and Template are safe for concurrent use.
package kbfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
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

// MaxEntries is the most entries a file may hold.
const MaxEntries = 50_000

// FileError is a file that cannot be read at all: Key names the problem for
// translation:
//
//   - kb_file_format: not an xlsx, csv or json file, or JSON of another format
//   - kb_file_version: JSON of a newer version than this app reads
//   - kb_file_too_big: larger than MaxFileBytes
//   - kb_file_too_many: more than MaxEntries entries
//   - kb_file_broken: not a readable spreadsheet, CSV or JSON (Line and
//     Column say where, when known)
//   - kb_file_encoding: not UTF-8 text (CSV)
//   - kb_file_columns: unknown, repeated or missing columns
//   - kb_file_empty: no entries
type FileError struct {
	Key    string
	Detail string
	// Line and Column, from 1, locate the problem in a CSV or JSON file;
	// they are 0 when unknown or meaningless.
	Line, Column int
}

func (e *FileError) Error() string { return e.Detail }

// fileErr returns a *FileError with a formatted detail.
func fileErr(key, format string, args ...any) *FileError {
	return &FileError{Key: key, Detail: fmt.Sprintf(format, args...)}
}

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

// Read reads a KB file. It returns the entries, normalised as
// engine.CheckEntries does (no ID, shop, version or update stamp), or a
// *FileError when the file cannot be read, or an *engine.RowsError when any
// row is invalid: rows are numbered as the file's rows with the header as
// row 1 (a problem of one answer is reported at that answer's row, a
// problem of a whole entry at the entry's first row), and as the entry's
// index + 1 in JSON. Nothing is returned with an error. Nothing past
// MaxFileBytes is read; a reader that can seek is refused at once when too
// big.
func Read(r io.Reader, f Format) ([]engine.Entry, error) {
	switch f {
	case XLSX, CSV, JSON:
	default:
		return nil, fileErr("kb_file_format", "the format %q is not supported", f)
	}
	b, err := readLimited(r)
	if err != nil {
		return nil, err
	}
	switch f {
	case XLSX:
		return readXLSX(b)
	case CSV:
		return readCSV(b)
	default:
		return readJSON(b)
	}
}

// ReadFile reads the KB file at path in the format its extension names;
// see Read.
func ReadFile(path string) ([]engine.Entry, error) {
	f, err := FormatOf(path)
	if err != nil {
		return nil, err
	}
	file, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("kbfile: %w", err)
	}
	defer file.Close()
	return Read(file, f)
}

// readLimited reads all of r unless it is larger than MaxFileBytes. A reader
// that can seek (a file, a bytes.Reader) is measured first, so that a file
// too big is refused without reading it.
func readLimited(r io.Reader) ([]byte, error) {
	tooBig := fileErr("kb_file_too_big", "the file is larger than %d MB", MaxFileBytes>>20)
	var buf bytes.Buffer
	if s, ok := r.(io.Seeker); ok {
		if size, ok := remaining(s); ok {
			if size > MaxFileBytes {
				return nil, tooBig
			}
			buf.Grow(int(size) + bytes.MinRead)
		}
	}
	n, err := buf.ReadFrom(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, &FileError{Key: "kb_file_broken", Detail: "the file cannot be read: " + err.Error()}
	}
	if n > MaxFileBytes {
		return nil, tooBig
	}
	return buf.Bytes(), nil
}

// remaining returns how many bytes a seeker has left, leaving it where it was.
func remaining(s io.Seeker) (int64, bool) {
	cur, err := s.Seek(0, io.SeekCurrent)
	if err != nil {
		return 0, false
	}
	end, err := s.Seek(0, io.SeekEnd)
	if _, err2 := s.Seek(cur, io.SeekStart); err != nil || err2 != nil {
		return 0, false
	}
	return end - cur, true
}

// Write writes entries in a format, in the order given. Reading the result
// gives the same entry content back (question, similar questions, answers
// with their order statuses, category, intent, enabled, operations, never
// auto), normalised; IDs, versions and update stamps are kept in JSON only.
// In xlsx and CSV a similar question is one line of its cell, so one holding
// a line break comes back as two.
func Write(w io.Writer, f Format, entries []engine.Entry) error {
	switch f {
	case XLSX:
		return writeXLSX(w, entries, exportStyle)
	case CSV:
		return writeCSV(w, entries, exportStyle)
	case JSON:
		return writeJSON(w, entries, true)
	}
	return fileErr("kb_file_format", "the format %q is not supported", f)
}

// Template writes an example file in a format, in the language of locale
// ("zh-CN", else English): the header row and a few example entries, one of
// them with answers for different order statuses over several rows. The
// xlsx template has a second sheet explaining the columns. Read accepts the
// template as it is.
func Template(w io.Writer, f Format, locale string) error {
	lang := langOf(locale)
	examples := templateEntries(lang)
	st := templateStyle(lang)
	switch f {
	case XLSX:
		return writeXLSX(w, examples, st)
	case CSV:
		return writeCSV(w, examples, st)
	case JSON:
		return writeJSON(w, examples, false)
	}
	return fileErr("kb_file_format", "the format %q is not supported", f)
}

// errWrite wraps an error of the writer a file is written to.
func errWrite(err error) error {
	if err == nil {
		return nil
	}
	var fe *FileError
	if errors.As(err, &fe) {
		return err
	}
	return fmt.Errorf("kbfile: write: %w", err)
}
