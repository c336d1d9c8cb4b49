package channel

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"time"

	"replydesk/engine"
)

// The webhook API's JSON, in snake_case like most webhook APIs. The engine's
// own types keep the camelCase the window uses.

// wireMessage is a message as the webhook API shows it.
type wireMessage struct {
	ID             int64  `json:"id"`
	ConversationID int64  `json:"conversation_id"`
	Sender         string `json:"sender"`
	Type           string `json:"type"`
	Text           string `json:"text"`
	// Card is a card message's content (wirecard.go); absent for text.
	Card *wireCard `json:"card,omitempty"`
	// ByAssistant marks the robot's replies, which the buyer sees labelled
	// 「由聊天助手发送」 / "sent by the chat assistant" (RB-4); assist's
	// auto-sent replies are not marked (AS-6).
	ByAssistant bool      `json:"by_assistant,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
}

func toWireMessage(m engine.Message) wireMessage {
	return wireMessage{ID: m.ID, ConversationID: m.ConversationID, Sender: string(m.Sender), Type: string(m.Type),
		Text: m.Text, Card: toWireCard(m.Payload), ByAssistant: m.Sender == engine.SenderRobot, CreatedAt: m.CreatedAt.UTC()}
}

// messageRequest is POST /webhook/v1/messages.
type messageRequest struct {
	Shop  int64  `json:"shop"`
	Buyer string `json:"buyer"`
	Name  string `json:"name"`
	Text  string `json:"text"`
	ID    string `json:"id"`
}

type messageResponse struct {
	Message   wireMessage `json:"message"`
	Duplicate bool        `json:"duplicate"`
}

// ordersRequest is POST /webhook/v1/orders.
type ordersRequest struct {
	Shop   int64       `json:"shop"`
	Buyer  string      `json:"buyer"`
	Name   string      `json:"name"`
	Orders []wireOrder `json:"orders"`
}

type wireOrder struct {
	ID     string      `json:"id"`
	Status string      `json:"status"`
	Amount json.Number `json:"amount,omitempty"`
	// Currency is an ISO 4217 code; empty for the shop's own.
	Currency      string     `json:"currency,omitempty"`
	Items         []wireItem `json:"items"`
	PromiseShipAt string     `json:"promise_ship_at,omitempty"`
	Courier       string     `json:"courier"`
	TrackingNo    string     `json:"tracking_no"`
	Address       string     `json:"address"`
	UpdatedAt     *time.Time `json:"updated_at,omitempty"`
}

type wireItem struct {
	Name string `json:"name"`
	SKU  string `json:"sku,omitempty"`
	// Quantity is 1 when left out.
	Quantity *int `json:"quantity,omitempty"`
}

type ordersResponse struct {
	Orders []wireOrder `json:"orders"`
}

// order converts a wire order; problems lists the values that cannot be
// read (the rest is checked by engine.CheckOrders).
func (w wireOrder) order() (o engine.Order, problems []engine.FieldError) {
	o = engine.Order{ID: w.ID, Status: engine.OrderStatus(w.Status), Currency: w.Currency,
		Courier: w.Courier, TrackingNo: w.TrackingNo, Address: w.Address, Items: make([]engine.OrderItem, len(w.Items))}
	if w.Amount != "" {
		cents, ok := engine.ParseAmount(string(w.Amount))
		if !ok {
			problems = append(problems, engine.FieldError{Field: "amount", Key: "order_bad_amount",
				Detail: fmt.Sprintf("%s is not an amount with at most 2 decimals", w.Amount)})
		}
		o.AmountCents = cents
	}
	if w.PromiseShipAt != "" {
		t, err := time.Parse(time.RFC3339, w.PromiseShipAt)
		if err != nil {
			problems = append(problems, engine.FieldError{Field: "promise_ship_at", Key: "order_bad_time",
				Detail: fmt.Sprintf("%q is not an RFC 3339 time such as 2025-06-18T18:00:00+08:00", w.PromiseShipAt)})
		}
		o.PromiseShipAt = t
	}
	for i, it := range w.Items {
		q := 1
		if it.Quantity != nil {
			q = *it.Quantity
		}
		o.Items[i] = engine.OrderItem{Name: it.Name, SKU: it.SKU, Quantity: q}
	}
	return o, problems
}

func toWireOrder(o engine.Order) wireOrder {
	w := wireOrder{ID: o.ID, Status: string(o.Status), Currency: o.Currency, Courier: o.Courier,
		TrackingNo: o.TrackingNo, Address: o.Address, Items: make([]wireItem, len(o.Items))}
	sign := ""
	cents := o.AmountCents
	if cents < 0 {
		sign, cents = "-", -cents
	}
	w.Amount = json.Number(fmt.Sprintf("%s%d.%02d", sign, cents/100, cents%100))
	if !o.PromiseShipAt.IsZero() {
		w.PromiseShipAt = o.PromiseShipAt.UTC().Format(time.RFC3339)
	}
	for i, it := range o.Items {
		q := it.Quantity
		w.Items[i] = wireItem{Name: it.Name, SKU: it.SKU, Quantity: &q}
	}
	if !o.UpdatedAt.IsZero() {
		t := o.UpdatedAt.UTC()
		w.UpdatedAt = &t
	}
	return w
}

// callbackBody is what a shop's callback receives for a message to a buyer.
type callbackBody struct {
	Delivery string      `json:"delivery"`
	Event    string      `json:"event"`
	Shop     int64       `json:"shop"`
	Buyer    string      `json:"buyer"`
	Message  wireMessage `json:"message"`
}

// jsonProblem says what is wrong with a body encoding/json refused.
func jsonProblem(err error) string {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te) && te.Field == "":
		return "the body must be a JSON object"
	case errors.As(err, &te):
		return fmt.Sprintf("%s must be %s, not %s", te.Field, kindOf(te.Type), te.Value)
	case errors.As(err, &se):
		return fmt.Sprintf("the body is not valid JSON (at byte %d)", se.Offset)
	}
	return "the body is not valid JSON: " + err.Error()
}

func kindOf(t reflect.Type) string {
	switch {
	case t == reflect.TypeFor[json.Number]():
		return "a number"
	case t.Kind() == reflect.String:
		return "a string"
	case t.Kind() == reflect.Pointer:
		return kindOf(t.Elem())
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Float64:
		return "a number"
	case t.Kind() == reflect.Slice:
		return "an array"
	case t.Kind() == reflect.Struct:
		return "an object"
	case t.Kind() == reflect.Bool:
		return "true or false"
	}
	return t.String()
}
