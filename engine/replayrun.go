package engine

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"
)

// The replay worker (FB-5): it reads a shop's past conversations in pages,
// matches their buyers' texts against the KB as it is now (each distinct
// text once), replays each conversation (ReplayConversation) on every core
// and adds them up (ReplayTally). It sends and stores nothing.

// ReplayQuery selects the past conversations a replay reads: a shop's,
// with buyer messages sent in [From, To) (a zero bound is open), of a
// Source: "" every message, "live" those the desk received, "import"
// those imported from chat-log files.
type ReplayQuery struct {
	ShopID int64     `json:"shopId"`
	From   time.Time `json:"from"`
	To     time.Time `json:"to"`
	Source string    `json:"source"`
}

// Sources of a replay (ReplayQuery.Source).
const (
	ReplayAll    = ""
	ReplayLive   = "live"
	ReplayImport = "import"
)

// ReplayConversationData is a past conversation as the store reads it for
// replay: the conversation, all its messages (oldest first) and the
// buyer's orders.
type ReplayConversationData struct {
	Conversation Conversation
	Messages     []Message
	Orders       []Order
}

// ReplayStore reads the history replay runs over (store.Store).
type ReplayStore interface {
	// CountReplay counts the buyer messages a query selects.
	CountReplay(ctx context.Context, q ReplayQuery) (int, error)
	// ReplayPage returns up to limit conversations the query selects whose
	// ID is above after, in ID order.
	ReplayPage(ctx context.Context, q ReplayQuery, after int64, limit int) ([]ReplayConversationData, error)
}

// ShopKB lists a shop's entries (store.Store).
type ShopKB interface {
	ShopEntries(ctx context.Context, shopID int64) ([]Entry, error)
}

// Calibrator trains a shop's confidence model when its KB changed
// (search.Index): replay asks for it first, so its confidences are the
// ones the live robot would have.
type Calibrator interface {
	Calibration(ctx context.Context, shopID int64) (Calibration, error)
}

// ReplayDeps are what a Replayer works with; Calendar and Screener may be nil.
type ReplayDeps struct {
	Store     ReplayStore
	KB        ShopKB
	Retriever Retriever
	Settings  *Settings
	Shops     ShopFinder
	Calendar  Calendar
	Screener  Screener
	// Workers replay conversations at once; 0 is one per core.
	Workers int
}

// Replayer runs replays.
type Replayer struct{ d ReplayDeps }

// NewReplayer returns a replayer over deps.
func NewReplayer(deps ReplayDeps) *Replayer { return &Replayer{d: deps} }

// ReplayRequest asks for a replay: what to read, and the agreement the
// suggested threshold aims at (0: DefaultAgreementTarget).
type ReplayRequest struct {
	ReplayQuery
	Target float64 `json:"target"`
}

// ReplayProgress is how far a replay is: buyer messages done of Total.
type ReplayProgress struct {
	Done  int `json:"done"`
	Total int `json:"total"`
}

// ReplayReport is what a replay found (FB-5).
type ReplayReport struct {
	Query ReplayQuery `json:"query"`
	// Messages are the buyer messages replayed, in Conversations.
	Messages      int `json:"messages"`
	Conversations int `json:"conversations"`
	// Threshold is the shop's; Coverage, Answered, Agreement, Agreed and
	// Disagreed are the robot's there; Outcomes counts its decisions there
	// (bursts) by outcome.
	Threshold float64         `json:"threshold"`
	Coverage  float64         `json:"coverage"`
	Answered  int             `json:"answered"`
	Agreement float64         `json:"agreement"`
	Agreed    int             `json:"agreed"`
	Disagreed int             `json:"disagreed"`
	Outcomes  map[Outcome]int `json:"outcomes"`
	// Curve is the robot at each threshold of ReplayGrid.
	Curve      []ReplayPoint       `json:"curve"`
	Suggestion ThresholdSuggestion `json:"suggestion"`
	// Disagreements are the most confident MaxDisagreements answers the
	// human disagreed with, at any threshold of the grid (see UpTo).
	Disagreements []Disagreement `json:"disagreements"`
	// Calibration is what the KB alone expects (its held-out questions),
	// beside what the shop's own history shows.
	Calibration *Calibration `json:"calibration,omitempty"`
	StartedAt   time.Time    `json:"startedAt"`
	Elapsed     float64      `json:"elapsedSeconds"`
}

// MaxDisagreements is how many disagreements a report keeps.
const MaxDisagreements = 1000

