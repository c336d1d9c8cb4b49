package channel

import (
	"fmt"
	"time"

	"replydesk/engine"
)

// wireCard is a card message's content as the webhook callback shows it
// (snake_case, amounts as decimal strings like the orders API). A message
// without a card has none; receivers that know only text use message.text,
// a one-line summary of the card.
type wireCard struct {
	Kind    string       `json:"kind"`
	Order   *wireOrder   `json:"order,omitempty"`
	Coupon  *wireCoupon  `json:"coupon,omitempty"`
	Address *wireAddress `json:"address,omitempty"`
}

type wireCoupon struct {
	AmountOff string    `json:"amount_off"`
	MinSpend  string    `json:"min_spend"`
	Currency  string    `json:"currency"`
	ExpiresAt time.Time `json:"expires_at"`
}

type wireAddress struct {
	OrderID string `json:"order_id"`
	Text    string `json:"text"`
}

func decimal(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	return fmt.Sprintf("%s%d.%02d", sign, cents/100, cents%100)
}

func toWireCard(c *engine.Card) *wireCard {
	if c == nil {
		return nil
	}
	w := &wireCard{Kind: string(c.Kind)}
	if o := c.Order; o != nil {
		wo := toWireOrder(engine.Order{ID: o.ID, Status: o.Status, AmountCents: o.AmountCents, Currency: o.Currency,
			Items: o.Items, PromiseShipAt: o.PromiseShipAt, Courier: o.Courier, TrackingNo: o.TrackingNo, Address: o.Address})
		w.Order = &wo
	}
	if cp := c.Coupon; cp != nil {
		w.Coupon = &wireCoupon{AmountOff: decimal(cp.AmountOffCents), MinSpend: decimal(cp.MinSpendCents),
			Currency: cp.Currency, ExpiresAt: cp.ExpiresAt.UTC()}
	}
	if a := c.Address; a != nil {
		w.Address = &wireAddress{OrderID: a.OrderID, Text: a.Text}
	}
	return w
}
