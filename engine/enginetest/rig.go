// Package enginetest is a test suite for the conversation and agent stores
// the desk runs on (engine.Conversations and engine.Agents): the same
// scenarios of routing, queueing, sessions and lists (CV-1, CV-2) run on the
// engine's in-memory fake and on the SQLite store, through engine.Desk, with
// a fake clock.
package enginetest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"replydesk/engine"
)

// Backend is a fresh, empty store under test with two shops.
type Backend struct {
	Conversations engine.Conversations
	Agents        engine.Agents
	Shops         [2]int64
}

// Run runs every scenario, each on a new backend from open.
func Run(t *testing.T, open func(t *testing.T) Backend) {
	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) { s.run(newRig(t, open(t))) })
	}
}

type scenario struct {
	name string
	run  func(r *rig)
}

var scenarios []scenario

// add registers scenarios; each file of the suite adds its own.
func add(s ...scenario) bool {
	scenarios = append(scenarios, s...)
	return true
}

// Clock is a settable clock.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// Now implements engine.Clock.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// NewClock returns a clock that reads t until moved.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Add moves the clock on by d.
func (c *Clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// Recorder is a Notifier, AgentNotifier and Outbox that remembers what it was told.
type Recorder struct {
	mu      sync.Mutex
	Added   []engine.Message
	Changed []engine.Conversation
	Agents  [][]engine.Agent
}

func (r *Recorder) MessageAdded(_ engine.Conversation, m engine.Message) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.Added = append(r.Added, m)
}

func (r *Recorder) ConversationChanged(c engine.Conversation) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.Changed = append(r.Changed, c)
}

func (r *Recorder) AgentsChanged(as []engine.Agent) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.Agents = append(r.Agents, as)
}

func (r *Recorder) AssistUpdated(engine.Assist) {}

func (r *Recorder) Deliver(context.Context, int64, engine.Buyer, engine.Message) {}

// changedLast returns the last change told about a conversation.
func (r *Recorder) changedLast(id int64) (engine.Conversation, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := len(r.Changed) - 1; i >= 0; i-- {
		if r.Changed[i].ID == id {
			return r.Changed[i], true
		}
	}
	return engine.Conversation{}, false
}

type noKB struct{}

func (noKB) Entries(context.Context, []int64) ([]engine.Entry, error) { return nil, nil }
func (noKB) Search(context.Context, int64, string, int) ([]engine.Hit, error) {
	return nil, nil
}

// T0 is when every scenario starts.
var T0 = time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)

type rig struct {
	t     *testing.T
	ctx   context.Context
	b     Backend
	d     *engine.Desk
	clock *Clock
	rec   *Recorder
}

func newRig(t *testing.T, b Backend) *rig {
	clock := &Clock{t: T0}
	rec := &Recorder{}
	d := engine.NewDesk(engine.Deps{
		Conversations: b.Conversations, Agents: b.Agents, Entries: noKB{}, Retriever: noKB{},
		Notifier: rec, Outbox: rec, Clock: clock, AutoThreshold: 0.9,
	})
	return &rig{t: t, ctx: context.Background(), b: b, d: d, clock: clock, rec: rec}
}

// agent creates an agent.
func (r *rig) agent(name string, status engine.AgentStatus, capacity int) engine.Agent {
	r.t.Helper()
	a, err := r.d.CreateAgent(r.ctx, engine.Agent{Name: name, Status: status, Capacity: capacity})
	if err != nil {
		r.t.Fatalf("create agent %s: %v", name, err)
	}
	return a
}

// say has a buyer of the first shop write, a second after the last event.
func (r *rig) say(buyer, text string) engine.Conversation {
	r.t.Helper()
	return r.sayIn(0, buyer, text)
}

