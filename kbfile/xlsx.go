package kbfile

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"replydesk/engine"
)

// maxUnzipBytes bounds what an xlsx file may unpack to (a zip bomb is refused).
const maxUnzipBytes = 512 << 20

// helpSheets are the names of the template's explanation sheet, skipped
// when reading.
var helpSheets = []string{"说明", "Help"}

// readXLSX reads the entries' sheet of a workbook: the first sheet that is
// not an explanation sheet.
func readXLSX(b []byte) ([]engine.Entry, error) {
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{UnzipSizeLimit: maxUnzipBytes})
	if err != nil {
		return nil, xlsxError(err)
	}
	defer f.Close()
	sheet := ""
	for _, name := range f.GetSheetList() {
		if !slices.Contains(helpSheets, name) {
			sheet = name
			break
		}
	}
	if sheet == "" {
		return nil, fileErr("kb_file_broken", "the workbook has no sheet of entries")
	}
	var merged merges
	if hasMerges(b) {
		// Rare, and slow to look up: the whole sheet is parsed. A second
		// copy of the workbook does it, for a worksheet that excelize has
		// parsed is written back to XML before its rows can be streamed.
		if merged, err = mergedValues(b, sheet); err != nil {
			return nil, xlsxError(err)
		}
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, xlsxError(err)
	}
	defer rows.Close()
	var bld *builder
	for row := 1; rows.Next(); row++ {
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, xlsxError(err)
		}
		cells = merged.fill(row, cells)
		if bld == nil {
			l, err := parseHeader(cells)
			if err != nil {
				return nil, err
			}
			bld = newBuilder(l, "")
			continue
		}
		if err := bld.add(row, cells); err != nil {
			return nil, err
		}
	}
	if err := rows.Error(); err != nil {
		return nil, xlsxError(err)
	}
	if bld == nil {
		return nil, fileErr("kb_file_empty", "the sheet %q is empty", sheet)
	}
	return bld.finish()
}

// merges holds the value of every cell inside a merged range (a question
// merged over the rows of its answers): by row, then by column, from 1.
type merges map[int]map[int]string

// hasMerges says whether any worksheet of an xlsx file has merged cells.
func hasMerges(b []byte) bool {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return false
	}
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/") || !strings.HasSuffix(zf.Name, ".xml") {
			continue
		}
		r, err := zf.Open()
		if err != nil {
			continue
		}
		found := contains(io.LimitReader(r, maxUnzipBytes), []byte("mergeCell "))
		r.Close()
		if found {
			return true
		}
	}
	return false
}

// contains says whether r holds sub, reading it in chunks.
func contains(r io.Reader, sub []byte) bool {
	buf := make([]byte, 64<<10)
	keep := 0 // bytes kept from the previous chunk, in case sub spans two
	for {
		n, err := r.Read(buf[keep:])
		total := keep + n
		if bytes.Contains(buf[:total], sub) {
			return true
		}
		if err != nil {
			return false
		}
		keep = min(len(sub)-1, total)
		copy(buf, buf[total-keep:total])
	}
}

func mergedValues(b []byte, sheet string) (merges, error) {
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{UnzipSizeLimit: maxUnzipBytes})
	if err != nil {
		return nil, err
	}
	defer f.Close()
	mcs, err := f.GetMergeCells(sheet)
	if err != nil || len(mcs) == 0 {
		return nil, err
	}
	m := merges{}
	for _, mc := range mcs {
		c1, r1, err := excelize.CellNameToCoordinates(mc.GetStartAxis())
		if err != nil {
			return nil, err
		}
		c2, r2, err := excelize.CellNameToCoordinates(mc.GetEndAxis())
		if err != nil {
			return nil, err
		}
		if (r2-r1+1)*(c2-c1+1) > 100_000 {
			continue // a whole column merged: nothing to copy
		}
		for r := r1; r <= r2; r++ {
			for c := c1; c <= c2; c++ {
				if r == r1 && c == c1 {
					continue
				}
				if m[r] == nil {
					m[r] = map[int]string{}
				}
				m[r][c] = mc.GetCellValue()
			}
		}
	}
	return m, nil
}

// fill gives the cells of a row inside merged ranges their range's value.
func (m merges) fill(row int, cells []string) []string {
	for col, v := range m[row] {
		for len(cells) < col {
			cells = append(cells, "")
		}
		cells[col-1] = v
	}
	return cells
}

