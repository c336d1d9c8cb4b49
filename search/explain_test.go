package search

import (
	"slices"
	"strings"
	"testing"

	"replydesk/engine"
)

// marked returns the runes of text that spans cover, joined by "|".
func marked(text string, spans []engine.Span) string {
	rs := []rune(text)
	var parts []string
	for _, s := range spans {
		parts = append(parts, string(rs[s.Start:s.End]))
	}
	return strings.Join(parts, "|")
}

func TestExplain(t *testing.T) {
	ix := openKB(t, nil)
	tests := []struct {
		query, question string
		inQuery         string // the marked parts, joined by |
		inQuestion      string
	}{
		// shared words and characters; 啥时候 and 什么时候 are synonyms
		{"啥时候发货呀", "什么时候发货", "啥时候发货", "什么时候发货"},
		{"亲，能开专票吗", "可以开增值税专用发票吗", "开专票", "开增值税专用发票"},
		{"退款几天到账", "退款多久到账", "退款几天到账", "退款多久到账"}, // 几天 and 多久 are synonyms
		// English stop words are articles, "be" and the like, not
		// pronouns and question words
		{"When will my order ship?", "When will my order be shipped?", "When|will|my|order|ship", "When|will|my|order|shipped"},
		{"Is the parcel here", "parcel arrived", "parcel", "parcel"},
		{"ＥＭＳ包邮吗", "ems能包邮吗", "ＥＭＳ包邮", "ems|包邮"},
		// nothing shared
		{"今天天气不错", "什么时候发货", "", ""},
		{"", "什么时候发货", "", ""},
		{"😀🙏", "😀🙏", "", ""},
		// emoji and invalid bytes count as runes
		{"😀发货\xff", "\xfe\xfe发货吗", "发货", "发货"},
	}
	for _, tt := range tests {
		q, d := ix.Explain(tt.query, tt.question)
		if got := marked(tt.query, q); got != tt.inQuery {
			t.Errorf("Explain(%q, %q): query marks %q %v, want %q", tt.query, tt.question, got, q, tt.inQuery)
		}
		if got := marked(tt.question, d); got != tt.inQuestion {
			t.Errorf("Explain(%q, %q): question marks %q %v, want %q", tt.query, tt.question, got, d, tt.inQuestion)
		}
		for _, spans := range [][]engine.Span{q, d} {
			if !slices.IsSortedFunc(spans, func(a, b engine.Span) int { return a.Start - b.Start }) {
				t.Errorf("spans not in order: %v", spans)
			}
			for i := 1; i < len(spans); i++ {
				if spans[i].Start <= spans[i-1].End {
					t.Errorf("spans not merged: %v", spans)
				}
			}
		}
	}
}

func TestExplainOddInput(t *testing.T) {
	ix := openKB(t, nil)
	long := strings.Repeat("发货", 2000)
	for _, text := range []string{"", " ", "\xff", "\xff\xfe\xfd", "😀", "a\x00b", long, "发\u0301货", "\u3000ＡＢＣ\u3000"} {
		q, d := ix.Explain(text, "发货 abc")
		n := len([]rune(text))
		for _, s := range q {
			if s.Start < 0 || s.End > n || s.Start >= s.End {
				t.Errorf("Explain(%.20q): span %v out of %d runes", text, s, n)
			}
		}
		for _, s := range d {
			if s.Start < 0 || s.End > len([]rune("发货 abc")) || s.Start >= s.End {
				t.Errorf("Explain(%.20q): question span %v", text, s)
			}
		}
	}
	q, _ := ix.Explain(long, "发货")
	if len(q) != 1 || q[0] != (engine.Span{Start: 0, End: maxExplainRunes}) {
		t.Errorf("long text: %v", q)
	}
}
