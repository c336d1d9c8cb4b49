package search

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"replydesk/engine"
)

var _ engine.Retriever = (*Index)(nil)

type (
	bleveQuery = query.Query
	searchHit  = bsearch.DocumentMatch
)

const (
	// maxQueryRunes caps the text searched: a KB question is short, and a
	// pasted essay would otherwise become thousands of term queries.
	maxQueryRunes = 200
	// minFetch is the least number of question documents fetched per search;
	// a search fetches max(minFetch, 10*k) and groups them by entry.
	minFetch = 50
	// voteWeight and maxVotes define an entry's score: its best question's
	// score plus voteWeight times the scores of its next maxVotes questions,
	// so that an entry several of whose similar questions match (nearest
	// neighbours voting) edges out one with a single equally good match.
	voteWeight = 0.3
	maxVotes   = 2
)

// Common terms. In a large index, the terms found in more than
// commonFraction of the documents (a frequent character such as 发 or 的)
// are only scored on documents that match a rarer term of the query, as
// Lucene's common-terms query does: walking their long posting lists is most
// of the cost of a search and they hardly change the ranking. Indexes under
// commonMinDocs documents, and queries made only of common terms, are
// searched in full.
var (
	commonMinDocs  uint64 = 20000
	commonFraction        = 0.02
)

// fieldTerms is the analysed query for one text field.
type fieldTerms struct {
	field  string
	boost  float64
	terms  []string       // distinct, in order of appearance
	counts map[string]int // occurrences of each term
	length int            // number of tokens (the field length of the text)
	df     []uint64       // document frequency of each term
}

// stats are the index statistics a search needs.
type stats struct {
	docs     uint64 // documents in the index, all shops
	shopDocs uint64 // documents of the shop searched
}

// Search returns up to k entries of the shop that answer text, best first.
// An empty or blank text, a text with nothing searchable (emoji, punctuation)
// or k ≤ 0 gives no hits and no error; so does a shop without entries. Only
// the first 200 characters of text are searched. Score is the entry's Bleve
// score (best question plus a small bonus for other matching questions);
// Confidence maps it into [0, 1] (see confidence). It is safe to call
// concurrently with itself and with writes.
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
	shop := strconv.FormatInt(shopID, 10)
	fts := ix.analyze(text)
	st, err := ix.stats(ctx, fts, shop)
	if err != nil {
		return nil, fmt.Errorf("search: query: %w", err)
	}
	q := buildQuery(fts, shop, st)
	if q == nil {
		return nil, nil
	}
	req := bleve.NewSearchRequestOptions(q, max(minFetch, 10*k), 0, false)
	res, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: query: %w", err)
	}
	docs := res.Hits
	if st.shopDocs == st.docs {
		// Unfiltered: drop what another shop may have added since stats.
		if docs, err = ix.inShop(ctx, docs, shop); err != nil {
			return nil, fmt.Errorf("search: query: %w", err)
		}
	}
	hits := aggregate(docs, k)
	self := selfScore(fts, st)
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

// stats reads the document count, the shop's document count and the
// document frequency of every query term (into fts).
func (ix *Index) stats(ctx context.Context, fts []fieldTerms, shop string) (stats, error) {
	var st stats
	adv, err := ix.idx.Advanced()
	if err != nil {
		return st, err
	}
	r, err := adv.Reader()
	if err != nil {
		return st, err
	}
	defer r.Close()
	docFreq := func(field, term string) (uint64, error) {
		tfr, err := r.TermFieldReader(ctx, []byte(term), field, false, false, false)
		if err != nil {
			return 0, err
		}
		n := tfr.Count()
		return n, tfr.Close()
	}
	if st.docs, err = r.DocCount(); err != nil {
		return st, err
	}
	if st.shopDocs, err = docFreq(fieldShop, shop); err != nil {
		return st, err
	}
	for i := range fts {
		fts[i].df = make([]uint64, len(fts[i].terms))
		for j, t := range fts[i].terms {
			if fts[i].df[j], err = docFreq(fts[i].field, t); err != nil {
				return st, err
			}
		}
	}
	return st, nil
}

// buildQuery returns the query for the analysed text within a shop, or nil
// when the shop has no documents or the text no term. It is one disjunction
// of boosted term queries over the text fields (common terms aside, see
// commonFraction), restricted to the shop by a conjunction with an unscored
// shop term. When the index held only that shop's documents, the restriction
// (half the cost of a search) is left out and Search checks the hits instead.
func buildQuery(fts []fieldTerms, shop string, st stats) bleveQuery {
	if st.shopDocs == 0 {
		return nil
	}
	cutoff := commonCutoff(fts, st)
	var rare, common []bleveQuery
	for _, ft := range fts {
		if ft.boost == 0 {
			continue
		}
		for i, t := range ft.terms {
			tq := bleve.NewTermQuery(t)
			tq.SetField(ft.field)
			tq.SetBoost(ft.boost)
			if ft.df[i] > cutoff {
				common = append(common, tq)
			} else {
				rare = append(rare, tq)
			}
		}
	}
	var q bleveQuery
	switch {
	case len(rare) == 0 && len(common) == 0:
		return nil
	case len(common) == 0 || !anyMatch(fts, cutoff):
		q = bleve.NewDisjunctionQuery(append(rare, common...)...)
	default:
		bq := bleve.NewBooleanQuery()
		bq.AddMust(bleve.NewDisjunctionQuery(rare...))
		should := bleve.NewDisjunctionQuery(common...)
		should.SetMin(0)
		bq.Should = should
		q = bq
	}
	if st.shopDocs == st.docs {
		return q
	}
	sq := bleve.NewTermQuery(shop)
	sq.SetField(fieldShop)
	sq.SetBoost(0) // filters without scoring
	return bleve.NewConjunctionQuery(q, sq)
}

