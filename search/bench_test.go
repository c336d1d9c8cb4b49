package search

import (
	"cmp"
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"replydesk/engine"
)

// denseVocab is a small vocabulary of e-commerce words: a KB generated from
// it is far denser than a real one (a query matches a third of it).
var denseVocab = strings.Fields(`
	发货 快递 物流 退货 退款 换货 地址 修改 发票 专票 包邮 运费 优惠券 满减 花呗
	尺码 颜色 色差 正品 假货 破损 漏发 错发 补发 签收 拒收 丢件 售后 客服 人工
	订单 取消 付款 支付 价格 降价 差价 价保 赠品 包装 质量 保修 维修 说明书 会员
	积分 活动 预售 现货 库存 补货 顺丰 中通 圆通 韵达 申通 邮政 京东 偏远 新疆
	什么时候 多久 几天 怎么 如何 可以 能不能 是不是 有没有 为什么 哪里 多少 还是
	衣服 裤子 鞋子 外套 手机 耳机 充电器 杯子 面膜 口红 洗发水 零食 茶叶 玩具 书包
	今天 明天 昨天 下单 收到 寄回 申请 处理 查询 显示 一直 已经 还没 马上 尽快
	大号 小号 偏大 偏小 身高 体重 材质 面料 起球 掉色 缩水 味道 保质期 生产日期`)

// vocab generates questions from words: each question has one or two
// domain words, drawn uniformly, and two to four general words, drawn with a
// Zipf law (the first words of the list are the most frequent).
type vocab struct {
	domain, general []string
}

// realisticVocab takes the domain dictionary and the 2 to 4 character words
// of the trimmed dictionary with frequency ≥ 1000, most frequent first.
func realisticVocab() vocab {
	var v vocab
	for _, line := range strings.Split(domainDict, "\n") {
		if f := strings.Fields(line); len(f) > 0 && !strings.HasPrefix(f[0], "#") {
			v.domain = append(v.domain, f[0])
		}
	}
	type wf struct {
		w string
		f float64
	}
	var ws []wf
	for _, line := range strings.Split(zhTrimDict, "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		n := utf8.RuneCountInString(f[0])
		freq, _ := strconv.ParseFloat(f[1], 64)
		if n >= 2 && n <= 4 && freq >= 1000 {
			ws = append(ws, wf{f[0], freq})
		}
	}
	slices.SortStableFunc(ws, func(a, b wf) int { return cmp.Compare(b.f, a.f) })
	for _, w := range ws {
		v.general = append(v.general, w.w)
	}
	return v
}

func (v vocab) sentence(r *rand.Rand, zg *rand.Zipf) string {
	var b strings.Builder
	words := make([]string, 0, 6)
	for n := 1 + r.IntN(2); n > 0; n-- {
		words = append(words, v.domain[r.IntN(len(v.domain))])
	}
	for n := 2 + r.IntN(3); n > 0; n-- {
		words = append(words, v.general[zg.Uint64()])
	}
	r.Shuffle(len(words), func(i, j int) { words[i], words[j] = words[j], words[i] })
	for _, w := range words {
		b.WriteString(w)
	}
	if r.IntN(3) == 0 {
		b.WriteString("吗")
	}
	return b.String()
}

// benchKB generates n entries with 5 similar questions each, all in one
// shop (the worst case for the shop filter), the same for the same input.
func benchKB(v vocab, n int, firstID int64, seed uint64) docs {
	r := rand.New(rand.NewPCG(seed, 7))
	zg := rand.NewZipf(r, 1.05, 20, uint64(len(v.general)-1))
	kb := make(docs, n)
	for i := range kb {
		kb[i] = Doc{EntryID: firstID + int64(i), ShopID: shopA, Enabled: true, Question: v.sentence(r, zg)}
		for j := 0; j < 5; j++ {
			kb[i].Similar = append(kb[i].Similar, v.sentence(r, zg))
		}
	}
	return kb
}

func countQuestions(kb docs) int {
	n := 0
	for _, d := range kb {
		n += 1 + len(d.Similar)
	}
	return n
}

