package search

import (
	"slices"
	"unicode/utf8"

	"replydesk/engine"
)

// maxExplainRunes caps the text Explain looks at; later text is not marked.
const maxExplainRunes = maxTextRunes

// Explain returns the parts of query and of question that match each other,
// as they would in a search: the characters and the dictionary words (with
// the built-in synonyms, so 啥时候 matches 什么时候) the two texts share
// after analysis, stop words left out. Spans are rune offsets [Start, End)
// into the texts as given (an invalid UTF-8 byte counts as one rune), in
// order, with overlapping and adjacent spans merged. Either is nil when
// nothing matches. Only the first 1,000 runes of each text are looked at.
// Explain never fails; it ignores the shops' own synonyms.
func (ix *Index) Explain(query, question string) (inQuery, inQuestion []engine.Span) {
	q, d := ix.explainTokens(query), ix.explainTokens(question)
	for f := range fieldBoosts {
		terms := map[string]bool{}
		for _, t := range q[f] {
			terms[t.term] = true
		}
		shared := map[string]bool{}
		for _, t := range d[f] {
			if terms[t.term] {
				shared[t.term] = true
			}
		}
		for _, t := range q[f] {
			if shared[t.term] {
				inQuery = append(inQuery, t.span)
			}
		}
		for _, t := range d[f] {
			if shared[t.term] {
				inQuestion = append(inQuestion, t.span)
			}
		}
	}
	return mergeSpans(inQuery), mergeSpans(inQuestion)
}

// spanTerm is a token of a text: its term and where it is, in runes.
type spanTerm struct {
	term string
	span engine.Span
}

// explainTokens analyses text for each text field, with rune offsets.
func (ix *Index) explainTokens(text string) [][]spanTerm {
	out := make([][]spanTerm, len(fieldBoosts))
	if text == "" {
		return out
	}
	// cut at maxExplainRunes, counting as Go does (an invalid byte is a rune)
	n, cut := 0, len(text)
	for i := range text {
		if n == maxExplainRunes {
			cut = i
			break
		}
		n++
	}
	// The analyzers fold the text first (see foldCharFilter), which keeps
	// the number of runes but not of bytes: offsets are in the folded text.
	folded := foldCharFilter{}.Filter([]byte(text[:cut]))
	runeAt := make([]int, len(folded)+1)
	r := 0
	for i := 0; i < len(folded); {
		_, size := utf8.DecodeRune(folded[i:])
		for j := i; j < i+size; j++ {
			runeAt[j] = r
		}
		i += size
		r++
	}
	runeAt[len(folded)] = r
	for f, a := range ix.analyzers {
		for _, tok := range a.Analyze(folded) {
			if tok.Start < 0 || tok.End > len(folded) || tok.Start >= tok.End {
				continue
			}
			out[f] = append(out[f], spanTerm{
				term: string(tok.Term),
				span: engine.Span{Start: runeAt[tok.Start], End: runeAt[tok.End]},
			})
		}
	}
	return out
}

// mergeSpans sorts spans and merges those that overlap or touch.
func mergeSpans(spans []engine.Span) []engine.Span {
	if len(spans) == 0 {
		return nil
	}
	slices.SortFunc(spans, func(a, b engine.Span) int { return a.Start - b.Start })
	out := spans[:1]
	for _, s := range spans[1:] {
		last := &out[len(out)-1]
		if s.Start <= last.End {
			last.End = max(last.End, s.End)
			continue
		}
		out = append(out, s)
	}
	return out
}
