package engine

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func newTestDesk() (*Desk, *memConversations, *recorder, *fakeClock) {
	convs := &memConversations{}
	kb := &memKB{
		entries: []Entry{
			{ID: 1, ShopID: 1, Question: "什么时候发货", Similar: []string{"发货"}, Answers: []Answer{{Text: "48小时内发货"}}, Intent: "ship_time", Category: "order", Enabled: true},
			{ID: 2, ShopID: 1, Question: "包邮吗", Answers: []Answer{{Text: "全国包邮"}}, Intent: "free_shipping", Enabled: true},
			{ID: 3, ShopID: 1, Question: "快递", Answers: []Answer{{Text: "默认中通"}}, Intent: "courier_choice", Enabled: true},
			{ID: 4, ShopID: 1, Question: "发票", Answers: []Answer{{Text: "可以开"}}, Intent: "invoice", Enabled: false},
			{ID: 5, ShopID: 2, Question: "发货", Answers: []Answer{{Text: "other shop"}}, Intent: "ship_time", Enabled: true},
			{ID: 6, ShopID: 1, Question: "物流", Answers: []Answer{{Text: "查物流"}}, Intent: "logistics_track", Enabled: true},
			{ID: 7, ShopID: 1, Question: "到哪", Answers: []Answer{{Text: "在路上"}}, Intent: "logistics_track", Enabled: true},
		},
		confidence: map[int64]float64{1: 0.9, 2: 0.3, 3: 0.6, 4: 0.95, 5: 0.99, 6: 0.2, 7: 0.1},
	}
	rec := &recorder{}
	clock := &fakeClock{t: time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)}
	d := NewDesk(Deps{Conversations: convs, Agents: convs, Entries: kb, Retriever: kb, Notifier: rec, Outbox: rec, Clock: clock, AutoThreshold: 0.5})
	return d, convs, rec, clock
}

func TestReceiveBuyerMessageStoresAndNotifies_CV7(t *testing.T) {
	d, convs, rec, clock := newTestDesk()
	ctx := context.Background()
	c, m, err := d.ReceiveBuyerMessage(ctx, 1, "b1", "小王", "什么时候发货 😀")
	if err != nil {
		t.Fatal(err)
	}
	if c.Unread != 1 || m.Sender != SenderBuyer || !m.CreatedAt.Equal(clock.t) {
		t.Fatalf("got conversation %+v message %+v", c, m)
	}
	if len(rec.added) != 1 || rec.added[0].Text != "什么时候发货 😀" {
		t.Fatalf("window not told: %+v", rec.added)
	}
	// A second message goes into the same open conversation.
	c2, _, err := d.ReceiveBuyerMessage(ctx, 1, "b1", "小王", "在吗")
	if err != nil || c2.ID != c.ID || c2.Unread != 2 {
		t.Fatalf("second message: %+v %v", c2, err)
	}
	if len(convs.convs) != 1 {
		t.Fatalf("want one conversation, got %d", len(convs.convs))
	}
}

func TestBadBuyerMessageIsRefusedAndNotStored(t *testing.T) {
	cases := map[string]struct{ text, key string }{
		"empty":      {"", "message_empty"},
		"blank":      {" \n\t ", "message_empty"},
		"too long":   {strings.Repeat("好", MaxMessageRunes+1), "message_too_long"},
		"not utf-8":  {"abc\xff\xfe", "message_not_utf8"},
		"lone cont.": {"\x80", "message_not_utf8"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			d, convs, rec, _ := newTestDesk()
			_, _, err := d.ReceiveBuyerMessage(context.Background(), 1, "b1", "x", tc.text)
			var ie *InputError
			if !errors.As(err, &ie) || ie.Key != tc.key {
				t.Fatalf("want InputError %s, got %v", tc.key, err)
			}
			if len(convs.msgs) != 0 || len(rec.added) != 0 {
				t.Fatal("a refused message was stored or shown")
			}
		})
	}
	// Exactly the limit is accepted, counted in characters, not bytes.
	d, _, _, _ := newTestDesk()
	if _, _, err := d.ReceiveBuyerMessage(context.Background(), 1, "b1", "x", strings.Repeat("好", MaxMessageRunes)); err != nil {
		t.Fatalf("4000 characters refused: %v", err)
	}
}

