package kbfile

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"replydesk/engine"
)

// flatFile writes rows in a flat format.
func flatFile(t *testing.T, f Format, rows [][]string) []byte {
	t.Helper()
	if f == XLSX {
		return xlsxOf(t, rows)
	}
	return csvOf(rows)
}

// rowsError asserts that a read was refused row by row, with nothing returned.
func rowsError(t *testing.T, entries []engine.Entry, err error) *engine.RowsError {
	t.Helper()
	if entries != nil {
		t.Errorf("a bad file returned %d entries", len(entries))
	}
	var re *engine.RowsError
	if !errors.As(err, &re) {
		t.Fatalf("got %v (%T), want an *engine.RowsError", err, err)
	}
	return re
}

// wantProblem asserts that err reports key for field at row.
func wantProblem(t *testing.T, entries []engine.Entry, err error, row int, field, key string) engine.FieldError {
	t.Helper()
	re := rowsError(t, entries, err)
	for _, r := range re.Rows {
		for _, p := range r.Problems {
			if r.Row == row && p.Field == field && p.Key == key {
				return p
			}
		}
	}
	t.Fatalf("want row %d: %s [%s]; got%s", row, field, key, describe(err))
	return engine.FieldError{}
}

// fileError asserts that a read was refused whole with key.
func fileError(t *testing.T, entries []engine.Entry, err error, key string) *FileError {
	t.Helper()
	if entries != nil {
		t.Errorf("a bad file returned %d entries", len(entries))
	}
	var fe *FileError
	if !errors.As(err, &fe) || fe.Key != key {
		t.Fatalf("got %v (%T), want a *FileError %s", err, err, key)
	}
	return fe
}

func read(f Format, b []byte) ([]engine.Entry, error) { return Read(bytes.NewReader(b), f) }

const kbJSON = `{"format": "replydesk-kb", "version": 1, "entries": [%s]}`

func TestKB5_RejectsMissingQuestion(t *testing.T) {
	for _, f := range []Format{XLSX, CSV} {
		b := flatFile(t, f, [][]string{
			{"category", "question", "answer"},
			{"general", "Q1", "A1"},
			{"general", "  ", "A2"},
		})
		es, err := read(f, b)
		wantProblem(t, es, err, 3, "question", "kb_question_missing")
	}
	es, err := read(JSON, fmt.Appendf(nil, kbJSON, `{"question":"Q1","category":"general","answers":[{"text":"A"}]},
		{"category":"general","answers":[{"text":"A"}]}`))
	wantProblem(t, es, err, 2, "question", "kb_question_missing")
}

func TestKB5_RejectsAnswerTooLong(t *testing.T) {
	long := strings.Repeat("长", engine.MaxAnswerRunes+1)
	for _, f := range []Format{XLSX, CSV} {
		b := flatFile(t, f, [][]string{
			{"question", "answer", "when", "category"},
			{"Q1", "A1", "paid", "order"},
			{"Q1", long, "shipped", ""},
		})
		es, err := read(f, b)
		p := wantProblem(t, es, err, 3, "answer", "kb_too_long")
		if p.Detail != "has 1001 characters; at most 1000 are allowed" {
			t.Errorf("detail %q", p.Detail)
		}
	}
	es, err := read(JSON, fmt.Appendf(nil, kbJSON, `{"question":"Q1","category":"general","answers":[{"text":"A"}]},
		{"question":"Q2","category":"general","answers":[{"text":"`+long+`"}]}`))
	wantProblem(t, es, err, 2, "answers[0].text", "kb_too_long")
}

func TestKB5_RejectsUnknownCategory(t *testing.T) {
	for _, f := range []Format{XLSX, CSV} {
		b := flatFile(t, f, [][]string{
			{"分类", "标准问题", "答案"},
			{"通用类", "Q1", "A1"},
			{"电器", "Q2", "A2"},
		})
		es, err := read(f, b)
		wantProblem(t, es, err, 3, "category", "kb_unknown_category")
	}
	es, err := read(JSON, fmt.Appendf(nil, kbJSON, `{"question":"Q1","category":"stuff","answers":[{"text":"A"}]}`))
	wantProblem(t, es, err, 1, "category", "kb_unknown_category")
}

