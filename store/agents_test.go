package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"replydesk/engine"
)

func TestCV1_Migration5QueuesOpenConversationsWithTheirWait(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", "file:"+path+"?_time_format=sqlite")
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	at := func(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }
	stmts := []string{`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY)`}
	for v := 1; v < 5; v++ {
		stmts = append(stmts, migrations[v], fmt.Sprintf(`INSERT INTO schema_migrations (version) VALUES (%d)`, v))
	}
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	rows := []struct {
		q    string
		args []any
	}{
		{`INSERT INTO shops (id, name, created_at) VALUES (1, 'A', ?)`, []any{t0}},
		{`INSERT INTO buyers (id, shop_id, external_id, name, created_at) VALUES (1, 1, 'b1', '小王', ?), (2, 1, 'b2', 'Bob', ?), (3, 1, 'b3', 'Cy', ?)`, []any{t0, t0, t0}},
		{`INSERT INTO conversations (id, shop_id, buyer_id, status, unread, last_text, last_sender, last_at, started_at) VALUES
			(1, 1, 1, 'open', 2, 'c', 'buyer', ?, ?),
			(2, 1, 2, 'open', 0, 'ok', 'agent', ?, ?),
			(3, 1, 3, 'closed', 0, 'bye', 'buyer', ?, ?)`, []any{at(4), at(1), at(6), at(5), at(8), at(7)}},
		// 1: buyer, agent, buyer, buyer: waiting since the first buyer message after the reply.
		// 2: buyer, greeting, agent: answered. 3: closed.
		{`INSERT INTO messages (conversation_id, sender, text, created_at) VALUES
			(1, 'buyer', 'a', ?), (1, 'agent', 'r', ?), (1, 'buyer', 'b', ?), (1, 'buyer', 'c', ?),
			(2, 'buyer', 'x', ?), (2, 'greeting', 'hi', ?), (2, 'agent', 'ok', ?),
			(3, 'buyer', 'bye', ?)`, []any{at(1), at(2), at(3), at(4), at(5), at(5), at(6), at(7)}},
	}
	for _, r := range rows {
		if _, err := db.Exec(r.q, r.args...); err != nil {
			t.Fatalf("%s: %v", r.q, err)
		}
	}
	db.Close()

	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c1, _ := s.Conversation(ctx, 1)
	if c1.State != engine.StateQueued || c1.AgentID != 0 || !c1.Unreplied || !c1.WaitingSince.Equal(at(3)) ||
		!c1.LastBuyerAt.Equal(at(4)) || !c1.QueuedAt.Equal(at(1)) || c1.Unread != 2 {
		t.Errorf("conversation 1: %+v", c1)
	}
	c2, _ := s.Conversation(ctx, 2)
	if c2.State != engine.StateQueued || c2.Unreplied || !c2.WaitingSince.IsZero() || !c2.LastBuyerAt.Equal(at(5)) {
		t.Errorf("conversation 2: %+v", c2)
	}
	c3, _ := s.Conversation(ctx, 3)
	if c3.State != engine.StateClosed || c3.Status != engine.StatusClosed || c3.CloseReason != engine.ClosedByAgent || !c3.ClosedAt.Equal(at(8)) {
		t.Errorf("conversation 3: %+v", c3)
	}

	// The first start creates the desk's agent, which takes the open conversations.
	d := engine.NewDesk(engine.Deps{Conversations: s, Agents: s, Clock: fixedClock(at(10)), Notifier: nopNotifier{}})
	me, err := d.Start(ctx, "os-user")
	if err != nil {
		t.Fatal(err)
	}
	if me.Active != 2 || me.Name != "os-user" {
		t.Errorf("agent %+v", me)
	}
	if c, _ := s.Conversation(ctx, 1); c.State != engine.StateActive || c.AgentID != me.ID || c.AgentName != "os-user" {
		t.Errorf("after start: %+v", c)
	}
}

func TestCurrentAgentIsKeptAcrossRestarts(t *testing.T) {
	s, path := openTest(t)
	ctx := context.Background()
	if _, err := s.CurrentAgentID(ctx); !errors.Is(err, ErrNotFound) {
		t.Fatalf("before any agent: %v", err)
	}
	a, err := s.CreateAgent(ctx, engine.Agent{Name: "小李", Status: engine.AgentOnline, Capacity: 3, Role: engine.RoleOwner})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetCurrentAgentID(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.SetCurrentAgentID(ctx, 999); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown agent: %v", err)
	}
	s.Close()
	s2, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	id, err := s2.CurrentAgentID(ctx)
	if err != nil || id != a.ID {
		t.Fatalf("%d %v", id, err)
	}
	got, _ := s2.Agent(ctx, id)
	if got.Name != "小李" || got.Capacity != 3 || got.Role != engine.RoleOwner || got.Status != engine.AgentOnline {
		t.Errorf("%+v", got)
	}
	// IDs are not reused: a deleted agent's closed conversations keep naming it.
	if _, err := s2.DeleteAgent(ctx, a.ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	b, _ := s2.CreateAgent(ctx, engine.Agent{Name: "小张", Status: engine.AgentOffline, Capacity: 5, Role: engine.RoleAgent})
	if b.ID == a.ID {
		t.Errorf("agent ID %d reused", b.ID)
	}
}

func TestCV2_ConcurrentNewConversationsNeverExceedCapacity(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	shop, _ := s.CreateShop(ctx, engine.Shop{Name: "A"})
	d := engine.NewDesk(engine.Deps{Conversations: s, Agents: s, Clock: engine.SystemClock{}, Notifier: nopNotifier{}, Outbox: nopNotifier{}})
	for _, name := range []string{"A", "B", "C"} {
		if _, err := d.CreateAgent(ctx, engine.Agent{Name: name, Status: engine.AgentOnline, Capacity: 2}); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, err := d.ReceiveBuyerMessage(ctx, shop.ID, fmt.Sprintf("b%d", i), "", "在吗")
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	agents, _ := s.Agents(ctx)
	for _, a := range agents {
		if a.Active != 2 {
			t.Errorf("agent %s serves %d, want 2", a.Name, a.Active)
		}
	}
	p, err := d.List(ctx, engine.ListFilter{})
	if err != nil || p.Counts.All != 20 || p.Counts.Queued != 14 {
		t.Errorf("%+v %v", p.Counts, err)
	}
}

type fixedClock time.Time

func (c fixedClock) Now() time.Time { return time.Time(c) }

type nopNotifier struct{}

func (nopNotifier) MessageAdded(engine.Conversation, engine.Message)             {}
func (nopNotifier) ConversationChanged(engine.Conversation)                      {}
func (nopNotifier) AssistUpdated(engine.Assist)                                  {}
func (nopNotifier) Deliver(context.Context, int64, engine.Buyer, engine.Message) {}