func TestSuggestShowsIntentAndTopThree_AS2(t *testing.T) {
	d, _, _, _ := newTestDesk()
	ctx := context.Background()
	c, m, _ := d.ReceiveBuyerMessage(ctx, 1, "b1", "小王", "什么时候发货啊,包邮吗,什么快递,发票呢,物流到哪")
	a, err := d.Suggest(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if a.MessageID != m.ID || a.Intent != "ship_time" {
		t.Fatalf("intent: %+v", a)
	}
	var got []int64
	for _, s := range a.Suggestions {
		got = append(got, s.EntryID)
	}
	// Best first; the disabled entry (4) and the other shop's (5) are never offered; at most 3.
	want := []int64{1, 3, 2}
	if len(got) != len(want) {
		t.Fatalf("suggestions %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("suggestions %v, want %v", got, want)
		}
	}
	if a.Suggestions[0].Answer != "48小时内发货" || a.Suggestions[0].Confidence != 0.9 {
		t.Fatalf("first suggestion %+v", a.Suggestions[0])
	}
}

func TestSuggestWithoutConfidentMatchNamesNoIntent_AS2(t *testing.T) {
	d, _, _, _ := newTestDesk()
	ctx := context.Background()
	c, _, _ := d.ReceiveBuyerMessage(ctx, 1, "b1", "", "包邮吗")
	a, err := d.Suggest(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if a.Intent != "" || len(a.Suggestions) != 1 {
		t.Fatalf("a low-confidence match must not name the intent: %+v", a)
	}
	c2, _, _ := d.ReceiveBuyerMessage(ctx, 1, "b2", "", "你们老板是谁")
	a2, err := d.Suggest(ctx, c2.ID)
	if err != nil || a2.Intent != "" || len(a2.Suggestions) != 0 {
		t.Fatalf("no match: %+v %v", a2, err)
	}
}

func TestSuggestAnswersTheLatestBuyerMessage(t *testing.T) {
	d, _, _, _ := newTestDesk()
	ctx := context.Background()
	c, _, _ := d.ReceiveBuyerMessage(ctx, 1, "b1", "", "包邮吗")
	d.ReceiveBuyerMessage(ctx, 1, "b1", "", "什么时候发货")
	if _, err := d.SendReply(ctx, c.ID, "稍等", 0); err != nil {
		t.Fatal(err)
	}
	a, _ := d.Suggest(ctx, c.ID)
	if a.Query != "什么时候发货" || a.Intent != "ship_time" {
		t.Fatalf("%+v", a)
	}
}

func TestSendReplyStoresDeliversAndNotifies_AS3(t *testing.T) {
	d, convs, rec, _ := newTestDesk()
	ctx := context.Background()
	c, _, _ := d.ReceiveBuyerMessage(ctx, 1, "b1", "", "什么时候发货")
	m, err := d.SendReply(ctx, c.ID, "48小时内发货", 1)
	if err != nil {
		t.Fatal(err)
	}
	if m.Sender != SenderAgent || m.EntryID != 1 {
		t.Fatalf("%+v", m)
	}
	if len(rec.delivered) != 1 || rec.delivered[0].ID != m.ID {
		t.Fatalf("not delivered to the buyer: %+v", rec.delivered)
	}
	if len(rec.added) != 2 {
		t.Fatalf("window not told: %+v", rec.added)
	}
	if _, err := d.SendReply(ctx, c.ID, "  ", 0); err == nil {
		t.Fatal("an empty reply was sent")
	}
	if _, err := d.SendReply(ctx, 999, "hi", 0); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown conversation: %v", err)
	}
	if len(convs.msgs) != 2 || len(rec.delivered) != 1 {
		t.Fatal("a refused reply was stored or delivered")
	}
}

func TestOpenMarksRead(t *testing.T) {
	d, _, rec, _ := newTestDesk()
	ctx := context.Background()
	c, _, _ := d.ReceiveBuyerMessage(ctx, 1, "b1", "", "在吗")
	opened, msgs, err := d.Open(ctx, c.ID)
	if err != nil || opened.Unread != 0 || len(msgs) != 1 {
		t.Fatalf("%+v %v %v", opened, msgs, err)
	}
	if len(rec.changed) != 1 || rec.changed[0].Unread != 0 {
		t.Fatalf("window not told the conversation was read: %+v", rec.changed)
	}
	if _, _, err := d.Open(ctx, 42); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown conversation: %v", err)
	}
}

func TestKB2_SuggestionFillsVariablesOrFallsBack(t *testing.T) {
	d, _, _, _ := newTestDesk()
	kb := d.entries.(*memKB)
	kb.entries[0].Answers = []Answer{
		{Text: "{buyer.name},您的订单 {order.id} 会在 {order.promise_ship_at} 前发出"},
		{Text: "{buyer.name}亲,付款后 48 小时内发货"},
		{Text: "已发货啦", When: []OrderStatus{OrderShipped}},
	}
	kb.entries[1].Answers = []Answer{{Text: "订单 {order.id} 包邮"}}
	ctx := context.Background()
	c, _, _ := d.ReceiveBuyerMessage(ctx, 1, "b1", "小王", "什么时候发货")
	a, err := d.Suggest(ctx, c.ID)
	if err != nil || len(a.Suggestions) == 0 {
		t.Fatalf("%+v %v", a, err)
	}
	if s := a.Suggestions[0]; s.Answer != "小王亲,付款后 48 小时内发货" || len(s.Missing) != 0 {
		t.Errorf("the first answer lacks order facts, so the second is recommended: %+v", s)
	}
	d.ReceiveBuyerMessage(ctx, 1, "b1", "小王", "包邮吗")
	a, err = d.Suggest(ctx, c.ID)
	i := slices.IndexFunc(a.Suggestions, func(s Suggestion) bool { return s.EntryID == 2 })
	if err != nil || i < 0 {
		t.Fatalf("entry 2 is not suggested: %+v %v", a, err)
	}
	if s := a.Suggestions[i]; len(s.Missing) != 1 || s.Missing[0] != "order.id" {
		t.Errorf("an answer whose variable has no value is flagged: %+v", s)
	}
}

func TestKB2_AReplyWithAnUnfilledVariableIsNotSent(t *testing.T) {
	d, convs, rec, _ := newTestDesk()
	ctx := context.Background()
	c, _, _ := d.ReceiveBuyerMessage(ctx, 1, "b1", "小王", "什么时候发货")
	_, err := d.SendReply(ctx, c.ID, "您的订单 {order.id} 已发货", 1)
	var ie *InputError
	if !errors.As(err, &ie) || ie.Key != "message_unfilled_variable" {
		t.Fatalf("err = %v", err)
	}
	if len(convs.msgs) != 1 || len(rec.delivered) != 0 {
		t.Fatal("the reply was stored or delivered")
	}
	if _, err := d.SendReply(ctx, c.ID, "价格 {见详情页}", 0); err != nil {
		t.Errorf("braces that are no variable are plain text: %v", err)
	}
}
