// Package sensitive finds a shop's sensitive words (敏感词, RB-10) in a text:
// an automatic reply that contains one is not sent, an agent's draft that
// contains one is flagged. Words are found with an Aho–Corasick automaton
// (github.com/coregx/ahocorasick) over a normalised form of the text, so the
// cost of Find hardly grows with the number of words.
//
// # Normalisation
//
// Words and texts are normalised the same way:
//
//   - Unicode NFKC: full-width letters, digits and punctuation become ASCII
//     (ＶＸ → VX, ！→ !), half-width kana full width, circled, styled and
//     compatibility forms plain (① → 1, ⓥ → v, ㊙ → 秘). This includes the
//     width folding of golang.org/x/text/width.
//   - Lower case (VX → vx).
//   - Traditional → simplified Chinese, character by character, with
//     OpenCC's t2s character dictionary (違禁 → 违禁).
//   - Invisible characters are deleted as if they were not there: format
//     characters (zero-width space, joiners, soft hyphen, BOM, bidi
//     controls), variation selectors, other default-ignorable code points.
//
// What remains is read as word characters — letters and numbers of any
// script, combining marks, and % ‰ ‱ (so that 100% is not any 100) — with
// separators between them: everything else, that is spaces, punctuation,
// symbols, emoji, control characters and invalid UTF-8. Separators are
// soft, or hard when they end a clause or sentence (Unicode's
// Terminal_Punctuation, which includes , . : ; ! ? 。 、, and line breaks).
// An apostrophe between two letters of an alphabet written with spaces
// (Latin, Greek, Cyrillic, Armenian, Georgian, Hebrew, Arabic) is part of
// the word: don't is dont.
//
// # Matching
//
// A word is found where its word characters appear one after another in
// the text with nothing but separators between them (加 微 信, 加-微-信,
// 加*微*信, 加🙂微🙂信 are 加微信) — with these rules, so that stripping
// separators does not join the ends of two sentences, two product names or
// two English words into a word that is in neither:
//
//  1. Where the listed word has a separator (NO.1, WhatsApp me), the text
//     may have none or any separator no stronger (no 1 is NO.1; "WhatsApp.
//     Me" is not WhatsApp me). Where the listed word has none, the text may
//     have a soft separator only between two letters of an alphabet
//     written with spaces (cash back is cashback, w h a t s a p p is
//     whatsapp) or where the kind of character changes between Chinese
//     (or another script without spaces), such letters, digits and % (加
//     VX and VX 号 are 加vx and vx号: mixed Chinese and Latin are often
//     spaced; 100 % is 100%).
//  2. Otherwise the word still matches when it is spelled out: a separator,
//     soft or hard, between every two of its characters (加。微。信,
//     刷 单) and, for a two-character word, a separator or the end of the
//     text before or after it (不 刷 单 is 刷单, but 电动牙刷 单人床垫, two
//     product names, is not; nor is 可以叠加。微信支付, two sentences, 加微信).
//  3. A word that starts (ends) with a letter of an alphabet written with
//     spaces or with a digit matches only where a word or a number of the
//     text starts (ends): vx matches "VX: abc", 加vx号 and vx123, not kievx;
//     12315 matches 打12315投诉, not the middle of order number 9123156.
//     Chinese, Japanese, Korean, Thai… have no spaces between words and
//     match anywhere.
//
// Chinese is not split into words, so a word is also found inside a longer
// one written without separators (刷单 in 牙刷单价): keep listed words
// specific (第一 would match 第一时间; list 全网第一).
package sensitive

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/coregx/ahocorasick"
)

// Limits on a word list.
const (
	MaxWords   = 10_000 // distinct words in a Matcher or a list
	MaxWordLen = 50     // characters in a word, as listed
)

// Errors of New and ParseList, wrapped with where they occurred; test them
// with errors.Is.
var (
	ErrTooManyWords = errors.New("too many words")
	ErrWordTooLong  = errors.New("word too long")
)

