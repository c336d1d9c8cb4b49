package sensitive

import (
	"slices"
	"strings"
	"testing"

	"replydesk/preset"
)

// FuzzFind: any text and any word. Find never panics; reading a text
// segment by segment is NFKC on the whole text; Find reports listed words
// only, once each, in list order; and a text that contains the word
// verbatim, set apart by a space on each side, is always found.
//
// The spaces are part of the promise, not a convenience: a Latin word or a
// number is found only as a whole word (vx is not in kievx), and NFKC may
// compose a word's first character with what precedes it (e + ́ is é).
func FuzzFind(f *testing.F) {
	for _, c := range [][2]string{
		{"亲，加 微 信聊", "加微信"},
		{"ＶＸ：abc123", "vx"},
		{"這是違禁品", "违禁"},
		{"电动牙刷 单人床垫", "刷单"},
		{"Please WhatsApp. Me", "WhatsApp me"},
		{"订单号9123156", "12315"},
		{"100 % 正品", "100%正品"},
		{"cafe\u0301", "café"},
		{"加🙂微🙂信", "加-微-信"},
		{"\xff\xfe", "\u0301"},
		{"", ""},
	} {
		f.Add(c[0], c[1])
	}
	tb := mustTables(f)
	presets, err := New(append(preset.SensitiveWords("zh-CN"), preset.SensitiveWords("en")...))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s, word string) {
		if got, want := normalised(tb, s), reference(tb, s); !sameText(got, want) {
			t.Fatalf("reset(%q) = %q, NFKC first gives %q", s, string(got.runes), string(want.runes))
		}
		checkFound(t, presets, s)

		w := strings.TrimSpace(word)
		list := []string{w, "加微信", "vx", "12315", "100%"}
		m, err := New(list)
		if err != nil {
			return // too long
		}
		checkFound(t, m, s)
		if one, _ := New([]string{w}); one.Len() == 0 {
			return // blank once normalised
		}
		text := s + " " + w + " " + s
		if got := m.Find(text); !slices.Contains(got, w) {
			t.Fatalf("Find(%q) = %q, does not have %q", text, got, w)
		}
	})
}

// checkFound checks that m.Find(s) reports listed words only, once each,
// in list order.
func checkFound(t *testing.T, m *Matcher, s string) {
	t.Helper()
	got := m.Find(s)
	if got != nil && len(got) == 0 {
		t.Fatalf("Find(%q) = empty, not nil", s)
	}
	last := -1
	for _, w := range got {
		i := slices.Index(m.words, w)
		if i <= last {
			t.Fatalf("Find(%q) = %q: %q unlisted, repeated or out of order", s, got, w)
		}
		last = i
	}
}

// FuzzParseList: any file. ParseList never panics, and what it accepts
// is within the limits: valid, trimmed, distinct words without control
// characters, each at most MaxWordLen characters.
func FuzzParseList(f *testing.F) {
	for _, s := range []string{"加微信\nvx\n", "\uFEFF# c\na,b\n\"x,y\",z\n", "\"unclosed\n", "a\x00b", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, file string) {
		words, err := ParseList(strings.NewReader(file))
		if err != nil {
			if words != nil {
				t.Fatalf("ParseList = %q and %v", words, err)
			}
			return
		}
		seen := make(map[string]bool)
		for _, w := range words {
			if w == "" || w != strings.TrimSpace(w) || seen[w] || w[0] == '#' || len([]rune(w)) > MaxWordLen || checkText([]byte(w)) != nil || strings.ContainsAny(w, "\r\n") {
				t.Fatalf("ParseList(%q) gave word %q", file, w)
			}
			seen[w] = true
		}
	})
}
