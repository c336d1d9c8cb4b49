package kbfile

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"replydesk/engine"
)

// origin says which rows of a file an entry came from, so that the engine's
// problems (which name fields such as "answers[2].text") can be reported at
// the row that holds the text.
type origin struct {
	row int // the entry's first row
	// flat is set for xlsx and CSV, whose columns differ from the engine's
	// fields; JSON keeps the engine's field names.
	flat        bool
	similarRows []int // the row of each similar question, as normalised
	answerRows  []int // the row of each answer, as normalised
}

// place returns the row and the column of a field of the entry.
func (o *origin) place(field string) (row int, col string) {
	if !o.flat {
		return o.row, field
	}
	name, rest, _ := strings.Cut(field, "[")
	idx, sub := -1, ""
	if rest != "" {
		n, after, _ := strings.Cut(rest, "]")
		if i, err := strconv.Atoi(n); err == nil {
			idx = i
		}
		sub = strings.TrimPrefix(after, ".")
	}
	switch name {
	case "similar":
		if idx >= 0 && idx < len(o.similarRows) {
			return o.similarRows[idx], colSimilar.key()
		}
		return o.row, colSimilar.key()
	case "answers":
		col := colAnswer.key()
		if sub == "when" {
			col = colWhen.key()
		}
		if idx >= 0 && idx < len(o.answerRows) {
			return o.answerRows[idx], col
		}
		return o.row, col
	}
	return o.row, name
}

// problems collects the row errors of a file, each (field, key) once per row.
type problems struct {
	rows  map[int]*engine.RowError
	order []int
}

func (p *problems) add(row int, question string, fe engine.FieldError) {
	if p.rows == nil {
		p.rows = map[int]*engine.RowError{}
	}
	re := p.rows[row]
	if re == nil {
		re = &engine.RowError{Row: row, Question: strings.ToValidUTF8(question, "\uFFFD")}
		p.rows[row] = re
		p.order = append(p.order, row)
	}
	for _, old := range re.Problems {
		if old.Field == fe.Field && old.Key == fe.Key {
			return
		}
	}
	re.Problems = append(re.Problems, fe)
}

// err returns nil, or an *engine.RowsError with the rows in file order.
func (p *problems) err() error {
	if len(p.order) == 0 {
		return nil
	}
	rows := make([]engine.RowError, 0, len(p.order))
	for _, r := range p.order {
		rows = append(rows, *p.rows[r])
	}
	slices.SortStableFunc(rows, func(a, b engine.RowError) int { return cmp.Compare(a.Row, b.Row) })
	return &engine.RowsError{Rows: rows}
}

