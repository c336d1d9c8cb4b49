package channel

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"replydesk/engine"
)

func (r *rig) getJSON(t *testing.T, path string, v any) int {
	t.Helper()
	resp, err := http.Get(r.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return resp.StatusCode
}

func (r *rig) buyerOrders(t *testing.T, buyer string) []engine.Order {
	t.Helper()
	var orders []engine.Order
	if status := r.getJSON(t, "/simulator/api/orders?shop=1&buyer="+buyer+"&name=小王", &orders); status != 200 {
		t.Fatalf("orders: status %d", status)
	}
	return orders
}

func TestSimulatorOrders_CV7a_DemoOrdersSeededOnceThenNewOnes(t *testing.T) {
	r := newRig(t)
	first := r.buyerOrders(t, "b1")
	if len(first) != 3 {
		t.Fatalf("want 3 demo orders, got %+v", first)
	}
	states := map[engine.OrderStatus]engine.Order{}
	for _, o := range first {
		states[o.Status] = o
		if len(o.Items) == 0 || o.AmountCents <= 0 || o.Address == "" {
			t.Fatalf("an unrealistic demo order: %+v", o)
		}
	}
	if p := states[engine.OrderPaid]; p.PromiseShipAt.IsZero() {
		t.Fatalf("the paid order has no promised ship time: %+v", p)
	}
	if s := states[engine.OrderShipped]; s.Courier == "" || s.TrackingNo == "" {
		t.Fatalf("the shipped order has no logistics: %+v", s)
	}
	if _, ok := states[engine.OrderDelivered]; !ok {
		t.Fatalf("no delivered order: %+v", first)
	}
	// Asking again seeds nothing more; another buyer gets orders of its own.
	if again := r.buyerOrders(t, "b1"); len(again) != 3 || again[0].ID != first[0].ID {
		t.Fatalf("seeded twice: %+v", again)
	}
	other := r.buyerOrders(t, "b2")
	if len(other) != 3 {
		t.Fatalf("another buyer gets orders of its own: %+v", other)
	}
	for _, o := range other {
		for _, f := range first {
			if o.ID == f.ID {
				t.Fatalf("two buyers share order %s", o.ID)
			}
		}
	}
	// The "new order" button adds one, which comes first.
	body, _ := json.Marshal(newOrderRequest{Shop: r.shop.ID, Buyer: "b1", Name: "小王"})
	resp, err := http.Post(r.srv.URL+"/simulator/api/orders", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var after []engine.Order
	_ = json.NewDecoder(resp.Body).Decode(&after)
	resp.Body.Close()
	if resp.StatusCode != 200 || len(after) != 4 || after[0].Status != engine.OrderPaid {
		t.Fatalf("new order: %d %+v", resp.StatusCode, after)
	}
	// Unknown shops and bad parameters are refused.
	var e apiError
	if status := r.getJSON(t, "/simulator/api/orders?shop=99&buyer=b1", &e); status != 404 || e.Error.Key != "shop_not_found" {
		t.Fatalf("unknown shop: %d %+v", status, e)
	}
	if status := r.getJSON(t, "/simulator/api/orders?shop=1", &e); status != 400 {
		t.Fatalf("no buyer: %d", status)
	}
}

func TestSimulatorBuyerSendsOrderCard_CV7a(t *testing.T) {
	r := newRig(t)
	orders := r.buyerOrders(t, "b1")
	body, _ := json.Marshal(postRequest{Shop: r.shop.ID, Buyer: "b1", Name: "小王", Type: "order_card", Order: orders[0].ID})
	status, e := r.post(t, "application/json", body)
	if status != http.StatusCreated {
		t.Fatalf("status %d %+v", status, e)
	}
	var msgs []engine.Message
	r.getJSON(t, "/simulator/api/history?shop=1&buyer=b1", &msgs)
	if len(msgs) != 1 || msgs[0].Type != engine.MessageOrderCard || msgs[0].Payload == nil ||
		msgs[0].Payload.Order.ID != orders[0].ID || msgs[0].Text != "[订单] "+orders[0].ID {
		t.Fatalf("history %+v", msgs)
	}
	list, _ := r.st.Conversations(context.Background())
	if len(list) != 1 || list[0].LastText != "[订单] "+orders[0].ID || !list[0].Unreplied {
		t.Fatalf("the agent's list: %+v", list)
	}
}

func TestSimulatorHostileCardsRefusedNothingStored_CV7a(t *testing.T) {
	r := newRig(t)
	mine := r.buyerOrders(t, "b1")[0].ID
	theirs := r.buyerOrders(t, "b2")[0].ID
	js := func(v any) []byte { b, _ := json.Marshal(v); return b }
	cases := []struct {
		name   string
		body   []byte
		status int
		key    string
	}{
		{"buyer sends a coupon card", js(postRequest{Shop: 1, Buyer: "b1", Type: "coupon_card", Order: mine}), 400, "card_unknown_kind"},
		{"unknown type", js(postRequest{Shop: 1, Buyer: "b1", Type: "<script>", Order: mine}), 400, "card_unknown_kind"},
		{"another buyer's order", js(postRequest{Shop: 1, Buyer: "b1", Type: "order_card", Order: theirs}), 400, "card_order_not_found"},
		{"unknown order", js(postRequest{Shop: 1, Buyer: "b1", Type: "order_card", Order: "123"}), 400, "card_order_not_found"},
		{"no order", js(postRequest{Shop: 1, Buyer: "b1", Type: "order_card"}), 400, "card_order_missing"},
		{"invalid utf-8", []byte("{\"shop\":1,\"buyer\":\"b1\",\"type\":\"order_card\",\"order\":\"69\xff\"}"), 400, "message_not_utf8"},
		{"order as a number", []byte(`{"shop":1,"buyer":"b1","type":"order_card","order":69}`), 400, "bad_request"},
		{"no buyer", js(postRequest{Shop: 1, Type: "order_card", Order: mine}), 400, "buyer_missing"},
		{"other shop", js(postRequest{Shop: 99, Buyer: "b1", Type: "order_card", Order: mine}), 400, "card_order_not_found"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, e := r.post(t, "application/json", tc.body)
			if status != tc.status || e.Error.Key != tc.key || e.Error.Message == "" {
				t.Fatalf("got %d %+v, want %d %s", status, e, tc.status, tc.key)
			}
		})
	}
	if n := r.stored(t); n != 0 {
		t.Fatalf("%d refused messages were stored", n)
	}
}

func TestSimulatorShowsRobotRepliesButNeverSystemMessages_CV7a(t *testing.T) {
	r := newRig(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, _, err := r.desk.ReceiveBuyerMessage(ctx, r.shop.ID, "b1", "小王", "在吗")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []engine.Message{
		{Sender: engine.SenderSystem, Text: "请尽快回复买家"},
		{Sender: engine.SenderRobot, Text: "您好,在的"},
	} {
		m.CreatedAt = time.Now()
		if _, _, err := r.st.AppendMessage(ctx, c.ID, m); err != nil {
			t.Fatal(err)
		}
	}
	var msgs []engine.Message
	r.getJSON(t, "/simulator/api/history?shop=1&buyer=b1", &msgs)
	if len(msgs) != 2 || msgs[1].Sender != engine.SenderRobot {
		t.Fatalf("the buyer sees %+v", msgs)
	}
	// Pushed live: a system message is dropped, the card that follows arrives.
	req, _ := http.NewRequestWithContext(ctx, "GET", r.srv.URL+"/simulator/api/events?shop=1&buyer=b1", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	lines := bufio.NewScanner(resp.Body)
	lines.Scan()
	buyer, _ := r.st.Buyer(ctx, c.BuyerID)
	r.hub.Deliver(ctx, r.shop.ID, buyer, engine.Message{ID: 999, Sender: engine.SenderSystem, Text: "内部"})
	if _, err := r.desk.SendCard(ctx, c.ID, engine.MessageCouponCard, ""); err != nil {
		t.Fatal(err)
	}
	for lines.Scan() {
		if data, ok := strings.CutPrefix(lines.Text(), "data: "); ok {
			var m engine.Message
			if err := json.Unmarshal([]byte(data), &m); err != nil || m.Sender == engine.SenderSystem ||
				m.Type != engine.MessageCouponCard || m.Payload == nil || m.Payload.Coupon == nil {
				t.Fatalf("pushed %q: %v", data, err)
			}
			return
		}
	}
	t.Fatalf("nothing pushed: %v", lines.Err())
}

func TestCallbackCarriesTheCard_CV7a(t *testing.T) {
	r := newHookRig(t, WebhookOptions{})
	rc := newReceiver(t, always(200))
	r.setCallback(t, r.shop.ID, rc.srv.URL+"/hook")
	r.start(t)
	ctx := context.Background()
	c, _, err := r.desk.ReceiveBuyerMessage(ctx, r.shop.ID, "b1", "", "有优惠吗")
	if err != nil {
		t.Fatal(err)
	}
	buyer, _ := r.st.Buyer(ctx, c.BuyerID)
	r.callbacks.Deliver(ctx, r.shop.ID, buyer, engine.Message{ID: 998, Sender: engine.SenderSystem, Text: "内部"})
	m, err := r.desk.SendCard(ctx, c.ID, engine.MessageCouponCard, "")
	if err != nil {
		t.Fatal(err)
	}
	got := rc.next(t)
	card := got.body.Message.Card
	if got.body.Message.ID != m.ID || got.body.Message.Type != "coupon_card" || got.body.Message.Text != "[优惠券] 满99减10" ||
		card == nil || card.Kind != "coupon_card" || card.Coupon == nil || card.Coupon.AmountOff != "10.00" || card.Coupon.MinSpend != "99.00" {
		t.Fatalf("callback body %s", got.raw)
	}
	if !strings.Contains(string(got.raw), `"amount_off":"10.00"`) {
		t.Fatalf("not snake_case: %s", got.raw)
	}
	// A text reply has no card at all.
	if _, err := r.desk.SendReply(ctx, c.ID, "好的", 0); err != nil {
		t.Fatal(err)
	}
	if next := rc.next(t); strings.Contains(string(next.raw), `"card"`) {
		t.Fatalf("a text message carries a card: %s", next.raw)
	}
	if ds := r.deliveries(t, r.shop.ID); len(ds) != 2 {
		t.Fatalf("want the card and the text delivered, not the system message: %d deliveries", len(ds))
	}
}
