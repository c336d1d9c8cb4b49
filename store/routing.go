package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"replydesk/engine"
)

// openConversation reads a conversation that is not closed within tx:
// ErrNotFound or engine.ErrClosed otherwise.
func openConversation(tx *gorm.DB, id int64) (conversationRow, error) {
	var c conversationRow
	if err := tx.First(&c, id).Error; err != nil {
		return c, notFound(err, "conversation")
	}
	if c.Status == string(engine.StatusClosed) {
		return c, fmt.Errorf("store: conversation %d: %w", id, engine.ErrClosed)
	}
	return c, nil
}

// changeOpen applies change to a conversation that is not closed, in one
// transaction, and returns the conversation as it then is.
func (s *Store) changeOpen(ctx context.Context, what string, id int64, change func(tx *gorm.DB, c conversationRow) error) (engine.Conversation, error) {
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		c, err := openConversation(tx, id)
		if err != nil {
			return err
		}
		return change(tx, c)
	})
	if err != nil {
		return engine.Conversation{}, fmt.Errorf("store: %s: %w", what, err)
	}
	return s.Conversation(ctx, id)
}

// Assign makes an agent serve a conversation that is not closed and records
// when the agent got it. ErrNotFound for an unknown conversation or agent,
// engine.ErrClosed for a closed conversation.
func (s *Store) Assign(ctx context.Context, conversationID, agentID int64, at time.Time) (engine.Conversation, error) {
	at = at.UTC()
	return s.changeOpen(ctx, "assign", conversationID, func(tx *gorm.DB, c conversationRow) error {
		res := tx.Model(&agentRow{}).Where("id = ?", agentID).Update("last_assigned_at", at)
		switch {
		case res.Error != nil:
			return res.Error
		case res.RowsAffected == 0:
			return fmt.Errorf("agent %d: %w", agentID, ErrNotFound)
		}
		return tx.Model(&c).Updates(map[string]any{
			"state": engine.StateActive, "agent_id": agentID, "assigned_at": at, "released_by": 0,
		}).Error
	})
}

// Requeue puts a conversation that is not closed back in the queue with
// priority, released by the agent who served it (routing passes over that
// agent until another takes it). ErrNotFound, or engine.ErrClosed for a
// closed conversation.
func (s *Store) Requeue(ctx context.Context, conversationID int64, at time.Time) (engine.Conversation, error) {
	return s.changeOpen(ctx, "requeue", conversationID, func(tx *gorm.DB, c conversationRow) error {
		released := c.AgentID
		if c.State == string(engine.StateQueued) {
			released = c.ReleasedBy
		}
		return tx.Model(&c).Updates(map[string]any{
			"state": engine.StateQueued, "agent_id": 0, "priority": true, "queued_at": at.UTC(), "released_by": released,
		}).Error
	})
}

// Prioritize flags a conversation that is not closed as priority (RB-8).
// ErrNotFound, or engine.ErrClosed for a closed conversation.
func (s *Store) Prioritize(ctx context.Context, conversationID int64) (engine.Conversation, error) {
	return s.changeOpen(ctx, "prioritize", conversationID, func(tx *gorm.DB, c conversationRow) error {
		return tx.Model(&c).Update("priority", true).Error
	})
}

// closeRows closes open conversations.
func closeRows(tx *gorm.DB, ids []int64, reason engine.CloseReason, at time.Time) error {
	return tx.Model(&conversationRow{}).Where("id IN ? AND status = ?", ids, engine.StatusOpen).Updates(map[string]any{
		"status": engine.StatusClosed, "state": engine.StateClosed, "closed_at": at.UTC(), "close_reason": reason,
	}).Error
}

// CloseConversation closes a conversation; one already closed is returned
// unchanged. ErrNotFound for an unknown conversation.
func (s *Store) CloseConversation(ctx context.Context, conversationID int64, reason engine.CloseReason, at time.Time) (engine.Conversation, error) {
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var c conversationRow
		if err := tx.First(&c, conversationID).Error; err != nil {
			return notFound(err, "conversation")
		}
		return closeRows(tx, []int64{c.ID}, reason, at)
	})
	if err != nil {
		return engine.Conversation{}, fmt.Errorf("store: close: %w", err)
	}
	return s.Conversation(ctx, conversationID)
}

// CloseIdle closes every open conversation whose buyer last wrote at or
// before idleBefore, and returns them by ID.
func (s *Store) CloseIdle(ctx context.Context, idleBefore, at time.Time) ([]engine.Conversation, error) {
	var ids []int64
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		err := tx.Model(&conversationRow{}).Where("status = ? AND last_buyer_at <= ?", engine.StatusOpen, idleBefore.UTC()).
			Order("id").Pluck("id", &ids).Error
		if err != nil || len(ids) == 0 {
			return err
		}
		return closeRows(tx, ids, engine.ClosedIdle, at)
	})
	if err != nil {
		return nil, fmt.Errorf("store: close idle: %w", err)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	return s.conversationsByID(ctx, ids)
}

// conversationsByID returns the conversations with the given IDs, by ID.
func (s *Store) conversationsByID(ctx context.Context, ids []int64) ([]engine.Conversation, error) {
	var vs []conversationView
	if err := s.db.WithContext(ctx).Raw(conversationSelect+` WHERE c.id IN ? ORDER BY c.id`, ids).Scan(&vs).Error; err != nil {
		return nil, fmt.Errorf("store: conversations: %w", err)
	}
	return conversations(vs), nil
}

// Queue returns up to limit queued conversations, priority first, then by
// the time they were queued, then by ID.
func (s *Store) Queue(ctx context.Context, limit int) ([]engine.Conversation, error) {
	var vs []conversationView
	err := s.db.WithContext(ctx).Raw(conversationSelect+`
WHERE c.state = 'queued' ORDER BY c.priority DESC, c.queued_at, c.id LIMIT ?`, limit).Scan(&vs).Error
	if err != nil {
		return nil, fmt.Errorf("store: queue: %w", err)
	}
	return conversations(vs), nil
}