// replayPage is how many conversations are read at once.
const replayPage = 500

// Run replays the past conversations of req's shop (FB-5), telling
// progress (which may be nil) as it goes, and returns the report. The
// context cancels it: Run then returns the context's error. Nothing is
// sent or stored.
func (r *Replayer) Run(ctx context.Context, req ReplayRequest, progress func(ReplayProgress)) (ReplayReport, error) {
	started := time.Now()
	q := req.ReplayQuery
	if req.Target <= 0 || req.Target > 1 {
		req.Target = DefaultAgreementTarget
	}
	shop, err := r.d.Shops.Shop(ctx, q.ShopID)
	if err != nil {
		return ReplayReport{}, fmt.Errorf("engine: replay: %w", err)
	}
	rep := ReplayReport{Query: q, StartedAt: started.UTC(), Threshold: r.d.Settings.For(shop.ID).Threshold}
	if c, ok := r.d.Retriever.(Calibrator); ok {
		if cal, err := c.Calibration(ctx, shop.ID); err == nil && len(cal.Points) > 0 {
			rep.Calibration = &cal
		} else if ctx.Err() != nil {
			return ReplayReport{}, ctx.Err()
		}
	}
	total, err := r.d.Store.CountReplay(ctx, q)
	if err != nil {
		return ReplayReport{}, fmt.Errorf("engine: replay: %w", err)
	}
	entries, err := r.d.KB.ShopEntries(ctx, shop.ID)
	if err != nil {
		return ReplayReport{}, fmt.Errorf("engine: replay: %w", err)
	}
	w := &replayWork{r: r, shop: shop, settings: r.d.Settings.For(shop.ID), grid: ReplayGrid(), q: q,
		entries: make(map[int64]Entry, len(entries))}
	for _, e := range entries {
		w.entries[e.ID] = e
	}
	if r.d.Screener != nil {
		w.sensitive = func(text string) []string { return r.d.Screener.Sensitive(shop.ID, text) }
	}
	tally, err := w.run(ctx, total, progress)
	if err != nil {
		return ReplayReport{}, err
	}
	rep.Messages, rep.Conversations, rep.Outcomes = tally.Messages, tally.Conversations, tally.Outcomes
	rep.Answered, rep.Agreed, rep.Disagreed = tally.Answered, tally.Agreed, tally.Disagreed
	rep.Coverage, rep.Agreement = share(tally.Answered, tally.Messages), share(tally.Agreed, tally.Agreed+tally.Disagreed)
	rep.Curve = tally.Curve()
	rep.Suggestion = SuggestThreshold(rep.Curve, req.Target)
	rep.Disagreements = tally.Kept()
	rep.Elapsed = time.Since(started).Seconds()
	return rep, nil
}

// replayWork is one replay under way.
type replayWork struct {
	r         *Replayer
	shop      Shop
	settings  ShopSettings
	grid      []float64
	q         ReplayQuery
	entries   map[int64]Entry
	sensitive func(string) []string
	// hits caches the best hit of each text (nil for none).
	hits sync.Map
}

func (w *replayWork) run(outer context.Context, total int, progress func(ReplayProgress)) (*ReplayTally, error) {
	ctx, cancel := context.WithCancel(outer)
	defer cancel()
	workers := w.r.d.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	jobs := make(chan ReplayConversationData, 2*replayPage)
	var readErr error
	go func() {
		defer close(jobs)
		var after int64
		for {
			page, err := w.r.d.Store.ReplayPage(ctx, w.q, after, replayPage)
			if err != nil {
				readErr = err
				cancel()
				return
			}
			for _, c := range page {
				select {
				case jobs <- c:
				case <-ctx.Done():
					return
				}
			}
			if len(page) < replayPage {
				return
			}
			after = page[len(page)-1].Conversation.ID
		}
	}()
	tallies := make([]*ReplayTally, workers)
	errs := make([]error, workers)
	var mu sync.Mutex
	done := 0
	var wg sync.WaitGroup
	for i := range workers {
		tallies[i] = NewReplayTally(w.grid, MaxDisagreements)
		wg.Add(1)
		go func(t *ReplayTally, errp *error) {
			defer wg.Done()
			terms := &termCache{}
			for c := range jobs {
				if ctx.Err() != nil {
					continue // drain
				}
				n, err := w.one(ctx, c, t, terms)
				if err != nil {
					*errp = err
					cancel()
					continue
				}
				if progress != nil && n > 0 {
					mu.Lock()
					done += n
					progress(ReplayProgress{Done: done, Total: total})
					mu.Unlock()
				}
			}
		}(tallies[i], &errs[i])
	}
	wg.Wait()
	if err := outer.Err(); err != nil {
		return nil, err
	}
	if err := errors.Join(append(errs, readErr)...); err != nil {
		return nil, fmt.Errorf("engine: replay: %w", err)
	}
	out := tallies[0]
	for _, t := range tallies[1:] {
		out.Merge(t)
	}
	return out, nil
}

