package app

import (
	"context"
	"log/slog"
	"unicode/utf8"

	"replydesk/engine"
)

// FeedbackService is bound to the window: the feedback loop's proposals
// (FB-1, FB-4), unanswered questions and overlapping entries (FB-2) and
// review queue (FB-3). Replay (FB-5) is ReplayService.
//
// Lists come in pages of at most maxPage, their long texts clipped to
// listRunes (the window's bridge drops messages of about 64 KB in dev
// mode): Proposal and ReviewItem give one whole.
type FeedbackService struct {
	ctx        context.Context
	proposals  *engine.Proposals
	review     *engine.Review
	unanswered *engine.Unanswered
	counts     FeedbackCounter
	events     *Events
	actor      func() string
	log        *slog.Logger
	analyses   *jobs[engine.Analysis]
}

// FeedbackCounter counts what waits in a shop's feedback (store.Store).
type FeedbackCounter interface {
	CountProposals(ctx context.Context, shopID int64) (int, error)
	CountReviewItems(ctx context.Context, shopID int64) (int, error)
}

// FeedbackDeps are the parts the service works with.
type FeedbackDeps struct {
	Proposals  *engine.Proposals
	Review     *engine.Review
	Unanswered *engine.Unanswered
	Counts     FeedbackCounter
	Events     *Events
	// Actor names who acts, for the KB's history.
	Actor func() string
	Log   *slog.Logger
}

// NewFeedbackService returns the feedback service.
func NewFeedbackService(d FeedbackDeps) *FeedbackService {
	s := &FeedbackService{ctx: context.Background(), proposals: d.Proposals, review: d.Review, unanswered: d.Unanswered,
		counts: d.Counts, events: d.Events, actor: d.Actor, log: d.Log}
	if s.log == nil {
		s.log = slog.Default()
	}
	s.analyses = newJobs[engine.Analysis](JobAnalysis, func(ev JobEvent) { s.emit(EventFeedbackJob, ev) })
	return s
}

// HookReplies tells the feedback loop about every reply an agent sends
// from the window (FB-1), after Send has returned: it never delays or fails
// a send. agent names who sent it.
func HookReplies(chat *ChatService, feedback *FeedbackService, agent func() string) {
	chat.hook, chat.agent = feedback.replySent, agent
}

// StopJobs cancels the feedback screen's background work under way (an
// analysis, a replay) and waits for it: main calls it when the window
// closes. Either service may be nil.
func StopJobs(feedback *FeedbackService, replay *ReplayService) {
	if feedback != nil {
		feedback.analyses.stopAll()
	}
	if replay != nil {
		replay.replays.stopAll()
	}
}

func (s *FeedbackService) emit(name string, payload any) {
	if s.events != nil {
		s.events.emit(name, payload)
	}
}

// FeedbackChangedEvent is the payload of EventFeedbackChanged.
type FeedbackChangedEvent struct {
	ShopID int64 `json:"shopId"`
}

func (s *FeedbackService) changed(shopID int64, kb bool) {
	s.emit(EventFeedbackChanged, FeedbackChangedEvent{ShopID: shopID})
	if kb {
		s.emit(EventKBChanged, KBChangedEvent{ShopID: shopID})
	}
}

// Paging of the lists.
const (
	maxPage   = 50
	listRunes = 300
)

func pageBounds(offset, limit, n int) (int, int) {
	if limit <= 0 || limit > maxPage {
		limit = maxPage
	}
	offset = min(max(offset, 0), n)
	return offset, min(offset+limit, n)
}

func clipText(s string) string {
	if utf8.RuneCountInString(s) <= listRunes {
		return s
	}
	return string([]rune(s)[:listRunes-1]) + "…"
}

// replySent tells the proposals about a reply an agent sent (FB-1); a
// proposal made or merged is told to the window. It never fails the send:
// errors are logged.
func (s *FeedbackService) replySent(ctx context.Context, r engine.SentReply) {
	p, ok, err := s.proposals.Sent(ctx, r)
	if err != nil {
		s.log.Error("feedback: propose", "conversation", r.Message.ConversationID, "err", err)
		return
	}
	if ok {
		s.changed(p.ShopID, false)
	}
}