func TestKB5_RejectsUnknownIntent(t *testing.T) {
	for _, f := range []Format{XLSX, CSV} {
		b := flatFile(t, f, [][]string{
			{"question", "intent", "answer", "category"},
			{"Q1", "ship_time", "A1", ""},
			{"Q2", "ship_times", "A2", "order"},
		})
		es, err := read(f, b)
		wantProblem(t, es, err, 3, "intent", "kb_unknown_intent")
	}
}

func TestKB5_RejectsUnknownStatusOperationAndBoolean(t *testing.T) {
	for _, f := range []Format{XLSX, CSV} {
		b := flatFile(t, f, [][]string{
			{"question", "answer", "when", "operations", "enabled", "never_auto", "category"},
			{"Q1", "A1", "paid", "", "", "", "order"},
			{"Q1", "A2", "已付款，已寄出", "", "", "", ""},
			{"Q2", "A3", "", "订单卡片、送红包", "", "", "order"},
			{"Q3", "A4", "", "", "maybe", "", "order"},
			{"Q4", "A5", "", "", "", "不知道", "order"},
		})
		es, err := read(f, b)
		wantProblem(t, es, err, 3, "when", "kb_unknown_status")
		wantProblem(t, es, err, 4, "operations", "kb_unknown_operation")
		wantProblem(t, es, err, 5, "enabled", "kb_unknown_boolean")
		wantProblem(t, es, err, 6, "never_auto", "kb_unknown_boolean")
		if re := rowsError(t, es, err); len(re.Rows) != 4 {
			t.Errorf("%s: %d bad rows, want 4:%s", f, len(re.Rows), describe(err))
		}
	}
}

func TestKB5_RejectsDuplicateRows(t *testing.T) {
	for _, f := range []Format{XLSX, CSV} {
		b := flatFile(t, f, [][]string{
			{"question", "answer", "category"},
			{"Q1", "A1", "order"},
			{"Q2", "A2", "order"},
			{"Q2", "A2", "order"},
		})
		es, err := read(f, b)
		if p := wantProblem(t, es, err, 4, "row", "kb_duplicate_row"); p.Detail != "repeats row 3" {
			t.Errorf("detail %q", p.Detail)
		}
	}
}

func TestKB5_RejectsEntrySplitOverRows(t *testing.T) {
	for _, f := range []Format{XLSX, CSV} {
		b := flatFile(t, f, [][]string{
			{"question", "answer", "category"},
			{"Q1", "A1", "order"},
			{"Q2", "A2", "order"},
			{"Q1", "A3", ""},
		})
		es, err := read(f, b)
		p := wantProblem(t, es, err, 4, "question", "kb_duplicate_question")
		if !strings.Contains(p.Detail, "row 2") {
			t.Errorf("detail %q", p.Detail)
		}
	}
	es, err := read(JSON, fmt.Appendf(nil, kbJSON, `{"question":"Q1","category":"order","answers":[{"text":"A"}]},
		{"question":"Q2","category":"order","answers":[{"text":"A"}]},
		{"question":" Q1","category":"order","answers":[{"text":"B"}]}`))
	if p := wantProblem(t, es, err, 3, "question", "kb_duplicate_question"); !strings.Contains(p.Detail, "row 1") {
		t.Errorf("detail %q", p.Detail)
	}
}

func TestKB5_RejectsConflictingRowsOfAnEntry(t *testing.T) {
	b := csvOf([][]string{
		{"question", "answer", "category", "enabled"},
		{"Q1", "A1", "order", "否"},
		{"Q1", "A2", "订单", "no"},
		{"Q1", "A3", "logistics", "yes"},
	})
	es, err := read(CSV, b)
	wantProblem(t, es, err, 4, "category", "kb_row_conflict")
	wantProblem(t, es, err, 4, "enabled", "kb_row_conflict")
	if re := rowsError(t, es, err); len(re.Rows) != 1 {
		t.Errorf("row 3 repeats the same values and is fine:%s", describe(err))
	}
}