// check validates entries read from a file with engine.CheckEntries and
// reports its problems through p, placed by origins. It returns the
// normalised entries when neither it nor the reading found a problem.
func check(entries []engine.Entry, origins []origin, p *problems) ([]engine.Entry, error) {
	if len(entries) == 0 && len(p.order) == 0 {
		return nil, fileErr("kb_file_empty", "the file has no entries")
	}
	checked, err := engine.CheckEntries(0, entries)
	var re *engine.RowsError
	if errors.As(err, &re) {
		var first map[string]int // a question → the row of its first entry
		for _, bad := range re.Rows {
			o := &origins[bad.Row-1]
			for _, fe := range bad.Problems {
				row, col := o.place(fe.Field)
				fe.Field = col
				if fe.Key == "kb_duplicate_question" {
					// The engine counts entries; say the file's row.
					if first == nil {
						first = firstRows(entries, origins)
					}
					fe.Detail = fmt.Sprintf("repeats the standard question of row %d", first[bad.Question])
				}
				p.add(row, bad.Question, fe)
			}
		}
	} else if err != nil {
		return nil, fmt.Errorf("kbfile: check entries: %w", err)
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	for i := range checked {
		checked[i].UpdatedAt, checked[i].UpdatedBy = time.Time{}, ""
	}
	return checked, nil
}

// firstRows maps each standard question, trimmed, to the row of the first
// entry that has it.
func firstRows(entries []engine.Entry, origins []origin) map[string]int {
	m := make(map[string]int, len(entries))
	for i, e := range entries {
		q := strings.TrimSpace(e.Question)
		if _, seen := m[q]; !seen {
			m[q] = origins[i].row
		}
	}
	return m
}

// builder turns the rows of a flat file into entries.
type builder struct {
	l        *layout
	entries  []engine.Entry
	origins  []origin
	p        problems
	byRow    map[string]int // a row's cells → its row number
	firstRow map[string]int // a standard question → its entry's first row
	// The entry being read: its index, question and similar questions.
	cur        int
	curSimilar map[string]bool
	hint       string // added to "not valid UTF-8" details
}

func newBuilder(l *layout, hint string) *builder {
	return &builder{l: l, byRow: map[string]int{}, firstRow: map[string]int{}, cur: -1, hint: hint}
}

// add reads one row (row counts from 1, the header). It returns a
// *FileError when the file holds too many entries.
func (b *builder) add(row int, cells []string) error {
	last := len(cells) - 1
	for last >= 0 && strings.TrimSpace(cells[last]) == "" {
		last--
	}
	if last < 0 {
		return nil // a blank row
	}
	cells = cells[:last+1]
	key := strings.Join(cells, "\x00")
	if first, dup := b.byRow[key]; dup {
		q := strings.TrimSpace(b.l.cell(cells, colQuestion))
		b.p.add(row, q, engine.FieldError{Field: "row", Key: "kb_duplicate_row", Detail: fmt.Sprintf("repeats row %d", first)})
		return nil
	}
	b.byRow[key] = row

	q := strings.TrimSpace(text(b.l.cell(cells, colQuestion)))
	fail := func(col column, key, format string, args ...any) {
		b.p.add(row, q, engine.FieldError{Field: col.key(), Key: key, Detail: fmt.Sprintf(format, args...)})
	}
	for i, v := range cells {
		if i >= len(b.l.named) || !b.l.named[i] {
			if strings.TrimSpace(v) != "" {
				name, _ := excelize.ColumnNumberToName(i + 1)
				b.p.add(row, q, engine.FieldError{Field: "column " + name, Key: "kb_unnamed_column",
					Detail: "has a value but the column has no name in the first row"})
			}
		}
	}
	for c := range numColumns {
		if v := b.l.cell(cells, c); !utf8.ValidString(v) {
			fail(c, "kb_not_utf8", "is not valid UTF-8 text%s", b.hint)
		}
	}

	cont := b.cur >= 0 && q != "" && q == b.entries[b.cur].Question
	if !cont {
		if first, seen := b.firstRow[q]; seen && q != "" {
			fail(colQuestion, "kb_duplicate_question",
				"repeats the standard question of row %d; the rows of one entry must be next to each other", first)
		} else if q != "" {
			b.firstRow[q] = row
		}
		if len(b.entries) == MaxEntries {
			return fileErr("kb_file_too_many", "the file has more than %d entries", MaxEntries)
		}
		b.start(row, q, cells, fail)
	} else {
		b.conflicts(cells, fail)
	}
	e, o := &b.entries[b.cur], &b.origins[b.cur]
	for _, s := range strings.Split(text(b.l.cell(cells, colSimilar)), "\n") {
		s = strings.TrimSpace(s)
		if s == "" || s == q || b.curSimilar[s] {
			continue
		}
		b.curSimilar[s] = true
		e.Similar = append(e.Similar, s)
		o.similarRows = append(o.similarRows, row)
	}
	answer := strings.TrimSpace(text(b.l.cell(cells, colAnswer)))
	when := b.l.cell(cells, colWhen)
	switch {
	case answer != "":
		e.Answers = append(e.Answers, engine.Answer{Text: answer, When: parseStatuses(when)})
		o.answerRows = append(o.answerRows, row)
	case strings.TrimSpace(when) != "":
		fail(colWhen, "kb_when_without_answer", "names order statuses but the row has no answer")
	}
	return nil
}

// start begins a new entry at a row with the row's entry fields.
func (b *builder) start(row int, q string, cells []string, fail func(column, string, string, ...any)) {
	e := engine.Entry{
		Question:   q,
		Category:   engine.Category(categoryByName.value(b.l.cell(cells, colCategory))),
		Intent:     parseIntent(b.l.cell(cells, colIntent)),
		Operations: parseOperations(b.l.cell(cells, colOperations)),
	}
	e.Enabled = b.flag(cells, colEnabled, true, fail)
	e.NeverAuto = b.flag(cells, colNeverAuto, false, fail)
	b.entries = append(b.entries, e)
	b.origins = append(b.origins, origin{row: row, flat: true})
	b.cur = len(b.entries) - 1
	b.curSimilar = map[string]bool{}
}

// flag reads a yes/no column, reporting a text that is neither.
func (b *builder) flag(cells []string, c column, def bool, fail func(column, string, string, ...any)) bool {
	s := b.l.cell(cells, c)
	v, ok := parseBool(s, def)
	if !ok {
		fail(c, "kb_unknown_boolean", "%q is not yes or no (use true/false, 1/0, yes/no or 是/否)", strings.TrimSpace(s))
	}
	return v
}

// conflicts reports the entry fields of a further row of an entry that
// differ from its first row's.
func (b *builder) conflicts(cells []string, fail func(column, string, string, ...any)) {
	e, first := &b.entries[b.cur], b.origins[b.cur].row
	differ := func(c column) {
		fail(c, "kb_row_conflict", "differs from row %d, the entry's first row; leave it empty or repeat the same value", first)
	}
	if s := b.l.cell(cells, colCategory); strings.TrimSpace(s) != "" && engine.Category(categoryByName.value(s)) != e.Category {
		differ(colCategory)
	}
	if s := b.l.cell(cells, colIntent); strings.TrimSpace(s) != "" && parseIntent(s) != e.Intent {
		differ(colIntent)
	}
	if s := b.l.cell(cells, colOperations); strings.TrimSpace(s) != "" && !sameSet(parseOperations(s), e.Operations) {
		differ(colOperations)
	}
	for _, c := range []column{colEnabled, colNeverAuto} {
		s := b.l.cell(cells, c)
		if strings.TrimSpace(s) == "" {
			continue
		}
		v, ok := parseBool(s, false)
		want := e.Enabled
		if c == colNeverAuto {
			want = e.NeverAuto
		}
		if !ok {
			fail(c, "kb_unknown_boolean", "%q is not yes or no (use true/false, 1/0, yes/no or 是/否)", strings.TrimSpace(s))
		} else if v != want {
			differ(c)
		}
	}
}

// finish validates the entries read.
func (b *builder) finish() ([]engine.Entry, error) {
	return check(b.entries, b.origins, &b.p)
}

// sameSet says whether two lists hold the same values.
func sameSet[T comparable](a, b []T) bool {
	for _, x := range a {
		found := false
		for _, y := range b {
			found = found || x == y
		}
		if !found {
			return false
		}
	}
	for _, y := range b {
		found := false
		for _, x := range a {
			found = found || x == y
		}
		if !found {
			return false
		}
	}
	return true
}

// text normalises the line ends of a text to "\n".
func text(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}
