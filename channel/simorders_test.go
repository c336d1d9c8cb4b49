package channel

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"replydesk/engine"
)

// ordersAtReceive is the desk's inbox, noting how many orders the buyer
// has when the desk receives each of its messages.
type ordersAtReceive struct {
	Inbox
	history History
	seen    []int
}

func (o *ordersAtReceive) ReceiveBuyerMessage(ctx context.Context, shopID int64, buyer, name, text string) (engine.Conversation, engine.Message, error) {
	list, err := o.history.BuyerOrders(ctx, shopID, buyer)
	if err != nil {
		return engine.Conversation{}, engine.Message{}, err
	}
	o.seen = append(o.seen, len(list))
	return o.Inbox.ReceiveBuyerMessage(ctx, shopID, buyer, name, text)
}

func TestSimulatorFirstMessageBringsDemoOrders_CV7a(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	inbox := &ordersAtReceive{Inbox: r.desk, history: r.st}
	srv := httptest.NewServer(NewSimulator(inbox, r.st, r.hub, slog.New(slog.NewTextHandler(io.Discard, nil))).Handler())
	t.Cleanup(srv.Close)
	r.srv = srv
	say := func(buyer, text string) {
		t.Helper()
		body, _ := json.Marshal(postRequest{Shop: r.shop.ID, Buyer: buyer, Name: "小王", Text: text})
		if status, e := r.post(t, "application/json", body); status != http.StatusCreated {
			t.Fatalf("%q: %d %+v", text, status, e)
		}
	}
	stored := func(buyer string) []engine.Order {
		t.Helper()
		list, err := r.st.BuyerOrders(ctx, r.shop.ID, buyer)
		if err != nil {
			t.Fatal(err)
		}
		return list
	}

	// The buyer types before ever opening 我的订单: the desk already
	// receives the message with the three demo orders behind it.
	say("b1", "什么时候发货")
	first := stored("b1")
	if len(first) != 3 || len(inbox.seen) != 1 || inbox.seen[0] != 3 {
		t.Fatalf("after the first message: %d orders, %v seen by the desk", len(first), inbox.seen)
	}
	conv, _, err := r.st.BuyerConversation(ctx, r.shop.ID, "b1")
	if err != nil || conv.BuyerName != "小王" {
		t.Fatalf("the conversation: %+v %v", conv, err)
	}

	// Later messages and the orders list seed nothing again: the demo
	// orders keep their time, a placed order stays the buyer's.
	body, _ := json.Marshal(newOrderRequest{Shop: r.shop.ID, Buyer: "b1", Name: "小王"})
	resp, err := http.Post(r.srv.URL+"/simulator/api/orders", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	say("b1", "还没发吗")
	if list := r.buyerOrders(t, "b1"); len(list) != 4 {
		t.Fatalf("after a second message and a new order: %d orders", len(list))
	}
	byID := map[string]engine.Order{}
	for _, o := range stored("b1") {
		byID[o.ID] = o
	}
	for _, o := range first {
		if got, ok := byID[o.ID]; !ok || !got.UpdatedAt.Equal(o.UpdatedAt) {
			t.Fatalf("demo order %s seeded again: %+v, was %+v", o.ID, got, o)
		}
	}
	if inbox.seen[1] != 4 {
		t.Fatalf("the desk saw %v orders", inbox.seen)
	}

	// A message the desk refuses seeds nothing; nor does an unknown shop.
	for _, tc := range []struct {
		req    postRequest
		status int
		key    string
	}{
		{postRequest{Shop: r.shop.ID, Buyer: "b2", Text: "  "}, 400, "message_empty"},
		{postRequest{Shop: 99, Buyer: "b2", Text: "在吗"}, 404, "shop_not_found"},
		{postRequest{Shop: r.shop.ID, Text: "在吗"}, 400, "buyer_missing"},
	} {
		body, _ := json.Marshal(tc.req)
		if status, e := r.post(t, "application/json", body); status != tc.status || e.Error.Key != tc.key {
			t.Fatalf("%+v: %d %+v, want %d %s", tc.req, status, e, tc.status, tc.key)
		}
	}
	if list := stored("b2"); len(list) != 0 {
		t.Fatalf("a refused message seeded %d orders", len(list))
	}
	if list := stored(""); len(list) != 0 {
		t.Fatalf("a message without a buyer seeded %d orders", len(list))
	}
}
