package engine

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// memOrders is the orders of shop 1: buyer 1 ("b1") has three, buyer 2 ("b2") one.
type memOrders struct{ orders []Order }

var _ Orders = (*memOrders)(nil)

func (m *memOrders) Order(_ context.Context, shopID int64, id string) (Order, error) {
	for _, o := range m.orders {
		if o.ShopID == shopID && o.ID == id {
			return o, nil
		}
	}
	return Order{}, ErrNotFound
}

func (m *memOrders) BuyerOrders(_ context.Context, shopID int64, externalID string) ([]Order, error) {
	var out []Order
	for _, o := range m.orders {
		if o.ShopID == shopID && "b"+string(rune('0'+o.BuyerID)) == externalID {
			out = append(out, o)
		}
	}
	return out, nil
}

func cardDesk(t *testing.T) (*Desk, *memConversations, *recorder, int64) {
	t.Helper()
	d, convs, rec, _ := newTestDesk()
	d.orders = &memOrders{orders: []Order{
		{ID: "1001", ShopID: 1, BuyerID: 1, Status: OrderPaid, AmountCents: 12990, Currency: "CNY",
			Items: []OrderItem{{Name: "纯棉T恤 白色 L", Quantity: 2}}, Address: "上海市浦东新区世纪大道 100 号",
			PromiseShipAt: time.Date(2026, 11, 22, 18, 0, 0, 0, time.UTC)},
		{ID: "1002", ShopID: 1, BuyerID: 1, Status: OrderShipped, AmountCents: 5900, Courier: "顺丰", TrackingNo: "SF1234567890",
			Items: []OrderItem{{Name: "帆布包", Quantity: 1}}},
		{ID: "2001", ShopID: 1, BuyerID: 2, Status: OrderPaid, AmountCents: 100, Items: []OrderItem{{Name: "别人的", Quantity: 1}}},
	}}
	// b1 is buyer 1, b2 buyer 2 (the fake numbers buyers as they come).
	c, _, err := d.ReceiveBuyerMessage(context.Background(), 1, "b1", "小王", "我的订单呢")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := d.ReceiveBuyerMessage(context.Background(), 1, "b2", "小李", "在吗"); err != nil {
		t.Fatal(err)
	}
	rec.added, rec.delivered = nil, nil
	return d, convs, rec, c.ID
}

func TestSendCard_CV7a_OrderLogisticsCouponAddressCards(t *testing.T) {
	d, convs, rec, conv := cardDesk(t)
	ctx := context.Background()
	cases := []struct {
		kind    MessageType
		order   string
		summary string
		check   func(*Card) bool
	}{
		{MessageOrderCard, "1001", "[订单] 1001", func(c *Card) bool {
			return c.Order != nil && c.Order.AmountCents == 12990 && c.Order.Items[0].Name == "纯棉T恤 白色 L" && !c.Order.PromiseShipAt.IsZero()
		}},
		{MessageLogisticsCard, " 1002 ", "[物流] 顺丰 SF1234567890", func(c *Card) bool {
			return c.Order != nil && c.Order.Courier == "顺丰" && c.Order.TrackingNo == "SF1234567890"
		}},
		{MessageCouponCard, "", "[优惠券] 满99减10", func(c *Card) bool {
			return c.Coupon != nil && c.Coupon.AmountOffCents == 1000 && c.Coupon.ExpiresAt.Equal(time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC))
		}},
		{MessageAddressCard, "1001", "[地址] 上海市浦东新区世纪大道 100 号", func(c *Card) bool {
			return c.Address != nil && c.Address.OrderID == "1001" && c.Order == nil
		}},
	}
	for i, tc := range cases {
		m, err := d.SendCard(ctx, conv, tc.kind, tc.order)
		if err != nil {
			t.Fatalf("%s: %v", tc.kind, err)
		}
		if m.Type != tc.kind || m.Sender != SenderAgent || m.Text != tc.summary || m.Payload == nil || m.Payload.Kind != tc.kind || !tc.check(m.Payload) {
			t.Fatalf("%s: got %+v %+v", tc.kind, m, m.Payload)
		}
		if len(rec.delivered) != i+1 || rec.delivered[i].Payload == nil || len(rec.added) != i+1 {
			t.Fatalf("%s: not delivered to the buyer or not shown in the window", tc.kind)
		}
	}
	c, _ := convs.Conversation(ctx, conv)
	if c.Unreplied || c.LastText != "[地址] 上海市浦东新区世纪大道 100 号" {
		t.Fatalf("a card counts as a reply and shows in the list: %+v", c)
	}
}