// FeedbackCounts is what waits in a shop's feedback: pending proposals and
// open review items.
type FeedbackCounts struct {
	Proposals int `json:"proposals"`
	Review    int `json:"review"`
}

// Counts counts a shop's pending proposals and open review items.
func (s *FeedbackService) Counts(shopID int64) (FeedbackCounts, error) {
	if err := s.review.Sync(s.ctx, shopID); err != nil { // brings new ratings in
		return FeedbackCounts{}, wrap(err)
	}
	p, err := s.counts.CountProposals(s.ctx, shopID)
	if err != nil {
		return FeedbackCounts{}, wrap(err)
	}
	r, err := s.counts.CountReviewItems(s.ctx, shopID)
	return FeedbackCounts{Proposals: p, Review: r}, wrap(err)
}

// ProposalPage is a page of proposals, their texts clipped.
type ProposalPage struct {
	Items []engine.Proposal `json:"items"`
	Total int               `json:"total"`
}

// Proposals returns a page of a shop's proposals in a status (pending,
// accepted, rejected; "" for all), the most recently updated first.
func (s *FeedbackService) Proposals(shopID int64, status string, offset, limit int) (ProposalPage, error) {
	all, err := s.proposals.List(s.ctx, shopID, engine.ProposalStatus(status))
	if err != nil {
		return ProposalPage{}, wrap(err)
	}
	from, to := pageBounds(offset, limit, len(all))
	items := all[from:to]
	for i := range items {
		items[i].Answer = clipText(items[i].Answer)
		if len(items[i].Questions) > 20 {
			items[i].Questions = items[i].Questions[:20]
		}
	}
	return ProposalPage{Items: items, Total: len(all)}, nil
}

// Proposal returns one proposal whole.
func (s *FeedbackService) Proposal(id int64) (engine.Proposal, error) {
	p, err := s.proposals.Get(s.ctx, id)
	return p, wrap(err)
}

// AcceptedProposal is an accepted proposal and the entry it changed.
type AcceptedProposal struct {
	Proposal engine.Proposal `json:"proposal"`
	Entry    engine.Entry    `json:"entry"`
}

// AcceptProposal applies a proposal, as it is or edited, to the KB: the
// change is searchable at once and kept in the entry's history with the
// proposal as its origin (FB-4). Refusals: error.feedback_decided (decided
// already), error.feedback_no_question, error.feedback_no_answer,
// error.kb_duplicate, error.kb_invalid_entry, error.not_found.
func (s *FeedbackService) AcceptProposal(req engine.AcceptProposal) (AcceptedProposal, error) {
	p, e, err := s.proposals.Accept(s.ctx, s.actor(), req)
	if err != nil {
		return AcceptedProposal{}, wrap(err)
	}
	s.changed(p.ShopID, true)
	return AcceptedProposal{Proposal: p, Entry: e}, nil
}

// RejectProposal rejects a proposal: it is never proposed again.
func (s *FeedbackService) RejectProposal(id int64) (engine.Proposal, error) {
	p, err := s.proposals.Reject(s.ctx, s.actor(), id)
	if err != nil {
		return engine.Proposal{}, wrap(err)
	}
	s.changed(p.ShopID, false)
	return p, nil
}

// ReviewPage is a page of the review queue, its texts clipped.
type ReviewPage struct {
	Items []engine.ReviewItem `json:"items"`
	Total int                 `json:"total"`
}

// ReviewItems returns a page of a shop's review queue in a status (open,
// fixed, dismissed; "" for all), newest first; the buyers' unsolved ratings
// join it first.
func (s *FeedbackService) ReviewItems(shopID int64, status string, offset, limit int) (ReviewPage, error) {
	all, err := s.review.List(s.ctx, shopID, engine.ReviewStatus(status))
	if err != nil {
		return ReviewPage{}, wrap(err)
	}
	from, to := pageBounds(offset, limit, len(all))
	items := all[from:to]
	for i := range items {
		it := &items[i]
		it.Question, it.Answer, it.EntryAnswer, it.Text = clipText(it.Question), clipText(it.Answer), clipText(it.EntryAnswer), clipText(it.Text)
	}
	return ReviewPage{Items: items, Total: len(all)}, nil
}

