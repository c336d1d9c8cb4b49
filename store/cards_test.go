package store

import (
	"context"
	"testing"
	"time"

	"replydesk/engine"
)

func TestCardPayloadRoundTrip_CV7a(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	shop, err := s.CreateShop(ctx, engine.Shop{Name: "店"})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	promise := at.Add(48 * time.Hour)
	asked := engine.Card{Kind: engine.MessageOrderCard, Order: &engine.CardOrder{ID: "1001", Status: engine.OrderPaid,
		Items: []engine.OrderItem{{Name: "T恤 <b>", Quantity: 2}}, AmountCents: 12990, Currency: "CNY", PromiseShipAt: promise}}
	r, err := s.AddBuyerMessage(ctx, engine.BuyerMessage{ShopID: shop.ID, BuyerExternalID: "b1", BuyerName: "小王",
		Text: asked.Summary(), Type: engine.MessageOrderCard, Payload: &asked, At: at})
	if err != nil {
		t.Fatal(err)
	}
	if r.Conversation.LastText != "[订单] 1001" {
		t.Fatalf("list preview %q", r.Conversation.LastText)
	}
	coupon := engine.Card{Kind: engine.MessageCouponCard, Coupon: &engine.Coupon{AmountOffCents: 1000, MinSpendCents: 9900, Currency: "CNY", ExpiresAt: at.Add(time.Hour)}}
	if _, _, err := s.AppendMessage(ctx, r.Conversation.ID, engine.Message{Sender: engine.SenderAgent, Type: engine.MessageCouponCard,
		Text: coupon.Summary(), Payload: &coupon, CreatedAt: at}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.AppendMessage(ctx, r.Conversation.ID, engine.Message{Sender: engine.SenderAgent, Text: "好的", CreatedAt: at}); err != nil {
		t.Fatal(err)
	}
	msgs, err := s.Messages(ctx, r.Conversation.ID)
	if err != nil || len(msgs) != 3 {
		t.Fatalf("%d messages, %v", len(msgs), err)
	}
	got := msgs[0]
	if got.Type != engine.MessageOrderCard || got.Payload == nil || got.Payload.Order.ID != "1001" ||
		got.Payload.Order.Items[0].Name != "T恤 <b>" || !got.Payload.Order.PromiseShipAt.Equal(promise) {
		t.Fatalf("buyer card %+v %+v", got, got.Payload)
	}
	if c := msgs[1].Payload; msgs[1].Type != engine.MessageCouponCard || c == nil || c.Coupon.MinSpendCents != 9900 || !c.Coupon.ExpiresAt.Equal(at.Add(time.Hour)) {
		t.Fatalf("coupon card %+v", msgs[1])
	}
	if msgs[2].Type != engine.MessageText || msgs[2].Payload != nil {
		t.Fatalf("a text message has a card: %+v", msgs[2])
	}
}
