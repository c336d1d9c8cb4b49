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
//     query's most telling word is not matched);
//   - neighbours: match over the entry's typical match, how well its
//     questions match each other (see shard.typicalMatch), at most 2; 1
//     until the shop's model is trained.
//   - entry_vocab: the share of the scored query terms' idf mass that some
//     question of the entry has (a message about something else than the
//     entry brings words none of its questions uses);
//   - entry_unknown: the highest idf of a scored query term that none of
//     the entry's questions has, over the highest idf of any query term;
//   - nb_lift: the naive Bayes log-likelihood ratio of the query's terms
//     under the entry's word counts against the whole KB's, per query
//     term, in [−5, 5]: high when the query uses the entry's own words,
//     about 0 when its words are as common everywhere.
var ConfidenceFeatures = []string{"match", "gap", "nb_margin", "vote_share", "coverage", "short", "known", "rarest_missed", "match_x_gap", "coverage_x_known", "gap_x_known", "gap_x_coverage", "word_coverage", "question_coverage", "neighbours", "entry_vocab", "entry_unknown", "nb_lift"}

// Positions of features in ConfidenceFeatures that Basis reports.
const (
	featMatch      = 0
	featGap        = 1
	featVotes      = 3
	featCoverage   = 4
	featKnown      = 6
	featNeighbours = 14
)

// features computes the confidence features (ConfidenceFeatures) of
// candidate i, against the best of the other candidates.
func (s *shard) features(q *queryStats, cands []candidate, i int, sm *shopModel) []float64 {
	c := cands[i]
	other := -1
	for j := range cands {
		if j != i {
			other = j
			break
		}
	}
	qlen := 0.0
	for _, n := range q.qlen {
		qlen += n
	}
	qlen = max(qlen, 1)
	gap, margin := c.score, 3.0
	if other >= 0 {
		o := cands[other]
		gap = c.score - o.score
		margin = (c.nb - o.nb) / qlen
	}
	window := min(voteWindow, len(q.top))
	cov, missed, wcov := s.coverage(q, c.doc)
	match := min(c.best/q.self, 1.5)
	known := q.known / q.idfMass
	neighbours := 1.0
	if t := sm.typical(c.entry); t > 0 {
		neighbours = min(match/t, 2)
	}
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
		neighbours,
		c.vocab / max(q.scoredMass, 1e-9),
		c.unknown / max(q.maxIDF, 1e-9),
		min(max((c.nb+q.lift)/qlen, -5), 5),
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

// model is a logistic model of the probability that a hit is the right
// answer: σ(bias + Σ weights·features), the features in the order of
// ConfidenceFeatures.
type model struct {
	bias    float64
	weights []float64
}

// prob is the model's probability for the features x.
func (m *model) prob(x []float64) float64 {
	z := m.bias
	for i, w := range m.weights {
		z += w * x[i]
	}
	return 1 / (1 + math.Exp(-z))
}

// priorModel is the model shared by every shop: the confidence of a shop
// whose own model is not trained yet (its KB changed a moment ago), and the
// prior each shop's model is trained towards (see train.go).
//
// Fitted offline, and reproduced, by "go run ./cmd/kbeval -fit" (see
// cmd/kbeval/fit.go; it prints this block): a logistic regression, by
// Newton's method with a small ridge penalty, of "the first hit is the
// expected entry" (an out-of-scope query's first hit is never right) on
// the first hit's features, over the queries of the development sets
// (shared/data) and of the preset KB's zh-CN and en query sets
// (testdata/eval). Each set weighs the same; within the sets with
// out-of-scope queries, those weigh 30%. Refit whenever the ranking or the
// features change.
var priorModel = model{
	bias: -4.2764,
	// match, gap, nb_margin, vote_share, coverage, short, known, rarest_missed, match_x_gap, coverage_x_known, gap_x_known, gap_x_coverage, word_coverage, question_coverage, neighbours, entry_vocab, entry_unknown, nb_lift
	weights: []float64{0.6883, 1.5108, 0.4336, 0.8415, -0.2713, -1.0086, 1.0628, 0.2597, 0.3005, -0.6149, 1.2091, -0.1807, -0.7415, 0.8132, 1.1229, 1.3196, 0.3222, -0.0685},
}

// DefaultAutoThreshold is the confidence from which a hit is right often
// enough to be sent without a person, for a shop that chose none. Chosen by
// kbeval -fit on the development sets with the shops' own models: over all
// of them (each weighing the same) first hits from 0.63 on were right 95%
// of the time, and the threshold is raised to the next hundredth above the
// highest confidence of a Chinese out-of-scope message of the preset KB's
// query set (0.756), so that none of those is answered. A shop's own
// estimate is Index.Calibration's Threshold95. The robot and the assist
// panel use it.
const DefaultAutoThreshold = 0.76

// SuggestFloor is the confidence below which a hit is not offered as a
// one-click answer (the assist panel may still list it as a lead). On the
// development sets with the shops' own models, first hits under 0.15 were
// right 20% of the time (142 of 727, banking77-5shot aside; none of the 14
// of the Chinese preset set), and a nonsense line's chance matches stay
// under it.
const SuggestFloor = 0.15
