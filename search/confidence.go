package search

import (
	"math"
	"slices"
)

// ConfidenceFeatures names the features of a hit that its confidence is
// computed from (see confidence), in the order SearchFeatures gives them:
//
//   - match: the hit's best question's BM25 score over the query's score
//     against itself (1 for a question equal to the query), at most 1.5;
//   - gap: the hit's ranking score minus the best other candidate's, in the
//     same units (negative for any hit but the first);
//   - nb_margin: the hit's naive Bayes log-likelihood minus the best other
//     candidate's, per query term, in [−3, 3];
//   - vote_share: the share of the first 10 question hits that are the
//     entry's;
//   - coverage: the share of the query's idf mass that the hit's best
//     question matches;
//   - short: 1/(number of query terms), large for one- or two-word queries
//     whose few words may match by chance;
//   - known: the share of the query's idf mass whose terms some question of
//     the shop has (out-of-scope messages bring words the KB never uses);
//   - question_coverage: the share of the idf mass of the hit's best
//     question that the query matches;
//   - rarest_missed: the highest idf of a query term that the hit's best
//     question lacks, over the highest idf of any query term (1 when the
//     query's most telling word is not matched).
var ConfidenceFeatures = []string{"match", "gap", "nb_margin", "vote_share", "coverage", "short", "known", "rarest_missed", "match_x_gap", "coverage_x_known", "gap_x_known", "gap_x_coverage", "word_coverage", "question_coverage"}

// features computes the confidence features (ConfidenceFeatures) of
// candidate i, against the best of the other candidates.
func (s *shard) features(q *queryStats, cands []candidate, i int) []float64 {
	c := cands[i]
	other := -1
	for j := range cands {
		if j != i {
			other = j
			break
		}
	}
	gap, margin := c.score, 3.0
	if other >= 0 {
		o := cands[other]
		gap = c.score - o.score
		qlen := 0.0
		for _, n := range q.qlen {
			qlen += n
		}
		margin = (c.nb - o.nb) / max(qlen, 1)
	}
	window := min(voteWindow, len(q.top))
	cov, missed, wcov := s.coverage(q, c.doc)
	match := min(c.best/q.self, 1.5)
	known := q.known / q.idfMass
	return []float64{
		match,
		gap,
		min(max(margin, -3), 3),
		float64(c.votes) / float64(window),
		cov,
		1 / float64(len(q.clauses)),
		known,
		missed,
		match * gap,
		cov * known,
		gap * known,
		gap * cov,
		wcov,
		s.questionCoverage(q, c.doc),
	}
}

// coverage returns the share of the query's idf mass (Σ boost·idf over its
// clauses) that document d matches, and the highest idf of a clause it
// does not match over the highest idf of any clause.
func (s *shard) coverage(q *queryStats, d uint32) (float64, float64, float64) {
	terms := s.docs[d].terms
	var matched, maxIDF, maxMissed, wordMass, wordMatched float64
	for i, c := range q.clauses {
		if c.field == wordField {
			wordMass += c.boost * q.idfs[i]
		}
		maxIDF = max(maxIDF, q.idfs[i])
		hit := false
		for _, id := range q.ids[i] {
			if slices.Contains(terms, id) {
				hit = true
				break
			}
		}
		if hit {
			matched += c.boost * q.idfs[i]
			if c.field == wordField {
				wordMatched += c.boost * q.idfs[i]
			}
		} else {
			maxMissed = max(maxMissed, q.idfs[i])
		}
	}
	wcov := 0.0
	if wordMass > 0 {
		wcov = wordMatched / wordMass
	}
	return matched / q.idfMass, maxMissed / maxIDF, wcov
}

// questionCoverage is the share of document d's idf mass (Σ idf over its
// terms, every field) that the query's terms match: low when the query
// matches one word of a longer question ("你多大了" and "穿多大码合适").
func (s *shard) questionCoverage(q *queryStats, d uint32) float64 {
	docs := float64(s.live)
	// summed in a fixed order: a document's terms are in another order
	// after the index is reopened, and the sum must not change
	var ws [2][]float64 // all, matched
	for _, id := range s.docs[d].terms {
		pl := &s.lists[id]
		w := fieldBoosts[pl.field].boost * idf(len(pl.docs), docs)
		ws[0] = append(ws[0], w)
		for i := range q.clauses {
			if slices.Contains(q.ids[i], id) {
				ws[1] = append(ws[1], w)
				break
			}
		}
	}
	var sum [2]float64
	for i := range ws {
		slices.Sort(ws[i])
		for _, w := range ws[i] {
			sum[i] += w
		}
	}
	if sum[0] == 0 {
		return 0
	}
	return sum[1] / sum[0]
}

// confidenceModel is the logistic model of the probability that a hit is
// the right answer: σ(bias + Σ weights·features), the features in the
// order of ConfidenceFeatures.
//
// Fitted offline, and reproduced, by "go run ./cmd/kbeval -fit" (see
// cmd/kbeval/fit.go; it prints this block): a logistic regression, by
// Newton's method with a small ridge penalty, of "the first hit is the
// expected entry" (an out-of-scope query's first hit is never right) on
// the first hit's features, over the queries of the development sets
// banking77-5shot, banking77-10shot, banking77-full and clinc150
// (shared/data) and of the preset KB's zh-CN and en query sets
// (testdata/eval). Each set weighs the same; within clinc150, zh-CN and
// en the out-of-scope queries weigh 30%. Refit whenever the ranking or the
// features change.
var confidenceModel = struct {
	bias    float64
	weights []float64
}{
	bias: -3.9009,
	// match, gap, nb_margin, vote_share, coverage, short, known
	weights: []float64{1.6907, 1.3958, 0.5187, 0.6270, 0.1577, -1.7616, 1.6122, 0.4611, 0.6947, -0.1460, 1.4518, -0.0156, -0.0145, 0.9375},
}

// confidence is the calibrated probability, in [0, 1], that a hit with the
// given features is the right answer (see confidenceModel).
func confidence(features []float64) float64 {
	z := confidenceModel.bias
	for i, w := range confidenceModel.weights {
		z += w * features[i]
	}
	return 1 / (1 + math.Exp(-z))
}

// DefaultAutoThreshold is the confidence from which a hit is right often
// enough to be sent without a person. Chosen by kbeval -fit on the
// development sets: first hits from 0.76 on were right 95% of the time over
// all of them (each set weighing the same), and the threshold is raised to
// the next hundredth above the highest confidence of a Chinese
// out-of-scope message (0.875), so that none of those is answered. There,
// auto-answers are right 97–99% of the time on each set with an
// out-of-scope part (see cmd/kbeval/RESULTS.md). The robot and the assist
// panel use it.
const DefaultAutoThreshold = 0.87
