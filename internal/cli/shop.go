// Package cli holds what the command-line tools share: opening the app's
// database and finding a shop by ID or name.
package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"replydesk/engine"
	"replydesk/internal/boot"
	"replydesk/store"
)

// OpenShop opens the app's database, which must exist, in dataDir (or where
// the app keeps it when dataDir is empty: REPLYDESK_DATA_DIR, else the
// user's config folder) and finds the shop named by shop: its ID, else its
// exact name. The caller closes the store.
func OpenShop(ctx context.Context, dataDir, shop string) (*store.Store, engine.Shop, error) {
	st, err := Open(ctx, dataDir)
	if err != nil {
		return nil, engine.Shop{}, err
	}
	shops, err := st.Shops(ctx)
	if err != nil {
		st.Close()
		return nil, engine.Shop{}, err
	}
	sh, err := FindShop(shops, shop)
	if err != nil {
		st.Close()
		return nil, engine.Shop{}, err
	}
	return st, sh, nil
}

// Open opens the app's database, which must exist, in dataDir (or where
// the app keeps it when dataDir is empty: REPLYDESK_DATA_DIR, else the
// user's config folder), as boot.OpenStore does. The caller closes the store.
func Open(ctx context.Context, dataDir string) (*store.Store, error) {
	st, _, err := boot.OpenStore(ctx, dataDir)
	return st, err
}

// FindShop returns the shop whose ID is s, else the one whose name is
// exactly s. The error lists the shops.
func FindShop(shops []engine.Shop, s string) (engine.Shop, error) {
	if id, err := strconv.ParseInt(s, 10, 64); err == nil {
		for _, sh := range shops {
			if sh.ID == id {
				return sh, nil
			}
		}
	}
	var named []engine.Shop
	for _, sh := range shops {
		if sh.Name == s {
			named = append(named, sh)
		}
	}
	switch len(named) {
	case 1:
		return named[0], nil
	case 0:
		if len(shops) == 0 {
			return engine.Shop{}, fmt.Errorf("no shop %q: the database has no shops yet", s)
		}
		return engine.Shop{}, fmt.Errorf("no shop %q; the shops are:\n%s", s, listShops(shops))
	}
	return engine.Shop{}, fmt.Errorf("%d shops are named %q; give the ID of one:\n%s", len(named), s, listShops(named))
}

// listShops lists shops one a line: ID, name, platform.
func listShops(shops []engine.Shop) string {
	var b strings.Builder
	for _, sh := range shops {
		fmt.Fprintf(&b, "  %4d  %s (%s)\n", sh.ID, sh.Name, sh.Platform)
	}
	return strings.TrimSuffix(b.String(), "\n")
}
