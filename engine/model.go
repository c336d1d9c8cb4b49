// Package engine is ReplyDesk's domain: conversations, messages and the assist
// recommendation for a buyer message. It depends only on the small interfaces
// declared in ports.go; main plugs in the SQLite store, the Bleve retriever and
// the Wails emitter.
package engine

import "time"

// Sender says who wrote a message (SPEC §1).
type Sender string

const (
	SenderBuyer    Sender = "buyer"
	SenderAgent    Sender = "agent"
	SenderAssist   Sender = "assist"
	SenderRobot    Sender = "robot"
	SenderSystem   Sender = "system"
	SenderGreeting Sender = "greeting"
	SenderAway     Sender = "away"
	SenderFallback Sender = "fallback"
)

// MessageType is the kind of content a message carries.
type MessageType string

const (
	MessageText MessageType = "text"
	// Cards (SPEC §1); their content is Message.Payload (cards.go).
	MessageOrderCard     MessageType = "order_card"
	MessageLogisticsCard MessageType = "logistics_card"
	MessageCouponCard    MessageType = "coupon_card"
	MessageAddressCard   MessageType = "address_card"
	// MessageOrderPrediction is the order-prediction card (SA-2): the
	// buyer's open orders, the likeliest first, for the buyer to confirm
	// one or pick another.
	MessageOrderPrediction MessageType = "order_prediction_card"
)

// Replies reports whether a message from s answers the buyer: a human's reply
// or intelligent reception (assist auto-send, robot). Greetings, away and
// fallback replies and system messages do not (AS-7, AS-8, RB-5).
func (s Sender) Replies() bool {
	return s == SenderAgent || s == SenderAssist || s == SenderRobot
}

// ConversationStatus is open until the conversation is closed. It is kept for
// readers that need no more; State tells queued from active.
type ConversationStatus string

const (
	StatusOpen   ConversationStatus = "open"
	StatusClosed ConversationStatus = "closed"
)

// ConversationState is where a conversation is in its life (CV-1, CV-2).
type ConversationState string

const (
	// StateQueued: waiting for an agent; AgentID is 0.
	StateQueued ConversationState = "queued"
	// StateActive: served by the agent AgentID.
	StateActive ConversationState = "active"
	// StateClosed: closed by hand or by the session gap; a new buyer
	// message opens a new conversation.
	StateClosed ConversationState = "closed"
)

// CloseReason says how a conversation was closed.
type CloseReason string

const (
	// ClosedByAgent: an agent closed it (Desk.Close).
	ClosedByAgent CloseReason = "agent"
	// ClosedIdle: the buyer was silent for the session gap.
	ClosedIdle CloseReason = "idle"
)

// DefaultSessionGap is how long a buyer may be silent before the
// conversation closes (SPEC §1: 24 h); a later buyer message opens a new one.
const DefaultSessionGap = 24 * time.Hour

// MaxMessageRunes is the longest message text, in characters, that is accepted.
const MaxMessageRunes = 4000

// Shop is one storefront on one platform.
type Shop struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Platform string `json:"platform"`
	Locale   string `json:"locale"`
}

// Buyer is a shop's customer, known to a channel by ExternalID.
type Buyer struct {
	ID         int64  `json:"id"`
	ShopID     int64  `json:"shopId"`
	ExternalID string `json:"externalId"`
	Name       string `json:"name"`
	// Tags, Note and FollowUp are the agents' own notes on the buyer (CV-4,
	// BuyerNotes); never shown to the buyer.
	Tags     []string `json:"tags,omitempty"`
	Note     string   `json:"note,omitempty"`
	FollowUp bool     `json:"followUp,omitempty"`
}

// Message is one line of a conversation.
type Message struct {
	ID             int64       `json:"id"`
	ConversationID int64       `json:"conversationId"`
	Sender         Sender      `json:"sender"`
	Type           MessageType `json:"type"`
	Text           string      `json:"text"`
	// EntryID is the KB entry a reply was taken from, 0 for free text.
	EntryID int64 `json:"entryId"`
	// AgentID is the agent who sent a shop-side message, or on whose
	// behalf assist sent it; 0 for the robot, the system and the buyer.
	AgentID int64 `json:"agentId,omitempty"`
	// Payload is a card's content, nil for other types; Text then holds a
	// one-line summary ("[订单] 12345") for lists and plain-text channels.
	Payload   *Card     `json:"payload,omitempty"`
	CreatedAt time.Time `json:"createdAt"`
}

