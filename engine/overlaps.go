package engine

import (
	"slices"
)

// Overlapping entries (FB-2): two entries that answer the same questions
// split the KB's confidence between them, and when their answers differ,
// the buyer gets one or the other by chance. FindOverlaps flags them.

// OverlapKind says how two entries overlap.
type OverlapKind string

const (
	// OverlapDuplicate: the same questions, alike answers (merge them).
	OverlapDuplicate OverlapKind = "duplicate"
	// OverlapConflict: the same questions, answers that differ.
	OverlapConflict OverlapKind = "conflict"
)

// OverlapEntry is one side of an overlap: the entry, its standard question
// and primary answer.
type OverlapEntry struct {
	ID       int64  `json:"id"`
	Question string `json:"question"`
	Answer   string `json:"answer"`
}

// SharedQuestion is a question of one entry and its near twin in the other.
type SharedQuestion struct {
	A          string  `json:"a"`
	B          string  `json:"b"`
	Similarity float64 `json:"similarity"`
}

// Overlap is two entries that answer the same questions.
type Overlap struct {
	Kind   OverlapKind      `json:"kind"`
	A      OverlapEntry     `json:"a"`
	B      OverlapEntry     `json:"b"`
	Shared []SharedQuestion `json:"shared"`
	// AnswerSimilarity is TextSimilarity of their primary answers.
	AnswerSimilarity float64 `json:"answerSimilarity"`
}

// Thresholds of FindOverlaps.
const (
	// TwinQuestion is the cosine from which two questions ask the same.
	TwinQuestion = 0.8
	// AlikeAnswers is the TextSimilarity of primary answers from which an
	// overlap is a duplicate rather than a conflict.
	AlikeAnswers = 0.3
	// MaxOverlaps is the most overlaps FindOverlaps returns.
	MaxOverlaps = 200
)

// FindOverlaps finds the enabled entries that answer the same questions:
// two entries overlap when one's question has the other's word for word (by
// QuestionKey), when their standard questions are twins (cosine ≥
// TwinQuestion), or when two or more of their questions are. An overlap is
// a conflict when their primary answers differ (TextSimilarity below
// AlikeAnswers), a duplicate otherwise. Conflicts come first, then the
// overlaps sharing most questions; at most MaxOverlaps. Pure.
func FindOverlaps(entries []Entry) []Overlap {
	type question struct {
		entry int
		text  string
		std   bool
	}
	var qs []question
	var texts []string
	for i, e := range entries {
		if !e.Enabled {
			continue
		}
		for j, q := range e.Questions() {
			qs = append(qs, question{entry: i, text: q, std: j == 0})
			texts = append(texts, q)
		}
	}
	vz := newVectorizer(texts)
	vecs := make([]termVector, len(qs))
	keys := make([]string, len(qs))
	postings := map[int32][]int{}
	// Terms shared by more than this many questions find no twins that a
	// rarer term would not: they are not looked up.
	common := max(50, len(qs)/20)
	byKey := map[string][]int{}
	for i, q := range qs {
		vecs[i], keys[i] = vz.vector(q.text), QuestionKey(q.text)
		if keys[i] != "" {
			byKey[keys[i]] = append(byKey[keys[i]], i)
		}
		for _, id := range vecs[i].ids {
			if vz.df[id] <= common {
				postings[id] = append(postings[id], i)
			}
		}
	}
	type pair struct{ a, b int }
	shared := map[pair][]SharedQuestion{}
	stdTwins := map[pair]bool{}
	exact := map[pair]bool{}
	for i := range qs {
		seen := map[int]bool{}
		// The same key first (whatever its terms), then the rarer terms.
		lists := [][]int{byKey[keys[i]]}
		for _, id := range vecs[i].ids {
			lists = append(lists, postings[id])
		}
		for _, list := range lists {
			for _, j := range list {
				if j <= i || seen[j] || qs[j].entry == qs[i].entry {
					continue
				}
				seen[j] = true
				s := vecs[i].dot(vecs[j])
				same := keys[i] != "" && keys[i] == keys[j]
				if !same && s < TwinQuestion {
					continue
				}
				a, b, qa, qb := qs[i].entry, qs[j].entry, qs[i].text, qs[j].text
				if a > b {
					a, b, qa, qb = b, a, qb, qa
				}
				p := pair{a, b}
				if same {
					s, exact[p] = 1, true
				}
				shared[p] = append(shared[p], SharedQuestion{A: qa, B: qb, Similarity: min(1, s)})
				if qs[i].std && qs[j].std {
					stdTwins[p] = true
				}
			}
		}
	}
	var out []Overlap
	for p, sq := range shared {
		if !exact[p] && !stdTwins[p] && len(sq) < 2 {
			continue
		}
		ea, eb := entries[p.a], entries[p.b]
		o := Overlap{Kind: OverlapDuplicate, A: overlapEntry(ea), B: overlapEntry(eb), Shared: sq}
		o.AnswerSimilarity = TextSimilarity(o.A.Answer, o.B.Answer)
		if o.AnswerSimilarity < AlikeAnswers {
			o.Kind = OverlapConflict
		}
		slices.SortStableFunc(o.Shared, func(x, y SharedQuestion) int {
			switch {
			case x.Similarity > y.Similarity:
				return -1
			case x.Similarity < y.Similarity:
				return 1
			}
			return 0
		})
		out = append(out, o)
	}
	slices.SortFunc(out, func(x, y Overlap) int {
		switch {
		case x.Kind != y.Kind:
			if x.Kind == OverlapConflict {
				return -1
			}
			return 1
		case len(x.Shared) != len(y.Shared):
			return len(y.Shared) - len(x.Shared)
		case x.A.ID != y.A.ID:
			return int(x.A.ID - y.A.ID)
		}
		return int(x.B.ID - y.B.ID)
	})
	if len(out) > MaxOverlaps {
		out = out[:MaxOverlaps]
	}
	return out
}

func overlapEntry(e Entry) OverlapEntry {
	o := OverlapEntry{ID: e.ID, Question: e.Question}
	if len(e.Answers) > 0 {
		o.Answer = e.Answers[0].Text
	}
	return o
}
