package boot

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"replydesk/engine"
)

// The feedback loop (FB-1 – FB-5) over the app as boot.Open builds it: the
// real SQLite file, the Bleve index with the demo shops' preset KB.

// agentReply sends an agent's reply in c and tells the proposals about it, as
// the window's send does.
func (r *deskRig) agentReply(c engine.Conversation, text string, from int64, edited bool) (engine.Proposal, bool) {
	r.t.Helper()
	m, err := r.a.Desk.SendReply(r.ctx, c.ID, text, from)
	if err != nil {
		r.t.Fatal(err)
	}
	p, ok, err := r.a.Proposals.Sent(r.ctx, engine.SentReply{Message: m, FromEntryID: from, Edited: edited, Agent: "Ann"})
	if err != nil {
		r.t.Fatal(err)
	}
	return p, ok
}

// entryOf returns the entry the KB finds best for a text, with its confidence.
func (r *deskRig) entryOf(text string) (engine.Entry, float64) {
	r.t.Helper()
	res, err := r.a.KB.HitTest(r.ctx, r.shop, text)
	if err != nil || len(res) == 0 {
		r.t.Fatalf("hit test of %q: %v, %d results", text, err, len(res))
	}
	return res[0].Entry, res[0].Confidence
}

func TestFB1_FB4_AnEditedSuggestionBecomesASimilarQuestionOfItsEntry(t *testing.T) {
	r := newDeskRig(t)
	const question = "东西啥时候能寄出来"
	ship, _ := r.entryOf("什么时候发货")
	if got, c := r.entryOf(question); got.ID != ship.ID || c >= r.a.Settings.For(r.shop).Threshold {
		t.Fatalf("the KB already answers %q confidently (%d, %.2f): pick another question", question, got.ID, c)
	}
	c, _ := r.buyer("b1", question)
	r.decide()
	edited := strings.Replace(ship.Answers[0].Text, "亲", "亲亲", 1) + "（今天下单优先发）"
	p, ok := r.agentReply(c, edited, ship.ID, true)
	if !ok || p.Kind != engine.ProposalSimilar || p.EntryID != ship.ID || p.Question != question || p.Why != engine.WhyEdited ||
		p.Status != engine.ProposalPending || p.Count != 1 || p.EntryQuestion != ship.Question || p.Agent != "Ann" {
		t.Fatalf("proposal %+v, %v; want the question as a similar question of %q", p, ok, ship.Question)
	}
	// The same question from another buyer, answered the same way, merges.
	c2, _ := r.buyer("b2", question+"？")
	r.decide()
	if p2, ok := r.agentReply(c2, edited, ship.ID, true); !ok || p2.ID != p.ID || p2.Count != 2 || p2.ConversationID != c2.ID {
		t.Fatalf("the same proposal again: %+v, %v; want it merged", p2, ok)
	}
	list, err := r.a.Proposals.List(r.ctx, r.shop, engine.ProposalPending)
	if err != nil || len(list) != 1 || list[0].ID != p.ID || list[0].Count != 2 || list[0].EntryQuestion != ship.Question ||
		len(list[0].Questions) != 1 {
		t.Fatalf("pending proposals %+v, %v", list, err)
	}
	// FB-4: accepting updates the KB and the index at once, with its origin in the history.
	done, saved, err := r.a.Proposals.Accept(r.ctx, "Owner", engine.AcceptProposal{ID: p.ID})
	if err != nil {
		t.Fatal(err)
	}
	if done.Status != engine.ProposalAccepted || done.DecidedBy != "Owner" || done.ChangeID == 0 || saved.ID != ship.ID ||
		saved.Similar[len(saved.Similar)-1] != question {
		t.Fatalf("accepted %+v, entry %+v", done, saved.Similar)
	}
	if got, c := r.entryOf(question); got.ID != ship.ID || c != 1 {
		t.Errorf("after accepting, the hit test finds %d at %.2f; want %d at 1", got.ID, c, ship.ID)
	}
	h, err := r.a.KB.History(r.ctx, ship.ID)
	if err != nil || len(h) == 0 {
		t.Fatal(h, err)
	}
	if h[0].ID != done.ChangeID || h[0].Origin != engine.OriginProposal+itoa(p.ID) || h[0].Actor != "Owner" ||
		h[0].Action != engine.ActionUpdate || len(h[0].After.Similar) != len(h[0].Before.Similar)+1 {
		t.Errorf("history %+v; want the proposal's change first", h[0])
	}
	if _, _, err := r.a.Proposals.Accept(r.ctx, "Owner", engine.AcceptProposal{ID: p.ID}); !errors.Is(err, engine.ErrDecided) {
		t.Errorf("accepting twice: %v", err)
	}
	// The KB is confident now: the same reply proposes nothing.
	c3, _ := r.buyer("b3", question)
	r.decide()
	if p3, ok := r.agentReply(c3, edited, ship.ID, true); ok {
		t.Errorf("a question the KB answers now was proposed: %+v", p3)
	}
}

