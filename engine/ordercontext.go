package engine

import (
	"strings"
	"time"
)

// OrderStateAt is the state an order is in at now, as answers and
// scenarios read it (SA-3): a paid order whose promised ship time has
// passed is overdue, whatever the channel last reported; any other status
// is as reported. An order is overdue from the instant after its promised
// ship time; one with no promised time is never made overdue here.
func OrderStateAt(o Order, now time.Time) OrderStatus {
	if o.Status == OrderPaid && !o.PromiseShipAt.IsZero() && now.After(o.PromiseShipAt) {
		return OrderOverdue
	}
	return o.Status
}

// Open reports whether an order still waits for something from the shop:
// not yet delivered (unpaid, paid, overdue, shipped) or in after-sales.
func (o Order) Open() bool { return o.Status != OrderDelivered }

// OrderSource says how a conversation's order was chosen.
type OrderSource string

const (
	// OrderFromCard: the buyer sent the order as a card.
	OrderFromCard OrderSource = "card"
	// OrderFromText: the buyer wrote the order's number.
	OrderFromText OrderSource = "text"
	// OrderOnlyOpen: the buyer has one open order.
	OrderOnlyOpen OrderSource = "only_open"
)

// OrderContext is the order a conversation is about and its state (SA-3);
// Order is nil when none could be told.
type OrderContext struct {
	Order  *Order      `json:"order,omitempty"`
	State  OrderStatus `json:"state,omitempty"`
	Source OrderSource `json:"source,omitempty"`
	// Overdue is State == OrderOverdue, for the panel's mark.
	Overdue bool `json:"overdue,omitempty"`
	// Candidates counts the buyer's open orders (the prediction card of
	// SA-2 is sent when there are several and none was named).
	Candidates int `json:"candidates"`
}

// minOrderIDRunes is the shortest order number looked for in a buyer's
// text: shorter ones ("12") match by chance.
const minOrderIDRunes = 6

// PickOrder returns a conversation's order context at now, from its
// messages (oldest first) and the buyer's orders: the order of the newest
// buyer message that names one — an order card, or text holding an order's
// number (of at least 6 characters) — else the buyer's only open order,
// else none. A named order the buyer does not have is ignored.
func PickOrder(msgs []Message, orders []Order, now time.Time) OrderContext {
	ctx := OrderContext{}
	for _, o := range orders {
		if o.Open() {
			ctx.Candidates++
		}
	}
	find := func(id string) *Order {
		for i := range orders {
			if orders[i].ID == id {
				return &orders[i]
			}
		}
		return nil
	}
	for i := len(msgs) - 1; i >= 0 && ctx.Order == nil; i-- {
		m := msgs[i]
		if m.Sender != SenderBuyer {
			continue
		}
		if m.Payload != nil && m.Payload.Order != nil {
			if o := find(m.Payload.Order.ID); o != nil {
				ctx.Order, ctx.Source = o, OrderFromCard
			}
			continue
		}
		for j := range orders {
			if id := orders[j].ID; len([]rune(id)) >= minOrderIDRunes && strings.Contains(m.Text, id) {
				ctx.Order, ctx.Source = &orders[j], OrderFromText
				break
			}
		}
	}
	if ctx.Order == nil && ctx.Candidates == 1 {
		for i := range orders {
			if orders[i].Open() {
				ctx.Order, ctx.Source = &orders[i], OrderOnlyOpen
			}
		}
	}
	if ctx.Order != nil {
		ctx.State = OrderStateAt(*ctx.Order, now)
		ctx.Overdue = ctx.State == OrderOverdue
	}
	return ctx
}
