package boot

import (
	"slices"
	"strings"
	"testing"
	"time"

	"replydesk/engine"
)

// newRobotRig is the desk at night (23:30 in Shanghai) with the robot on
// for the Chinese demo shop and nobody online.
func newRobotRig(t *testing.T) *deskRig {
	t.Helper()
	r := newDeskRig(t)
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	r.clock.Add(time.Date(2026, 12, 7, 23, 30, 0, 0, shanghai).Sub(r.clock.Now()))
	r.set("robot.enabled", "on", "robot.away", "现在是非工作时间，明天一早为您处理")
	if _, err := r.a.Desk.SetAgentStatus(r.ctx, r.me.ID, engine.AgentOffline); err != nil {
		t.Fatal(err)
	}
	return r
}

func TestRobot_RB2_RB3_RB4_AnswersAtNightWhenNobodyIsOnline(t *testing.T) {
	r := newRobotRig(t)
	c, m := r.buyer("b1", "什么时候发货")
	r.decide()
	d := r.decision(c, m)
	if d.Outcome != engine.OutcomeRobot || d.Reason.Key != "robot_sent" || d.ReplyID == 0 {
		t.Fatalf("at night with nobody online: %+v", d)
	}
	replies := r.sent(c, engine.SenderRobot)
	if len(replies) != 1 || replies[0].EntryID != d.EntryID || replies[0].AgentID != 0 {
		t.Fatalf("robot replies %+v", replies)
	}
	// The robot answered: the conversation waits for nobody (AS-7 / RB-6).
	if got := r.conversation(c); got.Unreplied || got.State != engine.StateQueued {
		t.Errorf("after the robot's answer: unreplied %v, state %s", got.Unreplied, got.State)
	}
	// Follow-ups are answered while the robot can (RB-3).
	_, m2 := r.buyer("b1", "包邮吗")
	r.decide()
	if d := r.decision(c, m2); d.Outcome != engine.OutcomeRobot {
		t.Errorf("a follow-up: %s/%s", d.Outcome, d.Reason.Key)
	}
	// RB-6: an agent coming online is given the conversation like any other.
	if _, err := r.a.Desk.SetAgentStatus(r.ctx, r.me.ID, engine.AgentOnline); err != nil {
		t.Fatal(err)
	}
	got := r.conversation(c)
	if got.State != engine.StateActive || got.AgentID != r.me.ID || got.Unreplied {
		t.Errorf("after Ann came online: %s, agent %d, unreplied %v", got.State, got.AgentID, got.Unreplied)
	}
	// RB-12: now a human serves it; the robot stays out.
	_, m3 := r.buyer("b1", "能开发票吗")
	r.decide()
	if d := r.decision(c, m3); d.Outcome == engine.OutcomeRobot {
		t.Errorf("the robot answered in a conversation an online agent serves")
	}
}

