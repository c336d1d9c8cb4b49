package engine

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"
)

// MessageKey is a channel's idempotency id for a buyer message: the same
// key twice in a shop stores one message (CV-7b). A channel puts it in the
// context of Desk.ReceiveBuyerMessage with WithMessageKey; a Conversations
// store that honours keys records it in the transaction that stores the
// message, marks it Recorded, and for a key already used stores nothing and
// returns a *DuplicateMessageError.
type MessageKey struct {
	ID       string
	recorded atomic.Bool
}

// Recorded tells whether the store recorded the key with the message.
func (k *MessageKey) Recorded() bool { return k.recorded.Load() }

// MarkRecorded is called by the store once the key is stored with the message.
func (k *MessageKey) MarkRecorded() { k.recorded.Store(true) }

type messageKeyCtx struct{}

// WithMessageKey returns ctx carrying k.
func WithMessageKey(ctx context.Context, k *MessageKey) context.Context {
	return context.WithValue(ctx, messageKeyCtx{}, k)
}

// MessageKeyFrom returns the key ctx carries, or nil.
func MessageKeyFrom(ctx context.Context) *MessageKey {
	k, _ := ctx.Value(messageKeyCtx{}).(*MessageKey)
	return k
}

// DuplicateMessageError reports a buyer message whose key was used before:
// nothing was stored, and Message is the message stored the first time.
type DuplicateMessageError struct{ Message Message }

func (e *DuplicateMessageError) Error() string {
	return fmt.Sprintf("the message was received before (message %d)", e.Message.ID)
}

// Callback is where a shop's messages to buyers are delivered (CV-7b).
// Secret signs every delivery; it is never shown or logged.
type Callback struct {
	URL    string
	Secret string
}

// Delivery is one message to a buyer waiting in the persisted outbox until
// the shop's callback acknowledges it.
type Delivery struct {
	// Seq orders a shop's deliveries.
	Seq    int64
	ShopID int64
	// ID names the delivery to the receiver (X-ReplyDesk-Delivery), unique.
	ID        string
	MessageID int64
	// Body is the JSON sent, the same on every attempt.
	Body []byte
	// Attempts counts the failed attempts so far.
	Attempts  int
	NextAt    time.Time
	LastError string
	CreatedAt time.Time
	// DeliveredAt is when the callback acknowledged it; zero while pending.
	DeliveredAt time.Time
	// Callback is the shop's callback as it is now (filled by the store when
	// the delivery is due).
	Callback Callback
	// Event is "message", or "action" for an action event (SA-4) whose
	// content is Payload.
	Event   string
	Payload []byte
	// Message is the message to make the body from, for a delivery queued
	// without one (filled by the store when the delivery is due): the body
	// is a function of the delivery and its message, the same on every
	// attempt.
	Message *QueuedMessage
}

// QueuedMessage is a message to a buyer queued for its shop's callback,
// with the shop and the buyer, to make the delivery's body from.
type QueuedMessage struct {
	ShopID  int64
	Buyer   Buyer
	Message Message
}
