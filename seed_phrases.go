package main

import (
	"context"

	"replydesk/engine"
	"replydesk/preset"
	"replydesk/store"
)

// seedPhrases gives every shop the preset quick phrases of its locale the
// first time the app sees the shop with none (CV-3); it never seeds a shop twice.
func seedPhrases(ctx context.Context, st *store.Store) error {
	shops, err := st.Shops(ctx)
	if err != nil {
		return err
	}
	_, err = engine.SeedPhrases(ctx, st, shops, preset.Phrases, engine.SystemClock{})
	return err
}
