package engine

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// replayCase builds the input of one past conversation: lines of the buyer
// ("b"), the human agent ("a", with an entry ID when it came from one) and
// the robot's matches for the buyer's lines.
type replayLine struct {
	sender Sender
	text   string
	entry  int64
	match  *Match
	at     int // minutes after t0
}

var replayT0 = time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC) // 11:00 in Shanghai

func replayInput(set ShopSettings, lines []replayLine) ReplayInput {
	var msgs []Message
	matches := map[int64]*Match{}
	for i, l := range lines {
		typ := MessageText
		if l.text == "[card]" {
			typ = MessageOrderCard
		}
		m := Message{ID: int64(i + 1), ConversationID: 9, Sender: l.sender, Type: typ, Text: l.text, EntryID: l.entry,
			CreatedAt: replayT0.Add(time.Duration(l.at) * time.Minute)}
		msgs = append(msgs, m)
		matches[m.ID] = l.match
	}
	bursts := ReplayBursts(msgs, set.BurstWait(), time.Time{}, time.Time{})
	for i := range bursts {
		b := &bursts[i]
		b.Match = matches[b.Lines[len(b.Lines)-1].ID]
		if b.Match != nil {
			b.Answers = []string{b.Match.Answer}
		}
	}
	return ReplayInput{Settings: set, Shop: Shop{ID: 1, Locale: "zh-CN"}, Conversation: Conversation{ID: 9, ShopID: 1,
		State: StateClosed, Status: StatusClosed, AgentID: 4, CloseReason: ClosedImported}, Bursts: bursts, Grid: ReplayGrid()}
}

func ship(conf float64) *Match {
	return &Match{EntryID: 5, Question: "什么时候发货", Intent: "ship_time", Confidence: conf, Answer: "亲，您的订单会在48小时内发出哦"}
}

func invoiceMatch(conf float64) *Match {
	return &Match{EntryID: 6, Question: "可以开发票吗", Intent: "invoice", Confidence: conf, Answer: "亲，可以开具电子发票，下单时填写抬头即可"}
}

