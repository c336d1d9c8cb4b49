package engine

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Category groups KB entries as SPEC §3 does.
type Category string

const (
	CategoryGeneral    Category = "general"
	CategoryProduct    Category = "product"
	CategoryOrder      Category = "order"
	CategoryLogistics  Category = "logistics"
	CategoryAfterSales Category = "after_sales"
	// CategoryOther holds a shop's own entries that fit none of the above.
	CategoryOther Category = "other"
)

// Categories lists every category, in display order.
var Categories = []Category{CategoryGeneral, CategoryProduct, CategoryOrder, CategoryLogistics, CategoryAfterSales, CategoryOther}

// Intents maps every core intent key of SPEC §3 to its category, in the
// order of the SPEC's table. An entry's intent is one of these or empty (a
// shop's own question that names no core intent).
var Intents = []struct {
	Key      string
	Category Category
}{
	{"greeting", CategoryGeneral}, {"ask_human", CategoryGeneral}, {"thanks_bye", CategoryGeneral},
	{"service_hours", CategoryGeneral}, {"free_shipping", CategoryGeneral}, {"ship_from_area", CategoryGeneral},
	{"invoice", CategoryGeneral}, {"coupon_discount", CategoryGeneral}, {"authenticity", CategoryGeneral},
	{"price_protection", CategoryGeneral},
	{"size_advice", CategoryProduct}, {"in_stock", CategoryProduct}, {"product_spec", CategoryProduct},
	{"usage_howto", CategoryProduct}, {"gift_packaging", CategoryProduct},
	{"ship_time", CategoryOrder}, {"change_address", CategoryOrder}, {"cancel_order", CategoryOrder},
	{"change_sku", CategoryOrder}, {"payment_issue", CategoryOrder},
	{"logistics_track", CategoryLogistics}, {"logistics_stuck", CategoryLogistics}, {"courier_choice", CategoryLogistics},
	{"delivery_eta", CategoryLogistics}, {"not_received", CategoryLogistics},
	{"return_refund", CategoryAfterSales}, {"exchange", CategoryAfterSales}, {"refund_progress", CategoryAfterSales},
	{"damaged_item", CategoryAfterSales}, {"missing_item", CategoryAfterSales}, {"wrong_item", CategoryAfterSales},
	{"complaint", CategoryAfterSales},
}

// IntentCategory returns the category of a core intent key.
func IntentCategory(key string) (Category, bool) {
	for _, in := range Intents {
		if in.Key == key {
			return in.Category, true
		}
	}
	return "", false
}

// OrderStatus is the state of a buyer's order that an answer can be meant for
// (KB-2, SA-3).
type OrderStatus string

const (
	OrderUnpaid OrderStatus = "unpaid"
	// OrderPaid is paid and still within the promised ship time.
	OrderPaid OrderStatus = "paid"
	// OrderOverdue is paid and past the promised ship time, not shipped.
	OrderOverdue    OrderStatus = "overdue"
	OrderShipped    OrderStatus = "shipped"
	OrderDelivered  OrderStatus = "delivered"
	OrderAfterSales OrderStatus = "after_sales"
)

// OrderStatuses lists every order status, in the order an order goes through them.
var OrderStatuses = []OrderStatus{OrderUnpaid, OrderPaid, OrderOverdue, OrderShipped, OrderDelivered, OrderAfterSales}

// Operation is a one-click action recommended with an entry (KB-2, SA-4).
type Operation string

const (
	OpOrderCard        Operation = "order_card"
	OpLogisticsCard    Operation = "logistics_card"
	OpCoupon           Operation = "coupon"
	OpAddressCard      Operation = "address_card"
	OpUrgeWarehouse    Operation = "urge_warehouse"
	OpTransferHuman    Operation = "transfer_human"
	OpCreateAfterSales Operation = "create_after_sales"
)

// Operations lists every operation, in display order.
var Operations = []Operation{OpOrderCard, OpLogisticsCard, OpCoupon, OpAddressCard, OpUrgeWarehouse, OpTransferHuman, OpCreateAfterSales}

// Answer is one reply of an entry. When lists the order states it is meant
// for; an answer with no When is for any order, or for no order at all.
type Answer struct {
	Text string        `json:"text"`
	When []OrderStatus `json:"when"`
}

