package kbfile

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"replydesk/engine"
)

// varied is a KB that exercises what a file must carry: conditional
// answers, multi-line texts, commas, quotes, emoji, variables, texts that
// look like formulas or XML escapes, and more similar questions than fit
// one spreadsheet cell.
func varied() []engine.Entry {
	many := make([]string, engine.MaxSimilar)
	for i := range many {
		many[i] = fmt.Sprintf("第%03d个问法", i) + strings.Repeat("快", 140)
	}
	return []engine.Entry{
		{
			ID: 7, ShopID: 3, Version: 4, UpdatedAt: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC), UpdatedBy: "alice",
			Question: "什么时候发货",
			Similar:  []string{"几天发货", "怎么还不发，急用！", "when ship?"},
			Answers: []engine.Answer{
				{Text: "亲，订单 {order.id} 已付款，\n会在 {order.promise_ship_at} 前发出。\n\n谢谢～", When: []engine.OrderStatus{engine.OrderPaid}},
				{Text: "抱歉，已为您催仓库！", When: []engine.OrderStatus{engine.OrderOverdue, engine.OrderUnpaid}},
				{Text: "已发出：{order.courier} {order.tracking_no}", When: []engine.OrderStatus{engine.OrderShipped}},
				{Text: "请发一下订单号"},
				{Text: "或者发一下订单卡片"},
			},
			Category: engine.CategoryOrder, Intent: "ship_time", Enabled: true,
			Operations: []engine.Operation{engine.OpOrderCard, engine.OpUrgeWarehouse},
		},
		{
			Question: `他说"快点", 行吗; ok?`,
			Similar:  []string{`a, b, c`, `"quoted"`, "emoji 😀🎉👍🏽", "tab\there"},
			Answers: []engine.Answer{
				{Text: `=SUM(A1:A3) "quoted", and 'single'` + "\n-1\n+86 138\n@all"},
				{Text: "<b>&amp;</b> _x0041_ literal 🧧", When: []engine.OrderStatus{engine.OrderAfterSales}},
			},
			Category: engine.CategoryOther, Enabled: true,
		},
		{
			Question:  "我要投诉",
			Answers:   []engine.Answer{{Text: "已为您转接专员。"}},
			Category:  engine.CategoryAfterSales,
			Intent:    "complaint",
			Enabled:   false,
			NeverAuto: true,
			Operations: []engine.Operation{engine.OpCreateAfterSales, engine.OpTransferHuman, engine.OpOrderCard,
				engine.OpLogisticsCard, engine.OpCoupon, engine.OpAddressCard, engine.OpUrgeWarehouse},
		},
		{
			Question: "  Is it cotton?  ",
			Similar:  []string{" what fabric ", "what fabric", "Is it cotton?", ""},
			Answers:  []engine.Answer{{Text: strings.Repeat("棉😀", engine.MaxAnswerRunes/2)}},
			Intent:   "product_spec", // the category follows from the intent
			Enabled:  true,
		},
		{
			Question: "很多问法",
			Similar:  many,
			Answers:  []engine.Answer{{Text: "好的"}},
			Category: engine.CategoryGeneral, Enabled: true,
		},
	}
}

// normalized is entries as Read returns them.
func normalized(t *testing.T, entries []engine.Entry) []engine.Entry {
	t.Helper()
	out, err := engine.CheckEntries(0, entries)
	if err != nil {
		t.Fatalf("the test's entries are invalid: %v", describe(err))
	}
	for i := range out {
		out[i].UpdatedAt, out[i].UpdatedBy = time.Time{}, ""
	}
	return out
}

func sameEntries(t *testing.T, got, want []engine.Entry) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d entries, want %d", len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("entry %d:\n got  %+v\n want %+v", i, got[i], want[i])
		}
	}
}

func roundTrip(t *testing.T, f Format, entries []engine.Entry) {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, f, entries); err != nil {
		t.Fatalf("Write: %v", err)
	}
	got, err := Read(bytes.NewReader(buf.Bytes()), f)
	if err != nil {
		t.Fatalf("Read: %v", describe(err))
	}
	sameEntries(t, got, normalized(t, entries))
}

