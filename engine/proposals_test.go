package engine

import (
	"slices"
	"testing"
)

func TestFB1_TrivialRepliesAndQuestionsProposeNothing(t *testing.T) {
	for _, s := range []string{"好的", "好的亲~", "在的", "在吗？", "OK", "ok!", "👍👍", "🙂", "。。。", "嗯嗯", "谢谢亲", "Thanks!", "a", "  "} {
		if !TrivialReply(s) {
			t.Errorf("TrivialReply(%q) = false", s)
		}
		if !TrivialQuestion(s) {
			t.Errorf("TrivialQuestion(%q) = false", s)
		}
	}
	// Short but meaningful questions stay; short replies do not.
	for _, s := range []string{"退款", "发票", "几号发货", "refund?"} {
		if TrivialQuestion(s) {
			t.Errorf("TrivialQuestion(%q) = true", s)
		}
	}
	for _, s := range []string{"亲，今天下午就发出哦", "We ship within 48 hours."} {
		if TrivialReply(s) {
			t.Errorf("TrivialReply(%q) = true", s)
		}
	}
	if !TrivialReply("退款") {
		t.Error("a two-character reply teaches the KB nothing")
	}
}

func TestFB1_QuestionKeyAndTextSimilarity(t *testing.T) {
	for _, c := range []struct{ a, b string }{
		{"什么时候发货呀？", "什么时候发货"}, {"ＯＫ，Ship it!", "okshipit"}, {"哈哈", "哈哈"},
	} {
		if QuestionKey(c.a) != QuestionKey(c.b) {
			t.Errorf("QuestionKey(%q) = %q, QuestionKey(%q) = %q", c.a, QuestionKey(c.a), c.b, QuestionKey(c.b))
		}
	}
	for _, c := range []struct {
		a, b     string
		min, max float64
	}{
		{"亲，您的订单48小时内发货", "亲，您的订单48小时内发货", 1, 1},
		{"亲，您的订单48小时内发货哦", "亲亲，订单48小时内就发货啦", 0.5, 0.95},
		{"亲，您的订单48小时内发货", "不支持7天无理由退货", 0, 0.1},
		{"We ship within 48 hours", "we ship orders within 48 hours", 0.7, 0.95},
		{"亲，您的订单{order.id}已发出", "亲，您的订单已发出", 0.9, 1}, // variables do not count
		{"", "发货", 0, 0},
	} {
		got := TextSimilarity(c.a, c.b)
		if got < c.min || got > c.max {
			t.Errorf("TextSimilarity(%q, %q) = %.2f, want %.2f–%.2f", c.a, c.b, got, c.min, c.max)
		}
	}
}

func TestFB1_Propose(t *testing.T) {
	ship := &Entry{ID: 7, ShopID: 1, Question: "什么时候发货", Similar: []string{"几号发货"},
		Answers: []Answer{{Text: "亲，您的订单会在48小时内发出哦"}}}
	invoice := &Entry{ID: 9, ShopID: 1, Question: "可以开发票吗", Answers: []Answer{{Text: "亲，可以开具电子发票，下单时填写抬头即可"}}}
	hit := func(id int64, conf float64) []Hit { return []Hit{{EntryID: id, Confidence: conf}} }
	const th = 0.76
	for _, c := range []struct {
		name   string
		f      ProposalFacts
		want   bool
		kind   ProposalKind
		entry  int64
		why    string
		answer string
	}{
		{name: "a trivial reply", f: ProposalFacts{Question: "你们家发什么快递", Reply: "好的亲", Threshold: th}},
		{name: "a trivial question", f: ProposalFacts{Question: "在吗", Reply: "亲，在的，请问有什么可以帮您", Threshold: th}},
		{name: "the KB was confident of the entry sent", f: ProposalFacts{Question: "啥时候发货", Reply: ship.Answers[0].Text, From: ship,
			Hits: hit(7, 0.9), Threshold: th}},
		{name: "the KB was confident of the entry, which the agent edited", f: ProposalFacts{Question: "啥时候发货", Reply: "亲，48小时内发出",
			From: ship, Edited: true, Hits: hit(7, 0.9), Threshold: th}},
		{name: "a recommendation the KB was unsure of, sent as it is", f: ProposalFacts{Question: "东西啥时候能寄出来", Reply: ship.Answers[0].Text,
			From: ship, Hits: hit(7, 0.5), Threshold: th}, want: true, kind: ProposalSimilar, entry: 7, why: WhyPicked},
		{name: "the second recommendation, sent as it is", f: ProposalFacts{Question: "开票的话怎么弄", Reply: invoice.Answers[0].Text,
			From: invoice, Hits: hit(7, 0.8), Threshold: th}, want: true, kind: ProposalSimilar, entry: 9, why: WhyPicked},
		{name: "a recommendation edited, its gist kept", f: ProposalFacts{Question: "东西啥时候能寄出来", Reply: "亲亲，您的订单会在24小时内发出哦",
			From: ship, Edited: true, Hits: hit(7, 0.4), Threshold: th}, want: true, kind: ProposalSimilar, entry: 7, why: WhyEdited},
		{name: "a recommendation rewritten", f: ProposalFacts{Question: "可以发顺丰吗", Reply: "可以的，顺丰需要补10元运费差价",
			From: ship, Edited: true, Hits: hit(7, 0.3), Threshold: th}, want: true, kind: ProposalNew, why: WhyRewritten,
			answer: "可以的，顺丰需要补10元运费差价"},
		{name: "a question the entry has already", f: ProposalFacts{Question: "几号发货？", Reply: ship.Answers[0].Text, From: ship,
			Hits: hit(9, 0.3), Threshold: th}},
		{name: "typed by hand where the KB was confident", f: ProposalFacts{Question: "什么时候发货", Reply: "亲，今天下午就发",
			Hits: hit(7, 0.95), Top: ship, Threshold: th}},
		{name: "typed by hand, close to the best entry's answer", f: ProposalFacts{Question: "发票能开不", Reply: "亲，可以开具电子发票，下单时填写抬头就行",
			Hits: hit(9, 0.6), Top: invoice, Threshold: th}, want: true, kind: ProposalSimilar, entry: 9, why: WhyMatchedReply},
		{name: "typed by hand where the KB had nothing", f: ProposalFacts{Question: "你们支持花呗分期吗", Reply: "支持的亲，结算时选择花呗分期即可",
			Threshold: th}, want: true, kind: ProposalNew, why: WhyManual, answer: "支持的亲，结算时选择花呗分期即可"},
		{name: "typed by hand, unlike the unsure best entry", f: ProposalFacts{Question: "你们支持花呗分期吗", Reply: "支持的亲，结算时选择花呗分期即可",
			Hits: hit(9, 0.3), Top: invoice, Threshold: th}, want: true, kind: ProposalNew, why: WhyManual},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, ok := Propose(c.f)
			if ok != c.want {
				t.Fatalf("Propose = %+v, %v; want a proposal: %v", p, ok, c.want)
			}
			if !ok {
				return
			}
			if p.Kind != c.kind || p.EntryID != c.entry || p.Why != c.why || p.Question != c.f.Question ||
				!slices.Equal(p.Questions, []string{c.f.Question}) {
				t.Errorf("Propose = %+v; want %s of entry %d because %s", p, c.kind, c.entry, c.why)
			}
			if c.answer != "" && p.Answer != c.answer {
				t.Errorf("answer %q, want %q", p.Answer, c.answer)
			}
		})
	}
}