// Matcher finds the words of one list in texts. Build it with New; it is
// immutable and safe for concurrent use.
//
// Its Aho–Corasick automaton looks for the first two characters of every
// word (its anchor); where one occurs, the rest of the words that start
// with it are compared character by character. The automaton does not read
// UTF-8: each character is written as width digits of base 15 (byte values
// 1–15) by its number among the anchors' characters, and a character that
// is in no anchor as width zero bytes; a match that does not start on a
// character is ignored. With 16 byte values instead of UTF-8's hundred or
// so, and two characters a word, the automaton for 2,000 words is about
// ten times smaller, and four times faster to build, than one for whole
// UTF-8 words.
type Matcher struct {
	tables *tables
	ac     *ahocorasick.Automaton // nil when there are no words
	codes  alphabet               // the characters of the anchors, numbered
	width  int                    // digits a character
	words  []string               // as listed
	runes  [][]rune               // by word: its normalised characters
	gaps   [][]uint8              // by word: the separators of the listed word, between its characters
	starts [][]int                // by automaton pattern: the words that start with it
}

// anchor is the number of a word's first characters the automaton looks
// for (two measured best: one makes Find slower, three New).
const anchor = 2

// base is the number of digit values in the automaton's input.
const base = 15

// New builds a Matcher for words. Each word is trimmed of surrounding
// white space and normalised as texts are (see the package comment). A word
// that is then empty (blank, or only symbols or emoji) is dropped, and so is
// one that normalises like an earlier word (VX after vx, 違禁 after 违禁):
// the first spelling is the one Find reports, and it matches every place
// either spelling would. An empty list gives a Matcher that finds nothing.
//
// New fails, returning no Matcher, when a word is longer than MaxWordLen
// characters (ErrWordTooLong) or there are more than MaxWords distinct words
// (ErrTooManyWords). The first call in a process also builds the tables
// that all Matchers share (about 60 ms; 0.55 MiB of heap, of which OpenCC's
// conversions): it fails only if that does, which would be a bug in the
// dictionaries OpenCC embeds.
//
// For 2,000 words New takes about 5 ms of CPU and the Matcher holds about
// 0.9 MiB (BenchmarkNew).
func New(words []string) (*Matcher, error) {
	t, err := loadTables()
	if err != nil {
		return nil, err
	}
	m := &Matcher{tables: t}
	var x text
	seen := make(map[string]int, len(words))
	for i, w := range words {
		w = strings.TrimSpace(w)
		if w == "" {
			continue
		}
		if utf8.RuneCountInString(w) > MaxWordLen {
			return nil, fmt.Errorf("sensitive: word %d (%q…): %w: more than %d characters", i+1, prefix(w, 10), ErrWordTooLong, MaxWordLen)
		}
		x.reset(t, w)
		n := x.len()
		if n == 0 {
			continue
		}
		key := string(x.runes)
		if id, ok := seen[key]; ok {
			for j, g := range m.gaps[id] {
				m.gaps[id][j] = max(g, x.gap[j+1])
			}
			continue
		}
		if len(m.words) == MaxWords {
			return nil, fmt.Errorf("sensitive: %w: more than %d distinct words", ErrTooManyWords, MaxWords)
		}
		seen[key] = len(m.words)
		m.words = append(m.words, w)
		m.runes = append(m.runes, slices.Clone(x.runes))
		m.gaps = append(m.gaps, slices.Clone(x.gap[1:n]))
		for _, r := range x.runes[:min(anchor, n)] {
			m.codes.add(r)
		}
	}
	if len(m.words) == 0 {
		return m, nil
	}
	m.width = 1
	for n := base; n < m.codes.n; n *= base {
		m.width++
	}
	b := ahocorasick.NewBuilder()
	anchors := make(map[string]int)
	for id, w := range m.runes {
		a := w[:min(anchor, len(w))]
		p, ok := anchors[string(a)]
		if !ok {
			p = len(m.starts)
			anchors[string(a)] = p
			m.starts = append(m.starts, nil)
			b.AddPattern(m.encode(nil, a))
		}
		m.starts[p] = append(m.starts[p], id)
	}
	m.ac, err = b.Build()
	if err != nil {
		return nil, fmt.Errorf("sensitive: build matcher: %w", err)
	}
	return m, nil
}

// encode appends runes to dst as the automaton reads them.
func (m *Matcher) encode(dst []byte, runes []rune) []byte {
	for _, r := range runes {
		n := len(dst)
		dst = append(dst, make([]byte, m.width)...)
		code := m.codes.code(r)
		if code == 0 {
			continue
		}
		code--
		for k := len(dst) - 1; k >= n; k-- {
			dst[k] = byte(code%base) + 1
			code /= base
		}
	}
	return dst
}

