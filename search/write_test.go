package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"sync"
	"testing"

	"replydesk/engine"
)

// seqSource is a Source whose KB has had seq changes.
type seqSource struct {
	docs
	seq int64
}

func (s seqSource) Seq(context.Context) (int64, error) { return s.seq, nil }

func recordedSeq(t *testing.T, ix *Index) string {
	t.Helper()
	v, err := ix.idx.GetInternal(keySeq)
	if err != nil {
		t.Fatal(err)
	}
	return string(v)
}

func TestOpenSeq(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "index")
	ix := open(t, dir, seqSource{smallKB, 5})
	if got := recordedSeq(t, ix); got != "5" {
		t.Errorf("rebuild recorded seq %q, want 5", got)
	}
	ix.Close()

	// Same seq: opened as is.
	ix = open(t, dir, seqSource{smallKB, 5})
	if ix.Rebuilt() {
		t.Error("index at the store's seq rebuilt")
	}
	ix.Close()

	// The store moved on while the index was closed (an import by the
	// command-line tool, or a kill between the store's commit and the
	// index's write): rebuilt, with the new entry.
	newer := append(slices.Clone(smallKB), Doc{EntryID: 77, ShopID: shopA, Enabled: true, Question: "可以刻字吗"})
	ix = open(t, dir, seqSource{newer, 6})
	if !ix.Rebuilt() {
		t.Error("index behind the store not rebuilt")
	}
	hits, err := ix.Search(ctx, shopA, "能刻字吗", 3)
	if err != nil || rankOf(hits, 77) != 1 {
		t.Errorf("entry added while closed: %v %v", hits, err)
	}
	ix.Close()

	// Changes applied with Index are recorded: reopened as is.
	ix = open(t, dir, seqSource{newer, 6})
	if ix.Rebuilt() {
		t.Error("current index rebuilt")
	}
	e := engine.Entry{ID: 78, ShopID: shopA, Enabled: true, Question: "支持定制吗"}
	if err := ix.Index(ctx, 7, []engine.Entry{e}, nil); err != nil {
		t.Fatal(err)
	}
	if err := ix.Index(ctx, 8, nil, []int64{77}); err != nil {
		t.Fatal(err)
	}
	if got := recordedSeq(t, ix); got != "8" {
		t.Errorf("recorded seq %q, want 8", got)
	}
	ix.Close()
	final := append(slices.Clone(smallKB), DocOf(e))
	ix = open(t, dir, seqSource{final, 8})
	defer ix.Close()
	if ix.Rebuilt() {
		t.Error("index that applied every change rebuilt")
	}
	hits, _ = ix.Search(ctx, shopA, "支持定制吗", 3)
	if rankOf(hits, 78) != 1 {
		t.Errorf("entry indexed with seq 7 missing: %v", hits)
	}
	hits, _ = ix.Search(ctx, shopA, "能刻字吗", 3)
	if rankOf(hits, 77) != 0 {
		t.Errorf("entry deleted with seq 8 found: %v", hits)
	}
}

func TestIndexSeqOrder(t *testing.T) {
	ctx := context.Background()
	ix := open(t, filepath.Join(t.TempDir(), "index"), seqSource{smallKB, 10})
	defer ix.Close()
	put := func(seq int64) {
		t.Helper()
		e := engine.Entry{ID: 100 + seq, ShopID: shopA, Enabled: true, Question: "问题" + strconv.FormatInt(seq, 10)}
		if err := ix.Index(ctx, seq, []engine.Entry{e}, nil); err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		seq  int64
		want string
	}{
		{11, "11"},
		{13, "11"}, // 12 not applied yet
		{12, "13"}, // the gap closes
		{13, "13"}, // again: nothing new
		{9, "13"},  // an old change
		{15, "13"}, // 14 never comes: the next Open rebuilds
	}
	for _, s := range steps {
		put(s.seq)
		if got := recordedSeq(t, ix); got != s.want {
			t.Errorf("after seq %d: recorded %q, want %q", s.seq, got, s.want)
		}
	}
	for _, seq := range []int64{11, 12, 13, 15} {
		hits, _ := ix.Search(ctx, shopA, "问题"+strconv.FormatInt(seq, 10), 1)
		if rankOf(hits, 100+seq) != 1 {
			t.Errorf("entry of seq %d not searchable: %v", seq, hits)
		}
	}
}

// TestIndexPutAndDelete checks Index with puts and deletions in one call,
// across several Bleve batches.
func TestIndexPutAndDelete(t *testing.T) {
	ctx := context.Background()
	ix := open(t, filepath.Join(t.TempDir(), "index"), seqSource{smallKB, 1})
	defer ix.Close()
	var put []engine.Entry
	for i := range 2500 {
		put = append(put, engine.Entry{ID: int64(1000 + i), ShopID: shopA, Enabled: true, Question: fmt.Sprintf("批量问题%d号", i)})
	}
	if err := ix.Index(ctx, 2, put, []int64{sShipTime, 1003}); err != nil {
		t.Fatal(err)
	}
	if got := recordedSeq(t, ix); got != "2" {
		t.Errorf("recorded seq %q", got)
	}
	if n := docCount(t, ix, 1003); n != 0 {
		t.Errorf("entry both put and deleted has %d documents", n)
	}
	if n := docCount(t, ix, 3499); n != 1 {
		t.Errorf("last entry of the batch has %d documents", n)
	}
	if finds(t, ix) {
		t.Error("deleted entry found")
	}
}

