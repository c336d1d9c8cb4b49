package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"replydesk/engine"
	"replydesk/preset"
)

// dataset is a KB and the queries asked of it. Every entry and query names
// its intent by a label: the data set's id, or the preset entry's intent key.
type dataset struct {
	name    string
	locale  string
	entries []engine.Entry // normalised, not yet stored
	labels  []string       // labels[i] is the label of entries[i]
	lines   []int          // lines[i] is the kb.jsonl line of entries[i] (0 for the preset)
	queries []query
	// clipped counts the questions cut to engine.MaxQuestionRunes; split
	// counts the entries spread over several KB entries because they had
	// more than engine.MaxSimilar similar questions.
	clipped, split int
}

// query is one buyer message; expect is the label of the entry that should
// answer it, or "" when none should (out of scope).
type query struct {
	text   string
	expect string
}

func (d *dataset) questions() int {
	n := 0
	for _, e := range d.entries {
		n += 1 + len(e.Similar)
	}
	return n
}

// maxLine is the longest line the JSONL readers accept.
const maxLine = 16 << 20

// maxLineErrors is how many bad lines a reader reports before it gives up.
const maxLineErrors = 10

// eachLine calls fn with every non-blank line of the file and its number,
// from 1. It collects fn's errors (up to maxLineErrors) and returns them
// together, each prefixed with the file name and line number.
func eachLine(path string, fn func(n int, line []byte) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return scanLines(f, filepath.Base(path), fn)
}

func scanLines(r io.Reader, name string, fn func(n int, line []byte) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	var errs []error
	n := 0
	for sc.Scan() {
		n++
		line := bytes.TrimSpace(sc.Bytes())
		if n == 1 {
			line = bytes.TrimPrefix(line, []byte("\uFEFF"))
		}
		if len(line) == 0 {
			continue
		}
		if err := fn(n, line); err != nil {
			errs = append(errs, fmt.Errorf("%s line %d: %w", name, n, err))
			if len(errs) == maxLineErrors {
				errs = append(errs, fmt.Errorf("%s: stopped after %d bad lines", name, maxLineErrors))
				return errors.Join(errs...)
			}
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			err = fmt.Errorf("a line is longer than %d MiB", maxLine>>20)
		}
		errs = append(errs, fmt.Errorf("%s after line %d: %w", name, n, err))
	}
	return errors.Join(errs...)
}

// kbLine is one line of kb.jsonl.
type kbLine struct {
	ID       *string  `json:"id"`
	Question *string  `json:"question"`
	Similar  []string `json:"similar"`
	Answer   string   `json:"answer"`
}

