package search

import (
	"slices"
	"testing"
)

func TestSegmentSplitsChineseIntoDictionaryWordsAndLowercasesEnglish(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"我想改下收货地址", []string{"收货地址", "收货", "地址"}},
		{"退款到账了吗？😀", []string{"退款", "到账"}},
		{"ＥＭＳ Refund, isn't it", []string{"ems", "refund"}},
	}
	for _, tt := range tests {
		got, err := Segment(tt.text)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("Segment(%q) = %q, missing %q", tt.text, got, w)
			}
		}
		for _, w := range got {
			if w == "" || w == "？" || w == "," || w == "😀" {
				t.Errorf("Segment(%q) = %q, has a word without a letter or digit", tt.text, got)
			}
		}
	}
	if got, err := Segment(""); err != nil || len(got) != 0 {
		t.Errorf("Segment(\"\") = %q, %v; want no words", got, err)
	}
}
