package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"replydesk/engine"
)

func openTest(t *testing.T) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "data", "replydesk.db")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

func TestOpenCreatesFileAndMigratesOnce(t *testing.T) {
	s, path := openTest(t)
	ctx := context.Background()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("no database file: %v", err)
	}
	v, err := s.SchemaVersion(ctx)
	if err != nil || v != len(migrations)-1 {
		t.Fatalf("schema version %d, %v", v, err)
	}
	if _, err := s.CreateShop(ctx, engine.Shop{Name: "店"}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	// Reopening runs no migration again and keeps the data.
	s2, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	shops, err := s2.Shops(ctx)
	if err != nil || len(shops) != 1 || shops[0].Name != "店" {
		t.Fatalf("%+v %v", shops, err)
	}
}

func TestInstanceIDIsStableAndUnique(t *testing.T) {
	ctx := context.Background()
	a, pathA := openTest(t)
	b, _ := openTest(t)
	idA, err := a.InstanceID(ctx)
	if err != nil || len(idA) != 32 {
		t.Fatalf("%q %v", idA, err)
	}
	if idB, _ := b.InstanceID(ctx); idB == idA {
		t.Fatal("two databases share an instance id")
	}
	a.Close()
	again, err := Open(ctx, pathA)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if id, _ := again.InstanceID(ctx); id != idA {
		t.Fatalf("instance id changed on reopen: %s → %s", idA, id)
	}
}

func TestOpenRefusesANewerSchema(t *testing.T) {
	s, path := openTest(t)
	if err := s.db.Exec(`INSERT INTO schema_migrations (version) VALUES (99)`).Error; err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := Open(context.Background(), path); err == nil {
		t.Fatal("a database from a newer app was opened")
	}
}

func TestEntriesRoundTrip(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	shop, _ := s.CreateShop(ctx, engine.Shop{Name: "A", Locale: "zh-CN"})
	in := []engine.Entry{
		{ShopID: shop.ID, Question: "什么时候发货", Similar: []string{"几号发", "啥时候发 😀"}, Answers: []engine.Answer{{Text: "48小时内"}}, Category: "order", Intent: "ship_time", Enabled: true},
		{ShopID: shop.ID, Question: "包邮吗", Answers: []engine.Answer{{Text: "包邮"}, {Text: "偏远除外"}}, Enabled: false},
	}
	created, err := s.CreateEntries(ctx, in)
	if err != nil || len(created) != 2 || created[0].ID == 0 {
		t.Fatalf("%+v %v", created, err)
	}
	got, err := s.Entries(ctx, []int64{created[0].ID, created[1].ID, 999})
	if err != nil || len(got) != 2 {
		t.Fatalf("%+v %v", got, err)
	}
	byID := map[int64]engine.Entry{got[0].ID: got[0], got[1].ID: got[1]}
	e := byID[created[0].ID]
	if e.Question != "什么时候发货" || len(e.Similar) != 2 || e.Similar[1] != "啥时候发 😀" || e.Intent != "ship_time" || !e.Enabled {
		t.Fatalf("%+v", e)
	}
	if e2 := byID[created[1].ID]; e2.Enabled || len(e2.Similar) != 0 || e2.Similar == nil || len(e2.Answers) != 2 {
		t.Fatalf("%+v", e2)
	}
	var n int
	err = s.EachEntry(ctx, func(engine.Entry) error { n++; return nil })
	if err != nil || n != 2 {
		t.Fatalf("each entry: %d %v", n, err)
	}
}

func TestEachEntryPagesThroughALargeKB(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	shop, _ := s.CreateShop(ctx, engine.Shop{Name: "A"})
	in := make([]engine.Entry, 2500)
	for i := range in {
		in[i] = engine.Entry{ShopID: shop.ID, Question: "q", Answers: []engine.Answer{{Text: "a"}}, Enabled: true}
	}
	if _, err := s.CreateEntries(ctx, in); err != nil {
		t.Fatal(err)
	}
	var n int
	var last int64
	err := s.EachEntry(ctx, func(e engine.Entry) error {
		if e.ID <= last {
			t.Fatalf("out of order: %d after %d", e.ID, last)
		}
		last = e.ID
		n++
		return nil
	})
	if err != nil || n != 2500 {
		t.Fatalf("%d %v", n, err)
	}
}

