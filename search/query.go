package search

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"sync"

	"replydesk/engine"
)

var _ engine.Retriever = (*Index)(nil)

const (
	// maxQueryRunes caps the text searched: a KB question is short, and a
	// pasted essay would otherwise become hundreds of query terms.
	maxQueryRunes = 200
	// minFetch is the least number of question documents ranked per search;
	// a search ranks the best max(minFetch, 10*k) and groups them by entry.
	minFetch = 50
	// voteWeight and maxVotes define an entry's score: its best question's
	// score plus voteWeight times the scores of its next maxVotes questions,
	// so that an entry several of whose similar questions match (nearest
	// neighbours voting) edges out one with a single equally good match.
	voteWeight = 0.3
	maxVotes   = 2
	// maxScoredClauses caps the query terms scored: a long text has
	// a hundred or more, and its rarest terms are enough to find what it
	// is about (see scoredClauses).
	maxScoredClauses = 64
)

// fieldTerms is the analysed query for one text field.
type fieldTerms struct {
	field  string
	boost  float64
	terms  []string       // distinct, in order of appearance
	counts map[string]int // occurrences of each term
	length int            // number of tokens (the field length of the text)
}

// clause is one term of the query: a document containing it (or, for a
// shop synonym, one of alts) scores for it.
type clause struct {
	field int // index into fieldBoosts
	term  string
	boost float64
	count int // occurrences in the query
	// alts are other terms of the same field that count as this one (the
	// shop's synonyms of the word), each with its own boost; a document
	// scores the best of term and alts.
	alts []alt
}

type alt struct {
	term  string
	boost float64
}

// Search returns up to k entries of the shop that answer text, best first.
// An empty or blank text, a text with nothing searchable (emoji, punctuation)
// or k ≤ 0 gives no hits and no error; so does a shop without entries. Only
// the first 200 characters of text are searched. Score is the entry's score
// (its best question's, plus a small bonus for other matching questions;
// see scoreDocs); Confidence maps it into [0, 1] (see confidence); Question
// is the position of the best question in the entry's Questions(). Ties are
// broken by entry ID, so a search gives the same hits every time. It is safe
// to call concurrently with itself and with writes; a search sees a write
// whole or not at all. After Close it returns an error.
func (ix *Index) Search(ctx context.Context, shopID int64, text string, k int) ([]engine.Hit, error) {
	if k <= 0 {
		return nil, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("search: query: %w", err)
	}
	text = clean(text, maxQueryRunes)
	if text == "" {
		return nil, nil
	}
	fts := ix.analyze(text)
	clauses := ix.clauses(shopID, fts)

	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.closed {
		return nil, fmt.Errorf("search: query: %w", errClosed)
	}
	sh := ix.mem.shards[shopID]
	if sh == nil || len(clauses) == 0 {
		return nil, nil
	}
	docs, self := sh.scoreDocs(clauses, fts, max(minFetch, 10*k))
	hits := aggregate(docs, k)
	for i := range hits {
		hits[i].Confidence = confidence(hits[i].Score, self)
	}
	return hits, nil
}

// analyze runs text through each field's analyzer.
func (ix *Index) analyze(text string) []fieldTerms {
	fts := make([]fieldTerms, len(fieldBoosts))
	for i, fb := range fieldBoosts {
		ft := fieldTerms{field: fb.field, boost: fb.boost, counts: map[string]int{}}
		for _, tok := range ix.analyzers[i].Analyze([]byte(text)) {
			t := string(tok.Term)
			if ft.counts[t] == 0 {
				ft.terms = append(ft.terms, t)
			}
			ft.counts[t]++
			ft.length++
		}
		fts[i] = ft
	}
	return fts
}

// clauses turns the analysed query into clauses, one per distinct term and
// field, with the shop's synonyms as alternatives (see expandSynonyms).
func (ix *Index) clauses(shopID int64, fts []fieldTerms) []clause {
	var cl []clause
	for f, ft := range fts {
		if ft.boost == 0 {
			continue
		}
		for _, t := range ft.terms {
			cl = append(cl, clause{field: f, term: t, boost: ft.boost, count: ft.counts[t]})
		}
	}
	if syn := ix.shopSynonyms(shopID); syn != nil {
		syn.expand(cl, fts)
	}
	return cl
}

// docHit is a question document's score.
type docHit struct {
	entry    int64
	question int
	score    float64
}

// worse orders document hits: lower score, then higher entry and question.
func (a docHit) worse(b docHit) bool {
	if a.score != b.score {
		return a.score < b.score
	}
	if a.entry != b.entry {
		return a.entry > b.entry
	}
	return a.question > b.question
}

// scratch holds a search's per-document accumulators, reused across
// searches.
type scratch struct {
	acc     []float64
	cnt     []uint16
	touched []uint32
	best    map[uint32]float64
	top     []docHit
}

var scratchPool = sync.Pool{New: func() any { return &scratch{best: map[uint32]float64{}} }}

