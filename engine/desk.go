package engine

import (
	"context"
	"fmt"
	"slices"
)

// Notifier is told about changes the agent's window must show at once.
type Notifier interface {
	// MessageAdded reports a new message and the conversation as it now is.
	MessageAdded(c Conversation, m Message)
	// ConversationChanged reports a conversation whose summary changed (read, closed, …).
	ConversationChanged(c Conversation)
	// AssistUpdated reports suggestions reordered by the LLM after Suggest returned.
	AssistUpdated(a Assist)
}

// Desk handles the messages of an agent's desk: buyer messages in, replies out,
// and the assist suggestions for the conversation the agent is looking at.
type Desk struct {
	convs   Conversations
	entries Entries
	search  Retriever
	notify  Notifier
	out     Outbox
	clock   Clock
	// threshold is the confidence from which a match is trusted.
	threshold float64

	reranker rerankerSlot
}

// Deps are the parts a Desk works with. Every field is required.
type Deps struct {
	Conversations Conversations
	Entries       Entries
	Retriever     Retriever
	Notifier      Notifier
	Outbox        Outbox
	Clock         Clock
	// AutoThreshold is the confidence from which the best match is trusted:
	// it names the buyer's intent (and, with the robot, may be sent on its
	// own). The retriever's calibration decides it (search.DefaultAutoThreshold).
	AutoThreshold float64
}

// NewDesk returns a Desk over deps.
func NewDesk(deps Deps) *Desk {
	return &Desk{
		convs:   deps.Conversations,
		entries: deps.Entries,
		search:  deps.Retriever,
		notify:  deps.Notifier,
		out:     deps.Outbox,
		clock:   deps.Clock,

		threshold: deps.AutoThreshold,
	}
}

// ReceiveBuyerMessage stores a buyer's message in the buyer's open conversation
// (opening one if needed) and tells the window. Bad text is refused with an
// *InputError and nothing is stored.
func (d *Desk) ReceiveBuyerMessage(ctx context.Context, shopID int64, buyerExternalID, buyerName, text string) (Conversation, Message, error) {
	text, err := ValidateText(text)
	if err != nil {
		return Conversation{}, Message{}, err
	}
	if buyerExternalID == "" {
		return Conversation{}, Message{}, &InputError{Key: "buyer_missing", Detail: "the buyer is not identified"}
	}
	c, m, err := d.convs.AppendBuyerMessage(ctx, shopID, buyerExternalID, buyerName, text, d.clock.Now())
	if err != nil {
		return Conversation{}, Message{}, fmt.Errorf("engine: receive buyer message: %w", err)
	}
	d.notify.MessageAdded(c, m)
	return c, m, nil
}

// SendReply sends an agent's reply in a conversation: it is stored, delivered to
// the buyer's channel and shown in the window. entryID names the KB entry the
// reply came from, 0 for free text.
func (d *Desk) SendReply(ctx context.Context, conversationID int64, text string, entryID int64) (Message, error) {
	text, err := ValidateText(text)
	if err != nil {
		return Message{}, err
	}
	if err := checkFilled(text); err != nil {
		return Message{}, err
	}
	c, m, err := d.convs.AppendMessage(ctx, conversationID, Message{
		Sender:    SenderAgent,
		Type:      MessageText,
		Text:      text,
		EntryID:   entryID,
		CreatedAt: d.clock.Now(),
	})
	if err != nil {
		return Message{}, fmt.Errorf("engine: send reply: %w", err)
	}
	buyer, err := d.convs.Buyer(ctx, c.BuyerID)
	if err != nil {
		return Message{}, fmt.Errorf("engine: send reply: %w", err)
	}
	d.out.Deliver(ctx, c.ShopID, buyer, m)
	d.notify.MessageAdded(c, m)
	return m, nil
}

// Conversations lists every conversation, newest activity first.
func (d *Desk) Conversations(ctx context.Context) ([]Conversation, error) {
	return d.convs.Conversations(ctx)
}

// Open marks a conversation read and returns it with its messages, oldest first.
func (d *Desk) Open(ctx context.Context, conversationID int64) (Conversation, []Message, error) {
	c, err := d.convs.MarkRead(ctx, conversationID)
	if err != nil {
		return Conversation{}, nil, fmt.Errorf("engine: open conversation: %w", err)
	}
	msgs, err := d.convs.Messages(ctx, conversationID)
	if err != nil {
		return Conversation{}, nil, fmt.Errorf("engine: open conversation: %w", err)
	}
	d.notify.ConversationChanged(c)
	return c, msgs, nil
}

// checkFilled refuses a text that still holds a KB variable such as
// {order.id}: a variable with no value never reaches a buyer (KB-2).
func checkFilled(text string) error {
	for _, v := range VariablesIn(text) {
		if slices.Contains(Variables, v) {
			return &InputError{Key: "message_unfilled_variable", Detail: fmt.Sprintf("fill in {%s} before sending", v)}
		}
	}
	return nil
}