// xlsxError turns an error of excelize into a *FileError.
func xlsxError(err error) error {
	switch {
	case errors.Is(err, zip.ErrFormat), errors.Is(err, excelize.ErrWorkbookFileFormat):
		return fileErr("kb_file_broken", "the file is not an xlsx workbook (an old .xls file must be saved as .xlsx first)")
	case errors.Is(err, excelize.ErrWorkbookPassword), errors.Is(err, excelize.ErrOptionsUnzipSizeLimit):
		return fileErr("kb_file_broken", "the workbook cannot be read: %v", err)
	}
	return fileErr("kb_file_broken", "the workbook is broken: %v", err)
}

// columnWidths are the widths of the columns, in characters.
var columnWidths = [numColumns]float64{
	colCategory: 12, colIntent: 16, colQuestion: 30, colSimilar: 36, colAnswer: 60,
	colWhen: 18, colOperations: 20, colEnabled: 9, colNeverAuto: 14,
}

// writeXLSX writes entries as a workbook with one sheet of entries (and, for
// a template, a sheet explaining the columns).
func writeXLSX(w io.Writer, entries []engine.Entry, st style) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", st.sheet); err != nil {
		return fmt.Errorf("kbfile: xlsx: %w", err)
	}
	head, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"#E8EEF7"}},
		Alignment: &excelize.Alignment{Vertical: "center"},
	})
	if err != nil {
		return fmt.Errorf("kbfile: xlsx: %w", err)
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return fmt.Errorf("kbfile: xlsx: %w", err)
	}
	top, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top"}})
	if err != nil {
		return fmt.Errorf("kbfile: xlsx: %w", err)
	}
	sw, err := f.NewStreamWriter(st.sheet)
	if err != nil {
		return fmt.Errorf("kbfile: xlsx: %w", err)
	}
	for c, width := range columnWidths {
		if err := sw.SetColWidth(c+1, c+1, width); err != nil {
			return fmt.Errorf("kbfile: xlsx: %w", err)
		}
	}
	err = sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	if err != nil {
		return fmt.Errorf("kbfile: xlsx: %w", err)
	}
	vals := make([]any, numColumns)
	for c, h := range st.headers {
		vals[c] = excelize.Cell{StyleID: head, Value: h}
	}
	if err := sw.SetRow("A1", vals); err != nil {
		return fmt.Errorf("kbfile: xlsx: %w", err)
	}
	row := 1
	err = eachRow(entries, st, func(cells []string) error {
		row++
		for c, v := range cells {
			s := top
			if column(c) == colSimilar || column(c) == colAnswer {
				s = wrap
			}
			vals[c] = excelize.Cell{StyleID: s, Value: v}
		}
		name, err := excelize.CoordinatesToCellName(1, row)
		if err != nil {
			return err
		}
		return sw.SetRow(name, vals)
	})
	if err != nil {
		return fmt.Errorf("kbfile: xlsx: %w", err)
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("kbfile: xlsx: %w", err)
	}
	if st.help {
		if err := writeHelp(f, st.lang, head, wrap); err != nil {
			return fmt.Errorf("kbfile: xlsx: %w", err)
		}
	}
	// The entries' sheet is the active one already; SetActiveSheet would
	// parse the whole streamed sheet back.
	if _, err := f.WriteTo(w); err != nil {
		return errWrite(err)
	}
	return nil
}

// writeHelp adds the sheet explaining the columns and the values they take.
func writeHelp(f *excelize.File, lang string, head, wrap int) error {
	name := helpSheets[1]
	if lang == "zh-CN" {
		name = helpSheets[0]
	}
	if _, err := f.NewSheet(name); err != nil {
		return err
	}
	for i, width := range []float64{22, 12, 70, 50} {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(name, col, col, width); err != nil {
			return err
		}
	}
	for i, line := range helpRows(lang) {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		vals := make([]any, len(line))
		for j, v := range line {
			vals[j] = v
		}
		if err := f.SetSheetRow(name, cell, &vals); err != nil {
			return err
		}
		style := wrap
		if i == 0 {
			style = head
		}
		end, _ := excelize.CoordinatesToCellName(4, i+1)
		if err := f.SetCellStyle(name, cell, end, style); err != nil {
			return err
		}
	}
	return nil
}
