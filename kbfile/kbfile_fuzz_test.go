package kbfile

import (
	"bytes"
	"encoding/csv"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"replydesk/engine"
)

// The KB importers' fuzz targets check what KB-5 promises for any file:
// Read either refuses it — a *FileError with a known key, or an
// *engine.RowsError naming bad rows — and returns nothing, or returns
// valid, normalised entries that Write puts in every format and Read gives
// back unchanged. testdata/fuzz holds the files that found bugs.

// fileKeys are the keys of a *FileError.
var fileKeys = map[string]bool{"kb_file_format": true, "kb_file_version": true, "kb_file_too_big": true,
	"kb_file_too_many": true, "kb_file_broken": true, "kb_file_encoding": true, "kb_file_columns": true, "kb_file_empty": true}

// checkRead checks the outcome of reading b in format f.
func checkRead(t *testing.T, f Format, b []byte) {
	t.Helper()
	start := time.Now()
	entries, err := Read(bytes.NewReader(b), f)
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("reading %d bytes took %s", len(b), d)
	}
	if err != nil {
		refusedWhole(t, entries, err)
		return
	}
	if len(entries) == 0 {
		t.Fatal("no entries and no error")
	}
	checked, cerr := engine.CheckEntries(0, entries)
	if cerr != nil {
		t.Fatalf("read entries the engine refuses:%s", describe(cerr))
	}
	for i := range checked {
		checked[i].UpdatedAt, checked[i].UpdatedBy = time.Time{}, ""
	}
	if !reflect.DeepEqual(checked, entries) {
		t.Fatalf("read entries that are not normalised:\n got  %+v\n want %+v", entries, checked)
	}
	for _, e := range entries {
		for _, s := range append(append([]string{e.Question}, e.Similar...), answerTexts(e)...) {
			if engine.HasControl(s, true) || strings.Contains(s, "\r") {
				t.Fatalf("read the text %q", s)
			}
		}
	}
	// A flat file holds one similar question a line (see Write).
	multiLine := false
	for _, e := range entries {
		for _, s := range e.Similar {
			multiLine = multiLine || strings.Contains(s, "\n")
		}
	}
	for _, to := range Formats {
		if to != JSON && multiLine {
			continue
		}
		var buf bytes.Buffer
		if err := Write(&buf, to, entries); err != nil {
			t.Fatalf("write %s: %v", to, err)
		}
		back, err := Read(bytes.NewReader(buf.Bytes()), to)
		if err != nil {
			t.Fatalf("read back %s: %s\n%q", to, describe(err), buf.Bytes())
		}
		if !reflect.DeepEqual(back, entries) {
			for i := range entries {
				if i < len(back) && !reflect.DeepEqual(back[i], entries[i]) {
					t.Fatalf("%s: entry %d read back as\n %+v\nnot\n %+v", to, i, back[i], entries[i])
				}
			}
			t.Fatalf("%s: %d entries read back as %d", to, len(entries), len(back))
		}
	}
}

// refusedWhole checks a refusal: a known kind, every problem named, and no
// entries.
func refusedWhole(t *testing.T, entries []engine.Entry, err error) {
	t.Helper()
	if entries != nil {
		t.Fatalf("%d entries returned with %v", len(entries), err)
	}
	var fe *FileError
	var re *engine.RowsError
	switch {
	case errors.As(err, &fe):
		if !fileKeys[fe.Key] || fe.Detail == "" {
			t.Fatalf("file error %+v", fe)
		}
	case errors.As(err, &re):
		if len(re.Rows) == 0 {
			t.Fatal("a rows error without rows")
		}
		for _, r := range re.Rows {
			if r.Row < 1 || len(r.Problems) == 0 {
				t.Fatalf("row %+v", r)
			}
			for _, p := range r.Problems {
				if p.Key == "" || p.Field == "" || p.Detail == "" {
					t.Fatalf("row %d: problem %+v", r.Row, p)
				}
			}
		}
	default:
		t.Fatalf("refused with %T %v", err, err)
	}
}

func answerTexts(e engine.Entry) []string {
	out := make([]string, len(e.Answers))
	for i, a := range e.Answers {
		out[i] = a.Text
	}
	return out
}

