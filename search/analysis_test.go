package search

import (
	"slices"
	"strings"
	"testing"
)

func TestAnalyze(t *testing.T) {
	ix := openKB(t, nil)
	tests := []struct {
		text          string
		field         string
		want, notWant []string
	}{
		{"我想改下收货地址", fieldWord, []string{"收货地址", "收货", "地址", "改", "修改"}, []string{"我"}},
		{"我想改下收货地址", fieldChar, []string{"收", "货", "地", "址", "改"}, []string{"我"}},
		{"啥时候发货啊", fieldWord, []string{"啥时候", "什么时候", "发货"}, []string{"啊"}},
		{"几号能发", fieldWord, []string{"几号", "什么时候", "发"}, []string{"能"}},
		{"可以开专票吗😀", fieldWord, []string{"开", "专票"}, []string{"可以", "吗", "😀"}},
		{"ＥＭＳ包邮吗", fieldChar, []string{"em", "包", "邮"}, []string{"ＥＭＳ", "吗"}},
		{"ＥＭＳ包邮吗", fieldWord, []string{"em", "包邮"}, nil},
		{"Refunds were shipped, Customer's order", fieldChar, []string{"refund", "ship", "custom", "order"}, []string{"were"}},
		{"Refunds were shipped", fieldWord, []string{"refund", "ship"}, []string{"were"}},
		{"退款到账了吗？", fieldWord, []string{"退款", "到账"}, []string{"了", "？"}},
		{"\xff发货\xfe", fieldWord, []string{"发货"}, nil},
	}
	for _, tt := range tests {
		var got []string
		for _, ft := range ix.analyze(tt.text) {
			if ft.field == tt.field {
				got = ft.terms
			}
		}
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("%s(%q) = %q, missing %q", tt.field, tt.text, got, w)
			}
		}
		for _, w := range tt.notWant {
			if slices.Contains(got, w) {
				t.Errorf("%s(%q) = %q, should not have %q", tt.field, tt.text, got, w)
			}
		}
	}
	for _, text := range []string{"", "   ", "😀🙏", "？！。", "\xff\xfe"} {
		for _, ft := range ix.analyze(text) {
			if len(ft.terms) > 0 {
				t.Errorf("%s(%q) = %q, want nothing", ft.field, text, ft.terms)
			}
		}
	}
}

// TestDictionaryWords checks that every domain word and every synonym is
// kept whole by the segmenter: a word it splits can never match.
func TestDictionaryWords(t *testing.T) {
	if _, err := segmenter(); err != nil {
		t.Fatal(err)
	}
	words := map[string]bool{}
	for w := range synonyms {
		words[w] = true
	}
	dom, err := domainWords(domainDict)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(dom, "\n") {
		if f := strings.Fields(line); len(f) > 0 {
			words[strings.ToLower(f[0])] = true
		}
	}
	if len(words) < 150 {
		t.Errorf("only %d domain words and synonyms", len(words))
	}
	for w := range words {
		toks := gseTokenizer{}.Tokenize([]byte(w))
		if len(toks) == 0 || strings.ToLower(string(toks[0].Term)) != w {
			var got []string
			for _, tok := range toks {
				got = append(got, string(tok.Term))
			}
			t.Errorf("%q segmented as %q", w, got)
		}
	}
}

func TestFoldCharFilter(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ＡＢＣ　１２３！", "ABC 123!"},
		{"发货", "发货"},
		{"a\xffb", "a b"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := string(foldCharFilter{}.Filter([]byte(tt.in))); got != tt.want {
			t.Errorf("Filter(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDomainWords(t *testing.T) {
	got, err := domainWords("# comment\n\n发货\n顺丰 5000\n专票 100 nz\n")
	if err != nil {
		t.Fatal(err)
	}
	if want := "发货 3000 n\n顺丰 5000 n\n专票 100 nz\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if _, err := domainWords("发货 many\n"); err == nil {
		t.Error("bad frequency: no error")
	}
}