// scoreDocs scores the shard's documents against the clauses as Bleve's
// TF-IDF disjunction of term queries would, and returns the best n, best
// first, with the score a document identical to the query would get.
//
// A clause with inverse document frequency idf = 1 + ln(docs/(df+1)) and
// boost b adds b·idf²·queryNorm·√tf·norm to a document containing its term
// tf times, where norm = 1/√(the document's field length) and queryNorm =
// 1/√Σ(b·idf)² over all clauses; the sum is multiplied by the fraction of
// the clauses the document matches (Bleve's coord). Every posting of every
// query term is visited (with postings in memory this is cheaper than
// skipping frequent terms), except for long texts (see scoredClauses).
func (s *shard) scoreDocs(clauses []clause, fts []fieldTerms, n int) ([]docHit, float64) {
	docs := float64(s.live)
	idf := func(pl *postings) float64 {
		df := 0
		if pl != nil {
			df = len(pl.docs)
		}
		return 1 + math.Log(docs/float64(df+1))
	}
	// query norm and self score
	lists := make([]*postings, len(clauses))
	idfs := make([]float64, len(clauses))
	var sumSq, self float64
	for i, c := range clauses {
		lists[i] = s.lookup(c.field, c.term)
		idfs[i] = idf(lists[i])
		w := c.boost * idfs[i]
		sumSq += w * w
		self += w * idfs[i] * math.Sqrt(float64(c.count)) / math.Sqrt(float64(fts[c.field].length))
	}
	queryNorm := 1 / math.Sqrt(sumSq)
	self *= queryNorm

	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	if len(sc.acc) < len(s.docs) {
		sc.acc = make([]float64, len(s.docs)+len(s.docs)/4)
		sc.cnt = make([]uint16, len(sc.acc))
	}
	acc, cnt, touched := sc.acc, sc.cnt, sc.touched[:0]
	for _, i := range scoredClauses(lists) {
		c := clauses[i]
		if len(c.alts) == 0 {
			pl := lists[i]
			if pl == nil {
				continue
			}
			coef := c.boost * idfs[i] * idfs[i] * queryNorm
			ws := pl.w[:len(pl.docs)]
			for j, d := range pl.docs {
				if cnt[d] == 0 {
					touched = append(touched, d)
				}
				cnt[d]++
				acc[d] += coef * float64(ws[j])
			}
			continue
		}
		// a word with synonyms: the best of its terms
		best := sc.best
		clear(best)
		visit := func(pl *postings, coef float64) {
			if pl == nil {
				return
			}
			for j, d := range pl.docs {
				if v := coef * float64(pl.w[j]); v > best[d] {
					best[d] = v
				}
			}
		}
		visit(lists[i], c.boost*idfs[i]*idfs[i]*queryNorm)
		for _, a := range c.alts {
			pl := s.lookup(c.field, a.term)
			f := idf(pl)
			visit(pl, a.boost*f*f*queryNorm)
		}
		for d, v := range best {
			if cnt[d] == 0 {
				touched = append(touched, d)
			}
			cnt[d]++
			acc[d] += v
		}
	}

	// the best n, in a min-heap of the worst kept on top
	total := float64(len(clauses))
	top := sc.top[:0]
	for _, d := range touched {
		h := docHit{score: acc[d] * float64(cnt[d]) / total}
		acc[d], cnt[d] = 0, 0
		if len(top) == n && h.score < top[0].score {
			continue
		}
		h.entry, h.question = s.docs[d].entry, s.docs[d].question
		if len(top) < n {
			top = append(top, h)
			siftUp(top, len(top)-1)
		} else if top[0].worse(h) {
			top[0] = h
			siftDown(top, 0)
		}
	}
	sc.touched, sc.top = touched, top
	out := slices.Clone(top)
	slices.SortFunc(out, func(a, b docHit) int {
		switch {
		case b.worse(a):
			return -1
		case a.worse(b):
			return 1
		}
		return 0
	})
	return out, self
}

// scoredClauses returns the indexes of the clauses worth scoring: all of
// them, or, for a long text, the maxScoredClauses whose terms are rarest.
// The others still count in the query norm and the coord, so a long text
// matches with a lower confidence.
func scoredClauses(lists []*postings) []int {
	idx := make([]int, len(lists))
	for i := range idx {
		idx[i] = i
	}
	if len(idx) <= maxScoredClauses {
		return idx
	}
	df := func(i int) int {
		if lists[i] == nil {
			return 0
		}
		return len(lists[i].docs)
	}
	slices.SortStableFunc(idx, func(a, b int) int { return df(a) - df(b) })
	idx = idx[:maxScoredClauses]
	slices.Sort(idx)
	return idx
}

func siftUp(h []docHit, i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !h[i].worse(h[p]) {
			return
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
}

func siftDown(h []docHit, i int) {
	for {
		l := 2*i + 1
		if l >= len(h) {
			return
		}
		m := l
		if r := l + 1; r < len(h) && h[r].worse(h[l]) {
			m = r
		}
		if !h[m].worse(h[i]) {
			return
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}

// aggregate groups question hits (best first) by entry, scores each entry
// (see voteWeight) and returns the best k, best first; an entry's Question
// is its best question's.
func aggregate(docs []docHit, k int) []engine.Hit {
	type acc struct {
		hit   int // index in hits
		votes int
	}
	byEntry := map[int64]*acc{}
	var hits []engine.Hit
	for _, d := range docs {
		a := byEntry[d.entry]
		if a == nil {
			byEntry[d.entry] = &acc{hit: len(hits)}
			hits = append(hits, engine.Hit{EntryID: d.entry, Score: d.score, Question: d.question})
			continue
		}
		if a.votes < maxVotes {
			a.votes++
			hits[a.hit].Score += voteWeight * d.score
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].Score > hits[j].Score })
	if len(hits) > k {
		hits = hits[:k]
	}
	return hits
}

// confidence maps an entry's score into [0, 1], monotonically for a given
// query: the score as a fraction of the query's self-match score (1 when a
// question equals the query, near 0 when few terms are shared), which makes
// it comparable across queries of different lengths and term rarity.
//
// Provisional: the curve is not calibrated against real traffic yet.
func confidence(score, self float64) float64 {
	if self <= 0 || score <= 0 {
		return 0
	}
	return min(1, score/self)
}
