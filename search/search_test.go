package search

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"replydesk/engine"
	"replydesk/preset"
)

func rankOf(hits []engine.Hit, entry int64) int {
	for i, h := range hits {
		if h.EntryID == entry {
			return i + 1
		}
	}
	return 0
}

func TestParaphrases(t *testing.T) {
	ix := openKB(t, smallKB)
	for _, p := range paraphrases {
		t.Run(p.text, func(t *testing.T) {
			hits, err := ix.Search(context.Background(), shopA, p.text, 5)
			if err != nil {
				t.Fatal(err)
			}
			if r := rankOf(hits, p.want); r != 1 {
				t.Errorf("want entry %d first, got rank %d in %v", p.want, r, hits)
			}
		})
	}
}

// TestParaphraseQuality measures hit@1 and MRR on the larger KB, whose
// entries compete for the same words, and fails only below a floor.
func TestParaphraseQuality(t *testing.T) {
	ix := openKB(t, evalKB)
	hit1, mrr := 0, 0.0
	for _, p := range evalParaphrases {
		hits, err := ix.Search(context.Background(), shopA, p.text, 10)
		if err != nil {
			t.Fatalf("%s: %v", p.text, err)
		}
		r := rankOf(hits, p.want)
		if r == 1 {
			hit1++
		} else {
			t.Logf("%q: entry %d at rank %d; first %v", p.text, p.want, r, hits[:min(2, len(hits))])
		}
		if r > 0 {
			mrr += 1 / float64(r)
		}
	}
	n := len(evalParaphrases)
	t.Logf("hit@1 %d/%d, MRR %.3f", hit1, n, mrr/float64(n))
	if hit1*100 < n*85 {
		t.Errorf("hit@1 %d/%d, want at least 85%%", hit1, n)
	}
}

// firstConfidence is the confidence of text's first hit in shopA (0 for
// none), after checking that every hit's confidence is in [0, 1] and no
// higher than the one before.
func firstConfidence(t *testing.T, ix *Index, text string) float64 {
	t.Helper()
	hits, err := ix.Search(context.Background(), shopA, text, 5)
	if err != nil {
		t.Fatal(err)
	}
	for i, h := range hits {
		if !(h.Confidence >= 0 && h.Confidence <= 1) {
			t.Errorf("%q: confidence %v out of [0, 1]", text, h.Confidence)
		}
		if i > 0 && (h.Confidence > hits[i-1].Confidence || h.Score > hits[i-1].Score) {
			t.Errorf("%q: hits not best first: %v", text, hits)
		}
	}
	if len(hits) == 0 {
		return 0
	}
	return hits[0].Confidence
}

// TestConfidence checks the calibrated confidence against the auto-answer
// threshold: it fails if the model (confidenceModel) or its features break.
func TestConfidence(t *testing.T) {
	ix := openKB(t, smallKB)
	tests := []struct {
		text     string
		min, max float64
	}{
		// a distinctive question of the KB, as is: answered
		{"什么时候发货", DefaultAutoThreshold, 1},
		{"能改地址吗", DefaultAutoThreshold, 1},
		{"支持花呗分期吗", DefaultAutoThreshold, 1},
		{"When will my order be shipped?", DefaultAutoThreshold, 1},
		{"Refund policy", DefaultAutoThreshold, 1},
		// close paraphrases: likely right
		{"我想改下收货地址", 0.5, 1},
		{"啥时候发货啊", 0.5, 1},
		// one common word shared ("怎么办", "my"), or nothing: not answered
		{"怎么办", 0, 0.5},
		{"my cat", 0, 0.3},
		{"is my cat sick", 0, 0.3},
		{"今天天气不错", 0, 0.3},
		{"我家猫咪生病了", 0, 0.5},
		{"你们老板是谁", 0, DefaultAutoThreshold - 0.1},
		{"what is the meaning of life", 0, 0.3},
	}
	for _, tt := range tests {
		if got := firstConfidence(t, ix, tt.text); got < tt.min || got > tt.max {
			t.Errorf("%q: confidence %.3f, want in [%.2f, %.2f]", tt.text, got, tt.min, tt.max)
		}
	}
}

