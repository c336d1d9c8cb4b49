package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"replydesk/engine"
	"replydesk/store"
)

func newHistoryTest(t *testing.T) (*HistoryService, *KBService, *store.Store, engine.Shop) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "db", "replydesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	shop, err := st.CreateShop(ctx, engine.Shop{Name: "旗舰店"})
	if err != nil {
		t.Fatal(err)
	}
	clock := &clockAt{time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)}
	kb := NewKBService(nil, &Events{}, t.TempDir(), func() string { return "t" }, clock)
	h := NewHistoryService(engine.NewHistory(st, clock), kb, filepath.Join(t.TempDir(), "exports"), clock)
	h.loc = time.FixedZone("CST", 8*3600)
	return h, kb, st, shop
}

func uploadFile(t *testing.T, kb *KBService, name, data string) string {
	t.Helper()
	id, err := kb.BeginUpload(BeginUploadRequest{FileName: name, Size: len(data)})
	if err != nil {
		t.Fatal(err)
	}
	if err := kb.UploadChunk(UploadChunkRequest{UploadID: id, Data: []byte(data)}); err != nil {
		t.Fatal(err)
	}
	return id
}

func errKey(err error) string {
	var ae *Error
	if errors.As(err, &ae) {
		return ae.Key
	}
	return ""
}

func TestHistoryExport_CV5_LocalDaysFormatsAndErrors(t *testing.T) {
	h, _, st, shop := newHistoryTest(t)
	ctx := context.Background()
	// 2026-11-20 in CST is [11-19 16:00, 11-20 16:00) UTC.
	for _, m := range []struct {
		text string
		at   time.Time
	}{
		{"前一天", time.Date(2026, 11, 19, 15, 59, 59, 0, time.UTC)},
		{"第一条", time.Date(2026, 11, 19, 16, 0, 0, 0, time.UTC)},
		{"最后一条", time.Date(2026, 11, 20, 15, 59, 59, 0, time.UTC)},
		{"后一天", time.Date(2026, 11, 20, 16, 0, 0, 0, time.UTC)},
	} {
		if _, _, err := st.AppendBuyerMessage(ctx, shop.ID, "b1", "小王", m.text, m.at); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"csv", "xlsx", "json"} {
		res, err := h.Export(HistoryExportRequest{ShopID: shop.ID, From: "2026-11-20", To: "2026-11-20", Format: f})
		if err != nil || res.Messages != 2 || res.Conversations != 1 || filepath.Ext(res.Path) != "."+f {
			t.Fatalf("%s: %+v %v", f, res, err)
		}
		if f != "xlsx" {
			b, _ := os.ReadFile(res.Path)
			if !strings.Contains(string(b), "第一条") || !strings.Contains(string(b), "最后一条") || strings.Contains(string(b), "前一天") || strings.Contains(string(b), "后一天") {
				t.Fatalf("%s:\n%s", f, b)
			}
		}
	}
	// The same export again does not overwrite the first.
	again, err := h.Export(HistoryExportRequest{ShopID: shop.ID, From: "2026-11-20", To: "2026-11-20", Format: "csv"})
	if err != nil || !strings.HasSuffix(again.Path, "replydesk-chats-shop1-20261120-20261120 (1).csv") {
		t.Fatalf("%+v %v", again, err)
	}
	for _, c := range []struct {
		req HistoryExportRequest
		key string
	}{
		{HistoryExportRequest{From: "2026-11-20", To: "2026-11-20", Format: "pdf"}, "error.history_bad_format"},
		{HistoryExportRequest{From: "2026-11-21", To: "2026-11-20", Format: "csv"}, "error.history_range_reversed"},
		{HistoryExportRequest{From: "2025-01-01", To: "2026-11-20", Format: "csv"}, "error.history_range_too_long"},
		{HistoryExportRequest{From: "20 Nov", To: "2026-11-20", Format: "csv"}, "error.history_bad_date"},
	} {
		if _, err := h.Export(c.req); errKey(err) != c.key {
			t.Errorf("%+v: %v, want %s", c.req, err, c.key)
		}
	}
	entries, _ := os.ReadDir(h.exportDir)
	if len(entries) != 4 {
		t.Fatalf("files left: %v", entries)
	}
}

