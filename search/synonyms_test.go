package search

import (
	"context"
	"testing"
)

func TestSetSynonyms(t *testing.T) {
	ctx := context.Background()
	kb := docs{
		{EntryID: 1, ShopID: shopA, Enabled: true, Question: "顺丰多久到"},
		{EntryID: 2, ShopID: shopA, Enabled: true, Question: "支持花呗吗"},
		{EntryID: 3, ShopID: shopA, Enabled: true, Question: "怎么退款"},
		{EntryID: 11, ShopID: shopB, Enabled: true, Question: "顺丰多久到"},
		{EntryID: 12, ShopID: shopB, Enabled: true, Question: "支持花呗吗"},
	}
	ix := openKB(t, kb)
	search := func(shop int64, text string) int {
		t.Helper()
		hits, err := ix.Search(ctx, shop, text, 3)
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) == 0 {
			return 0
		}
		return int(hits[0].EntryID)
	}
	// queries that share no character and no word with the entries
	queries := []struct {
		text       string
		shopA      int // first hit once shop A has its synonyms
		wantShopB  int // first hit in shop B, which has none
		beforeShop int // first hit in shop A before
	}{
		{"SF", 1, 0, 0},
		{"走sf", 1, 0, 0},
		{"能蚂蚁分期吗", 2, 0, 0},
		{"退钱", 3, 0, 3}, // a built-in synonym: found without the shop's
	}
	for _, q := range queries {
		if got := search(shopA, q.text); got != q.beforeShop {
			t.Errorf("before: %q found %d, want %d", q.text, got, q.beforeShop)
		}
	}
	ix.SetSynonyms(shopA, [][]string{{"顺丰", "SF", "顺丰快递"}, {"花呗", "蚂蚁分期"}, {"?", "！"}, {"only"}})
	for _, q := range queries {
		if got := search(shopA, q.text); got != q.shopA {
			t.Errorf("shop A: %q found %d, want %d", q.text, got, q.shopA)
		}
		if got := search(shopB, q.text); got != q.wantShopB {
			t.Errorf("shop B: %q found %d, want %d", q.text, got, q.wantShopB)
		}
	}
	// The word itself still scores above its synonym.
	hits, _ := ix.Search(ctx, shopA, "顺丰多久到", 1)
	hitsSyn, _ := ix.Search(ctx, shopA, "SF多久到", 1)
	if len(hits) == 0 || len(hitsSyn) == 0 || hits[0].Confidence <= hitsSyn[0].Confidence {
		t.Errorf("exact %v, synonym %v", hits, hitsSyn)
	}
	if hits[0].Confidence < 0.99 {
		t.Errorf("exact question with synonyms set: confidence %v", hits[0].Confidence)
	}

	// Replacing and clearing.
	ix.SetSynonyms(shopA, [][]string{{"花呗", "蚂蚁分期"}})
	if got := search(shopA, "SF"); got != 0 {
		t.Errorf("replaced groups still used: SF found %d", got)
	}
	ix.SetSynonyms(shopA, nil)
	if got := search(shopA, "能蚂蚁分期吗"); got != 0 {
		t.Errorf("cleared groups still used: found %d", got)
	}
}
