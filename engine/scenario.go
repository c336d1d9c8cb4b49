package engine

import (
	"slices"
	"strings"
	"time"
)

// Scenarios (智能助手, SA-1 – SA-8): for a few well-known intents — 催发货
// first — a built-in recommendation by the order's state: what to say and
// what to do. They need no configuration (preset/scenarios.*.json); a shop
// where the robot is on may edit the scripts (SA-6). For their intents they
// outrank the KB's own answers, in assist and in the robot (SA-7).

// Scenario is the recommendation for one intent.
type Scenario struct {
	Intent string `json:"intent"`
	Name   string `json:"name"`
	// Steps are by order state; the step of "" is for when no order is
	// known.
	Steps map[OrderStatus]ScenarioStep `json:"steps"`
}

// ScenarioStep is what a scenario recommends in one order state: a script
// (the first; up to MaxAnswersEach in all) and operations.
type ScenarioStep struct {
	Scripts    []string    `json:"scripts"`
	Operations []Operation `json:"operations"`
}

// Step returns the step for an order state, falling back to the step for
// no order when the state has none of its own.
func (s Scenario) Step(state OrderStatus) (ScenarioStep, bool) {
	if st, ok := s.Steps[state]; ok && len(st.Scripts) > 0 {
		return st, true
	}
	st, ok := s.Steps[""]
	return st, ok && len(st.Scripts) > 0
}

// PlatformRule is a platform's rule an agent must know about, for an intent
// and an order state (SA-8): its words, the phrases an automatic reply must
// never hold while it applies, and where it comes from.
type PlatformRule struct {
	ID       string            `json:"id"`
	Platform string            `json:"platform"`
	Intent   string            `json:"intent"`
	State    OrderStatus       `json:"state"`
	Text     map[string]string `json:"text"`
	Forbid   []string          `json:"forbid,omitempty"`
	Source   string            `json:"source"`
	Date     string            `json:"date"`
}

// Words returns the rule's text in a locale (zh-CN unless it starts with
// "en"), else in any language it has.
func (r PlatformRule) Words(locale string) string {
	if strings.HasPrefix(locale, "en") {
		if t := r.Text["en"]; t != "" {
			return t
		}
	}
	if t := r.Text["zh-CN"]; t != "" {
		return t
	}
	for _, t := range r.Text {
		return t
	}
	return ""
}

// RulesFor returns the rules of a platform for an intent in an order state.
func RulesFor(rules []PlatformRule, platform, intent string, state OrderStatus) []PlatformRule {
	var out []PlatformRule
	for _, r := range rules {
		if strings.EqualFold(r.Platform, platform) && r.Intent == intent && r.State == state {
			out = append(out, r)
		}
	}
	return out
}

// Forbidden returns the phrases of the rules that a text holds.
func Forbidden(rules []PlatformRule, text string) []string {
	var out []string
	lower := strings.ToLower(text)
	for _, r := range rules {
		for _, f := range r.Forbid {
			if f != "" && strings.Contains(lower, strings.ToLower(f)) && !slices.Contains(out, f) {
				out = append(out, f)
			}
		}
	}
	return out
}

// ScenarioIntents are the intents with a built-in scenario, in order.
var ScenarioIntents = []string{"ship_time", "change_address", "logistics_stuck", "refund_progress"}

// PredictOrders orders a buyer's open orders by how likely the buyer means
// each when asking about intent (SA-2), likeliest first: for 催发货 the
// orders waiting to ship (overdue before paid), then the rest; within each,
// the latest changed first (the order the buyer just placed or paid).
func PredictOrders(orders []Order, intent string, now time.Time) []Order {
	var open []Order
	for _, o := range orders {
		if o.Open() {
			open = append(open, o)
		}
	}
	rank := func(o Order) int {
		st := OrderStateAt(o, now)
		switch intent {
		case "ship_time":
			switch st {
			case OrderOverdue:
				return 0
			case OrderPaid:
				return 1
			case OrderUnpaid:
				return 2
			}
		case "logistics_stuck", "change_address":
			switch st {
			case OrderShipped:
				return 0
			case OrderPaid, OrderOverdue:
				return 1
			}
		case "refund_progress":
			if st == OrderAfterSales {
				return 0
			}
		}
		return 3
	}
	slices.SortStableFunc(open, func(a, b Order) int {
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra - rb
		}
		return b.UpdatedAt.Compare(a.UpdatedAt)
	})
	return open
}

// ScenarioBook holds the scenarios of each language and the platforms'
// rules, and a shop's own scripts where it edited them (SA-6).
type ScenarioBook struct {
	presets map[string][]Scenario // by locale: "zh-CN", "en"
	rules   []PlatformRule
	// own returns a shop's edited steps of an intent by state; nil for none.
	own func(shopID int64, intent string) map[OrderStatus]ScenarioStep
}

// NewScenarioBook returns a book over the preset scenarios by locale and
// the platforms' rules; own may be nil.
func NewScenarioBook(presets map[string][]Scenario, rules []PlatformRule, own func(int64, string) map[OrderStatus]ScenarioStep) *ScenarioBook {
	return &ScenarioBook{presets: presets, rules: rules, own: own}
}

// For returns the scenario of an intent for a shop, its edited steps over
// the preset of its language; false when the intent has none.
func (b *ScenarioBook) For(shop Shop, intent string) (Scenario, bool) {
	if b == nil {
		return Scenario{}, false
	}
	locale := "zh-CN"
	if strings.HasPrefix(shop.Locale, "en") {
		locale = "en"
	}
	for _, sc := range b.presets[locale] {
		if sc.Intent != intent {
			continue
		}
		if b.own != nil {
			if own := b.own(shop.ID, intent); len(own) > 0 {
				steps := make(map[OrderStatus]ScenarioStep, len(sc.Steps))
				for k, v := range sc.Steps {
					steps[k] = v
				}
				for k, v := range own {
					steps[k] = v
				}
				sc.Steps = steps
			}
		}
		return sc, true
	}
	return Scenario{}, false
}

// Rules returns the platform rules of a shop's platform for an intent in an
// order state.
func (b *ScenarioBook) Rules(shop Shop, intent string, state OrderStatus) []PlatformRule {
	if b == nil {
		return nil
	}
	return RulesFor(b.rules, shop.Platform, intent, state)
}