// describe spells out a *engine.RowsError for a failure message.
func describe(err error) string {
	var re *engine.RowsError
	if !errors.As(err, &re) {
		return fmt.Sprint(err)
	}
	var b strings.Builder
	for _, r := range re.Rows {
		for _, p := range r.Problems {
			fmt.Fprintf(&b, "\n  row %d: %s [%s]", r.Row, p.Error(), p.Key)
		}
	}
	return b.String()
}

func TestKB5_RoundTripXLSX(t *testing.T) { roundTrip(t, XLSX, varied()) }
func TestKB5_RoundTripCSV(t *testing.T)  { roundTrip(t, CSV, varied()) }
func TestKB5_RoundTripJSON(t *testing.T) { roundTrip(t, JSON, varied()) }

func TestKB5_RoundTripSplitsLongSimilarCells(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, XLSX, varied()[4:]); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("KB")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 { // the header and two rows of similar questions
		t.Fatalf("got %d rows, want 3", len(rows))
	}
	for _, r := range rows {
		for _, c := range r {
			if utf16Len(c) > maxCellUnits {
				t.Errorf("a cell has %d UTF-16 units", utf16Len(c))
			}
		}
	}
}

func TestKB5_RoundTripPresetKB(t *testing.T) {
	for _, locale := range []string{"zh-CN", "en"} {
		b, err := os.ReadFile("../preset/kb." + locale + ".json")
		if err != nil {
			t.Fatal(err)
		}
		entries, err := Read(bytes.NewReader(b), JSON)
		if err != nil {
			t.Fatalf("%s: %s", locale, describe(err))
		}
		if len(entries) < 30 {
			t.Fatalf("%s: %d entries", locale, len(entries))
		}
		for _, f := range Formats {
			t.Run(locale+"/"+string(f), func(t *testing.T) { roundTrip(t, f, entries) })
		}
	}
}

func TestKB5_TemplateReadsBack(t *testing.T) {
	for _, f := range Formats {
		for _, locale := range []string{"zh-CN", "en", "fr"} {
			t.Run(string(f)+"/"+locale, func(t *testing.T) {
				var buf bytes.Buffer
				if err := Template(&buf, f, locale); err != nil {
					t.Fatal(err)
				}
				got, err := Read(bytes.NewReader(buf.Bytes()), f)
				if err != nil {
					t.Fatalf("Read: %s", describe(err))
				}
				want := normalized(t, templateEntries(langOf(locale)))
				sameEntries(t, got, want)
				if len(want[0].Answers) < 3 || len(want[0].Answers[0].When) == 0 {
					t.Error("the first example should answer by order status over several rows")
				}
				zh := locale == "zh-CN"
				if f == CSV && strings.Contains(buf.String(), "标准问题") != zh {
					t.Errorf("zh-CN headers in the %s template: %v", locale, !zh)
				}
				if f == XLSX {
					x, err := excelize.OpenReader(&buf)
					if err != nil {
						t.Fatal(err)
					}
					defer x.Close()
					sheets := x.GetSheetList()
					help := "Help"
					if zh {
						help = "说明"
					}
					if len(sheets) != 2 || sheets[1] != help {
						t.Errorf("sheets %q, want a second sheet %q", sheets, help)
					}
				}
			})
		}
	}
}

func TestKB5_ReadsChineseHeadersAndLabelsInAnyOrder(t *testing.T) {
	b := csvOf([][]string{
		{"答案", "标准问题", "启用", "适用订单状态", "禁止自动回复", "推荐操作", "分类", "相似问法", "意图"},
		{"亲，已付款会尽快发", "  几时发货 ", "否", "已付款、已超时", "是", "订单卡片，催发货", "订单", "啥时候发\n\n 多久发货 ", "SHIP_TIME"},
		{"已经发出啦", "几时发货", "", "已发货 已签收", "", "", "订单类", "发了吗", ""},
		{"好的", "谢谢", "YES", "", "0", "转人工;优惠券", "通用", "", ""},
	})
	got, err := Read(bytes.NewReader(b), CSV)
	if err != nil {
		t.Fatal(describe(err))
	}
	want := normalized(t, []engine.Entry{
		{
			Question: "几时发货", Similar: []string{"啥时候发", "多久发货", "发了吗"},
			Answers: []engine.Answer{
				{Text: "亲，已付款会尽快发", When: []engine.OrderStatus{engine.OrderPaid, engine.OrderOverdue}},
				{Text: "已经发出啦", When: []engine.OrderStatus{engine.OrderShipped, engine.OrderDelivered}},
			},
			Category: engine.CategoryOrder, Intent: "ship_time", Enabled: false, NeverAuto: true,
			Operations: []engine.Operation{engine.OpOrderCard, engine.OpUrgeWarehouse},
		},
		{
			Question: "谢谢", Answers: []engine.Answer{{Text: "好的"}}, Category: engine.CategoryGeneral, Enabled: true,
			Operations: []engine.Operation{engine.OpCoupon, engine.OpTransferHuman},
		},
	})
	sameEntries(t, got, want)
}

