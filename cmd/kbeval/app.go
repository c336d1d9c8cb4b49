package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"replydesk/engine"
	"replydesk/internal/kbsource"
	"replydesk/search"
	"replydesk/store"
)

// appKB is the data set's KB as the app holds it: a shop in a store of its
// own, imported through engine.KB into the search index on disk.
type appKB struct {
	st     *store.Store
	idx    *search.Index
	shop   int64
	labels map[int64]string // entry ID → label
	// cal is the shop's calibration, estimated from its KB; trained the
	// time it took to train the shop's model and compute it
	cal     engine.Calibration
	trained time.Duration
}

// openAppKB builds the KB of d in dir, which must be empty.
func openAppKB(ctx context.Context, dir string, d *dataset) (_ *appKB, err error) {
	st, err := store.Open(ctx, filepath.Join(dir, "replydesk.db"))
	if err != nil {
		return nil, err
	}
	a := &appKB{st: st}
	defer func() {
		if err != nil {
			a.Close()
		}
	}()
	src, err := kbsource.New(ctx, st)
	if err != nil {
		return nil, err
	}
	if a.idx, err = search.Open(ctx, filepath.Join(dir, "index"), src); err != nil {
		return nil, err
	}
	shop, err := st.CreateShop(ctx, engine.Shop{Name: "kbeval " + d.name, Platform: "douyin", Locale: d.locale})
	if err != nil {
		return nil, err
	}
	a.shop = shop.ID
	kb := engine.NewKB(engine.KBDeps{Store: st, Index: a.idx, Retriever: a.idx, Explainer: a.idx, Clock: engine.SystemClock{}})
	if _, err := kb.Import(ctx, "kbeval", shop.ID, d.entries, nil); err != nil {
		return nil, importError(err, d)
	}
	saved, err := st.ShopEntries(ctx, shop.ID)
	if err != nil {
		return nil, err
	}
	byQuestion := make(map[string]string, len(d.entries))
	for i, e := range d.entries {
		byQuestion[e.Question] = d.labels[i]
	}
	// the shop's confidence model, trained on its KB (in the app it trains
	// in the background a moment after a KB change)
	start := time.Now()
	if a.cal, err = a.idx.Calibration(ctx, shop.ID); err != nil {
		return nil, err
	}
	a.trained = time.Since(start)
	a.labels = make(map[int64]string, len(saved))
	for _, e := range saved {
		label, ok := byQuestion[e.Question]
		if !ok {
			return nil, fmt.Errorf("stored entry %d has a question that was not imported: %q", e.ID, e.Question)
		}
		a.labels[e.ID] = label
	}
	return a, nil
}

// importError names the data set's lines in an import's *engine.RowsError.
func importError(err error, d *dataset) error {
	var re *engine.RowsError
	if !errors.As(err, &re) {
		return fmt.Errorf("import: %w", err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "the app refuses %d of the KB's entries:", len(re.Rows))
	for i, r := range re.Rows {
		if i == maxLineErrors {
			fmt.Fprintf(&b, "\n  … and %d more", len(re.Rows)-i)
			break
		}
		where := fmt.Sprintf("entry %d", r.Row)
		if r.Row >= 1 && r.Row <= len(d.entries) {
			where = fmt.Sprintf("%q", d.labels[r.Row-1])
			if line := d.lines[r.Row-1]; line > 0 {
				where = fmt.Sprintf("kb.jsonl line %d (%s)", line, where)
			}
		}
		for _, p := range r.Problems {
			fmt.Fprintf(&b, "\n  %s: %s", where, p.Error())
		}
	}
	return errors.New(b.String())
}

// Close closes the index and the store.
func (a *appKB) Close() {
	if a.idx != nil {
		_ = a.idx.Close()
	}
	_ = a.st.Close()
}

// warmUp is how many queries run untimed before the timed pass.
const warmUp = 200

// run asks every query of qs, the first warmUp of them twice (the first
// time untimed), and returns the outcomes and the time of each Search call.
func (a *appKB) run(ctx context.Context, qs []query) ([]outcome, []time.Duration, error) {
	for _, q := range qs[:min(warmUp, len(qs))] {
		if _, err := a.idx.Search(ctx, a.shop, q.text, k); err != nil {
			return nil, nil, err
		}
	}
	outs := make([]outcome, len(qs))
	took := make([]time.Duration, len(qs))
	for i, q := range qs {
		start := time.Now()
		hits, err := a.idx.Search(ctx, a.shop, q.text, k)
		took[i] = time.Since(start)
		if err != nil {
			return nil, nil, err
		}
		o := outcome{expect: q.expect, text: q.text}
		for _, h := range hits {
			o.labels = appendLabel(o.labels, a.labels[h.EntryID])
			o.ids = append(o.ids, h.EntryID)
		}
		if len(hits) > 0 {
			o.conf = hits[0].Confidence
		}
		outs[i] = o
	}
	return outs, took, nil
}

// appendLabel appends label unless labels has it already (several entries
// can share a label: a split data set entry, two preset entries of one
// intent).
func appendLabel(labels []string, label string) []string {
	for _, l := range labels {
		if l == label {
			return labels
		}
	}
	return append(labels, label)
}
