package sensitive

import (
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// What a rune is once normalised. A text is read as a sequence of kept
// characters with gaps between them; a gap is where separators stood.
const (
	kindKept   uint8 = iota // a letter, number, combining mark, or % ‰ ‱
	kindIgnore              // invisible: deleted without leaving a gap
	kindSoft                // a separator: space, symbol, emoji, most punctuation
	kindHard                // a separator that ends a clause: , . ! ? ; : 。 、 line breaks
)

// Gap kinds, ordered: a gap is as strong as the strongest separator in it.
const (
	gapNone = uint8(0)
	gapApos = uint8(1) // an apostrophe after a letter: none if a letter follows (don't), else soft
	gapSoft = kindSoft
	gapHard = kindHard
)

// Classes of kept characters, for the whole-word and script-change rules.
const (
	classOther uint8 = iota // Han, kana, Hangul, Thai…: matched anywhere
	classWord               // a letter of an alphabet written with spaces between words
	classDigit              // a decimal digit
	classSign               // % ‰ ‱
	classMark               // a combining mark: takes the class of the character it follows
)

// info packs a rune's kind (bits 0–1), class (bits 2–4), whether it is
// changed by lower-casing or traditional → simplified (bit 5), and what NFKC
// does to it (bits 6–7).
type info uint8

const (
	mapped info = 1 << 5
	// nfkcOwn: NFKC replaces the rune by a fixed string whatever surrounds
	// it (ＶＸ, ，, ①): it starts a segment and does not combine with what
	// precedes it. kind and class do not apply; tables.nfkc has the string.
	nfkcOwn info = 1 << 6
	// nfkcJoin: the rune may combine with what precedes it (combining marks,
	// Hangul vowels and final consonants): its segment goes through NFKC.
	nfkcJoin info = 1 << 7
)

func (i info) kind() uint8  { return uint8(i) & 3 }
func (i info) class() uint8 { return uint8(i) >> 2 & 7 }

// spaced are the scripts written with spaces between words. A word that
// starts or ends with one of their letters matches whole words only.
var spaced = []*unicode.RangeTable{
	unicode.Latin, unicode.Greek, unicode.Cyrillic, unicode.Armenian,
	unicode.Georgian, unicode.Hebrew, unicode.Arabic,
}

// ignorable are the invisible characters an evasion can slip between
// two characters without a reader seeing it: format characters (zero-width
// space and joiners, soft hyphen, BOM, bidi controls, tags), variation
// selectors, and the other default-ignorable code points (the combining
// grapheme joiner, Hangul fillers).
var ignorable = []*unicode.RangeTable{
	unicode.Cf, unicode.Variation_Selector, unicode.Other_Default_Ignorable_Code_Point,
}

// isHard reports whether separator r ends a clause or a sentence: Unicode's
// Terminal_Punctuation (, . : ; ! ? 。 、 and their kin in other scripts)
// and line or paragraph breaks.
func isHard(r rune) bool {
	switch r {
	case '\n', '\v', '\f', '\r', 0x85, 0x2028, 0x2029:
		return true
	}
	return unicode.Is(unicode.Terminal_Punctuation, r)
}

// classify tells what r is once lower-cased and converted to simplified
// Chinese, what it becomes, and what NFKC does to it.
func classify(r rune, t2s map[rune]rune) (info, rune) {
	i, to := classifyRune(r, t2s)
	if r != utf8.RuneError {
		s := string(r)
		switch {
		case !norm.NFKC.PropertiesString(s).BoundaryBefore():
			i |= nfkcJoin
		case norm.NFKC.IsNormalString(s):
		case !norm.NFKC.PropertiesString(norm.NFKC.String(s)).BoundaryBefore():
			// What it becomes may combine with what precedes it (ㄽ
			// becomes a final consonant that joins the syllable before).
			i |= nfkcJoin
		default:
			i |= nfkcOwn
		}
	}
	return i, to
}

// classifyRune is classify without the NFKC flag.
func classifyRune(r rune, t2s map[rune]rune) (info, rune) {
	switch {
	case r == utf8.RuneError:
		return info(kindSoft), r
	case unicode.In(r, ignorable...):
		return info(kindIgnore), r
	case r == '%' || r == '‰' || r == '‱':
		return info(kindKept | classSign<<2), r
	case unicode.IsMark(r):
		if unicode.Is(unicode.Me, r) { // enclosing: keycaps, circles
			return info(kindSoft), r
		}
		return info(kindKept | classMark<<2), r
	case unicode.IsLetter(r) || unicode.IsNumber(r):
	case isHard(r):
		return info(kindHard), r
	default:
		return info(kindSoft), r
	}
	to := unicode.ToLower(r)
	if s, ok := t2s[to]; ok {
		to = s
	}
	class := classOther
	switch {
	case unicode.IsDigit(to):
		class = classDigit
	case unicode.IsLetter(to) && unicode.In(to, spaced...):
		class = classWord
	}
	i := info(kindKept | class<<2)
	if to != r {
		i |= mapped
	}
	return i, to
}

// tables are built once, on the first New: the t2s table from OpenCC and,
// for Unicode's first two planes (every character in common use, emoji
// included), what each rune is, so that reading a text costs one lookup a
// rune. Runes beyond are classified as they come.
type tables struct {
	info [0x20000]info
	to   map[rune]rune   // the runes info marks as mapped, and what they become
	nfkc map[rune]string // the runes info marks nfkcOwn, and what they become
	t2s  map[rune]rune
}

var loadTables = sync.OnceValues(buildTables)

func buildTables() (*tables, error) {
	t2s, err := simplified()
	if err != nil {
		return nil, err
	}
	t := &tables{to: make(map[rune]rune, len(t2s)+2048), nfkc: make(map[rune]string, 6000), t2s: t2s}
	for r := range rune(len(t.info)) {
		i, to := classify(r, t2s)
		t.info[r] = i
		if i&mapped != 0 {
			t.to[r] = to
		}
		if i&nfkcOwn != 0 {
			t.nfkc[r] = norm.NFKC.String(string(r))
		}
	}
	return t, nil
}

// nfkcOf returns what NFKC replaces r by, r being marked nfkcOwn.
func (t *tables) nfkcOf(r rune) string {
	if s, ok := t.nfkc[r]; ok {
		return s
	}
	return norm.NFKC.String(string(r)) // beyond the table
}

// lookup returns what r is and becomes.
func (t *tables) lookup(r rune) (info, rune) {
	if r < 0 || r >= rune(len(t.info)) {
		return classify(r, t.t2s)
	}
	i := t.info[r]
	if i&mapped == 0 {
		return i, r
	}
	if r < utf8.RuneSelf {
		return i, r + 'a' - 'A'
	}
	return i, t.to[r]
}

// text is a normalised text: its kept characters, in order, with the
// gaps before them and their classes. Character i is preceded by a gap of
// kind gap[i]; gap has one extra entry for what follows the last character.
type text struct {
	nfkc  []byte
	runes []rune
	gap   []uint8
	class []uint8
	input []byte // runes as a Matcher's automaton reads them
}

// len is the number of kept characters.
func (x *text) len() int { return len(x.runes) }

// reset normalises s into x, reusing x's storage: NFKC (which folds
// full-width letters, digits and punctuation to ASCII, half-width kana to
// full width, circled and styled letters to plain ones), then, rune by rune,
// lower case and traditional → simplified Chinese. Invalid UTF-8 counts as a
// symbol.
//
// NFKC works segment by segment, and most segments are one rune that NFKC
// leaves alone or replaces by a fixed string (，→ ,); only the stretches
// with runes that may combine with what precedes them are passed through
// NFKC, from the start of their segment to the start of the next.
func (x *text) reset(t *tables, s string) {
	x.runes, x.gap, x.class = x.runes[:0], x.gap[:0], x.class[:0]
	g := gapNone
	var seg struct { // the state before the rune that starts the current segment
		off, n int
		g      uint8
	}
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		in, to := t.lookup(r)
		if in&nfkcJoin == 0 {
			seg.off, seg.n, seg.g = i, len(x.runes), g
			if r == utf8.RuneError && size == 1 {
				// Invalid UTF-8 is a symbol, and NFKC is not given it: a
				// segment starts after it.
				seg.off, seg.g = i+1, max(g, gapSoft)
			}
			i += size
			if in&nfkcOwn == 0 {
				g = x.add(in, to, g)
				continue
			}
			for _, r := range t.nfkcOf(r) {
				in, to := t.lookup(r)
				g = x.add(in, to, g)
			}
			continue
		}
		end := i + size
		for end < len(s) {
			r, size := utf8.DecodeRuneInString(s[end:])
			if in, _ := t.lookup(r); in&nfkcJoin == 0 {
				break
			}
			end += size
		}
		x.runes, x.gap, x.class, g = x.runes[:seg.n], x.gap[:seg.n], x.class[:seg.n], seg.g
		x.nfkc = norm.NFKC.AppendString(x.nfkc[:0], s[seg.off:end])
		for j := 0; j < len(x.nfkc); {
			r, size := utf8.DecodeRune(x.nfkc[j:])
			j += size
			in, to := t.lookup(r)
			g = x.add(in, to, g)
		}
		i = end
	}
	x.finish(g)
}

// add appends a rune that is in NFKC, described by in and to, preceded by a
// gap of kind g, and returns the gap that now precedes the next rune. An
// apostrophe between two letters of an alphabet with spaces is part of the
// word (don't is dont, so it's cam is not its scam).
func (x *text) add(in info, to rune, g uint8) uint8 {
	switch k := in.kind(); k {
	case kindIgnore:
		return g
	case kindSoft, kindHard:
		if (to == '\'' || to == '’') && g == gapNone && len(x.class) > 0 && x.class[len(x.class)-1] == classWord {
			return gapApos
		}
		return max(g, k)
	}
	c := in.class()
	if g == gapApos {
		g = gapSoft
		if c == classWord {
			g = gapNone
		}
	}
	if c == classMark {
		c = classOther
		if g == gapNone && len(x.class) > 0 {
			c = x.class[len(x.class)-1]
		}
	}
	x.runes = append(x.runes, to)
	x.gap = append(x.gap, g)
	x.class = append(x.class, c)
	return gapNone
}

// finish records g, the gap after the last character.
func (x *text) finish(g uint8) {
	if g == gapApos {
		g = gapSoft
	}
	x.gap = append(x.gap, g)
}
