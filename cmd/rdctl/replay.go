package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"text/tabwriter"
	"time"

	"replydesk/engine"
	"replydesk/internal/boot"
	"replydesk/internal/kbsource"
	"replydesk/search"
)

// replayJSON is what `rdctl replay -json` prints: one object.
type replayJSON struct {
	Shop               string                 `json:"shop"`
	ShopID             int64                  `json:"shop_id"`
	From               string                 `json:"from,omitempty"`
	To                 string                 `json:"to,omitempty"`
	Source             string                 `json:"source"`
	Messages           int                    `json:"messages"`
	Conversations      int                    `json:"conversations"`
	Threshold          float64                `json:"threshold"`
	Coverage           float64                `json:"coverage"`
	Answered           int                    `json:"answered"`
	Agreement          float64                `json:"agreement"`
	Agreed             int                    `json:"agreed"`
	Disagreed          int                    `json:"disagreed"`
	Outcomes           map[engine.Outcome]int `json:"outcomes"`
	ThresholdCurve     []curvePointJSON       `json:"threshold_curve"`
	Disagreements      []disagreementJSON     `json:"disagreements"`
	SuggestedThreshold *float64               `json:"suggested_threshold"`
	Suggestion         suggestionJSON         `json:"suggestion"`
	ElapsedSeconds     float64                `json:"elapsed_seconds"`
}

type curvePointJSON struct {
	Threshold float64 `json:"threshold"`
	Coverage  float64 `json:"coverage"`
	Agreement float64 `json:"agreement"`
	Answered  int     `json:"answered"`
	Agreed    int     `json:"agreed"`
	Disagreed int     `json:"disagreed"`
}

type disagreementJSON struct {
	ConversationID int64     `json:"conversation_id"`
	MessageID      int64     `json:"message_id"`
	At             time.Time `json:"at"`
	Question       string    `json:"question"`
	EntryID        int64     `json:"entry_id"`
	EntryQuestion  string    `json:"entry_question"`
	Answer         string    `json:"answer"`
	Human          string    `json:"human"`
	Confidence     float64   `json:"confidence"`
	UpTo           float64   `json:"up_to"`
}

type suggestionJSON struct {
	Target    float64 `json:"target"`
	Reached   bool    `json:"reached"`
	Threshold float64 `json:"threshold"`
	Coverage  float64 `json:"coverage"`
	Agreement float64 `json:"agreement"`
	Why       string  `json:"why,omitempty"`
}

