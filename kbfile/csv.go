package kbfile

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"replydesk/engine"
)

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// csvHint is added to the report of a cell that is not UTF-8: Excel's plain
// "CSV" saves Chinese in GBK.
const csvHint = ` (save the file as "CSV UTF-8", or as xlsx)`

// readCSV reads a CSV file: UTF-8, with or without a BOM, separated by
// commas (or by tabs or semicolons when the header has no comma).
func readCSV(b []byte) ([]engine.Entry, error) {
	if bytes.HasPrefix(b, bomUTF16LE) || bytes.HasPrefix(b, bomUTF16BE) {
		return nil, fileErr("kb_file_encoding", "the file is UTF-16 text; save it as \"CSV UTF-8\"")
	}
	b = bytes.TrimPrefix(b, bomUTF8)
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, fileErr("kb_file_empty", "the file is empty")
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.Comma = sniffComma(b)
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	var bld *builder
	row, prev := 0, int64(0)
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(err)
		}
		// A spreadsheet shows a record as one row however many lines it
		// spans, and shows the blank lines the CSV reader skips.
		off := r.InputOffset()
		row += 1 + blankLines(b[prev:off])
		prev = off
		if bld == nil {
			for _, h := range rec {
				if !utf8.ValidString(h) {
					return nil, fileErr("kb_file_encoding", "the first row is not UTF-8 text%s", csvHint)
				}
			}
			l, err := parseHeader(rec)
			if err != nil {
				return nil, err
			}
			bld = newBuilder(l, csvHint)
			continue
		}
		if err := bld.add(row, rec); err != nil {
			return nil, err
		}
	}
	if bld == nil {
		return nil, fileErr("kb_file_empty", "the file is empty")
	}
	return bld.finish()
}

// blankLines counts the empty lines at the start of a record's bytes.
func blankLines(raw []byte) int {
	n := 0
	for _, c := range raw {
		switch c {
		case '\n':
			n++
		case '\r':
		default:
			return n
		}
	}
	return n
}

// sniffComma returns the separator of a CSV file: a comma unless the first
// line has none and has tabs or semicolons (Excel in some locales).
func sniffComma(b []byte) rune {
	line, _, _ := bytes.Cut(b, []byte("\n"))
	switch {
	case bytes.ContainsRune(line, ','):
		return ','
	case bytes.ContainsRune(line, '\t'):
		return '\t'
	case bytes.ContainsRune(line, ';'):
		return ';'
	}
	return ','
}

// csvError turns an error of the CSV reader into a *FileError saying where.
func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		what := pe.Err.Error()
		switch {
		case errors.Is(pe.Err, csv.ErrQuote), errors.Is(pe.Err, csv.ErrBareQuote):
			what = `a quote (") is not closed or stands inside an unquoted cell; a cell holding quotes must be quoted, with each quote doubled ("")`
		}
		return &FileError{Key: "kb_file_broken", Line: pe.Line, Column: pe.Column,
			Detail: fmt.Sprintf("the CSV is broken at line %d, column %d: %s", pe.Line, pe.Column, what)}
	}
	return &FileError{Key: "kb_file_broken", Detail: "the CSV cannot be read: " + err.Error()}
}

// writeCSV writes entries as UTF-8 CSV with a BOM, so that Excel shows
// Chinese correctly.
func writeCSV(w io.Writer, entries []engine.Entry, st style) error {
	bw := bufio.NewWriter(w)
	if _, err := bw.Write(bomUTF8); err != nil {
		return errWrite(err)
	}
	cw := csv.NewWriter(bw)
	if err := cw.Write(st.headers); err != nil {
		return errWrite(err)
	}
	err := eachRow(entries, st, func(cells []string) error { return cw.Write(cells) })
	if err != nil {
		return errWrite(err)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return errWrite(err)
	}
	return errWrite(bw.Flush())
}
