package store

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"replydesk/engine"
)

func TestBuyerProfile_CV4_ProfileOrdersAndCounts(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	shop, err := s.CreateShop(ctx, engine.Shop{Name: "小店", Platform: "douyin"})
	if err != nil {
		t.Fatal(err)
	}
	c, _, err := s.AppendBuyerMessage(ctx, shop.ID, "b1", "小王", "在吗", at)
	if err != nil {
		t.Fatal(err)
	}
	// A second conversation after the first is closed.
	if _, err := s.CloseConversation(ctx, c.ID, engine.ClosedByAgent, at.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.AppendBuyerMessage(ctx, shop.ID, "b1", "小王", "又来了", at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	promise := at.Add(48 * time.Hour)
	if _, err := s.UpsertOrders(ctx, shop.ID, "b1", "", []engine.Order{
		{ID: "A1", Status: engine.OrderPaid, AmountCents: 9900, Currency: "CNY", PromiseShipAt: promise,
			Items: []engine.OrderItem{{Name: "T恤", SKU: "red-L", Quantity: 2}}, Address: "上海市"},
	}, at.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpsertOrders(ctx, shop.ID, "b1", "", []engine.Order{
		{ID: "A2", Status: engine.OrderShipped, AmountCents: 100, Currency: "CNY", Courier: "顺丰", TrackingNo: "SF123"},
		{ID: "A3", Status: engine.OrderDelivered, AmountCents: 500, Currency: "USD"},
	}, at.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	// Another buyer's order is not this buyer's.
	if _, err := s.UpsertOrders(ctx, shop.ID, "b2", "", []engine.Order{{ID: "X", Status: engine.OrderPaid, AmountCents: 1}}, at); err != nil {
		t.Fatal(err)
	}

	p, err := s.BuyerProfile(ctx, c.BuyerID, 2)
	if err != nil {
		t.Fatal(err)
	}
	if p.Buyer.ExternalID != "b1" || p.Buyer.Name != "小王" || p.ShopName != "小店" || p.Platform != "douyin" {
		t.Fatalf("profile: %+v", p)
	}
	if !p.FirstSeen.Equal(at) || p.Conversations != 2 || p.OrderCount != 3 {
		t.Fatalf("first seen %v, conversations %d, orders %d", p.FirstSeen, p.Conversations, p.OrderCount)
	}
	if len(p.Orders) != 2 || p.Orders[0].ID != "A3" || p.Orders[1].ID != "A2" {
		t.Fatalf("want the 2 newest orders, newest first: %+v", p.Orders)
	}
	if p.Orders[1].Courier != "顺丰" || p.Orders[1].TrackingNo != "SF123" || p.Orders[1].Status != engine.OrderShipped {
		t.Fatalf("logistics: %+v", p.Orders[1])
	}
	if !slices.Equal(p.Totals, []engine.Money{{Currency: "CNY", AmountCents: 10000}, {Currency: "USD", AmountCents: 500}}) {
		t.Fatalf("totals: %+v", p.Totals)
	}
	all, err := s.BuyerProfile(ctx, c.BuyerID, 50)
	if err != nil || len(all.Orders) != 3 || !all.Orders[2].PromiseShipAt.Equal(promise) || all.Orders[2].Items[0].Quantity != 2 {
		t.Fatalf("all orders: %+v %v", all.Orders, err)
	}
	if len(p.Buyer.Tags) != 0 || p.Buyer.Note != "" || p.Buyer.FollowUp || !p.UpdatedAt.IsZero() {
		t.Fatalf("a new buyer has notes: %+v", p.Buyer)
	}
}

func TestBuyerProfile_CV4_BuyerWithoutOrders(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	shop, _ := s.CreateShop(ctx, engine.Shop{Name: "A"})
	c, _, err := s.AppendBuyerMessage(ctx, shop.ID, "b1", "", "hi", at)
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.BuyerProfile(ctx, c.BuyerID, 50)
	if err != nil {
		t.Fatal(err)
	}
	if p.Orders == nil || len(p.Orders) != 0 || p.OrderCount != 0 || p.Totals == nil || p.Conversations != 1 {
		t.Fatalf("profile: %+v", p)
	}
	if _, err := s.BuyerProfile(ctx, 999, 50); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown buyer: %v", err)
	}
}

func TestUpdateBuyerNotes_CV4_KeptAndReplaced(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	shop, _ := s.CreateShop(ctx, engine.Shop{Name: "A"})
	c, _, err := s.AppendBuyerMessage(ctx, shop.ID, "b1", "小王", "hi", at)
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.UpdateBuyerNotes(ctx, c.BuyerID, engine.BuyerNotes{Tags: []string{"VIP", "回头客"}, Note: "爱买红色\n尺码 L", FollowUp: true}, at.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if b.Name != "小王" || !slices.Equal(b.Tags, []string{"VIP", "回头客"}) || b.Note != "爱买红色\n尺码 L" || !b.FollowUp {
		t.Fatalf("saved: %+v", b)
	}
	p, err := s.BuyerProfile(ctx, c.BuyerID, 50)
	if err != nil || !slices.Equal(p.Buyer.Tags, b.Tags) || p.Buyer.Note != b.Note || !p.Buyer.FollowUp || !p.UpdatedAt.Equal(at.Add(time.Minute)) {
		t.Fatalf("profile after save: %+v %v", p, err)
	}
	// A later message from the buyer keeps the notes.
	if _, _, err := s.AppendBuyerMessage(ctx, shop.ID, "b1", "小王2", "again", at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	// Saving again replaces everything, clearing included.
	b, err = s.UpdateBuyerNotes(ctx, c.BuyerID, engine.BuyerNotes{}, at.Add(2*time.Hour))
	if err != nil || len(b.Tags) != 0 || b.Note != "" || b.FollowUp {
		t.Fatalf("cleared: %+v %v", b, err)
	}
	if _, err := s.UpdateBuyerNotes(ctx, 999, engine.BuyerNotes{}, at); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown buyer: %v", err)
	}
}

// The conversation lists show which buyers are flagged for follow-up, in
// the buyer's open conversation and in the next one it opens (CV-4).
func TestConversations_CV4_CarryTheBuyersFollowUpFlag(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	shop, err := s.CreateShop(ctx, engine.Shop{Name: "小店"})
	if err != nil {
		t.Fatal(err)
	}
	c, _, err := s.AppendBuyerMessage(ctx, shop.ID, "b1", "小王", "在吗", at)
	if err != nil {
		t.Fatal(err)
	}
	other, _, _ := s.AppendBuyerMessage(ctx, shop.ID, "b2", "小李", "在吗", at)
	if _, err := s.UpdateBuyerNotes(ctx, c.BuyerID, engine.BuyerNotes{FollowUp: true}, at); err != nil {
		t.Fatal(err)
	}
	page, err := s.List(ctx, engine.ListFilter{List: engine.ListAll, Limit: 10})
	if err != nil || len(page.Items) != 2 {
		t.Fatalf("%+v %v", page, err)
	}
	for _, got := range page.Items {
		if got.FollowUp != (got.ID == c.ID) {
			t.Errorf("conversation %d (buyer %s) followUp %v", got.ID, got.BuyerName, got.FollowUp)
		}
	}
	if _, err := s.CloseConversation(ctx, c.ID, engine.ClosedByAgent, at.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	next, _, err := s.AppendBuyerMessage(ctx, shop.ID, "b1", "小王", "又来了", at.Add(time.Hour))
	if err != nil || next.ID == c.ID || !next.FollowUp {
		t.Fatalf("the new conversation %+v %v: want the flag", next, err)
	}
	if got, _ := s.Conversation(ctx, other.ID); got.FollowUp {
		t.Errorf("another buyer's conversation is flagged")
	}
}