func TestKB5_RejectsTooManyAnswersAtTheirRows(t *testing.T) {
	b := csvOf([][]string{
		{"question", "answer", "when", "category"},
		{"Q1", "A1", "paid", "order"},
		{"Q1", "A2", "paid", ""},
		{"Q1", "A3", "paid,shipped", ""},
		{"Q1", "A4", "已付款", ""},
		{"Q1", "", "shipped", ""},
	})
	es, err := read(CSV, b)
	wantProblem(t, es, err, 2, "answer", "kb_too_many_answers")
	wantProblem(t, es, err, 6, "when", "kb_when_without_answer")
}

func TestKB5_ReportsCSVRowsAsASpreadsheetShowsThem(t *testing.T) {
	b := []byte("question,answer,category\n" + // row 1
		"Q1,\"three\nline\nanswer\",order\n" + // row 2
		"\n" + // row 3, blank
		"Q2,A2,nope\n") // row 4
	es, err := read(CSV, b)
	wantProblem(t, es, err, 4, "category", "kb_unknown_category")
}

func TestKB5_RejectsUnnamedColumnWithData(t *testing.T) {
	b := csvOf([][]string{
		{"question", "answer", "", "category"},
		{"Q1", "A1", "", "order"},
		{"Q2", "A2", "oops", "order"},
	})
	es, err := read(CSV, b)
	wantProblem(t, es, err, 3, "column C", "kb_unnamed_column")
}

func TestKB5_RejectsInvalidUTF8CSV(t *testing.T) {
	b := []byte("question,answer,category\nQ1,A1,order\nQ2,\"好\xff\xfe\",order\n")
	es, err := read(CSV, b)
	p := wantProblem(t, es, err, 3, "answer", "kb_not_utf8")
	if !strings.Contains(p.Detail, "CSV UTF-8") {
		t.Errorf("detail %q", p.Detail)
	}
	// Excel's plain "CSV" in Chinese Windows: GBK headers.
	gbk := []byte("\xb1\xea\xd7\xbc\xce\xca\xcc\xe2,\xb4\xf0\xb0\xb8\nQ,A\n") // 标准问题,答案
	es, err = read(CSV, gbk)
	fileError(t, es, err, "kb_file_encoding")
	es, err = read(CSV, []byte("\xff\xfeq\x00"))
	fileError(t, es, err, "kb_file_encoding")
}

func TestKB5_RejectsInvalidUTF8JSON(t *testing.T) {
	b := fmt.Appendf(nil, kbJSON, `{"question":"Q1","category":"order","answers":[{"text":"A"}]},
		{"question":"Q2","category":"order","similar":["ok","bad `+"\xff"+`"],"answers":[{"text":"A `+"\xc3"+`"}]}`)
	es, err := read(JSON, b)
	wantProblem(t, es, err, 2, "similar[1]", "kb_not_utf8")
	wantProblem(t, es, err, 2, "answers[0].text", "kb_not_utf8")
}

func TestKB5_RejectsBrokenXLSX(t *testing.T) {
	var notXLSX bytes.Buffer
	zw := zip.NewWriter(&notXLSX)
	w, _ := zw.Create("hello.txt")
	_, _ = w.Write([]byte("not a workbook"))
	_ = zw.Close()
	good := xlsxOf(t, [][]string{{"question", "answer"}, {"Q", "A"}})
	for name, b := range map[string][]byte{
		"text":      []byte("question,answer\nQ,A\n"),
		"zip":       notXLSX.Bytes(),
		"truncated": good[:len(good)/2],
		"empty":     {},
	} {
		es, err := read(XLSX, b)
		if name == "empty" {
			fileError(t, es, err, "kb_file_broken")
			continue
		}
		fe := fileError(t, es, err, "kb_file_broken")
		if fe.Detail == "" {
			t.Errorf("%s: no detail", name)
		}
	}
}

// zeros is a reader of n zero bytes that allocates nothing; it counts what
// is read and, when seekable, can be measured.
type zeros struct {
	n, off, read int64
}

func (z *zeros) Read(p []byte) (int, error) {
	if z.off >= z.n {
		return 0, io.EOF
	}
	k := min(int64(len(p)), z.n-z.off)
	clear(p[:k])
	z.off += k
	z.read += k
	return int(k), nil
}

