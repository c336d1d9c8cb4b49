package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"replydesk/engine"
)

var _ engine.RatingStore = (*Store)(nil)

// RatedMessage returns a message with its conversation and buyer;
// ErrNotFound for none.
func (s *Store) RatedMessage(ctx context.Context, messageID int64) (engine.Conversation, engine.Buyer, engine.Message, error) {
	rows, err := queryRows[messageRow](ctx, s, `SELECT id, conversation_id, sender, type, text, entry_id, agent_id, payload, created_at
FROM messages WHERE id = ?`, messageID)
	if err != nil {
		return engine.Conversation{}, engine.Buyer{}, engine.Message{}, fmt.Errorf("store: rated message: %w", err)
	}
	if len(rows) == 0 {
		return engine.Conversation{}, engine.Buyer{}, engine.Message{}, fmt.Errorf("store: rated message %d: %w", messageID, ErrNotFound)
	}
	c, err := s.Conversation(ctx, rows[0].ConversationID)
	if err != nil {
		return engine.Conversation{}, engine.Buyer{}, engine.Message{}, err
	}
	b, err := s.Buyer(ctx, c.BuyerID)
	if err != nil {
		return engine.Conversation{}, engine.Buyer{}, engine.Message{}, err
	}
	return c, b, rows[0].message(), nil
}

// Rate stores a rating, replacing the one before of the same reply (or, for
// a session rating, of the same session), and with handoff set, in the same
// transaction: the conversation, when it is open, is tagged as asking for
// a human and given the notice; when no online agent serves it, it is
// queued again, first (RB-8). It returns the conversation after and the
// notice stored (ID 0 when none was).
func (s *Store) Rate(ctx context.Context, r engine.Rating, handoff *engine.Message) (engine.Conversation, engine.Message, error) {
	var c engine.Conversation
	var notice engine.Message
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		conflict := `(conversation_id) WHERE reply_id = 0`
		var prev *engine.Rating
		if r.ReplyID > 0 {
			conflict = `(reply_id) WHERE reply_id > 0`
			var before []struct{ Solved bool }
			if err := tx.Raw(`SELECT solved FROM ratings WHERE reply_id = ?`, r.ReplyID).Scan(&before).Error; err != nil {
				return err
			}
			if len(before) > 0 {
				prev = &engine.Rating{ReplyID: r.ReplyID, Solved: before[0].Solved}
			}
		}
		if err := tx.Exec(`INSERT INTO ratings (conversation_id, shop_id, reply_id, entry_id, solved, score, reason, text, rated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT `+conflict+` DO UPDATE SET
	solved = excluded.solved, score = excluded.score, reason = excluded.reason, text = excluded.text, rated_at = excluded.rated_at`,
			r.ConversationID, r.ShopID, r.ReplyID, r.EntryID, r.Solved, r.Score, r.Reason, r.Text, r.RatedAt.UTC()).Error; err != nil {
			return err
		}
		if err := rated(tx, r, prev); err != nil {
			return err
		}
		var v conversationView
		found, err := s.queryOne(ctx, tx, conversationSelect+` WHERE c.id = ?`, &v, r.ConversationID)
		if err != nil || !found {
			return err
		}
		c = v.conversation()
		if handoff == nil || c.State == engine.StateClosed {
			return nil
		}
		var online struct{ N int64 }
		if _, err := s.queryOne(ctx, tx, `SELECT COUNT(*) AS n FROM agents WHERE id = ? AND status = ?`, &online, c.AgentID, engine.AgentOnline); err != nil {
			return err
		}
		if online.N == 0 {
			released := c.ReleasedBy
			if c.State == engine.StateActive {
				released = c.AgentID
				c.QueuedAt = r.RatedAt
			}
			if _, err := s.exec(ctx, tx, `UPDATE conversations SET state = ?, agent_id = 0, priority = ?, queued_at = ?, released_by = ? WHERE id = ?`,
				string(engine.StateQueued), true, c.QueuedAt.UTC(), released, c.ID); err != nil {
				return err
			}
			c.State, c.AgentID, c.AgentName, c.Priority, c.ReleasedBy = engine.StateQueued, 0, "", true, released
		}
		c.Attention = engine.AttentionHuman
		if _, err := s.exec(ctx, tx, `UPDATE conversations SET attention = ? WHERE id = ?`, string(c.Attention), c.ID); err != nil {
			return err
		}
		c, notice, err = s.appendTx(ctx, tx, c, *handoff)
		return err
	})
	if err != nil {
		if errors.Is(err, engine.ErrClosed) {
			return c, engine.Message{}, err
		}
		return c, engine.Message{}, fmt.Errorf("store: rate: %w", err)
	}
	return c, notice, nil
}

// ConversationRatings returns a conversation's ratings: of its robot
// replies and of the session, oldest first.
func (s *Store) ConversationRatings(ctx context.Context, conversationID int64) ([]engine.Rating, error) {
	var rows []struct {
		ConversationID int64
		ShopID         int64
		ReplyID        int64
		EntryID        int64
		Solved         bool
		Score          int
		Reason         string
		Text           string
		RatedAt        time.Time
	}
	if err := s.db.WithContext(ctx).Raw(`SELECT conversation_id, shop_id, reply_id, entry_id, solved, score, reason, text, rated_at
FROM ratings WHERE conversation_id = ? ORDER BY id`, conversationID).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: conversation ratings: %w", err)
	}
	out := make([]engine.Rating, len(rows))
	for i, r := range rows {
		out[i] = engine.Rating{ConversationID: r.ConversationID, ShopID: r.ShopID, ReplyID: r.ReplyID, EntryID: r.EntryID,
			Solved: r.Solved, Score: r.Score, Reason: r.Reason, Text: r.Text, RatedAt: r.RatedAt}
	}
	return out, nil
}
