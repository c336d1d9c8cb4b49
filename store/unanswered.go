package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"replydesk/engine"
)

var _ engine.UnansweredStore = (*Store)(nil)

// UnansweredMessages returns up to limit of a shop's buyer text messages
// decided since since (merged lines of a burst aside) whose decision had no
// confident match — no entry, or a confidence below the threshold of the
// time — newest first, each with the first human text reply after it.
func (s *Store) UnansweredMessages(ctx context.Context, shopID int64, since time.Time, limit int) ([]engine.UnansweredMessage, error) {
	var rows []struct {
		MessageID      int64
		ConversationID int64
		Text           string
		CreatedAt      time.Time
		Reply          string
	}
	err := s.db.WithContext(ctx).Raw(`SELECT d.message_id, d.conversation_id, m.text, m.created_at,
	COALESCE((SELECT r.text FROM messages r WHERE r.conversation_id = d.conversation_id AND r.id > d.message_id
		AND r.sender = ? AND r.type = ? ORDER BY r.id LIMIT 1), '') AS reply
FROM decisions d JOIN messages m ON m.id = d.message_id
WHERE d.shop_id = ? AND d.outcome <> ? AND (d.entry_id = 0 OR d.confidence < d.threshold)
  AND m.type = ? AND m.created_at >= ?
ORDER BY d.message_id DESC LIMIT ?`,
		engine.SenderAgent, engine.MessageText, shopID, engine.OutcomeMerged, engine.MessageText, since.UTC(), limit).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: unanswered messages: %w", err)
	}
	out := make([]engine.UnansweredMessage, len(rows))
	for i, r := range rows {
		out[i] = engine.UnansweredMessage{MessageID: r.MessageID, ConversationID: r.ConversationID, Text: r.Text,
			At: r.CreatedAt.UTC(), Reply: r.Reply}
	}
	return out, nil
}

// DismissedQuestions returns the question keys set aside for a shop.
func (s *Store) DismissedQuestions(ctx context.Context, shopID int64) (map[string]bool, error) {
	var keys []string
	if err := s.db.WithContext(ctx).Raw(`SELECT key FROM unanswered_dismissed WHERE shop_id = ?`, shopID).Scan(&keys).Error; err != nil {
		return nil, fmt.Errorf("store: dismissed questions: %w", err)
	}
	out := make(map[string]bool, len(keys))
	for _, k := range keys {
		out[k] = true
	}
	return out, nil
}

// DismissQuestions sets question keys aside for a shop, in one transaction;
// keys set aside before stay as they were.
func (s *Store) DismissQuestions(ctx context.Context, shopID int64, keys []string, by string, at time.Time) error {
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for _, k := range keys {
			if err := tx.Exec(`INSERT INTO unanswered_dismissed (shop_id, key, by, at) VALUES (?, ?, ?, ?)
ON CONFLICT (shop_id, key) DO NOTHING`, shopID, k, by, at.UTC()).Error; err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: dismiss questions: %w", err)
	}
	return nil
}
