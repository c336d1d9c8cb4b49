package chatfile

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"replydesk/engine"
	"replydesk/store"
)

// The import fuzz targets read any file, as the app does, and import it
// into a real SQLite store (CV-7c). The outcome must be a refusal — an
// *engine.InputError for a file that cannot be read, or an
// *engine.ImportRowsError naming bad rows — with no row of the database
// changed, or an import of exactly the file's messages or orders, which
// then export (CV-5) in every format, read back the same, and import again
// as nothing new. testdata/fuzz holds the files that found bugs.

// importRig is a store, the chat history over it and a second connection
// that counts rows.
type importRig struct {
	st   *store.Store
	db   *sql.DB
	hist *engine.History
}

func newImportRig(t testing.TB) *importRig {
	t.Helper()
	path := filepath.Join(t.TempDir(), "replydesk.db")
	st, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &importRig{st: st, db: db, hist: engine.NewHistory(st, nil)}
}

// rows counts the rows an import may write.
func (r *importRig) rows(t *testing.T) string {
	t.Helper()
	var b, c, m, o int
	err := r.db.QueryRow(`SELECT (SELECT COUNT(*) FROM buyers), (SELECT COUNT(*) FROM conversations),
	(SELECT COUNT(*) FROM messages), (SELECT COUNT(*) FROM orders)`).Scan(&b, &c, &m, &o)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%d buyers, %d conversations, %d messages, %d orders", b, c, m, o)
}

// shop makes a new shop, so that every input starts from an empty one.
func (r *importRig) shop(t *testing.T) int64 {
	t.Helper()
	sh, err := r.st.CreateShop(context.Background(), engine.Shop{Name: "店"})
	if err != nil {
		t.Fatal(err)
	}
	return sh.ID
}

