package search

import (
	"math"
	"slices"
)

// Ranking: the question documents a query scored, gathered by entry and
// ordered, with the naive-Bayes margin among the best.

// candidate is an entry among the best question documents of a query.
type candidate struct {
	entry    int64
	question int     // its best question
	doc      uint32  // its best question's document
	best     float64 // its best question's BM25 score
	knn      float64 // best plus the votes of its next questions
	docs     int     // its documents among the best
	votes    int     // its documents among the first voteWindow
	nb       float64 // naive Bayes log-likelihood of the query (see naiveBayes)
	// vocab is the part of the scored clauses' idf mass whose terms some
	// question of the entry has; unknown the highest idf of a scored term
	// none of them has (see naiveBayes)
	vocab, unknown float64
	score          float64 // the ranking score, in units of the query's self score
}

// rank groups the best documents by entry and ranks the entries by
//
//	knn/self + nbWeight · (nb − max nb) / query length
//
// where knn is the entry's best question's BM25 plus voteWeight times its
// next maxVotes questions' (nearest-neighbour voting), self the query's
// BM25 against itself, and nb the naive Bayes log-likelihood of the query's
// terms under the entry's word counts, relative to the best entry's, per
// query term. Retrieval finds the questions worded like the query; the
// naive Bayes term weighs each word by how much more often this entry uses
// it than the others, which tells apart near-twin intents that share most
// words. Ties are broken by entry ID.
func (s *shard) rank(sc *scratch, q *queryStats, mask []bool) []candidate {
	var cands []candidate
	at := map[int64]int{}
	for i, d := range q.top {
		ci, ok := at[d.entry]
		if !ok {
			ci = len(cands)
			at[d.entry] = ci
			cands = append(cands, candidate{entry: d.entry, question: d.question, doc: d.doc, best: d.score, knn: d.score})
		} else if cands[ci].docs <= maxVotes {
			cands[ci].knn += voteWeight * d.score
		}
		c := &cands[ci]
		c.docs++
		if i < voteWindow {
			c.votes++
		}
	}
	s.naiveBayes(sc, q, cands, mask)
	qlen := 0.0
	for _, n := range q.qlen {
		qlen += n
	}
	qlen = max(qlen, 1)
	nbMax := math.Inf(-1)
	for _, c := range cands {
		nbMax = max(nbMax, c.nb)
	}
	for i := range cands {
		c := &cands[i]
		c.score = c.knn/q.self + nbWeight*(c.nb-nbMax)/qlen
	}
	slices.SortStableFunc(cands, func(a, b candidate) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		case a.entry < b.entry:
			return -1
		case a.entry > b.entry:
			return 1
		}
		return 0
	})
	return cands
}

// naiveBayes sets each candidate's nb to the log-likelihood of the query's
// scored terms under a multinomial model of the entry's questions (all of
// them pooled), with additive smoothing nbAlpha over the field's
// vocabulary, up to a constant shared by all entries:
//
//	Σ_terms count·ln(1 + c_e/α) − Σ_fields n_f·ln((N_e + α·V) / (α·V))
//
// where c_e is how often the entry's questions use the term, N_e their
// number of tokens in the term's field, V the field's vocabulary size and
// n_f the query's number of scored tokens in that field. A shop synonym
// counts as its word, weighted by its boost.
func (s *shard) naiveBayes(sc *scratch, q *queryStats, cands []candidate, mask []bool) {
	mark := sc.mark
	for ci, c := range cands {
		for _, d := range s.entries[c.entry] {
			if mask == nil || !mask[d] {
				mark[d] = int32(ci + 1)
			}
		}
	}
	counts := make([]float64, len(cands))
	add := func(pl *postings, w float64) {
		if pl == nil {
			return
		}
		for j, d := range pl.docs {
			if ci := mark[d]; ci > 0 {
				counts[ci-1] += w * pl.termFreq(j)
			}
		}
	}
	for _, i := range q.scored {
		c := q.clauses[i]
		clear(counts)
		add(q.lists[i], 1)
		for _, alt := range c.alts {
			add(s.lookup(c.field, alt.term), alt.boost)
		}
		w := c.boost * q.idfs[i]
		for ci, n := range counts {
			if n > 0 {
				cands[ci].nb += float64(c.count) * math.Log1p(n/nbAlpha)
				cands[ci].vocab += w
			} else {
				cands[ci].unknown = max(cands[ci].unknown, q.idfs[i])
			}
		}
	}
	for ci, c := range cands {
		for _, d := range s.entries[c.entry] {
			mark[d] = 0
		}
		for f, n := range q.qlen {
			if n == 0 {
				continue
			}
			var tokens float64
			for _, d := range s.entries[c.entry] {
				if mask == nil || !mask[d] {
					tokens += float64(s.docs[d].lens[f])
				}
			}
			v := nbAlpha * float64(max(1, len(s.dict[f])))
			cands[ci].nb -= n * math.Log((tokens+v)/v)
		}
	}
}
