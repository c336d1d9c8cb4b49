package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"replydesk/engine"
)

// This file keeps what the webhook connector needs (CV-7b): the shops'
// token hashes and callbacks, the idempotency ids of buyer messages and the
// outbox of deliveries to callbacks.

// SetWebhookToken makes hash the shop's token hash, replacing the one before
// (which stops working at once). ErrNotFound when the shop does not exist.
func (s *Store) SetWebhookToken(ctx context.Context, shopID int64, hash string, at time.Time) error {
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.First(&shopRow{}, shopID).Error; err != nil {
			return notFound(err, "shop")
		}
		return tx.Exec(`INSERT INTO webhook_tokens (shop_id, token_hash, created_at) VALUES (?, ?, ?)
ON CONFLICT (shop_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at`,
			shopID, hash, at.UTC()).Error
	})
	if err != nil {
		return fmt.Errorf("store: set webhook token: %w", err)
	}
	return nil
}

// WebhookTokenShop returns the shop whose token has the hash, or ErrNotFound.
func (s *Store) WebhookTokenShop(ctx context.Context, hash string) (int64, error) {
	rows, err := queryRows[struct{ ShopID int64 }](ctx, s, `SELECT shop_id FROM webhook_tokens WHERE token_hash = ?`, hash)
	switch {
	case err != nil:
		return 0, fmt.Errorf("store: webhook token: %w", err)
	case len(rows) == 0:
		return 0, fmt.Errorf("store: webhook token: %w", ErrNotFound)
	}
	return rows[0].ShopID, nil
}

// HasWebhookToken tells whether the shop has a token; false for a shop that
// does not exist.
func (s *Store) HasWebhookToken(ctx context.Context, shopID int64) (bool, error) {
	var n int64
	if err := s.db.WithContext(ctx).Raw(`SELECT COUNT(*) FROM webhook_tokens WHERE shop_id = ?`, shopID).Scan(&n).Error; err != nil {
		return false, fmt.Errorf("store: webhook token: %w", err)
	}
	return n > 0, nil
}

// SetCallback sets the shop's callback; an empty URL removes it (deliveries
// already waiting stay in the outbox until a callback is set again).
// ErrNotFound when the shop does not exist.
func (s *Store) SetCallback(ctx context.Context, shopID int64, cb engine.Callback, at time.Time) error {
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.First(&shopRow{}, shopID).Error; err != nil {
			return notFound(err, "shop")
		}
		if cb.URL == "" {
			return tx.Exec(`DELETE FROM webhook_callbacks WHERE shop_id = ?`, shopID).Error
		}
		return tx.Exec(`INSERT INTO webhook_callbacks (shop_id, url, secret, updated_at) VALUES (?, ?, ?, ?)
ON CONFLICT (shop_id) DO UPDATE SET url = excluded.url, secret = excluded.secret, updated_at = excluded.updated_at`,
			shopID, cb.URL, cb.Secret, at.UTC()).Error
	})
	if err != nil {
		return fmt.Errorf("store: set callback: %w", err)
	}
	return nil
}

// Callback returns the shop's callback, or ErrNotFound when it has none.
func (s *Store) Callback(ctx context.Context, shopID int64) (engine.Callback, error) {
	var cb struct{ URL, Secret string }
	res := s.db.WithContext(ctx).Raw(`SELECT url, secret FROM webhook_callbacks WHERE shop_id = ?`, shopID).Scan(&cb)
	switch {
	case res.Error != nil:
		return engine.Callback{}, fmt.Errorf("store: callback: %w", res.Error)
	case res.RowsAffected == 0:
		return engine.Callback{}, fmt.Errorf("store: callback of shop %d: %w", shopID, ErrNotFound)
	}
	return engine.Callback{URL: cb.URL, Secret: cb.Secret}, nil
}

// KeyedMessage returns the buyer message stored in the shop under an
// idempotency id, or ErrNotFound.
func (s *Store) KeyedMessage(ctx context.Context, shopID int64, key string) (engine.Message, error) {
	rows, err := queryRows[messageRow](ctx, s, `SELECT m.id, m.conversation_id, m.sender, m.type, m.text, m.entry_id, m.agent_id, m.payload, m.created_at
FROM webhook_message_keys k JOIN messages m ON m.id = k.message_id WHERE k.shop_id = ? AND k.key = ?`, shopID, key)
	switch {
	case err != nil:
		return engine.Message{}, fmt.Errorf("store: keyed message: %w", err)
	case len(rows) == 0:
		return engine.Message{}, fmt.Errorf("store: keyed message: %w", ErrNotFound)
	}
	return rows[0].message(), nil
}

