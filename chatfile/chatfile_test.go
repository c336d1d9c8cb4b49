package chatfile

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"replydesk/engine"
)

var cst = time.FixedZone("CST", 8*3600)

var at = time.Date(2026, 11, 20, 2, 0, 0, 0, time.UTC) // 10:00 in CST

func sample() []engine.HistoryMessage {
	return []engine.HistoryMessage{
		{ConversationID: 7, ShopID: 1, ShopName: "旗舰店", BuyerExternalID: "b1", BuyerName: "小王", Sender: engine.SenderBuyer,
			Type: engine.MessageText, Text: "在吗？\n包邮吗", CreatedAt: at},
		{ConversationID: 7, ShopID: 1, ShopName: "旗舰店", BuyerExternalID: "b1", BuyerName: "小王", Sender: engine.SenderAgent,
			Type: engine.MessageText, Text: "=HYPERLINK(\"http://x\")", EntryID: 12, Payload: `{"card":"order","id":"1001"}`, CreatedAt: at.Add(time.Minute)},
		{ConversationID: 9, ShopID: 1, ShopName: "旗舰店", BuyerExternalID: "+86138", BuyerName: "@me", Sender: engine.SenderBuyer,
			Type: engine.MessageText, Text: "-1 元？", Source: engine.SourceImport, CreatedAt: at.Add(time.Hour)},
	}
}

func write(t *testing.T, f Format, msgs []engine.HistoryMessage) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := NewWriter(&buf, f, ExportInfo{ShopID: 1, From: "2026-11-20", To: "2026-11-20", Location: cst})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		if err := w.Add(m); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if w.Conversations() != 2 && len(msgs) == 3 || w.Messages() != len(msgs) {
		t.Fatalf("counts %d %d", w.Conversations(), w.Messages())
	}
	return buf.Bytes()
}

func TestWriteCSV_CV5_BOMChineseAndFormulaSafe(t *testing.T) {
	b := write(t, CSV, sample())
	if !bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}) {
		t.Fatal("no BOM")
	}
	recs, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
	if err != nil || len(recs) != 4 {
		t.Fatalf("%v %v", recs, err)
	}
	if strings.Join(recs[0], ",") != strings.Join(ExportColumns, ",") {
		t.Fatalf("header %v", recs[0])
	}
	if r := recs[1]; r[0] != "7" || r[1] != "旗舰店" || r[3] != "小王" || r[4] != "buyer" || r[6] != "在吗？\n包邮吗" || r[10] != "2026-11-20 10:00:00" {
		t.Fatalf("%q", r)
	}
	if r := recs[2]; r[6] != `'=HYPERLINK("http://x")` || r[7] != `{"card":"order","id":"1001"}` || r[8] != "12" {
		t.Fatalf("%q", r)
	}
	if r := recs[3]; r[2] != "'+86138" || r[3] != "'@me" || r[6] != "'-1 元？" || r[9] != "import" {
		t.Fatalf("%q", r)
	}
}

func TestWriteXLSX_CV5_ReadableStreamedAndFormulaSafe(t *testing.T) {
	b := write(t, XLSX, sample())
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(xlsxSheet)
	if err != nil || len(rows) != 4 {
		t.Fatalf("%v %v", rows, err)
	}
	if rows[1][6] != "在吗？\n包邮吗" || rows[2][6] != `'=HYPERLINK("http://x")` || rows[3][2] != "'+86138" || rows[1][10] != "2026-11-20 10:00:00" {
		t.Fatalf("%q", rows)
	}
	if formula, _ := f.GetCellFormula(xlsxSheet, "G3"); formula != "" {
		t.Fatalf("a formula: %q", formula)
	}
}