func TestHistoryImportChats_CV7c_BadFileChangesNothingGoodFileOnce(t *testing.T) {
	h, kb, st, shop := newHistoryTest(t)
	ctx := context.Background()
	bad := "buyer_id,buyer_name,sender,text,time\nb1,小王,buyer,在吗,2026-11-01 10:00:00\nb1,小王,boss,hi,2026-11-01 10:01:00\n,小王,buyer,x,never\n"
	_, err := h.ImportChats(HistoryImportRequest{ShopID: shop.ID, UploadID: uploadFile(t, kb, "log.csv", bad)})
	var ae *Error
	if !errors.As(err, &ae) || ae.Key != "error.history_invalid_rows" || len(ae.Rows) != 2 || ae.Rows[0].Row != 3 || ae.Rows[1].Row != 4 || len(ae.Rows[1].Problems) != 2 {
		t.Fatalf("%+v", err)
	}
	if cs, _ := st.Conversations(ctx); len(cs) != 0 {
		t.Fatalf("a bad file stored %+v", cs)
	}
	good := "buyer_id,buyer_name,sender,text,time\nb1,小王,buyer,在吗,2026-11-01 10:00:00\nb1,小王,agent,在的,2026-11-01 10:01:00\n"
	res, err := h.ImportChats(HistoryImportRequest{ShopID: shop.ID, UploadID: uploadFile(t, kb, "log.csv", good)})
	if err != nil || res != (engine.ChatImportResult{Conversations: 1, Messages: 2, Buyers: 1}) {
		t.Fatalf("%+v %v", res, err)
	}
	res, err = h.ImportChats(HistoryImportRequest{ShopID: shop.ID, UploadID: uploadFile(t, kb, "log.csv", good)})
	if err != nil || res != (engine.ChatImportResult{Skipped: 2}) {
		t.Fatalf("again: %+v %v", res, err)
	}
	cs, _ := st.Conversations(ctx)
	if len(cs) != 1 || cs[0].State != engine.StateClosed || cs[0].Unread != 0 || !cs[0].StartedAt.Equal(time.Date(2026, 11, 1, 2, 0, 0, 0, time.UTC)) {
		t.Fatalf("%+v", cs)
	}
	if _, err := h.ImportChats(HistoryImportRequest{ShopID: shop.ID, UploadID: "nope"}); errKey(err) != "error.kb_upload" {
		t.Fatal(err)
	}
	if _, err := h.ImportChats(HistoryImportRequest{ShopID: shop.ID, UploadID: uploadFile(t, kb, "log.json", "[]")}); errKey(err) != "error.history_file_empty" {
		t.Fatal(err)
	}
}

func TestHistoryImportOrders_CV7c(t *testing.T) {
	h, kb, st, shop := newHistoryTest(t)
	ctx := context.Background()
	bad := `[{"buyer_id": "b1", "id": "1001", "status": "paid"}, {"buyer_id": "b1", "id": "1001", "status": "paid"}]`
	if _, err := h.ImportOrders(HistoryImportRequest{ShopID: shop.ID, UploadID: uploadFile(t, kb, "orders.json", bad)}); errKey(err) != "error.history_invalid_rows" {
		t.Fatal(err)
	}
	if l, err := st.BuyerOrders(ctx, shop.ID, "b1"); err != nil || len(l) != 0 {
		t.Fatalf("%+v %v", l, err)
	}
	good := "buyer_id,id,status,amount\nb1,1001,paid,9.9\nb2,1002,shipped,\n"
	res, err := h.ImportOrders(HistoryImportRequest{ShopID: shop.ID, UploadID: uploadFile(t, kb, "orders.csv", good)})
	if err != nil || res != (engine.OrderImportResult{Created: 2, Buyers: 2}) {
		t.Fatalf("%+v %v", res, err)
	}
	if o, err := st.Order(ctx, shop.ID, "1001"); err != nil || o.AmountCents != 990 {
		t.Fatalf("%+v %v", o, err)
	}
}
