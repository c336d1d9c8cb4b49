package engine

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// memPhrases is an in-memory Phrases for tests.
type memPhrases struct {
	mu      sync.Mutex
	ps      []QuickPhrase
	nextID  int64
	seeded  map[int64]bool
	listAll bool // misbehave: list every agent's phrases
}

var _ Phrases = (*memPhrases)(nil)

func (m *memPhrases) Phrases(_ context.Context, shopID, agentID int64) ([]QuickPhrase, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []QuickPhrase
	for _, p := range m.ps {
		if p.ShopID == shopID && (m.listAll || p.AgentID == 0 || p.AgentID == agentID) {
			out = append(out, p)
		}
	}
	return out, nil
}

func (m *memPhrases) Phrase(_ context.Context, id int64) (QuickPhrase, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, p := range m.ps {
		if p.ID == id {
			return p, nil
		}
	}
	return QuickPhrase{}, ErrNotFound
}

func (m *memPhrases) SavePhrase(_ context.Context, p QuickPhrase, at time.Time) (QuickPhrase, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	p.Personal = false
	if p.ID == 0 {
		m.nextID++
		p.ID, p.CreatedAt, p.UpdatedAt, p.Uses = m.nextID, at, at, 0
		m.ps = append(m.ps, p)
		return p, nil
	}
	for i, o := range m.ps {
		if o.ID == p.ID {
			p.CreatedAt, p.UpdatedAt, p.Uses = o.CreatedAt, at, o.Uses
			m.ps[i] = p
			return p, nil
		}
	}
	return QuickPhrase{}, ErrNotFound
}

func (m *memPhrases) DeletePhrase(_ context.Context, id int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, p := range m.ps {
		if p.ID == id {
			m.ps = slices.Delete(m.ps, i, i+1)
			return nil
		}
	}
	return ErrNotFound
}

func (m *memPhrases) MarkPhraseUsed(_ context.Context, id int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, p := range m.ps {
		if p.ID == id {
			m.ps[i].Uses++
			return nil
		}
	}
	return ErrNotFound
}

func (m *memPhrases) SeedPhrases(_ context.Context, shopID int64, ps []QuickPhrase, at time.Time) (int, error) {
	m.mu.Lock()
	if m.seeded == nil {
		m.seeded = map[int64]bool{}
	}
	if m.seeded[shopID] {
		m.mu.Unlock()
		return 0, nil
	}
	m.seeded[shopID] = true
	for _, p := range m.ps {
		if p.ShopID == shopID {
			m.mu.Unlock()
			return 0, nil
		}
	}
	m.mu.Unlock()
	for _, p := range ps {
		if _, err := m.SavePhrase(context.Background(), p, at); err != nil {
			return 0, err
		}
	}
	return len(ps), nil
}

type phraseOrders map[string][]Order

func (m phraseOrders) BuyerOrders(_ context.Context, shopID int64, externalID string) ([]Order, error) {
	return m[externalID], nil
}

var (
	phOwner = Agent{ID: 1, Name: "小王", Role: RoleOwner}
	phAgent = Agent{ID: 2, Name: "小李", Role: RoleAgent}
	phOther = Agent{ID: 3, Name: "小张", Role: RoleAgent}
)

type phraseRig struct {
	book   *PhraseBook
	store  *memPhrases
	convs  *memConversations
	orders phraseOrders
	clock  *fakeClock
}

func newPhraseRig(t *testing.T) *phraseRig {
	t.Helper()
	r := &phraseRig{store: &memPhrases{}, convs: &memConversations{}, orders: phraseOrders{},
		clock: &fakeClock{t: time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)}}
	r.book = NewPhraseBook(PhraseDeps{Store: r.store, Conversations: r.convs, Orders: r.orders, Clock: r.clock})
	return r
}