// fileOf turns a fuzz input into a file of the format kind selects: as it
// is for CSV and JSON; for xlsx, the input's CSV rows written as a
// workbook (false when they are not CSV).
func fileOf(b []byte, kind uint8) ([]byte, Format, bool) {
	f := Formats[int(kind)%len(Formats)]
	if f != XLSX {
		return b, f, true
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord, r.LazyQuotes = -1, true
	rows, err := r.ReadAll()
	if err != nil || len(rows) > 200 {
		return nil, f, false
	}
	x := excelize.NewFile()
	defer x.Close()
	for i, row := range rows {
		vals := make([]any, len(row))
		for j, v := range row {
			vals[j] = v
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if x.SetSheetRow("Sheet1", cell, &vals) != nil {
			return nil, f, false
		}
	}
	var buf bytes.Buffer
	if _, err := x.WriteTo(&buf); err != nil {
		return nil, f, false
	}
	return buf.Bytes(), f, true
}

// refusal checks a refused import: the error is one the window can show,
// row by row when rows are at fault.
func refusal(t *testing.T, err error) {
	t.Helper()
	var ie *engine.InputError
	var re *engine.ImportRowsError
	switch {
	case errors.As(err, &ie):
		if !strings.HasPrefix(ie.Key, "history_") || ie.Detail == "" {
			t.Fatalf("refused with %+v", ie)
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
				if p.Key == "" || p.Detail == "" {
					t.Fatalf("row %d: problem %+v", r.Row, p)
				}
			}
		}
	default:
		t.Fatalf("refused with %T %v", err, err)
	}
}

// checkTexts checks that what a file gave obeys the text rule
// (engine.HasControl) and the limits.
func checkTexts(t *testing.T, convs []engine.ImportedConversation) {
	t.Helper()
	for _, c := range convs {
		if c.BuyerExternalID == "" || engine.HasControl(c.BuyerExternalID+c.BuyerName, false) {
			t.Fatalf("read the buyer %q %q", c.BuyerExternalID, c.BuyerName)
		}
		for _, m := range c.Messages {
			if _, err := engine.ValidateText(m.Text); err != nil || strings.Contains(m.Text, "\r") || !engine.TimeInRange(m.At) {
				t.Fatalf("read the message %+v (%v)", m, err)
			}
		}
	}
}

// linesOf lists the messages of conversations: buyer, sender, time and
// text, sorted.
func linesOf(convs []engine.ImportedConversation) []string {
	var out []string
	for _, c := range convs {
		for _, m := range c.Messages {
			out = append(out, fmt.Sprintf("%q %s %s %q", c.BuyerExternalID, m.Sender, m.At.UTC().Format(time.RFC3339Nano), m.Text))
		}
	}
	slices.Sort(out)
	return out
}

var chatSeeds = []string{
	"buyer_id,buyer_name,sender,text,time,session\n" +
		"b1,小王,buyer,在吗,2026-11-01 10:00:00,s1\n" +
		"b1,,agent,\"在的,亲\n请讲\",2026-11-01 10:01:00,s1\n" +
		"b2,,robot,=1+1,2026-11-01T10:00:00.5+08:00,\n",
	"\xEF\xBB\xBF买家ID,买家昵称,发送方,内容,时间\n\nb1,小王,买家,在吗,2026-11-01 10:00:00\nb1,,客服,'-1,2026-11-01 10:01:00\n",
	"buyer_id,sender,text,time\nb1,buyer,a\u0000b,2026-11-01 10:00:00\n",
	"buyer_id,sender,text,time\nb1,buyer,hi,9999-12-31T23:59:59-23:59\n",
	"buyer_id,sender,text,time\nb1,buyer,hi,2026-11-01 10:00:00.1\nb1,buyer,hi,2026-11-01 10:00:00.2\n",
	"buyer_id,sender,text,time\nb1,buyer,hi,2026-11-01 10:00:00\nb1,buyer,hi,2026-11-01 10:00:00\n",
	"buyer_id,sender,text,time\nb\u0085,bot,x,2026/11/01 10:00\n",
	`[{"buyer_id": 123, "sender": "buyer", "text": "hi\r\nthere", "time": "2026-11-01T10:00:00+08:00", "session": 7}]`,
	`{"format":"replydesk-chats","version":1,"conversations":[{"id":7,"buyer_id":"b1","buyer_name":"小王","messages":[{"sender":"buyer","type":"text","text":"在吗","time":"2026-11-01T10:00:00+08:00"}]}]}`,
	`[{"buyer_id": "b", "text": 5}, 7, {"mood": 1}]`,
	`[{"buyer_id": "b", "sender": "buyer", "text": "'=1", "time": "2026-11-01T10:00:00+08:00"}]`,
}

func FuzzImportChats(f *testing.F) {
	for _, s := range chatSeeds {
		for kind := range uint8(len(Formats)) {
			f.Add([]byte(s), kind)
		}
	}
	r := newImportRig(f)
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, b []byte, kind uint8) {
		file, format, ok := fileOf(b, kind)
		if !ok {
			return
		}
		shop := r.shop(t)
		before := r.rows(t)
		rows, err := ReadChats(file, format)
		var res engine.ChatImportResult
		if err == nil {
			res, err = r.hist.ImportChats(ctx, shop, rows, cst)
		}
		if err != nil {
			refusal(t, err)
			if after := r.rows(t); after != before {
				t.Fatalf("refused (%v), yet %s became %s", err, before, after)
			}
			return
		}
		convs, _ := engine.CheckChats(rows, cst)
		checkTexts(t, convs)
		want := linesOf(convs)
		if res.Messages != len(want) || res.Skipped != 0 {
			t.Fatalf("imported %+v from %d messages", res, len(want))
		}
		// Every format exports the messages, which read back the same and
		// import again as nothing new.
		for _, to := range Formats {
			var buf bytes.Buffer
			w, err := NewWriter(&buf, to, ExportInfo{ShopID: shop, From: "1970-01-01", To: "9999-12-31", Location: cst})
			if err != nil {
				t.Fatal(err)
			}
			err = r.st.HistoryMessages(ctx, engine.HistoryRange{ShopID: shop, From: engine.EarliestTime, To: engine.LatestTime},
				func(m engine.HistoryMessage) error {
					if m.Source != engine.SourceImport || m.Type != engine.MessageText {
						t.Fatalf("exported %+v", m)
					}
					return w.Add(m)
				})
			if err != nil {
				t.Fatal(err)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			back, again := readBack(t, buf.Bytes(), to)
			if got := linesOf(again); !slices.Equal(got, want) {
				t.Fatalf("the %s export reads back as\n%q\nnot\n%q", to, got, want)
			}
			before := r.rows(t)
			res, err := r.hist.ImportChats(ctx, shop, back, cst)
			if err != nil || res.Messages != 0 || res.Conversations != 0 || res.Skipped != len(want) || r.rows(t) != before {
				t.Fatalf("the %s export imported again: %+v %v", to, res, err)
			}
		}
	})
}

// readBack reads an export of format to as a chat log and checks it as an
// import would: its rows and conversations; it fails the test where either
// is refused.
func readBack(t *testing.T, file []byte, to Format) ([]engine.ChatRow, []engine.ImportedConversation) {
	t.Helper()
	back, err := ReadChats(file, to)
	if err != nil {
		t.Fatalf("the %s export cannot be read: %v", to, err)
	}
	again, err := engine.CheckChats(back, cst)
	if err != nil {
		var re *engine.ImportRowsError
		if errors.As(err, &re) {
			err = fmt.Errorf("%v: %+v", err, re.Rows)
		}
		t.Fatalf("the %s export is refused: %v\n%q", to, err, file)
	}
	return back, again
}

