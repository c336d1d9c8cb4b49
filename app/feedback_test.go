package app

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"replydesk/engine"
	"replydesk/internal/boot"
	"replydesk/internal/paths"
	"replydesk/llm"
)

type noKeys struct{}

func (noKeys) Get(string, string) (string, error) { return "", llm.ErrNoSecret }
func (noKeys) Set(string, string, string) error   { return nil }
func (noKeys) Delete(string, string) error        { return llm.ErrNoSecret }

// feedbackRig is the app as main builds it, without the window: the
// feedback and replay services over boot's parts, their events recorded.
type feedbackRig struct {
	t        *testing.T
	a        *boot.App
	rec      *recorder
	chat     *ChatService
	feedback *FeedbackService
	replay   *ReplayService
	shop     int64
}

func newFeedbackRig(t *testing.T) *feedbackRig {
	t.Helper()
	dir := t.TempDir()
	a, err := boot.Open(context.Background(), boot.Options{Paths: paths.Paths{Data: dir, Database: filepath.Join(dir, "db"),
		Index: filepath.Join(dir, "index"), HTTPAddr: "127.0.0.1:0", Exports: filepath.Join(dir, "exports")},
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Keychain: noKeys{}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if _, err := a.Desk.Start(context.Background(), "Ann"); err != nil {
		t.Fatal(err)
	}
	rec := &recorder{wake: make(chan struct{}, 1)}
	events := &Events{send: rec.send}
	events.attach(context.Background())
	actor := func() string { return "Ann" }
	r := &feedbackRig{t: t, a: a, rec: rec, chat: NewChatService(a.Desk, a.Store, a.Store), shop: 1,
		feedback: NewFeedbackService(FeedbackDeps{Proposals: a.Proposals, Review: a.Review, Unanswered: a.Unanswered, Counts: a.Store,
			Events: events, Actor: actor}),
		replay: NewReplayService(a.Replayer, a.Store, events, time.UTC)}
	HookReplies(r.chat, r.feedback, actor)
	t.Cleanup(func() { StopJobs(r.feedback, r.replay) })
	return r
}

func (r *feedbackRig) emitted(name string) int {
	n := 0
	for _, e := range r.rec.events() {
		if e.name == name {
			n++
		}
	}
	return n
}

func TestFB1_SendTellsWhereTheReplyCameFrom(t *testing.T) {
	r := newFeedbackRig(t)
	ctx := context.Background()
	c, _, err := r.a.Desk.ReceiveBuyerMessage(ctx, r.shop, "b1", "", "东西啥时候能寄出来")
	if err != nil {
		t.Fatal(err)
	}
	hits, err := r.a.KB.HitTest(ctx, r.shop, "什么时候发货")
	if err != nil {
		t.Fatal(err)
	}
	ship := hits[0].Entry
	// Detached from the KB (EntryID 0) but started from the entry, edited.
	if _, err := r.chat.Send(SendRequest{ConversationID: c.ID, Text: "亲亲，现货48小时内发出，预售按页面时间哦", FromEntryID: ship.ID, Edited: true}); err != nil {
		t.Fatal(err)
	}
	r.chat.hooked.Wait()
	page, err := r.feedback.Proposals(r.shop, "pending", 0, 10)
	if err != nil || page.Total != 1 || page.Items[0].EntryID != ship.ID || page.Items[0].Why != engine.WhyEdited || page.Items[0].Agent != "Ann" {
		t.Fatalf("proposals %+v, %v", page, err)
	}
	if r.emitted(EventFeedbackChanged) != 1 {
		t.Errorf("%d feedback:changed events", r.emitted(EventFeedbackChanged))
	}
	counts, err := r.feedback.Counts(r.shop)
	if err != nil || counts.Proposals != 1 || counts.Review != 0 {
		t.Errorf("counts %+v, %v", counts, err)
	}
	done, err := r.feedback.AcceptProposal(engine.AcceptProposal{ID: page.Items[0].ID})
	if err != nil || done.Proposal.Status != engine.ProposalAccepted || done.Entry.ID != ship.ID {
		t.Fatalf("accepted %+v, %v", done, err)
	}
	if r.emitted(EventKBChanged) != 1 {
		t.Error("no kb:changed event after accepting")
	}
	if _, err := r.feedback.AcceptProposal(engine.AcceptProposal{ID: page.Items[0].ID}); errKey(err) != "error.feedback_decided" {
		t.Errorf("accepting twice: %v", err)
	}
	if _, err := r.feedback.Report(engine.ReportInput{ConversationID: c.ID, EntryID: ship.ID, Reason: "nonsense"}); errKey(err) != "error.report_reason_invalid" {
		t.Errorf("a bad reason: %v", err)
	}
	it, err := r.feedback.Report(engine.ReportInput{ConversationID: c.ID, EntryID: ship.ID, Reason: "incomplete", Answer: strings.Repeat("长", 500)})
	if err != nil {
		t.Fatal(err)
	}
	rp, err := r.feedback.ReviewItems(r.shop, "open", 0, 10)
	if err != nil || rp.Total != 1 || len([]rune(rp.Items[0].Answer)) != listRunes {
		t.Errorf("review page %+v, %v; want the answer clipped", rp, err)
	}
	if whole, err := r.feedback.ReviewItem(it.ID); err != nil || len([]rune(whole.Answer)) != 500 {
		t.Errorf("the item whole: %d runes, %v", len([]rune(whole.Answer)), err)
	}
}

func TestFB5_ReplayRunsInTheBackground(t *testing.T) {
	r := newFeedbackRig(t)
	ctx := context.Background()
	at := time.Date(2026, 11, 3, 2, 0, 0, 0, time.UTC)
	var convs []engine.ImportedConversation
	for i := range 40 {
		t0 := at.Add(time.Duration(i) * time.Hour)
		convs = append(convs, engine.ImportedConversation{BuyerExternalID: "imp" + string(rune('a'+i%26)) + string(rune('a'+i/26)),
			Messages: []engine.ImportedMessage{
				{Sender: engine.SenderBuyer, Text: "能开发票吗", At: t0},
				{Sender: engine.SenderAgent, Text: "这个要问一下财务，稍等", At: t0.Add(time.Minute)},
			}})
	}
	if _, err := r.a.Store.ImportConversations(ctx, r.shop, convs); err != nil {
		t.Fatal(err)
	}
	if _, err := r.replay.StartReplay(ReplayRequest{ShopID: r.shop, Source: "chat"}); errKey(err) != "error.feedback_replay_source" {
		t.Errorf("a bad source: %v", err)
	}
	if _, err := r.replay.StartReplay(ReplayRequest{ShopID: r.shop, From: "2026-11-05", To: "2026-11-01"}); errKey(err) != "error.history_range_reversed" {
		t.Errorf("a reversed range: %v", err)
	}
	ev, err := r.replay.StartReplay(ReplayRequest{ShopID: r.shop, From: "2026-11-03", To: "2026-11-03"})
	if err != nil || ev.State != JobRunning || ev.Kind != JobReplay {
		t.Fatalf("started %+v, %v", ev, err)
	}
	r.replay.replays.of(r.shop).wait()
	v, err := r.replay.ReplayStatus(r.shop)
	if err != nil || v.Job.State != JobDone || v.Report == nil || v.KBChanged || v.From != "2026-11-03" || v.To != "2026-11-03" {
		t.Fatalf("status %+v, %v", v, err)
	}
	// 2026-11-03 UTC holds the first 22 hours of buyer messages.
	if v.Report.Messages != 22 || v.Report.Coverage != 1 || v.Report.Agreement != 0 || v.Report.Disagreements != nil {
		t.Errorf("report: %d messages, coverage %.2f, agreement %.2f", v.Report.Messages, v.Report.Coverage, v.Report.Agreement)
	}
	page, err := r.replay.Disagreements(r.shop, 0, 0, 5)
	if err != nil || page.Total != 22 || len(page.Items) != 5 || page.Items[0].Human != "这个要问一下财务，稍等" {
		t.Errorf("disagreements %+v, %v", page, err)
	}
	if page, _ := r.replay.Disagreements(r.shop, 1, 0, 5); page.Total != 22 {
		t.Errorf("at threshold 1 (exact questions): %d", page.Total)
	}
	last := r.rec.events()
	if e := last[len(last)-1]; e.name != EventFeedbackJob || e.payload.(JobEvent).State != JobDone {
		t.Errorf("last event %+v", e)
	}
	// A change of the shop's KB makes the report stale.
	hits, _ := r.a.KB.HitTest(ctx, r.shop, "能开发票吗")
	e := hits[0].Entry
	e.Similar = append(e.Similar, "开票怎么弄")
	if _, err := r.a.KB.Save(ctx, "Ann", e); err != nil {
		t.Fatal(err)
	}
	if v, _ := r.replay.ReplayStatus(r.shop); !v.KBChanged {
		t.Error("the report is not stale after a KB change")
	}
	// Cancelled: the last finished report stays.
	if _, err := r.replay.StartReplay(ReplayRequest{ShopID: r.shop}); err != nil {
		t.Fatal(err)
	}
	_ = r.replay.CancelReplay(r.shop)
	if v, _ := r.replay.ReplayStatus(r.shop); v.Job.State == JobRunning || v.Report == nil {
		t.Errorf("after cancelling: %+v", v)
	}
}

func TestFB2_AnalysisRunsInTheBackground(t *testing.T) {
	r := newFeedbackRig(t)
	ctx := context.Background()
	for i, q := range []string{"衣服起球了怎么办", "衣服起球怎么办呀", "你们老板是谁"} {
		if _, _, err := r.a.Desk.ReceiveBuyerMessage(ctx, r.shop, "u"+string(rune('a'+i)), "", q); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := r.a.Reception.RunDue(ctx); err != nil {
		t.Fatal(err)
	}
	if st, _ := r.feedback.Analysis(r.shop); st.Ready || st.Job.State != JobIdle {
		t.Fatalf("before any analysis: %+v", st)
	}
	if _, err := r.feedback.StartAnalysis(r.shop); err != nil {
		t.Fatal(err)
	}
	r.feedback.analyses.of(r.shop).wait()
	st, err := r.feedback.Analysis(r.shop)
	if err != nil || !st.Ready || st.Job.State != JobDone || st.Groups != 2 {
		t.Fatalf("analysis %+v, %v", st, err)
	}
	groups, err := r.feedback.Groups(r.shop, 0, 10)
	if err != nil || groups.Total != 2 || groups.Items[0].Size != 2 {
		t.Fatalf("groups %+v, %v", groups, err)
	}
	if _, err := r.feedback.ApplyGroup(engine.GroupAction{ShopID: r.shop, Questions: []string{"衣服起球了怎么办", "衣服起球怎么办呀"},
		Answer: "亲，起球属于正常现象，可以用剃毛器处理"}); err != nil {
		t.Fatal(err)
	}
	if groups, _ := r.feedback.Groups(r.shop, 0, 10); groups.Total != 1 || groups.Items[0].Label != "你们老板是谁" {
		t.Errorf("after applying: %+v", groups)
	}
	if err := r.feedback.DismissQuestions(r.shop, []string{"你们老板是谁"}); err != nil {
		t.Fatal(err)
	}
	if groups, _ := r.feedback.Groups(r.shop, 0, 10); groups.Total != 0 {
		t.Errorf("after dismissing: %+v", groups)
	}
	if _, err := r.feedback.ApplyGroup(engine.GroupAction{ShopID: r.shop, Questions: []string{" "}}); errKey(err) != "error.feedback_no_question" {
		t.Errorf("no question: %v", err)
	}
	if _, err := r.feedback.ApplyGroup(engine.GroupAction{ShopID: r.shop, Questions: []string{"新问题"}}); errKey(err) != "error.feedback_no_answer" {
		t.Errorf("no answer: %v", err)
	}
}

func TestFB5_ReplayIsOfferedWhenTheRobotIsSwitchedOn(t *testing.T) {
	r := newFeedbackRig(t)
	events := &Events{send: r.rec.send}
	events.attach(context.Background())
	rs := NewReceptionService(r.a.Settings, r.a.Views, r.a.Desk, r.a.Store, r.a.Screener)
	OfferReplays(rs, events)
	for _, ch := range []map[string]string{{"assist.threshold": "0.8"}, {"robot.enabled": "on"}, {"robot.enabled": "on"}, {"assist.auto_send": "on"}} {
		if _, err := rs.SaveShopSettings(SaveShopSettingsRequest{ShopID: r.shop, Changes: ch}); err != nil {
			t.Fatal(err)
		}
	}
	var keys []string
	for _, e := range r.rec.events() {
		if e.name == EventReplayOffer {
			keys = append(keys, e.payload.(ReplayOfferEvent).Key)
		}
	}
	if strings.Join(keys, ",") != "robot.enabled,assist.auto_send" {
		t.Errorf("offers %v", keys)
	}
}
