package engine

import (
	"errors"
	"testing"
)

func TestLM3_CheckDraft(t *testing.T) {
	tests := []struct {
		text, query, want string
		ok                bool
	}{
		{"  可以。\r\n谢谢 ", "能开发票吗", "可以。\n谢谢", true},
		{"Ｙｅｓ, we can.", "can you?", "Ｙｅｓ, we can.", true},
		{"{order.id}", "x", "", false},
		{"订单 { 订单号 } 已发", "x", "", false},
		{"a {b c} d", "x", "a {b c} d", true}, // braces with a space inside are no placeholder
		{"CAN YOU SHIP TODAY!!", "can you ship today?", "", false},
		{"ｃａｎ ｙｏｕ ｓｈｉｐ ｔｏｄａｙ", "can you ship today?", "", false},
		{"bad \x00", "x", "", false},
		{"bad \xff", "x", "", false},
		{"\u200b👍", "x", "", false}, // no words
	}
	for _, tt := range tests {
		got, err := CheckDraft(tt.text, tt.query)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("CheckDraft(%q) = %q, %v; want %q ok=%v", tt.text, got, err, tt.want, tt.ok)
		}
		if err != nil && !errors.Is(err, ErrBadDraft) {
			t.Errorf("CheckDraft(%q): %v is not ErrBadDraft", tt.text, err)
		}
	}
}
