package engine

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"
)

// Notifier is told about changes the agent's window must show at once.
type Notifier interface {
	// MessageAdded reports a new message and the conversation as it now is.
	MessageAdded(c Conversation, m Message)
	// ConversationChanged reports a conversation whose summary changed (read, closed, …).
	ConversationChanged(c Conversation)
	// AssistUpdated reports the assist panel's Assist again after Suggest
	// returned, whole: with the suggestions reordered by the LLM (LM-2),
	// with its draft (LM-3), or saying a draft failed (Drafting false).
	AssistUpdated(a Assist)
}

// AgentNotifier is told when agents change: status, capacity, or how many
// conversations they serve. A Notifier that also implements it is told.
type AgentNotifier interface {
	AgentsChanged(agents []Agent)
}

// Desk handles the messages of an agent's desk: buyer messages in, replies out,
// and the assist suggestions for the conversation the agent is looking at.
// It routes conversations to agents and queues them (CV-2) and closes them
// after the session gap (CV-1).
type Desk struct {
	convs   Conversations
	agents  Agents
	entries Entries
	search  Retriever
	notify  Notifier
	out     Outbox
	clock   Clock
	// buyers, when nil, leaves the desk without buyer profiles (CV-4).
	buyers Buyers
	// orders, when nil, refuses order, logistics and address cards.
	orders Orders
	// reception, when set, is told of every buyer message stored.
	reception Receiver
	// shops, when set, gives answers the shop's language (order variables).
	shops ShopFinder
	// scenarios, when set, recommends by the order's state (SA-1).
	scenarios *ScenarioBook
	sendFloor float64
	// clocks, when set, stamps waiting conversations with their deadline
	// and orders the queue of shops that serve it by deadline (MT-5).
	clocks *Clocks
	// threshold is the confidence from which a match is trusted.
	threshold float64
	// gap is the session gap: buyer silence after which a conversation closes.
	gap time.Duration
	// routing serializes the routing decisions, so that no agent is given
	// more than its capacity by two decisions at once.
	routing sync.Mutex

	reranker portSlot[Reranker]
	drafter  portSlot[Drafter]
}

// Deps are the parts a Desk works with. Every field is required but Agents
// and SessionGap.
type Deps struct {
	Conversations Conversations
	// Agents, when nil, leaves every conversation queued: nothing is routed.
	Agents    Agents
	Entries   Entries
	Retriever Retriever
	Notifier  Notifier
	Outbox    Outbox
	Clock     Clock
	// AutoThreshold is the confidence from which the best match is trusted:
	// it names the buyer's intent (and, with the robot, may be sent on its
	// own). The retriever's calibration decides it (search.DefaultAutoThreshold).
	AutoThreshold float64
	// SessionGap is the buyer silence after which a conversation closes;
	// 0 means DefaultSessionGap. (Per shop later.)
	SessionGap time.Duration
	// Buyers keeps buyer profiles and notes (CV-4); optional.
	Buyers Buyers
	// Orders reads the buyers' orders for cards; optional (without it only
	// coupon cards are sent).
	Orders Orders
	// Reception is told of every buyer message once it is stored, to
	// decide who answers it; optional.
	Reception Receiver
	// Shops finds a shop (its language, for order variables); optional.
	Shops ShopFinder
	// Scenarios are the built-in scenarios and platform rules; optional.
	Scenarios *ScenarioBook
	// SendFloor is the confidence below which a suggestion is not offered
	// for one-click sending (search.SuggestFloor).
	SendFloor float64
	// Clocks tells the shops' human-reply clocks (MT-5); optional: without
	// it conversations carry no deadline and the queue is served in
	// arrival order.
	Clocks *Clocks
}

// Receiver is told of every buyer message once it is stored (Reception).
type Receiver interface {
	Received(c Conversation, m Message)
}