// Conversation is one buyer's contact with one shop, as shown in the list.
type Conversation struct {
	ID        int64  `json:"id"`
	ShopID    int64  `json:"shopId"`
	ShopName  string `json:"shopName"`
	BuyerID   int64  `json:"buyerId"`
	BuyerName string `json:"buyerName"`
	// FollowUp: the buyer is flagged for follow-up in the buyer panel (CV-4).
	FollowUp bool `json:"followUp,omitempty"`
	// Status is closed exactly when State is; both are kept.
	Status ConversationStatus `json:"status"`
	State  ConversationState  `json:"state"`
	// AgentID is the agent serving the conversation, 0 while it is queued
	// (a closed conversation keeps the agent who served it last).
	AgentID   int64  `json:"agentId"`
	AgentName string `json:"agentName"`
	// Priority: the buyer asked for a human or the conversation was handed
	// back to the queue; it goes before the others there (RB-8).
	Priority bool `json:"priority"`
	// Unread counts buyer messages the agent has not opened yet.
	Unread int `json:"unread"`
	// Unreplied: a buyer message has had no reply (Sender.Replies) since it
	// was sent; WaitingSince is when the oldest such message was sent, zero
	// when Unreplied is false.
	Unreplied    bool      `json:"unreplied"`
	WaitingSince time.Time `json:"waitingSince,omitzero"`
	// LastText and LastSender describe the newest message.
	LastText   string    `json:"lastText"`
	LastSender Sender    `json:"lastSender"`
	LastAt     time.Time `json:"lastAt"`
	StartedAt  time.Time `json:"startedAt"`
	// LastBuyerAt is the buyer's newest message: the session gap counts from it.
	LastBuyerAt time.Time `json:"lastBuyerAt,omitzero"`
	// QueuedAt is when the conversation last entered the queue; the queue is
	// served in that order, priority first.
	QueuedAt time.Time `json:"queuedAt,omitzero"`
	// ReleasedBy is the agent who handed a queued conversation back; routing
	// gives it to any other agent, and to that one only by hand (CV-2).
	ReleasedBy int64 `json:"releasedBy,omitempty"`
	// Attention says why the conversation waits for a human (the list's
	// tag, AS-8); empty when nothing special. A human reply clears it.
	Attention   Attention   `json:"attention,omitempty"`
	ClosedAt    time.Time   `json:"closedAt,omitzero"`
	CloseReason CloseReason `json:"closeReason,omitempty"`
	// Deadline is when the waiting buyer misses the strictest human-reply
	// clock of the shop (MT-1, MT-5: NextDeadline), DeadlineKey that
	// clock; zero when nobody waits or the conversation is closed. Set by
	// Clocks.Stamp for the window.
	Deadline    time.Time `json:"deadline,omitzero"`
	DeadlineKey string    `json:"deadlineKey,omitempty"`
	// Facts are what the session's metrics are computed from, as the
	// store read them (those it keeps up to date as messages are written:
	// see SessionFacts); not sent to the window.
	Facts SessionFacts `json:"-"`
}

// Suggestion is one recommended reply for a buyer message.
type Suggestion struct {
	EntryID  int64    `json:"entryId"`
	Question string   `json:"question"`
	Intent   string   `json:"intent"`
	Category Category `json:"category"`
	Answer   string   `json:"answer"`
	// Missing names the variables of Answer that have no value yet: such an
	// answer is put in the input box to complete, never sent as it is.
	Missing    []string    `json:"missing"`
	Operations []Operation `json:"operations"`
	// NeverAuto: only a human may send this answer (RB-9).
	NeverAuto  bool    `json:"neverAuto"`
	Confidence float64 `json:"confidence"`
}

// Assist is what the assist panel shows for a conversation (AS-2).
type Assist struct {
	ConversationID int64 `json:"conversationId"`
	// MessageID is the buyer message the suggestions answer; 0 when there is none.
	MessageID int64  `json:"messageId"`
	Query     string `json:"query"`
	// Intent is the recognised intent key, empty when nothing matched confidently.
	Intent      string       `json:"intent"`
	Suggestions []Suggestion `json:"suggestions"`
	// Reranking: an LLM is reordering the suggestions; the new order comes
	// as an AssistUpdated notice. Reranked marks that order, and NoneFit the
	// LLM's judgement that no suggestion answers the message.
	Reranking bool `json:"reranking"`
	Reranked  bool `json:"reranked"`
	NoneFit   bool `json:"noneFit"`
	// Drafting: an LLM is drafting a reply from the suggestions (LM-3);
	// one AssistUpdated notice ends it, with Draft set when the draft is
	// usable and Drafting false either way. Draft is the LLM's draft, shown
	// marked as a draft; nil for none.
	Drafting bool   `json:"drafting"`
	Draft    *Draft `json:"draft,omitempty"`
	// Order is the order the conversation is about and its state (SA-3):
	// the answers are those for that state.
	Order OrderContext `json:"order"`
	// Scenario is the built-in recommendation when the recognised intent
	// has one (SA-1): shown above the input box; nil otherwise.
	Scenario *ScenarioView `json:"scenario,omitempty"`
	// SendFloor is the confidence below which a suggestion is offered for
	// editing only, never for one-click sending: "nothing fits".
	SendFloor float64 `json:"sendFloor"`
}

// ScenarioView is a scenario as the agent sees it above the input box:
// the intent, the order and its state, the scripts rendered for it (each
// with the variables still missing), the operations and the platform's
// rules in the shop's language (SA-1, SA-4, SA-8).
type ScenarioView struct {
	Intent     string       `json:"intent"`
	Name       string       `json:"name"`
	Order      OrderContext `json:"order"`
	Scripts    []Script     `json:"scripts"`
	Operations []Operation  `json:"operations"`
	Rules      []RuleView   `json:"rules"`
}

// Script is a scenario script rendered for a conversation.
type Script struct {
	Text    string   `json:"text"`
	Missing []string `json:"missing"`
}

// RuleView is a platform rule in the shop's language, with its source.
type RuleView struct {
	ID     string `json:"id"`
	Text   string `json:"text"`
	Source string `json:"source"`
	Date   string `json:"date"`
}
