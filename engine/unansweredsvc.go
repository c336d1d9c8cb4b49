package engine

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// UnansweredStore reads the unanswered questions and keeps those set aside
// (store.Store).
type UnansweredStore interface {
	// UnansweredMessages returns up to limit of a shop's buyer text
	// messages decided since since whose decision had no confident match
	// (no entry, or a confidence below the threshold of the time), newest
	// first, each with the first human reply after it.
	UnansweredMessages(ctx context.Context, shopID int64, since time.Time, limit int) ([]UnansweredMessage, error)
	// DismissedQuestions returns the question keys set aside for a shop.
	DismissedQuestions(ctx context.Context, shopID int64) (map[string]bool, error)
	// DismissQuestions sets question keys aside for a shop.
	DismissQuestions(ctx context.Context, shopID int64, keys []string, by string, at time.Time) error
}

// UnansweredDeps are the parts Unanswered works with; all are required.
type UnansweredDeps struct {
	Store     UnansweredStore
	KB        *KB
	Entries   ShopKB
	Retriever Retriever
	Settings  *Settings
	Clock     Clock
	// Workers search at once; 0 is one per core.
	Workers int
}

// Unanswered collects, groups and acts on a shop's unanswered questions,
// and flags its overlapping entries (FB-2).
type Unanswered struct{ d UnansweredDeps }

// NewUnanswered returns the unanswered questions over deps.
func NewUnanswered(deps UnansweredDeps) *Unanswered { return &Unanswered{d: deps} }

// Limits of an analysis.
const (
	// MaxUnanswered is how many of the newest unanswered messages are grouped.
	MaxUnanswered = 10000
	// UnansweredDays is how far back they are looked for.
	UnansweredDays = 90
	// MaxGroups is the most groups an analysis returns.
	MaxGroups = 500
)

// Analysis is a shop's unanswered questions, grouped, and its overlapping
// entries, as of At.
type Analysis struct {
	ShopID int64 `json:"shopId"`
	// Messages counts the unanswered messages grouped (after those the KB
	// now answers confidently and those set aside were left out).
	Messages int             `json:"messages"`
	Groups   []QuestionGroup `json:"groups"`
	Overlaps []Overlap       `json:"overlaps"`
	At       time.Time       `json:"at"`
	Elapsed  float64         `json:"elapsedSeconds"`
}

// AnalysisProgress is how far an analysis is: texts searched of Total.
type AnalysisProgress struct {
	Done  int `json:"done"`
	Total int `json:"total"`
}

// Analyze collects a shop's unanswered questions of the last
// UnansweredDays (the newest MaxUnanswered), leaves out the trivial ones
// (TrivialQuestion), those set aside and those the KB now answers
// confidently (each distinct text is searched again: a question added to
// an entry since is answered), groups the rest (GroupQuestions), gives each
// group the KB's best entry for its wordings, and finds the overlapping
// entries (FindOverlaps). progress, which may be nil, is told how many
// texts were searched. The context cancels it.
func (u *Unanswered) Analyze(ctx context.Context, shopID int64, progress func(AnalysisProgress)) (Analysis, error) {
	started := time.Now()
	now := u.d.Clock.Now()
	msgs, err := u.d.Store.UnansweredMessages(ctx, shopID, now.AddDate(0, 0, -UnansweredDays), MaxUnanswered)
	if err != nil {
		return Analysis{}, fmt.Errorf("engine: unanswered: %w", err)
	}
	dismissed, err := u.d.Store.DismissedQuestions(ctx, shopID)
	if err != nil {
		return Analysis{}, fmt.Errorf("engine: unanswered: %w", err)
	}
	texts := map[string]string{} // key → a text of it
	var keep []UnansweredMessage
	for _, m := range msgs {
		k := QuestionKey(m.Text)
		if k == "" || dismissed[k] || TrivialQuestion(m.Text) {
			continue
		}
		if _, ok := texts[k]; !ok {
			texts[k] = m.Text
		}
		keep = append(keep, m)
	}
	best, err := u.searchAll(ctx, shopID, texts, progress)
	if err != nil {
		return Analysis{}, err
	}
	threshold := u.d.Settings.For(shopID).Threshold
	msgs = keep[:0]
	for _, m := range keep {
		if h, ok := best[QuestionKey(m.Text)]; !ok || h.Confidence < threshold {
			msgs = append(msgs, m)
		}
	}
	groups := GroupQuestions(msgs, now)
	if len(groups) > MaxGroups {
		groups = groups[:MaxGroups]
	}
	entries, err := u.d.Entries.ShopEntries(ctx, shopID)
	if err != nil {
		return Analysis{}, fmt.Errorf("engine: unanswered: %w", err)
	}
	byID := make(map[int64]Entry, len(entries))
	for _, e := range entries {
		byID[e.ID] = e
	}
	for i := range groups {
		groups[i].Entry = groupEntry(groups[i], best, byID)
	}
	return Analysis{ShopID: shopID, Messages: len(msgs), Groups: groups, Overlaps: FindOverlaps(entries), At: now.UTC(),
		Elapsed: time.Since(started).Seconds()}, nil
}

