package channel

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"replydesk/engine"
)

// FuzzWebhookEvent posts any body to /webhook/v1/events (ratings and the
// buyer's order choice, RB-7, SA-2) through the real handler into SQLite:
// a 2xx answer stores one rating (a repeat replaces it) or one order card,
// plus, for an unsolved rating, one note for the agents; a 4xx answer with
// {"error": {"key", "message"}} changes no row.
func FuzzWebhookEvent(f *testing.F) {
	for _, s := range []string{
		`{"type":"rating","buyer":"b1","message":MSG,"solved":true}`,
		`{"type":"rating","buyer":"b1","message":MSG,"solved":false,"reason":"irrelevant","text":"答非所问"}`,
		`{"type":"rating","buyer":"b1","message":MSG,"solved":false,"reason":"meh"}`,
		`{"type":"rating","buyer":"b1","message":MSG}`,
		`{"type":"rating","buyer":"b2","message":MSG,"solved":true}`,
		`{"type":"rating","buyer":"b1","score":5}`,
		`{"type":"rating","buyer":"b1","score":0}`,
		`{"type":"rating","buyer":"b1","message":-1,"solved":true}`,
		`{"type":"rating","buyer":"b1","message":MSG,"solved":false,"text":"\u0000"}`,
		`{"type":"order_choice","buyer":"b1","order":"DY-1"}`,
		`{"type":"order_choice","buyer":"b1","order":"DY-404"}`,
		`{"type":"launch","buyer":"b1"}`, `{"type":"rating"}`, `[]`, `null`, ``,
	} {
		f.Add([]byte(s))
	}
	r := newFuzzRig(f)
	ctx := context.Background()
	// b1 has an order and a robot reply to rate.
	if _, err := r.st.UpsertOrders(ctx, r.shop.ID, "b1", "", []engine.Order{{ID: "DY-1", Status: engine.OrderPaid,
		Items: []engine.OrderItem{{Name: "T恤", Quantity: 1}}}}, newFakeClock().Now()); err != nil {
		f.Fatal(err)
	}
	c, _, err := r.st.AppendBuyerMessage(ctx, r.shop.ID, "b1", "", "在吗", newFakeClock().Now())
	if err != nil {
		f.Fatal(err)
	}
	if _, _, err := r.st.AppendBuyerMessage(ctx, r.shop.ID, "b2", "", "在吗", newFakeClock().Now()); err != nil {
		f.Fatal(err)
	}
	_, reply, err := r.st.AppendMessage(ctx, c.ID, engine.Message{Sender: engine.SenderRobot, Text: "在的", CreatedAt: newFakeClock().Now()})
	if err != nil {
		f.Fatal(err)
	}
	clock := newFakeClock()
	desk := engine.NewDesk(engine.Deps{Conversations: r.st.Idempotent(), Entries: noKB{}, Retriever: noKB{},
		Notifier: quiet{}, Outbox: NewHub(), Clock: clock, Orders: r.st})
	hook := NewWebhook(desk, r.st, discard, WebhookOptions{Rate: 1e12, Burst: 1 << 40, Clock: clock})
	hook.SetEvents(engine.NewRatings(r.st, nil, quiet{}, clock, nil))
	r.handler = hook.Handler()
	msg := []byte(jsonNumber(reply.ID))
	f.Fuzz(func(t *testing.T, body []byte) {
		body = bytes.ReplaceAll(body, []byte("MSG"), msg)
		ratings := func() int { return r.one(t, `SELECT COUNT(*) FROM ratings`) }
		before, rb := r.counts(t), ratings()
		rec := r.post(t, "/webhook/v1/events", body)
		after, ra := r.counts(t), ratings()
		if rec.Code >= 300 {
			refused(t, rec, before, after)
			if ra != rb {
				t.Fatalf("refused with %s, yet the ratings went from %d to %d", rec.Body, rb, ra)
			}
			return
		}
		var req eventRequest
		if err := json.Unmarshal(body, &req); err != nil {
			t.Fatalf("%d %s for a body that is no event: %q", rec.Code, rec.Body, body)
		}
		switch req.Type {
		case "rating":
			if ra != rb && ra != rb+1 {
				t.Fatalf("a rating added %d rows", ra-rb)
			}
			added := after.Messages - before.Messages
			unsolved := req.Message > 0 && req.Solved != nil && !*req.Solved
			if (unsolved && added > 1) || (!unsolved && added != 0) || after.Conversations != before.Conversations {
				t.Fatalf("a rating (unsolved %v) changed the rows %+v → %+v", unsolved, before, after)
			}
		case "order_choice":
			if after.Messages != before.Messages+1 || ra != rb {
				t.Fatalf("an order choice changed the rows %+v → %+v", before, after)
			}
		default:
			t.Fatalf("%d for the event type %q", rec.Code, req.Type)
		}
	})
}

func jsonNumber(n int64) string { b, _ := json.Marshal(n); return string(b) }