// TestConfidenceMonotone checks the obvious orders: an exact question above
// its paraphrase, above the same question drowned in unrelated words; the
// best hit's confidence above the others'.
func TestConfidenceMonotone(t *testing.T) {
	ix := openKB(t, smallKB)
	chains := [][]string{
		{"什么时候发货", "啥时候发货啊", "什么时候发货 我家猫咪生病了 去医院要带什么", "我家猫咪生病了"},
		{"能改地址吗", "我想改下收货地址", "今天天气不错"},
		{"How do I get a refund?", "how to get my money back please", "what is the meaning of life"},
	}
	for _, chain := range chains {
		prev := 2.0
		for _, text := range chain {
			c := firstConfidence(t, ix, text)
			if c > prev {
				t.Errorf("%q: confidence %.3f above the previous text's %.3f in %q", text, c, prev, chain)
			}
			prev = c
		}
	}
}

// TestConfidencePreset checks out-of-scope messages and short queries
// against the shipped Chinese preset KB, a realistic shop: a message
// reduced to one or two words by the stop words ("你多大了" is 多大, which
// a size question has) must not be auto-answered, nor chit-chat.
func TestConfidencePreset(t *testing.T) {
	entries, err := preset.KB("zh-CN", shopA)
	if err != nil {
		t.Fatal(err)
	}
	var kb docs
	for i, e := range entries {
		kb = append(kb, Doc{EntryID: int64(i + 1), ShopID: shopA, Enabled: true, Question: e.Question, Similar: e.Similar})
	}
	ix := openKB(t, kb)
	for _, text := range []string{"你多大了", "今天天气怎么样", "讲个笑话", "我失恋了好难过", "哈哈哈哈"} {
		if c := firstConfidence(t, ix, text); c >= DefaultAutoThreshold {
			t.Errorf("%q: confidence %.3f, want below the threshold %.2f", text, c, DefaultAutoThreshold)
		}
	}
	for _, text := range []string{entries[0].Question, entries[1].Question, entries[2].Question} {
		if c := firstConfidence(t, ix, text); c < DefaultAutoThreshold {
			t.Errorf("%q (a preset question): confidence %.3f, want at least the threshold %.2f", text, c, DefaultAutoThreshold)
		}
	}
}

func TestShopsAndDisabled(t *testing.T) {
	ix := openKB(t, smallKB)
	ctx := context.Background()
	for _, text := range []string{"什么时候发货", "啥时候发货啊", "可以开专票吗", "几号能发"} {
		hits, err := ix.Search(ctx, shopA, text, 50)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hits {
			if h.EntryID >= 900 {
				t.Errorf("shop A, %q: got entry %d of another shop or disabled", text, h.EntryID)
			}
		}
		hits, err = ix.Search(ctx, shopB, text, 50)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hits {
			if h.EntryID != 901 && h.EntryID != 902 {
				t.Errorf("shop B, %q: got entry %d", text, h.EntryID)
			}
		}
	}
	hits, err := ix.Search(ctx, 3, "什么时候发货", 5)
	if err != nil || len(hits) != 0 {
		t.Errorf("unknown shop: got %v, %v", hits, err)
	}
}

func TestPutReplacesAndDelete(t *testing.T) {
	ix := openKB(t, smallKB)
	ctx := context.Background()
	search := func(text string) []engine.Hit {
		t.Helper()
		hits, err := ix.Search(ctx, shopA, text, 5)
		if err != nil {
			t.Fatal(err)
		}
		return hits
	}

	// New questions replace the old ones at once.
	err := ix.Put(Doc{EntryID: sShipTime, ShopID: shopA, Enabled: true,
		Question: "预售商品几号发", Similar: []string{"定金付了什么时候发"}})
	if err != nil {
		t.Fatal(err)
	}
	if r := rankOf(search("预售商品几号发"), sShipTime); r != 1 {
		t.Errorf("new question: rank %d", r)
	}
	for _, h := range search("下单后多久发") {
		if h.EntryID == sShipTime && h.Confidence >= 0.9 {
			t.Errorf("old similar question still indexed: %v", h)
		}
	}
	if n := docCount(t, ix, sShipTime); n != 2 {
		t.Errorf("entry has %d documents, want 2", n)
	}

	// Fewer questions: the extra documents go.
	if err := ix.Put(Doc{EntryID: sShipTime, ShopID: shopA, Enabled: true, Question: "预售商品几号发"}); err != nil {
		t.Fatal(err)
	}
	if n := docCount(t, ix, sShipTime); n != 1 {
		t.Errorf("entry has %d documents, want 1", n)
	}

	// Moving an entry to another shop.
	if err := ix.Put(Doc{EntryID: sShipTime, ShopID: shopB, Enabled: true, Question: "预售商品几号发"}); err != nil {
		t.Fatal(err)
	}
	if r := rankOf(search("预售商品几号发"), sShipTime); r != 0 {
		t.Errorf("entry moved to shop B still found in shop A")
	}

	// Disabling removes it.
	if err := ix.Put(Doc{EntryID: sAddress, ShopID: shopA, Enabled: false, Question: "能改地址吗"}); err != nil {
		t.Fatal(err)
	}
	if r := rankOf(search("能改地址吗"), sAddress); r != 0 {
		t.Errorf("disabled entry found at rank %d", r)
	}

	// Delete, twice, and of an unknown entry.
	for _, id := range []int64{sInvoice, sInvoice, 12345} {
		if err := ix.Delete(id); err != nil {
			t.Fatalf("Delete(%d): %v", id, err)
		}
	}
	if r := rankOf(search("有发票吗"), sInvoice); r != 0 {
		t.Errorf("deleted entry found at rank %d", r)
	}
	if n := docCount(t, ix, sInvoice); n != 0 {
		t.Errorf("deleted entry has %d documents", n)
	}
}

