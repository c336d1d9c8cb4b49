package engine

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func TestFB2_GroupQuestions(t *testing.T) {
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	var msgs []UnansweredMessage
	add := func(text string, daysAgo int, reply string) {
		msgs = append(msgs, UnansweredMessage{MessageID: int64(len(msgs) + 1), ConversationID: int64(len(msgs) + 100),
			Text: text, At: now.AddDate(0, 0, -daysAgo), Reply: reply})
	}
	// Four askings of 花呗 in three wordings, recent; three of 顺丰, old;
	// one about the boss; emoji only.
	add("你们支持花呗分期吗", 1, "支持的，结算时选花呗")
	add("你们支持花呗分期吗？", 2, "支持的，结算时选花呗")
	add("支持花呗分期付款吗", 3, "好的")
	add("可以用花呗分期吗", 1, "支持的，结算时选花呗")
	add("能发顺丰快递吗", 60, "顺丰要补差价")
	add("可以发顺丰快递吗", 61, "")
	add("能发顺丰快递吗", 62, "")
	add("你们老板是谁", 1, "")
	add("🙂🙂", 1, "")
	// Other questions, as a shop's unanswered ones are: the words they
	// share (你们, 可以, 吗, 什么时候) weigh little.
	for i, q := range []string{"你们这个衣服是什么材质的", "可以便宜点吗", "你们什么时候上新", "可以送到学校吗", "什么时候发货",
		"什么时候到货", "你们有实体店吗", "可以退差价吗", "你们是厂家吗", "这个可以机洗吗", "你们周末上班吗", "可以开发票吗",
		"什么时候有活动", "你们家有大码吗", "可以指定快递吗", "你们在哪里发货", "这个有保修吗", "你们支持七天无理由吗"} {
		add(q, 20+i, "")
	}
	groups := GroupQuestions(msgs, now)
	of := func(text string) int {
		return slices.IndexFunc(groups, func(g QuestionGroup) bool { return slices.Contains(g.Keys, QuestionKey(text)) })
	}
	g := groups[0]
	if of("你们支持花呗分期吗") != 0 || of("支持花呗分期付款吗") != 0 || of("可以用花呗分期吗") != 0 {
		t.Fatalf("the 花呗 wordings are not the first group: %+v", groups[:3])
	}
	if g.Label != "你们支持花呗分期吗" || g.Size != 4 || g.Distinct != 3 || g.Reply != "支持的，结算时选花呗" ||
		!g.LastAt.Equal(now.AddDate(0, 0, -1)) {
		t.Errorf("first group %+v", g)
	}
	if g.Examples[0].Count != 2 || g.Examples[0].MessageID != 1 {
		t.Errorf("first group's examples %+v", g.Examples)
	}
	sf := of("可以发顺丰快递吗")
	if sf < 0 || of("能发顺丰快递吗") != sf || groups[sf].Size != 3 || groups[sf].Label != "能发顺丰快递吗" {
		t.Errorf("the 顺丰 group: %+v", groups)
	}
	// The older group is bigger than a single question of yesterday but ranks below it.
	if boss := of("你们老板是谁"); boss < 0 || groups[boss].Size != 1 || boss > sf {
		t.Errorf("the boss's group at %d, the 顺丰 group at %d", boss, sf)
	}
	if of("什么时候发货") == of("什么时候到货") || of("可以便宜点吗") == of("可以送到学校吗") {
		t.Error("questions sharing only common words were grouped")
	}
	if of("🙂🙂") >= 0 {
		t.Error("an emoji-only message was grouped")
	}
	if len(GroupQuestions(nil, now)) != 0 {
		t.Error("groups of nothing")
	}
}

func TestFB2_FindOverlaps(t *testing.T) {
	es := []Entry{
		{ID: 1, Enabled: true, Question: "什么时候发货", Similar: []string{"几号发货", "多久能发货"}, Answers: []Answer{{Text: "亲，48小时内发货"}}},
		{ID: 2, Enabled: true, Question: "发货时间", Similar: []string{"几号发货？", "多久能发货呀"}, Answers: []Answer{{Text: "亲，我们48小时内就发货哦"}}},
		{ID: 3, Enabled: true, Question: "可以开发票吗", Similar: []string{"能开票吗"}, Answers: []Answer{{Text: "可以开电子发票"}}},
		{ID: 4, Enabled: true, Question: "可以开发票吗？", Answers: []Answer{{Text: "暂不支持开票，抱歉"}}},
		{ID: 5, Enabled: true, Question: "怎么退货", Answers: []Answer{{Text: "在订单页申请退货"}}},
		{ID: 6, Enabled: true, Question: "怎么换货", Answers: []Answer{{Text: "在订单页申请换货"}}},
		{ID: 7, Enabled: false, Question: "什么时候发货", Answers: []Answer{{Text: "停用的条目"}}},
	}
	got := FindOverlaps(es)
	if len(got) != 2 {
		t.Fatalf("%d overlaps: %+v", len(got), got)
	}
	if c := got[0]; c.Kind != OverlapConflict || c.A.ID != 3 || c.B.ID != 4 || c.Shared[0].Similarity != 1 {
		t.Errorf("first overlap %+v, want the invoice conflict", c)
	}
	if d := got[1]; d.Kind != OverlapDuplicate || d.A.ID != 1 || d.B.ID != 2 || len(d.Shared) < 2 {
		t.Errorf("second overlap %+v, want the shipping duplicate", d)
	}
}

// BenchmarkFB2_GroupQuestions groups 10,000 unanswered messages of about
// 2,500 wordings of 400 questions (the pure grouping; the analysis also
// searches each wording: see internal/boot's BenchmarkFB2_Analyze).
func BenchmarkFB2_GroupQuestions(b *testing.B) {
	msgs := syntheticUnanswered(10000)
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	b.ResetTimer()
	for range b.N {
		if len(GroupQuestions(msgs, now)) == 0 {
			b.Fatal("no groups")
		}
	}
}

func syntheticUnanswered(n int) []UnansweredMessage {
	rng := rand.New(rand.NewPCG(7, 7))
	subjects := []string{"花呗", "顺丰", "发票", "尺码", "赠品", "保修", "包装", "颜色", "材质", "安装", "充电器", "说明书", "优惠券", "积分",
		"会员", "预售", "定金", "尾款", "运费险", "以旧换新"}
	verbs := []string{"支持", "可以用", "有没有", "能不能要", "怎么申请", "什么时候有", "多少钱的", "在哪里看"}
	tails := []string{"吗", "呀", "？", "", "啊亲", "呢"}
	base := make([]string, 400)
	for i := range base {
		base[i] = fmt.Sprintf("%s%s%d号", verbs[i%len(verbs)], subjects[(i/len(verbs))%len(subjects)], i)
	}
	t0 := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	out := make([]UnansweredMessage, n)
	for i := range out {
		q := base[rng.IntN(len(base))]
		if rng.IntN(3) == 0 {
			q = "请问" + q
		}
		out[i] = UnansweredMessage{MessageID: int64(i + 1), ConversationID: int64(i + 1), Text: q + tails[rng.IntN(len(tails))],
			At: t0.Add(-time.Duration(rng.IntN(90*24)) * time.Hour)}
	}
	return out
}
