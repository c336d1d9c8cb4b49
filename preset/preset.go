// Package preset holds the knowledge base a new shop starts from, as readable
// JSON files per language (KB-1).
package preset

import (
	"embed"
	"encoding/json"
	"fmt"

	"replydesk/engine"
)

//go:embed kb.*.json
var files embed.FS

type entry struct {
	Intent   string   `json:"intent"`
	Category string   `json:"category"`
	Question string   `json:"question"`
	Similar  []string `json:"similar"`
	Answers  []string `json:"answers"`
}

// KB returns the preset entries of a locale for a shop, enabled.
func KB(locale string, shopID int64) ([]engine.Entry, error) {
	b, err := files.ReadFile("kb." + locale + ".json")
	if err != nil {
		return nil, fmt.Errorf("preset: no KB for locale %q", locale)
	}
	var raw []entry
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("preset: kb.%s.json: %w", locale, err)
	}
	out := make([]engine.Entry, len(raw))
	for i, e := range raw {
		out[i] = engine.Entry{
			ShopID: shopID, Question: e.Question, Similar: e.Similar, Answers: e.Answers,
			Category: e.Category, Intent: e.Intent, Enabled: true,
		}
	}
	return out, nil
}
