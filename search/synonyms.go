package search

import (
	"slices"

	"github.com/blevesearch/bleve/v2/analysis"
)

// synBoost weighs a shop synonym against the word the buyer wrote.
const synBoost = 0.8

// shopSynonyms are a shop's synonym groups, analysed with the word field's
// analyzer. They are applied at query time only: the index is shared by all
// shops and needs no rebuild when a shop edits its groups.
type shopSynonyms struct {
	groups [][]synMember
}

// synMember is one word of a group.
type synMember struct {
	terms []string // its distinct word-field terms
	rep   string   // the term that stands for it: the first of the widest span
}

// SetSynonyms replaces the synonym groups searched for a shop: a search of
// that shop whose text contains a word of a group (顺丰) also finds the
// questions that contain another word of the group (SF, 顺丰快递), scored
// a little lower (synBoost) than the word itself. Words are compared after
// the word field's analysis (case, full-width forms and English stems do not
// matter); a word the analysis leaves empty (punctuation) is ignored, and so
// is a group left with fewer than two words. Nil or empty groups remove the
// shop's synonyms. Other shops are unaffected, and so are the built-in
// synonyms (dict/synonyms.txt). It is safe for concurrent use with Search,
// which sees the old or the new groups.
func (ix *Index) SetSynonyms(shopID int64, groups [][]string) {
	syn := compileSynonyms(ix.analyzers[wordField], groups)
	ix.synMu.Lock()
	defer ix.synMu.Unlock()
	if syn == nil {
		delete(ix.synonyms, shopID)
		return
	}
	ix.synonyms[shopID] = syn
}

func (ix *Index) shopSynonyms(shopID int64) *shopSynonyms {
	ix.synMu.RLock()
	defer ix.synMu.RUnlock()
	return ix.synonyms[shopID]
}

// compileSynonyms analyses groups; it returns nil when none is left.
func compileSynonyms(a analysis.Analyzer, groups [][]string) *shopSynonyms {
	var out [][]synMember
	for _, g := range groups {
		var members []synMember
		for _, w := range g {
			w = clean(w, maxQueryRunes)
			if w == "" {
				continue
			}
			m, ok := synonymMember(a, w)
			if ok && !slices.ContainsFunc(members, func(o synMember) bool { return o.rep == m.rep }) {
				members = append(members, m)
			}
		}
		if len(members) >= 2 {
			out = append(out, members)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return &shopSynonyms{groups: out}
}

func synonymMember(a analysis.Analyzer, word string) (synMember, bool) {
	var m synMember
	width := 0
	for _, tok := range a.Analyze([]byte(word)) {
		t := string(tok.Term)
		if !slices.Contains(m.terms, t) {
			m.terms = append(m.terms, t)
		}
		if w := tok.End - tok.Start; w > width {
			m.rep, width = t, w
		}
	}
	return m, len(m.terms) > 0
}

// expand adds the shop's synonyms to the word-field clauses of a query: when
// every term of a group's word is in the query, the clause of that word's
// representative term gains the representatives of the group's other words
// as alternatives.
func (s *shopSynonyms) expand(cl []clause, fts []fieldTerms) {
	inQuery := fts[wordField].counts
	for _, g := range s.groups {
		for i, m := range g {
			present := true
			for _, t := range m.terms {
				if inQuery[t] == 0 {
					present = false
					break
				}
			}
			if !present {
				continue
			}
			c := clauseOf(cl, wordField, m.rep)
			if c == nil {
				continue
			}
			for j, o := range g {
				if j == i || o.rep == c.term || slices.ContainsFunc(c.alts, func(a alt) bool { return a.term == o.rep }) {
					continue
				}
				c.alts = append(c.alts, alt{term: o.rep, boost: c.boost * synBoost})
			}
		}
	}
}

func clauseOf(cl []clause, field int, term string) *clause {
	for i := range cl {
		if cl[i].field == field && cl[i].term == term {
			return &cl[i]
		}
	}
	return nil
}

// wordField is the position of the word field in fieldBoosts.
var wordField = fieldIndex(fieldWord)

func fieldIndex(name string) int {
	for i, fb := range fieldBoosts {
		if fb.field == name {
			return i
		}
	}
	panic("search: no field " + name)
}
