package engine

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

var cst = time.FixedZone("CST", 8*3600)

func TestDayRange_CV5_LocalDaysBothIncluded(t *testing.T) {
	from, to, err := DayRange("2026-11-01", "2026-11-21", cst)
	if err != nil || !from.Equal(time.Date(2026, 10, 31, 16, 0, 0, 0, time.UTC)) || !to.Equal(time.Date(2026, 11, 21, 16, 0, 0, 0, time.UTC)) {
		t.Fatalf("%v %v %v", from, to, err)
	}
	// One day; and a leap year of 366 days is allowed.
	if f, e, err := DayRange("2026-11-21", "2026-11-21", cst); err != nil || e.Sub(f) != 24*time.Hour {
		t.Fatalf("%v %v %v", f, e, err)
	}
	if _, _, err := DayRange("2024-01-01", "2024-12-31", cst); err != nil {
		t.Fatal(err)
	}
	// Days are calendar days across a clock change.
	if ny, err := time.LoadLocation("America/New_York"); err == nil {
		f, e, err := DayRange("2026-11-01", "2026-11-01", ny)
		if err != nil || e.Sub(f) != 25*time.Hour {
			t.Fatalf("DST day: %v %v %v", f, e, err)
		}
	}
	for _, c := range []struct{ from, to, key string }{
		{"2026-11-21", "2026-11-20", "history_range_reversed"},
		{"2025-01-01", "2026-01-02", "history_range_too_long"},
		{"2026/11/01", "2026-11-21", "history_bad_date"},
		{"2026-11-01", "", "history_bad_date"},
		{"2026-02-30", "2026-03-01", "history_bad_date"},
	} {
		_, _, err := DayRange(c.from, c.to, cst)
		var ie *InputError
		if !errors.As(err, &ie) || ie.Key != c.key {
			t.Errorf("%s..%s: %v, want %s", c.from, c.to, err, c.key)
		}
	}
}

func TestCheckChats_CV7c_RejectsEveryBadRow(t *testing.T) {
	good := ChatRow{BuyerID: "b1", Sender: "buyer", Text: "在吗", Time: "2026-11-01 10:00:00"}
	cases := []struct {
		name  string
		edit  func(*ChatRow)
		field string
		key   string
	}{
		{"buyer missing", func(r *ChatRow) { r.BuyerID = " " }, "buyer_id", "history_missing"},
		{"buyer too long", func(r *ChatRow) { r.BuyerID = strings.Repeat("x", MaxBuyerIDRunes+1) }, "buyer_id", "history_too_long"},
		{"name not UTF-8", func(r *ChatRow) { r.BuyerName = "\xff" }, "buyer_name", "history_not_utf8"},
		{"sender missing", func(r *ChatRow) { r.Sender = "" }, "sender", "history_missing"},
		{"sender unknown", func(r *ChatRow) { r.Sender = "boss" }, "sender", "history_unknown_sender"},
		{"text empty", func(r *ChatRow) { r.Text = " " }, "text", "message_empty"},
		{"text too long", func(r *ChatRow) { r.Text = strings.Repeat("长", MaxMessageRunes+1) }, "text", "message_too_long"},
		{"text not UTF-8", func(r *ChatRow) { r.Text = "a\xffb" }, "text", "message_not_utf8"},
		{"time missing", func(r *ChatRow) { r.Time = "" }, "time", "history_missing"},
		{"time bad", func(r *ChatRow) { r.Time = "yesterday" }, "time", "history_bad_time"},
		{"duplicate", func(r *ChatRow) {}, "", "history_duplicate_row"},
		{"unreadable", func(r *ChatRow) {
			r.Problems = []FieldError{{Key: "history_bad_row", Detail: "the row is not a JSON object"}}
		}, "", "history_bad_row"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			bad := good
			bad.Row = 3
			c.edit(&bad)
			first := good
			first.Row = 2
			_, err := CheckChats([]ChatRow{first, bad}, cst)
			var re *ImportRowsError
			if !errors.As(err, &re) || len(re.Rows) != 1 || re.Rows[0].Row != 3 || re.Rows[0].Problems[0].Key != c.key || re.Rows[0].Problems[0].Field != c.field {
				t.Fatalf("%#v", err)
			}
		})
	}
	var ie *InputError
	if _, err := CheckChats(nil, cst); !errors.As(err, &ie) || ie.Key != "history_file_empty" {
		t.Fatal(err)
	}
}

