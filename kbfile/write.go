package kbfile

import (
	"fmt"
	"strings"
	"unicode/utf16"

	"replydesk/engine"
)

// style is how a flat file is written: the export with keys, or a template
// in a language.
type style struct {
	lang    string // "zh-CN" or "en"; "" for an export
	headers []string
	// zhValues writes categories, statuses, operations and yes/no by their
	// Chinese names rather than their keys.
	zhValues bool
	yes, no  string
	sheet    string // the name of the entries' sheet
	help     bool   // add the sheet explaining the columns (xlsx)
}

var exportStyle = style{headers: columnKeys(), yes: "true", no: "false", sheet: "KB"}

// langOf returns the language of a locale that the templates are written in.
func langOf(locale string) string {
	if strings.HasPrefix(strings.ToLower(locale), "zh") {
		return "zh-CN"
	}
	return "en"
}

func templateStyle(lang string) style {
	if lang == "zh-CN" {
		h := make([]string, numColumns)
		for c := range numColumns {
			h[c] = columnNames[c][1]
		}
		return style{lang: lang, headers: h, zhValues: true, yes: "是", no: "否", sheet: "知识库", help: true}
	}
	return style{lang: lang, headers: columnKeys(), yes: "true", no: "false", sheet: "KB", help: true}
}

// maxCellUnits is the most UTF-16 units a spreadsheet cell holds (Excel's
// limit; excelize cuts longer texts).
const maxCellUnits = 32767

// eachRow calls fn with the cells of every row of entries (not the header):
// one row per answer, the entry's fields on its first row. Similar questions
// that do not fit one cell go on to the next rows of the entry. cells is
// reused between calls.
func eachRow(entries []engine.Entry, st style, fn func(cells []string) error) error {
	cells := make([]string, numColumns)
	for i, e := range entries {
		chunks := similarChunks(e.Similar)
		rows := max(1, len(e.Answers), len(chunks))
		for k := range rows {
			clear(cells)
			cells[colQuestion] = e.Question
			if k == 0 {
				cells[colCategory] = st.category(e.Category)
				cells[colIntent] = e.Intent
				cells[colOperations] = st.operations(e.Operations)
				cells[colEnabled] = st.bool(e.Enabled)
				cells[colNeverAuto] = st.bool(e.NeverAuto)
			}
			if k < len(chunks) {
				cells[colSimilar] = chunks[k]
			}
			if k < len(e.Answers) {
				cells[colAnswer] = e.Answers[k].Text
				cells[colWhen] = st.statuses(e.Answers[k].When)
			}
			for c, v := range cells {
				if utf16Len(v) > maxCellUnits {
					return fmt.Errorf("kbfile: entry %d (%q): the %s is too long for a spreadsheet cell", i+1, e.Question, column(c).key())
				}
			}
			if err := fn(cells); err != nil {
				return err
			}
		}
	}
	return nil
}

// similarChunks joins similar questions one per line into as few cells as
// fit the cell limit.
func similarChunks(similar []string) []string {
	var chunks []string
	var b strings.Builder
	units := 0
	for _, s := range similar {
		n := utf16Len(s)
		if b.Len() > 0 && units+1+n > maxCellUnits {
			chunks = append(chunks, b.String())
			b.Reset()
			units = 0
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
			units++
		}
		b.WriteString(s)
		units += n
	}
	if b.Len() > 0 {
		chunks = append(chunks, b.String())
	}
	return chunks
}

// utf16Len is the length of s in UTF-16 units, as spreadsheets count.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

func (st style) category(c engine.Category) string {
	if st.zhValues {
		return zhName(categoryLabels, string(c))
	}
	return string(c)
}

func (st style) statuses(ss []engine.OrderStatus) string {
	names := make([]string, len(ss))
	for i, s := range ss {
		names[i] = string(s)
		if st.zhValues {
			names[i] = zhName(statusLabels, string(s))
		}
	}
	return st.join(names)
}

func (st style) operations(ops []engine.Operation) string {
	names := make([]string, len(ops))
	for i, op := range ops {
		names[i] = string(op)
		if st.zhValues {
			names[i] = zhName(operationLabels, string(op))
		}
	}
	return st.join(names)
}

func (st style) join(names []string) string {
	if st.zhValues {
		return strings.Join(names, "、")
	}
	return strings.Join(names, ", ")
}

func (st style) bool(v bool) string {
	if v {
		return st.yes
	}
	return st.no
}
