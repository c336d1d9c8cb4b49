package engine

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// The dashboard (MT-6): a shop's figures per day over a range of days in
// the shop's time zone, for every agent or one, from the sessions' facts;
// each session belongs to the day its buyer's first message came.

// SessionRow is one session as the dashboard reads it: its facts (those
// the definitions read; LastSender only as far as they tell senders apart)
// and its agent — the agent of its first human reply, else the one who
// served it last (0: none, intelligent reception or nobody).
type SessionRow struct {
	AgentID int64
	Facts   SessionFacts
}

// FactsRange selects a shop's sessions (and their turns) by the time of
// the buyer's first message, in [From, To) Unix milliseconds.
type FactsRange struct {
	ShopID   int64
	From, To int64
}

// EntryStat is what a KB entry did over the range: Hits, the buyer
// messages it was recognised in (the best match, at or above the shop's
// threshold); Failed, its answers the buyer rated unsolved plus the
// messages it was recognised in that still went to a human (the answer
// could not be sent: never auto-reply, missing variables, sensitive words,
// a repeat). Question is "" for an entry since deleted.
type EntryStat struct {
	EntryID  int64  `json:"entryId"`
	Question string `json:"question"`
	Hits     int    `json:"hits"`
	Failed   int    `json:"failed"`
}

// ReasonCount is how many robot replies were rated unsolved for a reason.
type ReasonCount struct {
	Reason string `json:"reason"`
	Count  int    `json:"count"`
}

// MetricsStore reads the facts of the metrics (store.Store).
type MetricsStore interface {
	// SessionRows calls fn for every session of the range, in any order.
	SessionRows(ctx context.Context, r FactsRange, fn func(SessionRow)) error
	// Turns calls fn for every human turn of the range's sessions.
	Turns(ctx context.Context, r FactsRange, fn func(Turn)) error
	// EntryStats returns the entries' hits and failures of decisions and
	// ratings made in [from, to) (unordered, questions empty).
	EntryStats(ctx context.Context, shopID int64, from, to time.Time) ([]EntryStat, error)
	// UnsolvedReasons counts the robot replies rated unsolved in
	// [from, to) by reason.
	UnsolvedReasons(ctx context.Context, shopID int64, from, to time.Time) ([]ReasonCount, error)
	Shop(ctx context.Context, id int64) (Shop, error)
	Agents(ctx context.Context) ([]Agent, error)
}

// Figures are the counts of a day, an agent or a whole range; the rates
// are their ratios (the window divides; rdctl's JSON gives them).
type Figures struct {
	// Sessions with a buyer message; Answered24h of them answered within
	// 24 h (MT-1), Due24h not answered yet with time left.
	Sessions    int `json:"sessions"`
	Answered24h int `json:"answered24h"`
	Due24h      int `json:"due24h"`
	// HumanSessions had a human reply; FirstResponseMs is the sum of
	// their first response times (MT-2).
	HumanSessions   int   `json:"humanSessions"`
	FirstResponseMs int64 `json:"firstResponseMs"`
	// Rated sessions and the Satisfied among them (MT-3).
	Rated     int `json:"rated"`
	Satisfied int `json:"satisfied"`
	// Resolved by intelligent reception (MT-4).
	Resolved int `json:"resolved"`
	// RobotSessions the robot received, RobotHandoffs it handed to a human.
	RobotSessions int `json:"robotSessions"`
	RobotHandoffs int `json:"robotHandoffs"`
	// KPIs are the platform's KPIs, in Report.KPIs' order.
	KPIs []KPICount `json:"kpis"`
}

// KPICount counts a KPI's turns or sessions: Met in time, Missed, and
// Due (not answered yet, time left). Its rate is Met over all three.
type KPICount struct {
	Met    int `json:"met"`
	Missed int `json:"missed"`
	Due    int `json:"due"`
}

// DayFigures are a day's figures.
type DayFigures struct {
	Date string `json:"date"`
	Figures
}

// AgentFigures are an agent's figures over the range (AgentID 0: sessions
// no agent served).
type AgentFigures struct {
	AgentID int64  `json:"agentId"`
	Name    string `json:"name"`
	Figures
}

