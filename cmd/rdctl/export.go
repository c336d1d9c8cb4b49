package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"replydesk/chatfile"
	"replydesk/engine"
	"replydesk/internal/cli"
)

// export writes the chat history of a shop (or every shop: -shop all) and
// date range to -out, or to standard output (CV-5).
func export(ctx context.Context, o *options) error {
	f, err := chatfile.ParseFormat(o.format)
	if err != nil {
		return usageErr("%v", err)
	}
	if _, _, err := engine.DayRange(o.from, o.to, time.Local); err != nil {
		return usageErr("%v", err)
	}
	st, err := cli.Open(ctx, o.data)
	if err != nil {
		return err
	}
	defer st.Close()
	var shopID int64
	name := "every shop"
	if o.shop != "all" {
		shops, err := st.Shops(ctx)
		if err != nil {
			return err
		}
		sh, err := cli.FindShop(shops, o.shop)
		if err != nil {
			return err
		}
		shopID, name = sh.ID, fmt.Sprintf("shop %q", sh.Name)
	}
	out := o.stdout
	var file *os.File
	if o.out != "" && o.out != "-" {
		if file, err = os.OpenFile(o.out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644); err != nil {
			return err
		}
		out = file
	}
	w, err := chatfile.NewWriter(out, f, chatfile.ExportInfo{ShopID: shopID, From: o.from, To: o.to, Location: time.Local})
	if err == nil {
		err = engine.NewHistory(st, nil).Export(ctx, shopID, o.from, o.to, time.Local, w.Add)
	}
	if err == nil {
		err = w.Close()
	}
	if file != nil {
		if cerr := file.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(o.out)
		}
	}
	if err != nil {
		return err
	}
	where := "standard output"
	if file != nil {
		where, _ = filepath.Abs(o.out)
	}
	fmt.Fprintf(o.stderr, "%s, %s to %s: %d conversations, %d messages written to %s\n", name, o.from, o.to, w.Conversations(), w.Messages(), where)
	return nil
}
