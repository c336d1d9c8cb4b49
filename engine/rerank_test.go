package engine

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"
)

// fakeReranker answers with a fixed order, or fails; it records what it was offered.
type fakeReranker struct {
	order   func(ids []int64) []int64
	noneFit bool
	err     error
	offered chan []Candidate
}

func (f *fakeReranker) Rerank(_ context.Context, _ string, cands []Candidate) (Reranked, error) {
	if f.offered != nil {
		f.offered <- cands
	}
	if f.err != nil {
		return Reranked{}, f.err
	}
	ids := make([]int64, len(cands))
	for i, c := range cands {
		ids[i] = c.EntryID
	}
	return Reranked{Order: f.order(ids), NoneFit: f.noneFit}, nil
}

func reversed(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Reverse(out)
	return out
}

func suggestionIDs(ss []Suggestion) []int64 {
	var out []int64
	for _, s := range ss {
		out = append(out, s.EntryID)
	}
	return out
}

func TestLM2_RerankReordersInTheBackground(t *testing.T) {
	d, _, rec, _ := newTestDesk()
	rec.assists = make(chan Assist, 1)
	ctx := context.Background()
	c, _, _ := d.ReceiveBuyerMessage(ctx, 1, "b1", "小王", "什么时候发货 快递 物流 到哪")
	before, _ := d.Suggest(ctx, c.ID)
	if before.Reranking || before.Reranked {
		t.Fatalf("no reranker, yet %+v", before)
	}
	d.SetReranker(&fakeReranker{order: reversed})
	a, err := d.Suggest(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Reranking || !slices.Equal(suggestionIDs(a.Suggestions), suggestionIDs(before.Suggestions)) {
		t.Fatalf("Suggest must answer at once in search order: %+v", a)
	}
	select {
	case up := <-rec.assists:
		if !up.Reranked || up.ConversationID != c.ID || up.MessageID != a.MessageID {
			t.Errorf("update %+v", up)
		}
		if len(up.Suggestions) != MaxSuggestions || up.Suggestions[0].EntryID == a.Suggestions[0].EntryID {
			t.Errorf("the LLM's order was not applied: %v after %v", suggestionIDs(up.Suggestions), suggestionIDs(a.Suggestions))
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no AssistUpdated notice")
	}
}

func TestLM2_AFailingRerankKeepsTheSearchOrder(t *testing.T) {
	d, _, rec, _ := newTestDesk()
	rec.assists = make(chan Assist, 1)
	offered := make(chan []Candidate, 1)
	d.SetReranker(&fakeReranker{err: errors.New("timeout"), offered: offered})
	ctx := context.Background()
	c, _, _ := d.ReceiveBuyerMessage(ctx, 1, "b1", "小王", "什么时候发货 快递 物流 到哪")
	a, _ := d.Suggest(ctx, c.ID)
	cands := <-offered
	if len(cands) < len(a.Suggestions) || cands[0].EntryID != a.Suggestions[0].EntryID || cands[0].Answer == "" {
		t.Errorf("offered %+v", cands)
	}
	select {
	case up := <-rec.assists:
		t.Fatalf("a failed rerank changed the suggestions: %+v", up)
	case <-time.After(100 * time.Millisecond): // the rerank has returned: nothing may follow
	}
	d.SetReranker(nil)
	if a, err := d.Suggest(ctx, c.ID); err != nil || a.Reranking {
		t.Errorf("reranking without a reranker: %+v %v", a, err)
	}
}

func TestLM2_NoneFitClearsTheIntent(t *testing.T) {
	d, _, rec, _ := newTestDesk()
	rec.assists = make(chan Assist, 1)
	d.SetReranker(&fakeReranker{order: func(ids []int64) []int64 { return ids }, noneFit: true})
	ctx := context.Background()
	c, _, _ := d.ReceiveBuyerMessage(ctx, 1, "b1", "小王", "什么时候发货 快递 物流 到哪")
	d.Suggest(ctx, c.ID)
	up := <-rec.assists
	if !up.NoneFit || up.Intent != "" {
		t.Errorf("%+v", up)
	}
}
