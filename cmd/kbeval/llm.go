package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"replydesk/channel"
	"replydesk/engine"
	"replydesk/internal/paths"
	"replydesk/llm"
)

// llmReport is the -llm part of the report: the same queries with the
// search's top k reranked by the configured LLM, the search order standing
// wherever the LLM failed (as in the app).
type llmReport struct {
	Endpoint    string   `json:"endpoint"`
	Model       string   `json:"model"`
	Top1        *float64 `json:"top1"`
	Top5        *float64 `json:"top5"`
	MRR         *float64 `json:"mrr"`
	InScopeTop1 *float64 `json:"in_scope_top1"`
	// Failed counts the queries whose rerank failed (timeout, error, bad answer).
	Failed int     `json:"failed"`
	P50MS  float64 `json:"p50_ms"`
	P99MS  float64 `json:"p99_ms"`
}

// configuredReranker returns a client for the LLM the app is configured with
// (its data folder: REPLYDESK_DATA_DIR, else the user's config folder).
func configuredReranker() (*llm.Client, llm.Settings, error) {
	dirs, err := paths.Resolve(channel.DefaultAddr)
	if err != nil {
		return nil, llm.Settings{}, err
	}
	store := llm.NewSettingsStore(dirs.Data, llm.SystemKeychain(5*time.Second))
	set, err := store.Load()
	if err != nil {
		return nil, set, err
	}
	if !set.Enabled {
		return nil, set, errors.New("no LLM is configured: set one up in the app's settings (or REPLYDESK_DATA_DIR's llm.json)")
	}
	key, err := store.Key(set.BaseURL)
	if err != nil {
		return nil, set, err
	}
	c, err := llm.New(set, key)
	return c, set, err
}

// rerankAll reranks each in-scope or out-of-scope query's hits (ids) with r
// and returns the outcomes in the LLM's order.
func (a *appKB) rerankAll(ctx context.Context, r engine.Reranker, qs []query, outs []outcome) ([]outcome, int, []time.Duration, error) {
	entries, err := a.st.ShopEntries(ctx, a.shop)
	if err != nil {
		return nil, 0, nil, err
	}
	byID := make(map[int64]engine.Entry, len(entries))
	for _, e := range entries {
		byID[e.ID] = e
	}
	reranked := make([]outcome, len(outs))
	took := make([]time.Duration, 0, len(outs))
	failed := 0
	for i, o := range outs {
		reranked[i] = o
		if len(o.ids) < 2 {
			continue
		}
		cands := make([]engine.Candidate, len(o.ids))
		for j, id := range o.ids {
			e := byID[id]
			answer := ""
			if as := e.AnswersFor(""); len(as) > 0 {
				answer = as[0].Text
			}
			cands[j] = engine.Candidate{EntryID: id, Question: e.Question, Answer: answer}
		}
		start := time.Now()
		res, err := r.Rerank(ctx, qs[i].text, cands)
		took = append(took, time.Since(start))
		if err != nil {
			if ctx.Err() != nil {
				return nil, 0, nil, ctx.Err()
			}
			failed++
			continue
		}
		var labels []string
		for _, id := range res.Order {
			if slices.Contains(o.ids, id) {
				labels = appendLabel(labels, a.labels[id])
			}
		}
		reranked[i].labels = labels
	}
	return reranked, failed, took, nil
}

func newLLMReport(set llm.Settings, threshold float64, outs []outcome, failed int, took []time.Duration) *llmReport {
	// The confidence is the search's, so the threshold decides as before.
	m := score(outs, func(o outcome) bool { return o.conf >= threshold })
	r := &llmReport{Endpoint: set.BaseURL, Model: set.Model, Top1: m.Top1, Top5: m.Top5, MRR: m.MRR,
		InScopeTop1: m.InScopeTop1, Failed: failed}
	r.P50MS, r.P99MS = percentile(took, 0.50), percentile(took, 0.99)
	return r
}

func (r *llmReport) String() string {
	return fmt.Sprintf("LLM rerank (%s, %s): top1 %s, top5 %s, mrr %s, in-scope top1 %s; %d failed; p50 %.0f ms, p99 %.0f ms",
		r.Endpoint, r.Model, pct(r.Top1), pct(r.Top5), num(r.MRR), pct(r.InScopeTop1), r.Failed, r.P50MS, r.P99MS)
}