// replay runs the shop's past buyer messages through the robot's decision
// with the KB as it is now (FB-5) and prints what it found.
func replay(ctx context.Context, o *options) error {
	switch o.source {
	case "all":
		o.source = engine.ReplayAll
	case engine.ReplayLive, engine.ReplayImport:
	default:
		return usageErr("-source is all, live or import")
	}
	if o.target <= 0 || o.target > 1 {
		return usageErr("-target is an agreement between 0 and 1, such as 0.95")
	}
	from, to, err := engine.ReplayDays(o.from, o.to, time.Local)
	if err != nil {
		return usageErr("%v", err)
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
	// The app's index may be held by a running window: rdctl builds its own
	// in memory from the database, with the shops' synonyms.
	src, err := kbsource.New(ctx, st)
	if err != nil {
		return err
	}
	ix, err := search.OpenMem(ctx, src)
	if err != nil {
		return err
	}
	defer ix.Close()
	synonyms, err := st.AllSynonyms(ctx)
	if err != nil {
		return err
	}
	for id, groups := range synonyms {
		ix.SetSynonyms(id, groups)
	}
	var last time.Time
	progress := func(p engine.ReplayProgress) {
		if !o.json && (time.Since(last) > time.Second || p.Done == p.Total) {
			last = time.Now()
			fmt.Fprintf(o.stderr, "\rreplayed %d of %d buyer messages", p.Done, p.Total)
		}
	}
	rep, err := boot.NewReplayer(st, ix, settings, boot.NewScreener(st, settings, slog.New(slog.NewTextHandler(o.stderr, nil)))).Run(ctx, engine.ReplayRequest{
		ReplayQuery: engine.ReplayQuery{ShopID: shop.ID, From: from, To: to, Source: o.source}, Target: o.target}, progress)
	if !o.json && !last.IsZero() {
		fmt.Fprintln(o.stderr)
	}
	if err != nil {
		return err
	}
	out := replayJSON{Shop: shop.Name, ShopID: shop.ID, From: o.from, To: o.to, Source: o.source, Messages: rep.Messages,
		Conversations: rep.Conversations, Threshold: rep.Threshold, Coverage: rep.Coverage, Answered: rep.Answered,
		Agreement: rep.Agreement, Agreed: rep.Agreed, Disagreed: rep.Disagreed, Outcomes: rep.Outcomes,
		ThresholdCurve: []curvePointJSON{}, Disagreements: []disagreementJSON{}, ElapsedSeconds: rep.Elapsed,
		Suggestion: suggestionJSON(rep.Suggestion)}
	if out.Source == "" {
		out.Source = "all"
	}
	for _, p := range rep.Curve {
		out.ThresholdCurve = append(out.ThresholdCurve, curvePointJSON{Threshold: p.Threshold, Coverage: p.Coverage,
			Agreement: p.Agreement, Answered: p.Answered, Agreed: p.Agreed, Disagreed: p.Disagreed})
	}
	for _, d := range rep.Disagreements {
		if d.UpTo >= rep.Threshold-1e-9 {
			out.Disagreements = append(out.Disagreements, disagreementJSON(d))
		}
	}
	if rep.Suggestion.Reached {
		th := rep.Suggestion.Threshold
		out.SuggestedThreshold = &th
	}
	if o.json {
		enc := json.NewEncoder(o.stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	printReplay(o, out)
	return nil
}

func printReplay(o *options, r replayJSON) {
	w := tabwriter.NewWriter(o.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(w, "shop\t%s (%d)\n", r.Shop, r.ShopID)
	fmt.Fprintf(w, "buyer messages replayed\t%d in %d conversations (%.1f s)\n", r.Messages, r.Conversations, r.ElapsedSeconds)
	fmt.Fprintf(w, "threshold (assist.threshold)\t%.2f\n", r.Threshold)
	fmt.Fprintf(w, "coverage\t%.1f%% (%d answered by the robot)\n", 100*r.Coverage, r.Answered)
	fmt.Fprintf(w, "agreement with the agents\t%.1f%% (%d agreed, %d disagreed)\n", 100*r.Agreement, r.Agreed, r.Disagreed)
	switch s := r.Suggestion; {
	case s.Reached:
		fmt.Fprintf(w, "suggested threshold\t%.2f for %.0f%% agreement: coverage %.1f%% (agreement there %.1f%%)\n",
			s.Threshold, 100*s.Target, 100*s.Coverage, 100*s.Agreement)
	case s.Why == "no_data":
		fmt.Fprintf(w, "suggested threshold\tnone: fewer than %d answers could be compared with an agent's reply\n", engine.MinJudged)
	default:
		fmt.Fprintf(w, "suggested threshold\tnone: the agreement stays below %.0f%% at every threshold\n", 100*s.Target)
	}
	w.Flush()
	fmt.Fprintln(o.stdout, "\nthreshold  coverage  agreement  answered")
	for _, p := range r.ThresholdCurve {
		if int(p.Threshold*100+0.5)%5 == 0 {
			fmt.Fprintf(o.stdout, "%9.2f  %7.1f%%  %8.1f%%  %8d\n", p.Threshold, 100*p.Coverage, 100*p.Agreement, p.Answered)
		}
	}
	if n := len(r.Disagreements); n > 0 {
		fmt.Fprintf(o.stdout, "\n%d answers at %.2f the agents replied otherwise to (the most confident first):\n", n, r.Threshold)
		for _, d := range r.Disagreements[:min(n, 10)] {
			fmt.Fprintf(o.stdout, "  %.2f  %q → #%d %q; the agent: %q\n", d.Confidence, d.Question, d.EntryID, d.EntryQuestion, d.Human)
		}
	}
}
