package engine

import (
	"context"
	"time"
)

// Snapshot is what the store knows of a buyer message's conversation, read
// at one instant: the facts Decide needs that live in the database.
type Snapshot struct {
	Shop         Shop
	Conversation Conversation
	Buyer        Buyer
	// Message is the buyer message; Messages the conversation's, oldest first.
	Message  Message
	Messages []Message
	// Prior are the conversation's decisions so far, oldest first.
	Prior []DecisionRecord
	// Orders are the buyer's orders, latest changed first.
	Orders []Order
}

// Guard is what a decision's facts saw of its conversation; the write is
// refused (Stale) when the conversation changed hands or a human replied
// after LastMessageID in between.
type Guard struct {
	State         ConversationState
	AgentID       int64
	LastMessageID int64
}

// DecisionWrite is one decision and its effects, written all or nothing.
type DecisionWrite struct {
	Record DecisionRecord
	Guard  Guard
	// Greeting, Reply and Notice are appended to the conversation in that
	// order (Greeting and Reply delivered to the buyer's channel, Notice
	// for agents only); nil for none.
	Greeting *Message
	Reply    *Message
	Notice   *Message
	// Attention tags the conversation; empty leaves the tag.
	Attention Attention
	// Transfer queues the conversation again, first (RB-8).
	Transfer bool
}

// Written is what writing a DecisionWrite did.
type Written struct {
	MessageID int64
	// Done: the decision and its effects were written.
	Done bool
	// Stale: the guard failed; nothing was written, decide again.
	Stale bool
	// Conversation is the conversation after the write; Greeting, Reply
	// and Notice the messages stored (ID 0 for none).
	Conversation Conversation
	Greeting     Message
	Reply        Message
	Notice       Message
}

// ReceptionStore is what reception reads and writes (store.Store).
type ReceptionStore interface {
	// Snapshot returns the facts of a buyer message's conversation;
	// ErrNotFound for an unknown message.
	Snapshot(ctx context.Context, messageID int64) (Snapshot, error)
	// UndecidedMessages returns up to limit buyer messages that have no
	// decision, oldest first, each with its conversation and shop: those
	// stored while no reception ran (the app was killed between storing a
	// message and deciding it).
	UndecidedMessages(ctx context.Context, limit int) ([]Pending, error)
	// WriteDecisions writes each decision with its effects in one
	// transaction, keyed by the buyer message: a message already decided
	// (by this or another worker) is skipped, and one whose Guard fails is
	// returned Stale. Replies are queued for the shop's callback in the
	// same transaction.
	WriteDecisions(ctx context.Context, ws []DecisionWrite) ([]Written, error)
}

// Pending is a buyer message waiting for its decision.
type Pending struct {
	MessageID      int64
	ConversationID int64
	ShopID         int64
	// At is when the buyer sent it: a burst is waited for from there.
	At time.Time
}

// DecisionNotifier is told about every decision written. A Notifier that
// implements it is told (the window shows the decision on the message).
type DecisionNotifier interface {
	Decided(c Conversation, r DecisionRecord)
}

// Screener finds the sensitive words a text holds for a shop (RB-10).
type Screener interface {
	Sensitive(shopID int64, text string) []string
}

// Router serves the queue: conversations queued again by a transfer go to
// an agent who can take them (Desk).
type Router interface {
	ServeQueue(ctx context.Context)
}

// RouterFunc is a function as a Router.
type RouterFunc func(ctx context.Context)

// ServeQueue calls f.
func (f RouterFunc) ServeQueue(ctx context.Context) { f(ctx) }