// alphabet numbers the characters of a word list from 1, in pages of 256
// code points: one page is 1 KiB, and a list of 2,000 Chinese words uses
// about a hundred.
type alphabet struct {
	pages []*[256]uint32 // by code point / 256
	n     int
}

// add numbers r if it has no number yet.
func (a *alphabet) add(r rune) {
	p := int(r >> 8)
	if p >= len(a.pages) {
		a.pages = append(a.pages, make([]*[256]uint32, p+1-len(a.pages))...)
	}
	if a.pages[p] == nil {
		a.pages[p] = new([256]uint32)
	}
	if a.pages[p][r&255] == 0 {
		a.n++
		a.pages[p][r&255] = uint32(a.n)
	}
}

// code returns r's number, 0 when r is not in a.
func (a *alphabet) code(r rune) uint32 {
	if p := int(r >> 8); p < len(a.pages) && a.pages[p] != nil {
		return a.pages[p][r&255]
	}
	return 0
}

// Len returns the number of distinct words m looks for.
func (m *Matcher) Len() int { return len(m.words) }

// texts recycles the normalised texts of Find.
var texts = sync.Pool{New: func() any { return new(text) }}

// Find returns the words of m's list that occur in s (see the package
// comment for what occurs means), each once, as listed and in list order;
// nil when there are none, when s is empty and when m has no words. Any
// string is accepted, invalid UTF-8 included. Find is safe for concurrent
// use; it takes about 10 µs for 500 characters against 2,000 words
// (BenchmarkFind), and its time hardly depends on the number of words.
func (m *Matcher) Find(s string) []string {
	if m.ac == nil || s == "" {
		return nil
	}
	x := texts.Get().(*text)
	defer func() {
		if cap(x.nfkc) <= 64<<10 && cap(x.input) <= 256<<10 {
			texts.Put(x)
		}
	}()
	x.reset(m.tables, s)
	if x.len() == 0 {
		return nil
	}
	x.input = m.encode(x.input[:0], x.runes)
	var found []bool
	n := 0
	for _, hit := range m.ac.FindAllOverlapping(x.input) {
		if hit.Start%m.width != 0 {
			continue
		}
		i := hit.Start / m.width
		for _, id := range m.starts[hit.PatternID] {
			w := m.runes[id]
			a, j := min(anchor, len(w)), i+len(w)-1
			if j >= x.len() || found != nil && found[id] ||
				!slices.Equal(x.runes[i+a:j+1], w[a:]) || !accept(x, m.gaps[id], i, j) {
				continue
			}
			if found == nil {
				found = make([]bool, len(m.words))
			}
			found[id] = true
			n++
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]string, 0, n)
	for id, ok := range found {
		if ok {
			out = append(out, m.words[id])
		}
	}
	return out
}

// accept applies the package comment's rules to the word with separators
// gaps found in x from character i to character j.
func accept(x *text, gaps []uint8, i, j int) bool {
	// Rule 3: whole words for alphabets with spaces, and numbers.
	if c := x.class[i]; (c == classWord || c == classDigit) && i > 0 && x.gap[i] == gapNone && x.class[i-1] == c {
		return false
	}
	if c := x.class[j]; (c == classWord || c == classDigit) && j+1 < x.len() && x.gap[j+1] == gapNone && x.class[j+1] == c {
		return false
	}
	// Rule 1: separators in the text where the word has none (or weaker).
	asWritten, spelled := true, true
	for k := i + 1; k <= j; k++ {
		g := x.gap[k]
		switch {
		case g == gapNone:
			spelled = false
		case g <= gaps[k-i-1]:
		case g == gapSoft && (x.class[k-1] != x.class[k] || x.class[k] == classWord):
		default:
			asWritten = false
		}
	}
	if asWritten {
		return true
	}
	// Rule 2: spelled out.
	if !spelled {
		return false
	}
	return j-i >= 2 || i == 0 || x.gap[i] != gapNone || j+1 == x.len() || x.gap[j+1] != gapNone
}

// prefix returns the first n characters of s.
func prefix(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}