// Entry is a KB entry (KB-2).
type Entry struct {
	ID       int64    `json:"id"`
	ShopID   int64    `json:"shopId"`
	Question string   `json:"question"`
	Similar  []string `json:"similar"`
	// Answers: for each order status, and for no status, the first answer
	// that applies is the primary one and up to two more are recommended.
	Answers    []Answer    `json:"answers"`
	Category   Category    `json:"category"`
	Intent     string      `json:"intent"`
	Enabled    bool        `json:"enabled"`
	Operations []Operation `json:"operations"`
	// NeverAuto marks an entry that is only ever suggested to a human, never
	// sent automatically (a scene rule, RB-9: complaints).
	NeverAuto bool `json:"neverAuto"`
	// Version counts the saved changes of the entry, from 1.
	Version   int       `json:"version"`
	UpdatedAt time.Time `json:"updatedAt"`
	UpdatedBy string    `json:"updatedBy"`
}

// Limits of an entry.
const (
	MaxQuestionRunes = 200
	MaxSimilar       = 300
	MaxAnswerRunes   = 1000
	// MaxAnswersEach is the most answers for one order status (or for none):
	// a primary answer and up to two extra recommended answers.
	MaxAnswersEach = 3
)

// FieldError is one problem with an entry: Field names the part ("question",
// "similar[3]", "answers[0].text", "category", …), Key the problem for
// translation, Detail says it in English.
type FieldError struct {
	Field  string `json:"field"`
	Key    string `json:"key"`
	Detail string `json:"detail"`
}

func (e FieldError) Error() string { return e.Field + ": " + e.Detail }

// EntryError is an entry that cannot be saved, with every problem found.
type EntryError struct{ Problems []FieldError }

func (e *EntryError) Error() string {
	msgs := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		msgs[i] = p.Error()
	}
	return "invalid entry: " + strings.Join(msgs, "; ")
}

// NormalizeEntry trims the texts of an entry and normalises their line ends
// (NormalizeLines), drops blank and repeated
// similar questions (and those equal to the standard question), drops blank
// answers, and puts statuses and operations in their canonical order without
// repeats. It fills the category of a core intent when the category is empty.
// It does not validate; see ValidateEntry.
func NormalizeEntry(e Entry) Entry {
	e.Question = strings.TrimSpace(NormalizeLines(e.Question))
	seen := map[string]bool{e.Question: true}
	similar := make([]string, 0, len(e.Similar))
	for _, s := range e.Similar {
		s = strings.TrimSpace(NormalizeLines(s))
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		similar = append(similar, s)
	}
	e.Similar = similar
	answers := make([]Answer, 0, len(e.Answers))
	for _, a := range e.Answers {
		a.Text = strings.TrimSpace(NormalizeLines(a.Text))
		if a.Text == "" {
			continue
		}
		a.When = canonical(a.When, OrderStatuses)
		answers = append(answers, a)
	}
	e.Answers = answers
	e.Operations = canonical(e.Operations, Operations)
	e.Category = Category(strings.TrimSpace(string(e.Category)))
	e.Intent = strings.TrimSpace(e.Intent)
	if e.Category == "" {
		if c, ok := IntentCategory(e.Intent); ok {
			e.Category = c
		}
	}
	return e
}

