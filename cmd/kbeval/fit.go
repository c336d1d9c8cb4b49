package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"replydesk/search"
)

// The -fit mode fits the search package's confidence model (see
// search.ConfidenceFeatures and confidenceModel in search/query.go) on the
// development sets and prints it as Go, with the auto-answer threshold that
// makes the first hits right ≥ 95% of the time on them.

// fitSets are the development sets -fit uses: the folders of the shared
// data directory (-data, by default shared/data in or above the working
// folder) and the preset KB in both locales.
var fitSets = []string{"banking77-5shot", "banking77-10shot", "banking77-full", "clinc150", "banking77-oos", "preset:zh-CN", "preset:en"}

// fitOOSShare is the weight of the out-of-scope queries in a set that has
// some. They are 3% to 15% of the development sets' queries, far fewer
// than the chit-chat and off-topic messages a shop receives; weighing them
// more makes the model distrust the matches of such messages.
const fitOOSShare = 0.3

// zhSet is the set on which no out-of-scope message may be auto-answered.
const zhSet = "preset:zh-CN"

// fitL2 is the ridge penalty of the fit, per unit of total sample weight.
const fitL2 = 1e-3

// sample is one query's first hit: its confidence features, whether it is
// the right answer, and the weight of the query in the fit.
type sample struct {
	set string
	x   []float64
	y   bool
	in  bool // the query is in scope
	w   float64
	// conf is the confidence the app gave (the shop's own model)
	conf float64
}

