package app

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"replydesk/engine"
)

type sent struct {
	name    string
	payload any
}

// recorder stands in for runtime.EventsEmit.
type recorder struct {
	mu   sync.Mutex
	got  []sent
	wake chan struct{}
}

func (r *recorder) send(_ context.Context, name string, payload ...any) {
	r.mu.Lock()
	r.got = append(r.got, sent{name, payload[0]})
	r.mu.Unlock()
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

func (r *recorder) events() []sent {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]sent(nil), r.got...)
}

// A burst of buyer messages reaches the window as one batch (CV-7b: the UI
// stays responsive at 1,000 messages a second): every message in order, each
// conversation once with its newest summary, the agents' last workload.
func TestEvents_CV7b_BurstIsOneBatch(t *testing.T) {
	rec := &recorder{wake: make(chan struct{}, 1)}
	e := &Events{send: rec.send, every: time.Hour} // flushed by hand below
	e.attach(context.Background())

	for i := range 1000 {
		c := engine.Conversation{ID: int64(i%10 + 1), LastText: fmt.Sprint("m", i)}
		e.MessageAdded(c, engine.Message{ID: int64(i + 1), ConversationID: c.ID, Text: c.LastText})
	}
	e.AgentsChanged([]engine.Agent{{ID: 1, Active: 3}})
	e.AgentsChanged([]engine.Agent{{ID: 1, Active: 4}})
	e.ConversationChanged(engine.Conversation{ID: 3, LastText: "closed", State: engine.StateClosed})
	if got := rec.events(); len(got) != 0 {
		t.Fatalf("pushed before the batch was due: %d events", len(got))
	}
	e.flush()

	got := rec.events()
	if len(got) != 1 || got[0].name != EventDeskBatch {
		t.Fatalf("want one %s, got %v", EventDeskBatch, got)
	}
	b := got[0].payload.(DeskBatch)
	if len(b.Messages) != 1000 {
		t.Fatalf("messages: %d, want 1000", len(b.Messages))
	}
	for i, m := range b.Messages {
		if m.Message.ID != int64(i+1) {
			t.Fatalf("message %d is %d: order lost", i, m.Message.ID)
		}
	}
	if len(b.Conversations) != 10 {
		t.Fatalf("conversations: %d, want each of 10 once", len(b.Conversations))
	}
	for _, c := range b.Conversations {
		want := fmt.Sprint("m", 990+int(c.ID)-1)
		if c.ID == 3 {
			want = "closed"
		}
		if c.LastText != want {
			t.Errorf("conversation %d summary %q, want the newest %q", c.ID, c.LastText, want)
		}
	}
	if len(b.Agents) != 1 || b.Agents[0].Active != 4 {
		t.Errorf("agents %+v, want the last workload", b.Agents)
	}

	e.flush() // nothing new: nothing pushed
	if n := len(rec.events()); n != 1 {
		t.Errorf("an empty batch was pushed: %d events", n)
	}
}

// The batch goes out by itself after BatchEvery, and nothing is gathered or
// pushed while no window listens.
func TestEvents_CV7b_FlushesOnItsOwnAndOnlyToAWindow(t *testing.T) {
	rec := &recorder{wake: make(chan struct{}, 1)}
	e := &Events{send: rec.send, every: time.Millisecond}
	e.MessageAdded(engine.Conversation{ID: 1}, engine.Message{ID: 1})
	e.attach(context.Background())
	e.ConversationChanged(engine.Conversation{ID: 2})
	select {
	case <-rec.wake:
	case <-time.After(5 * time.Second):
		t.Fatal("the batch was never pushed")
	}
	got := rec.events()
	b := got[0].payload.(DeskBatch)
	if len(b.Messages) != 0 || len(b.Conversations) != 1 || b.Conversations[0].ID != 2 {
		t.Fatalf("batch %+v: the message from before the window started was kept", b)
	}

	e.every = time.Hour
	e.ConversationChanged(engine.Conversation{ID: 3})
	e.attach(nil) // the window closes: what is pending is dropped
	e.flush()
	if n := len(rec.events()); n != 1 {
		t.Fatalf("pushed to a closed window: %d events", n)
	}
}

// Conversations pushed to the window carry their deadline (MT-5): the
// stamp set by main (engine.Clocks.Stamp) applies at the flush.
func TestEvents_MT5_ConversationsCarryTheirDeadline(t *testing.T) {
	rec := &recorder{wake: make(chan struct{}, 1)}
	e := &Events{send: rec.send, every: time.Hour}
	e.attach(context.Background())
	due := time.Date(2026, 3, 10, 2, 3, 0, 0, time.UTC)
	e.SetStamp(func(c engine.Conversation) engine.Conversation {
		c.Deadline, c.DeadlineKey = due, "k"
		return c
	})
	c := engine.Conversation{ID: 1}
	e.MessageAdded(c, engine.Message{ID: 1, ConversationID: 1})
	e.flush()
	got := rec.events()
	if len(got) != 1 {
		t.Fatalf("%d events", len(got))
	}
	b := got[0].payload.(DeskBatch)
	if !b.Conversations[0].Deadline.Equal(due) || b.Messages[0].Conversation.DeadlineKey != "k" {
		t.Errorf("%+v", b)
	}
}
