package kbfile

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"replydesk/engine"
)

// jsonFormat is the "format" of a KB JSON file; jsonVersion the newest
// "version" this package reads and the one it writes.
const (
	jsonFormat  = "replydesk-kb"
	jsonVersion = 1
)

// jsonFile is the JSON format as written: the same shape as the preset KB files.
type jsonFile struct {
	Format  string      `json:"format"`
	Version int         `json:"version"`
	Entries []jsonEntry `json:"entries"`
}

// jsonEntry is an entry as written: the fields of engine.Entry, the ID,
// version and update stamp only when set (an export, not a template).
type jsonEntry struct {
	ID         int64              `json:"id,omitempty"`
	ShopID     int64              `json:"shopId,omitempty"`
	Question   string             `json:"question"`
	Similar    []string           `json:"similar"`
	Answers    []engine.Answer    `json:"answers"`
	Category   engine.Category    `json:"category"`
	Intent     string             `json:"intent"`
	Enabled    bool               `json:"enabled"`
	Operations []engine.Operation `json:"operations"`
	NeverAuto  bool               `json:"neverAuto"`
	Version    int                `json:"version,omitempty"`
	UpdatedAt  *time.Time         `json:"updatedAt,omitempty"`
	UpdatedBy  string             `json:"updatedBy,omitempty"`
}

// jsonIn is an entry as read: its content only; other fields (IDs,
// versions, stamps) are ignored. A missing "enabled" means enabled.
type jsonIn struct {
	Question string   `json:"question"`
	Similar  []string `json:"similar"`
	Answers  []struct {
		Text string   `json:"text"`
		When []string `json:"when"`
	} `json:"answers"`
	Category   string   `json:"category"`
	Intent     string   `json:"intent"`
	Enabled    *bool    `json:"enabled"`
	Operations []string `json:"operations"`
	NeverAuto  bool     `json:"neverAuto"`
}

// writeJSON writes entries as a KB JSON file; meta adds their IDs,
// versions and update stamps.
func writeJSON(w io.Writer, entries []engine.Entry, meta bool) error {
	f := jsonFile{Format: jsonFormat, Version: jsonVersion, Entries: make([]jsonEntry, len(entries))}
	for i, e := range entries {
		je := jsonEntry{
			Question: e.Question, Similar: nonNil(e.Similar), Answers: make([]engine.Answer, len(e.Answers)),
			Category: e.Category, Intent: e.Intent, Enabled: e.Enabled, Operations: nonNil(e.Operations),
			NeverAuto: e.NeverAuto,
		}
		for j, a := range e.Answers {
			je.Answers[j] = engine.Answer{Text: a.Text, When: nonNil(a.When)}
		}
		if meta {
			je.ID, je.ShopID, je.Version, je.UpdatedBy = e.ID, e.ShopID, e.Version, e.UpdatedBy
			if !e.UpdatedAt.IsZero() {
				at := e.UpdatedAt
				je.UpdatedAt = &at
			}
		}
		f.Entries[i] = je
	}
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(f); err != nil {
		return errWrite(err)
	}
	return errWrite(bw.Flush())
}

func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

// readJSON reads a KB JSON file.
func readJSON(b []byte) ([]engine.Entry, error) {
	b = bytes.TrimPrefix(b, bomUTF8)
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, fileErr("kb_file_empty", "the file is empty")
	}
	// Check the syntax of the whole file first: the decoder's errors give
	// offsets within a value, the whole file's give absolute ones.
	if !json.Valid(b) {
		return nil, syntaxError(b, json.Unmarshal(b, new(json.RawMessage)))
	}
	format, version, raws, starts, err := splitJSON(b)
	if err != nil {
		return nil, err
	}
	if format != jsonFormat {
		if format == "" {
			return nil, fileErr("kb_file_format", `the JSON has no "format": %q; it is not a ReplyDesk KB file`, jsonFormat)
		}
		return nil, fileErr("kb_file_format", `the JSON's "format" is %q, not %q; it is not a ReplyDesk KB file`, format, jsonFormat)
	}
	if version < 0 || version > jsonVersion {
		return nil, fileErr("kb_file_version", "the file is of version %d; this ReplyDesk reads version %d (update ReplyDesk)", version, jsonVersion)
	}
	if len(raws) == 0 {
		return nil, fileErr("kb_file_empty", `the file has no entries ("entries" is missing or empty)`)
	}
	entries := make([]engine.Entry, len(raws))
	origins := make([]origin, len(raws))
	var p problems
	for i, raw := range raws {
		var in jsonIn
		if err := json.Unmarshal(raw, &in); err != nil {
			return nil, entryError(b, starts[i], i, err)
		}
		entries[i] = in.entry()
		origins[i] = origin{row: i + 1}
		if !utf8.Valid(raw) {
			for _, field := range badUTF8(raw, "") {
				p.add(i+1, in.Question, engine.FieldError{Field: field, Key: "kb_not_utf8", Detail: "is not valid UTF-8 text"})
			}
		}
	}
	return check(entries, origins, &p)
}

// entry turns a decoded entry into an engine.Entry, with the names of
// categories, statuses and operations read as in the flat formats.
func (in *jsonIn) entry() engine.Entry {
	e := engine.Entry{
		Question: text(in.Question), Similar: make([]string, len(in.Similar)),
		Category: engine.Category(categoryByName.value(in.Category)), Intent: parseIntent(in.Intent),
		Enabled: in.Enabled == nil || *in.Enabled, NeverAuto: in.NeverAuto,
	}
	for i, s := range in.Similar {
		e.Similar[i] = text(s)
	}
	for _, a := range in.Answers {
		ans := engine.Answer{Text: text(a.Text)}
		for _, w := range a.When {
			ans.When = append(ans.When, engine.OrderStatus(statusByName.value(w)))
		}
		e.Answers = append(e.Answers, ans)
	}
	for _, op := range in.Operations {
		e.Operations = append(e.Operations, engine.Operation(operationByName.value(op)))
	}
	return e
}