func TestKB5_ReadsCSVWithBOMSemicolonsAndCRLF(t *testing.T) {
	b := []byte("\xEF\xBB\xBFquestion;answer;when;category\r\nQ1;\"A1\r\nline 2\";paid;其他\r\n")
	got, err := Read(bytes.NewReader(b), CSV)
	if err != nil {
		t.Fatal(describe(err))
	}
	want := normalized(t, []engine.Entry{{Question: "Q1", Enabled: true, Category: engine.CategoryOther,
		Answers: []engine.Answer{{Text: "A1\nline 2", When: []engine.OrderStatus{engine.OrderPaid}}}}})
	sameEntries(t, got, want)
}

func TestKB5_WritesCSVWithBOM(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, CSV, varied()[:1]); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), bomUTF8) {
		t.Error("no UTF-8 BOM")
	}
	if !reflect.DeepEqual(Columns, columnKeys()) {
		t.Errorf("Columns %q, written %q", Columns, columnKeys())
	}
	if !bytes.Contains(buf.Bytes(), []byte("category,intent,question,similar,answer,when,operations,enabled,never_auto\n")) {
		t.Errorf("header: %q", buf.String()[:100])
	}
}

func TestKB5_ReadsMergedQuestionCells(t *testing.T) {
	x := excelize.NewFile()
	defer x.Close()
	rows := [][]any{
		{"category", "question", "answer", "when"},
		{"order", "什么时候发货", "已付款，尽快发", "paid"},
		{nil, nil, "已发出", "shipped"},
		{nil, nil, "请发订单号", nil},
		{"general", "你好", "您好", nil},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	for _, rng := range [][2]string{{"A2", "A4"}, {"B2", "B4"}} {
		if err := x.MergeCell("Sheet1", rng[0], rng[1]); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := x.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	got, err := Read(&buf, XLSX)
	if err != nil {
		t.Fatal(describe(err))
	}
	if len(got) != 2 || len(got[0].Answers) != 3 || got[0].Answers[2].Text != "请发订单号" || got[1].Question != "你好" {
		t.Errorf("got %+v", got)
	}
}

func TestKB5_NormalisesLineEnds(t *testing.T) {
	b := `{"format":"replydesk-kb","version":1,"entries":[{"question":"q","category":"other","answers":[{"text":"a\r\nb\rc"}]}]}`
	got, err := Read(strings.NewReader(b), JSON)
	if err != nil {
		t.Fatal(describe(err))
	}
	if got[0].Answers[0].Text != "a\nb\nc" || !got[0].Enabled {
		t.Errorf("got %+v", got[0])
	}
}

func TestKB5_FormatOf(t *testing.T) {
	for name, want := range map[string]Format{"a.XLSX": XLSX, "dir/b.csv": CSV, "c.json": JSON} {
		if f, err := FormatOf(name); err != nil || f != want {
			t.Errorf("FormatOf(%q) = %q, %v", name, f, err)
		}
	}
	var fe *FileError
	if _, err := FormatOf("kb.xls"); !errors.As(err, &fe) || fe.Key != "kb_file_format" {
		t.Errorf("FormatOf(kb.xls): %v", err)
	}
	if _, err := ParseFormat("txt"); !errors.As(err, &fe) {
		t.Errorf("ParseFormat(txt): %v", err)
	}
}

// csvOf writes rows as CSV.
func csvOf(rows [][]string) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.WriteAll(rows)
	return buf.Bytes()
}

// xlsxOf writes rows as a workbook of one sheet.
func xlsxOf(t *testing.T, rows [][]string) []byte {
	t.Helper()
	x := excelize.NewFile()
	defer x.Close()
	for i, r := range rows {
		vals := make([]any, len(r))
		for j, v := range r {
			vals[j] = v
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow("Sheet1", cell, &vals); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := x.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
