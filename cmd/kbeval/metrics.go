package main

import (
	"slices"
	"sort"
)

// k is how many entries each query asks for; top5 and mrr look this deep.
const k = 5

// outcome is what a retriever answered to one query.
type outcome struct {
	expect string   // the label that should come first; "" when out of scope
	labels []string // the labels of the hits, best first, each once
	conf   float64  // the first hit's confidence; 0 when nothing was found
	ids    []int64  // the entries found, best first (ours only)
	text   string   // the query (ours only)
}

func (o outcome) inScope() bool { return o.expect != "" }

// rank is the position (from 1) of the expected label among the first k
// labels, or 0 when it is not there.
func (o outcome) rank() int {
	for i, l := range o.labels[:min(k, len(o.labels))] {
		if l == o.expect {
			return i + 1
		}
	}
	return 0
}

// right reports whether an in-scope query's first hit is the expected entry.
func (o outcome) right() bool { return o.inScope() && o.rank() == 1 }

// metrics are the figures of one retriever on one query set. A rate whose
// denominator is empty is nil (printed as null).
type metrics struct {
	// Top1 is over all queries: an in-scope query is right when its first
	// hit is the expected entry; an out-of-scope one when it is not answered.
	Top1 *float64
	// Top5, MRR and InScopeTop1 are over in-scope queries.
	Top5, MRR, InScopeTop1 *float64
	// OOSAUROC is the AUROC of the first hit's confidence separating
	// in-scope (positive) from out-of-scope (negative) queries.
	OOSAUROC *float64
	// AutoPrecision is the share of answered queries answered right;
	// AutoCoverage the share of in-scope queries that are answered.
	AutoPrecision, AutoCoverage *float64
	// OOSAnswered counts the out-of-scope queries that are answered.
	OOSAnswered int
}

// score computes the metrics of outcomes; answered says whether a query's
// first hit would be sent automatically (for the app: it reaches the
// threshold).
func score(outs []outcome, answered func(outcome) bool) metrics {
	var m metrics
	var top1, inScope, top5, top1In, auto, autoRight, autoIn int
	var rr float64
	var pos, neg []float64
	for _, o := range outs {
		ans := answered(o)
		if ans {
			auto++
		}
		if !o.inScope() {
			neg = append(neg, o.conf)
			if ans {
				m.OOSAnswered++
			} else {
				top1++
			}
			continue
		}
		pos = append(pos, o.conf)
		inScope++
		if r := o.rank(); r > 0 {
			top5++
			rr += 1 / float64(r)
			if r == 1 {
				top1++
				top1In++
				if ans {
					autoRight++
				}
			}
		}
		if ans {
			autoIn++
		}
	}
	m.Top1 = ratio(float64(top1), len(outs))
	m.Top5 = ratio(float64(top5), inScope)
	m.MRR = ratio(rr, inScope)
	m.InScopeTop1 = ratio(float64(top1In), inScope)
	m.OOSAUROC = auroc(pos, neg)
	m.AutoPrecision = ratio(float64(autoRight), auto)
	m.AutoCoverage = ratio(float64(autoIn), inScope)
	return m
}

func ratio(n float64, d int) *float64 {
	if d == 0 {
		return nil
	}
	r := n / float64(d)
	return &r
}

// auroc is the area under the ROC curve of scores separating pos from neg:
// the chance that a random positive scores above a random negative, a tie
// counting half (the Mann–Whitney U statistic over |pos|·|neg|). It is nil
// when either side is empty.
func auroc(pos, neg []float64) *float64 {
	if len(pos) == 0 || len(neg) == 0 {
		return nil
	}
	type scored struct {
		v   float64
		pos bool
	}
	all := make([]scored, 0, len(pos)+len(neg))
	for _, v := range pos {
		all = append(all, scored{v, true})
	}
	for _, v := range neg {
		all = append(all, scored{v, false})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].v < all[j].v })
	// sum of the positives' ranks (from 1), tied values sharing their mean rank
	var rankSum float64
	for i := 0; i < len(all); {
		j := i
		for j < len(all) && all[j].v == all[i].v {
			j++
		}
		mean := float64(i+1+j) / 2 // mean of ranks i+1 … j
		for _, s := range all[i:j] {
			if s.pos {
				rankSum += mean
			}
		}
		i = j
	}
	np, nn := float64(len(pos)), float64(len(neg))
	a := (rankSum - np*(np+1)/2) / (np * nn)
	return &a
}

// lowestThreshold returns the lowest confidence threshold at which answered
// queries (those with a hit whose confidence reaches it) are right at
// least a share target of the time, and the in-scope coverage there. ok is
// false when no threshold reaches target.
func lowestThreshold(outs []outcome, target float64) (threshold, coverage float64, ok bool) {
	var hits []outcome
	inScope := 0
	for _, o := range outs {
		if o.inScope() {
			inScope++
		}
		if len(o.labels) > 0 {
			hits = append(hits, o)
		}
	}
	slices.SortFunc(hits, func(a, b outcome) int {
		switch {
		case a.conf > b.conf:
			return -1
		case a.conf < b.conf:
			return 1
		}
		return 0
	})
	answered, right, covered := 0, 0, 0
	for i := 0; i < len(hits); {
		j := i
		for j < len(hits) && hits[j].conf == hits[i].conf {
			o := hits[j]
			answered++
			if o.right() {
				right++
			}
			if o.inScope() {
				covered++
			}
			j++
		}
		if float64(right) >= target*float64(answered) {
			threshold, ok = hits[i].conf, true
			if inScope > 0 {
				coverage = float64(covered) / float64(inScope)
			}
		}
		i = j
	}
	return threshold, coverage, ok
}
