package search

import (
	"context"
	"fmt"
	"math"
	"slices"
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
	// voteWeight and maxVotes define an entry's retrieval score: its best
	// question's score plus voteWeight times the scores of its next
	// maxVotes questions, so that an entry several of whose similar
	// questions match (nearest neighbours voting) edges out one with a
	// single equally good match. Measured with kbeval on the development
	// sets (cmd/kbeval/RESULTS.md): 5 votes rather than 2 gained 1 to 3
	// points of top-1; weights from 0.3 to 0.6 did about as well.
	voteWeight = 0.3
	maxVotes   = 5
	// bm25K1 and bm25B are BM25's term-frequency saturation and length
	// normalisation. b = 1 (full normalisation by question length) did
	// better than 0.75 or 0.3 on every development set.
	bm25K1 = 1.2
	bm25B  = 1.0
	// nbAlpha is the additive smoothing of the entries' word counts in the
	// naive Bayes score (see entryScores), nbWeight the weight of that score
	// against the retrieval score; from 0.3 to 0.5 did about as well.
	nbAlpha  = 0.1
	nbWeight = 0.4
	// voteWindow is how many of the best question hits the vote-share
	// feature of the confidence looks at.
	voteWindow = 10
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
// the first 200 characters of text are searched.
//
// A text equal to one of the shop's questions once normalised (width, case,
// punctuation, emoji, spaces and trailing particles such as 啊 呀 呢 吧 set
// aside) puts that question's entry first with a confidence of 1, unless
// the question belongs to several entries. Otherwise entries are ranked by
// two scores added up (see rank): a retrieval score, BM25 over the
// questions with the entry's several best matching questions voting, and a
// naive Bayes score of the query's words under each entry's word counts.
// Score is that combination (≥ 0, in the units of the query's BM25 score
// against itself). Confidence is the probability that the hit is the right
// answer, from the shop's own model (trained on its KB in the background
// after each change, see train.go) or, until it is trained, from the model
// shared by all shops; it is never higher than the previous hit's. Basis
// says what the first hit's confidence was made of (see engine.Factor).
// Question is the position of the best matching question in the entry's
// Questions(). Ties are broken by entry ID, so a search gives the same hits
// every time for the same KB and the same trained model. It is safe to call
// concurrently with itself and with writes; a search sees a write whole or
// not at all. After Close it returns an error.
func (ix *Index) Search(ctx context.Context, shopID int64, text string, k int) ([]engine.Hit, error) {
	hits, _, err := ix.search(ctx, shopID, text, k)
	return hits, err
}

// SearchFeatures is Search, and also returns for each hit the features its
// confidence was computed from, in the order of ConfidenceFeatures. It is
// for fitting the confidence model offline (kbeval -fit).
func (ix *Index) SearchFeatures(ctx context.Context, shopID int64, text string, k int) ([]engine.Hit, [][]float64, error) {
	return ix.search(ctx, shopID, text, k)
}

func (ix *Index) search(ctx context.Context, shopID int64, text string, k int) ([]engine.Hit, [][]float64, error) {
	if k <= 0 {
		return nil, nil, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, fmt.Errorf("search: query: %w", err)
	}
	text = clean(text, maxQueryRunes)
	if text == "" {
		return nil, nil, nil
	}
	fts := ix.analyze(text)
	clauses := ix.clauses(shopID, fts)
	norm := textHash(text)
	sm := ix.shopModel(shopID)

	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.closed {
		return nil, nil, fmt.Errorf("search: query: %w", errClosed)
	}
	sh := ix.mem.shards[shopID]
	if sh == nil {
		return nil, nil, nil
	}
	var exact []uint32
	if norm != 0 {
		exact = sh.exactDocs(norm)
	}
	if len(clauses) == 0 && len(exact) == 0 {
		return nil, nil, nil
	}
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	var q *queryStats
	var cands []candidate
	if len(clauses) > 0 {
		q = sh.scoreDocs(sc, clauses, max(minFetch, 10*k), nil)
		cands = sh.rank(sc, q, nil)
	}
	cands, nExact := sh.promoteExact(cands, exact)
	if len(cands) == 0 {
		return nil, nil, nil
	}
	n := min(k, len(cands))
	hits := make([]engine.Hit, n)
	feats := make([][]float64, n)
	for i := range hits {
		c := &cands[i]
		var conf float64
		var basis []engine.Factor
		if q != nil {
			feats[i] = sh.features(q, cands, i, sm)
			conf = sm.confidence(feats[i])
			if i == 0 {
				basis = sm.basis(feats[i], conf)
			}
		}
		if i == 0 && nExact == 1 {
			conf = 1
			basis = append([]engine.Factor{{Key: FactorExact, Value: 1}}, basis...)
		}
		if i > 0 {
			conf = min(conf, hits[i-1].Confidence)
		}
		score := 0.0
		if q != nil {
			score = max(0, c.score*q.self)
		}
		if i > 0 {
			score = min(score, hits[i-1].Score)
		}
		hits[i] = engine.Hit{EntryID: c.entry, Score: score, Confidence: conf, Question: c.question, Basis: basis}
	}
	return hits, feats, nil
}

// promoteExact moves the entries of the exact documents (questions equal to
// the query once normalised) to the front of cands, in their order there
// (those not among cands after them, by entry ID), each with the exact
// question as its best. It returns the new order and the number of entries
// promoted.
func (s *shard) promoteExact(cands []candidate, exact []uint32) ([]candidate, int) {
	if len(exact) == 0 {
		return cands, 0
	}
	docOf := map[int64]uint32{}
	var extra []int64
	for _, d := range exact {
		e := s.docs[d].entry
		if _, ok := docOf[e]; !ok {
			docOf[e] = d
			extra = append(extra, e)
		}
	}
	front := make([]candidate, 0, len(cands)+len(extra))
	var rest []candidate
	for _, c := range cands {
		if d, ok := docOf[c.entry]; ok {
			c.doc, c.question = d, s.docs[d].question
			front = append(front, c)
			extra = slices.DeleteFunc(extra, func(e int64) bool { return e == c.entry })
		} else {
			rest = append(rest, c)
		}
	}
	slices.Sort(extra)
	for _, e := range extra {
		d := docOf[e]
		front = append(front, candidate{entry: e, question: s.docs[d].question, doc: d})
	}
	// the promoted entries score at least as well as the best of the others
	top := 1.0
	if len(cands) > 0 {
		top = max(top, cands[0].score)
	}
	for i := range front {
		front[i].score = max(front[i].score, top)
	}
	return append(front, rest...), len(front)
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
	doc      uint32
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
	mark    []int32 // per document: 1 + its entry's candidate number, or 0
	touched []uint32
	best    map[uint32]float64
	top     []docHit
}

var scratchPool = sync.Pool{New: func() any { return &scratch{best: map[uint32]float64{}} }}

// grow makes the per-document accumulators as long as the shard's documents.
func (sc *scratch) grow(n int) {
	if len(sc.acc) < n {
		sc.acc = make([]float64, n+n/4)
		sc.mark = make([]int32, len(sc.acc))
	}
}

// queryStats is a query scored against a shard: its scored clauses with
// their posting lists and weights, the best question documents, and the
// score a question identical to the query would get.
type queryStats struct {
	clauses []clause
	scored  []int       // indexes of the clauses scored (see scoredClauses)
	lists   []*postings // per clause; nil for a term no question has
	idfs    []float64   // per clause
	ids     [][]uint32  // per clause: the IDs of its term's list and its alternatives'
	idfMass float64     // Σ boost·idf over the clauses
	known   float64     // the part of idfMass whose terms some question has
	self    float64     // BM25 of the query against itself
	qlen    []float64   // per field: the scored clauses' occurrences
	// scoredMass is Σ boost·idf over the scored clauses, maxIDF the highest
	// idf of any clause
	scoredMass, maxIDF float64
	// lift is Σ count·(ln α − ln P(term | all questions)) − Σ_f n_f·ln(α·V_f)
	// over the scored clauses: with it, an entry's nb turns into its naive
	// Bayes log-likelihood ratio against the shop's whole KB (see features)
	lift float64
	top  []docHit // the best documents, best first
}

// idf is BM25's inverse document frequency of a term in df of docs documents.
func idf(df int, docs float64) float64 {
	return math.Log(1 + (docs-float64(df)+0.5)/(float64(df)+0.5))
}

// bm25 is BM25's term-frequency factor for tf occurrences in a field of
// length n, where fields average avg tokens.
func bm25(tf float64, n int, avg float64) float64 {
	return tf * (bm25K1 + 1) / (tf + bm25K1*(1-bm25B+bm25B*float64(n)/avg))
}

// termFreq returns the term frequency of posting j.
func (pl *postings) termFreq(j int) float64 { return float64(pl.tf[j]) }

// scoreDocs scores the shard's documents against the clauses with BM25
// (a clause with boost b adds b·idf·bm25(tf, length) to a document whose
// field holds its term; a clause with alternatives, the best of its terms,
// each alternative with its own boost) and keeps the best n, best first.
// Every posting of every query term is visited (with postings in memory
// this is cheaper than skipping frequent terms), except for long texts
// (see scoredClauses).
func (s *shard) scoreDocs(sc *scratch, clauses []clause, n int, ex *exclusion) *queryStats {
	docs := float64(s.live)
	avg := make([]float64, len(fieldBoosts))
	for f := range avg {
		avg[f] = s.avgLen(f)
	}
	q := &queryStats{
		clauses: clauses,
		lists:   make([]*postings, len(clauses)),
		idfs:    make([]float64, len(clauses)),
		ids:     make([][]uint32, len(clauses)),
		qlen:    make([]float64, len(fieldBoosts)),
	}
	qlenAll := make([]int, len(fieldBoosts))
	for _, c := range clauses {
		qlenAll[c.field] += c.count
	}
	var mask []bool
	if ex != nil {
		mask = ex.mask
		docs -= float64(len(ex.docs))
	}
	for i, c := range clauses {
		df := 0
		if id, ok := s.dict[c.field][c.term]; ok {
			df = len(s.lists[id].docs) - ex.in(id)
			if df > 0 {
				q.lists[i] = &s.lists[id]
				q.ids[i] = append(q.ids[i], id)
			}
		}
		for _, a := range c.alts {
			if id, ok := s.dict[c.field][a.term]; ok {
				q.ids[i] = append(q.ids[i], id)
			}
		}
		q.idfs[i] = idf(df, docs)
		w := c.boost * q.idfs[i]
		q.idfMass += w
		if len(q.ids[i]) > 0 {
			q.known += w
		}
		q.self += w * bm25(float64(c.count), qlenAll[c.field], avg[c.field])
	}
	q.scored = scoredClauses(q.lists)
	for _, i := range q.scored {
		q.qlen[clauses[i].field] += float64(clauses[i].count)
		q.scoredMass += clauses[i].boost * q.idfs[i]
	}
	for _, v := range q.idfs {
		q.maxIDF = max(q.maxIDF, v)
	}
	for _, i := range q.scored {
		c := clauses[i]
		df := 0.0
		if q.lists[i] != nil {
			df = float64(len(q.lists[i].docs) - ex.in(q.ids[i][0]))
		}
		v := nbAlpha * float64(max(1, len(s.dict[c.field])))
		q.lift += float64(c.count) * (math.Log(nbAlpha) - math.Log((df+nbAlpha)/(float64(s.lenSum[c.field])+v)))
	}
	for f, n := range q.qlen {
		if n > 0 {
			q.lift -= n * math.Log(nbAlpha*float64(max(1, len(s.dict[f]))))
		}
	}

	sc.grow(len(s.docs))
	acc, touched := sc.acc, sc.touched[:0]
	for _, i := range q.scored {
		c := clauses[i]
		a := avg[c.field]
		if len(c.alts) == 0 {
			pl := q.lists[i]
			if pl == nil {
				continue
			}
			// bm25 unrolled: coef·tf / (tf + k0 + k1·length)
			coef := c.boost * q.idfs[i] * (bm25K1 + 1)
			k0, k1 := bm25K1*(1-bm25B), bm25K1*bm25B/a
			tfs, lns := pl.tf[:len(pl.docs)], pl.ln[:len(pl.docs)]
			if mask == nil { // a search: no document left out
				for j, d := range pl.docs {
					if acc[d] == 0 {
						touched = append(touched, d)
					}
					tf := float64(tfs[j])
					acc[d] += coef * tf / (tf + k0 + k1*float64(lns[j]))
				}
				continue
			}
			for j, d := range pl.docs {
				if mask[d] {
					continue
				}
				if acc[d] == 0 {
					touched = append(touched, d)
				}
				tf := float64(tfs[j])
				acc[d] += coef * tf / (tf + k0 + k1*float64(lns[j]))
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
				if mask != nil && mask[d] {
					continue
				}
				if v := coef * bm25(pl.termFreq(j), int(pl.ln[j]), a); v > best[d] {
					best[d] = v
				}
			}
		}
		visit(q.lists[i], c.boost*q.idfs[i])
		for _, alt := range c.alts {
			pl := s.lookup(c.field, alt.term)
			df := 0
			if pl != nil {
				df = len(pl.docs)
			}
			visit(pl, alt.boost*idf(df, docs))
		}
		for d, v := range best {
			if acc[d] == 0 {
				touched = append(touched, d)
			}
			acc[d] += v
		}
	}

	// the best n, in a min-heap of the worst kept on top
	top := sc.top[:0]
	for _, d := range touched {
		h := docHit{doc: d, score: acc[d]}
		acc[d] = 0
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
	q.top = slices.Clone(top)
	slices.SortFunc(q.top, func(a, b docHit) int {
		switch {
		case b.worse(a):
			return -1
		case a.worse(b):
			return 1
		}
		return 0
	})
	return q
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

// exclusion leaves documents out of a search, as if they were not in the
// index: a shop's model is trained by asking the KB its own questions with
// the question, or its whole entry, left out (see train.go).
type exclusion struct {
	docs []uint32       // the documents left out
	mask []bool         // per document of the shard: left out
	dec  map[uint32]int // per posting list: how many of its documents are left out
}

// in returns how many documents of posting list id are left out; 0 for a
// nil exclusion.
func (ex *exclusion) in(id uint32) int {
	if ex == nil {
		return 0
	}
	return ex.dec[id]
}

// set makes ex leave out docs of shard s, and no others.
func (ex *exclusion) set(s *shard, docs []uint32) {
	for _, d := range ex.docs {
		ex.mask[d] = false
	}
	clear(ex.dec)
	if len(ex.mask) < len(s.docs) {
		ex.mask = make([]bool, len(s.docs))
	}
	ex.docs = append(ex.docs[:0], docs...)
	for _, d := range docs {
		ex.mask[d] = true
		for _, id := range s.docs[d].terms {
			ex.dec[id]++
		}
	}
}