// fitConfidence runs the development sets, fits the model and prints it.
func fitConfidence(ctx context.Context, o options, out io.Writer) error {
	dataDir := o.data
	if dataDir == "" {
		var err error
		if dataDir, err = findUp(filepath.Join("shared", "data")); err != nil {
			return err
		}
	}
	var samples []sample
	inScope := map[string]int{}
	for _, name := range fitSets {
		var d *dataset
		var err error
		if locale, ok := strings.CutPrefix(name, "preset:"); ok {
			d, err = readPreset(locale, "")
		} else {
			d, err = readDataset(filepath.Join(dataDir, name), "")
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		ss, err := featureSamples(ctx, name, d)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		for _, q := range d.queries {
			if q.expect != "" {
				inScope[name]++
			}
		}
		// each set weighs the same, whatever its number of queries; in a
		// set with out-of-scope queries, they weigh fitOOSShare of it
		nIn, nOut := float64(inScope[name]), float64(len(d.queries)-inScope[name])
		for i := range ss {
			switch {
			case nOut == 0:
				ss[i].w = 1 / nIn
			case ss[i].in:
				ss[i].w = (1 - fitOOSShare) / nIn
			default:
				ss[i].w = fitOOSShare / nOut
			}
		}
		samples = append(samples, ss...)
	}
	xs, ys, ws := make([][]float64, len(samples)), make([]bool, len(samples)), make([]float64, len(samples))
	for i, smp := range samples {
		xs[i], ys[i], ws[i] = smp.x, smp.y, smp.w
	}
	bias, weights := search.FitLogistic(xs, ys, ws, fitL2, 50)

	fmt.Fprintf(out, "confidence model fitted on %d first hits of %d development sets\n\n", len(samples), len(fitSets))
	fmt.Fprintln(out, "var priorModel = model{")
	fmt.Fprintf(out, "\tbias: %.4f,\n\t// %s\n\tweights: []float64{", bias, strings.Join(search.ConfidenceFeatures, ", "))
	for i, w := range weights {
		if i > 0 {
			fmt.Fprint(out, ", ")
		}
		fmt.Fprintf(out, "%.4f", w)
	}
	fmt.Fprint(out, "},\n}\n\n")

	// the threshold: right ≥ 95% of the time over all sets, each weighing
	// the same, with the confidence the app gives (the shops' own models)
	conf := func(s sample) float64 { return s.conf }
	t95, cov := weightedThreshold(samples, conf, precisionTarget)
	fmt.Fprintf(out, "all sets (each weighing the same): auto-answers right ≥ 95%% from a threshold of %.3f (coverage %.1f%%)\n", t95, 100*cov)
	// The Chinese target also wants no out-of-scope message answered: the
	// threshold is raised above the highest such confidence if need be.
	var zhOOS float64
	for _, s := range samples {
		if s.set == zhSet && !s.in {
			zhOOS = max(zhOOS, conf(s))
		}
	}
	t := max(t95, zhOOS)
	t = math.Ceil(t*100+1e-9) / 100
	fmt.Fprintf(out, "highest confidence of an out-of-scope message of %s: %.3f\n", zhSet, zhOOS)
	fmt.Fprintf(out, "suggested DefaultAutoThreshold = %.2f (figures below at that threshold, with the shops' own models)\n\n", t)
	fmt.Fprintf(out, "%-17s %8s %8s %8s %8s %8s %8s %8s %8s %8s\n", "set", "t95", "cov95", "prec@t", "cov@t", "oos@t", "brier", "max_oos", "cov>oos", "auroc")
	for _, name := range fitSets {
		var ss []sample
		for _, s := range samples {
			if s.set == name {
				s.w = 1
				ss = append(ss, s)
			}
		}
		t95, c95 := weightedThreshold(ss, conf, precisionTarget)
		var ans, right, covered, oos int
		var brier, maxOOS float64
		for _, s := range ss {
			if !s.in {
				maxOOS = max(maxOOS, conf(s))
			}
		}
		above := 0
		for _, s := range ss {
			if s.in && conf(s) > maxOOS {
				above++
			}
		}
		for _, s := range ss {
			p := conf(s)
			y := 0.0
			if s.y {
				y = 1
			}
			brier += (p - y) * (p - y)
			if p >= t {
				ans++
				if s.y {
					right++
				}
				if s.in {
					covered++
				} else {
					oos++
				}
			}
		}
		var pos, neg []float64
		for _, s := range ss {
			if s.in {
				pos = append(pos, conf(s))
			} else {
				neg = append(neg, conf(s))
			}
		}
		a := 0.0
		if r := auroc(pos, neg); r != nil {
			a = *r
		}
		fmt.Fprintf(out, "%-17s %8.3f %7.1f%% %7.1f%% %7.1f%% %8d %8.4f %8.3f %7.1f%% %8.3f\n", name, t95, 100*c95,
			100*float64(right)/float64(max(ans, 1)), 100*float64(covered)/float64(max(inScope[name], 1)), oos, brier/float64(max(len(ss), 1)),
			maxOOS, 100*float64(above)/float64(max(inScope[name], 1)), a)
	}
	return nil
}

// featureSamples builds the app's KB of d and returns the first hit of each
// query that has one.
func featureSamples(ctx context.Context, name string, d *dataset) ([]sample, error) {
	tmp, err := os.MkdirTemp("", "kbeval-fit-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	app, err := openAppKB(ctx, filepath.Join(tmp, "app"), d)
	if err != nil {
		return nil, fmt.Errorf("build the KB: %w", err)
	}
	defer app.Close()
	var out []sample
	for _, q := range d.queries {
		hits, feats, err := app.idx.SearchFeatures(ctx, app.shop, q.text, k)
		if err != nil {
			return nil, err
		}
		if len(hits) == 0 {
			continue
		}
		right := q.expect != "" && app.labels[hits[0].EntryID] == q.expect
		out = append(out, sample{set: name, x: feats[0], y: right, in: q.expect != "", conf: hits[0].Confidence})
	}
	return out, nil
}

// weightedThreshold is lowestThreshold over weighted samples: the lowest
// confidence from which the weighted share of right first hits is at least
// target, and the weighted share of in-scope samples covered there.
func weightedThreshold(samples []sample, conf func(sample) float64, target float64) (threshold, coverage float64) {
	type cs struct {
		c float64
		s sample
	}
	all := make([]cs, len(samples))
	var inScope float64
	for i, s := range samples {
		all[i] = cs{conf(s), s}
		if s.in {
			inScope += s.w
		}
	}
	slices.SortFunc(all, func(a, b cs) int {
		switch {
		case a.c > b.c:
			return -1
		case a.c < b.c:
			return 1
		}
		return 0
	})
	threshold = 1
	var answered, right, covered float64
	for i := 0; i < len(all); {
		j := i
		for ; j < len(all) && all[j].c == all[i].c; j++ {
			answered += all[j].s.w
			if all[j].s.y {
				right += all[j].s.w
			}
			if all[j].s.in {
				covered += all[j].s.w
			}
		}
		if right >= target*answered {
			threshold = all[i].c
			if inScope > 0 {
				coverage = covered / inScope
			}
		}
		i = j
	}
	return threshold, coverage
}