func TestFB1_RepliesByHand(t *testing.T) {
	r := newDeskRig(t)
	const question = "衣服起球了怎么办"
	c, _ := r.buyer("b1", question)
	r.decide()
	// Trivial replies propose nothing.
	for _, text := range []string{"好的", "在的亲", "👌"} {
		if p, ok := r.agentReply(c, text, 0, false); ok {
			t.Fatalf("%q proposed %+v", text, p)
		}
	}
	const answer = "亲，可以用剃毛器轻轻处理，属于正常现象，介意的话支持7天无理由退换"
	p, ok := r.agentReply(c, answer, 0, false)
	if !ok || p.Kind != engine.ProposalNew || p.Question != question || p.Answer != answer || p.Why != engine.WhyManual {
		t.Fatalf("proposal %+v, %v; want a new entry", p, ok)
	}
	// A near wording merges into it.
	c2, _ := r.buyer("b2", "衣服起球怎么办呀")
	r.decide()
	if p2, ok := r.agentReply(c2, answer, 0, false); !ok || p2.ID != p.ID || len(p2.Questions) != 2 {
		t.Fatalf("near wording: %+v, %v; want merged", p2, ok)
	}
	// Rejected: never proposed again.
	if _, err := r.a.Proposals.Reject(r.ctx, "Owner", p.ID); err != nil {
		t.Fatal(err)
	}
	c3, _ := r.buyer("b3", question)
	r.decide()
	if p3, ok := r.agentReply(c3, answer, 0, false); ok {
		t.Errorf("a rejected proposal came back: %+v", p3)
	}
	// A reply where the KB was confident proposes nothing.
	c4, _ := r.buyer("b4", "什么时候发货")
	r.decide()
	if p4, ok := r.agentReply(c4, "亲，今天下午就给您发出哈", 0, false); ok {
		t.Errorf("proposed %+v where the KB was confident", p4)
	}
	// Accepting a new-entry proposal, edited: the new entry is searchable at once.
	c5, _ := r.buyer("b5", "你们家衣服会不会缩水")
	r.decide()
	p5, ok := r.agentReply(c5, "纯棉的第一次洗会有轻微缩水，建议冷水手洗", 0, false)
	if !ok {
		t.Fatal("no proposal")
	}
	_, saved, err := r.a.Proposals.Accept(r.ctx, "Owner", engine.AcceptProposal{ID: p5.ID,
		Questions: []string{"衣服会缩水吗", "你们家衣服会不会缩水"}, Answer: "亲，纯棉面料首次洗涤会轻微缩水，建议冷水手洗哦", Category: engine.CategoryProduct})
	if err != nil {
		t.Fatal(err)
	}
	if saved.Question != "衣服会缩水吗" || saved.Category != engine.CategoryProduct || saved.Answers[0].Text != "亲，纯棉面料首次洗涤会轻微缩水，建议冷水手洗哦" {
		t.Errorf("new entry %+v", saved)
	}
	if got, _ := r.entryOf("衣服会缩水吗"); got.ID != saved.ID {
		t.Errorf("the new entry is not found: %d", got.ID)
	}
}