// docCount returns the number of documents of an entry, in memory and in
// Bleve, failing when they differ.
func docCount(t *testing.T, ix *Index, entry int64) int {
	t.Helper()
	ix.mu.RLock()
	ids := ix.mem.docIDs(entry)
	ix.mu.RUnlock()
	q := bleve.NewPrefixQuery(strconv.FormatInt(entry, 10) + "/")
	q.SetField("_id")
	res, err := ix.idx.Search(bleve.NewSearchRequestOptions(q, 1000, 0, false))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != len(ids) {
		t.Errorf("entry %d: %d documents in memory, %d in Bleve", entry, len(ids), len(res.Hits))
	}
	return len(ids)
}

func TestPutBatch(t *testing.T) {
	ix := openKB(t, nil)
	ctx := context.Background()
	err := ix.PutBatch([]Doc{
		{EntryID: 1, ShopID: shopA, Enabled: true, Question: "什么时候发货"},
		{EntryID: 2, ShopID: shopA, Enabled: true, Question: "包邮吗", Similar: []string{"包邮吗", " ", "", "  包邮吗  "}},
		{EntryID: 1, ShopID: shopA, Enabled: true, Question: "可以开发票吗"}, // last one wins
		{EntryID: 3, ShopID: shopA, Enabled: true, Question: "   "},    // nothing to index
	})
	if err != nil {
		t.Fatal(err)
	}
	for entry, want := range map[int64]int{1: 1, 2: 1, 3: 0} {
		if n := docCount(t, ix, entry); n != want {
			t.Errorf("entry %d: %d documents, want %d", entry, n, want)
		}
	}
	hits, _ := ix.Search(ctx, shopA, "开发票", 5)
	if rankOf(hits, 1) != 1 {
		t.Errorf("last duplicate should win: %v", hits)
	}
	hits, _ = ix.Search(ctx, shopA, "什么时候发货", 5)
	if len(hits) > 0 && hits[0].Confidence > 0.5 {
		t.Errorf("first duplicate indexed: %v", hits)
	}
	if err := ix.PutBatch(nil); err != nil {
		t.Errorf("empty batch: %v", err)
	}
}

func TestOddInput(t *testing.T) {
	ix := openKB(t, smallKB)
	ctx := context.Background()
	long := strings.Repeat("什么时候发货退款包邮", 1000) // 10,000 characters
	tests := []struct {
		name, text string
		k          int
		wantHits   bool
	}{
		{"empty", "", 5, false},
		{"spaces", " \t\n\u3000 ", 5, false},
		{"emoji", "😀😀🙏", 5, false},
		{"punctuation", "？？！。，", 5, false},
		{"invalid utf-8", "\xff\xfe发货\xc0", 5, true},
		{"only invalid utf-8", "\xff\xfe\xc0", 5, false},
		{"long", long, 5, true},
		{"mixed", "hi 亲 when 发货 😀 pls", 5, true},
		{"k zero", "什么时候发货", 0, false},
		{"k negative", "什么时候发货", -1, false},
		{"query syntax", `+发货 -"退款" AND OR * ? \ ~2 ^3 field:x`, 5, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits, err := ix.Search(ctx, shopA, tt.text, tt.k)
			if err != nil {
				t.Fatal(err)
			}
			if (len(hits) > 0) != tt.wantHits {
				t.Errorf("got %v, want hits: %v", hits, tt.wantHits)
			}
			if tt.k > 0 && len(hits) > tt.k {
				t.Errorf("got %d hits, want at most %d", len(hits), tt.k)
			}
			for _, h := range hits {
				if h.Confidence < 0 || h.Confidence > 1 {
					t.Errorf("confidence %v out of [0, 1]", h.Confidence)
				}
			}
		})
	}
	// The same odd text can be indexed.
	for i, q := range []string{"😀", "\xff\xfe发货\xc0", long, "ＥＭＳ　包邮"} {
		if err := ix.Put(Doc{EntryID: int64(500 + i), ShopID: shopA, Enabled: true, Question: q}); err != nil {
			t.Errorf("Put(%.20q): %v", q, err)
		}
	}
	hits, err := ix.Search(ctx, shopA, "EMS 包邮", 3)
	if err != nil || rankOf(hits, 503) != 1 {
		t.Errorf("full-width question not found by its ASCII form: %v %v", hits, err)
	}
}

