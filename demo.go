package main

import (
	"context"
	"fmt"

	"replydesk/engine"
	"replydesk/preset"
	"replydesk/search"
	"replydesk/store"
)

// demoShops are created, each with the preset KB of its locale, the first time
// the app starts with an empty database.
var demoShops = []engine.Shop{
	{Name: "回复台演示店", Platform: "douyin", Locale: "zh-CN"},
	{Name: "ReplyDesk Demo (TikTok Shop US)", Platform: "tiktok", Locale: "en"},
}

func seedDemo(ctx context.Context, st *store.Store) error {
	shops, err := st.Shops(ctx)
	if err != nil || len(shops) > 0 {
		return err
	}
	for _, sh := range demoShops {
		created, err := st.CreateShop(ctx, sh)
		if err != nil {
			return err
		}
		kb, err := preset.KB(sh.Locale, created.ID)
		if err != nil {
			return err
		}
		if _, err := st.CreateEntries(ctx, kb); err != nil {
			return fmt.Errorf("demo shop %q: %w", sh.Name, err)
		}
	}
	return nil
}

// storeSource feeds the search index from the store when it is rebuilt.
type storeSource struct{ st *store.Store }

func (s storeSource) EachDoc(ctx context.Context, fn func(search.Doc) error) error {
	return s.st.EachEntry(ctx, func(e engine.Entry) error { return fn(docOf(e)) })
}

func docOf(e engine.Entry) search.Doc {
	return search.Doc{EntryID: e.ID, ShopID: e.ShopID, Question: e.Question, Similar: e.Similar, Enabled: e.Enabled}
}