func TestWriteJSON_CV5_ConversationsWithMessages(t *testing.T) {
	b := write(t, JSON, sample())
	var doc struct {
		Format        string `json:"format"`
		Version       int    `json:"version"`
		From          string `json:"from"`
		Conversations []struct {
			ID        int64  `json:"id"`
			BuyerName string `json:"buyer_name"`
			Messages  []struct {
				Text    string          `json:"text"`
				Payload json.RawMessage `json:"payload"`
				Time    string          `json:"time"`
			} `json:"messages"`
		} `json:"conversations"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	if doc.Format != JSONFormat || doc.Version != 1 || doc.From != "2026-11-20" || len(doc.Conversations) != 2 ||
		len(doc.Conversations[0].Messages) != 2 || doc.Conversations[0].BuyerName != "小王" ||
		doc.Conversations[0].Messages[1].Text != `=HYPERLINK("http://x")` || string(doc.Conversations[0].Messages[1].Payload) != `{"card":"order","id":"1001"}` ||
		doc.Conversations[0].Messages[0].Time != "2026-11-20T10:00:00+08:00" {
		t.Fatalf("%+v", doc)
	}
	// No message: an empty list, still valid JSON.
	var empty struct{ Conversations []any }
	if err := json.Unmarshal(write(t, JSON, nil), &empty); err != nil || len(empty.Conversations) != 0 {
		t.Fatalf("%v %+v", err, empty)
	}
}

func TestExportsImportBack_CV7c(t *testing.T) {
	for _, f := range Formats {
		t.Run(string(f), func(t *testing.T) {
			rows, err := ReadChats(write(t, f, sample()), f)
			if err != nil {
				t.Fatal(err)
			}
			convs, err := engine.CheckChats(rows, cst)
			if err != nil {
				t.Fatalf("%v", err)
			}
			if len(convs) != 2 || len(convs[0].Messages) != 2 || convs[0].Messages[1].Text != `=HYPERLINK("http://x")` ||
				convs[1].BuyerExternalID != "+86138" || convs[1].BuyerName != "@me" || !convs[0].Messages[0].At.Equal(at) {
				t.Fatalf("%+v", convs)
			}
		})
	}
}

func TestReadChats_CV7c_ColumnsAndRowNumbers(t *testing.T) {
	csvFile := "\xEF\xBB\xBF买家ID,买家昵称,发送方,内容,时间\n\nb1,小王,买家,在吗,2026-11-01 10:00:00\nb1,,客服,\"在的,亲\",2026-11-01 10:01:00\n"
	rows, err := ReadChats([]byte(csvFile), CSV)
	if err != nil || len(rows) != 2 || rows[0].Row != 3 || rows[1].Row != 4 || rows[1].Text != "在的,亲" || rows[0].BuyerName != "小王" {
		t.Fatalf("%+v %v", rows, err)
	}
	jsonFile := `[{"buyer_id": 123, "sender": "buyer", "text": "hi", "time": "2026-11-01T10:00:00+08:00"}, {"buyer_id": "b", "text": 5}, 7]`
	rows, err = ReadChats([]byte(jsonFile), JSON)
	if err != nil || len(rows) != 3 || rows[0].BuyerID != "123" || len(rows[1].Problems) != 1 || len(rows[2].Problems) != 1 || rows[2].Row != 3 {
		t.Fatalf("%+v %v", rows, err)
	}
	for name, c := range map[string]struct {
		file string
		f    Format
		key  string
	}{
		"unknown column": {"buyer_id,sender,text,time,mood\n", CSV, "history_file_columns"},
		"missing column": {"buyer_id,sender,text\n", CSV, "history_file_columns"},
		"repeated":       {"buyer_id,buyer,sender,text,time\n", CSV, "history_file_columns"},
		"broken csv":     {"buyer_id,sender,text,time\nb,\"buyer,x,y\n", CSV, "history_file_broken"},
		"utf16":          {"\xFF\xFEb\x00", CSV, "history_file_encoding"},
		"empty":          {"", CSV, "history_file_empty"},
		"broken json":    {"[{", JSON, "history_file_broken"},
		"other json":     {`{"format": "replydesk-kb"}`, JSON, "history_file_format"},
		"not xlsx":       {"hello", XLSX, "history_file_broken"},
	} {
		_, err := ReadChats([]byte(c.file), c.f)
		var ie *engine.InputError
		if !errors.As(err, &ie) || ie.Key != c.key {
			t.Errorf("%s: %v, want %s", name, err, c.key)
		}
	}
}

func TestReadOrders_CV7c_CSVAndJSON(t *testing.T) {
	csvFile := "buyer_id,buyer_name,id,status,amount,items,promise_ship_at,courier,tracking_no,address\n" +
		"b1,小王,1001,paid,129.9,\"T恤*2\n袜子\",2026-11-22 18:00:00,顺丰,SF1,上海\n" +
		"b2,,1002,shipped,12.345,,tomorrow,,,\n"
	rows, err := ReadOrders([]byte(csvFile), CSV, cst)
	if err != nil || len(rows) != 2 {
		t.Fatalf("%+v %v", rows, err)
	}
	o := rows[0].Order
	if o.AmountCents != 12990 || len(o.Items) != 2 || o.Items[0].Name != "T恤" || o.Items[0].Quantity != 2 || o.Items[1].Quantity != 1 ||
		!o.PromiseShipAt.Equal(time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)) || o.Courier != "顺丰" || len(rows[0].Problems) != 0 {
		t.Fatalf("%+v", rows[0])
	}
	if len(rows[1].Problems) != 2 || rows[1].Problems[0].Key != "order_bad_amount" || rows[1].Problems[1].Key != "order_bad_time" || rows[1].Row != 4 {
		t.Fatalf("%+v", rows[1])
	}
	jsonFile := `{"orders": [{"buyer_id": "b1", "id": 1001, "status": "paid", "amount": 30, "items": [{"name": "T恤", "sku": "TS", "quantity": 3}]}, {"buyer_id": "b1", "items": "x"}]}`
	rows, err = ReadOrders([]byte(jsonFile), JSON, cst)
	if err != nil || len(rows) != 2 || rows[0].Order.ID != "1001" || rows[0].Order.AmountCents != 3000 || rows[0].Order.Items[0].SKU != "TS" ||
		len(rows[1].Problems) != 1 || rows[1].Problems[0].Key != "history_bad_row" {
		t.Fatalf("%+v %v", rows, err)
	}
	if _, err := engine.CheckOrderRows(rows); err == nil {
		t.Fatal("a bad row passed")
	}
}

func TestExportKeepsTwoMessagesWithinOneSecond_CV5(t *testing.T) {
	// A buyer who sends 在吗 twice in a second: the export must import back
	// as two messages, not as a row repeated (which the import refuses).
	msgs := []engine.HistoryMessage{
		{ConversationID: 7, ShopID: 1, BuyerExternalID: "b1", Sender: engine.SenderBuyer, Type: engine.MessageText, Text: "在吗", CreatedAt: at.Add(100 * time.Millisecond)},
		{ConversationID: 7, ShopID: 1, BuyerExternalID: "b1", Sender: engine.SenderBuyer, Type: engine.MessageText, Text: "在吗", CreatedAt: at.Add(600 * time.Millisecond)},
		{ConversationID: 7, ShopID: 1, BuyerExternalID: "b1", Sender: engine.SenderAgent, Type: engine.MessageText, Text: "在的", CreatedAt: at.Add(2 * time.Second)},
	}
	for _, f := range Formats {
		t.Run(string(f), func(t *testing.T) {
			var buf bytes.Buffer
			w, err := NewWriter(&buf, f, ExportInfo{ShopID: 1, Location: cst})
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range msgs {
				if err := w.Add(m); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			b := buf.Bytes()
			if f == CSV && !bytes.Contains(b, []byte(",2026-11-20 10:00:00.1\n")) || f == CSV && !bytes.Contains(b, []byte("2026-11-20 10:00:02\n")) {
				t.Errorf("times: %s", b)
			}
			rows, err := ReadChats(b, f)
			if err != nil {
				t.Fatal(err)
			}
			convs, err := engine.CheckChats(rows, cst)
			if err != nil || len(convs) != 1 || len(convs[0].Messages) != 3 {
				t.Fatalf("%+v %v", convs, err)
			}
			for i, m := range convs[0].Messages {
				if !m.At.Equal(msgs[i].CreatedAt) {
					t.Errorf("message %d at %s, want %s", i, m.At, msgs[i].CreatedAt)
				}
			}
		})
	}
}

func TestDefusedCellsReadBackAsWritten_CV5(t *testing.T) {
	for in, written := range map[string]string{"=1": "'=1", "'=1": "''=1", "''+86": "'''+86", "'abc": "'abc", "'": "'", "-1": "'-1", "": ""} {
		if got := safeCell(in); got != written {
			t.Errorf("safeCell(%q) = %q, want %q", in, got, written)
		}
		if back := unsafeCell(safeCell(in)); back != in {
			t.Errorf("%q reads back as %q", in, back)
		}
	}
}