func TestFB5_ReplayConversation(t *testing.T) {
	set := DefaultShopSettings(0.76, "zh-CN")
	set.Away = "客服下班了，明天回复您"
	grid := ReplayGrid()
	at := func(th float64) int { return slices.Index(grid, th) }
	for _, c := range []struct {
		name     string
		set      func(s *ShopSettings)
		lines    []replayLine
		outcomes []Outcome
		verdicts []Verdict
		// answeredAt: for the first burst, the highest grid threshold it is answered at (-1: never)
		answeredUpTo float64
	}{
		{name: "RB3 answers what it is confident of, the human's own reply left out of the facts",
			lines: []replayLine{
				{sender: SenderBuyer, text: "啥时候发货", match: ship(0.9)},
				{sender: SenderAgent, text: "亲，您的订单会在48小时内发出哦", entry: 5, at: 1},
				{sender: SenderBuyer, text: "能开发票吗", match: invoiceMatch(0.8), at: 2},
				{sender: SenderAgent, text: "不能开发票的，抱歉", at: 3},
			},
			outcomes: []Outcome{OutcomeRobot, OutcomeRobot}, verdicts: []Verdict{VerdictAgree, VerdictDisagree}, answeredUpTo: 0.9},
		{name: "RB5 the fallback, the away reply once, then silence",
			lines: []replayLine{
				{sender: SenderBuyer, text: "你们老板是谁"},
				{sender: SenderBuyer, text: "说话啊", at: 5},
				{sender: SenderBuyer, text: "啥时候发货", match: ship(0.95), at: 10},
			},
			outcomes: []Outcome{OutcomeFallback, OutcomeAway, OutcomeSuggest}, verdicts: []Verdict{VerdictUnjudged, VerdictUnjudged, VerdictUnjudged},
			answeredUpTo: -1},
		{name: "RB9 a scene rule hands off, and the robot stays silent after",
			lines: []replayLine{
				{sender: SenderBuyer, text: "我要投诉", match: ship(0.9)},
				{sender: SenderBuyer, text: "啥时候发货", match: ship(0.9), at: 1},
			},
			outcomes: []Outcome{OutcomeHandoff, OutcomeSuggest}, verdicts: []Verdict{VerdictUnjudged, VerdictUnjudged}, answeredUpTo: -1},
		{name: "AS9 below the threshold: the fallback, but answered at thresholds up to its confidence",
			lines: []replayLine{
				{sender: SenderBuyer, text: "东西啥时候寄", match: ship(0.6)},
				{sender: SenderAgent, text: "亲，订单48小时内发出", at: 1},
			},
			outcomes: []Outcome{OutcomeFallback}, verdicts: []Verdict{VerdictAgree}, answeredUpTo: 0.6},
		{name: "a burst of lines is decided once, with the lines joined",
			set: func(s *ShopSettings) { s.BurstWaitMS = 3000 },
			lines: []replayLine{
				{sender: SenderBuyer, text: "你好"},
				{sender: SenderBuyer, text: "啥时候发货", match: ship(0.9)},
				{sender: SenderAgent, text: "好的", at: 1},
			},
			outcomes: []Outcome{OutcomeRobot}, verdicts: []Verdict{VerdictUnjudged}, answeredUpTo: 0.9},
		{name: "RB1 off-hours robot during working hours answers nothing",
			set: func(s *ShopSettings) { s.RobotMode = RobotOffHours },
			lines: []replayLine{
				{sender: SenderBuyer, text: "啥时候发货", match: ship(0.9)},
			},
			outcomes: []Outcome{OutcomeSuggest}, verdicts: []Verdict{VerdictUnjudged}, answeredUpTo: -1},
		{name: "RB10 a sensitive word in the answer: not sent",
			set: func(s *ShopSettings) {},
			lines: []replayLine{
				{sender: SenderBuyer, text: "能开发票吗", match: &Match{EntryID: 6, Confidence: 0.9, Answer: "加微信开票"}},
			},
			outcomes: []Outcome{OutcomeFallback}, verdicts: []Verdict{VerdictUnjudged}, answeredUpTo: -1},
		{name: "a buyer's card asks nothing",
			lines: []replayLine{
				{sender: SenderBuyer, text: "[card]"},
				{sender: SenderAgent, text: "[card]", at: 1},
			},
			outcomes: []Outcome{OutcomeSuggest}, verdicts: []Verdict{VerdictUnjudged}, answeredUpTo: -1},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := set
			if c.set != nil {
				c.set(&s)
			}
			in := replayInput(s, c.lines)
			in.Sensitive = func(text string) []string {
				if slices.Contains([]string{"加微信开票"}, text) {
					return []string{"微信"}
				}
				return nil
			}
			steps := ReplayConversation(in)
			var outcomes []Outcome
			var verdicts []Verdict
			for _, st := range steps {
				outcomes = append(outcomes, st.Decision.Outcome)
				verdicts = append(verdicts, st.Verdict)
				if len(st.Answered) != len(grid) {
					t.Fatalf("%d thresholds answered, want %d", len(st.Answered), len(grid))
				}
			}
			if !slices.Equal(outcomes, c.outcomes) || !slices.Equal(verdicts, c.verdicts) {
				t.Errorf("outcomes %v, verdicts %v; want %v, %v", outcomes, verdicts, c.outcomes, c.verdicts)
			}
			upTo := -1.0
			for g, ok := range steps[0].Answered {
				if ok {
					upTo = grid[g]
				}
			}
			if upTo != c.answeredUpTo {
				t.Errorf("the first burst is answered up to %.2f, want %.2f", upTo, c.answeredUpTo)
			}
			if c.answeredUpTo >= 0 && !steps[0].Answered[at(0.5)] {
				t.Error("not answered at the lowest threshold")
			}
		})
	}
}

func TestFB5_ReplayReplies(t *testing.T) {
	set := DefaultShopSettings(0.76, "zh-CN")
	set.Greeting = "您好，欢迎光临"
	steps := ReplayConversation(replayInput(set, []replayLine{
		{sender: SenderBuyer, text: "啥时候发货", match: ship(0.9)},
		{sender: SenderBuyer, text: "啥时候发货", match: ship(0.9), at: 10},
	}))
	first := steps[0].Decision
	if first.Greeting == nil || first.Greeting.Text != set.Greeting || first.Reply == nil || first.Reply.Text != ship(0.9).Answer ||
		first.Reply.Sender != SenderRobot {
		t.Errorf("first decision %+v: want the greeting and the robot's answer", first)
	}
	// AS9: the same answer is not sent twice in a conversation; the robot falls back.
	if d := steps[1].Decision; d.Outcome != OutcomeFallback || d.Reason.Args["why"] != "repeat" || d.Greeting != nil {
		t.Errorf("second decision %+v: want the fallback for a repeat", d)
	}
}

