package boot

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"replydesk/engine"
	"replydesk/llm"
)

// LM-3 in reception: an LLM's draft goes in place of the KB answer only
// where the shop turned assist.draft_auto_send on, only when it comes
// within the budget and passes the decision's checks, and a batch waits for
// drafts one budget at most. The LLM is an httptest fake of the OpenAI API
// behind a real llm.Client, put in use as the app does (Desk.SetDrafter).

// fakeLLM answers chat completions with what reply says; hold, when set,
// keeps each request until it is closed (or the client gives up).
type fakeLLM struct {
	srv *httptest.Server

	mu       sync.Mutex
	reply    string // the completion's content; "500" for a server error
	hold     chan struct{}
	requests []string // the user messages received
}

func newFakeLLM(t *testing.T) *fakeLLM {
	f := &fakeLLM{}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeLLM) serve(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(r.Body)
	var body struct {
		Messages []struct {
			Content string `json:"content"`
		} `json:"messages"`
	}
	_ = json.Unmarshal(raw, &body)
	f.mu.Lock()
	if len(body.Messages) == 2 {
		f.requests = append(f.requests, body.Messages[1].Content)
	}
	reply, hold := f.reply, f.hold
	f.mu.Unlock()
	if hold != nil {
		select {
		case <-hold:
		case <-r.Context().Done():
			return
		}
	}
	if reply == "500" {
		http.Error(w, `{"error":{"message":"boom","type":"server_error"}}`, http.StatusInternalServerError)
		return
	}
	content, _ := json.Marshal(reply)
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"id":"x","object":"chat.completion","model":"m","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":%s}}]}`, content)
}

// set makes the fake answer with a draft ({"reply": text}), or content as
// it is when raw.
func (f *fakeLLM) set(text string, raw bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if raw {
		f.reply = text
		return
	}
	b, _ := json.Marshal(map[string]string{"reply": text})
	f.reply = string(b)
}

func (f *fakeLLM) holdRequests(ch chan struct{}) {
	f.mu.Lock()
	f.hold = ch
	f.mu.Unlock()
}

func (f *fakeLLM) asked() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.requests...)
}

// useLLM puts a client of the fake in use with the budget, as the app does.
func (r *deskRig) useLLM(f *fakeLLM, budget time.Duration) {
	r.t.Helper()
	c, err := llm.New(llm.Settings{BaseURL: f.srv.URL + "/v1", Model: "m", Enabled: true, Budget: budget}, "")
	if err != nil {
		r.t.Fatal(err)
	}
	r.a.Desk.SetDrafter(c)
}

// reply returns the reply a decision sent.
func (r *deskRig) reply(c engine.Conversation, d engine.DecisionRecord) engine.Message {
	r.t.Helper()
	for _, m := range r.messages(c) {
		if m.ID == d.ReplyID && d.ReplyID != 0 {
			return m
		}
	}
	r.t.Fatalf("decision %s/%s sent no reply", d.Outcome, d.Reason.Key)
	return engine.Message{}
}

const draftText = "亲，全国大部分地区包邮哦，偏远地区以下单页面显示的运费为准～"

func TestReception_LM3_ADraftIsNeverSentWithDraftAutoSendOff(t *testing.T) {
	r := newDeskRig(t)
	f := newFakeLLM(t)
	f.set(draftText, false)
	r.useLLM(f, time.Second)
	c, m := r.buyer("b1", "包邮吗")
	r.decide()
	d := r.decision(c, m)
	if d.Outcome != engine.OutcomeAssist || d.Reason.Key != "auto_sent" {
		t.Fatalf("%s/%s; want the KB answer auto-sent", d.Outcome, d.Reason.Key)
	}
	if got := r.reply(c, d); got.Text == draftText || got.Text == "" {
		t.Errorf("reply %q; want the KB answer", got.Text)
	}
	if n := len(f.asked()); n != 0 {
		t.Errorf("%d drafts asked for with draft_auto_send off, want none", n)
	}
}

func TestReception_LM3_TheDraftGoesWhenItComesInTimeAndPassesTheChecks(t *testing.T) {
	r := newDeskRig(t)
	r.set("assist.draft_auto_send", "on", "rules.sensitive_words", "加微信")
	f := newFakeLLM(t)

	// Without a drafter: the KB answer, as ever (LM-4).
	c0, m0 := r.buyer("b0", "包邮吗")
	r.decide()
	kb := r.reply(c0, r.decision(c0, m0)).Text

	r.useLLM(f, 2*time.Second)
	f.set(draftText, false)
	c, m := r.buyer("b1", "包邮吗")
	r.decide()
	d := r.decision(c, m)
	if d.Outcome != engine.OutcomeAssist || d.Reason.Key != "auto_sent_draft" || d.Reason.Args["entry"] == "" {
		t.Fatalf("%s/%s %v; want the draft auto-sent, marked", d.Outcome, d.Reason.Key, d.Reason.Args)
	}
	sent := r.reply(c, d)
	if sent.Text != draftText || sent.Sender != engine.SenderAssist || sent.EntryID != d.EntryID || sent.AgentID != r.me.ID {
		t.Fatalf("reply %+v; want the draft, on Ann's behalf, from the entry", sent)
	}
	if text := engine.ReasonText(engine.Reason{Key: d.Reason.Key, Args: d.Reason.Args}, "zh-CN"); !strings.Contains(text, "草稿") {
		t.Errorf("the agent is not told it was a draft: %q", text)
	}
	// The prompt had the message and the KB answer as data.
	asked := f.asked()
	if len(asked) != 1 {
		t.Fatalf("%d drafts asked for, want 1", len(asked))
	}
	var data struct {
		Locale       string   `json:"locale"`
		BuyerMessage string   `json:"buyer_message"`
		Answers      []string `json:"answers"`
	}
	if err := json.Unmarshal([]byte(asked[0]), &data); err != nil || data.BuyerMessage != "包邮吗" ||
		len(data.Answers) != 1 || data.Answers[0] != kb || data.Locale != "zh-CN" {
		t.Errorf("the prompt's data %+v (%v); want the message and the KB answer %q", data, err, kb)
	}

	// Otherwise the KB answer goes, silently.
	for i, tt := range []struct {
		name, reply string
		raw         bool
	}{
		{"a sensitive word", "亲，包邮的，加微信详聊", false},
		{"a variable left", "亲，订单 {order.id} 包邮", false},
		{"a copy of the question", "包邮吗？", false},
		{"a server error", "500", true},
		{"garbage", "包邮的亲", true},
	} {
		f.set(tt.reply, tt.raw)
		c, m := r.buyer(fmt.Sprintf("b%d", i+2), "包邮吗")
		r.decide()
		d := r.decision(c, m)
		if d.Reason.Key != "auto_sent" || r.reply(c, d).Text != kb {
			t.Errorf("%s: %s, reply %q; want the KB answer", tt.name, d.Reason.Key, r.reply(c, d).Text)
		}
	}
	if n := len(f.asked()); n != 6 {
		t.Errorf("%d drafts asked for, want 6", n)
	}

	// A scenario's script is never drafted.
	c, m = r.buyer("b9", "什么时候发货")
	r.decide()
	if d := r.decision(c, m); d.Reason.Key == "auto_sent_draft" || len(f.asked()) != 6 {
		t.Errorf("a scenario's script: %s, %d drafts asked for", d.Reason.Key, len(f.asked()))
	}
}

func TestReception_LM3_TheRobotSendsADraftToo(t *testing.T) {
	r := newRobotRig(t)
	r.set("assist.draft_auto_send", "on")
	f := newFakeLLM(t)
	f.set(draftText, false)
	r.useLLM(f, 2*time.Second)
	c, m := r.buyer("b1", "包邮吗")
	r.decide()
	d := r.decision(c, m)
	if d.Outcome != engine.OutcomeRobot || d.Reason.Key != "robot_sent_draft" {
		t.Fatalf("%s/%s; want the robot's draft", d.Outcome, d.Reason.Key)
	}
	if got := r.reply(c, d); got.Text != draftText || got.Sender != engine.SenderRobot {
		t.Errorf("reply %+v", got)
	}
	// The same entry's answer again is a repeat (AS-9), draft or not: the
	// robot falls back.
	_, m2 := r.buyer("b1", "包不包邮")
	r.decide()
	if d := r.decision(c, m2); d.Outcome != engine.OutcomeFallback || d.Reason.Args["why"] != "repeat" {
		t.Errorf("the same answer again: %s/%s %v", d.Outcome, d.Reason.Key, d.Reason.Args)
	}
}

// waitFor polls cond until it holds, failing after a few seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func (d *decided) told(messageID int64) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, r := range d.decisions {
		if r.MessageID == messageID {
			return true
		}
	}
	return false
}

func TestReception_LM3_DraftsNeverHoldUpOtherDecisions(t *testing.T) {
	r := newDeskRig(t)
	r.set("assist.draft_auto_send", "on")
	f := newFakeLLM(t)
	f.set(draftText, false)
	const budget = 5 * time.Second // long: the drafts come when the test says
	r.useLLM(f, budget)
	release := make(chan struct{})
	f.holdRequests(release)

	cs := make([]engine.Conversation, 3)
	ms := make([]engine.Message, 3)
	for i := range cs {
		cs[i], ms[i] = r.buyer(fmt.Sprintf("b%d", i), "包邮吗")
	}
	cOther, mOther := r.buyer("other", "你们仓库门口那棵树是什么品种") // no answer: no draft
	start := time.Now()
	done := make(chan int)
	go func() {
		n, _ := r.a.Reception.RunDue(r.ctx)
		done <- n
	}()
	// The decision that needs no draft is written while the drafts are out.
	waitFor(t, "the decision that needs no draft", func() bool { return r.told.told(mOther.ID) })
	if n := len(f.asked()); n != 3 {
		t.Errorf("%d drafts asked for at once, want 3", n)
	}
	for _, m := range ms {
		if r.told.told(m.ID) {
			t.Fatal("a decision waiting for its draft was written before the draft came")
		}
	}
	if d := r.decision(cOther, mOther); d.Outcome != engine.OutcomeHandoff {
		t.Errorf("the other conversation: %s/%s", d.Outcome, d.Reason.Key)
	}
	close(release)
	if n := <-done; n != 4 {
		t.Errorf("decided %d, want 4", n)
	}
	if elapsed := time.Since(start); elapsed >= budget {
		t.Errorf("the batch took %v, past the budget", elapsed)
	}
	for i, c := range cs {
		if d := r.decision(c, ms[i]); d.Reason.Key != "auto_sent_draft" || r.reply(c, d).Text != draftText {
			t.Errorf("conversation %d: %s; want the draft that came in time", i, d.Reason.Key)
		}
	}
}

func TestReception_LM3_ASlowLLMHoldsABatchOneBudgetAtMost(t *testing.T) {
	r := newDeskRig(t)
	r.set("assist.draft_auto_send", "on")
	f := newFakeLLM(t)
	f.set(draftText, false)
	f.holdRequests(make(chan struct{})) // never answers: the client gives up at the budget
	const budget = 300 * time.Millisecond
	r.useLLM(f, budget)
	const n = 12 // more than are drafted at once
	cs := make([]engine.Conversation, n)
	ms := make([]engine.Message, n)
	for i := range cs {
		cs[i], ms[i] = r.buyer(fmt.Sprintf("b%d", i), "包邮吗")
	}
	start := time.Now()
	if got := r.decide(); got != n {
		t.Fatalf("decided %d, want %d", got, n)
	}
	elapsed := time.Since(start)
	if elapsed < budget-10*time.Millisecond || elapsed > budget+time.Second {
		t.Errorf("the batch of %d took %v; want about one budget (%v)", n, elapsed, budget)
	}
	for i, c := range cs {
		d := r.decision(c, ms[i])
		if d.Reason.Key != "auto_sent" || r.reply(c, d).Text == draftText {
			t.Errorf("conversation %d: %s; want the KB answer", i, d.Reason.Key)
		}
	}
}
