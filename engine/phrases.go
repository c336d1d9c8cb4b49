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

// QuickPhrase is a quick phrase (常用语, CV-3): a text an agent inserts into
// the input box with one click or by typing `/` and a few letters. A phrase is
// shop-wide (AgentID 0) or personal to one agent; it may hold the variables
// of KB answers ({buyer.name}, …), filled from the open conversation when it
// is inserted.
type QuickPhrase struct {
	ID     int64 `json:"id"`
	ShopID int64 `json:"shopId"`
	// AgentID is 0 for a shop-wide phrase, else the agent it belongs to.
	AgentID int64 `json:"agentId"`
	// Personal is AgentID != 0; on Save it chooses the scope (the saving
	// agent's own phrase, or shop-wide).
	Personal bool   `json:"personal"`
	Group    string `json:"group"`
	Text     string `json:"text"`
	// Sort orders phrases (then ID); a group is shown where its first phrase is.
	Sort int `json:"sort"`
	// Uses counts how often the phrase was inserted.
	Uses      int       `json:"uses"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// Limits of a quick phrase.
const (
	MaxPhraseRunes      = 1000
	MaxPhraseGroupRunes = 20
	// MaxPhrases bounds the phrases one agent sees in a shop (shop-wide and
	// personal together), so that the picker stays a picker.
	MaxPhrases = 500
)

// Phrases persists quick phrases.
type Phrases interface {
	// Phrases returns the shop-wide phrases of a shop and the personal ones
	// of agentID there, by sort and ID; none for an unknown shop.
	Phrases(ctx context.Context, shopID, agentID int64) ([]QuickPhrase, error)
	// Phrase returns one phrase, or ErrNotFound.
	Phrase(ctx context.Context, id int64) (QuickPhrase, error)
	// SavePhrase creates a phrase (ID 0) or replaces the group, text, sort
	// and owner of an existing one, stamping the times; ErrNotFound for an
	// unknown ID. It keeps Uses.
	SavePhrase(ctx context.Context, p QuickPhrase, at time.Time) (QuickPhrase, error)
	// DeletePhrase deletes a phrase; ErrNotFound for an unknown ID.
	DeletePhrase(ctx context.Context, id int64) error
	// MarkPhraseUsed adds one to a phrase's Uses; ErrNotFound for an unknown ID.
	MarkPhraseUsed(ctx context.Context, id int64) error
	// SeedPhrases stores shop-wide phrases for a shop the first time it is
	// asked for that shop and only when the shop has no phrase yet; it
	// returns how many it stored (0 on every later call, even after the
	// shop's phrases were all deleted).
	SeedPhrases(ctx context.Context, shopID int64, ps []QuickPhrase, at time.Time) (int, error)
}

// OrderLister lists a shop's buyer's orders, latest changed first.
type OrderLister interface {
	BuyerOrders(ctx context.Context, shopID int64, externalID string) ([]Order, error)
}

// ShopFinder finds a shop by ID (for its locale), or ErrNotFound.
type ShopFinder interface {
	Shop(ctx context.Context, id int64) (Shop, error)
}

// PhraseDeps are the parts a PhraseBook works with. Store, Conversations
// and Clock are required; without Orders, order variables stay unfilled;
// without Shops, order statuses are written in Chinese.
type PhraseDeps struct {
	Store         Phrases
	Conversations Conversations
	Orders        OrderLister
	Shops         ShopFinder
	Clock         Clock
}

// PhraseBook lists, edits and inserts quick phrases (CV-3) for the agent at
// the desk: shop-wide phrases, which only an owner may change, and the
// agent's own, which nobody else sees.
type PhraseBook struct{ d PhraseDeps }

// NewPhraseBook returns a PhraseBook over deps.
func NewPhraseBook(deps PhraseDeps) *PhraseBook { return &PhraseBook{d: deps} }

// Inserted is a phrase rendered for a conversation: Text goes into the input
// box; Missing names the variables left as they were for want of a value —
// the agent fills them in (Desk.SendReply refuses a text still holding one).
type Inserted struct {
	PhraseID int64    `json:"phraseId"`
	Text     string   `json:"text"`
	Missing  []string `json:"missing"`
}

// NormalizePhrase trims a phrase's group and the ends of its text (keeping
// inner new lines) and normalises the text's line ends (NormalizeLines). It
// does not validate.
func NormalizePhrase(p QuickPhrase) QuickPhrase {
	p.Group = strings.TrimSpace(p.Group)
	p.Text = strings.TrimSpace(NormalizeLines(p.Text))
	return p
}

// ValidatePhrase returns every problem of a normalised phrase, or nil: the
// text is required, at most MaxPhraseRunes characters, the group at most
// MaxPhraseGroupRunes; both valid UTF-8 without control characters (the
// text may hold new lines and tabs: the text rule of HasControl); the text
// uses only known variables.
func ValidatePhrase(p QuickPhrase) []FieldError {
	var errs []FieldError
	add := func(field, key, format string, args ...any) {
		errs = append(errs, FieldError{Field: field, Key: key, Detail: fmt.Sprintf(format, args...)})
	}
	check := func(field, s string, max int, newLines bool) bool {
		switch {
		case !utf8.ValidString(s):
			add(field, "phrase_not_utf8", "is not valid UTF-8 text")
		case utf8.RuneCountInString(s) > max:
			add(field, "phrase_too_long", "has %d characters; at most %d are allowed", utf8.RuneCountInString(s), max)
		case HasControl(s, newLines):
			add(field, "phrase_control_character", "holds a control character")
		default:
			return true
		}
		return false
	}
	if p.Text == "" {
		add("text", "phrase_text_missing", "the phrase is empty")
	} else if check("text", p.Text, MaxPhraseRunes, true) {
		for _, v := range UnknownVariables(p.Text) {
			add("text", "phrase_unknown_variable", "uses the unknown variable {%s}", v)
		}
	}
	check("group", p.Group, MaxPhraseGroupRunes, false)
	return errs
}

// PhraseError is a phrase that cannot be saved, with every problem found.
type PhraseError struct{ Problems []FieldError }

func (e *PhraseError) Error() string {
	msgs := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		msgs[i] = p.Error()
	}
	return "invalid quick phrase: " + strings.Join(msgs, "; ")
}

// ErrOwnerOnly refuses an agent who is not an owner a change to a shop-wide phrase.
var ErrOwnerOnly = errors.New("only an owner may change the shop's quick phrases")

// List returns the phrases me sees in a shop: the shop-wide ones and me's
// own, by sort and ID.
func (b *PhraseBook) List(ctx context.Context, me Agent, shopID int64) ([]QuickPhrase, error) {
	ps, err := b.d.Store.Phrases(ctx, shopID, me.ID)
	if err != nil {
		return nil, fmt.Errorf("engine: quick phrases: %w", err)
	}
	out := ps[:0]
	for _, p := range ps {
		if p.AgentID == 0 || p.AgentID == me.ID { // never another's, whatever the store did
			p.Personal = p.AgentID != 0
			out = append(out, p)
		}
	}
	return out, nil
}

// Save creates (ID 0) or updates a phrase for me: p.Personal makes it me's
// own, else it is shop-wide, which only an owner may create, change or
// make personal (ErrOwnerOnly). A phrase of another agent is ErrNotFound,
// as is an unknown ID; an update keeps the phrase's shop and place, a new
// phrase comes after the others. A bad phrase is
// a *PhraseError, and nothing changes.
func (b *PhraseBook) Save(ctx context.Context, me Agent, p QuickPhrase) (QuickPhrase, error) {
	p = NormalizePhrase(p)
	if errs := ValidatePhrase(p); len(errs) > 0 {
		return QuickPhrase{}, &PhraseError{Problems: errs}
	}
	p.AgentID = 0
	if p.Personal {
		p.AgentID = me.ID
	}
	if p.ID != 0 {
		old, err := b.editable(ctx, me, p.ID)
		if err != nil {
			return QuickPhrase{}, err
		}
		p.ShopID, p.Sort = old.ShopID, old.Sort
	} else if p.ShopID == 0 {
		return QuickPhrase{}, &InputError{Key: "phrase_shop_missing", Detail: "the phrase's shop is missing"}
	}
	if p.AgentID == 0 && me.Role != RoleOwner {
		return QuickPhrase{}, ErrOwnerOnly
	}
	if p.ID == 0 {
		ps, err := b.d.Store.Phrases(ctx, p.ShopID, me.ID)
		if err != nil {
			return QuickPhrase{}, fmt.Errorf("engine: save quick phrase: %w", err)
		}
		if len(ps) >= MaxPhrases {
			return QuickPhrase{}, &InputError{Key: "phrase_too_many", Detail: fmt.Sprintf("at most %d quick phrases are allowed", MaxPhrases)}
		}
		p.Sort = 0 // a new phrase comes last in its group
		for _, o := range ps {
			p.Sort = max(p.Sort, o.Sort+1)
		}
	}
	saved, err := b.d.Store.SavePhrase(ctx, p, b.d.Clock.Now())
	if err != nil {
		return QuickPhrase{}, fmt.Errorf("engine: save quick phrase: %w", err)
	}
	saved.Personal = saved.AgentID != 0
	return saved, nil
}

// Delete deletes one of me's phrases, or a shop-wide one when me is an
// owner (else ErrOwnerOnly); another agent's phrase is ErrNotFound.
func (b *PhraseBook) Delete(ctx context.Context, me Agent, id int64) error {
	if _, err := b.editable(ctx, me, id); err != nil {
		return err
	}
	if err := b.d.Store.DeletePhrase(ctx, id); err != nil {
		return fmt.Errorf("engine: delete quick phrase: %w", err)
	}
	return nil
}

// editable returns the phrase id when me may change it.
func (b *PhraseBook) editable(ctx context.Context, me Agent, id int64) (QuickPhrase, error) {
	p, err := b.visible(ctx, me, id)
	if err != nil {
		return QuickPhrase{}, err
	}
	if p.AgentID == 0 && me.Role != RoleOwner {
		return QuickPhrase{}, ErrOwnerOnly
	}
	return p, nil
}

// visible returns the phrase id when me may see it; ErrNotFound otherwise.
func (b *PhraseBook) visible(ctx context.Context, me Agent, id int64) (QuickPhrase, error) {
	p, err := b.d.Store.Phrase(ctx, id)
	if err != nil {
		return QuickPhrase{}, fmt.Errorf("engine: quick phrase: %w", err)
	}
	if p.AgentID != 0 && p.AgentID != me.ID {
		return QuickPhrase{}, fmt.Errorf("engine: quick phrase %d: %w", id, ErrNotFound)
	}
	p.Personal = p.AgentID != 0
	return p, nil
}

// Use renders a phrase for the input box of a conversation and counts the
// use. Variables are filled from the conversation: the buyer's and the
// shop's names, me's name, and the order when the buyer has exactly one
// (with several, the agent says which: the order variables stay). A phrase
// of another shop than the conversation's, or another agent's, is
// ErrNotFound. conversationID 0 renders with me's name only.
func (b *PhraseBook) Use(ctx context.Context, me Agent, id, conversationID int64) (Inserted, error) {
	p, err := b.visible(ctx, me, id)
	if err != nil {
		return Inserted{}, err
	}
	vars := Vars{"agent.name": me.Name}
	if conversationID != 0 {
		c, err := b.d.Conversations.Conversation(ctx, conversationID)
		if err != nil {
			return Inserted{}, fmt.Errorf("engine: use quick phrase: %w", err)
		}
		if c.ShopID != p.ShopID {
			return Inserted{}, fmt.Errorf("engine: quick phrase %d of another shop: %w", id, ErrNotFound)
		}
		vars["buyer.name"], vars["shop.name"] = c.BuyerName, c.ShopName
		if len(VariablesIn(p.Text)) > 0 {
			b.orderVars(ctx, c, vars)
		}
	}
	text, missing := Render(p.Text, vars)
	if missing == nil {
		missing = []string{}
	}
	if err := b.d.Store.MarkPhraseUsed(ctx, id); err != nil {
		return Inserted{}, fmt.Errorf("engine: use quick phrase: %w", err)
	}
	return Inserted{PhraseID: id, Text: text, Missing: missing}, nil
}

// orderVars adds the order variables of the conversation's order (the
// order context of PickOrder, as assist uses it); it adds nothing when the
// order is not known for sure or cannot be read (the variables then stay
// for the agent to fill).
func (b *PhraseBook) orderVars(ctx context.Context, c Conversation, vars Vars) {
	if b.d.Orders == nil {
		return
	}
	buyer, err := b.d.Conversations.Buyer(ctx, c.BuyerID)
	if err != nil || buyer.ExternalID == "" {
		return
	}
	orders, err := b.d.Orders.BuyerOrders(ctx, c.ShopID, buyer.ExternalID)
	if err != nil {
		return
	}
	msgs, err := b.d.Conversations.Messages(ctx, c.ID)
	if err != nil {
		return
	}
	order := PickOrder(msgs, orders, b.d.Clock.Now())
	if order.Order == nil {
		return
	}
	locale := ""
	if b.d.Shops != nil {
		if sh, err := b.d.Shops.Shop(ctx, c.ShopID); err == nil {
			locale = sh.Locale
		}
	}
	for k, v := range OrderVars(*order.Order, locale) {
		vars[k] = v
	}
}

// orderStatusNames are the order statuses as a buyer reads them, by locale.
var orderStatusNames = map[string]map[OrderStatus]string{
	"zh-CN": {OrderUnpaid: "待付款", OrderPaid: "待发货", OrderOverdue: "待发货", OrderShipped: "已发货",
		OrderDelivered: "已签收", OrderAfterSales: "售后中"},
	"en": {OrderUnpaid: "awaiting payment", OrderPaid: "awaiting shipment", OrderOverdue: "awaiting shipment",
		OrderShipped: "shipped", OrderDelivered: "delivered", OrderAfterSales: "in after-sales"},
}

// OrderVars returns the order variables of an order as a buyer of a shop
// with locale reads them (zh-CN unless "en"); empty fields are left out.
// An overdue order reads as awaiting shipment: the buyer is not told the
// shop is late in those words.
func OrderVars(o Order, locale string) Vars {
	names := orderStatusNames["zh-CN"]
	if strings.HasPrefix(locale, "en") {
		names = orderStatusNames["en"]
	}
	v := Vars{
		"order.id": o.ID, "order.status": names[o.Status],
		"order.courier": o.Courier, "order.tracking_no": o.TrackingNo, "order.address": o.Address,
	}
	if o.AmountCents > 0 {
		amount := fmt.Sprintf("%d.%02d", o.AmountCents/100, o.AmountCents%100)
		if o.Currency == "" || o.Currency == "CNY" {
			v["order.amount"] = "¥" + amount
		} else {
			v["order.amount"] = o.Currency + " " + amount
		}
	}
	if !o.PromiseShipAt.IsZero() {
		v["order.promise_ship_at"] = o.PromiseShipAt.Local().Format("2006-01-02 15:04")
	}
	for k, s := range v {
		if s == "" {
			delete(v, k)
		}
	}
	return v
}

// SeedPhrases gives each shop the preset phrases of its locale the first
// time it is asked for that shop (see Phrases.SeedPhrases); presets returns
// them for a locale, nil when there are none. It returns how many phrases
// were stored in all.
func SeedPhrases(ctx context.Context, st Phrases, shops []Shop, presets func(locale string) []QuickPhrase, clock Clock) (int, error) {
	total := 0
	for _, sh := range shops {
		ps := slices.Clone(presets(sh.Locale))
		if len(ps) == 0 {
			continue
		}
		for i := range ps {
			ps[i] = NormalizePhrase(ps[i])
			if errs := ValidatePhrase(ps[i]); len(errs) > 0 {
				return total, fmt.Errorf("engine: preset phrase %d (%s): %w", i, sh.Locale, &PhraseError{Problems: errs})
			}
			ps[i].ShopID, ps[i].AgentID, ps[i].Personal = sh.ID, 0, false
		}
		n, err := st.SeedPhrases(ctx, sh.ID, ps, clock.Now())
		if err != nil {
			return total, fmt.Errorf("engine: seed quick phrases of shop %d: %w", sh.ID, err)
		}
		total += n
	}
	return total, nil
}
