package engine

import (
	"context"
	"errors"
	"time"
)

// ErrNotFound is returned by stores when a record does not exist.
var ErrNotFound = errors.New("not found")

// Clock tells the time; tests use a fake.
type Clock interface{ Now() time.Time }

// SystemClock is the real clock.
type SystemClock struct{}

func (SystemClock) Now() time.Time { return time.Now() }

// Hit is one KB entry found for a query, best first.
type Hit struct {
	EntryID int64
	// Score is the retriever's raw relevance; Confidence maps it into [0, 1].
	Score      float64
	Confidence float64
	// Question is which of the entry's questions matched best: 0 for the
	// standard question, i for similar question i-1 (see Entry.Questions).
	Question int
}

// Retriever finds the KB entries of a shop that answer a text.
type Retriever interface {
	Search(ctx context.Context, shopID int64, text string, k int) ([]Hit, error)
}

// Entries hydrates KB entries by ID.
type Entries interface {
	// Entries returns the entries with the given IDs that exist, in any order.
	Entries(ctx context.Context, ids []int64) ([]Entry, error)
}

// Conversations persists buyers, conversations and messages.
type Conversations interface {
	// AppendBuyerMessage stores a buyer message, creating the buyer and opening a
	// conversation when the buyer has none open; it returns both.
	AppendBuyerMessage(ctx context.Context, shopID int64, buyerExternalID, buyerName, text string, at time.Time) (Conversation, Message, error)
	// AppendMessage stores a message from the shop's side in a conversation.
	AppendMessage(ctx context.Context, conversationID int64, m Message) (Conversation, Message, error)
	Conversation(ctx context.Context, id int64) (Conversation, error)
	Conversations(ctx context.Context) ([]Conversation, error)
	// Messages returns a conversation's messages, oldest first.
	Messages(ctx context.Context, conversationID int64) ([]Message, error)
	// MarkRead clears a conversation's unread count.
	MarkRead(ctx context.Context, conversationID int64) (Conversation, error)
	// Buyer returns a conversation's buyer.
	Buyer(ctx context.Context, id int64) (Buyer, error)
}

// Emitter pushes events to the agent's window.
type Emitter interface {
	Emit(event string, payload any)
}

// Outbox delivers a message sent to a buyer to the buyer's channel.
type Outbox interface {
	Deliver(ctx context.Context, shopID int64, buyer Buyer, m Message)
}