type seekableZeros struct{ zeros }

func (z *seekableZeros) Seek(off int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
		z.off = off
	case io.SeekCurrent:
		z.off += off
	case io.SeekEnd:
		z.off = z.n + off
	}
	return z.off, nil
}

func TestKB5_RejectsFileTooBig(t *testing.T) {
	const size = 50 << 20
	for _, f := range Formats {
		start := time.Now()
		stream := &zeros{n: size}
		es, err := Read(stream, f)
		fileError(t, es, err, "kb_file_too_big")
		if stream.read > MaxFileBytes+1 {
			t.Errorf("%s: read %d bytes of a stream", f, stream.read)
		}
		seekable := &seekableZeros{zeros{n: size}}
		es, err = Read(seekable, f)
		fileError(t, es, err, "kb_file_too_big")
		if seekable.read != 0 {
			t.Errorf("%s: read %d bytes of a file it could measure", f, seekable.read)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%s: took %v to refuse", f, d)
		}
	}
	// A real file, sparse: 50 MB that take no room.
	path := filepath.Join(t.TempDir(), "big.csv")
	file, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := file.Truncate(size); err != nil {
		t.Fatal(err)
	}
	file.Close()
	es, err := ReadFile(path)
	fileError(t, es, err, "kb_file_too_big")
}

func TestKB5_RejectsWrongJSONTypes(t *testing.T) {
	cases := []struct {
		name, entries string
		line          int
		want          []string
	}{
		{"similar", `{"question":"Q1","category":"order","answers":[{"text":"A"}]},
{"question":"Q2","similar": 5,"answers":[{"text":"A"}]}`, 2, []string{"entry 2", `"similar"`, "a list"}},
		{"enabled", `{"question":"Q1","enabled":"yes","answers":[{"text":"A"}]}`, 1, []string{"entry 1", `"enabled"`}},
		{"when", `{"question":"Q1","answers":[{"text":"A","when":"paid"}]}`, 1, []string{"entry 1", `"answers.when"`}},
		{"entry", `"just text"`, 1, []string{"entry 1 must be an object"}},
	}
	for _, c := range cases {
		es, err := read(JSON, fmt.Appendf(nil, kbJSON, c.entries))
		fe := fileError(t, es, err, "kb_file_broken")
		if fe.Line != c.line || fe.Column == 0 {
			t.Errorf("%s: line %d column %d, want line %d", c.name, fe.Line, fe.Column, c.line)
		}
		for _, w := range c.want {
			if !strings.Contains(fe.Detail, w) {
				t.Errorf("%s: %q does not say %q", c.name, fe.Detail, w)
			}
		}
	}
	for name, b := range map[string]string{
		"version": `{"format":"replydesk-kb","version":"1","entries":[]}`,
		"entries": `{"format":"replydesk-kb","version":1,"entries":{}}`,
		"array":   `[{"question":"Q"}]`,
	} {
		es, err := read(JSON, []byte(b))
		fileError(t, es, err, "kb_file_broken")
		_ = name
	}
}

func TestKB5_RejectsBrokenJSON(t *testing.T) {
	b := []byte("{\"format\": \"replydesk-kb\", \"version\": 1, \"entries\": [\n  {\"question\": \"Q\" \"answers\": []}\n]}")
	es, err := read(JSON, b)
	fe := fileError(t, es, err, "kb_file_broken")
	if fe.Line != 2 || fe.Column != 20 {
		t.Errorf("at line %d, column %d; want 2, 20: %s", fe.Line, fe.Column, fe.Detail)
	}
	es, err = read(JSON, []byte(`{"format": "replydesk-kb", "entries": [`))
	fileError(t, es, err, "kb_file_broken")
	es, err = read(JSON, []byte(`{"format": "replydesk-kb", "entries": []} {}`))
	fileError(t, es, err, "kb_file_broken")
}