// inShop returns the documents of docs that belong to the shop, in order.
func (ix *Index) inShop(ctx context.Context, docs []*searchHit, shop string) ([]*searchHit, error) {
	if len(docs) == 0 {
		return docs, nil
	}
	ids := make([]string, len(docs))
	for i, d := range docs {
		ids[i] = d.ID
	}
	sq := bleve.NewTermQuery(shop)
	sq.SetField(fieldShop)
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(bleve.NewDocIDQuery(ids), sq), len(ids), 0, false)
	req.Score = "none"
	res, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, err
	}
	if len(res.Hits) == len(docs) {
		return docs, nil
	}
	keep := make(map[string]bool, len(res.Hits))
	for _, h := range res.Hits {
		keep[h.ID] = true
	}
	out := docs[:0:0]
	for _, d := range docs {
		if keep[d.ID] {
			out = append(out, d)
		}
	}
	return out, nil
}

// commonCutoff returns the document frequency above which a query term is
// common: commonFraction of the documents, or, when every term of the query
// that occurs is above that, the median frequency of those terms, so that
// the rarer half still selects the candidates. Small indexes have none.
func commonCutoff(fts []fieldTerms, st stats) uint64 {
	if st.docs < commonMinDocs {
		return math.MaxUint64
	}
	cutoff := uint64(commonFraction * float64(st.docs))
	var dfs []uint64
	for _, ft := range fts {
		for _, df := range ft.df {
			if df > 0 && ft.boost > 0 {
				if df <= cutoff {
					return cutoff
				}
				dfs = append(dfs, df)
			}
		}
	}
	if len(dfs) < 2 {
		return cutoff
	}
	slices.Sort(dfs)
	return dfs[(len(dfs)-1)/2]
}

// anyMatch reports whether a term under the cutoff occurs in the index.
func anyMatch(fts []fieldTerms, cutoff uint64) bool {
	for _, ft := range fts {
		for _, df := range ft.df {
			if df > 0 && df <= cutoff && ft.boost > 0 {
				return true
			}
		}
	}
	return false
}

// aggregate groups question hits by entry, scores each entry (see
// voteWeight) and returns the best k, best first.
func aggregate(docs []*searchHit, k int) []engine.Hit {
	type acc struct {
		best  float64
		votes []float64
	}
	byEntry := map[int64]*acc{}
	var order []int64
	for _, d := range docs { // best first
		entry, ok := entryOf(d.ID)
		if !ok {
			continue
		}
		a := byEntry[entry]
		if a == nil {
			byEntry[entry] = &acc{best: d.Score}
			order = append(order, entry)
			continue
		}
		if len(a.votes) < maxVotes {
			a.votes = append(a.votes, d.Score)
		}
	}
	if len(order) == 0 {
		return nil
	}
	hits := make([]engine.Hit, 0, len(order))
	for _, e := range order {
		a := byEntry[e]
		s := a.best
		for _, v := range a.votes {
			s += voteWeight * v
		}
		hits = append(hits, engine.Hit{EntryID: e, Score: s})
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].Score > hits[j].Score })
	if len(hits) > k {
		hits = hits[:k]
	}
	return hits
}

// entryOf parses the entry ID out of a document ID "<entryID>/<n>".
func entryOf(docID string) (int64, bool) {
	s, _, ok := strings.Cut(docID, "/")
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(s, 10, 64)
	return id, err == nil
}

// selfScore estimates the score the query would get against a question
// identical to it: Bleve's TF-IDF formula (a term scores boost·idf²·
// queryNorm·√tf/√fieldLength, with idf = 1+ln(docs/(df+1)) and queryNorm =
// 1/√Σ(boost·idf)²) applied to the analysed query itself.
func selfScore(fts []fieldTerms, st stats) float64 {
	var sumSq, raw float64
	for _, ft := range fts {
		if ft.length == 0 || ft.boost == 0 {
			continue
		}
		norm := 1 / math.Sqrt(float64(ft.length))
		for i, t := range ft.terms {
			idf := 1 + math.Log(float64(st.docs)/float64(ft.df[i]+1))
			sumSq += (ft.boost * idf) * (ft.boost * idf)
			raw += ft.boost * idf * idf * math.Sqrt(float64(ft.counts[t])) * norm
		}
	}
	if sumSq == 0 {
		return 0
	}
	return raw / math.Sqrt(sumSq)
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
