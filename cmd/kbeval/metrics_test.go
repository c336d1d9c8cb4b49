package main

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestAUROCCountsTiesAsHalf(t *testing.T) {
	tests := []struct {
		name     string
		pos, neg []float64
		want     float64
	}{
		{"separated", []float64{0.9, 0.8}, []float64{0.1, 0.2}, 1},
		{"reversed", []float64{0.1}, []float64{0.5, 0.6}, 0},
		{"all tied", []float64{0.5, 0.5}, []float64{0.5, 0.5, 0.5}, 0.5},
		// pairs: 0.9 beats both; each 0.5 ties 0.5 and beats 0.1: 5 of 6
		{"some tied", []float64{0.9, 0.5, 0.5}, []float64{0.5, 0.1}, 5.0 / 6},
		{"no hit on both sides", []float64{0, 0.7}, []float64{0, 0}, 0.75},
	}
	for _, tt := range tests {
		got := auroc(tt.pos, tt.neg)
		if got == nil || !near(*got, tt.want) {
			t.Errorf("%s: auroc = %v, want %v", tt.name, deref(got), tt.want)
		}
	}
	if got := auroc([]float64{0.4}, nil); got != nil {
		t.Errorf("auroc without negatives = %v, want nil", *got)
	}
	if got := auroc(nil, []float64{0.4}); got != nil {
		t.Errorf("auroc without positives = %v, want nil", *got)
	}
}

func TestAUROCMatchesCountingEveryPair(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 50 {
		pos := make([]float64, 1+r.IntN(30))
		neg := make([]float64, 1+r.IntN(30))
		for i := range pos {
			pos[i] = float64(r.IntN(8)) / 8 // coarse: many ties
		}
		for i := range neg {
			neg[i] = float64(r.IntN(8)) / 8
		}
		var wins float64
		for _, p := range pos {
			for _, n := range neg {
				switch {
				case p > n:
					wins++
				case p == n:
					wins += 0.5
				}
			}
		}
		want := wins / float64(len(pos)*len(neg))
		if got := auroc(pos, neg); got == nil || !near(*got, want) {
			t.Fatalf("auroc(%v, %v) = %v, want %v", pos, neg, deref(got), want)
		}
	}
}

func TestScoreCountsOutOfScopeRightBelowThresholdAndInScopeByFirstHitOnly(t *testing.T) {
	outs := []outcome{
		{expect: "A", labels: []string{"A", "B"}, conf: 0.9}, // right, answered
		{expect: "A", labels: []string{"B", "A"}, conf: 0.6}, // rank 2, answered wrongly
		{expect: "B", labels: []string{"C"}, conf: 0.2},      // missed, not answered
		{expect: "A", labels: []string{"A"}, conf: 0.1},      // right although below the threshold
		{labels: []string{"A"}, conf: 0.3},                   // out of scope, stays below: right
		{labels: []string{"A"}, conf: 0.7},                   // out of scope, answered: wrong
		{},                                                   // out of scope, nothing found: right
	}
	const threshold = 0.5
	m := score(outs, func(o outcome) bool { return len(o.labels) > 0 && o.conf >= threshold })
	checks := []struct {
		name string
		got  *float64
		want float64
	}{
		{"top1", m.Top1, 4.0 / 7},
		{"in_scope_top1", m.InScopeTop1, 2.0 / 4},
		{"top5", m.Top5, 3.0 / 4},
		{"mrr", m.MRR, (1 + 0.5 + 0 + 1) / 4},
		{"auto_precision", m.AutoPrecision, 1.0 / 3},
		{"auto_coverage", m.AutoCoverage, 2.0 / 4},
		// positives 0.9 0.6 0.2 0.1 against negatives 0.3 0.7 0:
		// 3 + 2 + 1 + 1 = 7 of 12 pairs
		{"oos_auroc", m.OOSAUROC, 7.0 / 12},
	}
	for _, c := range checks {
		if c.got == nil || !near(*c.got, c.want) {
			t.Errorf("%s = %v, want %v", c.name, deref(c.got), c.want)
		}
	}
	if m.OOSAnswered != 1 {
		t.Errorf("out-of-scope answered = %d, want 1", m.OOSAnswered)
	}
}

func TestScoreLeavesRatesWithNothingToCountNull(t *testing.T) {
	m := score([]outcome{{expect: "A", labels: []string{"A"}, conf: 0.2}}, func(o outcome) bool { return o.conf >= 0.5 })
	if m.OOSAUROC != nil || m.AutoPrecision != nil {
		t.Errorf("oos_auroc = %v, auto_precision = %v; want both nil (no out-of-scope query, nothing answered)", deref(m.OOSAUROC), deref(m.AutoPrecision))
	}
	if m.Top1 == nil || *m.Top1 != 1 {
		t.Errorf("top1 = %v, want 1", deref(m.Top1))
	}
}

func TestMRRCountsOnlyTheFirstFive(t *testing.T) {
	o := outcome{expect: "F", labels: []string{"A", "B", "C", "D", "E", "F"}}
	if r := o.rank(); r != 0 {
		t.Errorf("rank of the 6th label = %d, want 0", r)
	}
	o.expect = "E"
	if r := o.rank(); r != 5 {
		t.Errorf("rank of the 5th label = %d, want 5", r)
	}
	m := score([]outcome{o}, func(outcome) bool { return false })
	if !near(*m.MRR, 0.2) || !near(*m.Top5, 1) || !near(*m.Top1, 0) {
		t.Errorf("mrr %v, top5 %v, top1 %v; want 0.2, 1, 0", *m.MRR, *m.Top5, *m.Top1)
	}
}

func TestLowestThresholdReachesTheTargetPrecision(t *testing.T) {
	outs := []outcome{
		{expect: "A", labels: []string{"A"}, conf: 0.9},
		{expect: "A", labels: []string{"A"}, conf: 0.8},
		{labels: []string{"A"}, conf: 0.7}, // out of scope: 2 of 3 right from 0.7
		{expect: "B", labels: []string{"B"}, conf: 0.6},
		{expect: "B", labels: []string{"B"}, conf: 0.5},
		{expect: "B", labels: []string{"B"}, conf: 0.4}, // 5 of 6 right from 0.4
		{expect: "C", labels: []string{"A"}, conf: 0.3}, // 5 of 7 from 0.3
		{expect: "C"},
	}
	th, cov, ok := lowestThreshold(outs, 0.8)
	if !ok || th != 0.4 || !near(cov, 5.0/7) {
		t.Errorf("lowestThreshold(0.8) = %v, %v, %v; want 0.4, 5/7, true", th, cov, ok)
	}
	th, cov, ok = lowestThreshold(outs, 1)
	if !ok || th != 0.8 || !near(cov, 2.0/7) {
		t.Errorf("lowestThreshold(1) = %v, %v, %v; want 0.8, 2/7, true", th, cov, ok)
	}
	if _, _, ok := lowestThreshold(outs[2:3], 0.5); ok {
		t.Error("lowestThreshold found a threshold where every answer is wrong")
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestPercentileIsTheNearestRank(t *testing.T) {
	took := make([]time.Duration, 100)
	for i := range took {
		took[i] = time.Duration(100-i) * time.Millisecond // 100 ms … 1 ms, unsorted
	}
	if got := percentile(took, 0.50); got != 50 {
		t.Errorf("p50 = %v ms, want 50", got)
	}
	if got := percentile(took, 0.99); got != 99 {
		t.Errorf("p99 = %v ms, want 99", got)
	}
	if got := percentile(nil, 0.99); got != 0 {
		t.Errorf("p99 of nothing = %v, want 0", got)
	}
}
