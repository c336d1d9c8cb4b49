package boot

import (
	"context"
	"fmt"

	"replydesk/engine"
	"replydesk/preset"
	"replydesk/store"
)

// DemoShops are created, each with the preset KB of its locale, the first
// time the app opens a database that has no shop.
var DemoShops = []engine.Shop{
	{Name: "回复台演示店", Platform: "douyin", Locale: "zh-CN"},
	{Name: "ReplyDesk Demo (TikTok Shop US)", Platform: "tiktok", Locale: "en"},
}

// seed gives a database with no shop the demo shops and their preset KB,
// and every shop that never had them the preset quick phrases of its
// locale (CV-3; a shop is never seeded twice, so deleted presets stay
// deleted).
func seed(ctx context.Context, st *store.Store, clock engine.Clock) error {
	shops, err := st.Shops(ctx)
	if err != nil {
		return err
	}
	if len(shops) == 0 {
		for _, sh := range DemoShops {
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
			shops = append(shops, created)
		}
	}
	_, err = engine.SeedPhrases(ctx, st, shops, preset.Phrases, clock)
	return err
}