// conversation opens a conversation of shop 1 for buyer b and names the shop.
func (r *phraseRig) conversation(t *testing.T, buyer string) Conversation {
	t.Helper()
	rec, err := r.convs.AddBuyerMessage(context.Background(), BuyerMessage{ShopID: 1, BuyerExternalID: buyer, BuyerName: buyer, Text: "在吗", At: r.clock.Now()})
	if err != nil {
		t.Fatal(err)
	}
	r.convs.mu.Lock()
	defer r.convs.mu.Unlock()
	for i := range r.convs.convs {
		if r.convs.convs[i].ID == rec.Conversation.ID {
			r.convs.convs[i].ShopName = "回复台演示店"
			return r.convs.convs[i]
		}
	}
	t.Fatal("conversation not stored")
	return Conversation{}
}

func (r *phraseRig) save(t *testing.T, me Agent, p QuickPhrase) QuickPhrase {
	t.Helper()
	saved, err := r.book.Save(context.Background(), me, p)
	if err != nil {
		t.Fatalf("save %q: %v", p.Text, err)
	}
	return saved
}

func phraseKeys(err error) []string {
	var pe *PhraseError
	if !errors.As(err, &pe) {
		return nil
	}
	var keys []string
	for _, p := range pe.Problems {
		keys = append(keys, p.Key)
	}
	return keys
}

func TestQuickPhrases_CV3_BadPhrasesAreRefusedAndChangeNothing(t *testing.T) {
	r := newPhraseRig(t)
	cases := map[string]struct {
		p   QuickPhrase
		key string
	}{
		"empty":             {QuickPhrase{ShopID: 1, Text: "  \n "}, "phrase_text_missing"},
		"too long":          {QuickPhrase{ShopID: 1, Text: strings.Repeat("好", MaxPhraseRunes+1)}, "phrase_too_long"},
		"group too long":    {QuickPhrase{ShopID: 1, Text: "好的", Group: strings.Repeat("组", MaxPhraseGroupRunes+1)}, "phrase_too_long"},
		"invalid UTF-8":     {QuickPhrase{ShopID: 1, Text: "好\xff"}, "phrase_not_utf8"},
		"control character": {QuickPhrase{ShopID: 1, Text: "好\x07的"}, "phrase_control_character"},
		"tab in group":      {QuickPhrase{ShopID: 1, Text: "好的", Group: "a\tb"}, "phrase_control_character"},
		"unknown variable":  {QuickPhrase{ShopID: 1, Text: "您好 {buyer.nickname}"}, "phrase_unknown_variable"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := r.book.Save(context.Background(), phOwner, c.p)
			if keys := phraseKeys(err); !slices.Contains(keys, c.key) {
				t.Fatalf("err = %v (keys %v), want %s", err, keys, c.key)
			}
		})
	}
	if _, err := r.book.Save(context.Background(), phOwner, QuickPhrase{Text: "no shop"}); err == nil {
		t.Error("a phrase without a shop was saved")
	}
	if len(r.store.ps) != 0 {
		t.Errorf("bad phrases stored: %v", r.store.ps)
	}
	// Exactly at the limits, with new lines, it is fine.
	ok := QuickPhrase{ShopID: 1, Text: strings.Repeat("好", MaxPhraseRunes-2) + "\r\n好", Group: strings.Repeat("组", MaxPhraseGroupRunes)}
	saved := r.save(t, phOwner, ok)
	if !strings.Contains(saved.Text, "\n") || strings.Contains(saved.Text, "\r") {
		t.Errorf("new line not kept as \\n: %q", saved.Text[len(saved.Text)-8:])
	}
}