// KPIInfo describes a KPI of the report.
type KPIInfo struct {
	Key  string            `json:"key"`
	Name map[string]string `json:"name"`
	Kind KPIKind           `json:"kind"`
	// Minutes is the clock; Window the daily window ("" all day).
	Minutes float64           `json:"minutes"`
	Window  string            `json:"window"`
	Target  float64           `json:"target"`
	Note    map[string]string `json:"note,omitempty"`
}

// MetricsRequest asks for a shop's figures on the days From to To
// ("2026-11-01", both included, in the shop's time zone), of every agent
// (AgentID 0) or one.
type MetricsRequest struct {
	ShopID  int64  `json:"shopId"`
	AgentID int64  `json:"agentId"`
	From    string `json:"from"`
	To      string `json:"to"`
}

// Report is the dashboard of a shop over a range of days.
type Report struct {
	ShopID   int64  `json:"shopId"`
	ShopName string `json:"shopName"`
	Platform string `json:"platform"`
	TimeZone string `json:"timeZone"`
	From     string `json:"from"`
	To       string `json:"to"`
	AgentID  int64  `json:"agentId"`
	// KPIs are the platform's (none for a platform without a KPI file);
	// Sources where their definitions come from.
	KPIs    []KPIInfo   `json:"kpis"`
	Sources []KPISource `json:"sources"`
	// Days has every day of the range, oldest first; Total sums them.
	Days  []DayFigures `json:"days"`
	Total Figures      `json:"total"`
	// Agents are every agent's totals (whatever AgentID), most sessions
	// first.
	Agents []AgentFigures `json:"agents"`
	// The shop's robot and KB over the range, whatever AgentID: unsolved
	// reasons, the most-hit and the most-failed entries (at most
	// TopEntries each).
	Unsolved  []ReasonCount `json:"unsolved"`
	TopHits   []EntryStat   `json:"topHits"`
	TopFailed []EntryStat   `json:"topFailed"`
	// Now is the time the figures are as of: sessions whose clocks still
	// run are Due.
	Now time.Time `json:"now"`
}

// TopEntries is how many entries each list of a report holds.
const TopEntries = 10

// DefaultMetricsDays is the range of a report asked for without dates:
// the last 7 days, today included.
const DefaultMetricsDays = 7

// Metrics computes the dashboard.
type Metrics struct {
	st      MetricsStore
	entries Entries
	clocks  *Clocks
	clock   Clock
}

// NewMetrics returns the metrics over st; entries name the KB entries,
// clocks give the shops' KPIs and time zones.
func NewMetrics(st MetricsStore, entries Entries, clocks *Clocks, clock Clock) *Metrics {
	return &Metrics{st: st, entries: entries, clocks: clocks, clock: clock}
}

// Clocks returns the shops' clocks the figures are computed with.
func (m *Metrics) Clocks() *Clocks { return m.clocks }

