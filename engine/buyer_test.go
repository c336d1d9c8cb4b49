package engine

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

// memBuyers is an in-memory Buyers for tests.
type memBuyers struct {
	profiles map[int64]BuyerProfile
	saved    int
}

var _ Buyers = (*memBuyers)(nil)

func (m *memBuyers) BuyerProfile(_ context.Context, id int64, max int) (BuyerProfile, error) {
	p, ok := m.profiles[id]
	if !ok {
		return BuyerProfile{}, ErrNotFound
	}
	if len(p.Orders) > max {
		p.Orders = p.Orders[:max]
	}
	return p, nil
}

func (m *memBuyers) UpdateBuyerNotes(_ context.Context, id int64, n BuyerNotes, _ time.Time) (Buyer, error) {
	p, ok := m.profiles[id]
	if !ok {
		return Buyer{}, ErrNotFound
	}
	p.Buyer.Tags, p.Buyer.Note, p.Buyer.FollowUp = n.Tags, n.Note, n.FollowUp
	m.profiles[id] = p
	m.saved++
	return p.Buyer, nil
}

// buyerRecorder is a recorder that is also told about buyers.
type buyerRecorder struct {
	*recorder
	changed []Buyer
}

func (r *buyerRecorder) BuyerChanged(b Buyer) { r.changed = append(r.changed, b) }

func newBuyerDesk(t *testing.T) (*Desk, *memBuyers, *buyerRecorder, int64) {
	t.Helper()
	convs := &memConversations{}
	rec := &buyerRecorder{recorder: &recorder{}}
	buyers := &memBuyers{profiles: map[int64]BuyerProfile{}}
	clock := &fakeClock{t: time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)}
	d := NewDesk(Deps{Conversations: convs, Entries: &memKB{}, Retriever: &memKB{}, Notifier: rec, Outbox: rec.recorder, Clock: clock, Buyers: buyers})
	c, _, err := d.ReceiveBuyerMessage(context.Background(), 1, "b1", "小王", "在吗")
	if err != nil {
		t.Fatal(err)
	}
	buyers.profiles[c.BuyerID] = BuyerProfile{Buyer: Buyer{ID: c.BuyerID, ShopID: 1, ExternalID: "b1", Name: "小王"}}
	return d, buyers, rec, c.ID
}

func TestCheckBuyerNotes_CV4_NormalisesTagsAndNote(t *testing.T) {
	n, err := CheckBuyerNotes(BuyerNotes{Tags: []string{" VIP ", "vip", "回头客", "VIP"}, Note: "  爱买红色\n尺码 L  ", FollowUp: true})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(n.Tags, []string{"VIP", "回头客"}) || n.Note != "爱买红色\n尺码 L" || !n.FollowUp {
		t.Fatalf("got %+v", n)
	}
	n, err = CheckBuyerNotes(BuyerNotes{})
	if err != nil || n.Tags == nil || len(n.Tags) != 0 || n.Note != "" {
		t.Fatalf("empty notes: %+v %v", n, err)
	}
	// Exactly at the limits is fine.
	tags := make([]string, MaxBuyerTags)
	for i := range tags {
		tags[i] = strings.Repeat("签", MaxBuyerTagRunes-2) + string(rune('a'+i)) + "!"
	}
	if _, err := CheckBuyerNotes(BuyerNotes{Tags: tags, Note: strings.Repeat("注", MaxBuyerNoteRunes)}); err != nil {
		t.Fatalf("at the limits: %v", err)
	}
}

func TestCheckBuyerNotes_CV4_RefusesBadInput(t *testing.T) {
	many := make([]string, MaxBuyerTags+1)
	for i := range many {
		many[i] = "t" + string(rune('a'+i))
	}
	cases := map[string]struct {
		n   BuyerNotes
		key string
	}{
		"too many tags":  {BuyerNotes{Tags: many}, "buyer_too_many_tags"},
		"empty tag":      {BuyerNotes{Tags: []string{"ok", "  "}}, "buyer_tag_empty"},
		"long tag":       {BuyerNotes{Tags: []string{strings.Repeat("长", MaxBuyerTagRunes+1)}}, "buyer_tag_too_long"},
		"tag control":    {BuyerNotes{Tags: []string{"a\nb"}}, "buyer_control_character"},
		"tag not utf-8":  {BuyerNotes{Tags: []string{"a\xff"}}, "buyer_not_utf8"},
		"note too long":  {BuyerNotes{Note: strings.Repeat("注", MaxBuyerNoteRunes+1)}, "buyer_note_too_long"},
		"note not utf-8": {BuyerNotes{Note: "\xc3\x28"}, "buyer_not_utf8"},
		"note control":   {BuyerNotes{Note: "bell\x07"}, "buyer_control_character"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := CheckBuyerNotes(tc.n)
			var ie *InputError
			if !errors.As(err, &ie) || ie.Key != tc.key {
				t.Fatalf("want %s, got %v", tc.key, err)
			}
		})
	}
}

func TestUpdateBuyer_CV4_SavesAndTellsTheWindow(t *testing.T) {
	d, _, rec, convID := newBuyerDesk(t)
	ctx := context.Background()
	p, err := d.BuyerProfile(ctx, convID)
	if err != nil || p.Buyer.ExternalID != "b1" {
		t.Fatalf("profile: %+v %v", p, err)
	}
	b, err := d.UpdateBuyer(ctx, p.Buyer.ID, BuyerNotes{Tags: []string{"VIP"}, Note: "老客户", FollowUp: true})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(b.Tags, []string{"VIP"}) || b.Note != "老客户" || !b.FollowUp {
		t.Fatalf("saved %+v", b)
	}
	if len(rec.changed) != 1 || rec.changed[0].ID != b.ID {
		t.Fatalf("window not told: %+v", rec.changed)
	}
	p, _ = d.BuyerProfile(ctx, convID)
	if p.Buyer.Note != "老客户" {
		t.Fatalf("profile after save: %+v", p.Buyer)
	}
}

func TestUpdateBuyer_CV4_BadNotesChangeNothing(t *testing.T) {
	d, buyers, rec, convID := newBuyerDesk(t)
	ctx := context.Background()
	p, _ := d.BuyerProfile(ctx, convID)
	_, err := d.UpdateBuyer(ctx, p.Buyer.ID, BuyerNotes{Note: strings.Repeat("x", MaxBuyerNoteRunes+1)})
	var ie *InputError
	if !errors.As(err, &ie) || ie.Key != "buyer_note_too_long" {
		t.Fatalf("got %v", err)
	}
	if buyers.saved != 0 || len(rec.changed) != 0 {
		t.Fatal("bad notes were saved")
	}
}

func TestBuyerProfile_CV4_UnknownConversationOrBuyer(t *testing.T) {
	d, _, _, _ := newBuyerDesk(t)
	ctx := context.Background()
	if _, err := d.BuyerProfile(ctx, 999); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown conversation: %v", err)
	}
	if _, err := d.UpdateBuyer(ctx, 999, BuyerNotes{}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown buyer: %v", err)
	}
	bare := NewDesk(Deps{Conversations: &memConversations{}, Notifier: &recorder{}, Clock: &fakeClock{}})
	if _, err := bare.UpdateBuyer(ctx, 1, BuyerNotes{}); err == nil {
		t.Fatal("a desk without buyers saved notes")
	}
}
