package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"replydesk/engine"
	"replydesk/internal/cli"
	"replydesk/search"
)

// config lists the shop's settings, or sets those given as KEY=VALUE (all
// or none).
func config(ctx context.Context, o *options) error {
	changes := map[string]string{}
	for _, a := range o.args {
		k, v, ok := strings.Cut(a, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			return usageErr("%q is not KEY=VALUE", a)
		}
		if _, dup := changes[k]; dup {
			return usageErr("%s is given twice", k)
		}
		changes[k] = v
	}
	st, shop, err := o.openShop(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	settings, err := engine.NewSettings(ctx, st, search.DefaultAutoThreshold)
	if err != nil {
		return err
	}
	if o.copyTo != "" {
		if len(changes) > 0 {
			return usageErr("give either KEY=VALUE or -copy-to, not both")
		}
		shops, err := st.Shops(ctx)
		if err != nil {
			return err
		}
		to, err := cli.FindShop(shops, o.copyTo)
		if err != nil {
			return err
		}
		if _, err := settings.Copy(ctx, shop.ID, to.ID, o.only); err != nil {
			return err
		}
		fmt.Fprintf(o.stderr, "shop %q: settings %s* copied from shop %q\n", to.Name, o.only, shop.Name)
		return nil
	}
	if len(changes) > 0 {
		if _, err := settings.Update(ctx, shop.ID, changes); err != nil {
			return err
		}
		fmt.Fprintf(o.stderr, "shop %q: %d setting(s) changed\n", shop.Name, len(changes))
	}
	w := tabwriter.NewWriter(o.stdout, 0, 2, 2, ' ', 0)
	for _, v := range settings.Values(shop.ID) {
		if len(changes) > 0 {
			if _, changed := changes[v.Key]; !changed {
				continue
			}
		}
		def := ""
		if v.Value != v.Default {
			def = "(default " + v.Default + ")"
		}
		fmt.Fprintf(w, "%s=%s\t%s\t# %s\n", v.Key, v.Value, def, v.Doc)
	}
	return w.Flush()
}
