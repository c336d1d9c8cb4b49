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
	"slices"
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

//go:embed scenarios.*.json rules/*.json
var scenarioFiles embed.FS

// Scenarios returns the built-in scenarios of a locale (zh-CN unless it
// starts with "en"): what to say and do for 催发货 and the other scenario
// intents in each order state (SA-1, SA-3). Every script is checked like a
// KB answer (known variables only) and every operation known.
func Scenarios(locale string) ([]engine.Scenario, error) {
	name := "scenarios.zh-CN.json"
	if strings.HasPrefix(locale, "en") {
		name = "scenarios.en.json"
	}
	b, err := scenarioFiles.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("preset: %w", err)
	}
	var f struct {
		Format    string            `json:"format"`
		Version   int               `json:"version"`
		Scenarios []engine.Scenario `json:"scenarios"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("preset: %s: %w", name, err)
	}
	if f.Format != "replydesk-scenarios" || f.Version != 1 {
		return nil, fmt.Errorf("preset: %s is not a version 1 scenarios file", name)
	}
	for _, sc := range f.Scenarios {
		if _, ok := engine.IntentCategory(sc.Intent); !ok {
			return nil, fmt.Errorf("preset: %s: unknown intent %q", name, sc.Intent)
		}
		for state, st := range sc.Steps {
			if state != "" && !slices.Contains(engine.OrderStatuses, state) {
				return nil, fmt.Errorf("preset: %s: %s: unknown order state %q", name, sc.Intent, state)
			}
			for _, s := range st.Scripts {
				if v := engine.UnknownVariables(s); len(v) > 0 {
					return nil, fmt.Errorf("preset: %s: %s/%s: unknown variables %v", name, sc.Intent, state, v)
				}
			}
			for _, op := range st.Operations {
				if !slices.Contains(engine.Operations, op) {
					return nil, fmt.Errorf("preset: %s: %s/%s: unknown operation %q", name, sc.Intent, state, op)
				}
			}
		}
	}
	return f.Scenarios, nil
}

// PlatformRules returns the platforms' rules (SA-8), one file a platform
// under preset/rules: adding a platform or a rule needs no code.
func PlatformRules() ([]engine.PlatformRule, error) {
	entries, err := scenarioFiles.ReadDir("rules")
	if err != nil {
		return nil, fmt.Errorf("preset: rules: %w", err)
	}
	var out []engine.PlatformRule
	for _, e := range entries {
		b, err := scenarioFiles.ReadFile("rules/" + e.Name())
		if err != nil {
			return nil, fmt.Errorf("preset: %w", err)
		}
		var f struct {
			Format   string                `json:"format"`
			Version  int                   `json:"version"`
			Platform string                `json:"platform"`
			Rules    []engine.PlatformRule `json:"rules"`
		}
		if err := json.Unmarshal(b, &f); err != nil {
			return nil, fmt.Errorf("preset: rules/%s: %w", e.Name(), err)
		}
		if f.Format != "replydesk-platform-rules" || f.Version != 1 || f.Platform == "" {
			return nil, fmt.Errorf("preset: rules/%s is not a version 1 platform rules file", e.Name())
		}
		for _, r := range f.Rules {
			if r.ID == "" || r.Source == "" || r.Date == "" || r.Words("zh-CN") == "" {
				return nil, fmt.Errorf("preset: rules/%s: a rule needs an id, words, a source and a date", e.Name())
			}
			r.Platform = f.Platform
			out = append(out, r)
		}
	}
	return out, nil
}