// The grid's decisions come from one replay per group of thresholds that
// compare alike with the confidences: they must equal a replay at every
// threshold.
func TestFB5_ReplayGridEqualsOneReplayPerThreshold(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	set := DefaultShopSettings(0.76, "zh-CN")
	set.Away = "稍后回复"
	for round := 0; round < 50; round++ {
		var lines []replayLine
		for i := 0; i < 1+rng.IntN(8); i++ {
			var m *Match
			switch rng.IntN(4) {
			case 0:
			case 1:
				m = ship(float64(40+rng.IntN(60)) / 100)
			default:
				m = invoiceMatch(float64(40+rng.IntN(60)) / 100)
				m.Intent = []string{"invoice", "ask_human", "complaint"}[rng.IntN(3)]
			}
			lines = append(lines, replayLine{sender: SenderBuyer, text: "问题", match: m, at: i})
		}
		in := replayInput(set, lines)
		steps := ReplayConversation(in)
		for g, th := range in.Grid {
			want := simulate(in, th)
			for i := range steps {
				if steps[i].Answered[g] != (want[i].Outcome == OutcomeRobot) {
					t.Fatalf("round %d, threshold %.2f, burst %d: answered %v, one replay says %v", round, th, i,
						steps[i].Answered[g], want[i].Outcome)
				}
			}
		}
	}
}

func TestFB5_Agreement(t *testing.T) {
	m := ship(0.9)
	m.Operations = []Operation{OpOrderCard}
	answers := []string{"亲，您的订单会在48小时内发出哦", "亲，已经在加急处理了，今天发出"}
	cache := &termCache{}
	for _, c := range []struct {
		name  string
		human *Message
		want  Verdict
	}{
		{"no human reply", nil, VerdictUnjudged},
		{"a trivial reply", &Message{Type: MessageText, Text: "好的亲"}, VerdictUnjudged},
		{"the same entry, edited", &Message{Type: MessageText, Text: "亲，我们明天就发", EntryID: 5}, VerdictAgree},
		{"close to the answer", &Message{Type: MessageText, Text: "亲亲，您的订单会在48小时之内发出的"}, VerdictAgree},
		{"close to another of the entry's answers", &Message{Type: MessageText, Text: "亲，已经加急处理了，今天就发出"}, VerdictAgree},
		{"another entry's answer", &Message{Type: MessageText, Text: "亲，可以开具电子发票的", EntryID: 6}, VerdictDisagree},
		{"something else", &Message{Type: MessageText, Text: "这个需要问一下仓库，稍等"}, VerdictDisagree},
		{"a card the entry offers", &Message{Type: MessageOrderCard, Text: "[订单] 1"}, VerdictAgree},
		{"a card it does not", &Message{Type: MessageCouponCard, Text: "[优惠券]"}, VerdictUnjudged},
	} {
		if got := Agreement(m, answers, c.human); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
		// The replay worker's remembered terms change nothing.
		if got := agreement(m, answers, c.human, cache); got != c.want {
			t.Errorf("%s with remembered terms: %s, want %s", c.name, got, c.want)
		}
	}
	if Agreement(nil, nil, &Message{Text: "亲，今天发"}) != VerdictUnjudged {
		t.Error("no match was judged")
	}
}

func TestFB5_ReplayBurstsCountTheRange(t *testing.T) {
	day := func(d int) time.Time { return replayT0.AddDate(0, 0, d) }
	msgs := []Message{
		{ID: 1, Sender: SenderBuyer, Type: MessageText, Text: "a", CreatedAt: day(0)},
		{ID: 2, Sender: SenderAgent, Type: MessageText, Text: "x", CreatedAt: day(0)},
		{ID: 3, Sender: SenderBuyer, Type: MessageText, Text: "b", CreatedAt: day(1)},
		{ID: 4, Sender: SenderBuyer, Type: MessageText, Text: "c", CreatedAt: day(1).Add(time.Second)},
		{ID: 5, Sender: SenderRobot, Type: MessageText, Text: "y", CreatedAt: day(1)},
		{ID: 6, Sender: SenderAgent, Type: MessageText, Text: "z", CreatedAt: day(1)},
	}
	bs := ReplayBursts(msgs, 2*time.Second, day(1), day(2))
	if len(bs) != 2 || bs[0].Counted != 0 || bs[1].Counted != 2 || bs[1].Text != "b c" || bs[0].Human.ID != 2 || bs[1].Human.ID != 6 {
		t.Errorf("bursts %+v", bs)
	}
	if bs := ReplayBursts(msgs, 0, time.Time{}, time.Time{}); len(bs) != 3 || bs[1].Human.ID != 6 {
		t.Errorf("without a burst wait: %+v", bs)
	}
}