// BenchmarkSearch searches a 10,000-entry KB (60,000 questions) in one shop
// with paraphrased questions, top 5, one search at a time, and reports p50
// and p99 latency and queries per second. The index is built on disk once
// (its build time is logged) and opened, as the app opens it, before each
// run. "realistic" draws the KB from ~5,400 dictionary and domain words;
// "dense" from 120 e-commerce words only, where a query shares a term with
// most of the KB.
func BenchmarkSearch(b *testing.B) {
	for _, bc := range []struct {
		name string
		v    vocab
	}{
		{"realistic", realisticVocab()},
		{"dense", vocab{domain: denseVocab, general: denseVocab}},
	} {
		b.Run(bc.name, func(b *testing.B) { benchSearch(b, bc.name, bc.v) })
	}
}

// benchDirs holds the indexes built by benchIndex, by name, for the whole
// run; TestMain removes them.
var benchDirs = map[string]string{}

// benchIndex opens the on-disk index of kb named name, building it the
// first time.
func benchIndex(b *testing.B, name string, kb docs) *Index {
	b.Helper()
	dir, ok := benchDirs[name]
	if !ok {
		tmp, err := os.MkdirTemp("", "search-bench-")
		if err != nil {
			b.Fatal(err)
		}
		dir = filepath.Join(tmp, "index")
		start := time.Now()
		ix, err := Open(context.Background(), dir, kb)
		if err != nil {
			b.Fatal(err)
		}
		if err := ix.Close(); err != nil {
			b.Fatal(err)
		}
		b.Logf("built a %d-question index in %v", countQuestions(kb), time.Since(start).Round(time.Millisecond))
		benchDirs[name] = dir
	}
	ix, err := Open(context.Background(), dir, kb)
	if err != nil {
		b.Fatal(err)
	}
	if ix.Rebuilt() {
		b.Fatal("built index rebuilt")
	}
	b.Cleanup(func() { ix.Close() })
	return ix
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, dir := range benchDirs {
		os.RemoveAll(filepath.Dir(dir))
	}
	os.Exit(code)
}

func benchSearch(b *testing.B, name string, v vocab) {
	kb := benchKB(v, 10000, 1, 1)
	ix := benchIndex(b, name, kb)
	queries := benchQueries(kb, 1000)
	ctx := context.Background()
	// the shop's model, trained before the timing: searches are measured,
	// not the training that follows opening the index
	if _, err := ix.Calibration(ctx, shopA); err != nil {
		b.Fatal(err)
	}
	for _, q := range queries[:100] { // warm-up
		if _, err := ix.Search(ctx, shopA, q, 5); err != nil {
			b.Fatal(err)
		}
	}
	runtime.GC()
	lat := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if _, err := ix.Search(ctx, shopA, queries[i%len(queries)], 5); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	reportLatency(b, lat)
}

// benchQueries returns n paraphrases of similar questions of kb: two
// characters dropped, a greeting and a particle added.
func benchQueries(kb docs, n int) []string {
	r := rand.New(rand.NewPCG(2, 7))
	queries := make([]string, n)
	for i := range queries {
		d := kb[r.IntN(len(kb))]
		rs := []rune(d.Similar[r.IntN(len(d.Similar))])
		cut := r.IntN(len(rs) - 2)
		queries[i] = "亲，" + string(rs[:cut]) + string(rs[cut+2:]) + "啊"
	}
	return queries
}

// reportLatency reports the p50 and p99 of lat and the rate of operations.
func reportLatency(b *testing.B, lat []time.Duration) {
	var sum time.Duration
	for _, d := range lat {
		sum += d
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)*50/100].Nanoseconds()), "p50-ns")
	b.ReportMetric(float64(lat[min(len(lat)-1, len(lat)*99/100)].Nanoseconds()), "p99-ns")
	b.ReportMetric(float64(len(lat))/sum.Seconds(), "queries/s")
}