func TestKB5_RejectsOtherJSONFormatOrVersion(t *testing.T) {
	entry := `[{"question":"Q","category":"order","answers":[{"text":"A"}]}]`
	for b, key := range map[string]string{
		`{"format":"other","version":1,"entries":` + entry + `}`:        "kb_file_format",
		`{"version":1,"entries":` + entry + `}`:                         "kb_file_format",
		`{"format":"replydesk-kb","version":2,"entries":` + entry + `}`: "kb_file_version",
	} {
		es, err := read(JSON, []byte(b))
		fileError(t, es, err, key)
	}
}

func TestKB5_RejectsBadCSVQuoting(t *testing.T) {
	for b, line := range map[string]int{
		"question,answer\nQ1,A1\nQ2,\"unclosed\n": 3,
		"question,answer\nQ1,A1\nQ2,say \"hi\"\n": 3,
	} {
		es, err := read(CSV, []byte(b))
		fe := fileError(t, es, err, "kb_file_broken")
		if fe.Line < line || !strings.Contains(fe.Detail, "line") {
			t.Errorf("%q: line %d: %s", b, fe.Line, fe.Detail)
		}
	}
}

func TestKB5_RejectsBadColumns(t *testing.T) {
	for _, f := range []Format{XLSX, CSV} {
		for header, want := range map[string]string{
			"question,answer,remark,备注": `"remark", "备注"`,
			"question,category":         "answer",
			"答案,category":               "question",
			"question,answer,答案":        "twice",
		} {
			es, err := read(f, flatFile(t, f, [][]string{strings.Split(header, ","), {"Q", "A", "B", "C"}}))
			fe := fileError(t, es, err, "kb_file_columns")
			if !strings.Contains(fe.Detail, want) {
				t.Errorf("%s %q: %q does not say %q", f, header, fe.Detail, want)
			}
		}
	}
}

func TestKB5_RejectsEmptyFiles(t *testing.T) {
	for _, c := range []struct {
		f Format
		b []byte
	}{
		{CSV, nil},
		{CSV, []byte("\xEF\xBB\xBF\n")},
		{CSV, []byte("question,answer\n\n,\n")},
		{XLSX, xlsxOf(t, [][]string{{"question", "answer"}})},
		{XLSX, xlsxOf(t, nil)},
		{JSON, []byte(" ")},
		{JSON, []byte(`{"format":"replydesk-kb","version":1,"entries":[]}`)},
		{JSON, []byte(`{"format":"replydesk-kb","version":1}`)},
	} {
		es, err := read(c.f, c.b)
		fileError(t, es, err, "kb_file_empty")
	}
}

func TestKB5_RejectsTooManyEntries(t *testing.T) {
	var csvB, jsonB bytes.Buffer
	csvB.WriteString("question,answer,category\n")
	jsonB.WriteString(`{"format":"replydesk-kb","version":1,"entries":[`)
	for i := range MaxEntries + 1 {
		fmt.Fprintf(&csvB, "Q%d,A,order\n", i)
		if i > 0 {
			jsonB.WriteByte(',')
		}
		fmt.Fprintf(&jsonB, `{"question":"Q%d"}`, i)
	}
	jsonB.WriteString("]}")
	es, err := read(CSV, csvB.Bytes())
	fileError(t, es, err, "kb_file_too_many")
	es, err = read(JSON, jsonB.Bytes())
	fileError(t, es, err, "kb_file_too_many")
}

func TestKB5_ReportsEveryBadRowAndNothingElse(t *testing.T) {
	rows := [][]string{{"question", "answer", "category"}}
	for i := range 100 {
		cat := "order"
		if i%10 == 3 {
			cat = "bad"
		}
		rows = append(rows, []string{fmt.Sprintf("Q%d", i), "A", cat})
	}
	es, err := read(CSV, csvOf(rows))
	re := rowsError(t, es, err)
	if len(re.Rows) != 10 {
		t.Fatalf("%d bad rows, want 10:%s", len(re.Rows), describe(err))
	}
	for i, r := range re.Rows {
		if r.Row != 10*i+5 || r.Question != fmt.Sprintf("Q%d", 10*i+3) || len(r.Problems) != 1 {
			t.Errorf("row error %d: %+v", i, r)
		}
	}
}