// readDataset reads DIR/kb.jsonl and the queries file (DIR/queries.jsonl
// when queriesPath is empty).
func readDataset(dir, queriesPath string) (*dataset, error) {
	d := &dataset{name: filepath.Base(filepath.Clean(dir)), locale: "en"}
	if abs, err := filepath.Abs(dir); err == nil {
		d.name = filepath.Base(abs)
	}
	ids := map[string]int{} // id → line
	err := eachLine(filepath.Join(dir, "kb.jsonl"), func(n int, line []byte) error {
		var l kbLine
		if err := strictUnmarshal(line, &l); err != nil {
			return err
		}
		switch {
		case l.ID == nil || strings.TrimSpace(*l.ID) == "":
			return errors.New(`"id" is missing or blank`)
		case l.Question == nil || strings.TrimSpace(*l.Question) == "":
			return errors.New(`"question" is missing or blank`)
		}
		id := strings.TrimSpace(*l.ID)
		if first, dup := ids[id]; dup {
			return fmt.Errorf("id %q repeats line %d", id, first)
		}
		ids[id] = n
		d.add(id, n, *l.Question, l.Similar, l.Answer)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(d.entries) == 0 {
		return nil, fmt.Errorf("%s has no entries", filepath.Join(dir, "kb.jsonl"))
	}
	for _, e := range d.entries {
		if strings.ContainsFunc(e.Question, isHan) {
			d.locale = "zh-CN"
			break
		}
	}
	if queriesPath == "" {
		queriesPath = filepath.Join(dir, "queries.jsonl")
	}
	d.queries, err = readQueries(queriesPath, func(label string) bool { _, ok := ids[label]; return ok })
	if err != nil {
		return nil, err
	}
	return d, nil
}

// add appends the entry of one kb.jsonl line: questions longer than the app
// allows are cut, and an entry with more similar questions than the app
// allows is spread over several entries with the same label.
func (d *dataset) add(label string, line int, question string, similar []string, answer string) {
	qs := make([]string, 0, 1+len(similar))
	for _, q := range append([]string{question}, similar...) {
		if utf8.RuneCountInString(q) > engine.MaxQuestionRunes {
			q = string([]rune(q)[:engine.MaxQuestionRunes])
			d.clipped++
		}
		qs = append(qs, q)
	}
	answer = strings.TrimSpace(answer)
	if answer == "" || utf8.RuneCountInString(answer) > engine.MaxAnswerRunes || len(engine.UnknownVariables(answer)) > 0 {
		answer = "[answer]" // never evaluated; only the questions are searched
	}
	if len(qs) > 1+engine.MaxSimilar {
		d.split++
	}
	for len(qs) > 0 {
		n := min(len(qs), 1+engine.MaxSimilar)
		e := engine.NormalizeEntry(engine.Entry{
			Question: qs[0],
			Similar:  qs[1:n],
			Answers:  []engine.Answer{{Text: answer}},
			Category: engine.CategoryOther,
			Enabled:  true,
		})
		d.entries = append(d.entries, e)
		d.labels = append(d.labels, label)
		d.lines = append(d.lines, line)
		qs = qs[n:]
	}
}

// readPreset returns the preset KB of a locale, each entry labelled with its
// intent key, and the queries of queriesPath (testdata/eval/<locale>/queries.jsonl
// when empty, looked for in the working folder and the folders above it).
func readPreset(locale, queriesPath string) (*dataset, error) {
	entries, err := preset.KB(locale, 0)
	if err != nil {
		return nil, err
	}
	d := &dataset{name: "preset " + locale, locale: locale, entries: entries}
	intents := map[string]bool{}
	for i, e := range entries {
		label := e.Intent
		if label == "" { // a shop's own question: no query can expect it
			label = fmt.Sprintf("#%d %s", i+1, e.Question)
		}
		d.labels = append(d.labels, label)
		d.lines = append(d.lines, 0)
		intents[e.Intent] = true
	}
	if queriesPath == "" {
		queriesPath, err = findUp(filepath.Join("testdata", "eval", locale, "queries.jsonl"))
		if err != nil {
			return nil, err
		}
	}
	d.queries, err = readQueries(queriesPath, func(label string) bool { return intents[label] })
	if err != nil {
		return nil, err
	}
	return d, nil
}

// findUp returns rel under the working folder or the nearest folder above
// it that has it.
func findUp(rel string) (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(dir, rel)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("%s not found in the working folder or above it; give -queries FILE", rel)
		}
		dir = parent
	}
}

// queryLine is one line of queries.jsonl. Expect stays raw to tell a
// missing "expect" from null.
type queryLine struct {
	Text   *string         `json:"text"`
	Expect json.RawMessage `json:"expect"`
}

// readQueries reads a queries file; known reports whether an expected
// label names an entry.
func readQueries(path string, known func(label string) bool) ([]query, error) {
	var qs []query
	err := eachLine(path, func(n int, line []byte) error {
		var l queryLine
		if err := strictUnmarshal(line, &l); err != nil {
			return err
		}
		if l.Text == nil || strings.TrimSpace(*l.Text) == "" {
			return errors.New(`"text" is missing or blank`)
		}
		if l.Expect == nil {
			return errors.New(`"expect" is missing (null for a message no entry should answer)`)
		}
		q := query{text: *l.Text}
		if string(l.Expect) != "null" {
			if err := json.Unmarshal(l.Expect, &q.expect); err != nil {
				return errors.New(`"expect" must be a string or null`)
			}
			q.expect = strings.TrimSpace(q.expect)
			if q.expect == "" {
				return errors.New(`"expect" is blank (null for a message no entry should answer)`)
			}
			if !known(q.expect) {
				return fmt.Errorf("expects %q, which no KB entry has", q.expect)
			}
		}
		qs = append(qs, q)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(qs) == 0 {
		return nil, fmt.Errorf("%s has no queries", path)
	}
	return qs, nil
}

// strictUnmarshal decodes one JSON object and refuses trailing data.
func strictUnmarshal(line []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(line))
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("not a valid JSON object: %w", err)
	}
	if dec.More() {
		return errors.New("not a valid JSON object: more than one value on the line")
	}
	return nil
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }
