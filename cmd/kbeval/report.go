package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"
	"time"
)

// report is what kbeval prints; its JSON form is the -json output. Rates
// are fractions in [0, 1]; a rate with nothing to count is null.
type report struct {
	Data       string `json:"data"`
	Entries    int    `json:"entries"`
	Questions  int    `json:"questions"`
	Queries    int    `json:"queries"`
	InScope    int    `json:"in_scope"`
	OutOfScope int    `json:"out_of_scope"`

	Top1        *float64 `json:"top1"`
	Top5        *float64 `json:"top5"`
	MRR         *float64 `json:"mrr"`
	InScopeTop1 *float64 `json:"in_scope_top1"`
	OOSAUROC    *float64 `json:"oos_auroc"`

	Threshold     float64  `json:"threshold"`
	AutoPrecision *float64 `json:"auto_precision"`
	AutoCoverage  *float64 `json:"auto_coverage"`
	// OOSAutoAnswered counts the out-of-scope queries that reach the threshold.
	OOSAutoAnswered int `json:"oos_auto_answered"`
	// Threshold95 is the lowest threshold whose auto-answers are right at
	// least 95% of the time on these queries, Coverage95 the coverage there;
	// both null when none is.
	Threshold95 *float64 `json:"threshold_95"`
	Coverage95  *float64 `json:"coverage_95"`
	// PrecisionTarget is -precision; ThresholdAtTarget the lowest threshold
	// whose auto-answers are right at least that share of the time here,
	// CoverageAtTarget the coverage there (both null when none is).
	PrecisionTarget   float64  `json:"precision_target"`
	ThresholdAtTarget *float64 `json:"threshold_at_target"`
	CoverageAtTarget  *float64 `json:"coverage_at_target"`
	// Curve is the precision and coverage of auto-answers at thresholds
	// from 0 to 1 in steps of 0.05, measured on these queries.
	Curve []curvePoint `json:"curve"`
	// Shop is the shop's own calibration (search.Index.Calibration, from
	// its KB alone) and what its threshold for 95% gives on these queries.
	Shop shopCalibration `json:"shop_calibration"`

	P50MS   float64 `json:"p50_ms"`
	P99MS   float64 `json:"p99_ms"`
	BuildMS float64 `json:"build_ms"`

	Baseline baselineReport `json:"baseline"`
	// Misses are the wrong first hits with the highest confidence (-misses).
	Misses []miss `json:"misses,omitempty"`
	// LLM is the same queries reranked by the configured LLM (-llm).
	LLM *llmReport `json:"llm,omitempty"`

	// ClippedQuestions counts the KB questions cut to the app's limit;
	// SplitEntries the entries with too many similar questions for one.
	ClippedQuestions int `json:"clipped_questions"`
	SplitEntries     int `json:"split_entries"`
}

// curvePoint is the precision and coverage of auto-answers at a threshold,
// and the out-of-scope queries answered there.
type curvePoint struct {
	Threshold   float64  `json:"threshold"`
	Precision   *float64 `json:"precision"`
	Coverage    *float64 `json:"coverage"`
	OOSAnswered int      `json:"oos_answered"`
}

// shopCalibration compares the shop's calibration, estimated from its KB,
// with what happens on the queries.
type shopCalibration struct {
	// Threshold95 and Coverage95 are the calibration's threshold for 95%
	// precision and its expected coverage there; Reached95 whether any
	// threshold was expected to reach 95%.
	Threshold95 float64 `json:"threshold_95"`
	Coverage95  float64 `json:"coverage_95"`
	Reached95   bool    `json:"reached_95"`
	Samples     int     `json:"samples"`
	// Precision and Coverage are measured on the queries at Threshold95.
	Precision *float64 `json:"precision"`
	Coverage  *float64 `json:"coverage"`
	TrainMS   float64  `json:"train_ms"`
}

type baselineReport struct {
	Top1        *float64 `json:"top1"`
	Top5        *float64 `json:"top5"`
	MRR         *float64 `json:"mrr"`
	InScopeTop1 *float64 `json:"in_scope_top1"`
	OOSAUROC    *float64 `json:"oos_auroc"`
	BuildMS     float64  `json:"build_ms"`
}

// precisionTarget is the share of right auto-answers Threshold95 aims at.
const precisionTarget = 0.95

func newReport(d *dataset, threshold, target float64, ours, theirs []outcome, took []time.Duration) *report {
	r := &report{
		Data:             d.name,
		Entries:          len(d.entries),
		Questions:        d.questions(),
		Queries:          len(d.queries),
		Threshold:        threshold,
		ClippedQuestions: d.clipped,
		SplitEntries:     d.split,
	}
	for _, q := range d.queries {
		if q.expect == "" {
			r.OutOfScope++
		} else {
			r.InScope++
		}
	}
	m := score(ours, func(o outcome) bool { return len(o.labels) > 0 && o.conf >= threshold })
	r.Top1, r.Top5, r.MRR, r.InScopeTop1, r.OOSAUROC = m.Top1, m.Top5, m.MRR, m.InScopeTop1, m.OOSAUROC
	r.AutoPrecision, r.AutoCoverage, r.OOSAutoAnswered = m.AutoPrecision, m.AutoCoverage, m.OOSAnswered
	if t, c, ok := lowestThreshold(ours, precisionTarget); ok {
		r.Threshold95, r.Coverage95 = &t, &c
	}
	r.PrecisionTarget = target
	if t, c, ok := lowestThreshold(ours, target); ok {
		r.ThresholdAtTarget, r.CoverageAtTarget = &t, &c
	}
	for step := 0; step <= 20; step++ {
		t := float64(step) / 20
		m := score(ours, answeredAt(t))
		r.Curve = append(r.Curve, curvePoint{Threshold: t, Precision: m.AutoPrecision, Coverage: m.AutoCoverage, OOSAnswered: m.OOSAnswered})
	}
	b := score(theirs, func(o outcome) bool { return len(o.labels) > 0 })
	r.Baseline = baselineReport{Top1: b.Top1, Top5: b.Top5, MRR: b.MRR, InScopeTop1: b.InScopeTop1, OOSAUROC: b.OOSAUROC}
	r.P50MS, r.P99MS = percentile(took, 0.50), percentile(took, 0.99)
	return r
}

// miss is a query whose first hit is wrong.
type miss struct {
	Text       string  `json:"text"`
	Expect     string  `json:"expect"` // "" for out of scope
	Got        string  `json:"got"`
	Confidence float64 `json:"confidence"`
}

// worstMisses returns the n wrong first hits with the highest confidence.
func worstMisses(outs []outcome, n int) []miss {
	var ms []miss
	for _, o := range outs {
		if len(o.labels) > 0 && !o.right() {
			ms = append(ms, miss{Text: o.text, Expect: o.expect, Got: o.labels[0], Confidence: o.conf})
		}
	}
	slices.SortStableFunc(ms, func(a, b miss) int {
		switch {
		case a.Confidence > b.Confidence:
			return -1
		case a.Confidence < b.Confidence:
			return 1
		}
		return 0
	})
	return ms[:min(n, len(ms))]
}

// dumpOutcomes writes one JSON line per query: its text, the expected label
// ("" out of scope), the first hit's label ("" for none) and confidence.
func dumpOutcomes(name string, outs []outcome) error {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	for _, o := range outs {
		got := ""
		if len(o.labels) > 0 {
			got = o.labels[0]
		}
		if err := enc.Encode(map[string]any{"text": o.text, "expect": o.expect, "got": got, "confidence": o.conf}); err != nil {
			return err
		}
	}
	return os.WriteFile(name, []byte(b.String()), 0o644)
}

// answeredAt says whether a query's first hit is sent automatically at
// threshold t.
func answeredAt(t float64) func(outcome) bool {
	return func(o outcome) bool { return len(o.labels) > 0 && o.conf >= t }
}

