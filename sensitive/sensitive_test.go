package sensitive_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"replydesk/sensitive"
)

func mustNew(t testing.TB, words ...string) *sensitive.Matcher {
	t.Helper()
	m, err := sensitive.New(words)
	if err != nil {
		t.Fatalf("New(%q): %v", words, err)
	}
	return m
}

type findCase struct {
	name  string
	words []string
	text  string
	want  []string // nil: nothing found
}

func runFind(t *testing.T, cases []findCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := mustNew(t, c.words...).Find(c.text)
			if !slices.Equal(got, c.want) || (got == nil) != (c.want == nil) {
				t.Errorf("words %q, Find(%q) = %q, want %q", c.words, c.text, got, c.want)
			}
		})
	}
}

// RB-10: matching sees through full-width letters and digits, case,
// traditional characters, and spaces or symbols inserted between the
// characters of a word.
func TestRB10SeesThrough(t *testing.T) {
	wx := []string{"加微信"}
	runFind(t, []findCase{
		// As written.
		{"verbatim", wx, "亲，加微信聊", wx},
		{"verbatim latin", []string{"WhatsApp me"}, "Please WhatsApp me today", []string{"WhatsApp me"}},

		// Full-width letters and digits (NFKC).
		{"full-width letters", []string{"vx"}, "加ＶＸ：abc", []string{"vx"}},
		{"full-width digits", []string{"12315"}, "打１２３１５投诉", []string{"12315"}},
		{"full-width percent", []string{"100%正品"}, "１００％正品", []string{"100%正品"}},
		{"full-width word listed", []string{"ＱＱ号"}, "QQ号多少", []string{"ＱＱ号"}},
		{"circled digits", []string{"12315"}, "打①②③①⑤", []string{"12315"}},
		{"circled letters", []string{"vx"}, "加ⓥⓧ", []string{"vx"}},
		{"keycap digits", []string{"12315"}, "打1️⃣2️⃣3️⃣1️⃣5️⃣", []string{"12315"}},

		// Case.
		{"upper case", []string{"vx"}, "加VX", []string{"vx"}},
		{"mixed case", []string{"vx"}, "加Vx", []string{"vx"}},
		{"upper case listed", []string{"QQ群"}, "进qq群", []string{"QQ群"}},
		{"cyrillic case", []string{"скидка"}, "СКИДКА", []string{"скидка"}},

		// Traditional → simplified.
		{"traditional text", []string{"违禁"}, "這是違禁品", []string{"违禁"}},
		{"traditional listed", []string{"違禁"}, "这是违禁品", []string{"違禁"}},
		{"traditional phrase", []string{"好评返现"}, "好評返現哦", []string{"好评返现"}},
		{"traditional and spaced", []string{"刷单"}, "不 刷 單", []string{"刷单"}},

		// Spaces and symbols between the characters.
		{"spaces", wx, "加 微 信", wx},
		{"several spaces", wx, "加   微   信", wx},
		{"ideographic spaces", wx, "加　微　信", wx},
		{"hyphens", wx, "加-微-信", wx},
		{"asterisks", wx, "加*微*信", wx},
		{"emoji", wx, "加🙂微🙂信", wx},
		{"emoji with presentation selector", wx, "加❤️微❤️信", wx},
		{"emoji with skin tone", wx, "加👍🏻微👍🏻信", wx},
		{"emoji sequence", wx, "加👨‍👩‍👧微👨‍👩‍👧信", wx},
		{"mixed symbols", wx, "加~微 _ 信", wx},
		{"full stops", wx, "加。微。信", wx},
		{"line breaks", wx, "加\n微\n信", wx},
		{"brackets", wx, "【加】【微】【信】", wx},
		{"invalid UTF-8", wx, "加\xff微\xfe信", wx},
		{"two spaced characters", []string{"刷单"}, "我们不 刷 单", []string{"刷单"}},
		{"two spaced characters at the start", []string{"刷单"}, "刷 单吗", []string{"刷单"}},

		// Invisible characters are not even separators.
		{"zero-width space", []string{"好评返现"}, "好评\u200b返现", []string{"好评返现"}},
		{"zero-width joiner", wx, "加\u200d微信", wx},
		{"soft hyphen", []string{"刷单"}, "牙膏刷\u00ad单", []string{"刷单"}},
		{"word joiner and BOM", wx, "加\u2060微\ufeff信", wx},
		{"hangul filler", wx, "加\u3164微信", wx},

		// Letters of an alphabet with spaces, and a change of script.
		{"latin spaced out", []string{"whatsapp"}, "w h a t s a p p", []string{"whatsapp"}},
		{"latin compound split", []string{"cashback"}, "cash back", []string{"cashback"}},
		{"latin compound hyphenated", []string{"cashback"}, "cash-back offer", []string{"cashback"}},
		{"latin phrase joined", []string{"pay outside"}, "payoutside", []string{"pay outside"}},
		{"chinese then latin", []string{"加vx"}, "加 VX：abc", []string{"加vx"}},
		{"latin then chinese", []string{"qq群"}, "QQ 群", []string{"qq群"}},
		{"digit then percent", []string{"100%正品"}, "100 % 正品", []string{"100%正品"}},

		// Separators that the listed word has.
		{"listed full stop, text space", []string{"NO.1"}, "销量 No 1", []string{"NO.1"}},
		{"listed full stop, text none", []string{"NO.1"}, "销量no1", []string{"NO.1"}},
		{"apostrophe in the text", []string{"wont"}, "we won't", []string{"wont"}},
		{"apostrophe in the word", []string{"world's best"}, "the worlds best", []string{"world's best"}},
		{"listed space, text hyphen", []string{"WhatsApp me"}, "whatsapp-me", []string{"WhatsApp me"}},

		// Whole words for Latin and numbers, at a change of kind.
		{"latin before digits", []string{"qq"}, "加qq123456", []string{"qq"}},
		{"latin between chinese", []string{"vx"}, "加vx号", []string{"vx"}},
		{"number between chinese", []string{"12315"}, "打12315投诉", []string{"12315"}},
	})
}

