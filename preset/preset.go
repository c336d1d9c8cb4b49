// Package preset holds the knowledge base a new shop starts from (KB-1), as
// readable JSON files per language in the KB file format of package kbfile:
// {"format": "replydesk-kb", "version": 1, "locale": …, "entries": [...]}.
package preset

import (
	"embed"
	"encoding/json"
	"fmt"

	"replydesk/engine"
)

//go:embed kb.*.json
var files embed.FS

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
