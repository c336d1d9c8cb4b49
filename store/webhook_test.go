package store

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"replydesk/engine"
)

var at = time.Date(2025, 6, 18, 10, 0, 0, 0, time.UTC)

func twoShops(t *testing.T, s *Store) (engine.Shop, engine.Shop) {
	t.Helper()
	a, err := s.CreateShop(context.Background(), engine.Shop{Name: "A"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.CreateShop(context.Background(), engine.Shop{Name: "B"})
	if err != nil {
		t.Fatal(err)
	}
	return a, b
}

func TestWebhookTokenHashesAreOnePerShop_CV7b(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	a, b := twoShops(t, s)
	if has, _ := s.HasWebhookToken(ctx, a.ID); has {
		t.Fatal("a new shop has a token")
	}
	if err := s.SetWebhookToken(ctx, a.ID, "hash-a1", at); err != nil {
		t.Fatal(err)
	}
	if err := s.SetWebhookToken(ctx, b.ID, "hash-b", at); err != nil {
		t.Fatal(err)
	}
	if err := s.SetWebhookToken(ctx, a.ID, "hash-a2", at); err != nil {
		t.Fatal(err)
	}
	if id, err := s.WebhookTokenShop(ctx, "hash-a2"); err != nil || id != a.ID {
		t.Fatalf("%d %v", id, err)
	}
	if _, err := s.WebhookTokenShop(ctx, "hash-a1"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a replaced token still works: %v", err)
	}
	if has, _ := s.HasWebhookToken(ctx, a.ID); !has {
		t.Fatal("no token")
	}
	if err := s.SetWebhookToken(ctx, 99, "hash-x", at); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown shop: %v", err)
	}
}

func TestIdempotentStoresOneMessagePerKey_CV7b(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	a, b := twoShops(t, s)
	conv := s.Idempotent()
	add := func(shop int64, key, text string) (engine.Received, *engine.MessageKey, error) {
		k := &engine.MessageKey{ID: key}
		r, err := conv.AddBuyerMessage(engine.WithMessageKey(ctx, k), engine.BuyerMessage{ShopID: shop, BuyerExternalID: "b1", Text: text, At: at})
		return r, k, err
	}
	first, k, err := add(a.ID, "k1", "在吗")
	if err != nil || !k.Recorded() {
		t.Fatalf("%v recorded=%v", err, k.Recorded())
	}
	_, k, err = add(a.ID, "k1", "again")
	var dup *engine.DuplicateMessageError
	if !errors.As(err, &dup) || dup.Message.ID != first.Message.ID || dup.Message.Text != "在吗" || k.Recorded() {
		t.Fatalf("%v", err)
	}
	if m, err := s.KeyedMessage(ctx, a.ID, "k1"); err != nil || m.ID != first.Message.ID {
		t.Fatalf("%+v %v", m, err)
	}
	if _, err := s.KeyedMessage(ctx, b.ID, "k1"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("keys leak across shops: %v", err)
	}
	if _, _, err := add(b.ID, "k1", "other shop"); err != nil {
		t.Fatal(err)
	}
	// Without a key it is the plain store.
	if _, err := conv.AddBuyerMessage(ctx, engine.BuyerMessage{ShopID: a.ID, BuyerExternalID: "b1", Text: "no key", At: at}); err != nil {
		t.Fatal(err)
	}
	// A refused message (unknown shop) records no key.
	if _, _, err := add(99, "k9", "x"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown shop: %v", err)
	}
	// Concurrent duplicates store one message.
	var wg sync.WaitGroup
	var mu sync.Mutex
	created := 0
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var d *engine.DuplicateMessageError
			if _, _, err := add(a.ID, "k2", "concurrent"); err == nil {
				mu.Lock()
				created++
				mu.Unlock()
			} else if !errors.As(err, &d) {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	_, msgs, err := s.BuyerConversation(ctx, a.ID, "b1")
	if err != nil || created != 1 || len(msgs) != 3 {
		t.Fatalf("created %d, stored %d: %v", created, len(msgs), err)
	}
}

func TestOrdersAreUpsertedByShopAndOrderNumber_CV7b(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	a, b := twoShops(t, s)
	promise := time.Date(2025, 6, 19, 10, 0, 0, 0, time.UTC)
	orders := []engine.Order{
		{ID: "1001", Status: engine.OrderPaid, AmountCents: 12990, Currency: "CNY", PromiseShipAt: promise,
			Items: []engine.OrderItem{{Name: "T恤", SKU: "TS-L", Quantity: 2}}, Address: "上海"},
		{ID: "1002", Status: engine.OrderUnpaid},
	}
	got, err := s.UpsertOrders(ctx, a.ID, "b1", "小王", orders, at)
	if err != nil || len(got) != 2 || got[0].ID != "1001" || !got[0].PromiseShipAt.Equal(promise) || got[0].Items[0].SKU != "TS-L" ||
		got[1].Items == nil || !got[1].PromiseShipAt.IsZero() || got[0].BuyerID == 0 || got[0].ShopID != a.ID {
		t.Fatalf("%+v %v", got, err)
	}
	// The buyer exists now, with the name given.
	if buyer, err := s.Buyer(ctx, got[0].BuyerID); err != nil || buyer.Name != "小王" || buyer.ExternalID != "b1" {
		t.Fatalf("%+v %v", buyer, err)
	}
	// Again: replaced, and moved to another buyer; the other shop's 1001 is its own.
	later := at.Add(time.Hour)
	if _, err := s.UpsertOrders(ctx, a.ID, "b2", "", []engine.Order{{ID: "1001", Status: engine.OrderShipped, TrackingNo: "SF1"}}, later); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpsertOrders(ctx, b.ID, "b1", "", []engine.Order{{ID: "1001", Status: engine.OrderDelivered}}, later); err != nil {
		t.Fatal(err)
	}
	o, err := s.Order(ctx, a.ID, "1001")
	if err != nil || o.Status != engine.OrderShipped || o.TrackingNo != "SF1" || o.AmountCents != 0 || !o.CreatedAt.Equal(at) || !o.UpdatedAt.Equal(later) {
		t.Fatalf("%+v %v", o, err)
	}
	if l, _ := s.BuyerOrders(ctx, a.ID, "b1"); len(l) != 1 || l[0].ID != "1002" {
		t.Fatalf("b1: %+v", l)
	}
	if l, _ := s.BuyerOrders(ctx, a.ID, "b2"); len(l) != 1 || l[0].ID != "1001" {
		t.Fatalf("b2: %+v", l)
	}
	if l, err := s.BuyerOrders(ctx, a.ID, "nobody"); err != nil || len(l) != 0 {
		t.Fatalf("%+v %v", l, err)
	}
	if _, err := s.Order(ctx, a.ID, "nope"); !errors.Is(err, ErrNotFound) {
		t.Fatal(err)
	}
	if _, err := s.UpsertOrders(ctx, 99, "b1", "", orders, at); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown shop: %v", err)
	}
}

func TestOutboxGivesEachShopsOldestPendingDelivery_CV7b(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	a, b := twoShops(t, s)
	for _, shop := range []int64{a.ID, b.ID} {
		if err := s.SetCallback(ctx, shop, engine.Callback{URL: "http://127.0.0.1:9/hook", Secret: "0123456789abcdef"}, at); err != nil {
			t.Fatal(err)
		}
	}
	// A reply is queued in the transaction that stores it, without a body
	// until the worker makes one; an agents' note is not queued.
	reply := func(shop int64, buyer, text string) engine.Delivery {
		c, _, err := s.AppendBuyerMessage(ctx, shop, buyer, "", "在吗", at)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.AppendMessage(ctx, c.ID, engine.Message{Sender: engine.SenderSystem, Text: "note", CreatedAt: at}); err != nil {
			t.Fatal(err)
		}
		_, m, err := s.AppendMessage(ctx, c.ID, engine.Message{Sender: engine.SenderAgent, Text: text, CreatedAt: at})
		if err != nil {
			t.Fatal(err)
		}
		ds, err := s.Deliveries(ctx, shop)
		if err != nil || len(ds) == 0 {
			t.Fatalf("no delivery for message %d: %v", m.ID, err)
		}
		d := ds[len(ds)-1]
		if d.MessageID != m.ID || len(d.Body) != 0 || d.ID == "" {
			t.Fatalf("the reply's delivery: %+v", d)
		}
		return d
	}
	a1, a2 := reply(a.ID, "a-b1", "one"), reply(a.ID, "a-b2", "two")
	b1 := reply(b.ID, "b-b1", "three")
	if ds, err := s.Deliveries(ctx, b.ID); err != nil || len(ds) != 1 {
		t.Fatalf("%d deliveries of one message: %v", len(ds), err)
	}
	// A delivery queued without a body comes with its message and buyer.
	heads, err := s.NextDeliveries(ctx)
	if err != nil || len(heads) != 2 {
		t.Fatalf("%+v %v", heads, err)
	}
	for _, h := range heads {
		if h.Message == nil || h.Message.Message.ID != h.MessageID || h.Message.Buyer.ExternalID == "" || h.Message.Message.Text == "" {
			t.Fatalf("the head delivery %+v lacks its message", h)
		}
	}
	if err := s.DeliveryFailed(ctx, b1.Seq, 1, at.Add(time.Second), "answered HTTP 500"); err != nil {
		t.Fatal(err)
	}
	ds, err := s.NextDeliveries(ctx)
	if err != nil || len(ds) != 2 || ds[0].Seq != a1.Seq || ds[1].Seq != b1.Seq || ds[1].Attempts != 1 ||
		!ds[1].NextAt.Equal(at.Add(time.Second)) || ds[0].Callback.Secret != "0123456789abcdef" || ds[0].Message.Message.Text != "one" {
		t.Fatalf("%+v %v", ds, err)
	}
	if err := s.DeliverySucceeded(ctx, a1.Seq, at); err != nil {
		t.Fatal(err)
	}
	if ds, _ := s.NextDeliveries(ctx); len(ds) != 2 || ds[0].Seq != a2.Seq {
		t.Fatalf("%+v", ds)
	}
	// A failure recorded late does not undo an acknowledgement.
	if err := s.DeliveryFailed(ctx, a1.Seq, 5, at, "late"); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.PendingDeliveries(ctx, a.ID); n != 1 {
		t.Fatalf("%d pending", n)
	}
	if n, err := s.PruneDeliveries(ctx, at.Add(time.Minute)); err != nil || n != 1 {
		t.Fatalf("pruned %d %v", n, err)
	}
	if all, _ := s.Deliveries(ctx, a.ID); len(all) != 1 || all[0].Seq != a2.Seq {
		t.Fatalf("%+v", all)
	}
	// Removing the callback pauses the shop's deliveries without losing them.
	if err := s.SetCallback(ctx, a.ID, engine.Callback{}, at); err != nil {
		t.Fatal(err)
	}
	if ds, _ := s.NextDeliveries(ctx); len(ds) != 1 || ds[0].ShopID != b.ID {
		t.Fatalf("%+v", ds)
	}
	if n, _ := s.PendingDeliveries(ctx, a.ID); n != 1 {
		t.Fatalf("%d pending", n)
	}
}