func TestRobot_RB7_RB8_AnUnsolvedRatingPutsTheConversationFirstInTheQueue(t *testing.T) {
	r := newRobotRig(t)
	older, _ := r.buyer("b0", "在吗")
	r.clock.Add(time.Minute)
	c, _ := r.buyer("b1", "什么时候发货")
	r.decide()
	reply := r.sent(c, engine.SenderRobot)
	if len(reply) != 1 {
		t.Fatalf("robot replies %+v", reply)
	}
	q, err := r.a.Store.Queue(r.ctx, 10)
	if err != nil || len(q) != 2 || q[0].ID != older.ID {
		t.Fatalf("the queue before the rating: %+v %v", q, err)
	}
	rt, err := r.a.Ratings.Rate(r.ctx, engine.RatingInput{ShopID: r.shop, Buyer: "b1", MessageID: reply[0].ID, Solved: false, Reason: "irrelevant", Text: "答非所问"})
	if err != nil || rt.Solved || rt.EntryID != reply[0].EntryID || rt.Reason != "irrelevant" {
		t.Fatalf("rating: %+v %v", rt, err)
	}
	q, _ = r.a.Store.Queue(r.ctx, 10)
	if len(q) != 2 || q[0].ID != c.ID || !q[0].Priority || q[0].Attention != engine.AttentionHuman {
		t.Fatalf("after the unsolved rating, the queue is %+v; want the rated conversation first, tagged", q)
	}
	notes := r.sent(c, engine.SenderSystem)
	if len(notes) != 1 || !strings.Contains(notes[0].Text, "答非所问") {
		t.Errorf("the agents' notice: %+v", notes)
	}
	// The KB editor counts it.
	page, err := r.a.KB.List(r.ctx, engine.EntryFilter{ShopID: r.shop, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range page.Entries {
		if e.ID == rt.EntryID && (e.Stats.Unsolved != 1 || e.Stats.Solved != 0) {
			t.Errorf("entry stats %+v; want one unsolved", e.Stats)
		}
	}
	// The robot stays silent afterwards? It hands over: the next line waits.
	_, m := r.buyer("b1", "人呢")
	r.decide()
	if d := r.decision(c, m); d.ReplyID != 0 {
		t.Errorf("after an unsolved rating the robot answered again: %s", d.Reason.Key)
	}
	// Bad ratings change nothing.
	for _, in := range []engine.RatingInput{
		{ShopID: r.shop, Buyer: "b0", MessageID: reply[0].ID, Solved: true},                   // another buyer's reply
		{ShopID: r.shop, Buyer: "b1", MessageID: notes[0].ID, Solved: true},                   // not a robot reply
		{ShopID: r.shop, Buyer: "b1", MessageID: reply[0].ID, Solved: false, Reason: "meh"},   // unknown reason
		{ShopID: r.shop, Buyer: "b1", MessageID: reply[0].ID, Text: strings.Repeat("长", 501)}, // too long
		{ShopID: r.shop, Buyer: "b1", Score: 9},                                               // a session score out of range
	} {
		if _, err := r.a.Ratings.Rate(r.ctx, in); err == nil {
			t.Errorf("rating %+v was accepted", in)
		}
	}
	// A session rating.
	if rt, err := r.a.Ratings.Rate(r.ctx, engine.RatingInput{ShopID: r.shop, Buyer: "b1", Score: 5}); err != nil || !rt.Solved || rt.ConversationID != c.ID {
		t.Errorf("session rating: %+v %v", rt, err)
	}
}

func TestRobot_RB9_AComplaintGoesToAHumanWithNoRobotReply(t *testing.T) {
	r := newRobotRig(t)
	c, m := r.buyer("b1", "你们太坑了，我要投诉")
	r.decide()
	d := r.decision(c, m)
	if d.Outcome != engine.OutcomeHandoff || d.Reason.Key != "scene_rule" || d.ReplyID != 0 {
		t.Fatalf("a complaint: %+v", d)
	}
	if n := len(r.sent(c, engine.SenderRobot)) + len(r.sent(c, engine.SenderFallback)); n != 0 {
		t.Errorf("the robot replied to a complaint (%d replies)", n)
	}
	got := r.conversation(c)
	if !got.Priority || got.Attention == "" || !got.Unreplied {
		t.Errorf("the complaint's conversation: priority %v, attention %q, unreplied %v", got.Priority, got.Attention, got.Unreplied)
	}
}

func TestRobot_RB5_FallbackThenTheAwayReplyOnceThenNothing(t *testing.T) {
	r := newRobotRig(t)
	c, m1 := r.buyer("b1", "你们仓库门口那棵树是什么品种")
	r.decide()
	d := r.decision(c, m1)
	fb := r.sent(c, engine.SenderFallback)
	if d.Outcome != engine.OutcomeFallback || len(fb) != 1 || !strings.HasPrefix(fb[0].Text, "抱歉目前人工客服不在线") ||
		!strings.Contains(fb[0].Text, "明天 09:00 上线") {
		t.Fatalf("an unanswerable message at night: %+v, fallback %+v", d, fb)
	}
	if got := r.conversation(c); !got.Unreplied || got.Attention != engine.AttentionRobot {
		t.Errorf("after the fallback: unreplied %v, attention %q; want the Unreplied list with a tag", got.Unreplied, got.Attention)
	}
	_, m2 := r.buyer("b1", "有人吗")
	r.decide()
	if d := r.decision(c, m2); d.Outcome != engine.OutcomeAway || len(r.sent(c, engine.SenderAway)) != 1 {
		t.Fatalf("the buyer keeps writing: %s/%s", d.Outcome, d.Reason.Key)
	}
	_, m3 := r.buyer("b1", "什么时候发货")
	r.decide()
	if d := r.decision(c, m3); d.ReplyID != 0 || d.Reason.Key != "robot_silent" {
		t.Errorf("after the away reply: %s/%s", d.Outcome, d.Reason.Key)
	}
	if n := len(r.sent(c, engine.SenderAway)) + len(r.sent(c, engine.SenderFallback)) + len(r.sent(c, engine.SenderRobot)); n != 2 {
		t.Errorf("%d automatic replies; want the fallback and the away reply only", n)
	}
}

func TestRobot_RB11_TheGreetingGoesOnTheFirstMessageOnly(t *testing.T) {
	r := newRobotRig(t)
	r.set("robot.greeting", "您好，欢迎光临回复台演示店")
	c, _ := r.buyer("b1", "什么时候发货")
	r.decide()
	r.buyer("b1", "包邮吗")
	r.decide()
	ms := r.messages(c)
	var senders []engine.Sender
	for _, m := range ms {
		senders = append(senders, m.Sender)
	}
	want := []engine.Sender{engine.SenderBuyer, engine.SenderGreeting, engine.SenderRobot, engine.SenderBuyer, engine.SenderRobot}
	if len(senders) != len(want) {
		t.Fatalf("messages %v; want %v", senders, want)
	}
	for i := range want {
		if senders[i] != want[i] {
			t.Fatalf("messages %v; want %v", senders, want)
		}
	}
}

func TestRobot_RB2_SaturatedAgentsLeaveTheQueueToTheRobot(t *testing.T) {
	r := newRobotRig(t)
	if _, err := r.a.Desk.UpdateAgent(r.ctx, engine.AgentPatch{ID: r.me.ID, Capacity: ptr(1), Status: ptr(engine.AgentOnline)}); err != nil {
		t.Fatal(err)
	}
	served, m0 := r.buyer("b0", "什么时候发货")
	queued, m1 := r.buyer("b1", "什么时候发货")
	r.view(0, false)
	r.decide()
	if got := r.conversation(served); got.State != engine.StateActive {
		t.Fatalf("the first conversation: %s", got.State)
	}
	if d := r.decision(served, m0); d.Outcome == engine.OutcomeRobot {
		t.Errorf("the robot answered in the conversation Ann serves")
	}
	if d := r.decision(queued, m1); d.Outcome != engine.OutcomeRobot {
		t.Errorf("the queued conversation with Ann at capacity: %s/%s", d.Outcome, d.Reason.Key)
	}
}

func TestSettingsChangedByAnotherProcessApplyAtTheNextWatch(t *testing.T) {
	r := newDeskRig(t)
	// rdctl beside the running app: its own store on the same file.
	other, _, err := OpenStore(r.ctx, r.a.Paths.Data)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	s2, err := engine.NewSettings(r.ctx, other, 0.8)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s2.Update(r.ctx, r.shop, map[string]string{"robot.enabled": "on"}); err != nil {
		t.Fatal(err)
	}
	if r.a.Settings.For(r.shop).RobotEnabled {
		t.Fatal("applied before the watch: the test proves nothing")
	}
	r.a.watch(r.ctx) // runs every watchEvery (1 s) in a started app
	if !r.a.Settings.For(r.shop).RobotEnabled {
		t.Error("a setting changed by another process did not apply at the next watch")
	}
	if watchEvery > 2*time.Second {
		t.Errorf("settings apply within %v, more than the 2 s promised", watchEvery)
	}
}

func TestRobotHoldingListsWhatOnlyTheRobotAnswered_RB1(t *testing.T) {
	r := newRobotRig(t)
	held, _ := r.buyer("b1", "什么时候发货")
	human, _ := r.buyer("b2", "什么时候发货")
	r.buyer("b3", "在吗") // not decided yet: nobody answered
	r.decide()
	if _, err := r.a.Desk.SendReply(r.ctx, human.ID, "我来处理", 0); err != nil {
		t.Fatal(err)
	}
	cs, err := r.a.Store.RobotHolding(r.ctx, r.shop)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, c := range cs {
		ids = append(ids, c.ID)
	}
	if len(ids) != 2 || !slices.Contains(ids, held.ID) || slices.Contains(ids, human.ID) {
		t.Errorf("robot holding %v; want %d and b3's, not %d (a human replied there)", ids, held.ID, human.ID)
	}
}

func TestRobot_RB10_AnAnswerWithASensitiveWordIsNeverSent(t *testing.T) {
	r := newRobotRig(t)
	r.set("rules.sensitive_words", "确认一下")
	c, m := r.buyer("b1", "什么时候发货")
	r.decide()
	d := r.decision(c, m)
	if d.Outcome != engine.OutcomeFallback || d.Reason.Args["why"] != "sensitive" {
		t.Fatalf("an answer holding a sensitive word: %s/%s %v", d.Outcome, d.Reason.Key, d.Reason.Args)
	}
	if n := len(r.sent(c, engine.SenderRobot)); n != 0 {
		t.Errorf("the answer went out (%d robot replies)", n)
	}
	if got := r.conversation(c); got.Attention != engine.AttentionSensitive {
		t.Errorf("attention %q", got.Attention)
	}
	// The agent's draft is flagged before it is sent.
	if words := r.a.Screener.Sensitive(r.shop, "亲，您确 认 一 下"); len(words) != 1 {
		t.Errorf("the draft's words: %v", words)
	}
}
