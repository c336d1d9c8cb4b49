package engine

import (
	"fmt"
	"math/big"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Order is one of a buyer's orders with a shop, as a channel reports it
// (CV-4, CV-7). Orders are known by the shop's own order number, unique
// within the shop; reporting an order again replaces what was known of it.
type Order struct {
	// ID is the shop's order number ({order.id}).
	ID      string      `json:"id"`
	ShopID  int64       `json:"shopId"`
	BuyerID int64       `json:"buyerId"`
	Status  OrderStatus `json:"status"`
	// AmountCents is the amount to pay × 100 (fen for CNY), whatever the currency.
	AmountCents int64 `json:"amountCents"`
	// Currency is an ISO 4217 code ("CNY"), empty for the shop's own.
	Currency string      `json:"currency"`
	Items    []OrderItem `json:"items"`
	// PromiseShipAt is when the shop promised to ship; zero when unknown.
	PromiseShipAt time.Time `json:"promiseShipAt,omitzero"`
	Courier       string    `json:"courier"`
	TrackingNo    string    `json:"trackingNo"`
	Address       string    `json:"address"`
	CreatedAt     time.Time `json:"createdAt"`
	UpdatedAt     time.Time `json:"updatedAt"`
}

// OrderItem is one line of an order.
type OrderItem struct {
	Name     string `json:"name"`
	SKU      string `json:"sku"`
	Quantity int    `json:"quantity"`
}

// Limits of an order.
const (
	MaxOrderIDRunes  = 128
	MaxOrdersAtOnce  = 100
	MaxOrderItems    = 100
	MaxItemNameRunes = 200
	MaxSKURunes      = 64
	MaxCourierRunes  = 64
	MaxTrackingRunes = 64
	MaxAddressRunes  = 500
	MaxItemQuantity  = 99999
	MaxAmountCents   = 1_000_000_000_000 // 10 billion
)

// amountSyntax is a decimal amount as people and JSON write it: "129.9",
// "30", "-5", ".5", "1.299e2". Exponents have at most two digits: an
// amount of 1e999999 is nobody's, and math/big takes a tenth of a second
// to compute it.
var amountSyntax = regexp.MustCompile(`^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,2})?$`)

// maxAmountChars bounds the text of an amount.
const maxAmountChars = 64

// ParseAmount reads a decimal amount in a currency's main unit ("129.9",
// "30", "1.299e2") as hundredths (AmountCents). ok is false for anything
// else: not a decimal number (fractions such as "1/2", "0x10" and "1_000"
// are not), more than 2 decimals, beyond int64, longer than 64
// characters, or an exponent of more than two digits. It does not check
// MaxAmountCents; ValidateOrder does.
func ParseAmount(s string) (cents int64, ok bool) {
	if len(s) > maxAmountChars || !amountSyntax.MatchString(s) {
		return 0, false
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return 0, false
	}
	r.Mul(r, big.NewRat(100, 1))
	if !r.IsInt() || !r.Num().IsInt64() {
		return 0, false
	}
	return r.Num().Int64(), true
}

// CheckOrderCount refuses a batch of no orders (orders_missing) or of more
// than MaxOrdersAtOnce (orders_too_many) with an *InputError, so that a
// channel can refuse a batch before converting its orders.
func CheckOrderCount(n int) error {
	switch {
	case n == 0:
		return &InputError{Key: "orders_missing", Detail: "there are no orders"}
	case n > MaxOrdersAtOnce:
		return &InputError{Key: "orders_too_many", Detail: fmt.Sprintf("%d orders at once; at most %d are allowed", n, MaxOrdersAtOnce)}
	}
	return nil
}

// NormalizeOrder trims an order's texts, normalises the line ends of its
// address (NormalizeLines) and upper-cases its currency. It does not
// validate; see ValidateOrder.
func NormalizeOrder(o Order) Order {
	o.ID = strings.TrimSpace(o.ID)
	o.Status = OrderStatus(strings.TrimSpace(string(o.Status)))
	o.Currency = strings.ToUpper(strings.TrimSpace(o.Currency))
	o.Courier = strings.TrimSpace(o.Courier)
	o.TrackingNo = strings.TrimSpace(o.TrackingNo)
	o.Address = strings.TrimSpace(NormalizeLines(o.Address))
	items := make([]OrderItem, len(o.Items))
	for i, it := range o.Items {
		it.Name, it.SKU = strings.TrimSpace(it.Name), strings.TrimSpace(it.SKU)
		items[i] = it
	}
	o.Items = items
	if !o.PromiseShipAt.IsZero() {
		o.PromiseShipAt = o.PromiseShipAt.UTC()
	}
	return o
}

// ValidateOrder returns every problem of a normalised order, or nil. Field
// names are those of the webhook API ("id", "items[2].quantity",
// "tracking_no", …). A promised ship time must be zero or TimeInRange.
func ValidateOrder(o Order) []FieldError {
	var errs []FieldError
	add := func(field, key, format string, args ...any) {
		errs = append(errs, FieldError{Field: field, Key: key, Detail: fmt.Sprintf(format, args...)})
	}
	// The address may span lines; the other texts are one-line values
	// (the text rule of HasControl).
	text := func(field, s string, max int) {
		switch {
		case !utf8.ValidString(s):
			add(field, "order_not_utf8", "is not valid UTF-8 text")
		case utf8.RuneCountInString(s) > max:
			add(field, "order_too_long", "has %d characters; at most %d are allowed", utf8.RuneCountInString(s), max)
		case HasControl(s, field == "address"):
			add(field, "order_control_character", "holds a control character")
		}
	}
	if o.ID == "" {
		add("id", "order_id_missing", "the order number is missing")
	}
	text("id", o.ID, MaxOrderIDRunes)
	switch {
	case o.Status == "":
		add("status", "order_status_missing", "the status is missing (one of %s)", statusList())
	case !slices.Contains(OrderStatuses, o.Status):
		add("status", "order_unknown_status", "%q is not an order status (one of %s)", o.Status, statusList())
	}
	if !o.PromiseShipAt.IsZero() && !TimeInRange(o.PromiseShipAt) {
		add("promise_ship_at", "order_bad_time", "%s is not between the years %d and %d", o.PromiseShipAt.UTC().Format(time.RFC3339),
			EarliestTime.Year(), LatestTime.Year())
	}
	if o.AmountCents < 0 || o.AmountCents > MaxAmountCents {
		add("amount", "order_bad_amount", "must be between 0 and %d", MaxAmountCents/100)
	}
	if o.Currency != "" && !isCurrency(o.Currency) {
		add("currency", "order_bad_currency", "%q is not a three-letter currency code such as CNY", o.Currency)
	}
	if len(o.Items) > MaxOrderItems {
		add("items", "order_too_many_items", "has %d items; at most %d are allowed", len(o.Items), MaxOrderItems)
	}
	for i, it := range o.Items {
		field := fmt.Sprintf("items[%d]", i)
		if it.Name == "" {
			add(field+".name", "order_item_name_missing", "the item's name is missing")
		}
		text(field+".name", it.Name, MaxItemNameRunes)
		text(field+".sku", it.SKU, MaxSKURunes)
		if it.Quantity < 1 || it.Quantity > MaxItemQuantity {
			add(field+".quantity", "order_bad_quantity", "must be between 1 and %d", MaxItemQuantity)
		}
	}
	text("courier", o.Courier, MaxCourierRunes)
	text("tracking_no", o.TrackingNo, MaxTrackingRunes)
	text("address", o.Address, MaxAddressRunes)
	return errs
}

func statusList() string {
	s := make([]string, len(OrderStatuses))
	for i, st := range OrderStatuses {
		s[i] = string(st)
	}
	return strings.Join(s, ", ")
}

func isCurrency(s string) bool {
	return len(s) == 3 && strings.IndexFunc(s, func(r rune) bool { return r < 'A' || r > 'Z' }) < 0
}

// OrderRowError is the problems of one order of a batch; Row counts from 1.
type OrderRowError struct {
	Row      int          `json:"row"`
	ID       string       `json:"id"`
	Problems []FieldError `json:"problems"`
}

// OrdersError rejects a whole batch of orders: it lists every bad one.
type OrdersError struct{ Rows []OrderRowError }

func (e *OrdersError) Error() string {
	if len(e.Rows) == 1 {
		return "1 order is invalid; nothing was changed"
	}
	return fmt.Sprintf("%d orders are invalid; nothing was changed", len(e.Rows))
}

// Add records a problem of row (from 1), keeping rows in order.
func (e *OrdersError) Add(row int, id string, p ...FieldError) {
	i, found := slices.BinarySearchFunc(e.Rows, row, func(r OrderRowError, row int) int { return r.Row - row })
	if !found {
		e.Rows = slices.Insert(e.Rows, i, OrderRowError{Row: row, ID: id})
	}
	e.Rows[i].Problems = append(e.Rows[i].Problems, p...)
}

// CheckOrders normalises and validates a batch of orders: each on its own,
// and no order number twice. It returns the normalised orders, an
// *InputError for an empty or too large batch, or an *OrdersError naming
// every bad order (Row = index + 1).
func CheckOrders(orders []Order) ([]Order, error) {
	if err := CheckOrderCount(len(orders)); err != nil {
		return nil, err
	}
	out := make([]Order, len(orders))
	bad := &OrdersError{}
	first := map[string]int{}
	for i, o := range orders {
		o = NormalizeOrder(o)
		problems := ValidateOrder(o)
		if j, dup := first[o.ID]; dup && o.ID != "" {
			problems = append(problems, FieldError{Field: "id", Key: "order_duplicate_id",
				Detail: fmt.Sprintf("repeats the order number of row %d", j+1)})
		} else {
			first[o.ID] = i
		}
		if len(problems) > 0 {
			bad.Add(i+1, o.ID, problems...)
		}
		out[i] = o
	}
	if len(bad.Rows) > 0 {
		return nil, bad
	}
	return out, nil
}