// RB-10: stripping symbols must not join the end of one sentence, product
// name or English word with the start of the next.
func TestRB10NonMatches(t *testing.T) {
	wx := []string{"加微信"}
	runFind(t, []findCase{
		{"two sentences", wx, "满减可以叠加。微信支付也行", nil},
		{"two clauses", wx, "可以叠加，微信支付立减5元", nil},
		{"two lines", wx, "全部商品可叠加\n微信支付立减5元", nil},
		{"two product names, space", []string{"刷单"}, "电动牙刷 单人床垫", nil},
		{"two product names, slash", []string{"刷单"}, "电动牙刷/单人床垫", nil},
		{"two product names, brackets", []string{"刷单"}, "【电动牙刷】【单人床垫】", nil},
		{"two product names, list comma", []string{"刷单"}, "电动牙刷、单人床垫", nil},
		{"partly spaced", wx, "可以加 微信支付", nil},
		{"two sentences, latin phrase", []string{"WhatsApp me"}, "Use WhatsApp. Me, I prefer email", nil},
		{"number inside a number", []string{"12315"}, "订单号9123156已发货", nil},
		{"number followed by digits", []string{"12315"}, "单号12315678", nil},
		{"numbers next to each other", []string{"12315"}, "规格123 15件", nil},
		{"percent is not any number", []string{"100%正品"}, "满100减10，正品保障", nil},
		{"inside a latin word", []string{"vx"}, "kievx", nil},
		{"across latin words", []string{"vx"}, "tv xbox", nil},
		{"after an apostrophe", []string{"scam"}, "that's cam", nil},
		{"latin suffix", []string{"cure"}, "secure payment", nil},
		{"latin inflection", []string{"cure"}, "cured meat", nil},
		{"spaced word inside latin", []string{"vx"}, "v xbox", nil},
		{"different word", wx, "加微博", nil},
		{"empty text", wx, "", nil},
		{"only symbols", wx, "！？…🙂", nil},
	})
}

// RB-10: Chinese is not segmented into words, so a listed word written
// inside a longer one without separators is found (the documented limit,
// not a wish), and so is a word inside or overlapping another listed word.
func TestRB10Substrings(t *testing.T) {
	runFind(t, []findCase{
		{"inside a longer word", []string{"刷单"}, "牙刷单价9.9元", []string{"刷单"}},
		{"overlapping words", []string{"微信", "加微信"}, "加微信", []string{"微信", "加微信"}},
		{"one-character word", []string{"最"}, "最近", []string{"最"}},
		{"words sharing their start", []string{"好评返现", "好评有礼", "好评"}, "好评有礼哦", []string{"好评有礼", "好评"}},
		{"a word longer than the text", []string{"好评返现"}, "好评", nil},
	})
}