func (r *rig) sayIn(shop int, buyer, text string) engine.Conversation {
	r.t.Helper()
	r.clock.Add(time.Second)
	c, _, err := r.d.ReceiveBuyerMessage(r.ctx, r.b.Shops[shop], buyer, buyer, text)
	if err != nil {
		r.t.Fatalf("buyer %s: %v", buyer, err)
	}
	return c
}

// reply has the shop answer as sender (agent, assist, greeting…).
func (r *rig) reply(c engine.Conversation, sender engine.Sender, text string) engine.Conversation {
	r.t.Helper()
	r.clock.Add(time.Second)
	if sender == engine.SenderAgent {
		if _, err := r.d.SendReply(r.ctx, c.ID, text, 0); err != nil {
			r.t.Fatal(err)
		}
		return r.conv(c.ID)
	}
	got, _, err := r.b.Conversations.AppendMessage(r.ctx, c.ID, engine.Message{Sender: sender, Type: engine.MessageText, Text: text, CreatedAt: r.clock.Now()})
	if err != nil {
		r.t.Fatal(err)
	}
	return got
}

func (r *rig) conv(id int64) engine.Conversation {
	r.t.Helper()
	c, err := r.b.Conversations.Conversation(r.ctx, id)
	if err != nil {
		r.t.Fatal(err)
	}
	return c
}

func (r *rig) status(a engine.Agent, s engine.AgentStatus) engine.Agent {
	r.t.Helper()
	got, err := r.d.SetAgentStatus(r.ctx, a.ID, s)
	if err != nil {
		r.t.Fatal(err)
	}
	return got
}

func (r *rig) list(f engine.ListFilter) engine.Page {
	r.t.Helper()
	p, err := r.d.List(r.ctx, f)
	if err != nil {
		r.t.Fatalf("list %+v: %v", f, err)
	}
	return p
}

// served checks who serves each conversation (0: queued).
func (r *rig) served(want map[engine.Conversation]engine.Agent) {
	r.t.Helper()
	for c, a := range want {
		got := r.conv(c.ID)
		wantState := engine.StateActive
		if a.ID == 0 {
			wantState = engine.StateQueued
		}
		if got.AgentID != a.ID || got.State != wantState {
			r.t.Errorf("conversation of %s: agent %d (%s), state %s; want agent %d (%s), state %s",
				got.BuyerName, got.AgentID, got.AgentName, got.State, a.ID, a.Name, wantState)
		}
		if a.ID != 0 && got.AgentName != a.Name {
			r.t.Errorf("conversation of %s: agent name %q, want %q", got.BuyerName, got.AgentName, a.Name)
		}
	}
}

// active checks each agent's count of conversations served.
func (r *rig) active(want map[engine.Agent]int) {
	r.t.Helper()
	for a, n := range want {
		got, err := r.b.Agents.Agent(r.ctx, a.ID)
		if err != nil {
			r.t.Fatal(err)
		}
		if got.Active != n {
			r.t.Errorf("agent %s serves %d, want %d", a.Name, got.Active, n)
		}
	}
}

// ids returns the conversations' IDs in order.
func ids(cs []engine.Conversation) []int64 {
	out := make([]int64, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}

func (r *rig) sameIDs(what string, got []engine.Conversation, want ...engine.Conversation) {
	r.t.Helper()
	g, w := ids(got), ids(want)
	if len(g) != len(w) {
		r.t.Errorf("%s: got %v, want %v", what, g, w)
		return
	}
	for i := range g {
		if g[i] != w[i] {
			r.t.Errorf("%s: got %v, want %v", what, g, w)
			return
		}
	}
}

func (r *rig) inputError(what string, err error, key string) {
	r.t.Helper()
	var ie *engine.InputError
	if !errors.As(err, &ie) || ie.Key != key {
		r.t.Errorf("%s: want InputError %s, got %v", what, key, err)
	}
}

func (r *rig) is(what string, err, want error) {
	r.t.Helper()
	if !errors.Is(err, want) {
		r.t.Errorf("%s: want %v, got %v", what, want, err)
	}
}