func TestFB5_SuggestThreshold(t *testing.T) {
	pt := func(th float64, agreed, disagreed, answered int) ReplayPoint {
		p := ReplayPoint{Threshold: th, Answered: answered, Agreed: agreed, Disagreed: disagreed, Coverage: float64(answered) / 100}
		p.Agreement = share(agreed, agreed+disagreed)
		return p
	}
	for _, c := range []struct {
		name    string
		curve   []ReplayPoint
		target  float64
		reached bool
		th      float64
		why     string
	}{
		{"the lowest threshold from which agreement holds",
			[]ReplayPoint{pt(0.5, 80, 20, 100), pt(0.6, 76, 4, 80), pt(0.7, 60, 2, 62), pt(0.8, 40, 1, 41)}, 0.95, true, 0.6, ""},
		{"a lucky dip below a failing point does not count",
			[]ReplayPoint{pt(0.5, 97, 3, 100), pt(0.6, 70, 10, 80), pt(0.7, 60, 2, 62)}, 0.95, true, 0.7, ""},
		{"points with few judged answers are passed over",
			[]ReplayPoint{pt(0.5, 95, 5, 100), pt(0.6, 5, 5, 12), pt(0.7, 3, 0, 3)}, 0.95, true, 0.5, ""},
		{"never reached", []ReplayPoint{pt(0.5, 60, 40, 100), pt(0.9, 30, 10, 40)}, 0.95, false, 0, "not_reached"},
		{"no data", []ReplayPoint{pt(0.5, 3, 0, 3)}, 0.95, false, 0, "no_data"},
		{"a lower target buys more coverage",
			[]ReplayPoint{pt(0.5, 80, 20, 100), pt(0.6, 76, 4, 80), pt(0.7, 60, 2, 62)}, 0.8, true, 0.5, ""},
	} {
		s := SuggestThreshold(c.curve, c.target)
		if s.Reached != c.reached || s.Threshold != c.th || s.Why != c.why || s.Target != c.target {
			t.Errorf("%s: %+v", c.name, s)
		}
		if s.Reached {
			i := slices.IndexFunc(c.curve, func(p ReplayPoint) bool { return p.Threshold == s.Threshold })
			if s.Coverage != c.curve[i].Coverage || s.Agreement != c.curve[i].Agreement {
				t.Errorf("%s: coverage %.2f agreement %.2f, not the point's", c.name, s.Coverage, s.Agreement)
			}
		}
	}
}

func TestFB5_ReplayTally(t *testing.T) {
	set := DefaultShopSettings(0.76, "zh-CN")
	in := replayInput(set, []replayLine{
		{sender: SenderBuyer, text: "啥时候发货", match: ship(0.9)},
		{sender: SenderAgent, text: "亲，您的订单会在48小时内发出哦", at: 1},
		{sender: SenderBuyer, text: "能开发票吗", match: invoiceMatch(0.7), at: 2},
		{sender: SenderAgent, text: "不能开哦，抱歉", at: 3},
		{sender: SenderBuyer, text: "你们老板是谁", at: 4},
	})
	tally := NewReplayTally(in.Grid, 10)
	tally.Add(in.Conversation, in.Bursts, ReplayConversation(in))
	other := NewReplayTally(in.Grid, 10)
	other.Merge(tally)
	if other.Messages != 3 || other.Conversations != 1 || other.Answered != 1 || other.Agreed != 1 || other.Disagreed != 0 {
		t.Errorf("tally %+v", other)
	}
	curve := other.Curve()
	at := func(th float64) ReplayPoint {
		return curve[slices.IndexFunc(curve, func(p ReplayPoint) bool { return p.Threshold == th })]
	}
	// At 0.70 both are answered (2 of 3 messages) and one of two judged answers agrees.
	if p := at(0.7); p.Answered != 2 || p.Agreed != 1 || p.Disagreed != 1 || p.Coverage != 2.0/3 || p.Agreement != 0.5 {
		t.Errorf("at 0.70: %+v", p)
	}
	if p := at(0.8); p.Answered != 1 || p.Agreement != 1 {
		t.Errorf("at 0.80: %+v", p)
	}
	d := other.Kept()
	if len(d) != 1 || d[0].EntryID != 6 || d[0].UpTo != 0.7 || d[0].Human != "不能开哦，抱歉" || d[0].Question != "能开发票吗" {
		t.Errorf("disagreements %+v", d)
	}
}