func TestFB3_TheReviewQueue(t *testing.T) {
	r := newDeskRig(t)
	ship, _ := r.entryOf("什么时候发货")
	c, m := r.buyer("b1", "什么时候发货")
	r.decide()
	// A robot reply the buyer rated unsolved.
	_, reply, err := r.a.Store.AppendMessage(r.ctx, c.ID, engine.Message{Sender: engine.SenderRobot, Type: engine.MessageText,
		Text: ship.Answers[0].Text, EntryID: ship.ID, CreatedAt: r.clock.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := r.a.Store.Rate(r.ctx, engine.Rating{ConversationID: c.ID, ShopID: r.shop, ReplyID: reply.ID, EntryID: ship.ID,
		Reason: "irrelevant", Text: "我问的是换货", RatedAt: r.clock.Now()}, nil); err != nil {
		t.Fatal(err)
	}
	// An agent's report of a suggestion.
	rep, err := r.a.Review.Report(r.ctx, "Ann", engine.ReportInput{ConversationID: c.ID, MessageID: m.ID, EntryID: ship.ID,
		Answer: ship.Answers[0].Text, Reason: "outdated", Text: "现在是72小时发货"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Kind != engine.ReviewReport || rep.Question != "什么时候发货" || rep.EntryQuestion != ship.Question || rep.CreatedBy != "Ann" {
		t.Errorf("report %+v", rep)
	}
	for _, bad := range []engine.ReportInput{
		{ConversationID: c.ID, EntryID: ship.ID, Reason: "boring"},
		{ConversationID: c.ID, EntryID: ship.ID, Reason: "other", Text: strings.Repeat("长", engine.MaxRatingTextRunes+1)},
	} {
		var ie *engine.InputError
		if _, err := r.a.Review.Report(r.ctx, "Ann", bad); !errors.As(err, &ie) {
			t.Errorf("report %+v: %v; want an input error", bad, err)
		}
	}
	if _, err := r.a.Review.Report(r.ctx, "Ann", engine.ReportInput{ConversationID: 999, Reason: "other"}); !errors.Is(err, engine.ErrNotFound) {
		t.Errorf("a report of no conversation: %v", err)
	}
	items, err := r.a.Review.List(r.ctx, r.shop, engine.ReviewOpen)
	if err != nil || len(items) != 2 {
		t.Fatalf("queue %+v, %v; want the rating and the report", items, err)
	}
	var rating engine.ReviewItem
	for _, it := range items {
		if it.Kind == engine.ReviewRating {
			rating = it
		}
	}
	if rating.MessageID != reply.ID || rating.Question != "什么时候发货" || rating.Answer != ship.Answers[0].Text ||
		rating.Reason != "irrelevant" || rating.Text != "我问的是换货" || rating.EntryAnswer != ship.Answers[0].Text {
		t.Errorf("rating item %+v", rating)
	}
	// Listing again adds no second item of the same rating.
	if again, _ := r.a.Review.List(r.ctx, r.shop, ""); len(again) != 2 {
		t.Errorf("%d items after listing twice", len(again))
	}
	// Fix: the entry's primary answer is replaced, the item is the change's origin.
	const better = "亲，现在订单72小时内发出哦"
	fixed, err := r.a.Review.Fix(r.ctx, "Owner", engine.FixReview{ID: rep.ID, Answer: better})
	if err != nil || fixed.Status != engine.ReviewFixed || fixed.ClosedBy != "Owner" || fixed.EntryAnswer != better {
		t.Fatalf("fixed %+v, %v", fixed, err)
	}
	if h, _ := r.a.KB.History(r.ctx, ship.ID); h[0].Origin != engine.OriginReview+itoa(rep.ID) {
		t.Errorf("history origin %q", h[0].Origin)
	}
	if _, err := r.a.Review.Dismiss(r.ctx, "Owner", rep.ID); !errors.Is(err, engine.ErrDecided) {
		t.Errorf("dismissing a fixed item: %v", err)
	}
	if _, err := r.a.Review.Dismiss(r.ctx, "Owner", rating.ID); err != nil {
		t.Fatal(err)
	}
	if open, _ := r.a.Review.List(r.ctx, r.shop, engine.ReviewOpen); len(open) != 0 {
		t.Errorf("open items left: %+v", open)
	}
}

func TestFB2_UnansweredQuestionsGroupedAndApplied(t *testing.T) {
	r := newDeskRig(t)
	r.set("assist.auto_send", "off")
	for i, q := range []string{"你们支持花呗分期吗", "你们支持花呗分期吗？", "支持花呗分期付款吗", "衣服起球了怎么办", "什么时候发货", "好的"} {
		c, _ := r.buyer("b"+itoa(int64(i)), q)
		r.decide()
		if i == 0 {
			if _, err := r.a.Desk.SendReply(r.ctx, c.ID, "支持的，结算时选花呗分期即可", 0); err != nil {
				t.Fatal(err)
			}
		}
	}
	an, err := r.a.Unanswered.Analyze(r.ctx, r.shop, nil)
	if err != nil {
		t.Fatal(err)
	}
	// 什么时候发货 is answered confidently; 好的 is trivial. 花呗 matches 付款失败 at 0.95 in the preset KB,
	// so what is left depends on it: the 起球 question at least.
	var pilling *engine.QuestionGroup
	for i, g := range an.Groups {
		for _, ex := range g.Examples {
			if ex.Text == "什么时候发货" || ex.Text == "好的" {
				t.Errorf("group %+v holds a question that is not unanswered", g)
			}
			if ex.Text == "衣服起球了怎么办" {
				pilling = &an.Groups[i]
			}
		}
	}
	if pilling == nil {
		t.Fatalf("no group of the 起球 question: %+v", an.Groups)
	}
	saved, err := r.a.Unanswered.Apply(r.ctx, "Owner", engine.GroupAction{ShopID: r.shop, Questions: []string{"衣服起球了怎么办"},
		Answer: "亲，起球属于正常现象，可以用剃毛器处理"})
	if err != nil {
		t.Fatal(err)
	}
	if got, c := r.entryOf("衣服起球了怎么办"); got.ID != saved.ID || c != 1 {
		t.Errorf("the new entry is not found: %d %.2f", got.ID, c)
	}
	if h, _ := r.a.KB.History(r.ctx, saved.ID); h[0].Origin != engine.OriginUnanswered || h[0].Action != engine.ActionCreate {
		t.Errorf("history %+v", h[0])
	}
	again, err := r.a.Unanswered.Analyze(r.ctx, r.shop, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range again.Groups {
		if g.Key == pilling.Key {
			t.Errorf("the group applied is still there: %+v", g)
		}
	}
}

func TestFB5_ReplayOfAnImportedChatLog(t *testing.T) {
	r := newDeskRig(t)
	ship, _ := r.entryOf("什么时候发货")
	at := time.Date(2026, 11, 1, 2, 0, 0, 0, time.UTC) // 10:00 in Shanghai, within working hours
	var convs []engine.ImportedConversation
	for i := range 30 {
		t0 := at.Add(time.Duration(i) * time.Hour)
		human := ship.Answers[0].Text
		if i%10 == 0 {
			human = "这个要问一下仓库，稍等我回复您"
		}
		convs = append(convs, engine.ImportedConversation{BuyerExternalID: "imp" + itoa(int64(i)), Messages: []engine.ImportedMessage{
			{Sender: engine.SenderBuyer, Text: "什么时候发货", At: t0},
			{Sender: engine.SenderAgent, Text: human, At: t0.Add(time.Minute)},
			{Sender: engine.SenderBuyer, Text: "你们老板是谁", At: t0.Add(2 * time.Minute)},
			{Sender: engine.SenderAgent, Text: "老板不在", At: t0.Add(3 * time.Minute)},
		}})
	}
	if _, err := r.a.Store.ImportConversations(r.ctx, r.shop, convs); err != nil {
		t.Fatal(err)
	}
	var progress []engine.ReplayProgress
	rep, err := r.a.Replayer.Run(r.ctx, engine.ReplayRequest{ReplayQuery: engine.ReplayQuery{ShopID: r.shop, Source: engine.ReplayImport}},
		func(p engine.ReplayProgress) { progress = append(progress, p) })
	if err != nil {
		t.Fatal(err)
	}
	if rep.Messages != 60 || rep.Conversations != 30 || rep.Answered != 30 || rep.Coverage != 0.5 {
		t.Errorf("messages %d in %d conversations, answered %d, coverage %.2f; want 60, 30, 30, 0.5", rep.Messages, rep.Conversations,
			rep.Answered, rep.Coverage)
	}
	if rep.Agreed != 27 || rep.Disagreed != 3 || rep.Agreement != 0.9 {
		t.Errorf("agreed %d, disagreed %d, agreement %.2f; want 27, 3, 0.9", rep.Agreed, rep.Disagreed, rep.Agreement)
	}
	if rep.Outcomes[engine.OutcomeRobot] != 30 || rep.Outcomes[engine.OutcomeFallback] != 30 {
		t.Errorf("outcomes %v", rep.Outcomes)
	}
	if len(rep.Curve) != len(engine.ReplayGrid()) || rep.Curve[0].Coverage != 0.5 {
		t.Errorf("curve %+v", rep.Curve)
	}
	if len(rep.Disagreements) != 3 || rep.Disagreements[0].EntryID != ship.ID || rep.Disagreements[0].Human != "这个要问一下仓库，稍等我回复您" {
		t.Errorf("disagreements %+v", rep.Disagreements)
	}
	if s := rep.Suggestion; s.Reached || s.Why != "not_reached" {
		t.Errorf("suggestion %+v; 90%% agreement reaches no 95%% target", s)
	}
	if last := progress[len(progress)-1]; last.Done != 60 || last.Total != 60 {
		t.Errorf("progress %+v", progress)
	}
	// A target the history meets.
	rep, err = r.a.Replayer.Run(r.ctx, engine.ReplayRequest{ReplayQuery: engine.ReplayQuery{ShopID: r.shop}, Target: 0.85}, nil)
	if err != nil || !rep.Suggestion.Reached || rep.Suggestion.Threshold != engine.MinThreshold || rep.Suggestion.Coverage != 0.5 {
		t.Errorf("suggestion %+v, %v", rep.Suggestion, err)
	}
	// A range that holds nothing; the live history holds nothing.
	rep, err = r.a.Replayer.Run(r.ctx, engine.ReplayRequest{ReplayQuery: engine.ReplayQuery{ShopID: r.shop, Source: engine.ReplayLive}}, nil)
	if err != nil || rep.Messages != 0 || rep.Suggestion.Why != "no_data" {
		t.Errorf("live: %+v, %v", rep, err)
	}
	rep, err = r.a.Replayer.Run(r.ctx, engine.ReplayRequest{ReplayQuery: engine.ReplayQuery{ShopID: r.shop, From: at.AddDate(0, 1, 0)}}, nil)
	if err != nil || rep.Messages != 0 {
		t.Errorf("a later range: %d messages, %v", rep.Messages, err)
	}
	// Replay sent and stored nothing.
	n := 0
	err = r.a.Store.HistoryMessages(r.ctx, engine.HistoryRange{ShopID: r.shop, From: at.AddDate(-1, 0, 0), To: at.AddDate(1, 0, 0)},
		func(m engine.HistoryMessage) error {
			if m.Sender != engine.SenderBuyer && m.Sender != engine.SenderAgent {
				n++
			}
			return nil
		})
	if err != nil || n != 0 {
		t.Errorf("%d automatic messages stored, %v", n, err)
	}
	// Cancelled.
	ctx, cancel := context.WithCancel(r.ctx)
	cancel()
	if _, err := r.a.Replayer.Run(ctx, engine.ReplayRequest{ReplayQuery: engine.ReplayQuery{ShopID: r.shop}}, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