// RB-10: Find reports each word once, as listed and in list order.
func TestRB10FindOrderAndOnce(t *testing.T) {
	m := mustNew(t, "刷单", "违禁", "vx", "加微信", "微信")
	got := m.Find("加VX，加微信，再加微信。違禁品不卖，加 v x")
	want := []string{"违禁", "vx", "加微信", "微信"}
	if !slices.Equal(got, want) {
		t.Errorf("Find = %q, want %q", got, want)
	}
}

// RB-10: New drops blank words and words that normalise like an earlier
// one; an empty list finds nothing.
func TestRB10NewWordList(t *testing.T) {
	for _, c := range []struct {
		name  string
		words []string
		len   int
		text  string
		want  []string
	}{
		{"nil list", nil, 0, "加微信", nil},
		{"empty list", []string{}, 0, "加微信", nil},
		{"blank words", []string{"", "  ", "\t\n"}, 0, "加微信", nil},
		{"symbol-only words", []string{"!!!", "🙂", "——"}, 0, "!!!🙂——", nil},
		{"trimmed", []string{"  加微信 \n"}, 1, "加微信", []string{"加微信"}},
		{"case duplicates", []string{"vx", "VX", "Ｖｘ"}, 1, "VX", []string{"vx"}},
		{"traditional duplicates", []string{"違禁", "违禁"}, 1, "违禁", []string{"違禁"}},
		{"symbol duplicates", []string{"加微信", "加-微-信"}, 1, "加-微-信", []string{"加微信"}},
		// The merged word accepts where either spelling would.
		{"merged separators", []string{"no1", "NO.1"}, 1, "no.1", []string{"no1"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := mustNew(t, c.words...)
			if m.Len() != c.len {
				t.Errorf("Len = %d, want %d", m.Len(), c.len)
			}
			if got := m.Find(c.text); !slices.Equal(got, c.want) {
				t.Errorf("Find(%q) = %q, want %q", c.text, got, c.want)
			}
		})
	}
}

// RB-10: New refuses words longer than MaxWordLen characters and more than
// MaxWords distinct words.
func TestRB10Limits(t *testing.T) {
	long := strings.Repeat("长", sensitive.MaxWordLen)
	if m := mustNew(t, long); m.Find("这"+long+"句") == nil {
		t.Errorf("a %d-character word is not found", sensitive.MaxWordLen)
	}
	m, err := sensitive.New([]string{"ok", long + "了"})
	if !errors.Is(err, sensitive.ErrWordTooLong) || m != nil {
		t.Errorf("New(51 characters) = %v, %v; want nil, ErrWordTooLong", m, err)
	}
	if err != nil && !strings.Contains(err.Error(), "word 2") {
		t.Errorf("error %q does not say which word", err)
	}

	words := make([]string, sensitive.MaxWords)
	for i := range words {
		words[i] = fmt.Sprintf("w%d", i)
	}
	if m := mustNew(t, append(words, "W0", " w1 ", "")...); m.Len() != sensitive.MaxWords {
		t.Errorf("Len = %d, want %d", m.Len(), sensitive.MaxWords)
	}
	m, err = sensitive.New(append(words, "w-extra"))
	if !errors.Is(err, sensitive.ErrTooManyWords) || m != nil {
		t.Errorf("New(%d words) = %v, %v; want nil, ErrTooManyWords", sensitive.MaxWords+1, m, err)
	}
}

// RB-10: one Matcher serves many goroutines (run with -race).
func TestRB10Concurrent(t *testing.T) {
	m := mustNew(t, "加微信", "vx", "违禁", "刷单", "12315")
	texts := []string{"加 微 信", "ＶＸ号", "違禁品", "电动牙刷 单人床垫", "打12315", "你好", strings.Repeat("亲，在的。", 100)}
	want := make([][]string, len(texts))
	for i, s := range texts {
		want[i] = m.Find(s)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for n := range 200 {
				i := (g + n) % len(texts)
				if got := m.Find(texts[i]); !slices.Equal(got, want[i]) {
					t.Errorf("Find(%q) = %q concurrently, %q alone", texts[i], got, want[i])
					return
				}
			}
		})
	}
	wg.Wait()
}
