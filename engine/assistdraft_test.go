package engine

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"
)

// fakeDrafter drafts text (or fails with err) once gate is closed (nil:
// at once); it hands every request to got, when set.
type fakeDrafter struct {
	text string
	err  error
	gate chan struct{}
	got  chan DraftRequest
}

func (f *fakeDrafter) Draft(ctx context.Context, req DraftRequest) (string, error) {
	if f.got != nil {
		f.got <- req
	}
	if f.gate != nil {
		<-f.gate
	}
	return f.text, f.err
}

// gatedReranker reranks like its fakeReranker once gate is closed.
type gatedReranker struct {
	fakeReranker
	gate chan struct{}
}

func (g *gatedReranker) Rerank(ctx context.Context, q string, cands []Candidate) (Reranked, error) {
	<-g.gate
	return g.fakeReranker.Rerank(ctx, q, cands)
}

const draftQuery = "什么时候发货 快递 物流 到哪"

func nextAssist(t *testing.T, ch chan Assist) Assist {
	t.Helper()
	select {
	case a := <-ch:
		return a
	case <-time.After(5 * time.Second):
		t.Fatal("no AssistUpdated notice")
	}
	return Assist{}
}

func noMoreAssists(t *testing.T, ch chan Assist) {
	t.Helper()
	select {
	case a := <-ch:
		t.Fatalf("an unexpected AssistUpdated notice: %+v", a)
	case <-time.After(50 * time.Millisecond):
	}
}

func TestLM3_SuggestDraftsInTheBackground(t *testing.T) {
	d, _, rec, _ := newTestDesk()
	rec.assists = make(chan Assist, 4)
	ctx := context.Background()
	c, _, _ := d.ReceiveBuyerMessage(ctx, 1, "b1", "小王", draftQuery)
	before, _ := d.Suggest(ctx, c.ID)
	if before.Drafting || before.Draft != nil {
		t.Fatalf("no drafter, yet %+v", before)
	}
	dr := &fakeDrafter{text: " 亲，48小时内发货，默认中通快递。 ", gate: make(chan struct{}), got: make(chan DraftRequest, 1)}
	d.SetDrafter(dr)
	a, err := d.Suggest(ctx, c.ID) // returns while the drafter is held at its gate
	if err != nil {
		t.Fatal(err)
	}
	if !a.Drafting || a.Draft != nil || !slices.Equal(suggestionIDs(a.Suggestions), suggestionIDs(before.Suggestions)) {
		t.Fatalf("Suggest must answer at once, drafting: %+v", a)
	}
	req := <-dr.got
	var answers []string
	for _, s := range a.Suggestions {
		answers = append(answers, s.Answer)
	}
	if req.Query != draftQuery || !slices.Equal(req.Answers, answers) || req.Order != nil {
		t.Errorf("drafted from %+v; want the message and the shown answers %q, no order", req, answers)
	}
	close(dr.gate)
	up := nextAssist(t, rec.assists)
	if up.Drafting || up.Draft == nil || up.Draft.Text != "亲，48小时内发货，默认中通快递。" ||
		!slices.Equal(up.Draft.EntryIDs, suggestionIDs(a.Suggestions)) {
		t.Fatalf("update %+v draft %+v; want the draft trimmed, from the shown entries", up, up.Draft)
	}
	if up.ConversationID != c.ID || up.MessageID != a.MessageID || up.Intent != a.Intent ||
		!slices.Equal(suggestionIDs(up.Suggestions), suggestionIDs(a.Suggestions)) {
		t.Errorf("the draft changed more than the draft: %+v", up)
	}
	noMoreAssists(t, rec.assists)

	d.SetDrafter(nil)
	if a, _ := d.Suggest(ctx, c.ID); a.Drafting {
		t.Errorf("drafting without a drafter: %+v", a)
	}
}

func TestLM3_AFailingDrafterChangesNothing(t *testing.T) {
	tests := []struct {
		name string
		dr   *fakeDrafter
	}{
		{"an error", &fakeDrafter{err: errors.New("llm: draft: time budget exceeded")}},
		{"a leftover variable", &fakeDrafter{text: "您的订单 {order.id} 48小时内发货"}},
		{"a copy of the message", &fakeDrafter{text: " 什么时候发货，快递，物流，到哪？"}},
		{"blank", &fakeDrafter{text: "  "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, _, rec, _ := newTestDesk()
			rec.assists = make(chan Assist, 4)
			ctx := context.Background()
			c, _, _ := d.ReceiveBuyerMessage(ctx, 1, "b1", "小王", draftQuery)
			d.SetDrafter(tt.dr)
			a, _ := d.Suggest(ctx, c.ID)
			if !a.Drafting {
				t.Fatalf("not drafting: %+v", a)
			}
			// One push ends the marker, and changes nothing else.
			up := nextAssist(t, rec.assists)
			want := a
			want.Drafting = false
			if up.Drafting || up.Draft != nil || up.Intent != want.Intent || up.MessageID != want.MessageID ||
				!slices.Equal(suggestionIDs(up.Suggestions), suggestionIDs(want.Suggestions)) {
				t.Errorf("after a failed draft: %+v; want %+v", up, want)
			}
			noMoreAssists(t, rec.assists)
		})
	}
}

