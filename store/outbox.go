package store

import (
	"context"
	"fmt"
	"time"

	"replydesk/engine"
)

// undeliveredMargin reaches back before a shop's newest delivery: messages
// are queued right after they are stored, concurrently, so one stored a
// moment before the newest delivery may still have been lost.
const undeliveredMargin = time.Minute

// UndeliveredMessages returns the messages to buyers of shops with a
// callback that have no delivery in the outbox: those the app was stopped
// between storing and queuing. It looks at messages since the shop's
// newest delivery (less a minute), never before its callback was set;
// buyer messages, agents' notes (system) and imported history are never
// delivered. Only messages stored before the given instant (when the
// worker started) are looked at: later ones are queued as they are sent.
// Oldest first, at most limit.
func (s *Store) UndeliveredMessages(ctx context.Context, before time.Time, limit int) ([]engine.Undelivered, error) {
	var rows []struct {
		ID              int64
		ConversationID  int64
		Sender          string
		Type            string
		Text            string
		EntryID         int64
		Payload         string
		CreatedAt       time.Time
		ShopID          int64
		BuyerID         int64
		BuyerExternalID string
		BuyerName       string
	}
	err := s.db.WithContext(ctx).Raw(`
WITH since AS (
	SELECT w.shop_id, MAX(w.updated_at, COALESCE(
		(SELECT datetime(MAX(o.created_at), ?) FROM webhook_outbox o WHERE o.shop_id = w.shop_id),
		w.updated_at)) AS at
	FROM webhook_callbacks w
)
SELECT m.id, m.conversation_id, m.sender, m.type, m.text, m.entry_id, m.payload, m.created_at,
       c.shop_id, b.id AS buyer_id, b.external_id AS buyer_external_id, b.name AS buyer_name
FROM since
JOIN messages m ON m.created_at >= since.at
JOIN conversations c ON c.id = m.conversation_id AND c.shop_id = since.shop_id
JOIN buyers b ON b.id = c.buyer_id
WHERE m.created_at < ? AND m.sender NOT IN (?, ?) AND m.source = ''
  AND NOT EXISTS (SELECT 1 FROM webhook_outbox o WHERE o.message_id = m.id)
ORDER BY m.id LIMIT ?`,
		fmt.Sprintf("-%d seconds", int(undeliveredMargin.Seconds())),
		before.UTC(), engine.SenderBuyer, engine.SenderSystem, limit).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: undelivered messages: %w", err)
	}
	out := make([]engine.Undelivered, len(rows))
	for i, r := range rows {
		out[i] = engine.Undelivered{
			ShopID: r.ShopID,
			Buyer:  engine.Buyer{ID: r.BuyerID, ShopID: r.ShopID, ExternalID: r.BuyerExternalID, Name: r.BuyerName},
			Message: messageRow{ID: r.ID, ConversationID: r.ConversationID, Sender: r.Sender, Type: r.Type, Text: r.Text,
				EntryID: r.EntryID, Payload: r.Payload, CreatedAt: r.CreatedAt}.message(),
		}
	}
	return out, nil
}
