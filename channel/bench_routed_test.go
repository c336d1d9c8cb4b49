package channel

import (
	"context"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"replydesk/engine"
	"replydesk/store"
)

// counting is the window's side of the benchmark: it counts what the desk
// tells it (the app batches these; see app.Events).
type counting struct{ messages, changes atomic.Int64 }

func (c *counting) MessageAdded(engine.Conversation, engine.Message) { c.messages.Add(1) }
func (c *counting) ConversationChanged(engine.Conversation)          { c.changes.Add(1) }
func (c *counting) AssistUpdated(engine.Assist)                      {}

// BenchmarkWebhookRouted is the throughput case (CV-7b): buyer
// messages posted through the webhook over loopback HTTP into 1,000 open
// conversations served by 20 online agents, with one message in ten from a
// new buyer, whose conversation is opened and routed (or queued once the
// agents are full). Every message is stored with its idempotency id before
// the 201.
func BenchmarkWebhookRouted_CV7b(b *testing.B) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(b.TempDir(), "replydesk.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	shop, _ := st.CreateShop(ctx, engine.Shop{Name: "店"})
	token, _ := RotateToken(ctx, st, shop.ID, time.Now())
	seen := &counting{}
	desk := engine.NewDesk(engine.Deps{Conversations: st.Idempotent(), Agents: st, Entries: noKB{}, Retriever: noKB{},
		Notifier: seen, Outbox: NewHub(), Clock: engine.SystemClock{}})
	for i := range 20 {
		if _, err := desk.CreateAgent(ctx, engine.Agent{Name: fmt.Sprint("agent", i), Status: engine.AgentOnline, Capacity: 60}); err != nil {
			b.Fatal(err)
		}
	}
	const buyers = 1000
	for i := range buyers {
		if _, _, err := desk.ReceiveBuyerMessage(ctx, shop.ID, fmt.Sprint("b", i), "", "在吗"); err != nil {
			b.Fatal(err)
		}
	}
	if page, err := desk.List(ctx, engine.ListFilter{List: engine.ListQueued, Limit: 1}); err != nil || page.Counts.Queued != 0 {
		b.Fatalf("the 1,000 conversations are not all routed: %+v %v", page.Counts, err)
	}
	postBurst(b, desk, st, token, func(i int64) messageRequest {
		buyer := fmt.Sprint("b", i%buyers)
		if i%10 == 0 {
			buyer = fmt.Sprint("new", i)
		}
		return messageRequest{Buyer: buyer, Text: "我的快递到哪了", ID: fmt.Sprint("bench-", i)}
	})
	if got := seen.messages.Load(); got < int64(b.N) {
		b.Fatalf("the window was told of %d messages, want %d", got, b.N)
	}
}