func TestQuickPhrases_CV3_ShopWideAndPersonal(t *testing.T) {
	r := newPhraseRig(t)
	ctx := context.Background()
	shop := r.save(t, phOwner, QuickPhrase{ShopID: 1, Group: " 问候 ", Text: " 您好 "})
	mine := r.save(t, phAgent, QuickPhrase{ShopID: 1, Group: "我的", Text: "稍等哦", Personal: true})
	theirs := r.save(t, phOther, QuickPhrase{ShopID: 1, Text: "别人的", Personal: true})
	r.save(t, phOwner, QuickPhrase{ShopID: 2, Text: "另一家店"})
	if shop.Group != "问候" || shop.Text != "您好" || shop.Personal || shop.AgentID != 0 {
		t.Errorf("shop-wide phrase = %+v", shop)
	}
	if !mine.Personal || mine.AgentID != phAgent.ID {
		t.Errorf("personal phrase = %+v", mine)
	}

	r.store.listAll = true // even a store that lists too much shows nobody another's phrases
	got, err := r.book.List(ctx, phAgent, 1)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, p := range got {
		texts = append(texts, p.Text)
	}
	if !slices.Equal(texts, []string{"您好", "稍等哦"}) {
		t.Errorf("phAgent sees %q, want the shop's and its own", texts)
	}

	// Another phAgent's phrase can be neither edited, deleted nor used.
	if _, err := r.book.Save(ctx, phAgent, QuickPhrase{ID: theirs.ID, Text: "偷改", Personal: true}); !errors.Is(err, ErrNotFound) {
		t.Errorf("editing another's phrase: %v, want not found", err)
	}
	if err := r.book.Delete(ctx, phAgent, theirs.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleting another's phrase: %v, want not found", err)
	}
	if _, err := r.book.Use(ctx, phAgent, theirs.ID, 0); !errors.Is(err, ErrNotFound) {
		t.Errorf("using another's phrase: %v, want not found", err)
	}
	// An phAgent who is not an phOwner cannot change the shop's phrases.
	if _, err := r.book.Save(ctx, phAgent, QuickPhrase{ShopID: 1, Text: "全店"}); !errors.Is(err, ErrOwnerOnly) {
		t.Errorf("phAgent creating a shop-wide phrase: %v, want ErrOwnerOnly", err)
	}
	if _, err := r.book.Save(ctx, phAgent, QuickPhrase{ID: shop.ID, Text: "改"}); !errors.Is(err, ErrOwnerOnly) {
		t.Errorf("phAgent editing a shop-wide phrase: %v, want ErrOwnerOnly", err)
	}
	if _, err := r.book.Save(ctx, phAgent, QuickPhrase{ID: mine.ID, Text: "变成全店的"}); !errors.Is(err, ErrOwnerOnly) {
		t.Errorf("phAgent making its phrase shop-wide: %v, want ErrOwnerOnly", err)
	}
	if err := r.book.Delete(ctx, phAgent, shop.ID); !errors.Is(err, ErrOwnerOnly) {
		t.Errorf("phAgent deleting a shop-wide phrase: %v, want ErrOwnerOnly", err)
	}
	if p, _ := r.store.Phrase(ctx, shop.ID); p.Text != "您好" {
		t.Errorf("refused edits changed the phrase: %+v", p)
	}
	// Its own it may edit (the shop stays) and delete.
	edited, err := r.book.Save(ctx, phAgent, QuickPhrase{ID: mine.ID, ShopID: 2, Group: "常用", Text: "请稍等", Personal: true})
	if err != nil || edited.Text != "请稍等" || edited.ShopID != 1 || edited.Group != "常用" {
		t.Errorf("edit own phrase = %+v, %v", edited, err)
	}
	if err := r.book.Delete(ctx, phAgent, mine.ID); err != nil {
		t.Errorf("delete own phrase: %v", err)
	}
	if err := r.book.Delete(ctx, phOwner, shop.ID); err != nil {
		t.Errorf("phOwner deletes a shop-wide phrase: %v", err)
	}
}

