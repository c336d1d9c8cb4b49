package engine

import (
	"context"
	"slices"
	"sort"
	"time"
)

// days are the calendar days of a range in a time zone: their dates and
// the instants they start.
type days struct {
	dates  []string
	starts []int64 // Unix milliseconds
	end    int64
}

// dayIndex lists the days of [from, to), both midnights in loc.
func dayIndex(from, to time.Time, loc *time.Location) days {
	var d days
	for t := from; t.Before(to); {
		d.dates = append(d.dates, t.Format(time.DateOnly))
		d.starts = append(d.starts, t.UnixMilli())
		y, m, dd := t.Date()
		t = time.Date(y, m, dd+1, 0, 0, 0, 0, loc)
	}
	d.end = to.UnixMilli()
	return d
}

// of returns the index of the day holding the instant ms, -1 for none.
func (d days) of(ms int64) int {
	if len(d.starts) == 0 || ms < d.starts[0] || ms >= d.end {
		return -1
	}
	return sort.Search(len(d.starts), func(i int) bool { return d.starts[i] > ms }) - 1
}

// aggregator adds sessions and turns to a report's days and agents.
type aggregator struct {
	kpis    []KPI
	loc     *time.Location
	now     int64
	days    days
	agent   int64 // 0: every agent's sessions go to the days
	rep     *Report
	byAgent map[int64]*Figures
}

func (a *aggregator) agentFigures(id int64) *Figures {
	f := a.byAgent[id]
	if f == nil {
		f = &Figures{KPIs: make([]KPICount, len(a.kpis))}
		a.byAgent[id] = f
	}
	return f
}

// session adds a session to its day (when its agent is the one asked
// for) and to its agent.
func (a *aggregator) session(r SessionRow) {
	i := a.days.of(r.Facts.Start)
	if i < 0 {
		return
	}
	a.agentFigures(r.AgentID).addSession(r.Facts, a.kpis, a.loc, a.now)
	if a.agent == 0 || a.agent == r.AgentID {
		a.rep.Days[i].addSession(r.Facts, a.kpis, a.loc, a.now)
	}
}

// turnCounts count the human turns of the KPIs that count turns, by day
// and by agent, apart from the sessions (they are read at the same time).
type turnCounts struct {
	days    [][]KPICount
	byAgent map[int64][]KPICount
}

func newTurnCounts(days, kpis int) *turnCounts {
	t := &turnCounts{days: make([][]KPICount, days), byAgent: map[int64][]KPICount{}}
	for i := range t.days {
		t.days[i] = make([]KPICount, kpis)
	}
	return t
}

// add counts a human turn for its session's day (when its agent is the one
// asked for) and for its agent; a's fields are only read.
func (tc *turnCounts) add(t Turn, a *aggregator) {
	i := a.days.of(t.Start)
	if i < 0 {
		return
	}
	ag := tc.byAgent[t.AgentID]
	if ag == nil {
		ag = make([]KPICount, len(a.kpis))
		tc.byAgent[t.AgentID] = ag
	}
	for k, kpi := range a.kpis {
		if kpi.Kind != KPITurns {
			continue
		}
		v := kpi.TurnStatus(t, a.loc)
		ag[k].count(v)
		if a.agent == 0 || a.agent == t.AgentID {
			tc.days[i][k].count(v)
		}
	}
}

// into adds the counts to a's days and agents.
func (tc *turnCounts) into(a *aggregator) {
	for i, d := range tc.days {
		for k, c := range d {
			a.rep.Days[i].KPIs[k].addCount(c)
		}
	}
	for id, counts := range tc.byAgent {
		f := a.agentFigures(id)
		for k, c := range counts {
			f.KPIs[k].addCount(c)
		}
	}
}