// Idempotent is the store as the desk's engine.Conversations, honouring the
// idempotency ids channels put in the context (engine.WithMessageKey).
type Idempotent struct{ *Store }

var _ engine.Conversations = Idempotent{}

// Idempotent returns the store as conversations that honour message keys.
func (s *Store) Idempotent() Idempotent { return Idempotent{s} }

// errKeyUsed rolls back a message whose key turned out to be used.
var errKeyUsed = errors.New("the message key was used before")

// AddBuyerMessage is Store.AddBuyerMessage. When ctx carries a message key
// (engine.WithMessageKey), the key is stored with the message in one
// transaction and marked recorded; a key the shop used before stores nothing
// and gives an *engine.DuplicateMessageError holding the first message.
// Concurrent calls with one key store one message.
func (s Idempotent) AddBuyerMessage(ctx context.Context, bm engine.BuyerMessage) (engine.Received, error) {
	key := engine.MessageKeyFrom(ctx)
	if key == nil {
		return s.Store.AddBuyerMessage(ctx, bm)
	}
	var r engine.Received
	// The transaction takes the write lock at once (_txlock=immediate): a
	// concurrent request with the same key waits, then finds the key taken
	// and rolls its message back. Callers look the key up first
	// (KeyedMessage), so that a retry rarely gets this far.
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// The store's own transaction runs inside this one, not as a savepoint.
		inner := &Store{db: tx.Session(&gorm.Session{DisableNestedTransaction: true}), hot: s.hot}
		var err error
		if r, err = inner.AddBuyerMessage(ctx, bm); err != nil {
			return err
		}
		n, err := s.exec(ctx, tx, `INSERT INTO webhook_message_keys (shop_id, key, message_id, created_at) VALUES (?, ?, ?, ?)
ON CONFLICT DO NOTHING`, bm.ShopID, key.ID, r.Message.ID, bm.At.UTC())
		switch {
		case err != nil:
			return err
		case n == 0:
			return errKeyUsed
		}
		return nil
	})
	if errors.Is(err, errKeyUsed) {
		prior, err := s.KeyedMessage(ctx, bm.ShopID, key.ID)
		if err != nil {
			return engine.Received{}, fmt.Errorf("store: add keyed buyer message: %w", err)
		}
		return engine.Received{}, &engine.DuplicateMessageError{Message: prior}
	}
	if err != nil {
		return engine.Received{}, fmt.Errorf("store: add keyed buyer message: %w", err)
	}
	key.MarkRecorded()
	return r, nil
}

// deliveryRow is a row of the webhook outbox.
type deliveryRow struct {
	ID          int64
	ShopID      int64
	DeliveryID  string
	MessageID   int64
	Body        string
	Attempts    int
	NextAt      int64
	LastError   string
	CreatedAt   time.Time
	DeliveredAt *time.Time
	URL         string
	Secret      string
}

func (r deliveryRow) delivery() engine.Delivery {
	var delivered time.Time
	if r.DeliveredAt != nil {
		delivered = *r.DeliveredAt
	}
	return engine.Delivery{
		DeliveredAt: delivered,
		Seq:         r.ID, ShopID: r.ShopID, ID: r.DeliveryID, MessageID: r.MessageID, Body: []byte(r.Body),
		Attempts: r.Attempts, NextAt: time.UnixMilli(r.NextAt).UTC(), LastError: r.LastError, CreatedAt: r.CreatedAt,
		Callback: engine.Callback{URL: r.URL, Secret: r.Secret},
	}
}