// NewDesk returns a Desk over deps.
func NewDesk(deps Deps) *Desk {
	gap := deps.SessionGap
	if gap <= 0 {
		gap = DefaultSessionGap
	}
	return &Desk{
		convs:   deps.Conversations,
		agents:  deps.Agents,
		entries: deps.Entries,
		search:  deps.Retriever,
		notify:  deps.Notifier,
		out:     deps.Outbox,
		clock:   deps.Clock,
		buyers:  deps.Buyers,
		orders:  deps.Orders,

		reception: deps.Reception,
		shops:     deps.Shops,
		scenarios: deps.Scenarios,
		sendFloor: deps.SendFloor,
		clocks:    deps.Clocks,

		threshold: deps.AutoThreshold,
		gap:       gap,
	}
}

// ReceiveBuyerMessage stores a buyer's message in the buyer's open conversation
// and tells the window. When the buyer has no open conversation, or the open
// one has passed the session gap (which closes it), the message opens a new
// conversation, which is routed to an agent or queued (CV-2). Bad text
// (ValidateText) or a bad buyer ID or name (CheckBuyerIdentity) is refused
// with an *InputError and nothing is stored. A routing failure does
// not fail the call: the conversation stays queued until the next routing
// (at the latest the next CloseIdle).
func (d *Desk) ReceiveBuyerMessage(ctx context.Context, shopID int64, buyerExternalID, buyerName, text string) (Conversation, Message, error) {
	text, err := ValidateText(text)
	if err != nil {
		return Conversation{}, Message{}, err
	}
	if err := CheckBuyerIdentity(buyerExternalID, buyerName); err != nil {
		return Conversation{}, Message{}, err
	}
	return d.receive(ctx, BuyerMessage{ShopID: shopID, BuyerExternalID: buyerExternalID, BuyerName: buyerName, Text: text})
}

// receive stores a checked buyer message (At and IdleBefore are set here),
// routes the conversation it opens and tells the window.
func (d *Desk) receive(ctx context.Context, bm BuyerMessage) (Conversation, Message, error) {
	now := d.clock.Now()
	bm.At, bm.IdleBefore = now, now.Add(-d.gap)
	r, err := d.convs.AddBuyerMessage(ctx, bm)
	if err != nil {
		return Conversation{}, Message{}, fmt.Errorf("engine: receive buyer message: %w", err)
	}
	if r.Closed.ID != 0 {
		d.notify.ConversationChanged(r.Closed)
	}
	c := r.Conversation
	if r.Opened || r.Closed.ID != 0 {
		assigned, _ := d.route(ctx, r.Closed.AgentID != 0)
		for _, a := range assigned {
			if a.ID == c.ID {
				c = a
			} else {
				d.notify.ConversationChanged(a)
			}
		}
	}
	d.notify.MessageAdded(c, r.Message)
	if d.reception != nil {
		d.reception.Received(c, r.Message)
	}
	return c, r.Message, nil
}

// SendReply sends an agent's reply in a conversation: it is stored, delivered to
// the buyer's channel and shown in the window. entryID names the KB entry the
// reply came from, 0 for free text. A queued conversation is taken by the
// desk's current agent, who is now serving it (even beyond its capacity).
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
		AgentID:   d.currentAgentID(ctx),
		CreatedAt: d.clock.Now(),
	})
	if err != nil {
		return Message{}, fmt.Errorf("engine: send reply: %w", err)
	}
	if err := d.delivered(ctx, c, m); err != nil {
		return Message{}, fmt.Errorf("engine: send reply: %w", err)
	}
	return m, nil
}

// currentAgentID is the agent sitting at the desk, 0 when there is none
// (a desk without agents, or none chosen yet).
func (d *Desk) currentAgentID(ctx context.Context) int64 {
	if d.agents == nil {
		return 0
	}
	id, err := d.agents.CurrentAgentID(ctx)
	if err != nil {
		return 0
	}
	return id
}

// delivered hands an agent's message, stored in c, to the buyer's channel;
// a queued c is taken by the current agent; the window is told.
func (d *Desk) delivered(ctx context.Context, c Conversation, m Message) error {
	buyer, err := d.convs.Buyer(ctx, c.BuyerID)
	if err != nil {
		return err
	}
	d.out.Deliver(ctx, c.ShopID, buyer, m)
	if c.State == StateQueued {
		if taken, err := d.take(ctx, c.ID); err == nil {
			c = taken
		}
	}
	d.notify.MessageAdded(c, m)
	return nil
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
	return d.stamp(c), msgs, nil
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
