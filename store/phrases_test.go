package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"replydesk/engine"
	"replydesk/preset"
)

func TestQuickPhrases_CV3_StoreRoundTrip(t *testing.T) {
	s, path := openTest(t)
	ctx := context.Background()
	shop, err := s.CreateShop(ctx, engine.Shop{Name: "店", Locale: "zh-CN"})
	if err != nil {
		t.Fatal(err)
	}
	other, _ := s.CreateShop(ctx, engine.Shop{Name: "别的店", Locale: "en"})
	at := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	save := func(p engine.QuickPhrase) engine.QuickPhrase {
		t.Helper()
		got, err := s.SavePhrase(ctx, p, at)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	b := save(engine.QuickPhrase{ShopID: shop.ID, Group: "物流", Text: "已发货\n请留意", Sort: 1})
	a := save(engine.QuickPhrase{ShopID: shop.ID, Group: "问候", Text: "您好 {buyer.name}"})
	mine := save(engine.QuickPhrase{ShopID: shop.ID, AgentID: 7, Group: "问候", Text: "我的", Sort: 5})
	save(engine.QuickPhrase{ShopID: shop.ID, AgentID: 8, Text: "别人的"})
	save(engine.QuickPhrase{ShopID: other.ID, Text: "other shop"})

	list, err := s.Phrases(ctx, shop.ID, 7)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, p := range list {
		ids = append(ids, p.ID)
	}
	// By sort, then ID.
	if want := []int64{a.ID, b.ID, mine.ID}; len(ids) != 3 || ids[0] != want[0] || ids[1] != want[1] || ids[2] != want[2] {
		t.Errorf("agent 7 sees %v, want %v", ids, want)
	}
	if !list[2].Personal || list[2].AgentID != 7 || list[1].Text != "已发货\n请留意" || !list[1].CreatedAt.Equal(at) {
		t.Errorf("round trip: %+v", list)
	}

	if err := s.MarkPhraseUsed(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	later := at.Add(time.Hour)
	edited, err := s.SavePhrase(ctx, engine.QuickPhrase{ID: a.ID, ShopID: shop.ID, Group: "开场", Text: "您好呀"}, later)
	if err != nil {
		t.Fatal(err)
	}
	if edited.Text != "您好呀" || edited.Group != "开场" || edited.Uses != 1 || !edited.UpdatedAt.Equal(later) || !edited.CreatedAt.Equal(at) {
		t.Errorf("edited = %+v", edited)
	}
	if _, err := s.SavePhrase(ctx, engine.QuickPhrase{ID: 9999, ShopID: shop.ID, Text: "x"}, later); !errors.Is(err, ErrNotFound) {
		t.Errorf("save unknown: %v", err)
	}
	if err := s.MarkPhraseUsed(ctx, 9999); !errors.Is(err, ErrNotFound) {
		t.Errorf("use unknown: %v", err)
	}
	if err := s.DeletePhrase(ctx, mine.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeletePhrase(ctx, mine.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("delete twice: %v", err)
	}
	if _, err := s.Phrase(ctx, mine.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleted phrase: %v", err)
	}

	// Kept across a restart.
	s.Close()
	s2, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if got, err := s2.Phrase(ctx, a.ID); err != nil || got.Text != "您好呀" || got.Uses != 1 {
		t.Errorf("after restart: %+v, %v", got, err)
	}
}

func TestQuickPhrases_CV3_PresetsSeededOncePerShop(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	zh, _ := s.CreateShop(ctx, engine.Shop{Name: "店", Locale: "zh-CN"})
	en, _ := s.CreateShop(ctx, engine.Shop{Name: "Shop", Locale: "en"})
	own, _ := s.CreateShop(ctx, engine.Shop{Name: "有自己常用语的店", Locale: "zh-CN"})
	if _, err := s.SavePhrase(ctx, engine.QuickPhrase{ShopID: own.ID, Text: "自己的"}, time.Now()); err != nil {
		t.Fatal(err)
	}
	shops, _ := s.Shops(ctx)
	clock := engine.SystemClock{}
	n, err := engine.SeedPhrases(ctx, s, shops, preset.Phrases, clock)
	if err != nil {
		t.Fatal(err)
	}
	want := len(preset.Phrases("zh-CN")) + len(preset.Phrases("en"))
	if n != want || want < 12 {
		t.Errorf("seeded %d phrases, want %d (6–10 per locale)", n, want)
	}
	zhList, _ := s.Phrases(ctx, zh.ID, 1)
	enList, _ := s.Phrases(ctx, en.ID, 1)
	ownList, _ := s.Phrases(ctx, own.ID, 1)
	if len(zhList) != len(preset.Phrases("zh-CN")) || len(enList) != len(preset.Phrases("en")) || len(ownList) != 1 {
		t.Errorf("zh %d, en %d, own %d phrases", len(zhList), len(enList), len(ownList))
	}
	for _, p := range zhList {
		if p.AgentID != 0 || p.Group == "" {
			t.Errorf("preset phrase %+v is not shop-wide and grouped", p)
		}
	}
	// Idempotent, and a shop whose presets were deleted does not get them back.
	for _, p := range zhList {
		if err := s.DeletePhrase(ctx, p.ID); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := engine.SeedPhrases(ctx, s, shops, preset.Phrases, clock); err != nil || n != 0 {
		t.Errorf("second seed: %d, %v", n, err)
	}
	if list, err := s.Phrases(ctx, zh.ID, 1); err != nil || len(list) != 0 {
		t.Errorf("deleted presets came back: %d, %v", len(list), err)
	}
}
