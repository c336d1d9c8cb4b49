package engine

import (
	"context"
	"sync/atomic"
)

// Candidate is a KB entry offered to a Reranker: its ID, standard question
// and primary answer.
type Candidate struct {
	EntryID  int64
	Question string
	Answer   string
}

// Reranked is a Reranker's answer.
type Reranked struct {
	// Order holds every candidate's EntryID once, best first.
	Order []int64
	// NoneFit: no candidate answers the message.
	NoneFit bool
}

// Reranker orders KB candidates for a buyer message, with an LLM (LM-2). It
// keeps its own time budget; on any failure the search order stands.
type Reranker interface {
	Rerank(ctx context.Context, query string, candidates []Candidate) (Reranked, error)
}

// RerankCandidates is how many search results a Reranker is offered.
const RerankCandidates = 5

// rerankerSlot holds the Reranker in use; it changes when the settings do.
type rerankerSlot struct{ p atomic.Pointer[Reranker] }

func (s *rerankerSlot) set(r Reranker) {
	if r == nil {
		s.p.Store(nil)
		return
	}
	s.p.Store(&r)
}

func (s *rerankerSlot) get() Reranker {
	if p := s.p.Load(); p != nil {
		return *p
	}
	return nil
}

// SetReranker puts an LLM reranker in use for assist suggestions, or none
// (nil): everything works without one (LM-4).
func (d *Desk) SetReranker(r Reranker) { d.reranker.set(r) }

// rerank reorders suggestions with the Reranker, in the background, and
// tells the window the new order (EventAssistUpdated) when it differs; on
// failure or timeout nothing changes. It never delays Suggest.
func (d *Desk) rerank(a Assist, pool []Suggestion) {
	r := d.reranker.get()
	if r == nil || len(pool) < 2 {
		return
	}
	cands := make([]Candidate, len(pool))
	byID := make(map[int64]Suggestion, len(pool))
	for i, s := range pool {
		cands[i] = Candidate{EntryID: s.EntryID, Question: s.Question, Answer: s.Answer}
		byID[s.EntryID] = s
	}
	go func() {
		res, err := r.Rerank(context.Background(), a.Query, cands)
		if err != nil {
			return
		}
		out := make([]Suggestion, 0, MaxSuggestions)
		for _, id := range res.Order {
			if s, ok := byID[id]; ok && len(out) < MaxSuggestions {
				out = append(out, s)
				delete(byID, id)
			}
		}
		a.Suggestions, a.Reranked, a.NoneFit = out, true, res.NoneFit
		if res.NoneFit {
			a.Intent = ""
		} else if len(out) > 0 && out[0].Confidence >= d.threshold {
			a.Intent = out[0].Intent
		}
		d.notify.AssistUpdated(a)
	}()
}
