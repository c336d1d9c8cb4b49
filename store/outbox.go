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
// way round, whenever the app is killed. Its body is made when it is first
// due (the worker calls DeliveryMessage and SetDeliveryBody), so that the
// store needs not know the callbacks' wire format. Agents' notes (system)
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

// DeliveryMessage returns a queued message with its shop and buyer, for the
// body of its delivery; ErrNotFound when the message is gone.
func (s *Store) DeliveryMessage(ctx context.Context, messageID int64) (engine.QueuedMessage, error) {
	// GORM fills no embedded struct from a raw query: the columns are listed.
	var r struct {
		ID              int64
		ConversationID  int64
		Sender          string
		Type            string
		Text            string
		EntryID         int64
		AgentID         int64
		Payload         string
		CreatedAt       time.Time
		ShopID          int64
		BuyerID         int64
		BuyerExternalID string
		BuyerName       string
	}
	res := s.db.WithContext(ctx).Raw(`SELECT m.id, m.conversation_id, m.sender, m.type, m.text, m.entry_id, m.agent_id, m.payload, m.created_at,
       c.shop_id, b.id AS buyer_id, b.external_id AS buyer_external_id, b.name AS buyer_name
FROM messages m JOIN conversations c ON c.id = m.conversation_id JOIN buyers b ON b.id = c.buyer_id
WHERE m.id = ?`, messageID).Scan(&r)
	switch {
	case res.Error != nil:
		return engine.QueuedMessage{}, fmt.Errorf("store: delivery message: %w", res.Error)
	case res.RowsAffected == 0:
		return engine.QueuedMessage{}, fmt.Errorf("store: delivery message %d: %w", messageID, ErrNotFound)
	}
	return engine.QueuedMessage{
		ShopID: r.ShopID,
		Buyer:  engine.Buyer{ID: r.BuyerID, ShopID: r.ShopID, ExternalID: r.BuyerExternalID, Name: r.BuyerName},
		Message: messageRow{ID: r.ID, ConversationID: r.ConversationID, Sender: r.Sender, Type: r.Type, Text: r.Text,
			EntryID: r.EntryID, AgentID: r.AgentID, Payload: r.Payload, CreatedAt: r.CreatedAt}.message(),
	}, nil
}

// SetDeliveryBody records the body of a delivery that had none; a body once
// set never changes, so every attempt sends the same.
func (s *Store) SetDeliveryBody(ctx context.Context, seq int64, body []byte) error {
	err := s.db.WithContext(ctx).Exec(`UPDATE webhook_outbox SET body = ? WHERE id = ? AND body = ''`, string(body), seq).Error
	if err != nil {
		return fmt.Errorf("store: delivery body: %w", err)
	}
	return nil
}
