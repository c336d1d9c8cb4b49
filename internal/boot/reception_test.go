package boot

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"replydesk/engine"
	"replydesk/engine/enginetest"
	"replydesk/internal/paths"
	"replydesk/llm"
)

// These tests run reception over the app as `boot.Open` builds it — a real
// SQLite file, a real Bleve index with the preset KB of the demo shops —
// on a fake clock; the worker's RunDue is called by hand.

type noKeychain struct{}

func (noKeychain) Get(string, string) (string, error) { return "", llm.ErrNoSecret }
func (noKeychain) Set(string, string, string) error   { return nil }
func (noKeychain) Delete(string, string) error        { return llm.ErrNoSecret }

// decided remembers what reception told the window.
type decided struct {
	mu        sync.Mutex
	decisions []engine.DecisionRecord
	added     []engine.Message
}

func (d *decided) MessageAdded(_ engine.Conversation, m engine.Message) {
	d.mu.Lock()
	d.added = append(d.added, m)
	d.mu.Unlock()
}
func (d *decided) ConversationChanged(engine.Conversation) {}
func (d *decided) AssistUpdated(engine.Assist)             {}
func (d *decided) Decided(_ engine.Conversation, r engine.DecisionRecord) {
	d.mu.Lock()
	d.decisions = append(d.decisions, r)
	d.mu.Unlock()
}

type deskRig struct {
	t     *testing.T
	ctx   context.Context
	a     *App
	clock *enginetest.Clock
	told  *decided
	me    engine.Agent
	shop  int64
}

func testPaths(dir string) paths.Paths {
	return paths.Paths{Data: dir, Database: filepath.Join(dir, "replydesk.db"), Index: filepath.Join(dir, "index"),
		HTTPAddr: "127.0.0.1:0", Exports: filepath.Join(dir, "exports")}
}

// newDeskRig opens a fresh app with the demo shops, its agent Ann online
// with her window in front showing no conversation, and auto-send on for
// the Chinese demo shop.
func newDeskRig(t *testing.T) *deskRig {
	t.Helper()
	ctx := context.Background()
	clock := enginetest.NewClock(time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC))
	told := &decided{}
	a, err := Open(ctx, Options{Paths: testPaths(t.TempDir()), Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Clock: clock, Keychain: noKeychain{}, Notifier: told})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	me, err := a.Desk.Start(ctx, "Ann")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Desk.UpdateAgent(ctx, engine.AgentPatch{ID: me.ID, Capacity: ptr(50)}); err != nil {
		t.Fatal(err)
	}
	r := &deskRig{t: t, ctx: ctx, a: a, clock: clock, told: told, me: me, shop: 1}
	r.set("assist.auto_send", "on")
	r.view(0, true)
	return r
}

func ptr[T any](v T) *T { return &v }

func (r *deskRig) set(kv ...string) {
	r.t.Helper()
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	if _, err := r.a.Settings.Update(r.ctx, r.shop, m); err != nil {
		r.t.Fatal(err)
	}
}

// view reports that Ann's window shows conversation c (0: none).
func (r *deskRig) view(c int64, focused bool) { r.a.Views.Report(r.me.ID, "window", c, focused) }

// buyer sends a buyer message and returns its conversation and message.
func (r *deskRig) buyer(ext, text string) (engine.Conversation, engine.Message) {
	r.t.Helper()
	c, m, err := r.a.Desk.ReceiveBuyerMessage(r.ctx, r.shop, ext, "", text)
	if err != nil {
		r.t.Fatal(err)
	}
	return c, m
}

// decide runs the worker on what is due and returns how many it decided.
func (r *deskRig) decide() int {
	r.t.Helper()
	n, err := r.a.Reception.RunDue(r.ctx)
	if err != nil {
		r.t.Fatal(err)
	}
	return n
}

// decision returns the decision of a buyer message.
func (r *deskRig) decision(c engine.Conversation, m engine.Message) engine.DecisionRecord {
	r.t.Helper()
	ds, err := r.a.Store.ConversationDecisions(r.ctx, c.ID)
	if err != nil {
		r.t.Fatal(err)
	}
	for _, d := range ds {
		if d.MessageID == m.ID {
			return d
		}
	}
	r.t.Fatalf("message %d %q has no decision (%d in the conversation)", m.ID, m.Text, len(ds))
	return engine.DecisionRecord{}
}