// ReviewItem returns one review item whole.
func (s *FeedbackService) ReviewItem(id int64) (engine.ReviewItem, error) {
	it, err := s.review.Get(s.ctx, id)
	return it, wrap(err)
}

// Report puts an agent's "this suggestion is wrong" in the review queue
// (FB-3). Refusals: error.report_reason_invalid, error.report_text_invalid,
// error.not_found.
func (s *FeedbackService) Report(req engine.ReportInput) (engine.ReviewItem, error) {
	it, err := s.review.Report(s.ctx, s.actor(), req)
	if err != nil {
		return engine.ReviewItem{}, wrap(err)
	}
	s.changed(it.ShopID, false)
	return it, nil
}

// FixReview closes a review item as fixed, first giving its entry the
// request's answer as its primary answer when there is one (through the
// KB, the item as the change's origin).
func (s *FeedbackService) FixReview(req engine.FixReview) (engine.ReviewItem, error) {
	it, err := s.review.Fix(s.ctx, s.actor(), req)
	if err != nil {
		return engine.ReviewItem{}, wrap(err)
	}
	s.changed(it.ShopID, req.Answer != "")
	return it, nil
}

// DismissReview closes a review item with nothing to fix.
func (s *FeedbackService) DismissReview(id int64) (engine.ReviewItem, error) {
	it, err := s.review.Dismiss(s.ctx, s.actor(), id)
	if err != nil {
		return engine.ReviewItem{}, wrap(err)
	}
	s.changed(it.ShopID, false)
	return it, nil
}

// StartAnalysis groups a shop's unanswered questions and looks for
// overlapping entries in the background (FB-2): it returns at once, the
// progress comes as EventFeedbackJob events (kind analysis), and the
// result is read with Groups and Overlaps. An analysis already running
// for the shop goes on.
func (s *FeedbackService) StartAnalysis(shopID int64) (JobEvent, error) {
	j := s.analyses.of(shopID)
	j.start(s.ctx, func(ctx context.Context, progress func(done, total int)) (engine.Analysis, error) {
		return s.unanswered.Analyze(ctx, shopID, func(p engine.AnalysisProgress) { progress(p.Done, p.Total) })
	})
	ev, _ := j.status()
	return ev, nil
}

// CancelAnalysis stops a shop's analysis under way; the last finished one stays.
func (s *FeedbackService) CancelAnalysis(shopID int64) error {
	s.analyses.of(shopID).stop()
	return nil
}

// AnalysisStatus is an analysis's job and, once one finished, its counts.
type AnalysisStatus struct {
	Job      JobEvent `json:"job"`
	Ready    bool     `json:"ready"`
	Messages int      `json:"messages"`
	Groups   int      `json:"groups"`
	Overlaps int      `json:"overlaps"`
	At       string   `json:"at"`
	Elapsed  float64  `json:"elapsedSeconds"`
}

// Analysis returns how a shop's analysis stands.
func (s *FeedbackService) Analysis(shopID int64) (AnalysisStatus, error) {
	ev, r := s.analyses.of(shopID).status()
	st := AnalysisStatus{Job: ev}
	if r != nil {
		st.Ready, st.Messages, st.Groups, st.Overlaps = true, r.Messages, len(r.Groups), len(r.Overlaps)
		st.At, st.Elapsed = r.At.Format("2006-01-02T15:04:05Z07:00"), r.Elapsed
	}
	return st, nil
}

// GroupPage is a page of groups of unanswered questions, their examples
// cut to maxExamplesShown and clipped.
type GroupPage struct {
	Items []engine.QuestionGroup `json:"items"`
	Total int                    `json:"total"`
}

const maxExamplesShown = engine.MaxExamples

