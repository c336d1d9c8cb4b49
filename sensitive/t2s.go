package sensitive

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"
)

// charDict is OpenCC's character-by-character traditional → simplified
// dictionary; t2s also has a phrase dictionary, which is not used here.
const charDict = "TSCharacters.ocd2"

// simplified returns OpenCC's traditional → simplified conversion of every
// single character that it changes (about 4,100: 違 → 违, 禁 → 禁 unchanged,
// 勝 → 胜), as converted by the library itself.
//
// Conversion is character by character, not by phrase as OpenCC's Convert
// does, for two reasons: a word must normalise the same on its own as in
// the middle of a text (phrase conversion depends on the neighbours: 乾 alone
// becomes 干, in 乾坤 it stays), and Convert costs about 1 µs a character,
// twenty times the budget of Find. The characters to ask about are the keys
// of the library's character dictionary; they are converted in one call to
// Convert, separated by line breaks so that no phrase can span two.
//
// Loading the library's dictionaries takes about 20 ms and 0.4 MiB of heap,
// released afterwards; the conversion about 40 ms. Only the map is kept.
// Importing the library registers a command-line flag named "dir" on
// flag.CommandLine; a program must not define its own.
func simplified() (map[rune]rune, error) {
	cc, err := opencc.New("t2s")
	if err != nil {
		return nil, fmt.Errorf("sensitive: load OpenCC t2s: %w", err)
	}
	var keys []rune
	for _, g := range cc.DictChains {
		for i, name := range g.Files {
			if name != charDict || i >= len(g.Dicts) || g.Dicts[i].Trie == nil {
				continue
			}
			trie := g.Dicts[i].Trie
			for _, id := range trie.PrefixPredict(nil, 0) {
				k, err := trie.Key(id)
				if err != nil {
					continue
				}
				if r, n := utf8.DecodeRune(k); n == len(k) && r != utf8.RuneError {
					keys = append(keys, r)
				}
			}
		}
	}
	if len(keys) < 1000 {
		return nil, fmt.Errorf("sensitive: OpenCC's %s has %d characters, expected thousands", charDict, len(keys))
	}
	var b strings.Builder
	b.Grow(len(keys) * 4)
	for _, r := range keys {
		b.WriteRune(r)
		b.WriteByte('\n')
	}
	out, err := cc.Convert(b.String())
	if err != nil {
		return nil, fmt.Errorf("sensitive: OpenCC t2s: %w", err)
	}
	lines := strings.Split(out, "\n")
	if len(lines) != len(keys)+1 {
		return nil, fmt.Errorf("sensitive: OpenCC t2s returned %d lines for %d characters", len(lines)-1, len(keys))
	}
	m := make(map[rune]rune, len(keys))
	for i, r := range keys {
		to, n := utf8.DecodeRuneInString(lines[i])
		if n == len(lines[i]) && to != r && to != utf8.RuneError {
			m[r] = to
		}
	}
	return m, nil
}
