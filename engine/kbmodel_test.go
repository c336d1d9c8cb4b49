package engine

import (
	"slices"
	"strings"
	"testing"
)

func validEntry() Entry {
	return Entry{
		ShopID: 1, Question: "什么时候发货", Similar: []string{"啥时候发", "几号发货"},
		Answers:  []Answer{{Text: "亲,付款后 48 小时内发货"}},
		Category: CategoryOrder, Intent: "ship_time", Enabled: true,
	}
}

func keys(errs []FieldError) []string {
	out := make([]string, len(errs))
	for i, e := range errs {
		out[i] = e.Field + ":" + e.Key
	}
	return out
}

func TestKB2_NormalizeTrimsAndDropsRepeats(t *testing.T) {
	e := NormalizeEntry(Entry{
		Question:   "  什么时候发货 ",
		Similar:    []string{" 啥时候发 ", "", "啥时候发", "什么时候发货", "几号发"},
		Answers:    []Answer{{Text: "  "}, {Text: " 48小时内 ", When: []OrderStatus{OrderShipped, OrderPaid, OrderPaid}}},
		Intent:     "ship_time",
		Operations: []Operation{OpUrgeWarehouse, OpOrderCard, OpUrgeWarehouse},
	})
	if e.Question != "什么时候发货" || !slices.Equal(e.Similar, []string{"啥时候发", "几号发"}) {
		t.Errorf("questions: %q %q", e.Question, e.Similar)
	}
	if len(e.Answers) != 1 || e.Answers[0].Text != "48小时内" || !slices.Equal(e.Answers[0].When, []OrderStatus{OrderPaid, OrderShipped}) {
		t.Errorf("answers: %+v", e.Answers)
	}
	if !slices.Equal(e.Operations, []Operation{OpOrderCard, OpUrgeWarehouse}) {
		t.Errorf("operations: %v", e.Operations)
	}
	if e.Category != CategoryOrder {
		t.Errorf("category of a core intent is filled in: %q", e.Category)
	}
}

func TestKB2_ValidEntryHasNoProblems(t *testing.T) {
	if errs := ValidateEntry(NormalizeEntry(validEntry())); errs != nil {
		t.Fatalf("unexpected problems: %v", errs)
	}
}

func TestKB2_ValidateNamesEveryProblem(t *testing.T) {
	cases := []struct {
		name string
		edit func(*Entry)
		want string
	}{
		{"missing question", func(e *Entry) { e.Question = "" }, "question:kb_question_missing"},
		{"question too long", func(e *Entry) { e.Question = strings.Repeat("问", MaxQuestionRunes+1) }, "question:kb_too_long"},
		{"similar too long", func(e *Entry) { e.Similar[1] = strings.Repeat("q", MaxQuestionRunes+1) }, "similar[1]:kb_too_long"},
		{"similar not utf-8", func(e *Entry) { e.Similar[0] = "发\xff货" }, "similar[0]:kb_not_utf8"},
		{"no answer", func(e *Entry) { e.Answers = nil }, "answers:kb_answer_missing"},
		{"answer too long", func(e *Entry) { e.Answers[0].Text = strings.Repeat("答", MaxAnswerRunes+1) }, "answers[0].text:kb_too_long"},
		{"unknown variable", func(e *Entry) { e.Answers[0].Text = "亲 {buyer.nickname}" }, "answers[0].text:kb_unknown_variable"},
		{"unknown status", func(e *Entry) { e.Answers[0].When = []OrderStatus{"lost"} }, "answers[0].when:kb_unknown_status"},
		{"four answers for one status", func(e *Entry) {
			for i := 0; i < 4; i++ {
				e.Answers = append(e.Answers, Answer{Text: "a" + string(rune('0'+i)), When: []OrderStatus{OrderShipped}})
			}
		}, "answers:kb_too_many_answers"},
		{"four plain answers", func(e *Entry) {
			e.Answers = append(e.Answers, Answer{Text: "b"}, Answer{Text: "c"}, Answer{Text: "d"})
		}, "answers:kb_too_many_answers"},
		{"unknown category", func(e *Entry) { e.Category = "food" }, "category:kb_unknown_category"},
		{"missing category", func(e *Entry) { e.Category, e.Intent = "", "" }, "category:kb_category_missing"},
		{"unknown intent", func(e *Entry) { e.Intent = "teleport" }, "intent:kb_unknown_intent"},
		{"unknown operation", func(e *Entry) { e.Operations = []Operation{"refund_now"} }, "operations:kb_unknown_operation"},
		{"too many similar", func(e *Entry) {
			e.Similar = nil
			for i := 0; i <= MaxSimilar; i++ {
				e.Similar = append(e.Similar, "q"+strings.Repeat("x", i))
			}
		}, "similar:kb_too_many_similar"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := validEntry()
			e.Similar = slices.Clone(e.Similar)
			e.Answers = slices.Clone(e.Answers)
			c.edit(&e)
			_, err := CheckEntry(e)
			var ee *EntryError
			if err == nil || !asEntryError(err, &ee) {
				t.Fatalf("CheckEntry = %v, want an *EntryError", err)
			}
			if got := keys(ee.Problems); !slices.Contains(got, c.want) {
				t.Errorf("problems %v lack %s", got, c.want)
			}
		})
	}
}

