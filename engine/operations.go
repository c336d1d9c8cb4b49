package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// The one-click operations of a scenario or an entry (SA-4): cards go to
// the buyer, a transfer puts the conversation back in the queue first, and
// the operations the platform must carry out — urge the warehouse, create
// an after-sales request — go to the shop's callback as typed, signed
// action events through the outbox messages go through, with a note for
// the agents in the conversation.

// Action is an operation the platform carries out, as its event carries it.
type Action struct {
	Type           Operation `json:"type"`
	OrderID        string    `json:"order"`
	ConversationID int64     `json:"conversation_id"`
	AgentID        int64     `json:"agent_id,omitempty"`
	At             time.Time `json:"at"`
}

// ActionOperations are the operations that are actions.
var ActionOperations = []Operation{OpUrgeWarehouse, OpCreateAfterSales}

// Operator is what the operations run on (Desk).
type Operator interface {
	SendCard(ctx context.Context, conversationID int64, kind MessageType, orderID string) (Message, error)
	Transfer(ctx context.Context, conversationID, toAgentID int64) (Conversation, error)
	CurrentAgent(ctx context.Context) (Agent, error)
}

// ActionStore records an action (store.Store): the agents' note in the
// conversation and, when the shop has a callback, the action event queued
// for it, in one transaction; ErrClosed for a closed conversation.
type ActionStore interface {
	RecordAction(ctx context.Context, conversationID int64, note Message, event []byte) (Conversation, Message, error)
	Conversation(ctx context.Context, id int64) (Conversation, error)
	Buyer(ctx context.Context, id int64) (Buyer, error)
}

// OperationRunner runs one-click operations.
type OperationRunner struct {
	desk   Operator
	st     ActionStore
	orders Orders
	notify Notifier
	clock  Clock
	// locale gives a shop's language for the agents' note.
	locale func(shopID int64) string
}

// NewOperationRunner returns the operations over the desk and the store.
func NewOperationRunner(desk Operator, st ActionStore, orders Orders, notify Notifier, clock Clock, locale func(int64) string) *OperationRunner {
	return &OperationRunner{desk: desk, st: st, orders: orders, notify: notify, clock: clock, locale: locale}
}

// OperationResult is what running an operation did: the message it added
// (a card, or the agents' note of an action; none for a transfer) and the
// conversation after.
type OperationResult struct {
	Conversation Conversation `json:"conversation"`
	Message      *Message     `json:"message,omitempty"`
}

// Run runs op in a conversation as the desk's current agent: order,
// logistics, coupon or address cards are sent (orderID names the order,
// ignored for a coupon); transfer_human puts the conversation back in the
// queue, first; urge_warehouse and create_after_sales record the action for
// the platform (orderID must be the buyer's order). Refusals are those of
// SendCard, an *InputError for an unknown operation or order, ErrClosed.
func (o *OperationRunner) Run(ctx context.Context, conversationID int64, op Operation, orderID string) (OperationResult, error) {
	kinds := map[Operation]MessageType{OpOrderCard: MessageOrderCard, OpLogisticsCard: MessageLogisticsCard,
		OpCoupon: MessageCouponCard, OpAddressCard: MessageAddressCard}
	switch op {
	case OpOrderCard, OpLogisticsCard, OpCoupon, OpAddressCard:
		m, err := o.desk.SendCard(ctx, conversationID, kinds[op], orderID)
		if err != nil {
			return OperationResult{}, err
		}
		c, err := o.st.Conversation(ctx, conversationID)
		return OperationResult{Conversation: c, Message: &m}, err
	case OpTransferHuman:
		c, err := o.desk.Transfer(ctx, conversationID, 0)
		return OperationResult{Conversation: c}, err
	case OpUrgeWarehouse, OpCreateAfterSales:
		return o.action(ctx, conversationID, op, orderID)
	}
	return OperationResult{}, &InputError{Key: "operation_unknown", Detail: fmt.Sprintf("%q is not an operation", op)}
}

func (o *OperationRunner) action(ctx context.Context, conversationID int64, op Operation, orderID string) (OperationResult, error) {
	c, err := o.st.Conversation(ctx, conversationID)
	if err != nil {
		return OperationResult{}, fmt.Errorf("engine: %s: %w", op, err)
	}
	if c.State == StateClosed {
		return OperationResult{}, fmt.Errorf("engine: %s: %w", op, ErrClosed)
	}
	b, err := o.st.Buyer(ctx, c.BuyerID)
	if err != nil {
		return OperationResult{}, fmt.Errorf("engine: %s: %w", op, err)
	}
	if err := checkOrderID(orderID); err != nil {
		return OperationResult{}, err
	}
	orders, err := o.orders.BuyerOrders(ctx, c.ShopID, b.ExternalID)
	if err != nil {
		return OperationResult{}, fmt.Errorf("engine: %s: %w", op, err)
	}
	found := false
	for _, x := range orders {
		found = found || x.ID == orderID
	}
	if !found {
		return OperationResult{}, &InputError{Key: "card_order_not_found", Detail: "there is no such order of this buyer"}
	}
	now := o.clock.Now()
	a := Action{Type: op, OrderID: orderID, ConversationID: c.ID, At: now.UTC()}
	if me, err := o.desk.CurrentAgent(ctx); err == nil {
		a.AgentID = me.ID
	}
	event, err := json.Marshal(a)
	if err != nil {
		return OperationResult{}, err
	}
	locale := ""
	if o.locale != nil {
		locale = o.locale(c.ShopID)
	}
	note := Message{ConversationID: c.ID, Sender: SenderSystem, Type: MessageText, AgentID: a.AgentID, CreatedAt: now,
		Text: ReasonText(Reason{Key: "action_" + string(op), Args: map[string]string{"order": orderID}}, locale)}
	after, m, err := o.st.RecordAction(ctx, c.ID, note, event)
	if err != nil {
		return OperationResult{}, fmt.Errorf("engine: %s: %w", op, err)
	}
	o.notify.MessageAdded(after, m)
	return OperationResult{Conversation: after, Message: &m}, nil
}
