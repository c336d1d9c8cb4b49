package engine

import (
	"context"
	"time"
)

// Reception's drafts (LM-3): where a shop turned assist.draft_auto_send on
// and a Drafter is set, a decision that sends the matched KB answer on its
// own (Draftable) sends an LLM draft instead when one comes within the
// Drafter's budget and passes the decision's checks (WithDraft); otherwise
// the KB answer goes, silently.
//
// A batch never waits for drafts longer than one budget, and the decisions
// that need none do not wait at all: the batch's drafts start while its
// decisions are prepared, all at once (at most maxDraftsInFlight at a
// time, all within one budget from the first), the decisions that need no
// draft are written meanwhile, and the others are written, in a second
// transaction, once their drafts are in or the budget is spent. A draft
// that comes later is dropped. Decisions made again because their
// conversation changed meanwhile (stale) are not drafted again.

// Draftable reports whether reception may send an LLM draft in place of a
// decision's reply (LM-3): the shop allows it (assist.draft_auto_send), and
// the decision sends the matched KB answer on its own — assist's auto_sent
// or the robot's robot_sent, a text whose variables all have values; not a
// fallback, away reply, greeting or order-prediction card, not a
// scenario's script, and not an answer that announces a transfer to a
// human (its words go with the transfer).
//
// Decide stays a pure function of facts that are all known before it runs;
// a draft is a post-step on its Reply (Draftable, then WithDraft), not one
// more fact, because a draft costs an LLM call and is only worth asking for
// once Decide has said a KB answer goes out on its own: drafting for every
// buyer message would call the LLM for the many that get no automatic
// reply. Both steps are pure too: the worker does the drafting.
func Draftable(f Facts, d Decision) bool {
	m := f.Match
	if !f.Settings.DraftAutoSend || m == nil || d.Reply == nil || d.Transfer {
		return false
	}
	if d.Reply.Type != "" && d.Reply.Type != MessageText {
		return false
	}
	switch {
	case d.Outcome == OutcomeAssist && d.Reason.Key == "auto_sent":
	case d.Outcome == OutcomeRobot && d.Reason.Key == "robot_sent":
	default:
		return false
	}
	return m.Scenario == "" && len(m.Missing) == 0 && d.Reply.EntryID == m.EntryID
}

// draftReasons are the reason keys of a decision whose reply is a draft,
// by the key of the decision it replaced the answer of.
var draftReasons = map[string]string{"auto_sent": "auto_sent_draft", "robot_sent": "robot_sent_draft"}

// WithDraft returns d with the draft as its reply, and true, when the
// decision is Draftable and the draft passes the checks the decision
// applied to the KB answer: CheckDraft (no variable left, among others),
// no sensitive word (f.Sensitive, RB-10), no phrase the platform's rules
// forbid (Forbidden, SA-8). The reason becomes auto_sent_draft or
// robot_sent_draft, with the same arguments, so that the agent sees the
// reply was a draft. Otherwise it returns d as it is, and false: the KB
// answer goes, silently.
func WithDraft(f Facts, d Decision, draft string) (Decision, bool) {
	if !Draftable(f, d) {
		return d, false
	}
	text, err := CheckDraft(draft, f.Text)
	if err != nil {
		return d, false
	}
	if f.Sensitive != nil && len(f.Sensitive(text)) > 0 {
		return d, false
	}
	if len(Forbidden(f.Match.Rules, text)) > 0 {
		return d, false
	}
	reply := *d.Reply
	reply.Text = text
	d.Reply = &reply
	d.Reason = Reason{Key: draftReasons[d.Reason.Key], Args: d.Reason.Args}
	return d, true
}

// sentDraftBefore reports whether an earlier decision sent a draft of the
// entry's answer on its own: the same reply in other words (AS-9).
func sentDraftBefore(prior []DecisionRecord, entryID int64) bool {
	for _, p := range prior {
		if p.EntryID == entryID && (p.Reason.Key == "auto_sent_draft" || p.Reason.Key == "robot_sent_draft") {
			return true
		}
	}
	return false
}

// maxDraftsInFlight is the most drafts of a batch asked for at once: a local
// model serves a few at a time, and the rest would only wait in its queue.
// A draft still waiting for its turn when the budget is spent is not sent.
const maxDraftsInFlight = 8

// SetDrafter puts an LLM drafter in use for the replies sent on their own,
// or none (nil). Desk.SetDrafter calls it for the desk's reception.
func (r *Reception) SetDrafter(dr Drafter) { r.drafter.set(dr) }

// draftRun drafts the replies of one batch concurrently within one budget.
type draftRun struct {
	dr     Drafter
	budget time.Duration
	base   context.Context
	// ctx ends the run: the budget after the first draft started; nil
	// until then.
	ctx     context.Context
	cancel  context.CancelFunc
	slots   chan struct{}
	results chan draftResult
	started int
}

type draftResult struct {
	job  int
	text string
	err  error
}

// newDraftRun returns a run for a batch of at most n drafts, or nil when
// no Drafter is set (a nil run drafts nothing).
func (r *Reception) newDraftRun(ctx context.Context, n int) *draftRun {
	dr := r.drafter.get()
	if dr == nil || n == 0 {
		return nil
	}
	return &draftRun{dr: dr, budget: draftBudget(dr), base: ctx,
		slots: make(chan struct{}, maxDraftsInFlight), results: make(chan draftResult, n)}
}

// start asks for a draft in the background and returns its job number, or
// -1 when the run is nil or full.
func (run *draftRun) start(req DraftRequest) int {
	if run == nil || run.started == cap(run.results) {
		return -1
	}
	if run.ctx == nil {
		run.ctx, run.cancel = context.WithTimeout(context.WithoutCancel(run.base), run.budget)
	}
	job := run.started
	run.started++
	go func() {
		select {
		case run.slots <- struct{}{}:
		case <-run.ctx.Done():
			run.results <- draftResult{job: job, err: run.ctx.Err()}
			return
		}
		text, err := run.dr.Draft(run.ctx, req)
		<-run.slots
		run.results <- draftResult{job: job, text: text, err: err} // buffered for every job: never blocks
	}()
	return job
}

// wait returns the drafts that came within the budget, by job number; the
// ones still out are not waited for (stop cancels them).
func (run *draftRun) wait() map[int]string {
	if run == nil || run.started == 0 {
		return nil
	}
	out := make(map[int]string, run.started)
	take := func(res draftResult) {
		if res.err == nil {
			out[res.job] = res.text
		}
	}
	for n := 0; n < run.started; n++ {
		select {
		case res := <-run.results:
			take(res)
		case <-run.ctx.Done():
			for {
				select {
				case res := <-run.results:
					take(res)
				default:
					return out
				}
			}
		}
	}
	return out
}

// stop cancels the drafts still out.
func (run *draftRun) stop() {
	if run != nil && run.cancel != nil {
		run.cancel()
	}
}
