package sensitive_test

import (
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

	"replydesk/preset"
	"replydesk/sensitive"
)

// benchWords returns n distinct words like a shop's list: the presets, then
// Chinese words of 2–5 common characters and a tenth Latin words of 3–10
// letters, from a fixed seed.
func benchWords(n int) []string {
	rng := rand.New(rand.NewPCG(1, 2))
	seen := make(map[string]bool)
	var words []string
	add := func(w string) {
		if !seen[w] && len(words) < n {
			seen[w] = true
			words = append(words, w)
		}
	}
	for _, w := range append(preset.SensitiveWords("zh-CN"), preset.SensitiveWords("en")...) {
		add(w)
	}
	for len(words) < n {
		var b strings.Builder
		if rng.IntN(10) == 0 {
			for range 3 + rng.IntN(8) {
				b.WriteByte(byte('a' + rng.IntN(26)))
			}
		} else {
			for range 2 + rng.IntN(4) {
				b.WriteRune(rune(0x4e00 + rng.IntN(3500)))
			}
		}
		add(b.String())
	}
	return words
}

// benchText is 500 characters of a customer-service exchange.
func benchText() string {
	const s = "亲，您好，欢迎光临本店～我在的，请问有什么可以帮您？您拍下的这款连衣裙是现货，" +
		"付款后48小时内发货，默认发中通快递，偏远地区可能需要多一两天。尺码方面，身高165、体重50公斤左右建议选M码，" +
		"如果平时喜欢宽松一点的可以选L码。面料是100%棉，可以机洗，建议冷水反面洗涤，不要暴晒。收到货后如果不合适，" +
		"支持七天无理由退换，退回时请保持吊牌完好，不影响二次销售哦。Order No. A1234567 has shipped; tracking SF1234567890. " +
		"如有其他问题随时联系我们，祝您购物愉快！"
	r := []rune(strings.Repeat(s, 3))
	return string(r[:500])
}

// BenchmarkFind is RB-10's budget: well under 50 µs for 500 characters
// against 2,000 words.
func BenchmarkFind(b *testing.B) {
	m, err := sensitive.New(benchWords(2000))
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct{ name, text string }{
		{"clean", benchText()},
		{"with words", strings.Replace(benchText(), "祝您", "加 微 信，好評返現，ＶＸ：abc，祝您", 1)},
		{"emoji", strings.Repeat("好的🙂👍🏻！", 84)[:500*3]},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.text)))
			b.ReportAllocs()
			for b.Loop() {
				m.Find(c.text)
			}
			b.ReportMetric(float64(utf8.RuneCountInString(c.text)), "chars")
		})
	}
}

// BenchmarkNew builds a Matcher for 2,000 words and reports the heap it
// holds.
func BenchmarkNew(b *testing.B) {
	words := benchWords(2000)
	if _, err := sensitive.New(nil); err != nil { // load the tables first
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := sensitive.New(words); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(matcherHeap(b, words))/(1<<20), "MiB/matcher")
}

// matcherHeap returns the live heap a Matcher for words holds.
func matcherHeap(tb testing.TB, words []string) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	m, err := sensitive.New(words)
	if err != nil {
		tb.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(m)
	return after.HeapAlloc - before.HeapAlloc
}