func TestLM3_NoDraftFromAnswersWithValuesMissing(t *testing.T) {
	convs := &memConversations{}
	kb := &memKB{entries: []Entry{
		{ID: 1, ShopID: 1, Question: "单号", Answers: []Answer{{Text: "您的订单 {order.id} 已发货"}}, Intent: "logistics_track", Enabled: true},
		{ID: 2, ShopID: 1, Question: "物流", Answers: []Answer{{Text: "快递在路上"}}, Intent: "logistics_track", Enabled: true},
	}, confidence: map[int64]float64{1: 0.9, 2: 0.4}}
	rec := &recorder{assists: make(chan Assist, 4)}
	d := NewDesk(Deps{Conversations: convs, Agents: convs, Entries: kb, Retriever: kb, Notifier: rec, Outbox: rec,
		Clock: &fakeClock{t: time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)}, AutoThreshold: 0.5})
	dr := &fakeDrafter{text: "快递在路上。", got: make(chan DraftRequest, 2)}
	d.SetDrafter(dr)
	ctx := context.Background()
	c, _, _ := d.ReceiveBuyerMessage(ctx, 1, "b1", "小王", "单号 物流")
	a, _ := d.Suggest(ctx, c.ID)
	if !a.Drafting {
		t.Fatalf("%+v", a)
	}
	if req := <-dr.got; !slices.Equal(req.Answers, []string{"快递在路上"}) {
		t.Errorf("drafted from %q; want only the answer with every value", req.Answers)
	}
	if up := nextAssist(t, rec.assists); up.Draft == nil || !slices.Equal(up.Draft.EntryIDs, []int64{2}) {
		t.Errorf("draft %+v; want from entry 2", up.Draft)
	}

	// Only answers with a value missing: no draft at all.
	c2, _, _ := d.ReceiveBuyerMessage(ctx, 1, "b2", "小李", "单号")
	if a, _ := d.Suggest(ctx, c2.ID); a.Drafting || len(a.Suggestions) != 1 {
		t.Errorf("%+v; want a suggestion and no draft", a)
	}
	noMoreAssists(t, rec.assists)
}

// Both the rerank and the draft run; whichever comes second keeps what the
// first brought.
func TestLM3_DraftAndRerankKeepEachOther(t *testing.T) {
	tests := []struct {
		name        string
		draftFirst  bool
		noneFit     bool
		rerankFails bool
	}{
		{"the draft first", true, false, false},
		{"the rerank first", false, false, false},
		{"the rerank first, none fits", false, true, false},
		{"the draft first, then none fits", true, true, false},
		{"the rerank fails first", false, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, _, rec, _ := newTestDesk()
			rec.assists = make(chan Assist, 4)
			ctx := context.Background()
			c, _, _ := d.ReceiveBuyerMessage(ctx, 1, "b1", "小王", draftQuery)
			rr := &gatedReranker{fakeReranker: fakeReranker{order: reversed, noneFit: tt.noneFit}, gate: make(chan struct{})}
			if tt.rerankFails {
				rr.err = errors.New("timeout")
			}
			dr := &fakeDrafter{text: "48小时内发货。", gate: make(chan struct{})}
			d.SetReranker(rr)
			d.SetDrafter(dr)
			a, _ := d.Suggest(ctx, c.ID)
			if !a.Reranking || !a.Drafting {
				t.Fatalf("%+v", a)
			}
			var first Assist
			if tt.draftFirst {
				close(dr.gate)
				first = nextAssist(t, rec.assists)
				if first.Draft == nil || !first.Reranking || first.Reranked {
					t.Fatalf("the draft's push %+v", first)
				}
				close(rr.gate)
			} else {
				close(rr.gate)
				if !tt.rerankFails {
					first = nextAssist(t, rec.assists)
					if !first.Reranked || first.Reranking || !first.Drafting || first.Draft != nil {
						t.Fatalf("the rerank's push %+v", first)
					}
				}
				close(dr.gate)
			}
			last := nextAssist(t, rec.assists)
			noMoreAssists(t, rec.assists)
			// A failed rerank pushes nothing (LM-2): the draft's push says
			// Reranking false only when the failure came before it, which
			// this test does not wait for.
			if (last.Reranking && !tt.rerankFails) || last.Drafting {
				t.Errorf("the last push still says reranking %v drafting %v", last.Reranking, last.Drafting)
			}
			if tt.rerankFails {
				if last.Reranked || !slices.Equal(suggestionIDs(last.Suggestions), suggestionIDs(a.Suggestions)) || last.Draft == nil {
					t.Errorf("after a failed rerank: %+v; want the search order and the draft", last)
				}
				return
			}
			if !last.Reranked || last.NoneFit != tt.noneFit || slices.Equal(suggestionIDs(last.Suggestions), suggestionIDs(a.Suggestions)) {
				t.Errorf("the last push lost the rerank: %+v", last)
			}
			switch {
			case tt.noneFit && last.Draft != nil:
				t.Errorf("a draft from suggestions that do not fit is shown: %+v", last.Draft)
			case !tt.noneFit && (last.Draft == nil || last.Draft.Text != "48小时内发货。"):
				t.Errorf("the last push lost the draft: %+v", last)
			}
		})
	}
}