func (r *deskRig) messages(c engine.Conversation) []engine.Message {
	r.t.Helper()
	ms, err := r.a.Store.Messages(r.ctx, c.ID)
	if err != nil {
		r.t.Fatal(err)
	}
	return ms
}

func (r *deskRig) conversation(c engine.Conversation) engine.Conversation {
	r.t.Helper()
	got, err := r.a.Store.Conversation(r.ctx, c.ID)
	if err != nil {
		r.t.Fatal(err)
	}
	return got
}

// sent returns the messages of a sender in a conversation.
func (r *deskRig) sent(c engine.Conversation, s engine.Sender) []engine.Message {
	var out []engine.Message
	for _, m := range r.messages(c) {
		if m.Sender == s {
			out = append(out, m)
		}
	}
	return out
}

func TestReception_AS5_AnswersTheOtherConversationsNotTheOneInFront(t *testing.T) {
	r := newDeskRig(t)
	c1, _ := r.buyer("b1", "在吗")
	r.decide()
	r.view(c1.ID, true) // Ann opens the first conversation
	_, m1 := r.buyer("b1", "什么时候发货")
	c2, m2 := r.buyer("b2", "什么时候发货")
	if n := r.decide(); n != 2 {
		t.Fatalf("decided %d messages, want 2", n)
	}
	if d := r.decision(c1, m1); d.Outcome != engine.OutcomeSuggest || d.Reason.Key != "viewing" {
		t.Errorf("the conversation in front: %s/%s; want suggestions only (viewing)", d.Outcome, d.Reason.Key)
	}
	d := r.decision(c2, m2)
	if d.Outcome != engine.OutcomeAssist || d.Reason.Key != "auto_sent" || d.Intent != "ship_time" || d.ReplyID == 0 || d.AgentID != r.me.ID {
		t.Fatalf("the other conversation: %+v; want auto-sent on Ann's behalf", d)
	}
	replies := r.sent(c2, engine.SenderAssist)
	if len(replies) != 1 || replies[0].ID != d.ReplyID || replies[0].AgentID != r.me.ID || replies[0].EntryID != d.EntryID {
		t.Fatalf("assist replies %+v; want one, on Ann's behalf, from the entry", replies)
	}
	if d := r.decision(c1, m1); d.ReplyID != 0 {
		t.Errorf("assist answered in the conversation in front: reply %d", d.ReplyID)
	}
	// Switching to the conversation stops auto-send there.
	r.view(c2.ID, true)
	_, m3 := r.buyer("b2", "能开发票吗")
	r.decide()
	if d := r.decision(c2, m3); d.Reason.Key != "viewing" {
		t.Errorf("after switching to it: %s", d.Reason.Key)
	}
	// A window in the background shows nothing: assist answers there too.
	r.view(c2.ID, false)
	_, m4 := r.buyer("b2", "包邮吗")
	r.decide()
	if d := r.decision(c2, m4); d.Outcome != engine.OutcomeAssist {
		t.Errorf("with the window in the background: %s/%s", d.Outcome, d.Reason.Key)
	}
	// The window told the decisions.
	if len(r.told.decisions) != 5 {
		t.Errorf("the window was told %d decisions, want 5", len(r.told.decisions))
	}
}

func TestReception_AS5_AWindowThatStopsReportingExpires(t *testing.T) {
	r := newDeskRig(t)
	c, _ := r.buyer("b1", "在吗")
	r.view(c.ID, true)
	r.decide()
	// The window crashes while showing the conversation: within seconds its
	// view expires and neither blocks nor allows auto-send for an agent who
	// is not there.
	r.clock.Add(engine.PresenceTTL + time.Second)
	_, m := r.buyer("b1", "什么时候发货")
	r.decide()
	if d := r.decision(c, m); d.Reason.Key != "window_silent" || d.ReplyID != 0 {
		t.Errorf("after the window went silent: %s", d.Reason.Key)
	}
	r.view(0, true) // back
	_, m = r.buyer("b1", "包邮吗")
	r.decide()
	if d := r.decision(c, m); d.Outcome != engine.OutcomeAssist {
		t.Errorf("after the window reported again: %s/%s", d.Outcome, d.Reason.Key)
	}
}