// FuzzReadChats reads any file without a database: a refusal names its
// rows, and what is read exports in every format and reads back the same,
// conversation by conversation.
func FuzzReadChats(f *testing.F) {
	for _, s := range chatSeeds {
		for kind := range uint8(len(Formats)) {
			f.Add([]byte(s), kind)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte, kind uint8) {
		file, format, ok := fileOf(b, kind)
		if !ok {
			return
		}
		rows, err := ReadChats(file, format)
		var convs []engine.ImportedConversation
		if err == nil {
			convs, err = engine.CheckChats(rows, cst)
		}
		if err != nil {
			refusal(t, err)
			return
		}
		checkTexts(t, convs)
		var msgs []engine.HistoryMessage
		for i, c := range convs {
			for j, m := range c.Messages {
				if j > 0 && m.At.Before(c.Messages[j-1].At) {
					t.Fatalf("conversation %d is not in time order: %+v", i, c.Messages)
				}
				msgs = append(msgs, engine.HistoryMessage{ConversationID: int64(i + 1), ShopID: 1, ShopName: "店",
					BuyerExternalID: c.BuyerExternalID, BuyerName: c.BuyerName, Sender: m.Sender, Type: engine.MessageText,
					Text: m.Text, Source: engine.SourceImport, CreatedAt: m.At})
			}
		}
		for _, to := range Formats {
			var buf bytes.Buffer
			w, err := NewWriter(&buf, to, ExportInfo{ShopID: 1, Location: cst})
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
			_, again := readBack(t, buf.Bytes(), to)
			if !sameConversations(again, convs) {
				t.Fatalf("the %s export reads back as\n%+v\nnot\n%+v", to, again, convs)
			}
		}
	})
}

// sameConversations compares conversations in any order, their messages'
// times by instant.
func sameConversations(a, b []engine.ImportedConversation) bool {
	key := func(c engine.ImportedConversation) string {
		var s strings.Builder
		fmt.Fprintf(&s, "%q %q", c.BuyerExternalID, c.BuyerName)
		for _, m := range c.Messages {
			fmt.Fprintf(&s, " %s %s %q", m.Sender, m.At.UTC().Format(time.RFC3339Nano), m.Text)
		}
		return s.String()
	}
	keys := func(cs []engine.ImportedConversation) []string {
		out := make([]string, len(cs))
		for i, c := range cs {
			out[i] = key(c)
		}
		slices.Sort(out)
		return out
	}
	return slices.Equal(keys(a), keys(b))
}

var orderSeeds = []string{
	"buyer_id,buyer_name,id,status,amount,currency,items,promise_ship_at,courier,tracking_no,address\n" +
		"b1,小王,1001,paid,129.9,cny,\"T恤*2\n袜子\",2026-11-22 18:00:00,顺丰,SF1,\"上海\r\n浦东\"\n" +
		"b2,,1002,shipped,12.34,,帽子 x3;围巾,2026-11-22T18:00:00Z,,,\n",
	"买家ID,订单号,状态,金额\nb1,1001,unpaid,0x10\nb1,1002,paid,1e999999\nb1,1001,paid,1\n",
	"buyer_id,id,status,promise_ship_at\nb1,1,paid,9999-12-31T23:59:59-23:59\nb1,2,paid,0000-01-01T00:00:00+23:59\n",
	"buyer_id,id,status,items\nb1,a\u0000,paid,x*0\nb1,2,lost,x*99999999999999999999\n",
	`{"orders": [{"buyer_id": "b1", "id": 1001, "status": "paid", "amount": 30, "items": [{"name": "T恤", "sku": "TS", "quantity": 3}]}]}`,
	`[{"buyer_id": "b1", "id": "1", "status": "paid", "amount": "1.5", "address": "a\nb"}, {"buyer_id": "b1", "items": "x"}]`,
}

