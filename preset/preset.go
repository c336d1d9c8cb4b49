// Package preset holds the knowledge base a new shop starts from (KB-1), as
// readable JSON files per language in the KB file format of package kbfile:
// {"format": "replydesk-kb", "version": 1, "locale": …, "entries": [...]},
// its quick phrases, and the preset sensitive words (RB-10) as plain word
// lists, sensitive.<locale>.txt.
package preset

import (
	"embed"
	"encoding/json"
	"fmt"
	"strings"

	"replydesk/engine"
)

//go:embed kb.*.json
var files embed.FS

// The preset sensitive word lists (RB-10), one word a line, # comments.
var (
	//go:embed sensitive.zh-CN.txt
	sensitiveZH string
	//go:embed sensitive.en.txt
	sensitiveEN string
)

// Locales are the languages the preset KB is written in.
var Locales = []string{"zh-CN", "en"}

type file struct {
	Format  string         `json:"format"`
	Version int            `json:"version"`
	Locale  string         `json:"locale"`
	Entries []engine.Entry `json:"entries"`
}

// KB returns the preset entries of a locale for a shop, checked and
// normalised, ready to be stored.
func KB(locale string, shopID int64) ([]engine.Entry, error) {
	b, err := files.ReadFile("kb." + locale + ".json")
	if err != nil {
		return nil, fmt.Errorf("preset: no KB for locale %q", locale)
	}
	var f file
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("preset: kb.%s.json: %w", locale, err)
	}
	entries, err := engine.CheckEntries(shopID, f.Entries)
	if err != nil {
		return nil, fmt.Errorf("preset: kb.%s.json: %w", locale, err)
	}
	return entries, nil
}

// SensitiveWords returns the preset sensitive words (RB-10) for a locale:
// the Chinese list for a locale starting with "zh" (zh-CN, zh-TW, zh), the
// English list for any other, the empty locale included. The words are in
// file order, one per non-blank line that does not start with "#", trimmed;
// the caller owns the slice. They are written for package sensitive, which
// sees through case, width, traditional characters and inserted symbols, so
// each is listed in one spelling.
func SensitiveWords(locale string) []string {
	list := sensitiveEN
	if strings.HasPrefix(strings.ToLower(locale), "zh") {
		list = sensitiveZH
	}
	var words []string
	for line := range strings.Lines(list) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		words = append(words, line)
	}
	return words
}
