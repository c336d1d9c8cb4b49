package sensitive_test

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	"replydesk/sensitive"
)

// RB-10: a shop imports its own list as plain text or CSV.
func TestRB10ParseList(t *testing.T) {
	for _, c := range []struct {
		name, file string
		want       []string
	}{
		{"plain", "加微信\nvx\n刷单\n", []string{"加微信", "vx", "刷单"}},
		{"no final line break", "加微信\nvx", []string{"加微信", "vx"}},
		{"CRLF", "加微信\r\nvx\r\n", []string{"加微信", "vx"}},
		{"BOM", "\uFEFF加微信\nvx\n", []string{"加微信", "vx"}},
		{"comments and blank lines", "# 站外\n\n加微信\n   \n  # 缩进的注释\nvx # 不是注释\n\n", []string{"加微信", "vx # 不是注释"}},
		{"trimmed", "  加微信\t\n\tvx  \n", []string{"加微信", "vx"}},
		{"exact duplicates", "vx\n加微信\nvx\n VX\n", []string{"vx", "加微信", "VX"}},
		{"CSV first column", "加微信,站外,高\nvx,站外,高\n刷单,评价\n", []string{"加微信", "vx", "刷单"}},
		{"CSV quoted comma", "\"pay outside, please\",en\n\"say \"\"hi\"\"\",x\n", []string{"pay outside, please", `say "hi"`}},
		{"CSV empty first column", ",x\n加微信,y\n", []string{"加微信"}},
		{"stray quote", "5\"屏\n", []string{`5"屏`}},
		{"spaces and full-width commas kept", "WhatsApp me\n加，微信\n", []string{"WhatsApp me", "加，微信"}},
		{"empty file", "", nil},
		{"only comments", "# nothing\n\n", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := sensitive.ParseList(strings.NewReader(c.file))
			if err != nil {
				t.Fatalf("ParseList: %v", err)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("ParseList = %q, want %q", got, c.want)
			}
		})
	}
}

// RB-10: ParseList refuses a whole file that is too large, not text, or
// over the limits, and says why and where.
func TestRB10ParseListRefusals(t *testing.T) {
	var b strings.Builder
	for i := range sensitive.MaxWords + 1 {
		fmt.Fprintf(&b, "词%d\n", i)
	}
	many := b.String()
	for _, c := range []struct {
		name string
		file io.Reader
		err  error
		line string
	}{
		{"over 1 MB", strings.NewReader(strings.Repeat("加微信\n", sensitive.MaxListBytes/10+1)), sensitive.ErrListTooLarge, ""},
		{"invalid UTF-8", strings.NewReader("加微信\nvx\n\xff\xfe刷单\n"), sensitive.ErrInvalidUTF8, "line 3"},
		{"GBK", strings.NewReader("\xbc\xd3\xce\xa2\xd0\xc5\n"), sensitive.ErrInvalidUTF8, "line 1"},
		{"UTF-16", strings.NewReader("\xff\xfe\xa0R\xaee\xe1O\n\x00"), sensitive.ErrInvalidUTF8, "line 1"},
		{"NUL", strings.NewReader("加微信\nv\x00x\n"), sensitive.ErrControlChar, "line 2"},
		{"bell", strings.NewReader("加微信\x07\n"), sensitive.ErrControlChar, "line 1"},
		{"C1 control", strings.NewReader("a\nb\nc\u0085\n"), sensitive.ErrControlChar, "line 3"},
		{"control in a comment", strings.NewReader("# \x1b[31m\nvx\n"), sensitive.ErrControlChar, "line 1"},
		{"word too long", strings.NewReader("vx\n" + strings.Repeat("长", sensitive.MaxWordLen+1) + "\n"), sensitive.ErrWordTooLong, "line 2"},
		{"too many words", strings.NewReader(many), sensitive.ErrTooManyWords, "line 10001"},
		{"unclosed quote", strings.NewReader("vx\n\"加微信\n刷单\n"), sensitive.ErrBadQuote, "line 2"},
		{"read error", iotest.ErrReader(errors.New("disk on fire")), nil, "disk on fire"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := sensitive.ParseList(c.file)
			if err == nil || got != nil {
				t.Fatalf("ParseList = %q, %v; want nil and an error", got, err)
			}
			if c.err != nil && !errors.Is(err, c.err) {
				t.Errorf("error %v, want %v", err, c.err)
			}
			if !strings.Contains(err.Error(), c.line) {
				t.Errorf("error %q does not say %q", err, c.line)
			}
		})
	}

	// Exactly at the limits is fine.
	words, err := sensitive.ParseList(strings.NewReader(many[:strings.LastIndex(many[:len(many)-1], "\n")+1]))
	if err != nil || len(words) != sensitive.MaxWords {
		t.Errorf("ParseList(%d words) = %d words, %v", sensitive.MaxWords, len(words), err)
	}
	full := strings.Repeat("a", sensitive.MaxListBytes-1) + "\n"
	if _, err := sensitive.ParseList(strings.NewReader(full)); !errors.Is(err, sensitive.ErrWordTooLong) {
		t.Errorf("ParseList(exactly %d bytes) = %v, want only ErrWordTooLong", sensitive.MaxListBytes, err)
	}
}
