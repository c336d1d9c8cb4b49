package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"replydesk/engine"
)

func collect(t *testing.T, s *Store, r engine.HistoryRange) []engine.HistoryMessage {
	t.Helper()
	var out []engine.HistoryMessage
	if err := s.HistoryMessages(context.Background(), r, func(m engine.HistoryMessage) error {
		out = append(out, m)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestHistoryMessages_CV5_RangeShopsAndOrder(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	a, b := twoShops(t, s)
	day := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	// Buyer 1 of A writes before, at the start of and inside the day; buyer
	// 2 of A writes inside, between buyer 1's messages; B's buyer too.
	if _, _, err := s.AppendBuyerMessage(ctx, a.ID, "b1", "小王", "昨天的", day.Add(-time.Nanosecond)); err != nil {
		t.Fatal(err)
	}
	c1, _, err := s.AppendBuyerMessage(ctx, a.ID, "b1", "小王", "在吗", day)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.AppendBuyerMessage(ctx, a.ID, "b2", "", "=1+1", day.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.AppendMessage(ctx, c1.ID, engine.Message{Sender: engine.SenderAgent, Text: "在的", EntryID: 7, CreatedAt: day.Add(2 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.AppendBuyerMessage(ctx, b.ID, "b9", "", "B shop", day.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.AppendBuyerMessage(ctx, a.ID, "b1", "", "明天的", day.Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	got := collect(t, s, engine.HistoryRange{ShopID: a.ID, From: day, To: day.Add(24 * time.Hour)})
	want := []string{"在吗", "在的", "=1+1"}
	if len(got) != len(want) {
		t.Fatalf("%+v", got)
	}
	for i, m := range got {
		if m.Text != want[i] {
			t.Fatalf("message %d: %q, want %q (%+v)", i, m.Text, want[i], got)
		}
	}
	if m := got[1]; m.ShopName != "A" || m.BuyerExternalID != "b1" || m.BuyerName != "小王" || m.Sender != engine.SenderAgent ||
		m.EntryID != 7 || m.Type != engine.MessageText || !m.CreatedAt.Equal(day.Add(2*time.Hour)) || m.ConversationID != c1.ID {
		t.Fatalf("%+v", m)
	}
	if all := collect(t, s, engine.HistoryRange{From: day, To: day.Add(24 * time.Hour)}); len(all) != 4 || all[3].ShopName != "B" {
		t.Fatalf("every shop: %+v", all)
	}
	if none := collect(t, s, engine.HistoryRange{ShopID: 99, From: day, To: day.Add(24 * time.Hour)}); len(none) != 0 {
		t.Fatalf("unknown shop: %+v", none)
	}
	// fn's error stops the export and comes back.
	stop := errors.New("stop")
	if err := s.HistoryMessages(ctx, engine.HistoryRange{From: day, To: day.Add(24 * time.Hour)}, func(engine.HistoryMessage) error { return stop }); !errors.Is(err, stop) {
		t.Fatal(err)
	}
}

func TestImportConversations_CV7c_ClosedHistoryNotRoutedDeduped(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	a, _ := twoShops(t, s)
	t0 := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
	convs := []engine.ImportedConversation{
		{BuyerExternalID: "old1", BuyerName: "老客", Messages: []engine.ImportedMessage{
			{Sender: engine.SenderBuyer, Text: "发货了吗", At: t0},
			{Sender: engine.SenderAgent, Text: "今天发", At: t0.Add(time.Minute)},
			{Sender: engine.SenderBuyer, Text: "好的", At: t0.Add(2 * time.Minute)},
		}},
		{BuyerExternalID: "old2", Messages: []engine.ImportedMessage{{Sender: engine.SenderBuyer, Text: "退货", At: t0.Add(time.Hour)}}},
	}
	res, err := s.ImportConversations(ctx, a.ID, convs)
	if err != nil || res != (engine.ChatImportResult{Conversations: 2, Messages: 4, Buyers: 2}) {
		t.Fatalf("%+v %v", res, err)
	}
	page, err := s.List(ctx, engine.ListFilter{List: engine.ListClosed, Limit: 50})
	if err != nil || page.Counts.Closed != 2 || page.Counts.Queued != 0 || page.Counts.Unread != 0 || page.Counts.Unreplied != 0 {
		t.Fatalf("%+v %v", page, err)
	}
	var c engine.Conversation
	for _, it := range page.Items {
		if it.BuyerName == "老客" {
			c = it
		}
	}
	if c.State != engine.StateClosed || c.CloseReason != engine.ClosedImported || c.AgentID != 0 || c.Unread != 0 || c.Unreplied ||
		c.LastText != "好的" || !c.LastAt.Equal(t0.Add(2*time.Minute)) || !c.StartedAt.Equal(t0) || !c.LastBuyerAt.Equal(t0.Add(2*time.Minute)) {
		t.Fatalf("%+v", c)
	}
	if q, err := s.Queue(ctx, 10); err != nil || len(q) != 0 {
		t.Fatalf("queued: %+v %v", q, err)
	}
	var outbox int64
	s.db.Raw(`SELECT COUNT(*) FROM webhook_outbox`).Scan(&outbox)
	var sources []string
	s.db.Raw(`SELECT DISTINCT source FROM messages`).Scan(&sources)
	if outbox != 0 || len(sources) != 1 || sources[0] != engine.SourceImport {
		t.Fatalf("outbox %d, sources %v", outbox, sources)
	}

	// The same file again adds nothing; one with a further message adds it
	// to the conversation imported before.
	res, err = s.ImportConversations(ctx, a.ID, convs)
	if err != nil || res != (engine.ChatImportResult{Skipped: 4}) {
		t.Fatalf("again: %+v %v", res, err)
	}
	more := convs[:1]
	more[0].Messages = append(more[0].Messages, engine.ImportedMessage{Sender: engine.SenderAgent, Text: "不客气", At: t0.Add(3 * time.Minute)})
	res, err = s.ImportConversations(ctx, a.ID, more)
	if err != nil || res != (engine.ChatImportResult{Messages: 1, Skipped: 3, Buyers: 1}) {
		t.Fatalf("more: %+v %v", res, err)
	}
	if c2, _ := s.Conversation(ctx, c.ID); c2.LastText != "不客气" || !c2.ClosedAt.Equal(t0.Add(3*time.Minute)) || !c2.LastBuyerAt.Equal(t0.Add(2*time.Minute)) {
		t.Fatalf("%+v", c2)
	}

	// A live message of the buyer opens a new, queued conversation.
	r, err := s.AddBuyerMessage(ctx, engine.BuyerMessage{ShopID: a.ID, BuyerExternalID: "old1", Text: "又来了", At: t0.Add(48 * time.Hour)})
	if err != nil || !r.Opened || r.Conversation.ID == c.ID || r.Conversation.BuyerName != "老客" {
		t.Fatalf("%+v %v", r, err)
	}

	if _, err := s.ImportConversations(ctx, 99, convs); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown shop: %v", err)
	}
}

func TestImportOrders_CV7c_OneTransactionCountsCreatedAndUpdated(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	a, _ := twoShops(t, s)
	if _, err := s.UpsertOrders(ctx, a.ID, "b1", "", []engine.Order{{ID: "1001", Status: engine.OrderUnpaid}}, at); err != nil {
		t.Fatal(err)
	}
	res, err := s.ImportOrders(ctx, a.ID, []engine.BuyerOrders{
		{BuyerExternalID: "b1", BuyerName: "小王", Orders: []engine.Order{{ID: "1001", Status: engine.OrderPaid}, {ID: "1002", Status: engine.OrderShipped}}},
		{BuyerExternalID: "b2", Orders: []engine.Order{{ID: "2001", Status: engine.OrderDelivered}}},
	}, at.Add(time.Hour))
	if err != nil || res != (engine.OrderImportResult{Created: 2, Updated: 1, Buyers: 2}) {
		t.Fatalf("%+v %v", res, err)
	}
	if o, err := s.Order(ctx, a.ID, "1001"); err != nil || o.Status != engine.OrderPaid {
		t.Fatalf("%+v %v", o, err)
	}
	if _, err := s.ImportOrders(ctx, 99, nil, at); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown shop: %v", err)
	}
}

// TestHistoryMessages_CV5_ReadsTheRangeByItsIndex: an export of a few days
// of one shop reads the messages of those days through messages_created,
// not every conversation of the shop — in portable SQL (no INDEXED BY).
func TestHistoryMessages_CV5_ReadsTheRangeByItsIndex(t *testing.T) {
	s, _ := openTest(t)
	day := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	for _, shop := range []int64{0, 1} {
		q, args := historyQuery(engine.HistoryRange{ShopID: shop, From: day, To: day.Add(24 * time.Hour)})
		if strings.Contains(strings.ToUpper(q), "INDEXED BY") {
			t.Fatalf("SQLite-only SQL: %s", q)
		}
		var plan []struct {
			ID, Parent, Notused int
			Detail              string
		}
		if err := s.db.Raw("EXPLAIN QUERY PLAN "+q, args...).Scan(&plan).Error; err != nil {
			t.Fatal(err)
		}
		if len(plan) == 0 || !strings.Contains(plan[0].Detail, "messages_created") {
			t.Errorf("shop %d: the plan starts %+v; want the messages of the range through messages_created", shop, plan)
		}
	}
}