func TestReception_AS7_AS8_FollowUpsAnsweredUntilOneCannotBe(t *testing.T) {
	r := newDeskRig(t)
	c, _ := r.buyer("b1", "什么时候发货")
	r.decide()
	got := r.conversation(c)
	if got.Unreplied || got.Unread == 0 {
		t.Fatalf("after an auto-send: unreplied %v, unread %d; want read-dot only (AS-7)", got.Unreplied, got.Unread)
	}
	_, m2 := r.buyer("b1", "能开发票吗")
	r.decide()
	if d := r.decision(c, m2); d.Outcome != engine.OutcomeAssist {
		t.Fatalf("a follow-up assist can answer: %s/%s", d.Outcome, d.Reason.Key)
	}
	_, m3 := r.buyer("b1", "你们仓库门口那棵树是什么品种")
	r.decide()
	d := r.decision(c, m3)
	if d.Outcome != engine.OutcomeHandoff || d.ReplyID != 0 {
		t.Fatalf("a follow-up assist cannot answer: %+v", d)
	}
	got = r.conversation(c)
	if !got.Unreplied || got.Attention != engine.AttentionAssist {
		t.Fatalf("after the hand-off: unreplied %v, attention %q (AS-8)", got.Unreplied, got.Attention)
	}
	notes := r.sent(c, engine.SenderSystem)
	if len(notes) != 1 || notes[0].Text == "" {
		t.Fatalf("system messages %+v; want one asking the agent to reply", notes)
	}
	// Later lines wait for the human, without more system messages.
	_, m4 := r.buyer("b1", "什么时候发货呀")
	r.decide()
	if d := r.decision(c, m4); d.Reason.Key != "auto_stopped" {
		t.Errorf("after the hand-off: %s", d.Reason.Key)
	}
	if notes := r.sent(c, engine.SenderSystem); len(notes) != 1 {
		t.Errorf("%d system messages; want still one", len(notes))
	}
	// The agent answers: the tag goes, and assist may answer again.
	if _, err := r.a.Desk.SendReply(r.ctx, c.ID, "亲，我看一下", 0); err != nil {
		t.Fatal(err)
	}
	if got := r.conversation(c); got.Attention != "" || got.Unreplied {
		t.Errorf("after the agent's reply: attention %q unreplied %v", got.Attention, got.Unreplied)
	}
	_, m5 := r.buyer("b1", "包邮吗")
	r.decide()
	if d := r.decision(c, m5); d.Outcome != engine.OutcomeAssist {
		t.Errorf("after the agent's reply: %s/%s", d.Outcome, d.Reason.Key)
	}
}

func TestReception_AS9_TheSameAutomaticReplyNeverGoesTwice(t *testing.T) {
	r := newDeskRig(t)
	c, _ := r.buyer("b1", "什么时候发货")
	r.decide()
	_, m := r.buyer("b1", "什么时候发货")
	r.decide()
	d := r.decision(c, m)
	if d.Outcome != engine.OutcomeHandoff || d.Reason.Key != "repeat" {
		t.Fatalf("the same question again: %s/%s", d.Outcome, d.Reason.Key)
	}
	if n := len(r.sent(c, engine.SenderAssist)); n != 1 {
		t.Errorf("%d assist replies; want 1", n)
	}
	if notes := r.sent(c, engine.SenderSystem); len(notes) != 1 {
		t.Errorf("system messages %+v; want one saying auto-reply stopped", notes)
	}
}

func TestReception_AS9_TheShopsThresholdDecides(t *testing.T) {
	r := newDeskRig(t)
	r.set("assist.threshold", "1")
	c, m := r.buyer("b1", "请问一般多久能发出")
	r.decide()
	d := r.decision(c, m)
	if d.Outcome != engine.OutcomeHandoff || d.Reason.Key != "below_threshold" || d.Threshold != 1 {
		t.Fatalf("with the threshold at 1: %+v", d)
	}
	if d.Confidence <= 0 || d.EntryID == 0 {
		t.Errorf("the decision keeps the match it was made on: %+v", d)
	}
}

