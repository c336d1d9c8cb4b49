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

// ErrClosed is returned when a conversation that is closed would be
// assigned, queued, transferred or replied in.
var ErrClosed = errors.New("the conversation is closed")

// BuyerMessage is a buyer message to store.
type BuyerMessage struct {
	ShopID          int64
	BuyerExternalID string
	BuyerName       string
	Text            string
	// Type is MessageText when empty; a card's content is Payload.
	Type    MessageType
	Payload *Card
	At      time.Time
	// IdleBefore is where the session gap ends: when the buyer's open
	// conversation had the buyer's last message at or before it, that
	// conversation is closed (ClosedIdle, at At) and the message opens a new
	// one. Zero closes nothing.
	IdleBefore time.Time
}

// Received is what storing a buyer message did.
type Received struct {
	Conversation Conversation
	Message      Message
	// Opened: the message opened a new conversation, which is queued.
	Opened bool
	// Closed is the buyer's previous conversation when the session gap
	// closed it; its ID is 0 otherwise.
	Closed Conversation
}

// Conversations persists buyers, conversations and messages.
type Conversations interface {
	// AddBuyerMessage stores a buyer message, creating the buyer, and opening
	// a queued conversation when the buyer has none open (or the open one is
	// past the session gap, which closes it).
	AddBuyerMessage(ctx context.Context, m BuyerMessage) (Received, error)
	// AppendMessage stores a message from the shop's side in a conversation;
	// a message whose sender Replies ends the buyer's wait (Unreplied).
	AppendMessage(ctx context.Context, conversationID int64, m Message) (Conversation, Message, error)
	Conversation(ctx context.Context, id int64) (Conversation, error)
	// Messages returns a conversation's messages, oldest first.
	Messages(ctx context.Context, conversationID int64) ([]Message, error)
	// MarkRead clears a conversation's unread count.
	MarkRead(ctx context.Context, conversationID int64) (Conversation, error)
	// Buyer returns a conversation's buyer.
	Buyer(ctx context.Context, id int64) (Buyer, error)

	// Assign makes agentID serve a conversation that is not closed (state
	// active) and records the assignment time on the agent; ErrClosed when
	// it is closed, ErrNotFound when the conversation or agent is unknown.
	Assign(ctx context.Context, conversationID, agentID int64, at time.Time) (Conversation, error)
	// Requeue puts a conversation that is not closed back in the queue with
	// priority, queued at at; ErrClosed when it is closed.
	Requeue(ctx context.Context, conversationID int64, at time.Time) (Conversation, error)
	// Prioritize flags a conversation that is not closed as priority,
	// leaving its state and place; ErrClosed when it is closed.
	Prioritize(ctx context.Context, conversationID int64) (Conversation, error)
	// CloseConversation closes a conversation; one already closed is
	// returned as it is.
	CloseConversation(ctx context.Context, conversationID int64, reason CloseReason, at time.Time) (Conversation, error)
	// CloseIdle closes (ClosedIdle, at at) every open conversation whose
	// buyer last wrote at or before idleBefore and returns them.
	CloseIdle(ctx context.Context, idleBefore, at time.Time) ([]Conversation, error)
	// Queue returns up to limit queued conversations in queue order:
	// priority first, then by QueuedAt, then by ID.
	Queue(ctx context.Context, limit int) ([]Conversation, error)
	// List returns a page of a list and the counts of every list; f is normalized.
	List(ctx context.Context, f ListFilter) (Page, error)
	// LongestWaiting returns the unreplied open conversation with the oldest
	// WaitingSince (ties: lowest ID) of an agent (0: any, queued included)
	// in the shops (empty: any); ErrNotFound when there is none.
	LongestWaiting(ctx context.Context, agentID int64, shopIDs []int64) (Conversation, error)
}

// Agents persists the desk's agents and which of them sits at this desk.
type Agents interface {
	// Agents lists every agent by ID, with its Active count.
	Agents(ctx context.Context) ([]Agent, error)
	// Agent returns one agent, or ErrNotFound.
	Agent(ctx context.Context, id int64) (Agent, error)
	// CreateAgent stores a new, valid agent (the desk has checked that no
	// other agent has its name).
	CreateAgent(ctx context.Context, a Agent) (Agent, error)
	// UpdateAgent saves an agent's name, status, capacity and role; ErrNotFound.
	UpdateAgent(ctx context.Context, a Agent) (Agent, error)
	// DeleteAgent deletes an agent and puts its open conversations back in
	// the queue with priority, queued at at; it returns them. ErrNotFound.
	DeleteAgent(ctx context.Context, id int64, at time.Time) ([]Conversation, error)
	// CurrentAgentID returns the agent sitting at this desk, ErrNotFound if
	// none was chosen yet.
	CurrentAgentID(ctx context.Context) (int64, error)
	// SetCurrentAgentID records the agent sitting at this desk.
	SetCurrentAgentID(ctx context.Context, id int64) error
}

// Emitter pushes events to the agent's window.
type Emitter interface {
	Emit(event string, payload any)
}

// Outbox delivers a message sent to a buyer to the buyer's channel.
type Outbox interface {
	Deliver(ctx context.Context, shopID int64, buyer Buyer, m Message)
}
