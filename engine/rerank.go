package engine

import (
	"context"
	"sync"
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

// portSlot holds a port that changes at run time (the LLM's, when its
// settings do); the zero value holds none.
type portSlot[T any] struct{ p atomic.Pointer[T] }

func (s *portSlot[T]) set(v T) {
	if any(v) == nil {
		s.p.Store(nil)
		return
	}
	s.p.Store(&v)
}

func (s *portSlot[T]) get() (v T) {
	if p := s.p.Load(); p != nil {
		return *p
	}
	return v
}

// SetReranker puts an LLM reranker in use for assist suggestions, or none
// (nil): everything works without one (LM-4).
func (d *Desk) SetReranker(r Reranker) { d.reranker.set(r) }

// assistUpdates gathers what one Suggest's background work brings — the
// LLM's order (LM-2) and its draft (LM-3), which run at the same time —
// into one Assist, and pushes that Assist whole (Notifier.AssistUpdated)
// when one of them arrives: the window replaces what it shows with each
// push, so every push carries what the earlier ones brought. Pushes are
// made under the lock, in the order the changes were made.
type assistUpdates struct {
	mu     sync.Mutex
	a      Assist
	notify Notifier
}

// apply changes the gathered Assist and, when push, tells the window. A
// change replaces slices and pointers, never writes into them: the Assists
// already handed out share them.
func (u *assistUpdates) apply(push bool, change func(a *Assist)) {
	u.mu.Lock()
	defer u.mu.Unlock()
	change(&u.a)
	if push {
		u.notify.AssistUpdated(u.a)
	}
}

// rerank reorders suggestions with r, in the background, and pushes the
// Assist in the new order (Reranking false, Reranked true); NoneFit clears
// the intent and drops a draft (written from suggestions that do not fit).
// On failure or timeout nothing is pushed and the order stands (LM-2); a
// later push (the draft's) says Reranking false. It never delays Suggest.
func (d *Desk) rerank(up *assistUpdates, r Reranker, query string, pool []Suggestion) {
	cands := make([]Candidate, len(pool))
	for i, s := range pool {
		cands[i] = Candidate{EntryID: s.EntryID, Question: s.Question, Answer: s.Answer}
	}
	go func() {
		res, err := r.Rerank(context.Background(), query, cands)
		if err != nil {
			up.apply(false, func(a *Assist) { a.Reranking = false })
			return
		}
		byID := make(map[int64]Suggestion, len(pool))
		for _, s := range pool {
			byID[s.EntryID] = s
		}
		out := make([]Suggestion, 0, MaxSuggestions)
		for _, id := range res.Order {
			if s, ok := byID[id]; ok && len(out) < MaxSuggestions {
				out = append(out, s)
				delete(byID, id)
			}
		}
		up.apply(true, func(a *Assist) {
			a.Suggestions, a.Reranking, a.Reranked, a.NoneFit = out, false, true, res.NoneFit
			if res.NoneFit {
				a.Intent, a.Draft = "", nil
			} else if len(out) > 0 && out[0].Confidence >= d.threshold {
				a.Intent = out[0].Intent
			}
		})
	}()
}