func TestSearchCancelled(t *testing.T) {
	ix := openKB(t, smallKB)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ix.Search(ctx, shopA, "什么时候发货", 5); err == nil {
		t.Error("search with a cancelled context: no error")
	}
}

func TestConcurrent(t *testing.T) {
	ix := openKB(t, smallKB)
	ctx := context.Background()
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				if g == 0 {
					if err := ix.Put(Doc{EntryID: 700 + int64(i%5), ShopID: shopA, Enabled: true, Question: "并发测试问题"}); err != nil {
						t.Error(err)
						return
					}
					continue
				}
				p := paraphrases[(g*50+i)%len(paraphrases)]
				if _, err := ix.Search(ctx, shopA, p.text, 3); err != nil {
					t.Error(err)
					return
				}
			}
		}(g)
	}
	wg.Wait()
}

func TestClosed(t *testing.T) {
	ix, err := OpenMem(context.Background(), smallKB)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Search(context.Background(), shopA, "什么时候发货", 3); err == nil {
		t.Error("Search after Close: no error")
	}
	if err := ix.Put(Doc{EntryID: 1, ShopID: shopA, Enabled: true, Question: "x"}); err == nil {
		t.Error("Put after Close: no error")
	}
}

// TestLargeIndexQuality checks retrieval quality among many unrelated
// questions: evalKB is searched among 10,000 generated entries (60,000
// questions) of general vocabulary in the same shop.
func TestLargeIndexQuality(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 60,000-question index")
	}
	v := realisticVocab()
	v.domain = v.general[:2000] // noise about other things than the shop
	kb := append(append(docs{}, evalKB...), benchKB(v, 10000, 100000, 9)...)
	ix := openKB(t, kb)

	hit1 := 0
	for _, p := range evalParaphrases {
		hits, err := ix.Search(context.Background(), shopA, p.text, 10)
		if err != nil {
			t.Fatal(err)
		}
		if rankOf(hits, p.want) == 1 {
			hit1++
		}
	}
	n := len(evalParaphrases)
	t.Logf("hit@1 %d/%d among 10,000 other entries", hit1, n)
	if hit1*100 < n*80 {
		t.Errorf("hit@1 %d/%d, want at least 80%%", hit1, n)
	}
}

// TestSingleShopIndex covers an index holding one shop, then two.
func TestSingleShopIndex(t *testing.T) {
	var one docs
	for _, d := range smallKB {
		if d.ShopID == shopA && d.Enabled {
			one = append(one, d)
		}
	}
	ix := openKB(t, one)
	ctx := context.Background()
	hits, err := ix.Search(ctx, shopA, "什么时候发货", 3)
	if err != nil || rankOf(hits, sShipTime) != 1 {
		t.Fatalf("single shop: %v %v", hits, err)
	}

	if err := ix.Put(Doc{EntryID: 901, ShopID: shopB, Enabled: true, Question: "什么时候发货"}); err != nil {
		t.Fatal(err)
	}
	// Two shops now: searches are filtered.
	for shop, want := range map[int64]int64{shopA: sShipTime, shopB: 901} {
		hits, err := ix.Search(ctx, shop, "什么时候发货", 50)
		if err != nil || rankOf(hits, want) != 1 {
			t.Errorf("shop %d: %v %v", shop, hits, err)
		}
		for _, h := range hits {
			if (h.EntryID == 901) != (shop == shopB) {
				t.Errorf("shop %d: got entry %d", shop, h.EntryID)
			}
		}
	}
}