// FuzzReadOrders reads any order file without a database: a refusal names
// its rows, and the orders read are valid, normalised, and read back the
// same from a JSON order file.
func FuzzReadOrders(f *testing.F) {
	for _, s := range orderSeeds {
		for kind := range uint8(len(Formats)) {
			f.Add([]byte(s), kind)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte, kind uint8) {
		file, format, ok := fileOf(b, kind)
		if !ok {
			return
		}
		rows, err := ReadOrders(file, format, cst)
		var batches []engine.BuyerOrders
		if err == nil {
			batches, err = engine.CheckOrderRows(rows)
		}
		if err != nil {
			refusal(t, err)
			return
		}
		var out []map[string]any
		for _, bo := range batches {
			if _, err := engine.CheckOrders(bo.Orders[:min(len(bo.Orders), engine.MaxOrdersAtOnce)]); err != nil {
				t.Fatalf("buyer %q: orders the webhook refuses: %v", bo.BuyerExternalID, err)
			}
			for _, o := range bo.Orders {
				if !reflect.DeepEqual(engine.NormalizeOrder(o), o) {
					t.Fatalf("not normalised: %+v", o)
				}
				items := []map[string]any{}
				for _, it := range o.Items {
					items = append(items, map[string]any{"name": it.Name, "sku": it.SKU, "quantity": it.Quantity})
				}
				row := map[string]any{"buyer_id": bo.BuyerExternalID, "buyer_name": bo.BuyerName, "id": o.ID,
					"status": o.Status, "amount": fmt.Sprintf("%d.%02d", o.AmountCents/100, o.AmountCents%100), "currency": o.Currency,
					"items": items, "courier": o.Courier, "tracking_no": o.TrackingNo, "address": o.Address}
				if !o.PromiseShipAt.IsZero() {
					row["promise_ship_at"] = o.PromiseShipAt.Format(time.RFC3339Nano)
				}
				out = append(out, row)
			}
		}
		file, err = json.Marshal(out)
		if err != nil {
			t.Fatal(err)
		}
		back, err := ReadOrders(file, JSON, cst)
		if err != nil {
			t.Fatalf("the orders as JSON cannot be read: %v", err)
		}
		again, err := engine.CheckOrderRows(back)
		if err != nil {
			t.Fatalf("the orders as JSON are refused: %v\n%s", err, file)
		}
		if len(again) != len(batches) {
			t.Fatalf("%d buyers read back as %d", len(batches), len(again))
		}
		for i := range batches {
			a, b := again[i], batches[i]
			if a.BuyerExternalID != b.BuyerExternalID || a.BuyerName != b.BuyerName || len(a.Orders) != len(b.Orders) {
				t.Fatalf("buyer read back as %+v, not %+v", a, b)
			}
			for j := range a.Orders {
				x, y := a.Orders[j], b.Orders[j]
				if !x.PromiseShipAt.Equal(y.PromiseShipAt) {
					t.Fatalf("order %q promised %s, read back %s", y.ID, y.PromiseShipAt, x.PromiseShipAt)
				}
				x.PromiseShipAt, y.PromiseShipAt = time.Time{}, time.Time{}
				if !reflect.DeepEqual(x, y) {
					t.Fatalf("order read back as %+v, not %+v", x, y)
				}
			}
		}
	})
}

func FuzzImportOrders(f *testing.F) {
	for _, s := range orderSeeds {
		for kind := range uint8(len(Formats)) {
			f.Add([]byte(s), kind)
		}
	}
	r := newImportRig(f)
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, b []byte, kind uint8) {
		file, format, ok := fileOf(b, kind)
		if !ok {
			return
		}
		shop := r.shop(t)
		before := r.rows(t)
		rows, err := ReadOrders(file, format, cst)
		var res engine.OrderImportResult
		if err == nil {
			res, err = r.hist.ImportOrders(ctx, shop, rows)
		}
		if err != nil {
			refusal(t, err)
			if after := r.rows(t); after != before {
				t.Fatalf("refused (%v), yet %s became %s", err, before, after)
			}
			return
		}
		batches, _ := engine.CheckOrderRows(rows)
		n := 0
		for _, bo := range batches {
			stored, err := r.st.BuyerOrders(ctx, shop, bo.BuyerExternalID)
			if err != nil || len(stored) != len(bo.Orders) {
				t.Fatalf("buyer %q: %d orders stored of %d (%v)", bo.BuyerExternalID, len(stored), len(bo.Orders), err)
			}
			for _, o := range bo.Orders {
				n++
				s, err := r.st.Order(ctx, shop, o.ID)
				if err != nil {
					t.Fatalf("order %q: %v", o.ID, err)
				}
				if s.ID != o.ID || s.Status != o.Status || s.AmountCents != o.AmountCents || s.Currency != o.Currency ||
					!slices.Equal(s.Items, o.Items) || !s.PromiseShipAt.Equal(o.PromiseShipAt) || s.Courier != o.Courier ||
					s.TrackingNo != o.TrackingNo || s.Address != o.Address {
					t.Fatalf("order stored as %+v, not %+v", s, o)
				}
				if problems := engine.ValidateOrder(s); len(problems) > 0 {
					t.Fatalf("order %q stored with problems %+v", o.ID, problems)
				}
			}
		}
		if res.Created != n || res.Updated != 0 || res.Buyers != len(batches) {
			t.Fatalf("imported %+v from %d orders of %d buyers", res, n, len(batches))
		}
		// The same file again updates every order and adds nothing.
		before = r.rows(t)
		res, err = r.hist.ImportOrders(ctx, shop, rows)
		if err != nil || res.Created != 0 || res.Updated != n || r.rows(t) != before {
			t.Fatalf("imported again: %+v %v", res, err)
		}
	})
}