// BenchmarkIndex measures writes to an index on disk in questions per
// second: "rebuild" is Open building the 10,000-entry KB afresh from its
// source (segments merged); "import" applies 1,000 new entries per Index
// call, as a KB import does; "edit" replaces one existing entry per call,
// as a KB edit does.
func BenchmarkIndex(b *testing.B) {
	v := realisticVocab()
	b.Run("rebuild", func(b *testing.B) {
		kb := benchKB(v, 10000, 1, 1)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			ix, err := Open(context.Background(), filepath.Join(b.TempDir(), "index"), kb)
			if err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			ix.Close()
			b.StartTimer()
		}
		b.ReportMetric(float64(b.N*countQuestions(kb))/b.Elapsed().Seconds(), "questions/s")
	})
	b.Run("import", func(b *testing.B) {
		const perOp = 1000
		ix := openBench(b, nil)
		kb := benchKB(v, perOp*min(b.N, 20), 1, 3)
		b.ResetTimer()
		questions := 0
		for i := 0; i < b.N; i++ {
			j := (i % 20) * perOp
			batch := slices.Clone(kb[j : j+perOp])
			for k := range batch { // new IDs, same text
				batch[k].EntryID += int64(i/20) * int64(len(kb))
			}
			if err := ix.Index(context.Background(), int64(i+1), entries(batch), nil); err != nil {
				b.Fatal(err)
			}
			questions += countQuestions(batch)
		}
		b.ReportMetric(float64(questions)/b.Elapsed().Seconds(), "questions/s")
	})
	b.Run("edit", func(b *testing.B) {
		kb := benchKB(v, 10000, 1, 1)
		ix := openBench(b, kb)
		edits := benchKB(v, 1000, 1, 5) // new text for existing entries
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			e := edits[i%len(edits)]
			e.EntryID = int64(1 + (i*7919)%len(kb))
			if err := ix.Index(context.Background(), int64(i+1), entries(docs{e}), nil); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N*6)/b.Elapsed().Seconds(), "questions/s")
	})
}

func openBench(b *testing.B, src Source) *Index {
	b.Helper()
	ix, err := Open(context.Background(), filepath.Join(b.TempDir(), "index"), src)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ix.Close() })
	return ix
}

// entries turns docs back into KB entries, for Index.
func entries(ds docs) []engine.Entry {
	out := make([]engine.Entry, len(ds))
	for i, d := range ds {
		out[i] = engine.Entry{ID: d.EntryID, ShopID: d.ShopID, Question: d.Question, Similar: d.Similar, Enabled: d.Enabled}
	}
	return out
}

// BenchmarkOpen opens an existing on-disk index of the 10,000-entry KB
// (60,000 questions), which loads its postings into memory without
// rebuilding, and reports the time to open, then the Go heap in use and the
// process's resident memory once the last one opened has answered 1,000
// searches (the dictionary, loaded once per process, included).
func BenchmarkOpen(b *testing.B) {
	kb := benchKB(realisticVocab(), 10000, 1, 1)
	queries := benchQueries(kb, 1000)
	benchIndex(b, "realistic", kb).Close()
	dir := benchDirs["realistic"]
	kb = nil
	var ix *Index
	var err error
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if ix, err = Open(context.Background(), dir, docs(nil)); err != nil {
			b.Fatal(err)
		}
		if ix.Rebuilt() {
			b.Fatal("existing index rebuilt")
		}
		if i < b.N-1 {
			b.StopTimer()
			ix.Close()
			b.StartTimer()
		}
	}
	b.StopTimer()
	defer ix.Close()
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/open")
	for _, q := range queries {
		if _, err := ix.Search(context.Background(), shopA, q, 5); err != nil {
			b.Fatal(err)
		}
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "heap-MiB")
	if rss := residentMiB(); rss > 0 {
		b.ReportMetric(rss, "rss-MiB")
	}
}

// residentMiB returns the process's resident set size on Linux, else 0.
func residentMiB() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}

// TestSegmenterHeap loads a segmenter from the embedded dictionaries and
// logs the time and the heap it keeps; it fails only if the heap looks like
// gse's full dictionary (about 128 MiB) was loaded.
func TestSegmenterHeap(t *testing.T) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	seg, err := loadSegmenter()
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	runtime.GC()
	runtime.ReadMemStats(&after)
	heap := (int64(after.HeapAlloc) - int64(before.HeapAlloc)) >> 20
	t.Logf("segmenter: %d words, loaded in %v, heap +%d MiB", seg.Dict.NumTokens(), took.Round(time.Millisecond), heap)
	runtime.KeepAlive(seg)
	if heap > 100 {
		t.Errorf("segmenter keeps %d MiB of heap", heap)
	}
}
