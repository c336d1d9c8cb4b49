package engine

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"
)

// draftFacts are an assist auto-send of a KB answer (not a scenario's) in a
// shop that allows drafts to go, with a sensitive word and a platform rule.
func draftFacts() Facts {
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	set := ShopSettings{AssistEnabled: true, AutoSend: true, Threshold: 0.85, ReplyEnabled: true, DraftAutoSend: true}
	buyer := Message{ID: 10, ConversationID: 3, Sender: SenderBuyer, Type: MessageText, Text: "能开发票吗"}
	return Facts{Now: now, Settings: set, Conversation: Conversation{ID: 3, State: StateActive, AgentID: 7},
		Message: buyer, Messages: []Message{buyer}, Text: buyer.Text,
		Agents: []Agent{{ID: 7, Name: "Ann", Status: AgentOnline, AutoSend: true}},
		Views:  map[int64]View{7: {At: now}},
		Match: &Match{EntryID: 5, Question: "发票", Intent: "invoice", Confidence: 0.93, Answer: "可以开电子发票",
			Rules: []PlatformRule{{Forbid: []string{"包赔"}}}},
		Sensitive: func(text string) []string {
			if strings.Contains(text, "微信") {
				return []string{"微信"}
			}
			return nil
		},
		Locale: "zh-CN"}
}

func TestLM3_WithDraft(t *testing.T) {
	robot := func(f *Facts) {
		f.Settings.RobotEnabled = true
		f.Conversation = Conversation{ID: 3, State: StateQueued}
		f.Agents = nil
	}
	tests := []struct {
		name   string
		change func(f *Facts)
		draft  string
		sent   bool
		key    string
	}{
		{"assist: the draft goes", nil, " 可以开电子发票，下单时填写抬头即可。", true, "auto_sent_draft"},
		{"robot: the draft goes", robot, "可以开电子发票。", true, "robot_sent_draft"},
		{"draft_auto_send off", func(f *Facts) { f.Settings.DraftAutoSend = false }, "可以开电子发票。", false, "auto_sent"},
		{"a sensitive word", nil, "加微信给您开发票", false, "auto_sent"},
		{"a phrase the platform forbids", nil, "可以开发票，丢件包赔", false, "auto_sent"},
		{"a variable left", nil, "订单 {order.id} 可以开发票", false, "auto_sent"},
		{"a copy of the message", nil, "能开发票吗？", false, "auto_sent"},
		{"empty", nil, "", false, "auto_sent"},
		{"too long", nil, strings.Repeat("好", MaxAnswerRunes+1), false, "auto_sent"},
		{"a scenario's script", func(f *Facts) { f.Match.Scenario = "催发货" }, "可以开电子发票。", false, "auto_sent"},
		{"an answer that transfers", func(f *Facts) { f.Match.Operations = []Operation{OpTransferHuman} }, "可以开电子发票。", false, "auto_sent"},
		{"not confident: no reply", func(f *Facts) { f.Match.Confidence = 0.5 }, "可以开电子发票。", false, "below_threshold"},
		{"the robot's fallback", func(f *Facts) { robot(f); f.Match.Confidence = 0.5 }, "可以开电子发票。", false, "robot_fallback"},
		{"the robot's answer to a buyer asking for a human", func(f *Facts) {
			robot(f)
			f.Match.Intent = "ask_human"
		}, "马上为您转人工。", false, "asked_human"},
		{"the order-prediction card", func(f *Facts) {
			f.Match.Predict = []Order{{ID: "A1", Status: OrderPaid}, {ID: "A2", Status: OrderPaid}}
		}, "可以开电子发票。", false, "predict_order"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := draftFacts()
			if tt.change != nil {
				tt.change(&f)
			}
			d := Decide(f)
			before := d
			var kbText string
			if d.Reply != nil {
				kbText = d.Reply.Text
			}
			got, ok := WithDraft(f, d, tt.draft)
			if ok != tt.sent || got.Reason.Key != tt.key {
				t.Fatalf("WithDraft = %v, reason %s; want %v, %s", ok, got.Reason.Key, tt.sent, tt.key)
			}
			if ok != Draftable(f, d) && tt.sent {
				t.Error("sent a draft of a decision that is not draftable")
			}
			switch {
			case ok:
				if got.Reply.Text != strings.TrimSpace(tt.draft) || got.Reply.EntryID != f.Match.EntryID ||
					got.Reply.Sender != before.Reply.Sender || got.Outcome != before.Outcome || got.Reason.Args["entry"] != "发票" {
					t.Errorf("reply %+v reason %+v", got.Reply, got.Reason)
				}
				if before.Reply.Text != kbText {
					t.Error("WithDraft changed the decision it was given")
				}
				for _, lang := range []string{"zh-CN", "en"} {
					if text := ReasonText(got.Reason, lang); !strings.Contains(text, "发票") || text == got.Reason.Key {
						t.Errorf("%s: %q", lang, text)
					}
				}
			case got.Reply != nil && got.Reply.Text != kbText:
				t.Errorf("the reply changed to %q", got.Reply.Text)
			}
		})
	}
}

