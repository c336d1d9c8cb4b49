package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"time"

	"gorm.io/gorm"
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