func TestQuestionNumbers(t *testing.T) {
	ctx := context.Background()
	kb := docs{{EntryID: 1, ShopID: shopA, Enabled: true, Question: "什么时候发货",
		Similar: []string{"", "什么时候发货", "  ", "能开发票吗", " 什么时候发货 ", "支持花呗吗"}}}
	dir := filepath.Join(t.TempDir(), "index")
	ix := open(t, dir, kb)
	check := func(ix *Index) {
		t.Helper()
		for text, want := range map[string]int{"什么时候发货": 0, "能开发票吗": 4, "支持花呗吗": 6} {
			hits, err := ix.Search(ctx, shopA, text, 1)
			if err != nil || len(hits) != 1 {
				t.Fatalf("%s: %v %v", text, hits, err)
			}
			if hits[0].Question != want {
				t.Errorf("%s: question %d, want %d", text, hits[0].Question, want)
			}
			e := engine.Entry{Question: kb[0].Question, Similar: kb[0].Similar}
			if got := e.Questions()[hits[0].Question]; got != text {
				t.Errorf("%s: Questions()[%d] = %q", text, hits[0].Question, got)
			}
		}
	}
	check(ix)
	if n := docCount(t, ix, 1); n != 3 {
		t.Errorf("%d documents, want 3", n)
	}
	ix.Close()
	ix = open(t, dir, kb) // loaded from disk
	defer ix.Close()
	check(ix)
}

// TestReopenSameResults checks that the in-memory index loaded from disk is
// the one the writes built: after random puts, edits, moves and deletions,
// the index reopened gives exactly the same hits and scores.
func TestReopenSameResults(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "index")
	kb := append(slices.Clone(evalKB), benchKB(realisticVocab(), 300, 1000, 4)...)
	ix := open(t, dir, kb)
	r := rand.New(rand.NewPCG(1, 2))
	more := benchKB(realisticVocab(), 200, 2000, 5)
	for i := range 200 {
		d := more[i]
		switch r.IntN(4) {
		case 0: // edit an existing entry
			d.EntryID = kb[r.IntN(len(kb))].EntryID
		case 1: // move one to another shop
			d.EntryID = kb[r.IntN(len(kb))].EntryID
			d.ShopID = shopB
		case 2:
			if err := ix.Delete(kb[r.IntN(len(kb))].EntryID); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := ix.Put(d); err != nil {
			t.Fatal(err)
		}
	}
	queries := benchQueries(more, 50)
	for _, p := range evalParaphrases {
		queries = append(queries, p.text)
	}
	results := func(ix *Index) [][]engine.Hit {
		var out [][]engine.Hit
		for _, shop := range []int64{shopA, shopB} {
			if _, err := ix.Calibration(ctx, shop); err != nil {
				t.Fatal(err)
			}
		}
		for _, q := range queries {
			for _, shop := range []int64{shopA, shopB} {
				hits, err := ix.Search(ctx, shop, q, 10)
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, hits)
			}
		}
		return out
	}
	before := results(ix)
	ix.Close()
	ix = open(t, dir, kb)
	defer ix.Close()
	if ix.Rebuilt() {
		t.Fatal("rebuilt")
	}
	after := results(ix)
	for i := range before {
		if !reflect.DeepEqual(before[i], after[i]) {
			t.Errorf("query %q: before reopening %v, after %v", queries[i/2], before[i], after[i])
		}
	}
}

// TestConcurrentSame checks that searches running during writes to other
// entries and synonym changes of another shop get the same hits as alone.
func TestConcurrentSame(t *testing.T) {
	ix := openKB(t, evalKB)
	ctx := context.Background()
	if _, err := ix.Calibration(ctx, shopA); err != nil {
		t.Fatal(err)
	}
	want := map[string][]engine.Hit{}
	for _, p := range evalParaphrases {
		hits, err := ix.Search(ctx, shopA, p.text, 5)
		if err != nil {
			t.Fatal(err)
		}
		want[p.text] = hits
	}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := range 100 {
			e := engine.Entry{ID: 5000 + int64(i%10), ShopID: shopB, Enabled: true, Question: "什么时候发货呀"}
			if err := ix.Index(ctx, int64(i+1), []engine.Entry{e}, nil); err != nil {
				t.Error(err)
				return
			}
			ix.SetSynonyms(shopB, [][]string{{"发货", "寄出"}})
		}
	}()
	go func() {
		defer wg.Done()
		for range 3 {
			for _, p := range evalParaphrases {
				hits, err := ix.Search(ctx, shopA, p.text, 5)
				if err != nil {
					t.Error(err)
					return
				}
				if !reflect.DeepEqual(hits, want[p.text]) {
					t.Errorf("%q: %v, alone %v", p.text, hits, want[p.text])
				}
			}
		}
	}()
	wg.Wait()
}
