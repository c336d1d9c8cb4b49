package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"

	"replydesk/engine"
)

type agentRow struct {
	ID             int64
	Name           string
	Status         string
	Capacity       int
	Role           string
	LastAssignedAt *time.Time
	AutoSend       bool
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

func (agentRow) TableName() string { return "agents" }

// agentSelect reads agents with the count of conversations each serves.
const agentSelect = `
SELECT a.id, a.name, a.status, a.capacity, a.role, a.last_assigned_at, a.auto_send,
       (SELECT COUNT(*) FROM conversations c WHERE c.agent_id = a.id AND c.state = 'active') AS active
FROM agents a`

type agentView struct {
	ID             int64
	Name           string
	Status         string
	Capacity       int
	Role           string
	LastAssignedAt *time.Time
	AutoSend       bool
	Active         int
}

func (v agentView) agent() engine.Agent {
	return engine.Agent{
		ID: v.ID, Name: v.Name, Status: engine.AgentStatus(v.Status), Capacity: v.Capacity,
		Role: engine.AgentRole(v.Role), Active: v.Active, LastAssignedAt: orZero(v.LastAssignedAt), AutoSend: v.AutoSend,
	}
}

var _ engine.Agents = (*Store)(nil)

// Agents lists every agent by ID, each with its count of active conversations.
func (s *Store) Agents(ctx context.Context) ([]engine.Agent, error) {
	vs, err := queryRows[agentView](ctx, s, agentSelect+` ORDER BY a.id`)
	if err != nil {
		return nil, fmt.Errorf("store: agents: %w", err)
	}
	out := make([]engine.Agent, len(vs))
	for i, v := range vs {
		out[i] = v.agent()
	}
	return out, nil
}

// Agent returns one agent, or ErrNotFound.
func (s *Store) Agent(ctx context.Context, id int64) (engine.Agent, error) {
	var v agentView
	res := s.db.WithContext(ctx).Raw(agentSelect+` WHERE a.id = ?`, id).Scan(&v)
	switch {
	case res.Error != nil:
		return engine.Agent{}, fmt.Errorf("store: agent: %w", res.Error)
	case res.RowsAffected == 0:
		return engine.Agent{}, fmt.Errorf("store: agent %d: %w", id, ErrNotFound)
	}
	return v.agent(), nil
}

// CreateAgent stores a new agent (checked by the engine) and returns it with
// its ID. IDs are never reused, so closed conversations keep naming the
// agent who served them even after it is deleted.
func (s *Store) CreateAgent(ctx context.Context, a engine.Agent) (engine.Agent, error) {
	now := time.Now().UTC()
	r := agentRow{Name: a.Name, Status: string(a.Status), Capacity: a.Capacity, Role: string(a.Role), AutoSend: a.AutoSend,
		CreatedAt: now, UpdatedAt: now}
	if err := s.db.WithContext(ctx).Create(&r).Error; err != nil {
		return engine.Agent{}, fmt.Errorf("store: create agent: %w", err)
	}
	return s.Agent(ctx, r.ID)
}

// UpdateAgent saves an agent's name, status, capacity and role; ErrNotFound.
func (s *Store) UpdateAgent(ctx context.Context, a engine.Agent) (engine.Agent, error) {
	res := s.db.WithContext(ctx).Model(&agentRow{}).Where("id = ?", a.ID).Updates(map[string]any{
		"name": a.Name, "status": a.Status, "capacity": a.Capacity, "role": a.Role, "auto_send": a.AutoSend,
		"updated_at": time.Now().UTC(),
	})
	switch {
	case res.Error != nil:
		return engine.Agent{}, fmt.Errorf("store: update agent: %w", res.Error)
	case res.RowsAffected == 0:
		return engine.Agent{}, fmt.Errorf("store: update agent %d: %w", a.ID, ErrNotFound)
	}
	return s.Agent(ctx, a.ID)
}

// DeleteAgent deletes an agent in one transaction, putting its open
// conversations back in the queue with priority, queued at at; it returns
// them by ID. Closed conversations keep its ID. ErrNotFound.
func (s *Store) DeleteAgent(ctx context.Context, id int64, at time.Time) ([]engine.Conversation, error) {
	var ids []int64
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Delete(&agentRow{}, id)
		switch {
		case res.Error != nil:
			return res.Error
		case res.RowsAffected == 0:
			return fmt.Errorf("agent %d: %w", id, ErrNotFound)
		}
		err := tx.Model(&conversationRow{}).Where("agent_id = ? AND status = ?", id, engine.StatusOpen).Order("id").Pluck("id", &ids).Error
		if err != nil || len(ids) == 0 {
			return err
		}
		return tx.Model(&conversationRow{}).Where("id IN ?", ids).Updates(map[string]any{
			"state": engine.StateQueued, "agent_id": 0, "priority": true, "queued_at": at.UTC(),
		}).Error
	})
	if err != nil {
		return nil, fmt.Errorf("store: delete agent: %w", err)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	return s.conversationsByID(ctx, ids)
}

// currentAgentKey is the meta row naming the agent at this desk.
const currentAgentKey = "current_agent"

// CurrentAgentID returns the agent sitting at this desk; ErrNotFound when
// none was chosen.
func (s *Store) CurrentAgentID(ctx context.Context) (int64, error) {
	var value string
	res := s.db.WithContext(ctx).Raw(`SELECT value FROM meta WHERE key = ?`, currentAgentKey).Scan(&value)
	if res.Error != nil {
		return 0, fmt.Errorf("store: current agent: %w", res.Error)
	}
	id, err := strconv.ParseInt(value, 10, 64)
	if res.RowsAffected == 0 || err != nil || id == 0 {
		return 0, fmt.Errorf("store: current agent: %w", ErrNotFound)
	}
	return id, nil
}

// SetCurrentAgentID records the agent sitting at this desk; ErrNotFound for
// an unknown agent.
func (s *Store) SetCurrentAgentID(ctx context.Context, id int64) error {
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.First(&agentRow{}, id).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return fmt.Errorf("agent %d: %w", id, ErrNotFound)
			}
			return err
		}
		return tx.Exec(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
			currentAgentKey, strconv.FormatInt(id, 10)).Error
	})
	if err != nil {
		return fmt.Errorf("store: set current agent: %w", err)
	}
	return nil
}