// Groups returns a page of the last analysis's groups, best ranked first;
// an empty page before any.
func (s *FeedbackService) Groups(shopID int64, offset, limit int) (GroupPage, error) {
	_, r := s.analyses.of(shopID).status()
	if r == nil {
		return GroupPage{Items: []engine.QuestionGroup{}}, nil
	}
	from, to := pageBounds(offset, limit, len(r.Groups))
	items := make([]engine.QuestionGroup, 0, to-from)
	for _, g := range r.Groups[from:to] {
		g.Label, g.Reply = clipText(g.Label), clipText(g.Reply)
		ex := make([]engine.QuestionExample, 0, maxExamplesShown)
		for _, e := range g.Examples[:min(len(g.Examples), maxExamplesShown)] {
			e.Text, e.Reply = clipText(e.Text), ""
			ex = append(ex, e)
		}
		g.Examples = ex
		items = append(items, g)
	}
	return GroupPage{Items: items, Total: len(r.Groups)}, nil
}

// OverlapPage is a page of overlapping entries.
type OverlapPage struct {
	Items []engine.Overlap `json:"items"`
	Total int              `json:"total"`
}

// Overlaps returns a page of the last analysis's overlapping entries,
// conflicts first.
func (s *FeedbackService) Overlaps(shopID int64, offset, limit int) (OverlapPage, error) {
	_, r := s.analyses.of(shopID).status()
	if r == nil {
		return OverlapPage{Items: []engine.Overlap{}}, nil
	}
	from, to := pageBounds(offset, limit, len(r.Overlaps))
	items := make([]engine.Overlap, 0, to-from)
	for _, o := range r.Overlaps[from:to] {
		o.A.Answer, o.B.Answer = clipText(o.A.Answer), clipText(o.B.Answer)
		if len(o.Shared) > 5 {
			o.Shared = o.Shared[:5]
		}
		items = append(items, o)
	}
	return OverlapPage{Items: items, Total: len(r.Overlaps)}, nil
}

// ApplyGroup turns unanswered questions into similar questions of an entry
// (EntryID) or a new entry (EntryID 0, with Answer), searchable at once,
// the history's origin "unanswered"; the questions leave the groups.
func (s *FeedbackService) ApplyGroup(req engine.GroupAction) (engine.Entry, error) {
	e, err := s.unanswered.Apply(s.ctx, s.actor(), req)
	if err != nil {
		return engine.Entry{}, wrap(err)
	}
	s.dropFromAnalysis(req.ShopID, req.Questions)
	s.changed(req.ShopID, true)
	return e, nil
}

// DismissQuestions sets unanswered questions aside: they leave the groups
// and stay out of the next analyses.
func (s *FeedbackService) DismissQuestions(shopID int64, questions []string) error {
	if err := s.unanswered.Dismiss(s.ctx, s.actor(), shopID, questions); err != nil {
		return wrap(err)
	}
	s.dropFromAnalysis(shopID, questions)
	return nil
}

// dropFromAnalysis takes questions out of the last analysis's groups; a
// group left without a wording goes.
func (s *FeedbackService) dropFromAnalysis(shopID int64, questions []string) {
	j := s.analyses.of(shopID)
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.result == nil {
		return
	}
	gone := map[string]bool{}
	for _, q := range questions {
		gone[engine.QuestionKey(q)] = true
	}
	r := *j.result
	groups := make([]engine.QuestionGroup, 0, len(r.Groups))
	for _, g := range r.Groups {
		var keys []string
		for _, k := range g.Keys {
			if !gone[k] {
				keys = append(keys, k)
			}
		}
		if len(keys) == 0 {
			continue
		}
		if len(keys) < len(g.Keys) {
			var ex []engine.QuestionExample
			size := 0
			for _, e := range g.Examples {
				if !gone[engine.QuestionKey(e.Text)] {
					ex = append(ex, e)
					size += e.Count
				}
			}
			g.Keys, g.Examples, g.Distinct = keys, ex, len(keys)
			if size > 0 && len(ex) == len(keys) {
				g.Size = size
			}
		}
		groups = append(groups, g)
	}
	r.Groups = groups
	j.result = &r
}