func TestCheckChats_CV7c_GroupsBySessionOrGap(t *testing.T) {
	rows := []ChatRow{
		{Row: 2, BuyerID: "b1", BuyerName: "小王", Sender: "买家", Text: "a", Time: "2026-11-01 10:00:00"},
		{Row: 3, BuyerID: "b1", Sender: "客服", Text: "b", Time: "2026-11-01T02:05:00Z"},   // 10:05 in CST
		{Row: 4, BuyerID: "b1", Sender: "buyer", Text: "c", Time: "2026-11-03 10:00:00"}, // past the session gap
		{Row: 5, BuyerID: "b2", Sender: "buyer", Text: "d", Time: "2026-11-01 09:00", Session: "s1"},
		{Row: 6, BuyerID: "b2", Sender: "robot", Text: "e", Time: "2026-11-05 09:00", Session: "s1"},
		{Row: 7, BuyerID: "b2", Sender: "buyer", Text: "f", Time: "2026-11-01 09:30", Session: "s2"},
	}
	convs, err := CheckChats(rows, cst)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range convs {
		s := c.BuyerExternalID + ":"
		for _, m := range c.Messages {
			s += m.Text
		}
		got = append(got, s)
	}
	if strings.Join(got, " ") != "b2:de b2:f b1:ab b1:c" {
		t.Fatalf("%v", got)
	}
	if convs[2].BuyerName != "小王" || convs[2].Messages[1].Sender != SenderAgent || !convs[2].Messages[0].At.Equal(time.Date(2026, 11, 1, 2, 0, 0, 0, time.UTC)) {
		t.Fatalf("%+v", convs[2])
	}
}

func TestCheckOrderRows_CV7c_ValidatesLikeTheWebhook(t *testing.T) {
	rows := []OrderRow{
		{Row: 2, BuyerID: "b1", BuyerName: "小王", Order: Order{ID: " 1001 ", Status: "paid", Items: []OrderItem{{Name: "T恤", Quantity: 2}}}},
		{Row: 3, BuyerID: "b1", Order: Order{ID: "1002", Status: "shipped"}},
		{Row: 4, BuyerID: "b2", Order: Order{ID: "2001", Status: "delivered"}},
	}
	batches, err := CheckOrderRows(rows)
	if err != nil || len(batches) != 2 || batches[0].BuyerName != "小王" || len(batches[0].Orders) != 2 || batches[0].Orders[0].ID != "1001" {
		t.Fatalf("%+v %v", batches, err)
	}
	bad := []OrderRow{
		rows[0],
		{Row: 3, Order: Order{ID: "1002", Status: "paid"}},
		{Row: 4, BuyerID: "b1", Order: Order{ID: "1003", Status: "lost"}},
		{Row: 5, BuyerID: "b1", Order: Order{ID: "1001", Status: "paid"}},
		{Row: 6, BuyerID: "b1", Order: Order{ID: "1004", Status: "paid"}, Problems: []FieldError{{Field: "amount", Key: "order_bad_amount"}}},
	}
	_, err = CheckOrderRows(bad)
	var re *ImportRowsError
	if !errors.As(err, &re) || len(re.Rows) != 4 {
		t.Fatalf("%#v", err)
	}
	keys := []string{"history_missing", "order_unknown_status", "order_duplicate_id", "order_bad_amount"}
	for i, r := range re.Rows {
		if r.Row != i+3 || r.Problems[0].Key != keys[i] {
			t.Errorf("row %d: %+v, want %s", i+3, r, keys[i])
		}
	}
}

// historyFake records what History hands its store.
type historyFake struct {
	convs  []ImportedConversation
	orders []BuyerOrders
	r      HistoryRange
}

func (f *historyFake) HistoryMessages(_ context.Context, r HistoryRange, fn func(HistoryMessage) error) error {
	f.r = r
	return fn(HistoryMessage{Text: "x"})
}

func (f *historyFake) ImportConversations(_ context.Context, _ int64, convs []ImportedConversation) (ChatImportResult, error) {
	f.convs = convs
	return ChatImportResult{Conversations: len(convs)}, nil
}

func (f *historyFake) ImportOrders(_ context.Context, _ int64, b []BuyerOrders, _ time.Time) (OrderImportResult, error) {
	f.orders = b
	return OrderImportResult{Created: len(b)}, nil
}

func TestHistory_CV7c_BadFileReachesNoStore(t *testing.T) {
	f := &historyFake{}
	h := NewHistory(f, nil)
	ctx := context.Background()
	if _, err := h.ImportChats(ctx, 1, []ChatRow{{Row: 2, BuyerID: "b", Sender: "buyer", Text: "ok", Time: "2026-11-01 10:00"}, {Row: 3}}, cst); err == nil || f.convs != nil {
		t.Fatalf("%v %+v", err, f.convs)
	}
	if _, err := h.ImportOrders(ctx, 1, []OrderRow{{Row: 2, BuyerID: "b", Order: Order{ID: "1", Status: "nope"}}}); err == nil || f.orders != nil {
		t.Fatalf("%v %+v", err, f.orders)
	}
	if err := h.Export(ctx, 0, "2026-11-02", "2026-11-01", cst, func(HistoryMessage) error { return nil }); err == nil || !f.r.From.IsZero() {
		t.Fatalf("%v %+v", err, f.r)
	}
	n := 0
	if err := h.Export(ctx, 3, "2026-11-01", "2026-11-01", cst, func(HistoryMessage) error { n++; return nil }); err != nil || n != 1 || f.r.ShopID != 3 {
		t.Fatalf("%v %d %+v", err, n, f.r)
	}
}
