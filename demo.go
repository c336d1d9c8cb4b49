package main

import (
	"context"
	"fmt"

	"replydesk/engine"
	"replydesk/preset"
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