func TestSendCard_CV7a_BadCardsAreRefusedAndNothingSent(t *testing.T) {
	cases := []struct {
		name  string
		kind  MessageType
		order string
		key   string
	}{
		{"unknown kind", "rating_request", "1001", "card_unknown_kind"},
		{"text is no card", MessageText, "1001", "card_unknown_kind"},
		{"no order", MessageOrderCard, "  ", "card_order_missing"},
		{"unknown order", MessageOrderCard, "9999", "card_order_not_found"},
		{"another buyer's order", MessageOrderCard, "2001", "card_order_not_found"},
		{"another buyer's logistics", MessageLogisticsCard, "2001", "card_order_not_found"},
		{"not utf-8", MessageOrderCard, "10\xff", "card_order_not_utf8"},
		{"huge order number", MessageOrderCard, strings.Repeat("1", 10000), "card_order_not_found"},
		{"logistics without tracking", MessageLogisticsCard, "1001", "card_no_tracking"},
		{"address without address", MessageAddressCard, "1002", "card_no_address"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d, convs, rec, conv := cardDesk(t)
			before := len(convs.msgs)
			_, err := d.SendCard(context.Background(), conv, tc.kind, tc.order)
			var ie *InputError
			if !errors.As(err, &ie) || ie.Key != tc.key {
				t.Fatalf("want InputError %s, got %v", tc.key, err)
			}
			if len(convs.msgs) != before || len(rec.delivered) != 0 || len(rec.added) != 0 {
				t.Fatal("a refused card was stored, delivered or shown")
			}
		})
	}
}

func TestSendCard_CV7a_ClosedOrUnknownConversationRefused(t *testing.T) {
	d, convs, rec, conv := cardDesk(t)
	ctx := context.Background()
	if _, err := d.Close(ctx, conv); err != nil {
		t.Fatal(err)
	}
	before := len(convs.msgs)
	if _, err := d.SendCard(ctx, conv, MessageCouponCard, ""); !errors.Is(err, ErrClosed) {
		t.Fatalf("closed conversation: %v", err)
	}
	if _, err := d.SendCard(ctx, 999, MessageCouponCard, ""); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown conversation: %v", err)
	}
	if len(convs.msgs) != before || len(rec.delivered) != 0 {
		t.Fatal("a refused card was stored or delivered")
	}
}

func TestSendCard_CV7a_WithoutOrdersOnlyCoupons(t *testing.T) {
	d, _, _, conv := cardDesk(t)
	d.orders = nil
	if _, err := d.SendCard(context.Background(), conv, MessageOrderCard, "1001"); err == nil {
		t.Fatal("an order card was sent by a desk that reads no orders")
	}
	if _, err := d.SendCard(context.Background(), conv, MessageCouponCard, ""); err != nil {
		t.Fatal(err)
	}
}

func TestReceiveBuyerCard_CV7a_BuyerAsksAboutAnOrder(t *testing.T) {
	d, convs, rec, conv := cardDesk(t)
	ctx := context.Background()
	c, m, err := d.ReceiveBuyerCard(ctx, 1, "b1", "小王", "1002")
	if err != nil {
		t.Fatal(err)
	}
	if c.ID != conv || m.Sender != SenderBuyer || m.Type != MessageOrderCard || m.Text != "[订单] 1002" ||
		m.Payload == nil || m.Payload.Order.TrackingNo != "SF1234567890" {
		t.Fatalf("got %+v %+v", c, m)
	}
	if c.LastText != "[订单] 1002" || !c.Unreplied || len(rec.added) != 1 {
		t.Fatalf("the list must show the card: %+v", c)
	}
	before := len(convs.msgs)
	for name, order := range map[string]string{"other buyer's": "2001", "unknown": "nope", "empty": "", "not utf-8": "\xff"} {
		if _, _, err := d.ReceiveBuyerCard(ctx, 1, "b1", "小王", order); err == nil {
			t.Errorf("%s order accepted", name)
		}
	}
	if _, _, err := d.ReceiveBuyerCard(ctx, 1, "", "", "1001"); err == nil {
		t.Error("a card from no buyer accepted")
	}
	if len(convs.msgs) != before {
		t.Fatal("a refused buyer card was stored")
	}
}

func TestSuggest_CV7a_BuyerOrderCardIsNotMatchedAsText(t *testing.T) {
	d, _, _, conv := cardDesk(t)
	ctx := context.Background()
	if _, _, err := d.ReceiveBuyerMessage(ctx, 1, "b1", "小王", "什么时候发货"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := d.ReceiveBuyerCard(ctx, 1, "b1", "小王", "1001"); err != nil {
		t.Fatal(err)
	}
	a, err := d.Suggest(ctx, conv)
	if err != nil {
		t.Fatal(err)
	}
	if a.Query != "什么时候发货" || a.Intent != "ship_time" {
		t.Fatalf("assist answers %q (%s), want the buyer's last text", a.Query, a.Intent)
	}
}
