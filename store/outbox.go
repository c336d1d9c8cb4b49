package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"

	"gorm.io/gorm"

	"replydesk/engine"
)

// queueDelivery queues message messageID of a shop for the shop's callback,
// in the transaction tx that stores the message, when the shop has a
// callback: a message is never stored without its delivery nor the other
// way round, whenever the app is killed. Its body is made by the worker
// from the message (NextDeliveries gives it), so that the store needs not
// know the callbacks' wire format. Agents' notes (system)
// and buyer messages are not queued.
func (s *Store) queueDelivery(ctx context.Context, tx *gorm.DB, shopID, messageID int64, at time.Time) error {
	id := make([]byte, 16)
	if _, err := rand.Read(id); err != nil {
		return err
	}
	_, err := s.exec(ctx, tx, `INSERT INTO webhook_outbox (shop_id, delivery_id, message_id, body, attempts, next_at, created_at)
SELECT shop_id, ?, ?, '', 0, ?, ? FROM webhook_callbacks WHERE shop_id = ?`,
		hex.EncodeToString(id), messageID, at.UnixMilli(), at.UTC(), shopID)
	return err
}

// RecordAction stores the agents' note of an action in its conversation
// and, when the shop has a callback, queues the action event (its payload
// made by the engine) for it, in one transaction (SA-4). ErrClosed for a
// closed conversation, ErrNotFound for an unknown one.
func (s *Store) RecordAction(ctx context.Context, conversationID int64, note engine.Message, event []byte) (engine.Conversation, engine.Message, error) {
	var c engine.Conversation
	var m engine.Message
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var v conversationView
		found, err := s.queryOne(ctx, tx, conversationSelect+` WHERE c.id = ?`, &v, conversationID)
		switch {
		case err != nil:
			return err
		case !found:
			return fmt.Errorf("conversation %d: %w", conversationID, ErrNotFound)
		}
		if c, m, err = s.appendTx(ctx, tx, v.conversation(), note); err != nil {
			return err
		}
		id := make([]byte, 16)
		if _, err := rand.Read(id); err != nil {
			return err
		}
		_, err = s.exec(ctx, tx, `INSERT INTO webhook_outbox (shop_id, delivery_id, message_id, body, attempts, next_at, created_at, event, payload)
SELECT shop_id, ?, ?, '', 0, ?, ?, 'action', ? FROM webhook_callbacks WHERE shop_id = ?`,
			hex.EncodeToString(id), m.ID, note.CreatedAt.UnixMilli(), note.CreatedAt.UTC(), string(event), c.ShopID)
		return err
	})
	if err != nil {
		return engine.Conversation{}, engine.Message{}, fmt.Errorf("store: record action: %w", err)
	}
	return c, m, nil
}
