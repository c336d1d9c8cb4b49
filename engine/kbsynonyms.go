package engine

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"
)

// SetSynonyms replaces a shop's synonym groups (顺丰 = SF = 顺丰快递): each
// group is two or more words searched as one.
func (k *KB) SetSynonyms(ctx context.Context, shopID int64, groups [][]string) ([][]string, error) {
	clean, err := CheckSynonyms(groups)
	if err != nil {
		return nil, err
	}
	if err := k.store.SaveSynonyms(ctx, shopID, clean); err != nil {
		return nil, fmt.Errorf("engine: save synonyms: %w", err)
	}
	if k.index != nil {
		k.index.SetSynonyms(shopID, clean)
	}
	return clean, nil
}

// Synonyms returns a shop's synonym groups.
func (k *KB) Synonyms(ctx context.Context, shopID int64) ([][]string, error) {
	g, err := k.store.Synonyms(ctx, shopID)
	if err != nil {
		return nil, fmt.Errorf("engine: synonyms: %w", err)
	}
	return g, nil
}

// Limits of synonym groups.
const (
	MaxSynonymGroups = 500
	MaxSynonymWords  = 20
	MaxSynonymRunes  = 30
)

// CheckSynonyms trims words, drops blanks and repeats, drops groups left with
// fewer than two words, and refuses oversized or invalid input: too many
// groups or words, a word that is not UTF-8, too long, or holds a control
// character (the text rule of HasControl).
func CheckSynonyms(groups [][]string) ([][]string, error) {
	if len(groups) > MaxSynonymGroups {
		return nil, &InputError{Key: "kb_synonyms_too_many", Detail: fmt.Sprintf("%d synonym groups; at most %d are allowed", len(groups), MaxSynonymGroups)}
	}
	out := [][]string{}
	for _, g := range groups {
		if len(g) > MaxSynonymWords {
			return nil, &InputError{Key: "kb_synonyms_too_many", Detail: fmt.Sprintf("a synonym group has %d words; at most %d are allowed", len(g), MaxSynonymWords)}
		}
		var words []string
		for _, w := range g {
			w = strings.TrimSpace(w)
			if !utf8.ValidString(w) {
				return nil, &InputError{Key: "message_not_utf8", Detail: "a synonym is not valid UTF-8 text"}
			}
			if utf8.RuneCountInString(w) > MaxSynonymRunes {
				return nil, &InputError{Key: "kb_too_long", Detail: fmt.Sprintf("the synonym %q is longer than %d characters", w, MaxSynonymRunes)}
			}
			if HasControl(w, false) {
				return nil, &InputError{Key: "kb_control_character", Detail: fmt.Sprintf("the synonym %q holds an invisible control character", w)}
			}
			if w != "" && !containsFold(words, w) {
				words = append(words, w)
			}
		}
		if len(words) >= 2 {
			out = append(out, words)
		}
	}
	return out, nil
}

func containsFold(xs []string, s string) bool {
	for _, x := range xs {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
