package engine

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Cards (SPEC §1 Message types, SA-4, CV-7a): an order, logistics, coupon or
// address card is a message whose Type names the card and whose Payload holds
// what the buyer sees, as it was when the card was sent (a snapshot: a later
// change of the order does not change a card already sent).

// CardKinds lists the card types a desk sends, in display order.
var CardKinds = []MessageType{MessageOrderCard, MessageLogisticsCard, MessageCouponCard, MessageAddressCard}

// IsCard reports whether t is a card type.
func (t MessageType) IsCard() bool {
	return slices.Contains(CardKinds, t) || t == MessageOrderPrediction
}

// Card is the content of a card message. Kind is the message's type; Order
// is set for order and logistics cards, Coupon for coupon cards, Address for
// address cards.
type Card struct {
	Kind  MessageType `json:"kind"`
	Order *CardOrder  `json:"order,omitempty"`
	// Candidates are an order-prediction card's orders, the likeliest
	// first (SA-2).
	Candidates []CardOrder  `json:"candidates,omitempty"`
	Coupon     *Coupon      `json:"coupon,omitempty"`
	Address    *CardAddress `json:"address,omitempty"`
}

// CardOrder is an order as a card shows it to the buyer.
type CardOrder struct {
	ID            string      `json:"id"`
	Status        OrderStatus `json:"status"`
	Items         []OrderItem `json:"items"`
	AmountCents   int64       `json:"amountCents"`
	Currency      string      `json:"currency"`
	PromiseShipAt time.Time   `json:"promiseShipAt,omitzero"`
	Courier       string      `json:"courier"`
	TrackingNo    string      `json:"trackingNo"`
	Address       string      `json:"address"`
}

// Coupon is a coupon offered to the buyer: AmountOffCents off an order of
// at least MinSpendCents (0: any order), until ExpiresAt.
type Coupon struct {
	AmountOffCents int64     `json:"amountOffCents"`
	MinSpendCents  int64     `json:"minSpendCents"`
	Currency       string    `json:"currency"`
	ExpiresAt      time.Time `json:"expiresAt"`
}

// CardAddress is the delivery address of an order, sent for the buyer to
// confirm or correct.
type CardAddress struct {
	OrderID string `json:"orderId"`
	Text    string `json:"text"`
}

// DefaultCoupon is the coupon a coupon card offers until shops configure
// their own: 10 off orders of 99 or more, valid 7 days.
var DefaultCoupon = Coupon{AmountOffCents: 10_00, MinSpendCents: 99_00, Currency: "CNY"}

// DefaultCouponValidity is how long the default coupon is valid from sending.
const DefaultCouponValidity = 7 * 24 * time.Hour

// Orders reads a shop's orders (store.Store).
type Orders interface {
	// Order returns one of a shop's orders by its order number, or ErrNotFound.
	Order(ctx context.Context, shopID int64, id string) (Order, error)
	// BuyerOrders returns the orders of the shop's buyer known by
	// externalID, latest changed first; none for an unknown buyer.
	BuyerOrders(ctx context.Context, shopID int64, externalID string) ([]Order, error)
}

// errNoOrders is returned for order cards by a desk built without Orders.
var errNoOrders = errors.New("engine: this desk reads no orders")

func cardOrder(o Order) *CardOrder {
	items := o.Items
	if items == nil {
		items = []OrderItem{}
	}
	return &CardOrder{ID: o.ID, Status: o.Status, Items: items, AmountCents: o.AmountCents, Currency: o.Currency,
		PromiseShipAt: o.PromiseShipAt, Courier: o.Courier, TrackingNo: o.TrackingNo, Address: o.Address}
}

// Summary is the card as one line of text, for conversation lists, exports
// and channels that show text only: "[订单] 12345".
func (c Card) Summary() string {
	switch {
	case c.Kind == MessageOrderCard && c.Order != nil:
		return "[订单] " + c.Order.ID
	case c.Kind == MessageLogisticsCard && c.Order != nil:
		return strings.TrimSpace(fmt.Sprintf("[物流] %s %s", c.Order.Courier, c.Order.TrackingNo))
	case c.Kind == MessageCouponCard && c.Coupon != nil:
		if c.Coupon.MinSpendCents > 0 {
			return fmt.Sprintf("[优惠券] 满%s减%s", money(c.Coupon.MinSpendCents), money(c.Coupon.AmountOffCents))
		}
		return fmt.Sprintf("[优惠券] 立减%s", money(c.Coupon.AmountOffCents))
	case c.Kind == MessageAddressCard && c.Address != nil:
		return "[地址] " + c.Address.Text
	case c.Kind == MessageOrderPrediction && len(c.Candidates) > 0:
		return fmt.Sprintf("[订单预测] %s 等 %d 笔订单", c.Candidates[0].ID, len(c.Candidates))
	}
	return "[" + string(c.Kind) + "]"
}

// PredictionCard is the order-prediction card of orders, the likeliest
// first (at most 5).
func PredictionCard(orders []Order) *Card {
	c := &Card{Kind: MessageOrderPrediction}
	for i, o := range orders {
		if i == 5 {
			break
		}
		c.Candidates = append(c.Candidates, *cardOrder(o))
	}
	return c
}

// money writes cents as "99" or "99.50".
func money(cents int64) string {
	if cents%100 == 0 {
		return fmt.Sprint(cents / 100)
	}
	return fmt.Sprintf("%d.%02d", cents/100, cents%100)
}

