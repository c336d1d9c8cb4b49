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

const MessageText MessageType = "text"

// ConversationStatus is open until the conversation is closed.
type ConversationStatus string

const (
	StatusOpen   ConversationStatus = "open"
	StatusClosed ConversationStatus = "closed"
)

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
}

// Message is one line of a conversation.
type Message struct {
	ID             int64       `json:"id"`
	ConversationID int64       `json:"conversationId"`
	Sender         Sender      `json:"sender"`
	Type           MessageType `json:"type"`
	Text           string      `json:"text"`
	// EntryID is the KB entry a reply was taken from, 0 for free text.
	EntryID   int64     `json:"entryId"`
	CreatedAt time.Time `json:"createdAt"`
}

// Conversation is one buyer's contact with one shop, as shown in the list.
type Conversation struct {
	ID        int64              `json:"id"`
	ShopID    int64              `json:"shopId"`
	ShopName  string             `json:"shopName"`
	BuyerID   int64              `json:"buyerId"`
	BuyerName string             `json:"buyerName"`
	Status    ConversationStatus `json:"status"`
	// Unread counts buyer messages the agent has not opened yet.
	Unread int `json:"unread"`
	// LastText and LastSender describe the newest message.
	LastText   string    `json:"lastText"`
	LastSender Sender    `json:"lastSender"`
	LastAt     time.Time `json:"lastAt"`
	StartedAt  time.Time `json:"startedAt"`
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
}
