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
	// Basis says what Confidence was made of (see Factor for the keys):
	// "exact_question" first when present, then the model's probability
	// ("model" or "prior"), then the evidence it weighed. The retriever
	// fills it for the first hit at least; it may be nil for the others.
	Basis []Factor
}

// Factor is one thing a hit's confidence was made of: a stable key that the
// UI translates, and its value. The keys:
//
//   - "exact_question": 1 when the message equals one of the entry's
//     questions once width, case, punctuation, emoji, spaces and trailing
//     particles (啊 呀 呢 吧 哦 嘛…) are set aside; the hit is then first
//     with a confidence of 1. Absent otherwise.
//   - "match": how much of the message the entry's best question matches,
//     its score over the message's score against itself (1 for the same
//     words; up to 1.5).
//   - "margin": the lead of this entry's ranking score over the next
//     entry's, in the same units (0: a tie; negative for a hit that is not
//     first).
//   - "coverage": the share of the message's weight (its words' rarity)
//     that the entry's best question matches, in [0, 1].
//   - "known": the share of the message's weight made of words the shop's
//     KB uses at all, in [0, 1]; low for a message about something else.
//   - "votes": the share of the 10 nearest questions that belong to this
//     entry, in [0, 1].
//   - "neighbours": how near the message is to the entry's questions
//     compared with how near they are to each other: the best question's
//     match over the entry's typical match of one of its questions by the
//     others (1: as near as its own questions are; below 1: farther).
//     Present once the shop's model is trained.
//   - "model": the probability, from the shop's own model (trained on its
//     KB's similar questions), that the hit is right; the confidence when
//     the shop's model is in use.
//   - "prior": the probability from the model shared by every shop, used
//     before the shop's own model is trained (a KB changed a moment ago).
type Factor struct {
	Key   string  `json:"key"`
	Value float64 `json:"value"`
}

// Calibration is what a shop can expect of automatic answers at each
// confidence threshold, estimated from its own KB: every similar question
// is asked of the KB with itself left out (is the right entry found, how
// confident?) and with its whole entry left out (a question the KB has no
// entry for: how confident is the wrong answer?).
type Calibration struct {
	ShopID int64 `json:"shopId"`
	// Points run from the lowest threshold to the highest.
	Points []CalibrationPoint `json:"points"`
	// Threshold95 is the lowest threshold whose expected precision is at
	// least 95%, and Coverage95 the expected coverage there; Reached95 is
	// false (and both are the highest point's) when no threshold gets there.
	Threshold95 float64 `json:"threshold95"`
	Coverage95  float64 `json:"coverage95"`
	Reached95   bool    `json:"reached95"`
	// Samples is how many held-out questions the estimate rests on (in
	// scope and out of scope); few samples (a KB of a handful of entries)
	// make a rough estimate.
	Samples int `json:"samples"`
	// OutOfScopeShare is the share of messages with no entry assumed in
	// the estimate of precision.
	OutOfScopeShare float64 `json:"outOfScopeShare"`
}

// CalibrationPoint is the expected precision (share of automatic answers
// that are right) and coverage (share of questions the KB can answer that
// get an automatic answer) when answers are sent from Threshold on.
type CalibrationPoint struct {
	Threshold float64 `json:"threshold"`
	Precision float64 `json:"precision"`
	Coverage  float64 `json:"coverage"`
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