func TestReception_AS4_TheAgentsOwnToggle(t *testing.T) {
	r := newDeskRig(t)
	if _, err := r.a.Desk.UpdateAgent(r.ctx, engine.AgentPatch{ID: r.me.ID, AutoSend: ptr(false)}); err != nil {
		t.Fatal(err)
	}
	c, m := r.buyer("b1", "什么时候发货")
	r.decide()
	if d := r.decision(c, m); d.Reason.Key != "agent_auto_send_off" {
		t.Errorf("with Ann's toggle off: %s", d.Reason.Key)
	}
	r.set("assist.auto_send", "off")
	if _, err := r.a.Desk.UpdateAgent(r.ctx, engine.AgentPatch{ID: r.me.ID, AutoSend: ptr(true)}); err != nil {
		t.Fatal(err)
	}
	_, m = r.buyer("b1", "包邮吗")
	r.decide()
	if d := r.decision(c, m); d.Reason.Key != "auto_send_off" {
		t.Errorf("with the shop's auto-send off: %s", d.Reason.Key)
	}
}

func TestReception_RB12_OneDecisionAndOneReplyWhateverIsRepeated(t *testing.T) {
	r := newDeskRig(t)
	c, m := r.buyer("b1", "什么时候发货")
	// Told twice, and a second worker on the same database decides too.
	r.a.Reception.Received(c, m)
	other := engine.NewReception(engine.ReceptionDeps{Store: r.a.Store, Agents: r.a.Store, Entries: r.a.Store,
		Retriever: r.a.Index, Settings: r.a.Settings, Views: r.a.Views, Clock: r.clock, Notifier: &decided{}})
	other.Received(c, m)
	var wg sync.WaitGroup
	for _, w := range []*engine.Reception{r.a.Reception, other} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := w.RunDue(r.ctx); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if n := len(r.sent(c, engine.SenderAssist)); n != 1 {
		t.Fatalf("%d automatic replies to one buyer message; want 1", n)
	}
	ds, _ := r.a.Store.ConversationDecisions(r.ctx, c.ID)
	if len(ds) != 1 {
		t.Fatalf("%d decisions; want 1", len(ds))
	}
	// Deciding again changes nothing.
	r.a.Reception.Received(c, m)
	r.decide()
	if n := len(r.sent(c, engine.SenderAssist)); n != 1 {
		t.Fatalf("after a retry: %d automatic replies", n)
	}
}