// checkOrderID refuses an order number that cannot be one.
func checkOrderID(id string) error {
	switch {
	case !utf8.ValidString(id):
		return &InputError{Key: "card_order_not_utf8", Detail: "the order number is not valid UTF-8 text"}
	case strings.TrimSpace(id) == "":
		return &InputError{Key: "card_order_missing", Detail: "choose an order for the card"}
	case utf8.RuneCountInString(id) > MaxOrderIDRunes:
		return &InputError{Key: "card_order_not_found", Detail: "there is no such order"}
	}
	return nil
}

// buyerOrder returns the order id of the shop's buyer, or an *InputError
// (card_order_not_found) when the shop has no such order or it is another
// buyer's: both read the same, so that a buyer learns nothing of others' orders.
func (d *Desk) buyerOrder(ctx context.Context, shopID, buyerID int64, id string) (Order, error) {
	if err := checkOrderID(id); err != nil {
		return Order{}, err
	}
	if d.orders == nil {
		return Order{}, errNoOrders
	}
	o, err := d.orders.Order(ctx, shopID, strings.TrimSpace(id))
	switch {
	case errors.Is(err, ErrNotFound) || (err == nil && o.BuyerID != buyerID):
		return Order{}, &InputError{Key: "card_order_not_found", Detail: fmt.Sprintf("this buyer has no order %q", id)}
	case err != nil:
		return Order{}, err
	}
	return o, nil
}

// SendCard sends a card to a conversation's buyer as the desk's current
// agent (SA-4): an order, logistics or address card of the buyer's order
// orderID, or a coupon card with the shop's coupon (orderID is ignored). The
// card is stored, delivered to the buyer's channel, shown in the window and
// counts as a reply, like SendReply; a queued conversation is taken by the
// current agent. It returns an *InputError, storing nothing, for an unknown
// kind (card_unknown_kind), a missing order number (card_order_missing), an
// order that is not the buyer's (card_order_not_found), a logistics card of
// an order with no tracking number (card_no_tracking), an address card of an
// order with no address (card_no_address); ErrClosed for a closed
// conversation and ErrNotFound for an unknown one.
func (d *Desk) SendCard(ctx context.Context, conversationID int64, kind MessageType, orderID string) (Message, error) {
	if !slices.Contains(CardKinds, kind) {
		return Message{}, &InputError{Key: "card_unknown_kind", Detail: fmt.Sprintf("%q is not a card", kind)}
	}
	c, err := d.convs.Conversation(ctx, conversationID)
	if err != nil {
		return Message{}, fmt.Errorf("engine: send card: %w", err)
	}
	if c.State == StateClosed {
		return Message{}, fmt.Errorf("engine: send card to conversation %d: %w", conversationID, ErrClosed)
	}
	now := d.clock.Now()
	card := Card{Kind: kind}
	if kind == MessageCouponCard {
		coupon := DefaultCoupon
		coupon.ExpiresAt = now.Add(DefaultCouponValidity).UTC()
		card.Coupon = &coupon
	} else {
		o, err := d.buyerOrder(ctx, c.ShopID, c.BuyerID, orderID)
		if err != nil {
			return Message{}, fmt.Errorf("engine: send card: %w", err)
		}
		switch kind {
		case MessageLogisticsCard:
			if o.TrackingNo == "" {
				return Message{}, &InputError{Key: "card_no_tracking", Detail: fmt.Sprintf("order %s has no tracking number yet", o.ID)}
			}
			card.Order = cardOrder(o)
		case MessageAddressCard:
			if o.Address == "" {
				return Message{}, &InputError{Key: "card_no_address", Detail: fmt.Sprintf("order %s has no address", o.ID)}
			}
			card.Address = &CardAddress{OrderID: o.ID, Text: o.Address}
		default:
			card.Order = cardOrder(o)
		}
	}
	c, m, err := d.convs.AppendMessage(ctx, conversationID, Message{
		Sender: SenderAgent, Type: kind, Text: card.Summary(), Payload: &card, AgentID: d.currentAgentID(ctx), CreatedAt: now,
	})
	if err != nil {
		return Message{}, fmt.Errorf("engine: send card: %w", err)
	}
	if err := d.delivered(ctx, c, m); err != nil {
		return Message{}, fmt.Errorf("engine: send card: %w", err)
	}
	return m, nil
}

// ReceiveBuyerCard stores an order card a buyer sends ("ask about this
// order") like ReceiveBuyerMessage stores a text: same conversation, session
// and routing rules, same idempotency key handling. orderID must be one of
// the buyer's orders; otherwise an *InputError (card_order_not_found) and
// nothing is stored.
func (d *Desk) ReceiveBuyerCard(ctx context.Context, shopID int64, buyerExternalID, buyerName, orderID string) (Conversation, Message, error) {
	if err := CheckBuyerIdentity(buyerExternalID, buyerName); err != nil {
		return Conversation{}, Message{}, err
	}
	if err := checkOrderID(orderID); err != nil {
		return Conversation{}, Message{}, err
	}
	if d.orders == nil {
		return Conversation{}, Message{}, errNoOrders
	}
	orderID = strings.TrimSpace(orderID)
	orders, err := d.orders.BuyerOrders(ctx, shopID, buyerExternalID)
	if err != nil {
		return Conversation{}, Message{}, fmt.Errorf("engine: receive buyer card: %w", err)
	}
	i := slices.IndexFunc(orders, func(o Order) bool { return o.ID == orderID })
	if i < 0 {
		return Conversation{}, Message{}, &InputError{Key: "card_order_not_found", Detail: fmt.Sprintf("this buyer has no order %q", orderID)}
	}
	card := Card{Kind: MessageOrderCard, Order: cardOrder(orders[i])}
	return d.receive(ctx, BuyerMessage{
		ShopID: shopID, BuyerExternalID: buyerExternalID, BuyerName: buyerName,
		Text: card.Summary(), Type: MessageOrderCard, Payload: &card,
	})
}