func asEntryError(err error, target **EntryError) bool {
	e, ok := err.(*EntryError)
	*target = e
	return ok
}

func TestKB2_ThreeAnswersPerStatusAreAllowed(t *testing.T) {
	e := validEntry()
	e.Answers = []Answer{{Text: "a"}, {Text: "b"}, {Text: "c"},
		{Text: "d", When: []OrderStatus{OrderPaid}}, {Text: "e", When: []OrderStatus{OrderPaid, OrderShipped}}, {Text: "f", When: []OrderStatus{OrderPaid}}}
	if _, err := CheckEntry(e); err != nil {
		t.Fatal(err)
	}
}

func TestKB2_AnswersFollowTheOrderStatus(t *testing.T) {
	e := Entry{Answers: []Answer{
		{Text: "any order"},
		{Text: "unpaid", When: []OrderStatus{OrderUnpaid}},
		{Text: "shipped 1", When: []OrderStatus{OrderShipped, OrderDelivered}},
		{Text: "shipped 2", When: []OrderStatus{OrderShipped}},
	}}
	texts := func(as []Answer) []string {
		var out []string
		for _, a := range as {
			out = append(out, a.Text)
		}
		return out
	}
	for status, want := range map[OrderStatus][]string{
		"":              {"any order"},
		OrderUnpaid:     {"unpaid"},
		OrderShipped:    {"shipped 1", "shipped 2"},
		OrderDelivered:  {"shipped 1"},
		OrderAfterSales: {"any order"},
	} {
		if got := texts(e.AnswersFor(status)); !slices.Equal(got, want) {
			t.Errorf("AnswersFor(%q) = %q, want %q", status, got, want)
		}
	}
}

func TestKB2_RenderFillsVariablesAndReportsMissingOnes(t *testing.T) {
	out, missing := Render("{buyer.name}您好,订单 {order.id} 预计 {order.promise_ship_at} 前发出 —— {shop.name}", Vars{
		"buyer.name": "小王", "shop.name": "回复台演示店", "order.id": "",
	})
	if !slices.Equal(missing, []string{"order.id", "order.promise_ship_at"}) {
		t.Errorf("missing = %v", missing)
	}
	if !strings.HasPrefix(out, "小王您好") || !strings.HasSuffix(out, "回复台演示店") {
		t.Errorf("out = %q", out)
	}
	out, missing = Render("{buyer.name}您好 {not a var} {x}", Vars{"buyer.name": "Amy"})
	if missing != nil || out != "Amy您好 {not a var} {x}" {
		t.Errorf("Render = %q, %v", out, missing)
	}
	if got := UnknownVariables("{order.id} {buyer.nickname} {shop.name}"); !slices.Equal(got, []string{"buyer.nickname"}) {
		t.Errorf("UnknownVariables = %v", got)
	}
}

func TestKB5_CheckEntriesReportsEveryBadRowAndRepeats(t *testing.T) {
	good := validEntry()
	noQuestion := validEntry()
	noQuestion.Question = ""
	repeat := validEntry()
	badCategory := validEntry()
	badCategory.Question, badCategory.Category = "另一个问题", "xx"
	_, err := CheckEntries(9, []Entry{good, noQuestion, repeat, badCategory})
	re, ok := err.(*RowsError)
	if !ok {
		t.Fatalf("err = %v, want *RowsError", err)
	}
	var rows []int
	for _, r := range re.Rows {
		rows = append(rows, r.Row)
	}
	if !slices.Equal(rows, []int{2, 3, 4}) {
		t.Errorf("bad rows = %v, want [2 3 4]", rows)
	}
	if re.Rows[1].Problems[0].Key != "kb_duplicate_question" {
		t.Errorf("row 3: %+v", re.Rows[1].Problems)
	}
	out, err := CheckEntries(9, []Entry{good})
	if err != nil || out[0].ShopID != 9 || out[0].ID != 0 {
		t.Errorf("CheckEntries(good) = %+v, %v", out, err)
	}
}

func TestKB2_SynonymGroupsAreCleaned(t *testing.T) {
	got, err := CheckSynonyms([][]string{{" 顺丰 ", "SF", "sf", "顺丰快递"}, {"退款"}, {"退款", "退钱", ""}})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"顺丰", "SF", "顺丰快递"}, {"退款", "退钱"}}
	if len(got) != 2 || !slices.Equal(got[0], want[0]) || !slices.Equal(got[1], want[1]) {
		t.Errorf("CheckSynonyms = %v", got)
	}
	if _, err := CheckSynonyms([][]string{{"a", "b\xff"}}); err == nil {
		t.Error("invalid UTF-8 accepted")
	}
}