func TestReception_RB12_AHumanReplyWhileDecidingSendsNothing(t *testing.T) {
	r := newDeskRig(t)
	c, m := r.buyer("b1", "什么时候发货")
	snap, err := r.a.Store.Snapshot(r.ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	// The agent answers after the facts were read, before the write.
	if _, err := r.a.Desk.SendReply(r.ctx, c.ID, "今天发", 0); err != nil {
		t.Fatal(err)
	}
	last := snap.Messages[len(snap.Messages)-1].ID
	reply := &engine.Message{ConversationID: c.ID, Sender: engine.SenderAssist, Text: "48 小时内发货", CreatedAt: r.clock.Now()}
	res, err := r.a.Store.WriteDecisions(r.ctx, []engine.DecisionWrite{{
		Record: engine.DecisionRecord{MessageID: m.ID, ConversationID: c.ID, ShopID: r.shop, Outcome: engine.OutcomeAssist,
			Reason: engine.Reason{Key: "auto_sent"}, DecidedAt: r.clock.Now()},
		Guard: engine.Guard{State: snap.Conversation.State, AgentID: snap.Conversation.AgentID, LastMessageID: last},
		Reply: reply,
	}})
	if err != nil || len(res) != 1 || !res[0].Stale || res[0].Done {
		t.Fatalf("write after a human reply: %+v %v; want stale", res, err)
	}
	if n := len(r.sent(c, engine.SenderAssist)); n != 0 {
		t.Fatalf("assist talked over a human: %d replies", n)
	}
	// Deciding it afresh sees the human reply.
	r.decide()
	if d := r.decision(c, m); d.Reason.Key != "human_replied" || d.ReplyID != 0 {
		t.Errorf("decided afresh: %s", d.Reason.Key)
	}
}

func TestReception_RB12_MessagesStoredWhileNoReceptionRanAreDecidedAtStart(t *testing.T) {
	r := newDeskRig(t)
	c, m := r.buyer("b1", "什么时候发货")
	// A new worker (the app after a restart) finds it in the store.
	again := engine.NewReception(engine.ReceptionDeps{Store: r.a.Store, Agents: r.a.Store, Entries: r.a.Store,
		Retriever: r.a.Index, Settings: r.a.Settings, Views: r.a.Views, Clock: r.clock, Notifier: &decided{}})
	if err := again.Load(r.ctx); err != nil {
		t.Fatal(err)
	}
	if n, err := again.RunDue(r.ctx); err != nil || n != 1 {
		t.Fatalf("decided %d at start (%v); want the one stored undecided", n, err)
	}
	if d := r.decision(c, m); d.Outcome != engine.OutcomeAssist {
		t.Errorf("%s/%s", d.Outcome, d.Reason.Key)
	}
	// The first worker's own queue still has it: it decides nothing twice.
	r.decide()
	if n := len(r.sent(c, engine.SenderAssist)); n != 1 {
		t.Errorf("%d replies", n)
	}
	// The watermark moved: a later start reads nothing old.
	if got, err := r.a.Store.UndecidedMessages(r.ctx, 10); err != nil || len(got) != 0 {
		t.Errorf("undecided after all were decided: %+v %v", got, err)
	}
}

func TestReception_BurstWaitAnswersABuyersLinesAsOne(t *testing.T) {
	r := newDeskRig(t)
	r.set("assist.burst_wait", "3s")
	c, m1 := r.buyer("b1", "你好")
	r.clock.Add(time.Second)
	_, m2 := r.buyer("b1", "我昨天买的")
	r.clock.Add(time.Second)
	_, m3 := r.buyer("b1", "什么时候发货")
	if n := r.decide(); n != 0 {
		t.Fatalf("decided %d while the buyer was still typing", n)
	}
	r.clock.Add(3 * time.Second)
	if n := r.decide(); n != 3 {
		t.Fatalf("decided %d after the pause; want the 3 lines", n)
	}
	for _, m := range []engine.Message{m1, m2} {
		if d := r.decision(c, m); d.Outcome != engine.OutcomeMerged {
			t.Errorf("line %q: %s", m.Text, d.Outcome)
		}
	}
	if d := r.decision(c, m3); d.Outcome != engine.OutcomeAssist || d.Intent != "ship_time" {
		t.Errorf("the burst: %s/%s %s", d.Outcome, d.Reason.Key, d.Intent)
	}
	if n := len(r.sent(c, engine.SenderAssist)); n != 1 {
		t.Errorf("%d replies to one burst", n)
	}
}

func TestReception_CV7b_AnAutomaticReplyIsQueuedForTheCallbackWithIt(t *testing.T) {
	r := newDeskRig(t)
	if err := r.a.Store.SetCallback(r.ctx, r.shop, engine.Callback{URL: "http://127.0.0.1:9/hook", Secret: "0123456789abcdef"}, r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	c, _ := r.buyer("b1", "什么时候发货")
	r.decide()
	replies := r.sent(c, engine.SenderAssist)
	ds, err := r.a.Store.Deliveries(r.ctx, r.shop)
	if err != nil || len(replies) != 1 || len(ds) != 1 || ds[0].MessageID != replies[0].ID {
		t.Fatalf("deliveries %+v for replies %+v (%v)", ds, replies, err)
	}
}

func TestReception_KB6_HitCountsComeFromDecisions(t *testing.T) {
	r := newDeskRig(t)
	r.view(0, false)
	c, m := r.buyer("b1", "什么时候发货")
	r.decide()
	d := r.decision(c, m)
	page, err := r.a.KB.List(r.ctx, engine.EntryFilter{ShopID: r.shop, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range page.Entries {
		if e.ID == d.EntryID {
			if e.Stats.Recognized != 1 || e.Stats.Hits != 1 || e.Stats.LastHitAt == nil {
				t.Fatalf("entry %q stats %+v; want recognised once and sent once", e.Question, e.Stats)
			}
			return
		}
	}
	t.Fatalf("entry %d not listed", d.EntryID)
}

var _ = errors.New
