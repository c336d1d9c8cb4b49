package engine

import (
	"context"
	"sort"
	"strings"
	"sync"
	"time"
)

// memConversations is an in-memory Conversations for tests.
type memConversations struct {
	mu     sync.Mutex
	buyers []Buyer
	convs  []Conversation
	msgs   []Message
}

var _ Conversations = (*memConversations)(nil)

func (m *memConversations) AppendBuyerMessage(_ context.Context, shopID int64, ext, name, text string, at time.Time) (Conversation, Message, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var b *Buyer
	for i := range m.buyers {
		if m.buyers[i].ShopID == shopID && m.buyers[i].ExternalID == ext {
			b = &m.buyers[i]
		}
	}
	if b == nil {
		m.buyers = append(m.buyers, Buyer{ID: int64(len(m.buyers) + 1), ShopID: shopID, ExternalID: ext, Name: name})
		b = &m.buyers[len(m.buyers)-1]
	}
	var c *Conversation
	for i := range m.convs {
		if m.convs[i].BuyerID == b.ID && m.convs[i].Status == StatusOpen {
			c = &m.convs[i]
		}
	}
	if c == nil {
		m.convs = append(m.convs, Conversation{ID: int64(len(m.convs) + 1), ShopID: shopID, BuyerID: b.ID, BuyerName: b.Name, Status: StatusOpen, StartedAt: at})
		c = &m.convs[len(m.convs)-1]
	}
	msg := Message{ID: int64(len(m.msgs) + 1), ConversationID: c.ID, Sender: SenderBuyer, Type: MessageText, Text: text, CreatedAt: at}
	m.msgs = append(m.msgs, msg)
	c.Unread++
	c.LastText, c.LastSender, c.LastAt = text, SenderBuyer, at
	return *c, msg, nil
}

func (m *memConversations) AppendMessage(_ context.Context, id int64, msg Message) (Conversation, Message, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, err := m.find(id)
	if err != nil {
		return Conversation{}, Message{}, err
	}
	msg.ID, msg.ConversationID = int64(len(m.msgs)+1), id
	m.msgs = append(m.msgs, msg)
	c.LastText, c.LastSender, c.LastAt = msg.Text, msg.Sender, msg.CreatedAt
	return *c, msg, nil
}

func (m *memConversations) find(id int64) (*Conversation, error) {
	for i := range m.convs {
		if m.convs[i].ID == id {
			return &m.convs[i], nil
		}
	}
	return nil, ErrNotFound
}

func (m *memConversations) Conversation(_ context.Context, id int64) (Conversation, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, err := m.find(id)
	if err != nil {
		return Conversation{}, err
	}
	return *c, nil
}

func (m *memConversations) Conversations(context.Context) ([]Conversation, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := append([]Conversation(nil), m.convs...)
	sort.Slice(out, func(i, j int) bool { return out[i].LastAt.After(out[j].LastAt) })
	return out, nil
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
	return *c, nil
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

func (r *recorder) Deliver(_ context.Context, _ int64, _ Buyer, m Message) {
	r.mu.Lock()
	r.delivered = append(r.delivered, m)
	r.mu.Unlock()
}

type fakeClock struct{ t time.Time }

func (c *fakeClock) Now() time.Time { return c.t }
