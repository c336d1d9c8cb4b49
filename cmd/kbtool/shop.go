package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/user"
	"strconv"
	"strings"
	"time"

	"replydesk/channel"
	"replydesk/engine"
	"replydesk/internal/paths"
	"replydesk/kbfile"
	"replydesk/store"
)

// importFile checks a file whole, then imports it into a shop.
func importFile(ctx context.Context, o *options) error {
	if o.shop == "" {
		return usageErr("-shop is required")
	}
	name, entries, err := o.readEntries()
	if err != nil {
		return err
	}
	st, shop, err := o.openShop(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	kb := engine.NewKB(engine.KBDeps{Store: st, Clock: engine.SystemClock{}})
	res, err := kb.Import(ctx, actor(), shop.ID, entries, progress(o.stderr))
	if err != nil {
		return fmt.Errorf("import %s into %q: %w", name, shop.Name, err)
	}
	fmt.Fprintf(o.stdout, "created %d, updated %d\n", res.Created, res.Updated)
	return nil
}

// export writes a shop's entries.
func export(ctx context.Context, o *options) error {
	if o.shop == "" {
		return usageErr("-shop is required")
	}
	if len(o.files) > 0 {
		return usageErr("export takes no FILE (use -o FILE)")
	}
	f, err := o.formatFor(o.out)
	if err != nil {
		return err
	}
	if o.out == "" && f == kbfile.XLSX && isTerminal(o.stdout) {
		return usageErr("xlsx is not for a terminal: give -o FILE or redirect the output")
	}
	st, shop, err := o.openShop(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	entries, err := engine.NewKB(engine.KBDeps{Store: st, Clock: engine.SystemClock{}}).Export(ctx, shop.ID)
	if err != nil {
		return err
	}
	if err := o.writeOut(f, func(w io.Writer) error { return kbfile.Write(w, f, entries) }); err != nil {
		return err
	}
	if o.out != "" && o.out != "-" {
		fmt.Fprintf(o.stderr, "exported %d entries of %q to %s\n", len(entries), shop.Name, o.out)
	}
	return nil
}

// openShop opens the app's database (which must exist) and finds the
// shop named by -shop.
func (o *options) openShop(ctx context.Context) (*store.Store, engine.Shop, error) {
	if o.data != "" {
		// The same as the app started with REPLYDESK_DATA_DIR.
		if err := os.Setenv("REPLYDESK_DATA_DIR", o.data); err != nil {
			return nil, engine.Shop{}, err
		}
	}
	p, err := paths.Resolve(channel.DefaultAddr)
	if err != nil {
		return nil, engine.Shop{}, err
	}
	if _, err := os.Stat(p.Database); errors.Is(err, fs.ErrNotExist) {
		return nil, engine.Shop{}, fmt.Errorf("there is no ReplyDesk database at %s: start the app once to create it, or give the data folder with -data DIR", p.Database)
	} else if err != nil {
		return nil, engine.Shop{}, err
	}
	st, err := store.Open(ctx, p.Database)
	if err != nil {
		return nil, engine.Shop{}, err
	}
	shops, err := st.Shops(ctx)
	if err != nil {
		st.Close()
		return nil, engine.Shop{}, err
	}
	shop, err := findShop(shops, o.shop)
	if err != nil {
		st.Close()
		return nil, engine.Shop{}, err
	}
	return st, shop, nil
}

// findShop returns the shop whose ID is s, else the one whose name is
// exactly s. The error lists the shops.
func findShop(shops []engine.Shop, s string) (engine.Shop, error) {
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

// actor names who imports, for the entries' history.
func actor() string {
	name := ""
	if u, err := user.Current(); err == nil {
		name = u.Username
	}
	if name == "" {
		name = cmp.Or(os.Getenv("USER"), os.Getenv("USERNAME"), "?")
	}
	return "kbtool (" + name + ")"
}

// progress returns an import progress callback that shows how far the
// writing is on a terminal, and nil when stderr is not one.
func progress(stderr io.Writer) func(done, total int) {
	if !isTerminal(stderr) {
		return nil
	}
	var last time.Time
	return func(done, total int) {
		now := time.Now()
		if done < total && now.Sub(last) < 100*time.Millisecond {
			return
		}
		last = now
		fmt.Fprintf(stderr, "\rimporting %d/%d entries", done, total)
		if done == total {
			fmt.Fprintln(stderr)
		}
	}
}