// canonical returns the known values of xs in the order of all, once each,
// followed by the unknown ones (so that validation can name them).
func canonical[T comparable](xs []T, all []T) []T {
	out := make([]T, 0, len(xs))
	for _, v := range all {
		if slices.Contains(xs, v) {
			out = append(out, v)
		}
	}
	for _, v := range xs {
		if !slices.Contains(all, v) && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// ValidateEntry returns every problem of a normalised entry, or nil.
func ValidateEntry(e Entry) []FieldError {
	var errs []FieldError
	add := func(field, key, format string, args ...any) {
		errs = append(errs, FieldError{Field: field, Key: key, Detail: fmt.Sprintf(format, args...)})
	}
	text := func(field, s string, max int) {
		switch {
		case !utf8.ValidString(s):
			add(field, "kb_not_utf8", "is not valid UTF-8 text")
		case utf8.RuneCountInString(s) > max:
			add(field, "kb_too_long", "has %d characters; at most %d are allowed", utf8.RuneCountInString(s), max)
		case HasControl(s, true):
			add(field, "kb_control_character", "holds an invisible control character (only line breaks and tabs are allowed)")
		}
	}
	if e.Question == "" {
		add("question", "kb_question_missing", "the standard question is missing")
	}
	text("question", e.Question, MaxQuestionRunes)
	if len(e.Similar) > MaxSimilar {
		add("similar", "kb_too_many_similar", "has %d similar questions; at most %d are allowed", len(e.Similar), MaxSimilar)
	}
	for i, s := range e.Similar {
		text(fmt.Sprintf("similar[%d]", i), s, MaxQuestionRunes)
	}
	if len(e.Answers) == 0 {
		add("answers", "kb_answer_missing", "an entry needs at least one answer")
	}
	perStatus := map[OrderStatus]int{}
	for i, a := range e.Answers {
		field := fmt.Sprintf("answers[%d]", i)
		text(field+".text", a.Text, MaxAnswerRunes)
		for _, v := range UnknownVariables(a.Text) {
			add(field+".text", "kb_unknown_variable", "uses the unknown variable {%s}", v)
		}
		for _, w := range a.When {
			if !slices.Contains(OrderStatuses, w) {
				add(field+".when", "kb_unknown_status", "names the unknown order status %q", w)
			}
		}
		if len(a.When) == 0 {
			perStatus[""]++
		}
		for _, w := range a.When {
			perStatus[w]++
		}
	}
	for _, s := range append([]OrderStatus{""}, OrderStatuses...) {
		if perStatus[s] > MaxAnswersEach {
			what := "answers without an order condition"
			if s != "" {
				what = fmt.Sprintf("answers for the order status %q", s)
			}
			add("answers", "kb_too_many_answers", "has %d %s; at most %d are allowed (a primary answer and 2 more)", perStatus[s], what, MaxAnswersEach)
		}
	}
	if !slices.Contains(Categories, e.Category) {
		if e.Category == "" {
			add("category", "kb_category_missing", "the category is missing")
		} else {
			add("category", "kb_unknown_category", "%q is not a category", e.Category)
		}
	}
	if e.Intent != "" {
		if _, ok := IntentCategory(e.Intent); !ok {
			add("intent", "kb_unknown_intent", "%q is not an intent key", e.Intent)
		}
	}
	for _, op := range e.Operations {
		if !slices.Contains(Operations, op) {
			add("operations", "kb_unknown_operation", "%q is not an operation", op)
		}
	}
	return errs
}

// CheckEntry normalises an entry and returns it, or an *EntryError.
func CheckEntry(e Entry) (Entry, error) {
	e = NormalizeEntry(e)
	if errs := ValidateEntry(e); len(errs) > 0 {
		return e, &EntryError{Problems: errs}
	}
	return e, nil
}

// AnswersFor returns the answers that apply to an order status, primary
// first: those meant for the status, else those with no condition. For no
// order (status ""), only answers with no condition apply.
func (e Entry) AnswersFor(status OrderStatus) []Answer {
	var meant, any []Answer
	for _, a := range e.Answers {
		switch {
		case len(a.When) == 0:
			any = append(any, a)
		case status != "" && slices.Contains(a.When, status):
			meant = append(meant, a)
		}
	}
	if len(meant) > 0 {
		return meant
	}
	return any
}

// Questions returns the standard question and the similar questions; index i
// of the result is the question a search Hit's Question field refers to.
func (e Entry) Questions() []string {
	return append([]string{e.Question}, e.Similar...)
}

// Variables that answers and quick phrases may hold, filled at send time.
var Variables = []string{
	"buyer.name", "shop.name", "agent.name",
	"order.id", "order.status", "order.amount", "order.promise_ship_at",
	"order.courier", "order.tracking_no", "order.address",
}

// Vars are the values of variables known for one reply.
type Vars map[string]string

var variableRE = regexp.MustCompile(`\{([a-z]+\.[a-z_]+)\}`)

// VariablesIn returns the variable names a text uses, in order, once each.
func VariablesIn(text string) []string {
	var out []string
	for _, m := range variableRE.FindAllStringSubmatch(text, -1) {
		if !slices.Contains(out, m[1]) {
			out = append(out, m[1])
		}
	}
	return out
}

// UnknownVariables returns the names in text that look like variables but
// are not among Variables.
func UnknownVariables(text string) []string {
	var out []string
	for _, v := range VariablesIn(text) {
		if !slices.Contains(Variables, v) {
			out = append(out, v)
		}
	}
	return out
}

// Render fills the variables of text with vars. missing names the variables
// that have no value, which Render leaves as they are: a text with anything
// missing must not reach a buyer (KB-2).
func Render(text string, vars Vars) (out string, missing []string) {
	out = variableRE.ReplaceAllStringFunc(text, func(m string) string {
		name := m[1 : len(m)-1]
		if v := vars[name]; v != "" {
			return v
		}
		if !slices.Contains(missing, name) {
			missing = append(missing, name)
		}
		return m
	})
	return out, missing
}
