package main

import (
	"fmt"
	"io"
	"math"
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

	P50MS   float64 `json:"p50_ms"`
	P99MS   float64 `json:"p99_ms"`
	BuildMS float64 `json:"build_ms"`

	Baseline baselineReport `json:"baseline"`
	// LLM is the same queries reranked by the configured LLM (-llm).
	LLM *llmReport `json:"llm,omitempty"`

	// ClippedQuestions counts the KB questions cut to the app's limit;
	// SplitEntries the entries with too many similar questions for one.
	ClippedQuestions int `json:"clipped_questions"`
	SplitEntries     int `json:"split_entries"`
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

func newReport(d *dataset, threshold float64, ours, theirs []outcome, took []time.Duration) *report {
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
	b := score(theirs, func(o outcome) bool { return len(o.labels) > 0 })
	r.Baseline = baselineReport{Top1: b.Top1, Top5: b.Top5, MRR: b.MRR, InScopeTop1: b.InScopeTop1, OOSAUROC: b.OOSAUROC}
	r.P50MS, r.P99MS = percentile(took, 0.50), percentile(took, 0.99)
	return r
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
	if r.Threshold95 != nil {
		fmt.Fprintf(w, "auto-answers are right ≥ 95%% of the time here from a threshold of %.3f (coverage %s)\n",
			*r.Threshold95, pct(r.Coverage95))
	} else {
		fmt.Fprintln(w, "no threshold makes auto-answers right ≥ 95% of the time here")
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
