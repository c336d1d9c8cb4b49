package search

import (
	"cmp"
	"context"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
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

// BenchmarkSearch searches a 10,000-entry KB (60,000 questions) in one shop,
// rebuilt on disk by Open (its build time is logged), with paraphrased
// questions, top 5, and reports p50 and p99 latency. "realistic" draws the KB
// from ~5,400 dictionary and domain words; "dense" from 120 e-commerce words
// only, where a query shares a term with most of the KB.
func BenchmarkSearch(b *testing.B) {
	for _, bc := range []struct {
		name string
		v    vocab
	}{
		{"realistic", realisticVocab()},
		{"dense", vocab{domain: denseVocab, general: denseVocab}},
	} {
		b.Run(bc.name, func(b *testing.B) { benchSearch(b, bc.v) })
	}
}

func benchSearch(b *testing.B, v vocab) {
	kb := benchKB(v, 10000, 1, 1)
	start := time.Now()
	ix, err := Open(context.Background(), filepath.Join(b.TempDir(), "index"), kb)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	b.Logf("built a %d-question index in %v", countQuestions(kb), time.Since(start).Round(time.Millisecond))

	// Queries: a similar question with two characters dropped, a greeting
	// and a particle added.
	r := rand.New(rand.NewPCG(2, 7))
	queries := make([]string, 1000)
	for i := range queries {
		d := kb[r.IntN(len(kb))]
		rs := []rune(d.Similar[r.IntN(len(d.Similar))])
		cut := r.IntN(len(rs) - 2)
		queries[i] = "亲，" + string(rs[:cut]) + string(rs[cut+2:]) + "啊"
	}

	ctx := context.Background()
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
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)*50/100].Nanoseconds()), "p50-ns")
	b.ReportMetric(float64(lat[min(len(lat)-1, len(lat)*99/100)].Nanoseconds()), "p99-ns")
}

// BenchmarkPutBatch indexes batches of 100 new entries (600 questions) into
// an index on disk and reports questions per second.
func BenchmarkPutBatch(b *testing.B) {
	ix, err := Open(context.Background(), filepath.Join(b.TempDir(), "index"), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	const perOp = 100
	kb := benchKB(realisticVocab(), perOp*min(b.N, 1000), 1, 3)
	b.ReportAllocs()
	b.ResetTimer()
	questions := 0
	for i := 0; i < b.N; i++ {
		j := (i % 1000) * perOp
		batch := slices.Clone(kb[j : j+perOp])
		if i >= 1000 { // past the generated entries: new IDs, same text
			for k := range batch {
				batch[k].EntryID += int64(i/1000) * int64(len(kb))
			}
		}
		if err := ix.PutBatch(batch); err != nil {
			b.Fatal(err)
		}
		questions += countQuestions(batch)
	}
	b.ReportMetric(float64(questions)/b.Elapsed().Seconds(), "questions/s")
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