// AS-9: a draft of an entry's answer counts as that answer sent.
func TestLM3_ADraftSentBeforeIsARepeat(t *testing.T) {
	f := draftFacts()
	f.Prior = []DecisionRecord{{MessageID: 9, EntryID: 5, Outcome: OutcomeAssist, Reason: Reason{Key: "auto_sent_draft"}}}
	if d := Decide(f); d.Outcome != OutcomeHandoff || d.Reason.Key != "repeat" {
		t.Errorf("%s/%s; want a repeat hand-off", d.Outcome, d.Reason.Key)
	}
	f.Prior[0].EntryID = 6
	if d := Decide(f); d.Outcome != OutcomeAssist {
		t.Errorf("another entry's draft: %s/%s", d.Outcome, d.Reason.Key)
	}
}

// blockingDrafter answers "fast" drafts at once and never answers the
// others, ignoring its context: a batch must not wait for it anyway.
type blockingDrafter struct {
	budget time.Duration
	mu     sync.Mutex
	asked  int
	never  chan struct{}
}

func (b *blockingDrafter) Budget() time.Duration { return b.budget }

func (b *blockingDrafter) Draft(_ context.Context, req DraftRequest) (string, error) {
	b.mu.Lock()
	b.asked++
	b.mu.Unlock()
	if req.Query == "fast" {
		return "draft of fast", nil
	}
	<-b.never
	return "too late", nil
}

func TestLM3_ABatchWaitsForDraftsOneBudgetAtMost(t *testing.T) {
	const budget = 150 * time.Millisecond
	dr := &blockingDrafter{budget: budget, never: make(chan struct{})}
	defer close(dr.never)
	r := NewReception(ReceptionDeps{})
	r.SetDrafter(dr)
	const n = 3 * maxDraftsInFlight // more than run at once
	run := r.newDraftRun(context.Background(), n)
	start := time.Now()
	fast := run.start(DraftRequest{Query: "fast"})
	for range n - 1 {
		run.start(DraftRequest{Query: "slow"})
	}
	if run.start(DraftRequest{Query: "one too many"}) != -1 {
		t.Error("the run took more drafts than its batch")
	}
	got := run.wait()
	elapsed := time.Since(start)
	run.stop()
	if elapsed < budget-10*time.Millisecond || elapsed > budget+300*time.Millisecond {
		t.Errorf("waited %v for %d drafts, want about one budget (%v)", elapsed, n, budget)
	}
	if len(got) != 1 || got[fast] != "draft of fast" {
		t.Errorf("drafts %v; want only the fast one", got)
	}
	dr.mu.Lock()
	asked := dr.asked
	dr.mu.Unlock()
	if asked > maxDraftsInFlight+1 { // the fast one frees its place at once
		t.Errorf("%d drafts asked for at once, want at most %d", asked, maxDraftsInFlight+1)
	}

	// Without a drafter there is no run, and a nil run drafts nothing.
	r.SetDrafter(nil)
	if run := r.newDraftRun(context.Background(), 3); run != nil || run.start(DraftRequest{}) != -1 || run.wait() != nil {
		t.Error("a run without a drafter")
	}
	if draftBudget(&fakeDrafter{}) != DefaultDraftBudget {
		t.Error("a drafter that does not tell its budget is not waited for the default")
	}
}