// one replays a conversation into t and returns how many buyer messages
// of the range it held.
func (w *replayWork) one(ctx context.Context, c ReplayConversationData, t *ReplayTally, terms *termCache) (int, error) {
	bursts := ReplayBursts(c.Messages, w.settings.BurstWait(), w.q.From, w.q.To)
	counted := 0
	for i := range bursts {
		b := &bursts[i]
		counted += b.Counted
		m, answers, err := w.match(ctx, c, b)
		if err != nil {
			return 0, err
		}
		b.Match, b.Answers = m, answers
	}
	if counted == 0 {
		return 0, nil
	}
	steps := ReplayConversation(ReplayInput{Settings: w.settings, Shop: w.shop, Conversation: c.Conversation, Bursts: bursts,
		Calendar: w.r.d.Calendar, Sensitive: w.sensitive, Grid: w.grid, terms: terms})
	t.Add(c.Conversation, bursts, steps)
	return counted, nil
}

type replayHit struct {
	entry int64
	conf  float64
}

// match finds the KB's best answer for a burst as the live reception does
// (Reception.match): the best hit of its text, an enabled entry of the
// shop, its answer for the conversation's order at the burst's time with
// the variables it has values for (no agent serves the conversation).
func (w *replayWork) match(ctx context.Context, c ReplayConversationData, b *ReplayBurst) (*Match, []string, error) {
	if strings.TrimSpace(b.Text) == "" {
		return nil, nil, nil
	}
	var h *replayHit
	if v, ok := w.hits.Load(b.Text); ok {
		h = v.(*replayHit)
	} else {
		hits, err := w.r.d.Retriever.Search(ctx, w.shop.ID, b.Text, 1)
		if err != nil {
			return nil, nil, err
		}
		if len(hits) > 0 {
			h = &replayHit{entry: hits[0].EntryID, conf: hits[0].Confidence}
		}
		w.hits.Store(b.Text, h)
	}
	if h == nil {
		return nil, nil, nil
	}
	e, ok := w.entries[h.entry]
	if !ok || !e.Enabled {
		return nil, nil, nil
	}
	last := b.Lines[len(b.Lines)-1]
	var order OrderContext
	if len(c.Orders) > 0 {
		var upTo []Message
		for _, m := range c.Messages {
			if m.ID > last.ID {
				break
			}
			upTo = append(upTo, m)
		}
		order = PickOrder(upTo, c.Orders, last.CreatedAt)
	}
	conv := c.Conversation
	conv.AgentID = 0
	answer, missing, ok := pickAnswer(e.AnswersFor(order.State), ConversationVars(w.shop, conv, nil, order))
	if !ok {
		return nil, nil, nil
	}
	answers := make([]string, len(e.Answers))
	for i, a := range e.Answers {
		answers[i] = a.Text
	}
	return &Match{EntryID: e.ID, Question: e.Question, Intent: e.Intent, Confidence: h.conf, Answer: answer,
		Missing: missing, NeverAuto: e.NeverAuto, Operations: e.Operations}, answers, nil
}

// ReplayDays returns the query bounds of the days from to to (2026-11-21,
// in loc, both included); an empty day leaves its bound open. A day that
// is no date, or a last day before the first, is an *InputError.
func ReplayDays(from, to string, loc *time.Location) (time.Time, time.Time, error) {
	parse := func(s string) (time.Time, error) {
		if strings.TrimSpace(s) == "" {
			return time.Time{}, nil
		}
		return parseDay(s, loc)
	}
	f, err := parse(from)
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	t, err := parse(to)
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	if !t.IsZero() {
		t = t.AddDate(0, 0, 1)
		if !f.IsZero() && !t.After(f) {
			return time.Time{}, time.Time{}, &InputError{Key: "history_range_reversed", Detail: fmt.Sprintf("the last day %s is before the first day %s", to, from)}
		}
	}
	return f, t, nil
}
