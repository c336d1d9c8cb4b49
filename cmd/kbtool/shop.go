package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"os/user"
	"time"

	"replydesk/engine"
	"replydesk/internal/cli"
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

// openShop opens the app's database and finds the shop named by -shop.
func (o *options) openShop(ctx context.Context) (*store.Store, engine.Shop, error) {
	return cli.OpenShop(ctx, o.data, o.shop)
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