func TestQuickPhrases_CV3_UseFillsVariablesFromTheConversation(t *testing.T) {
	r := newPhraseRig(t)
	ctx := context.Background()
	c := r.conversation(t, "王小姐")
	p := r.save(t, phOwner, QuickPhrase{ShopID: 1, Text: "{buyer.name}您好，欢迎光临{shop.name}，我是{agent.name}"})
	in, err := r.book.Use(ctx, phAgent, p.ID, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if in.Text != "王小姐您好，欢迎光临回复台演示店，我是小李" || len(in.Missing) != 0 {
		t.Errorf("rendered %q missing %v", in.Text, in.Missing)
	}
	if got, _ := r.store.Phrase(ctx, p.ID); got.Uses != 1 {
		t.Errorf("uses = %d, want 1", got.Uses)
	}

	// Order variables: left for the phAgent while the order is not known for sure.
	ship := r.save(t, phOwner, QuickPhrase{ShopID: 1, Text: "您的订单{order.id}已发货，单号{order.tracking_no}"})
	in, err = r.book.Use(ctx, phAgent, ship.ID, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if in.Text != ship.Text || !slices.Equal(in.Missing, []string{"order.id", "order.tracking_no"}) {
		t.Errorf("no order: %q missing %v", in.Text, in.Missing)
	}
	// The backstop: such a text is never sent as it is.
	if err := checkFilled(in.Text); err == nil {
		t.Error("a text with unfilled variables passes checkFilled")
	}
	r.orders["王小姐"] = []Order{{ID: "A100", Status: OrderShipped, Courier: "顺丰", TrackingNo: "SF123", AmountCents: 12345}}
	in, _ = r.book.Use(ctx, phAgent, ship.ID, c.ID)
	if in.Text != "您的订单A100已发货，单号SF123" || len(in.Missing) != 0 {
		t.Errorf("one order: %q missing %v", in.Text, in.Missing)
	}
	r.orders["王小姐"] = append(r.orders["王小姐"], Order{ID: "A101", Status: OrderPaid})
	in, _ = r.book.Use(ctx, phAgent, ship.ID, c.ID)
	if len(in.Missing) != 2 {
		t.Errorf("two orders: %q missing %v, want the order left to the phAgent", in.Text, in.Missing)
	}

	// A phrase of another shop is not offered for this conversation.
	elsewhere := r.save(t, phOwner, QuickPhrase{ShopID: 2, Text: "别家"})
	if _, err := r.book.Use(ctx, phAgent, elsewhere.ID, c.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("another shop's phrase: %v, want not found", err)
	}
}

func TestQuickPhrases_CV3_OrderVars(t *testing.T) {
	o := Order{ID: "A1", Status: OrderOverdue, AmountCents: 9905, Currency: "USD",
		PromiseShipAt: time.Date(2026, 11, 22, 12, 0, 0, 0, time.Local)}
	v := OrderVars(o, "en")
	if v["order.amount"] != "USD 99.05" || v["order.status"] != "awaiting shipment" || v["order.promise_ship_at"] != "2026-11-22 12:00" {
		t.Errorf("en vars = %v", v)
	}
	if _, ok := v["order.courier"]; ok {
		t.Error("an empty courier is given a value")
	}
	o.Currency = ""
	if v := OrderVars(o, "zh-CN"); v["order.amount"] != "¥99.05" || v["order.status"] != "待发货" {
		t.Errorf("zh vars = %v", v)
	}
}

func TestQuickPhrases_CV3_SeedOncePerShop(t *testing.T) {
	r := newPhraseRig(t)
	ctx := context.Background()
	shops := []Shop{{ID: 1, Locale: "zh-CN"}, {ID: 2, Locale: "en"}, {ID: 3, Locale: "fr"}}
	presets := func(locale string) []QuickPhrase {
		switch locale {
		case "zh-CN":
			return []QuickPhrase{{Group: "问候", Text: "您好 {buyer.name}"}, {Group: "物流", Text: "已发货"}}
		case "en":
			return []QuickPhrase{{Group: "Greeting", Text: "Hi"}}
		}
		return nil
	}
	n, err := SeedPhrases(ctx, r.store, shops, presets, r.clock)
	if err != nil || n != 3 {
		t.Fatalf("first seed: %d, %v; want 3", n, err)
	}
	if n, err := SeedPhrases(ctx, r.store, shops, presets, r.clock); err != nil || n != 0 {
		t.Errorf("second seed stored %d, %v", n, err)
	}
	ps, _ := r.book.List(ctx, phOwner, 1)
	if len(ps) != 2 || ps[0].Personal {
		t.Errorf("seeded shop 1: %+v", ps)
	}
	bad := func(string) []QuickPhrase { return []QuickPhrase{{Text: "{nope.x}"}} }
	if _, err := SeedPhrases(ctx, r.store, []Shop{{ID: 9}}, bad, r.clock); err == nil {
		t.Error("a bad preset was seeded")
	}
}