// flatSeeds are CSV files for the flat formats' targets.
var flatSeeds = []string{
	"category,intent,question,similar,answer,when,operations,enabled,never_auto\n" +
		"order,ship_time,什么时候发货,\"几天发货\n怎么还不发\",\"亲，{order.id} 已付款\n尽快发\",paid,order_card,true,false\n" +
		",,什么时候发货,,已发出,shipped,,,\n" +
		"other,,\"他说\"\"快点\"\", 行吗\",\"a, b\",=SUM(A1),,,1,0\n",
	"分类,标准问题,答案,适用订单状态,推荐操作,启用\n订单类,怎么退货,七天无理由,已签收、售后中,创建售后单,是\n",
	"\xef\xbb\xbfquestion;answer\nq;a\r\n",
	"question\tanswer\tsimilar\nq\ta\ts1\n",
	"question,answer,extra\nq,a,x\n",
	"question,answer\nq,a\nq,a\n",
	"question,answer\n\"unclosed,a\n",
	"question,answer\nq,\xff\n",
	"question,answer,when\nq,,paid\n",
}

func FuzzKBReadCSV(f *testing.F) {
	for _, s := range flatSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) { checkRead(t, CSV, b) })
}

func FuzzKBReadJSON(f *testing.F) {
	for _, s := range []string{
		`{"format":"replydesk-kb","version":1,"entries":[{"question":"什么时候发货","similar":["几天发货","a\nb"],
		 "answers":[{"text":"亲 {order.id}","when":["paid"]},{"text":"请发订单号"}],"category":"order","intent":"ship_time",
		 "enabled":true,"operations":["order_card","urge_warehouse"],"neverAuto":false}]}`,
		`{"format":"replydesk-kb","version":1,"entries":[{"question":"q","category":"其他","answers":[{"text":"a\r\nb","when":["已付款"]}],"enabled":false}]}`,
		`{"format":"replydesk-kb","version":2,"entries":[]}`,
		`{"format":"other","entries":[{}]}`,
		`{"format":"replydesk-kb","version":1,"entries":[{"question":5}]}`,
		`{"format":"replydesk-kb","version":1,"entries":null}`,
		`{"format":"replydesk-kb","version":1,"entries":[{"question":"q","category":"other","answers":[{"text":"a"}]}]} {}`,
		"{\"format\":\"replydesk-kb\",\"version\":1,\"entries\":[{\"question\":\"\xff\",\"answers\":[{\"text\":\"a\"}]}]}",
		`[]`, ``, `{"format":"replydesk-kb","version":-1,"entries":[{"question":"q","category":"other","answers":[{"text":"a"}]}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) { checkRead(t, JSON, b) })
}

// FuzzKBReadXLSX reads the rows of a CSV file written as a workbook:
// cells that read as numbers are written as numbers, and when the file
// starts with "#" the question cells of consecutive rows that repeat a
// question are merged, as people do in spreadsheets.
func FuzzKBReadXLSX(f *testing.F) {
	for _, s := range flatSeeds {
		f.Add([]byte(s))
		f.Add([]byte("#" + s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		merge := bytes.HasPrefix(b, []byte("#"))
		r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("#"))))
		r.FieldsPerRecord, r.LazyQuotes = -1, true
		rows, err := r.ReadAll()
		if err != nil || len(rows) > 200 {
			return
		}
		x := excelize.NewFile()
		defer x.Close()
		question := -1
		for i, row := range rows {
			vals := make([]any, len(row))
			for j, v := range row {
				vals[j] = v
				if n, err := strconv.ParseFloat(v, 64); err == nil && strings.TrimSpace(v) == v && len(v) < 16 {
					vals[j] = n
				}
				if i == 0 && normName(v) == "question" {
					question = j
				}
			}
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := x.SetSheetRow("Sheet1", cell, &vals); err != nil {
				return // a cell excelize will not write
			}
		}
		if merge && question >= 0 {
			for i := 1; i < len(rows); {
				j := i + 1
				for j < len(rows) && question < len(rows[i]) && question < len(rows[j]) && rows[j][question] == rows[i][question] {
					j++
				}
				if j-i > 1 {
					from, _ := excelize.CoordinatesToCellName(question+1, i+1)
					to, _ := excelize.CoordinatesToCellName(question+1, j)
					if err := x.MergeCell("Sheet1", from, to); err != nil {
						t.Fatal(err)
					}
				}
				i = j
			}
		}
		var buf bytes.Buffer
		if _, err := x.WriteTo(&buf); err != nil {
			return
		}
		checkRead(t, XLSX, buf.Bytes())
	})
}
