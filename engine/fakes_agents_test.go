package engine

import (
	"context"
	"slices"
	"time"
)

// The Agents half of memConversations.

func (m *memConversations) withActive(a Agent) Agent {
	a.Active = 0
	for _, c := range m.convs {
		if c.State == StateActive && c.AgentID == a.ID {
			a.Active++
		}
	}
	return a
}

func (m *memConversations) Agents(context.Context) ([]Agent, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]Agent, len(m.agents))
	for i, a := range m.agents {
		out[i] = m.withActive(a)
	}
	return out, nil
}

func (m *memConversations) Agent(_ context.Context, id int64) (Agent, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, err := m.findAgent(id)
	if err != nil {
		return Agent{}, err
	}
	return m.withActive(*a), nil
}

func (m *memConversations) CreateAgent(_ context.Context, a Agent) (Agent, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a.ID = 1
	if n := len(m.agents); n > 0 {
		a.ID = m.agents[n-1].ID + 1
	}
	m.agents = append(m.agents, a)
	return m.withActive(a), nil
}

func (m *memConversations) UpdateAgent(_ context.Context, a Agent) (Agent, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	p, err := m.findAgent(a.ID)
	if err != nil {
		return Agent{}, err
	}
	p.Name, p.Status, p.Capacity, p.Role = a.Name, a.Status, a.Capacity, a.Role
	return m.withActive(*p), nil
}

func (m *memConversations) DeleteAgent(_ context.Context, id int64, at time.Time) ([]Conversation, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, err := m.findAgent(id); err != nil {
		return nil, err
	}
	m.agents = slices.DeleteFunc(m.agents, func(a Agent) bool { return a.ID == id })
	var out []Conversation
	for i := range m.convs {
		c := &m.convs[i]
		if c.AgentID == id && c.State == StateActive {
			setState(c, StateQueued)
			c.AgentID, c.Priority, c.QueuedAt = 0, true, at
			out = append(out, m.view(*c))
		}
	}
	return out, nil
}

func (m *memConversations) CurrentAgentID(context.Context) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.current == 0 {
		return 0, ErrNotFound
	}
	return m.current, nil
}

func (m *memConversations) SetCurrentAgentID(_ context.Context, id int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.current = id
	return nil
}