// agents fills the report's agents: every agent with figures, by name,
// most sessions first.
func (a *aggregator) agents(ctx context.Context, st MetricsStore) error {
	all, err := st.Agents(ctx)
	if err != nil {
		return err
	}
	names := make(map[int64]string, len(all))
	for _, ag := range all {
		names[ag.ID] = ag.Name
	}
	a.rep.Agents = []AgentFigures{}
	for id, f := range a.byAgent {
		a.rep.Agents = append(a.rep.Agents, AgentFigures{AgentID: id, Name: names[id], Figures: *f})
	}
	slices.SortFunc(a.rep.Agents, func(x, y AgentFigures) int {
		if x.Sessions != y.Sessions {
			return y.Sessions - x.Sessions
		}
		return int(x.AgentID - y.AgentID)
	})
	return nil
}

// addSession counts a session by every definition.
func (f *Figures) addSession(s SessionFacts, kpis []KPI, loc *time.Location, now int64) {
	if s.Start == 0 {
		return
	}
	f.Sessions++
	switch Response24h(s, now) {
	case Met:
		f.Answered24h++
	case Due:
		f.Due24h++
	}
	if d, ok := FirstResponse(s); ok {
		f.HumanSessions++
		f.FirstResponseMs += d.Milliseconds()
	}
	if rated, satisfied := Satisfaction(s); rated {
		f.Rated++
		if satisfied {
			f.Satisfied++
		}
	}
	if ResolvedByReception(s) {
		f.Resolved++
	}
	if served, handedOff := RobotHandoff(s); served {
		f.RobotSessions++
		if handedOff {
			f.RobotHandoffs++
		}
	}
	for i, k := range kpis {
		switch k.Kind {
		case KPITurns:
			f.KPIs[i].count(k.WaitStatus(s, loc, now))
		case KPISessions:
			f.KPIs[i].count(k.SessionStatus(s, loc, now))
		}
	}
}

func (k *KPICount) count(v Verdict) {
	switch v {
	case Met:
		k.Met++
	case Missed:
		k.Missed++
	case Due:
		k.Due++
	}
}

// add adds o's counts to f's.
func (f *Figures) add(o Figures) {
	f.Sessions += o.Sessions
	f.Answered24h += o.Answered24h
	f.Due24h += o.Due24h
	f.HumanSessions += o.HumanSessions
	f.FirstResponseMs += o.FirstResponseMs
	f.Rated += o.Rated
	f.Satisfied += o.Satisfied
	f.Resolved += o.Resolved
	f.RobotSessions += o.RobotSessions
	f.RobotHandoffs += o.RobotHandoffs
	if f.KPIs == nil {
		f.KPIs = make([]KPICount, len(o.KPIs))
	}
	for i, k := range o.KPIs {
		f.KPIs[i].addCount(k)
	}
}

func (k *KPICount) addCount(o KPICount) {
	k.Met += o.Met
	k.Missed += o.Missed
	k.Due += o.Due
}

// Ratio is a share, and false when there is nothing to share (0/0).
type Ratio struct {
	Value float64
	OK    bool
}

func ratio(n, d int) Ratio {
	if d == 0 {
		return Ratio{}
	}
	return Ratio{Value: float64(n) / float64(d), OK: true}
}

// ResponseRate24h is the 24-hour response rate (MT-1).
func (f Figures) ResponseRate24h() Ratio { return ratio(f.Answered24h, f.Sessions) }

// FirstResponseAvg is the average first response time (MT-2); false
// without a session with a human reply.
func (f Figures) FirstResponseAvg() (time.Duration, bool) {
	if f.HumanSessions == 0 {
		return 0, false
	}
	return time.Duration(f.FirstResponseMs/int64(f.HumanSessions)) * time.Millisecond, true
}

// SatisfactionRate is the share of rated sessions that were satisfied (MT-3).
func (f Figures) SatisfactionRate() Ratio { return ratio(f.Satisfied, f.Rated) }

// ResolvedRate is the share of sessions intelligent reception resolved (MT-4).
func (f Figures) ResolvedRate() Ratio { return ratio(f.Resolved, f.Sessions) }

// HandoffRate is the share of the robot's sessions it handed to a human.
func (f Figures) HandoffRate() Ratio { return ratio(f.RobotHandoffs, f.RobotSessions) }

// Rate is the KPI's rate: met over counted (due ones count, not yet met).
func (k KPICount) Rate() Ratio { return ratio(k.Met, k.Met+k.Missed+k.Due) }