// NextDeliveries returns, for each shop with a callback, the oldest delivery
// not yet acknowledged (a shop's messages are delivered in order), with the
// callback and, for a delivery queued without a body, its message and
// buyer to make the body from; soonest due first.
func (s *Store) NextDeliveries(ctx context.Context) ([]engine.Delivery, error) {
	type nextRow struct {
		ID, ShopID, MessageID int64
		DeliveryID, Body      string
		Attempts              int
		NextAt                int64
		LastError             string
		CreatedAt             time.Time
		URL, Secret           string
		Event, Payload        string
		// The message, when the body is to be made.
		MConversationID *int64
		MSender, MType  *string
		MText, MPayload *string
		MEntryID        *int64
		MAgentID        *int64
		MCreatedAt      *time.Time
		BuyerID         *int64
		BuyerExternalID *string
		BuyerName       *string
	}
	rows, err := queryRows[nextRow](ctx, s, `SELECT o.id, o.shop_id, o.delivery_id, o.message_id, o.body, o.attempts, o.next_at,
       o.last_error, o.created_at, c.url, c.secret, o.event, o.payload,
       m.conversation_id AS m_conversation_id, m.sender AS m_sender, m.type AS m_type, m.text AS m_text,
       m.payload AS m_payload, m.entry_id AS m_entry_id, m.agent_id AS m_agent_id, m.created_at AS m_created_at,
       b.id AS buyer_id, b.external_id AS buyer_external_id, b.name AS buyer_name
FROM webhook_callbacks c JOIN webhook_outbox o ON o.id = (
	SELECT id FROM webhook_outbox WHERE shop_id = c.shop_id AND delivered_at IS NULL ORDER BY id LIMIT 1)
LEFT JOIN messages m ON m.id = o.message_id AND o.body = ''
LEFT JOIN conversations cv ON cv.id = m.conversation_id
LEFT JOIN buyers b ON b.id = cv.buyer_id
ORDER BY o.next_at, o.id`)
	if err != nil {
		return nil, fmt.Errorf("store: next deliveries: %w", err)
	}
	out := make([]engine.Delivery, len(rows))
	for i, r := range rows {
		out[i] = deliveryRow{ID: r.ID, ShopID: r.ShopID, DeliveryID: r.DeliveryID, MessageID: r.MessageID, Body: r.Body,
			Attempts: r.Attempts, NextAt: r.NextAt, LastError: r.LastError, CreatedAt: r.CreatedAt, URL: r.URL, Secret: r.Secret}.delivery()
		out[i].Event, out[i].Payload = r.Event, []byte(r.Payload)
		if r.Body == "" && r.MSender != nil && r.BuyerID != nil {
			out[i].Message = &engine.QueuedMessage{
				ShopID: r.ShopID,
				Buyer:  engine.Buyer{ID: *r.BuyerID, ShopID: r.ShopID, ExternalID: *r.BuyerExternalID, Name: *r.BuyerName},
				Message: messageRow{ID: r.MessageID, ConversationID: *r.MConversationID, Sender: *r.MSender, Type: *r.MType,
					Text: *r.MText, Payload: *r.MPayload, EntryID: *r.MEntryID, AgentID: *r.MAgentID, CreatedAt: *r.MCreatedAt}.message(),
			}
		}
	}
	return out, nil
}

// DeliverySucceeded marks a delivery acknowledged: it is never sent again.
func (s *Store) DeliverySucceeded(ctx context.Context, seq int64, at time.Time) error {
	if _, err := s.execDB(ctx, `UPDATE webhook_outbox SET delivered_at = ?, last_error = '' WHERE id = ?`, at.UTC(), seq); err != nil {
		return fmt.Errorf("store: delivery succeeded: %w", err)
	}
	return nil
}

// DeliveryFailed records a failed attempt and when to try again.
func (s *Store) DeliveryFailed(ctx context.Context, seq int64, attempts int, next time.Time, reason string) error {
	err := s.db.WithContext(ctx).Exec(`UPDATE webhook_outbox SET attempts = ?, next_at = ?, last_error = ? WHERE id = ? AND delivered_at IS NULL`,
		attempts, next.UnixMilli(), reason, seq).Error
	if err != nil {
		return fmt.Errorf("store: delivery failed: %w", err)
	}
	return nil
}

// Deliveries returns a shop's deliveries, oldest first, acknowledged or not.
func (s *Store) Deliveries(ctx context.Context, shopID int64) ([]engine.Delivery, error) {
	var rows []deliveryRow
	err := s.db.WithContext(ctx).Raw(`SELECT id, shop_id, delivery_id, message_id, body, attempts, next_at, last_error, created_at, delivered_at
FROM webhook_outbox WHERE shop_id = ? ORDER BY id`, shopID).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: deliveries: %w", err)
	}
	out := make([]engine.Delivery, len(rows))
	for i, r := range rows {
		out[i] = r.delivery()
	}
	return out, nil
}

// PendingDeliveries counts a shop's deliveries not yet acknowledged.
func (s *Store) PendingDeliveries(ctx context.Context, shopID int64) (int, error) {
	var n int
	err := s.db.WithContext(ctx).Raw(`SELECT COUNT(*) FROM webhook_outbox WHERE shop_id = ? AND delivered_at IS NULL`, shopID).Scan(&n).Error
	if err != nil {
		return 0, fmt.Errorf("store: pending deliveries: %w", err)
	}
	return n, nil
}

// PruneDeliveries deletes the deliveries acknowledged before a time and
// returns how many.
func (s *Store) PruneDeliveries(ctx context.Context, before time.Time) (int64, error) {
	res := s.db.WithContext(ctx).Exec(`DELETE FROM webhook_outbox WHERE delivered_at IS NOT NULL AND delivered_at < ?`, before.UTC())
	if res.Error != nil {
		return 0, fmt.Errorf("store: prune deliveries: %w", res.Error)
	}
	return res.RowsAffected, nil
}
