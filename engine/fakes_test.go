package engine

import (
	"cmp"
	"context"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// memConversations is an in-memory Conversations and Agents for tests.
type memConversations struct {
	mu      sync.Mutex
	buyers  []Buyer
	convs   []Conversation
	msgs    []Message
	agents  []Agent
	current int64
}

var (
	_ Conversations = (*memConversations)(nil)
	_ Agents        = (*memConversations)(nil)
)

func setState(c *Conversation, s ConversationState) {
	c.State, c.Status = s, StatusOpen
	if s == StateClosed {
		c.Status = StatusClosed
	}
}

func (m *memConversations) AddBuyerMessage(_ context.Context, in BuyerMessage) (Received, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var r Received
	var b *Buyer
	for i := range m.buyers {
		if m.buyers[i].ShopID == in.ShopID && m.buyers[i].ExternalID == in.BuyerExternalID {
			b = &m.buyers[i]
		}
	}
	if b == nil {
		m.buyers = append(m.buyers, Buyer{ID: int64(len(m.buyers) + 1), ShopID: in.ShopID, ExternalID: in.BuyerExternalID, Name: in.BuyerName})
		b = &m.buyers[len(m.buyers)-1]
	}
	var c *Conversation
	for i := range m.convs {
		if m.convs[i].BuyerID == b.ID && m.convs[i].State != StateClosed {
			c = &m.convs[i]
		}
	}
	if c != nil && !in.IdleBefore.IsZero() && !c.LastBuyerAt.After(in.IdleBefore) {
		setState(c, StateClosed)
		c.ClosedAt, c.CloseReason = in.At, ClosedIdle
		r.Closed = m.view(*c)
		c = nil
	}
	if c == nil {
		m.convs = append(m.convs, Conversation{ID: int64(len(m.convs) + 1), ShopID: in.ShopID, BuyerID: b.ID, BuyerName: b.Name, StartedAt: in.At, QueuedAt: in.At})
		c = &m.convs[len(m.convs)-1]
		setState(c, StateQueued)
		r.Opened = true
	}
	msg := Message{ID: int64(len(m.msgs) + 1), ConversationID: c.ID, Sender: SenderBuyer, Type: MessageText, Text: in.Text, Payload: in.Payload, CreatedAt: in.At}
	if in.Type != "" {
		msg.Type = in.Type
	}
	m.msgs = append(m.msgs, msg)
	c.Unread++
	c.LastText, c.LastSender, c.LastAt, c.LastBuyerAt = in.Text, SenderBuyer, in.At, in.At
	if !c.Unreplied {
		c.Unreplied, c.WaitingSince = true, in.At
	}
	r.Conversation, r.Message = m.view(*c), msg
	return r, nil
}

func (m *memConversations) AppendMessage(_ context.Context, id int64, msg Message) (Conversation, Message, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, err := m.find(id)
	if err != nil {
		return Conversation{}, Message{}, err
	}
	if c.State == StateClosed {
		return Conversation{}, Message{}, ErrClosed
	}
	msg.ID, msg.ConversationID = int64(len(m.msgs)+1), id
	m.msgs = append(m.msgs, msg)
	c.LastText, c.LastSender, c.LastAt = msg.Text, msg.Sender, msg.CreatedAt
	if msg.Sender.Replies() {
		c.Unreplied, c.WaitingSince = false, time.Time{}
	}
	return m.view(*c), msg, nil
}

func (m *memConversations) find(id int64) (*Conversation, error) {
	for i := range m.convs {
		if m.convs[i].ID == id {
			return &m.convs[i], nil
		}
	}
	return nil, ErrNotFound
}

func (m *memConversations) findAgent(id int64) (*Agent, error) {
	for i := range m.agents {
		if m.agents[i].ID == id {
			return &m.agents[i], nil
		}
	}
	return nil, ErrNotFound
}

// view returns c with its agent's name.
func (m *memConversations) view(c Conversation) Conversation {
	c.AgentName = ""
	if a, err := m.findAgent(c.AgentID); err == nil {
		c.AgentName = a.Name
	}
	return c
}

func (m *memConversations) Conversation(_ context.Context, id int64) (Conversation, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, err := m.find(id)
	if err != nil {
		return Conversation{}, err
	}
	return m.view(*c), nil
}

func (m *memConversations) Messages(_ context.Context, id int64) ([]Message, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, err := m.find(id); err != nil {
		return nil, err
	}
	var out []Message
	for _, msg := range m.msgs {
		if msg.ConversationID == id {
			out = append(out, msg)
		}
	}
	return out, nil
}

func (m *memConversations) MarkRead(_ context.Context, id int64) (Conversation, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, err := m.find(id)
	if err != nil {
		return Conversation{}, err
	}
	c.Unread = 0
	return m.view(*c), nil
}

func (m *memConversations) Buyer(_ context.Context, id int64) (Buyer, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, b := range m.buyers {
		if b.ID == id {
			return b, nil
		}
	}
	return Buyer{}, ErrNotFound
}

// open returns a conversation that is not closed, or ErrClosed.
func (m *memConversations) open(id int64) (*Conversation, error) {
	c, err := m.find(id)
	if err != nil {
		return nil, err
	}
	if c.State == StateClosed {
		return nil, ErrClosed
	}
	return c, nil
}

func (m *memConversations) Assign(_ context.Context, id, agentID int64, at time.Time) (Conversation, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, err := m.open(id)
	if err != nil {
		return Conversation{}, err
	}
	a, err := m.findAgent(agentID)
	if err != nil {
		return Conversation{}, err
	}
	setState(c, StateActive)
	c.AgentID, c.ReleasedBy = agentID, 0
	a.LastAssignedAt = at
	return m.view(*c), nil
}

func (m *memConversations) Requeue(_ context.Context, id int64, at time.Time) (Conversation, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, err := m.open(id)
	if err != nil {
		return Conversation{}, err
	}
	if c.State != StateQueued {
		c.ReleasedBy = c.AgentID
	}
	setState(c, StateQueued)
	c.AgentID, c.Priority, c.QueuedAt = 0, true, at
	return m.view(*c), nil
}

func (m *memConversations) Prioritize(_ context.Context, id int64) (Conversation, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, err := m.open(id)
	if err != nil {
		return Conversation{}, err
	}
	c.Priority = true
	return m.view(*c), nil
}

func (m *memConversations) CloseConversation(_ context.Context, id int64, reason CloseReason, at time.Time) (Conversation, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, err := m.find(id)
	if err != nil {
		return Conversation{}, err
	}
	if c.State != StateClosed {
		setState(c, StateClosed)
		c.ClosedAt, c.CloseReason = at, reason
	}
	return m.view(*c), nil
}

func (m *memConversations) CloseIdle(_ context.Context, idleBefore, at time.Time) ([]Conversation, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Conversation
	for i := range m.convs {
		c := &m.convs[i]
		if c.State != StateClosed && !c.LastBuyerAt.IsZero() && !c.LastBuyerAt.After(idleBefore) {
			setState(c, StateClosed)
			c.ClosedAt, c.CloseReason = at, ClosedIdle
			out = append(out, m.view(*c))
		}
	}
	return out, nil
}

// queueOrder sorts queued conversations: priority first, then by arrival.
func queueOrder(a, b Conversation) int {
	switch {
	case a.Priority != b.Priority:
		if a.Priority {
			return -1
		}
		return 1
	case !a.QueuedAt.Equal(b.QueuedAt):
		return a.QueuedAt.Compare(b.QueuedAt)
	}
	return cmp.Compare(a.ID, b.ID)
}

func (m *memConversations) Queue(_ context.Context, limit int) ([]Conversation, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Conversation
	for _, c := range m.convs {
		if c.State == StateQueued {
			out = append(out, m.view(c))
		}
	}
	slices.SortFunc(out, queueOrder)
	return out[:min(limit, len(out))], nil
}

// matches applies a filter's shops, query and dates.
func (m *memConversations) matches(f ListFilter, c Conversation) bool {
	if len(f.ShopIDs) > 0 && !slices.Contains(f.ShopIDs, c.ShopID) {
		return false
	}
	if !f.From.IsZero() && c.LastAt.Before(f.From) || !f.To.IsZero() && !c.StartedAt.Before(f.To) {
		return false
	}
	if f.Query == "" {
		return true
	}
	q := strings.ToLower(f.Query)
	for _, b := range m.buyers {
		if b.ID == c.BuyerID && (strings.Contains(strings.ToLower(b.Name), q) || strings.Contains(strings.ToLower(b.ExternalID), q)) {
			return true
		}
	}
	for _, msg := range m.msgs {
		if msg.ConversationID == c.ID && strings.Contains(strings.ToLower(msg.Text), q) {
			return true
		}
	}
	return false
}

func inAgentList(f ListFilter, l List, c Conversation) bool {
	return l.Has(c) && (f.AgentID == 0 || l == ListQueued || c.AgentID == f.AgentID)
}

func (m *memConversations) List(_ context.Context, f ListFilter) (Page, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var p Page
	var items []Conversation
	for _, c := range m.convs {
		if !m.matches(f, c) {
			continue
		}
		counts := []*int{&p.Counts.All, &p.Counts.Unread, &p.Counts.Unreplied, &p.Counts.Queued, &p.Counts.Closed}
		for i, l := range Lists {
			if inAgentList(f, l, c) {
				*counts[i]++
			}
		}
		if inAgentList(f, f.List, c) {
			items = append(items, m.view(c))
		}
	}
	if f.List == ListQueued {
		slices.SortFunc(items, queueOrder)
	} else {
		slices.SortFunc(items, func(a, b Conversation) int {
			if c := b.LastAt.Compare(a.LastAt); c != 0 {
				return c
			}
			return cmp.Compare(b.ID, a.ID)
		})
	}
	p.Total = p.Counts.Of(f.List)
	p.Items = items[min(f.Offset, len(items)):min(f.Offset+f.Limit, len(items))]
	return p, nil
}

func (m *memConversations) LongestWaiting(_ context.Context, agentID int64, shopIDs []int64) (Conversation, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var best *Conversation
	for i := range m.convs {
		c := &m.convs[i]
		if c.State == StateClosed || !c.Unreplied || agentID != 0 && c.AgentID != agentID ||
			len(shopIDs) > 0 && !slices.Contains(shopIDs, c.ShopID) {
			continue
		}
		if best == nil || c.WaitingSince.Before(best.WaitingSince) {
			best = c
		}
	}
	if best == nil {
		return Conversation{}, ErrNotFound
	}
	return m.view(*best), nil
}

// memKB is a KB with a keyword retriever: an entry matches when a query
// contains one of its questions; the confidence is given per entry.
type memKB struct {
	entries    []Entry
	confidence map[int64]float64
}

var (
	_ Entries   = (*memKB)(nil)
	_ Retriever = (*memKB)(nil)
)

func (k *memKB) Entries(_ context.Context, ids []int64) ([]Entry, error) {
	var out []Entry
	for _, e := range k.entries {
		for _, id := range ids {
			if e.ID == id {
				out = append(out, e)
			}
		}
	}
	return out, nil
}

func (k *memKB) Search(_ context.Context, shopID int64, text string, n int) ([]Hit, error) {
	var hits []Hit
	for _, e := range k.entries {
		for _, q := range append([]string{e.Question}, e.Similar...) {
			if e.ShopID == shopID && strings.Contains(text, q) {
				hits = append(hits, Hit{EntryID: e.ID, Score: k.confidence[e.ID], Confidence: k.confidence[e.ID]})
				break
			}
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].Confidence > hits[j].Confidence })
	if len(hits) > n {
		hits = hits[:n]
	}
	return hits, nil
}

type recorder struct {
	mu        sync.Mutex
	added     []Message
	changed   []Conversation
	delivered []Message
	agents    [][]Agent
	// assists receives every AssistUpdated notice, when set.
	assists chan Assist
}

func (r *recorder) AssistUpdated(a Assist) {
	if r.assists != nil {
		r.assists <- a
	}
}

func (r *recorder) MessageAdded(_ Conversation, m Message) {
	r.mu.Lock()
	r.added = append(r.added, m)
	r.mu.Unlock()
}

func (r *recorder) ConversationChanged(c Conversation) {
	r.mu.Lock()
	r.changed = append(r.changed, c)
	r.mu.Unlock()
}

func (r *recorder) AgentsChanged(as []Agent) {
	r.mu.Lock()
	r.agents = append(r.agents, as)
	r.mu.Unlock()
}

func (r *recorder) Deliver(_ context.Context, _ int64, _ Buyer, m Message) {
	r.mu.Lock()
	r.delivered = append(r.delivered, m)
	r.mu.Unlock()
}

type fakeClock struct{ t time.Time }

func (c *fakeClock) Now() time.Time { return c.t }