// percentile returns the p-th percentile of took in milliseconds (nearest
// rank); 0 for none.
func percentile(took []time.Duration, p float64) float64 {
	if len(took) == 0 {
		return 0
	}
	s := slices.Clone(took)
	slices.Sort(s)
	i := int(math.Ceil(p*float64(len(s)))) - 1
	return ms(s[min(max(i, 0), len(s)-1)])
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// print writes the report as a table, the app's figures beside the baseline's.
func (r *report) print(out io.Writer) error {
	w := &strings.Builder{}
	fmt.Fprintf(w, "%s: %d entries (%d questions), %d queries (%d in scope, %d out of scope)\n",
		r.Data, r.Entries, r.Questions, r.Queries, r.InScope, r.OutOfScope)
	fmt.Fprintf(w, "built through the app's store and index in %.2f s; the BM25 baseline in %.2f s\n",
		r.BuildMS/1000, r.Baseline.BuildMS/1000)
	if r.ClippedQuestions > 0 || r.SplitEntries > 0 {
		fmt.Fprintf(w, "to fit the app's limits, %d questions were cut to 200 characters and %d entries split\n",
			r.ClippedQuestions, r.SplitEntries)
	}
	fmt.Fprintln(w)
	row := func(name, ours, base string) { fmt.Fprintf(w, "%-18s %10s %10s\n", name, ours, base) }
	row("", "ReplyDesk", "BM25")
	row("top1", pct(r.Top1), pct(r.Baseline.Top1))
	row("top5", pct(r.Top5), pct(r.Baseline.Top5))
	row("mrr", num(r.MRR), num(r.Baseline.MRR))
	row("in_scope_top1", pct(r.InScopeTop1), pct(r.Baseline.InScopeTop1))
	row("oos_auroc", num(r.OOSAUROC), num(r.Baseline.OOSAUROC))
	row("threshold", fmt.Sprintf("%.2f", r.Threshold), "")
	row("auto_precision", pct(r.AutoPrecision), "")
	row("auto_coverage", pct(r.AutoCoverage), "")
	row("oos_auto_answered", fmt.Sprint(r.OOSAutoAnswered), "")
	row("p50_ms", fmt.Sprintf("%.3f", r.P50MS), "")
	row("p99_ms", fmt.Sprintf("%.3f", r.P99MS), "")
	fmt.Fprintln(w)
	fmt.Fprintf(w, "%-10s %10s %10s %10s\n", "threshold", "precision", "coverage", "oos_auto")
	for _, p := range r.Curve {
		fmt.Fprintf(w, "%-10.2f %10s %10s %10d\n", p.Threshold, pct(p.Precision), pct(p.Coverage), p.OOSAnswered)
	}
	fmt.Fprintln(w)
	if r.ThresholdAtTarget != nil {
		fmt.Fprintf(w, "auto-answers are right ≥ %.1f%% of the time here from a threshold of %.3f (coverage %s)\n",
			100*r.PrecisionTarget, *r.ThresholdAtTarget, pct(r.CoverageAtTarget))
	} else {
		fmt.Fprintf(w, "no threshold makes auto-answers right ≥ %.1f%% of the time here\n", 100*r.PrecisionTarget)
	}
	sc := r.Shop
	fmt.Fprintf(w, "the shop's own calibration (%d held-out KB questions, %.2f s) expects 95%% precision from %.3f with coverage %.1f%%;\n",
		sc.Samples, sc.TrainMS/1000, sc.Threshold95, 100*sc.Coverage95)
	fmt.Fprintf(w, "on these queries that threshold gives precision %s, coverage %s\n", pct(sc.Precision), pct(sc.Coverage))
	if len(r.Misses) > 0 {
		fmt.Fprintln(w, "\nwrong first hits with the highest confidence:")
		for _, m := range r.Misses {
			expect := m.Expect
			if expect == "" {
				expect = "(out of scope)"
			}
			fmt.Fprintf(w, "  %.3f  %-28s %-28s %s\n", m.Confidence, m.Got, expect, m.Text)
		}
	}
	if r.LLM != nil {
		fmt.Fprintln(w, r.LLM)
	}
	if r.OutOfScope > 0 {
		fmt.Fprintln(w, "top1 counts an out-of-scope query right when its first confidence stays below the threshold;")
		fmt.Fprintln(w, "the baseline has no threshold: only when it finds nothing.")
	}
	_, err := io.WriteString(out, w.String())
	return err
}

func pct(v *float64) string {
	if v == nil {
		return "—"
	}
	return fmt.Sprintf("%.1f%%", 100**v)
}

func num(v *float64) string {
	if v == nil {
		return "—"
	}
	return fmt.Sprintf("%.3f", *v)
}
