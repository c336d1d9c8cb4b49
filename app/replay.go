package app

import (
	"context"
	"time"

	"replydesk/engine"
)

// ReplayService is bound to the window: replay (FB-5) runs a shop's past
// buyer messages through the live robot's decision with the KB as it is
// now, in the background, and shows the coverage, the curve of coverage
// against agreement with the human replies, the disagreements and the
// threshold it suggests. One replay runs at a time (it takes every core).
type ReplayService struct {
	ctx      context.Context
	replayer *engine.Replayer
	seq      ShopKBSeq
	events   *Events
	loc      *time.Location
	replays  *jobs[replayResult]
}

// ShopKBSeq tells the latest change of a shop's KB (store.Store).
type ShopKBSeq interface {
	ShopKBSeq(ctx context.Context, shopID int64) (int64, error)
}

type replayResult struct {
	report engine.ReplayReport
	seq    int64
}

// NewReplayService returns the replay service; dates are days in loc
// (time.Local when nil).
func NewReplayService(replayer *engine.Replayer, seq ShopKBSeq, events *Events, loc *time.Location) *ReplayService {
	if loc == nil {
		loc = time.Local
	}
	s := &ReplayService{ctx: context.Background(), replayer: replayer, seq: seq, events: events, loc: loc}
	s.replays = newJobs[replayResult](JobReplay, func(ev JobEvent) {
		if events != nil {
			events.emit(EventFeedbackJob, ev)
		}
	})
	return s
}

// ReplayRequest asks for a replay of a shop's history: the days From to To
// (2026-11-21, both included; "" leaves a bound open), the Source ("" all,
// "live", "import") and the agreement the suggested threshold aims at (0:
// 95%).
type ReplayRequest struct {
	ShopID int64   `json:"shopId"`
	From   string  `json:"from"`
	To     string  `json:"to"`
	Source string  `json:"source"`
	Target float64 `json:"target"`
}

// StartReplay starts a replay in the background and returns at once; its
// progress comes as EventFeedbackJob events (kind replay), its result with
// ReplayStatus. A replay of the shop already running goes on; one of
// another shop refuses it (error.feedback_replay_busy). Bad days:
// error.history_bad_date, error.history_range_reversed; an unknown source:
// error.feedback_replay_source.
func (s *ReplayService) StartReplay(req ReplayRequest) (JobEvent, error) {
	from, to, err := engine.ReplayDays(req.From, req.To, s.loc)
	if err != nil {
		return JobEvent{}, wrap(err)
	}
	switch req.Source {
	case engine.ReplayAll, engine.ReplayLive, engine.ReplayImport:
	default:
		return JobEvent{}, &Error{Kind: KindInvalid, Key: "error.feedback_replay_source", Message: "the source is all, live or import"}
	}
	j := s.replays.of(req.ShopID)
	if ev, _ := j.status(); ev.State != JobRunning && s.replays.running() {
		return JobEvent{}, &Error{Kind: KindConflict, Key: "error.feedback_replay_busy", Message: "another shop's replay is running"}
	}
	q := engine.ReplayRequest{ReplayQuery: engine.ReplayQuery{ShopID: req.ShopID, From: from, To: to, Source: req.Source}, Target: req.Target}
	j.start(s.ctx, func(ctx context.Context, progress func(done, total int)) (replayResult, error) {
		seq, err := s.seq.ShopKBSeq(ctx, req.ShopID)
		if err != nil {
			return replayResult{}, err
		}
		rep, err := s.replayer.Run(ctx, q, func(p engine.ReplayProgress) { progress(p.Done, p.Total) })
		return replayResult{report: rep, seq: seq}, err
	})
	ev, _ := j.status()
	return ev, nil
}

// CancelReplay stops a shop's replay under way; the last finished one stays.
func (s *ReplayService) CancelReplay(shopID int64) error {
	s.replays.of(shopID).stop()
	return nil
}

// ReplayView is how a shop's replay stands: its job, and once one
// finished, its report (the disagreements are read in pages with
// Disagreements) and whether the shop's KB changed since (a replay again
// shows what the change did).
type ReplayView struct {
	Job       JobEvent             `json:"job"`
	Report    *engine.ReplayReport `json:"report"`
	KBChanged bool                 `json:"kbChanged"`
	// From and To are the report's days as asked ("" open).
	From string `json:"from"`
	To   string `json:"to"`
}

// ReplayStatus returns how a shop's replay stands.
func (s *ReplayService) ReplayStatus(shopID int64) (ReplayView, error) {
	ev, r := s.replays.of(shopID).status()
	v := ReplayView{Job: ev}
	if r == nil {
		return v, nil
	}
	rep := r.report
	rep.Disagreements = nil
	v.Report = &rep
	if !rep.Query.From.IsZero() {
		v.From = rep.Query.From.In(s.loc).Format(time.DateOnly)
	}
	if !rep.Query.To.IsZero() {
		v.To = rep.Query.To.In(s.loc).AddDate(0, 0, -1).Format(time.DateOnly)
	}
	seq, err := s.seq.ShopKBSeq(s.ctx, shopID)
	if err != nil {
		return ReplayView{}, wrap(err)
	}
	v.KBChanged = seq != r.seq
	return v, nil
}

// DisagreementPage is a page of a replay's disagreements, texts clipped.
type DisagreementPage struct {
	Items []engine.Disagreement `json:"items"`
	Total int                   `json:"total"`
}

// Disagreements returns a page of the last replay's disagreements at a
// threshold (0: the shop's when it ran): the buyer messages the robot would
// have answered there while the human said something else, the most
// confident first.
func (s *ReplayService) Disagreements(shopID int64, threshold float64, offset, limit int) (DisagreementPage, error) {
	_, r := s.replays.of(shopID).status()
	if r == nil {
		return DisagreementPage{Items: []engine.Disagreement{}}, nil
	}
	if threshold <= 0 {
		threshold = r.report.Threshold
	}
	var at []engine.Disagreement
	for _, d := range r.report.Disagreements {
		if d.UpTo >= threshold-1e-9 {
			at = append(at, d)
		}
	}
	from, to := pageBounds(offset, limit, len(at))
	items := make([]engine.Disagreement, 0, to-from)
	for _, d := range at[from:to] {
		d.Question, d.Answer, d.Human = clipText(d.Question), clipText(d.Answer), clipText(d.Human)
		items = append(items, d)
	}
	return DisagreementPage{Items: items, Total: len(at)}, nil
}