func TestFB1_DuplicatesMerge(t *testing.T) {
	a := Proposal{Kind: ProposalSimilar, EntryID: 7, Question: "东西啥时候能寄出来？"}
	b := Proposal{Kind: ProposalSimilar, EntryID: 7, Question: "东西啥时候能寄出来呀"}
	if a.Key() != b.Key() {
		t.Errorf("keys %q and %q differ", a.Key(), b.Key())
	}
	if a.Key() == (Proposal{Kind: ProposalSimilar, EntryID: 8, Question: a.Question}).Key() {
		t.Error("another entry made the same key")
	}
	// A new entry's key ignores an entry ID.
	if (Proposal{Kind: ProposalNew, EntryID: 3, Question: "x y"}).Key() != (Proposal{Kind: ProposalNew, Question: "x y"}).Key() {
		t.Error("a new entry's key depends on an entry")
	}
	into := Proposal{ID: 1, Kind: ProposalNew, Question: "能开发票吗", Questions: []string{"能开发票吗"}, Answer: "可以", Count: 1, Status: ProposalPending}
	near := Proposal{Kind: ProposalNew, Question: "可以开发票吗？", Questions: []string{"可以开发票吗？"}, Answer: "能开", Count: 1, MessageID: 42}
	far := Proposal{Kind: ProposalNew, Question: "支持花呗吗", Questions: []string{"支持花呗吗"}}
	pending := []Proposal{{Kind: ProposalNew, Question: "发顺丰吗", Questions: []string{"发顺丰吗"}, Status: ProposalPending}, into}
	if i := NearProposal(near, pending); i != 1 {
		t.Errorf("NearProposal(near) = %d, want 1", i)
	}
	if i := NearProposal(far, pending); i != -1 {
		t.Errorf("NearProposal(far) = %d, want -1", i)
	}
	m := MergeProposal(into, near)
	if m.Count != 2 || m.MessageID != 42 || m.Answer != "可以" || !slices.Equal(m.Questions, []string{"能开发票吗", "可以开发票吗？"}) {
		t.Errorf("merged %+v", m)
	}
	if again := MergeProposal(m, near); len(again.Questions) != 2 || again.Count != 3 {
		t.Errorf("merging the same wording again: %+v", again)
	}
}

func TestFB1_AnsweredQuestion(t *testing.T) {
	msgs := []Message{
		{ID: 1, Sender: SenderBuyer, Type: MessageText, Text: "你好"},
		{ID: 2, Sender: SenderAgent, Type: MessageText, Text: "您好"},
		{ID: 3, Sender: SenderBuyer, Type: MessageText, Text: "能开发票吗"},
		{ID: 4, Sender: SenderBuyer, Type: MessageText, Text: "在吗"},
		{ID: 5, Sender: SenderSystem, Type: MessageText, Text: "请尽快回复"},
		{ID: 6, Sender: SenderAgent, Type: MessageText, Text: "可以的，下单时填写抬头"},
		{ID: 7, Sender: SenderAgent, Type: MessageText, Text: "还有别的吗"},
		{ID: 8, Sender: SenderBuyer, Type: MessageText, Text: "衣服起球了怎么办"},
		{ID: 9, Sender: SenderAgent, Type: MessageText, Text: "亲稍等"},
		{ID: 10, Sender: SenderAgent, Type: MessageText, Text: "可以用剃毛器处理哦"},
	}
	for _, c := range []struct {
		reply int64
		want  string
	}{{6, "能开发票吗"}, {2, ""}, {7, ""}, {10, "衣服起球了怎么办"}} {
		if got := AnsweredQuestion(msgs, c.reply); got != c.want {
			t.Errorf("AnsweredQuestion(reply %d) = %q, want %q", c.reply, got, c.want)
		}
	}
}