// groupEntry is the entry most of a group's wordings find best (weighted by
// how often each was written), with the highest confidence among them.
func groupEntry(g QuestionGroup, best map[string]Hit, entries map[int64]Entry) *GroupEntry {
	votes := map[int64]int{}
	conf := map[int64]float64{}
	for _, ex := range g.Examples {
		h, ok := best[QuestionKey(ex.Text)]
		if !ok {
			continue
		}
		votes[h.EntryID] += ex.Count
		conf[h.EntryID] = max(conf[h.EntryID], h.Confidence)
	}
	var out *GroupEntry
	top := 0
	for id, n := range votes {
		e, ok := entries[id]
		if !ok || n < top || (n == top && out != nil && id > out.ID) {
			continue
		}
		top = n
		out = &GroupEntry{ID: id, Question: e.Question, Confidence: conf[id]}
	}
	return out
}

// searchAll finds the best hit of each text (by key) on the workers.
func (u *Unanswered) searchAll(ctx context.Context, shopID int64, texts map[string]string, progress func(AnalysisProgress)) (map[string]Hit, error) {
	type job struct{ key, text string }
	jobs := make(chan job)
	workers := u.d.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	out := make(map[string]Hit, len(texts))
	var mu sync.Mutex
	var done atomic.Int64
	var firstErr error
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				hits, err := u.d.Retriever.Search(ctx, shopID, j.text, 1)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				if err == nil && len(hits) > 0 {
					out[j.key] = hits[0]
				}
				mu.Unlock()
				if n := done.Add(1); progress != nil && (n%200 == 0 || int(n) == len(texts)) {
					progress(AnalysisProgress{Done: int(n), Total: len(texts)})
				}
			}
		}()
	}
	for k, t := range texts {
		if ctx.Err() != nil {
			break
		}
		jobs <- job{k, t}
	}
	close(jobs)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if firstErr != nil {
		return nil, fmt.Errorf("engine: unanswered: %w", firstErr)
	}
	return out, nil
}

// GroupAction turns unanswered questions into KB questions: added as
// similar questions of the entry EntryID, or, with EntryID 0, as a new entry
// (the first question its standard question, Answer its answer, Category
// other when empty). Their keys are set aside too.
type GroupAction struct {
	ShopID    int64    `json:"shopId"`
	EntryID   int64    `json:"entryId"`
	Questions []string `json:"questions"`
	Answer    string   `json:"answer"`
	Category  Category `json:"category"`
}

// Apply adds questions to the KB through KB.SaveFrom (searchable at once,
// the history's origin OriginUnanswered) and sets them aside. Errors as
// for an accepted proposal: *InputError (no question, no answer for a new
// entry), ErrNotFound (the entry, or not the shop's), *EntryError,
// ErrDuplicate.
func (u *Unanswered) Apply(ctx context.Context, actor string, a GroupAction) (Entry, error) {
	saved, _, err := addQuestions(ctx, u.d.KB, actor, OriginUnanswered, a.ShopID, a.EntryID, a.Questions, a.Answer, a.Category)
	if err != nil {
		return Entry{}, fmt.Errorf("engine: unanswered: %w", err)
	}
	if err := u.Dismiss(ctx, actor, a.ShopID, a.Questions); err != nil {
		return saved, err
	}
	return saved, nil
}

// Dismiss sets questions aside: they are left out of the next analyses.
func (u *Unanswered) Dismiss(ctx context.Context, actor string, shopID int64, questions []string) error {
	var keys []string
	for _, q := range questions {
		if k := QuestionKey(q); k != "" {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return nil
	}
	if err := u.d.Store.DismissQuestions(ctx, shopID, keys, actor, u.d.Clock.Now()); err != nil {
		return fmt.Errorf("engine: unanswered: dismiss: %w", err)
	}
	return nil
}