// Report computes a shop's figures (MT-1 – MT-6) on a range of days (at
// most MaxHistoryDays) in its time zone; without From and To, the last
// DefaultMetricsDays. Errors: history_bad_date,
// history_range_reversed, history_range_too_long (*InputError);
// ErrNotFound for an unknown shop.
func (m *Metrics) Report(ctx context.Context, req MetricsRequest) (Report, error) {
	shop, err := m.st.Shop(ctx, req.ShopID)
	if err != nil {
		return Report{}, fmt.Errorf("engine: metrics: %w", err)
	}
	loc := m.clocks.Location(shop.ID)
	now := m.clock.Now()
	if req.From == "" && req.To == "" {
		today := now.In(loc)
		req.From, req.To = today.AddDate(0, 0, -(DefaultMetricsDays-1)).Format(time.DateOnly), today.Format(time.DateOnly)
	}
	from, to, err := DayRange(req.From, req.To, loc)
	if err != nil {
		return Report{}, err
	}
	p, _ := m.clocks.KPIs(shop.ID)
	rep := Report{ShopID: shop.ID, ShopName: shop.Name, Platform: shop.Platform, TimeZone: loc.String(),
		From: req.From, To: req.To, AgentID: req.AgentID, Sources: p.Sources, Now: now}
	if rep.Sources == nil {
		rep.Sources = []KPISource{}
	}
	rep.KPIs = make([]KPIInfo, len(p.KPIs))
	for i, k := range p.KPIs {
		rep.KPIs[i] = KPIInfo{Key: k.Key, Name: k.Name, Kind: k.Kind, Minutes: k.Clock().Minutes(), Window: k.Window, Target: k.Target, Note: k.Note}
	}
	days := dayIndex(from, to, loc)
	rep.Days = make([]DayFigures, len(days.dates))
	for i, d := range days.dates {
		rep.Days[i] = DayFigures{Date: d, Figures: Figures{KPIs: make([]KPICount, len(p.KPIs))}}
	}
	fr := FactsRange{ShopID: shop.ID, From: from.UnixMilli(), To: to.UnixMilli()}
	a := &aggregator{kpis: p.KPIs, loc: loc, now: Ms(now), days: days, agent: req.AgentID, rep: &rep, byAgent: map[int64]*Figures{}}

	// The sessions and the turns are read and counted at once, apart
	// (turns), and put together after; the KB's and ratings' figures last.
	var wg sync.WaitGroup
	var turnErr error
	turns := newTurnCounts(len(days.dates), len(p.KPIs))
	wg.Add(1)
	go func() {
		defer wg.Done()
		turnErr = m.st.Turns(ctx, fr, func(t Turn) { turns.add(t, a) })
	}()
	err = m.st.SessionRows(ctx, fr, a.session)
	wg.Wait()
	if err = cmpErr(err, turnErr); err != nil {
		return Report{}, fmt.Errorf("engine: metrics: %w", err)
	}
	turns.into(a)
	if err := m.robotAndKB(ctx, &rep, shop.ID, from, to); err != nil {
		return Report{}, fmt.Errorf("engine: metrics: %w", err)
	}
	if err := a.agents(ctx, m.st); err != nil {
		return Report{}, fmt.Errorf("engine: metrics: %w", err)
	}
	for _, d := range rep.Days {
		rep.Total.add(d.Figures)
	}
	if rep.Total.KPIs == nil {
		rep.Total.KPIs = make([]KPICount, len(p.KPIs))
	}
	return rep, nil
}

func cmpErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// robotAndKB fills the report's unsolved reasons and KB entries.
func (m *Metrics) robotAndKB(ctx context.Context, rep *Report, shopID int64, from, to time.Time) error {
	reasons, err := m.st.UnsolvedReasons(ctx, shopID, from, to)
	if err != nil {
		return err
	}
	slices.SortFunc(reasons, func(a, b ReasonCount) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Reason, b.Reason)
	})
	rep.Unsolved = append([]ReasonCount{}, reasons...)
	stats, err := m.st.EntryStats(ctx, shopID, from, to)
	if err != nil {
		return err
	}
	top := func(key func(EntryStat) int) []EntryStat {
		var out []EntryStat
		for _, s := range stats {
			if key(s) > 0 {
				out = append(out, s)
			}
		}
		slices.SortFunc(out, func(a, b EntryStat) int {
			if key(a) != key(b) {
				return key(b) - key(a)
			}
			return int(a.EntryID - b.EntryID)
		})
		return append([]EntryStat{}, out[:min(len(out), TopEntries)]...)
	}
	rep.TopHits = top(func(s EntryStat) int { return s.Hits })
	rep.TopFailed = top(func(s EntryStat) int { return s.Failed })
	var ids []int64
	for _, s := range append(rep.TopHits, rep.TopFailed...) {
		ids = append(ids, s.EntryID)
	}
	if len(ids) == 0 || m.entries == nil {
		return nil
	}
	entries, err := m.entries.Entries(ctx, ids)
	if err != nil {
		return err
	}
	names := make(map[int64]string, len(entries))
	for _, e := range entries {
		names[e.ID] = e.Question
	}
	for _, list := range [][]EntryStat{rep.TopHits, rep.TopFailed} {
		for i := range list {
			list[i].Question = names[list[i].EntryID]
		}
	}
	return nil
}