func TestConversationLifecycle(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	shop, _ := s.CreateShop(ctx, engine.Shop{Name: "演示店"})
	t0 := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)

	c, m, err := s.AppendBuyerMessage(ctx, shop.ID, "b-1", "小王", "什么时候发货", t0)
	if err != nil {
		t.Fatal(err)
	}
	if c.ShopName != "演示店" || c.BuyerName != "小王" || c.Unread != 1 || c.LastText != "什么时候发货" || !c.LastAt.Equal(t0) {
		t.Fatalf("%+v", c)
	}
	if m.ID == 0 || m.Sender != engine.SenderBuyer || !m.CreatedAt.Equal(t0) {
		t.Fatalf("%+v", m)
	}
	// The same buyer writes again: same conversation, new name is kept.
	c2, _, err := s.AppendBuyerMessage(ctx, shop.ID, "b-1", "王先生", "在吗", t0.Add(time.Minute))
	if err != nil || c2.ID != c.ID || c2.Unread != 2 || c2.BuyerName != "王先生" {
		t.Fatalf("%+v %v", c2, err)
	}
	// Another buyer gets another conversation, listed first (newest activity).
	c3, _, _ := s.AppendBuyerMessage(ctx, shop.ID, "b-2", "", "hi", t0.Add(2*time.Minute))
	list, err := s.Conversations(ctx)
	if err != nil || len(list) != 2 || list[0].ID != c3.ID {
		t.Fatalf("%+v %v", list, err)
	}
	c4, reply, err := s.AppendMessage(ctx, c.ID, engine.Message{Sender: engine.SenderAgent, Text: "今天发", EntryID: 7, CreatedAt: t0.Add(3 * time.Minute)})
	if err != nil || c4.LastSender != engine.SenderAgent || reply.Type != engine.MessageText || reply.EntryID != 7 {
		t.Fatalf("%+v %+v %v", c4, reply, err)
	}
	msgs, err := s.Messages(ctx, c.ID)
	if err != nil || len(msgs) != 3 || msgs[0].Text != "什么时候发货" || msgs[2].Text != "今天发" {
		t.Fatalf("%+v %v", msgs, err)
	}
	read, err := s.MarkRead(ctx, c.ID)
	if err != nil || read.Unread != 0 {
		t.Fatalf("%+v %v", read, err)
	}
	bc, bm, err := s.BuyerConversation(ctx, shop.ID, "b-1")
	if err != nil || bc.ID != c.ID || len(bm) != 3 {
		t.Fatalf("%+v %v", bc, err)
	}
}

func TestNotFound(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	checks := map[string]error{}
	_, checks["conversation"] = s.Conversation(ctx, 1)
	_, checks["messages"] = s.Messages(ctx, 1)
	_, checks["mark read"] = s.MarkRead(ctx, 1)
	_, checks["buyer"] = s.Buyer(ctx, 1)
	_, checks["shop"] = s.Shop(ctx, 1)
	_, _, checks["append to missing"] = s.AppendMessage(ctx, 1, engine.Message{Sender: engine.SenderAgent, Text: "x"})
	_, _, checks["buyer message to missing shop"] = s.AppendBuyerMessage(ctx, 5, "b", "", "x", time.Now())
	_, _, checks["buyer conversation"] = s.BuyerConversation(ctx, 1, "b")
	for name, err := range checks {
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("%s: want ErrNotFound, got %v", name, err)
		}
	}
	if list, err := s.Conversations(ctx); err != nil || len(list) != 0 {
		t.Fatalf("a failed append left a conversation behind: %+v %v", list, err)
	}
}

func TestLongMessagePreviewIsShortened(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	shop, _ := s.CreateShop(ctx, engine.Shop{Name: "A"})
	long := ""
	for i := 0; i < 200; i++ {
		long += "货"
	}
	c, m, err := s.AppendBuyerMessage(ctx, shop.ID, "b", "", long, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if m.Text != long || len([]rune(c.LastText)) != previewRunes+1 {
		t.Fatalf("message %d runes, preview %d runes", len([]rune(m.Text)), len([]rune(c.LastText)))
	}
}

func TestConcurrentWritersDoNotLock(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	shop, _ := s.CreateShop(ctx, engine.Shop{Name: "A"})
	errs := make(chan error, 40)
	for i := 0; i < 40; i++ {
		go func(i int) {
			_, _, err := s.AppendBuyerMessage(ctx, shop.ID, "b", "", "msg", time.Now())
			errs <- err
		}(i)
	}
	for i := 0; i < 40; i++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	list, _ := s.Conversations(ctx)
	msgs, _ := s.Messages(ctx, list[0].ID)
	if len(list) != 1 || len(msgs) != 40 || list[0].Unread != 40 {
		t.Fatalf("%d conversations, %d messages, unread %d", len(list), len(msgs), list[0].Unread)
	}
}
