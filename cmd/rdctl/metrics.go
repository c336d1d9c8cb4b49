package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"text/tabwriter"
	"time"

	"replydesk/chatfile"
	"replydesk/engine"
	"replydesk/metricsfile"
	"replydesk/preset"
	"replydesk/search"
	"replydesk/store"
)

// importChats imports a chat-log file into the shop (CV-7c), all or
// nothing: a bad file's rows are listed and nothing changes (exit 1).
func importChats(ctx context.Context, o *options) error {
	if len(o.args) != 1 {
		return usageErr("give one FILE")
	}
	name := o.args[0]
	f, err := chatfile.FormatOf(name)
	if err != nil {
		return usageErr("%v", err)
	}
	b, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	st, shop, err := o.openShop(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	rows, err := chatfile.ReadChats(b, f)
	if err != nil {
		return err
	}
	res, err := engine.NewHistory(st, nil).ImportChats(ctx, shop.ID, rows, time.Local)
	var bad *engine.ImportRowsError
	if errors.As(err, &bad) {
		for _, r := range bad.Rows {
			for _, p := range r.Problems {
				field := p.Field
				if field == "" {
					field = "-"
				}
				fmt.Fprintf(o.stderr, "row %d (%s) %s: %s [%s]\n", r.Row, r.Question, field, p.Detail, p.Key)
			}
		}
		return fmt.Errorf("%s: %w", filepath.Base(name), err)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(o.stderr, "shop %q: %d conversations, %d messages imported (%d already there), %d buyers\n",
		shop.Name, res.Conversations, res.Messages, res.Skipped, res.Buyers)
	return nil
}

// metrics prints the shop's figures on a range of days (MT-1 – MT-6).
func metrics(ctx context.Context, o *options) error {
	st, shop, err := o.openShop(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	var agentID int64
	if o.agent != "" {
		if agentID, err = findAgent(ctx, st, o.agent); err != nil {
			return err
		}
	}
	settings, err := engine.NewSettings(ctx, st, search.DefaultAutoThreshold)
	if err != nil {
		return err
	}
	kpis, err := preset.KPIs()
	if err != nil {
		return err
	}
	m := engine.NewMetrics(st, st, engine.NewClocks(settings, st, kpis), engine.SystemClock{})
	rep, err := m.Report(ctx, engine.MetricsRequest{ShopID: shop.ID, AgentID: agentID, From: o.from, To: o.to})
	var ie *engine.InputError
	if errors.As(err, &ie) {
		return usageErr("%v", err)
	}
	if err != nil {
		return err
	}
	locale := "en"
	if o.lang != "" {
		locale = o.lang
	}
	if o.json {
		enc := json.NewEncoder(o.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(metricsfile.Summarize(rep, locale))
	}
	printReport(o, rep, locale)
	return nil
}

// findAgent finds an agent by ID or exact name.
func findAgent(ctx context.Context, st *store.Store, s string) (int64, error) {
	agents, err := st.Agents(ctx)
	if err != nil {
		return 0, err
	}
	id, _ := strconv.ParseInt(s, 10, 64)
	for _, a := range agents {
		if a.ID == id || a.Name == s {
			return a.ID, nil
		}
	}
	return 0, fmt.Errorf("no agent %q", s)
}

func pct(r engine.Ratio) string {
	if !r.OK {
		return "-"
	}
	return strconv.FormatFloat(r.Value*100, 'f', 1, 64) + "%"
}

func secs(f engine.Figures) string {
	d, ok := f.FirstResponseAvg()
	if !ok {
		return "-"
	}
	return d.Round(time.Second).String()
}

// printReport writes the figures as a table: a row per day and the total.
func printReport(o *options, rep engine.Report, locale string) {
	fmt.Fprintf(o.stdout, "%s (%s), %s to %s, %s\n", rep.ShopName, rep.Platform, rep.From, rep.To, rep.TimeZone)
	w := tabwriter.NewWriter(o.stdout, 0, 2, 2, ' ', tabwriter.AlignRight)
	head := "date\tsessions\t24h rate\tfirst response\tsatisfaction\tresolved by reception\trobot hand-off"
	for _, k := range rep.KPIs {
		head += "\t" + k.Key
	}
	fmt.Fprintln(w, head+"\t")
	row := func(label string, f engine.Figures) {
		line := fmt.Sprintf("%s\t%d\t%s\t%s\t%s\t%s\t%s", label, f.Sessions, pct(f.ResponseRate24h()), secs(f),
			pct(f.SatisfactionRate()), pct(f.ResolvedRate()), pct(f.HandoffRate()))
		for _, k := range f.KPIs {
			line += "\t" + pct(k.Rate())
		}
		fmt.Fprintln(w, line+"\t")
	}
	for _, d := range rep.Days {
		row(d.Date, d.Figures)
	}
	row("total", rep.Total)
	w.Flush()
	for i, k := range rep.KPIs {
		c := rep.Total.KPIs[i]
		fmt.Fprintf(o.stdout, "%s (%s): %s — %d met, %d missed, %d due\n", k.Key, k.Name[locale], pct(c.Rate()), c.Met, c.Missed, c.Due)
	}
}
