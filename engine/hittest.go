package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// MaxHitTest is how many entries the hit test shows.
const MaxHitTest = 5

// HitTestResult is one entry a sentence matches, and why (KB-6).
type HitTestResult struct {
	Entry      Entry   `json:"entry"`
	Score      float64 `json:"score"`
	Confidence float64 `json:"confidence"`
	// Basis says what the confidence was made of (the first hit's; see
	// Factor), for the hit test to say in words.
	Basis []Factor `json:"basis,omitempty"`
	// Question is the entry's question that matched best; QuestionSpans and
	// QuerySpans mark the words the two share.
	Question      string `json:"question"`
	QuestionSpans []Span `json:"questionSpans"`
	QuerySpans    []Span `json:"querySpans"`
	// AutoAnswer: the robot and assist auto-send would answer with this
	// entry on their own — the first result, confident enough, not never-auto.
	AutoAnswer bool `json:"autoAnswer"`
}

// HitTest answers "what would the bot answer to this?": the shop's entries
// that text matches, best first, with their scores and matched words.
// Disabled entries are not searched, as in assist and the robot.
func (k *KB) HitTest(ctx context.Context, shopID int64, text string) ([]HitTestResult, error) {
	out := []HitTestResult{}
	if strings.TrimSpace(text) == "" {
		return out, nil
	}
	if _, err := ValidateText(text); err != nil {
		return nil, err
	}
	hits, err := k.search.Search(ctx, shopID, text, MaxHitTest)
	if err != nil {
		return nil, fmt.Errorf("engine: hit test: %w", err)
	}
	for _, h := range hits {
		e, err := k.store.Entry(ctx, h.EntryID)
		if errors.Is(err, ErrNotFound) {
			continue // deleted since the index was read
		} else if err != nil {
			return nil, fmt.Errorf("engine: hit test: %w", err)
		}
		r := HitTestResult{Entry: e, Score: h.Score, Confidence: h.Confidence, Basis: h.Basis, QuestionSpans: []Span{}, QuerySpans: []Span{}}
		if qs := e.Questions(); h.Question >= 0 && h.Question < len(qs) {
			r.Question = qs[h.Question]
		} else {
			r.Question = e.Question
		}
		if k.explain != nil {
			q, in := k.explain.Explain(text, r.Question)
			r.QuerySpans, r.QuestionSpans = nonNilSpans(q), nonNilSpans(in)
		}
		r.AutoAnswer = len(out) == 0 && k.threshold > 0 && h.Confidence >= k.threshold && !e.NeverAuto
		out = append(out, r)
	}
	return out, nil
}

func nonNilSpans(s []Span) []Span {
	if s == nil {
		return []Span{}
	}
	return s
}
