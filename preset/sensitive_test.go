package preset

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"replydesk/engine"
	"replydesk/sensitive"
)

// RB-10: the preset sensitive word lists are well-formed and each word
// counts: none is blank, repeated or the same as another once normalised.
func TestRB10SensitiveWordLists(t *testing.T) {
	for _, locale := range Locales {
		t.Run(locale, func(t *testing.T) {
			words := SensitiveWords(locale)
			if len(words) < 30 || len(words) > 80 {
				t.Errorf("%d words, want 30–80", len(words))
			}
			for i, w := range words {
				if w == "" || w != strings.TrimSpace(w) || strings.HasPrefix(w, "#") {
					t.Errorf("word %d %q is blank, untrimmed or a comment", i+1, w)
				}
				if utf8.RuneCountInString(w) > sensitive.MaxWordLen {
					t.Errorf("word %q is longer than %d characters", w, sensitive.MaxWordLen)
				}
				if slices.Index(words, w) != i {
					t.Errorf("word %q is listed twice", w)
				}
			}
			m, err := sensitive.New(words)
			if err != nil {
				t.Fatal(err)
			}
			if m.Len() != len(words) {
				t.Errorf("%d of %d words are distinct once normalised", m.Len(), len(words))
			}
			// The list parses as a shop's own list would.
			parsed, err := sensitive.ParseList(strings.NewReader(map[string]string{"zh-CN": sensitiveZH, "en": sensitiveEN}[locale]))
			if err != nil || !slices.Equal(parsed, words) {
				t.Errorf("ParseList = %q, %v; want the same words", parsed, err)
			}
		})
	}
}

// RB-10: a locale starting with "zh" gets the Chinese list, any other the
// English one; the caller owns the slice.
func TestRB10SensitiveWordsLocale(t *testing.T) {
	zh, en := SensitiveWords("zh-CN"), SensitiveWords("en")
	if slices.Equal(zh, en) || !slices.Contains(zh, "加微信") || !slices.Contains(en, "whatsapp me") {
		t.Fatalf("zh-CN and en lists: %q, %q", zh, en)
	}
	for locale, want := range map[string][]string{
		"zh-CN": zh, "zh-TW": zh, "zh": zh, "ZH-hk": zh,
		"en": en, "en-US": en, "fr": en, "": en, "cz": en,
	} {
		if got := SensitiveWords(locale); !slices.Equal(got, want) {
			t.Errorf("SensitiveWords(%q) = %q…", locale, got[:3])
		}
	}
	zh[0] = "changed"
	if SensitiveWords("zh-CN")[0] == "changed" {
		t.Error("SensitiveWords returns a shared slice")
	}
}

// RB-10: the preset answers and quick phrases a new shop starts with do not
// contain a preset sensitive word, or the robot would hand every such
// question to a human.
func TestRB10PresetRepliesAvoidSensitiveWords(t *testing.T) {
	forEachLocale(t, func(t *testing.T, locale string, entries []engine.Entry) {
		m, err := sensitive.New(SensitiveWords(locale))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			for _, a := range e.Answers {
				if found := m.Find(a.Text); found != nil {
					t.Errorf("answer to %q contains %q: %s", e.Question, found, a.Text)
				}
			}
		}
		for _, p := range Phrases(locale) {
			if found := m.Find(p.Text); found != nil {
				t.Errorf("quick phrase contains %q: %s", found, p.Text)
			}
		}
	})
}
