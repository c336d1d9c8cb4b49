package sensitive

import (
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/longbridgeapp/opencc"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

func mustTables(t testing.TB) *tables {
	t.Helper()
	tb, err := loadTables()
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

// reference normalises s the slow, obvious way: NFKC on the whole text,
// then rune by rune. Invalid UTF-8 is replaced by U+FFFD first, as NFKC on
// invalid UTF-8 is not defined (golang.org/x/text/unicode/norm leaves
// "\xf6ǲ" as it is, while NFKC turns ǲ into Dz).
func reference(t *tables, s string) *text {
	var x text
	g := gapNone
	for _, r := range norm.NFKC.String(strings.ToValidUTF8(s, "\uFFFD")) {
		in, to := t.lookup(r)
		g = x.add(in, to, g)
	}
	x.finish(g)
	return &x
}

func sameText(a, b *text) bool {
	return slices.Equal(a.runes, b.runes) && slices.Equal(a.gap, b.gap) && slices.Equal(a.class, b.class)
}

func normalised(t *tables, s string) *text {
	var x text
	x.reset(t, s)
	return &x
}

// RB-10: reading a text segment by segment gives what NFKC on the whole
// text gives.
func TestRB10NormaliseIsNFKC(t *testing.T) {
	tb := mustTables(t)
	for _, s := range []string{
		"", "加微信", "ＶＸ：ａｂｃ１２３", "cafe\u0301 café", "e\u0301\u0323 \u1e0b\u0323\u0307",
		"①②③ ㊙ ㍿ ﬁ ½", "ｶﾞｷﾞ ｶﾟ", "\u1100\u1161\u11a8 한글", "\u0301start", "\xff\u0301\xfe",
		"ＡＢ\u0301Ｃ", "㉽ㄽ", "주ㅏ ᄀㅏ", "ﾡﾠ", "\xf6ǲ", "\xcc\u0301", "a\xff\u0301", "加\u200b微\ufe0f信\u20e3", "Ω Å K", "ǅ ǈ", "\u0f73\u0f75",
	} {
		if got, want := normalised(tb, s), reference(tb, s); !sameText(got, want) {
			t.Errorf("reset(%q) = %q %v %v, NFKC first gives %q %v %v", s,
				string(got.runes), got.gap, got.class, string(want.runes), want.gap, want.class)
		}
	}
}

// RB-10: NFKC includes width folding: whatever golang.org/x/text/width folds
// (full-width ASCII to ASCII, half-width kana and Hangul to full width),
// normalisation sees as the same.
func TestRB10NormaliseFoldsWidth(t *testing.T) {
	tb := mustTables(t)
	n := 0
	for r := rune(0); r < 0x30000; r++ {
		s := string(r)
		folded := width.Fold.String(s)
		if folded == s || !unicode.IsPrint(r) {
			continue
		}
		n++
		if a, b := normalised(tb, s), normalised(tb, folded); !sameText(a, b) {
			t.Errorf("%U %q normalises to %q, its width-folded %q to %q", r, s, string(a.runes), folded, string(b.runes))
		}
	}
	if n < 200 {
		t.Errorf("only %d runes folded by width", n)
	}
}

// RB-10: the traditional → simplified table holds every single-character
// conversion that OpenCC's t2s makes, for every Han character of Unicode.
func TestRB10SimplifiedIsOpenCC(t *testing.T) {
	if testing.Short() {
		t.Skip("converts 98,000 characters")
	}
	got, err := simplified()
	if err != nil {
		t.Fatal(err)
	}
	cc, err := opencc.New("t2s")
	if err != nil {
		t.Fatal(err)
	}
	var han []rune
	var b strings.Builder
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if unicode.Is(unicode.Han, r) {
			han = append(han, r)
			b.WriteRune(r)
			b.WriteByte('\n')
		}
	}
	out, err := cc.Convert(b.String())
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(out, "\n")
	want := 0
	for i, r := range han {
		conv := []rune(lines[i])
		if len(conv) != 1 || conv[0] == r {
			if to, ok := got[r]; ok {
				t.Errorf("%c → %c, OpenCC leaves it (%q)", r, to, lines[i])
			}
			continue
		}
		want++
		if got[r] != conv[0] {
			t.Errorf("%c → %q, OpenCC converts it to %c", r, got[r], conv[0])
		}
	}
	if len(got) != want {
		t.Errorf("table has %d conversions, OpenCC makes %d", len(got), want)
	}
	for trad, simp := range map[rune]rune{'違': '违', '禁': 0, '勝': '胜', '乾': '干', '單': '单', '評': '评', '現': '现'} {
		if got[trad] != simp {
			t.Errorf("%c → %q, want %q", trad, got[trad], simp)
		}
	}
}

// The heap the shared tables hold, and what building them costs; run with
// -v to see the figures.
func TestRB10TablesCost(t *testing.T) {
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	h0 := heap()
	start := time.Now()
	cc, err := opencc.New("t2s")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("OpenCC t2s converter: %v, %d KiB of heap", time.Since(start).Round(time.Millisecond), (heap()-h0)/1024)
	runtime.KeepAlive(cc)
	cc = nil

	h0 = heap()
	start = time.Now()
	tb, err := buildTables()
	if err != nil {
		t.Fatal(err)
	}
	took, kept := time.Since(start), heap()-h0
	t.Logf("tables (converter dropped): %v, %d KiB of heap; %d t2s, %d lower/t2s, %d NFKC entries",
		took.Round(time.Millisecond), kept/1024, len(tb.t2s), len(tb.to), len(tb.nfkc))
	if kept > 4<<20 {
		t.Errorf("tables hold %d KiB", kept/1024)
	}
	runtime.KeepAlive(tb)
}