// splitJSON reads the top level of a KB JSON file: its format, version and
// the raw text of each entry with the offset it starts at.
func splitJSON(b []byte) (format string, version int, raws []json.RawMessage, starts []int64, err error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	notKB := func() error {
		return posErr(b, dec.InputOffset(), `the file must be a JSON object with "format", "version" and "entries"`)
	}
	if tok, err := dec.Token(); err != nil {
		return "", 0, nil, nil, syntaxError(b, err)
	} else if tok != json.Delim('{') {
		return "", 0, nil, nil, notKB()
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return "", 0, nil, nil, syntaxError(b, err)
		}
		key, _ := tok.(string)
		switch key {
		case "format":
			err = dec.Decode(&format)
		case "version":
			err = dec.Decode(&version)
		case "entries":
			raws, starts, err = splitEntries(b, dec)
		default:
			var skip json.RawMessage
			err = dec.Decode(&skip)
		}
		if err != nil {
			var fe *FileError
			if errors.As(err, &fe) {
				return "", 0, nil, nil, err
			}
			var te *json.UnmarshalTypeError
			if errors.As(err, &te) {
				return "", 0, nil, nil, posErr(b, te.Offset, fmt.Sprintf("%q must be %s, not %s", key, kindName(te.Type), te.Value))
			}
			return "", 0, nil, nil, syntaxError(b, err)
		}
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return "", 0, nil, nil, syntaxError(b, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return "", 0, nil, nil, posErr(b, dec.InputOffset(), "there is more after the end of the JSON object")
	}
	return format, version, raws, starts, nil
}

// splitEntries reads the "entries" array element by element.
func splitEntries(b []byte, dec *json.Decoder) ([]json.RawMessage, []int64, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, nil, err
	}
	if tok == nil {
		return nil, nil, nil // "entries": null
	}
	if tok != json.Delim('[') {
		return nil, nil, posErr(b, dec.InputOffset(), `"entries" must be a list of entries`)
	}
	var raws []json.RawMessage
	var starts []int64
	for dec.More() {
		if len(raws) == MaxEntries {
			return nil, nil, fileErr("kb_file_too_many", "the file has more than %d entries", MaxEntries)
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, nil, err
		}
		raws = append(raws, raw)
		starts = append(starts, dec.InputOffset()-int64(len(raw)))
	}
	_, err = dec.Token() // the closing bracket
	return raws, starts, err
}

// entryError reports an entry of the wrong shape, such as "similar": 5.
func entryError(b []byte, start int64, i int, err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		what := fmt.Sprintf("entry %d must be an object, not %s", i+1, te.Value)
		if te.Field != "" {
			what = fmt.Sprintf("entry %d: %q must be %s, not %s", i+1, te.Field, kindName(te.Type), te.Value)
		}
		return posErr(b, start+te.Offset, what)
	}
	return posErr(b, start, fmt.Sprintf("entry %d cannot be read: %v", i+1, err))
}

// syntaxError reports JSON that is not well formed.
func syntaxError(b []byte, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return posErr(b, se.Offset-1, "the JSON is broken: "+se.Error())
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return posErr(b, int64(len(b)), "the JSON ends too early")
	}
	return &FileError{Key: "kb_file_broken", Detail: "the JSON cannot be read: " + err.Error()}
}

// posErr returns a kb_file_broken error at a byte offset of b.
func posErr(b []byte, off int64, what string) *FileError {
	line, col := lineCol(b, off)
	return &FileError{Key: "kb_file_broken", Line: line, Column: col,
		Detail: fmt.Sprintf("line %d, column %d: %s", line, col, what)}
}

// lineCol returns the line and column (in characters), from 1, of a byte
// offset of b.
func lineCol(b []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(b)))
	before := b[:off]
	line = 1 + bytes.Count(before, []byte("\n"))
	if i := bytes.LastIndexByte(before, '\n'); i >= 0 {
		before = before[i+1:]
	}
	return line, 1 + utf8.RuneCount(before)
}

// kindName says in words what a Go type holds in JSON.
func kindName(t reflect.Type) string {
	if t == nil {
		return "another type"
	}
	switch t.Kind() {
	case reflect.String:
		return "a text"
	case reflect.Bool, reflect.Pointer:
		return "true or false"
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "a whole number"
	case reflect.Slice:
		return "a list"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return t.String()
}

// badUTF8 returns the paths ("similar[2]", "answers[0].text") of the texts
// in raw JSON that are not valid UTF-8.
func badUTF8(raw json.RawMessage, path string) []string {
	raw = bytes.TrimSpace(raw)
	if utf8.Valid(raw) || len(raw) == 0 {
		return nil
	}
	var out []string
	switch raw[0] {
	case '{':
		var m map[string]json.RawMessage
		if json.Unmarshal(raw, &m) == nil {
			for k, v := range m {
				p := k
				if path != "" {
					p = path + "." + k
				}
				out = append(out, badUTF8(v, p)...)
			}
			slices.Sort(out)
			return out
		}
	case '[':
		var xs []json.RawMessage
		if json.Unmarshal(raw, &xs) == nil {
			for i, v := range xs {
				out = append(out, badUTF8(v, path+"["+strconv.Itoa(i)+"]")...)
			}
			return out
		}
	}
	if path == "" {
		path = "entry"
	}
	return []string{path}
}
