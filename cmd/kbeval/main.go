// Command kbeval measures how well the app answers buyers from a knowledge
// base (SPEC §4 Quality), beside a plain BM25 baseline, in one run:
//
//	kbeval -data DIR [-queries FILE] [-json] [-threshold T] [-precision P]
//	kbeval -kb preset [-locale zh-CN|en] [-queries FILE] [-json] [-threshold T]
//
// It builds the KB in a temporary store and search index through the app's
// own code (engine.KB's import, the search package's analysis, retrieval
// and scoring), asks every query, and prints top-1 and top-5 accuracy, MRR,
// out-of-scope separation, auto-answer precision and coverage at the
// threshold, and search latency. See usage for the data formats and what
// each figure means.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"time"

	"replydesk/preset"
	"replydesk/search"
)

const usage = `kbeval measures how well the app answers buyers from a knowledge base,
beside plain BM25 (SQLite FTS5) over the same KB, in one run.

Usage:
  kbeval -data DIR [-queries FILE] [-json] [-threshold T] [-precision P]
      Evaluate the KB of DIR/kb.jsonl (one entry a line: {"id", "question",
      "similar": [...], "answer"}) against DIR/queries.jsonl (one buyer
      message a line: {"text", "expect"}, expect an id or null for a message
      no entry should answer).

  kbeval -kb preset [-locale zh-CN|en] [-queries FILE] [-json] [-threshold T]
      Evaluate the preset KB of a locale (default zh-CN) against a queries
      file whose expect values are intent keys; by default
      testdata/eval/<locale>/queries.jsonl of the repository.

The KB is built in a temporary folder through the app's own store, import
and search index, and removed afterwards. Questions longer than the app
allows (200 characters) are cut; an entry with more than 300 similar
questions is split into several.

Figures (k = 5 entries asked per query):
  top1            all queries: an in-scope query is right when its first hit is
                  the expected entry, an out-of-scope one when its first hit's
                  confidence stays below the threshold (the baseline has no
                  threshold: when it finds nothing)
  top5, mrr       in-scope queries: expected entry among the first 5; mean of
                  1/rank (0 when not among the first 5)
  in_scope_top1   in-scope queries whose first hit is the expected entry
  oos_auroc       how well the first hit's confidence (0 for no hit) separates
                  in-scope from out-of-scope queries; null when there are none
  auto_precision  of the queries whose first confidence reaches the threshold,
                  the share answered right
  auto_coverage   of the in-scope queries, the share that reach the threshold
  threshold_95    the lowest threshold whose auto-answers are right ≥ 95%
                  of the time on these queries, and the coverage there
                  (threshold_at_target: the same for -precision)
  curve           precision, coverage and out-of-scope queries answered at
                  thresholds 0, 0.05, … 1
  shop_calibration the shop's own estimate (search.Index.Calibration, from
                  its KB alone) of the threshold for 95% precision, and the
                  precision and coverage it gives on these queries
  p50_ms, p99_ms  time of one search of the app's index, after a warm-up

kbeval -fit [-data SHARED_DATA_DIR] fits the search package's confidence model
on the development sets (the banking77 and clinc150 folders and the preset
KB's query sets) and prints it as Go, with the threshold to use.

Flags:
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// errUsage marks an error in how kbeval was called (exit status 2).
var errUsage = errors.New("usage")

type options struct {
	data, kb, locale, queries string
	json, noBaseline, fit     bool
	llm                       bool
	threshold, precision      float64
	misses                    int
	dump                      string
}

// run runs kbeval with args and returns its exit status: 0 done, 1 failed
// (a missing or malformed file, a KB the app refuses), 2 usage.
func run(args []string, stdout, stderr io.Writer) int {
	opts, err := parseArgs(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "kbeval:", err)
		fmt.Fprintln(stderr, `run "kbeval -h" for help`)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if opts.fit {
		if err := fitConfidence(ctx, opts, stdout); err != nil {
			fmt.Fprintln(stderr, "kbeval:", err)
			return 1
		}
		return 0
	}
	r, err := evaluate(ctx, opts)
	if err != nil {
		fmt.Fprintln(stderr, "kbeval:", err)
		return 1
	}
	if opts.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(r)
	} else {
		err = r.print(stdout)
	}
	if err != nil {
		fmt.Fprintln(stderr, "kbeval:", err)
		return 1
	}
	return 0
}

func parseArgs(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("kbeval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	fs.StringVar(&o.data, "data", "", "data set folder with kb.jsonl and queries.jsonl")
	fs.StringVar(&o.kb, "kb", "", `"preset" to evaluate the preset KB instead of -data`)
	fs.StringVar(&o.locale, "locale", "zh-CN", "the preset KB's locale (with -kb preset): zh-CN or en")
	fs.StringVar(&o.queries, "queries", "", "queries file (default: DIR/queries.jsonl, or testdata/eval/<locale>/queries.jsonl for the preset)")
	fs.BoolVar(&o.json, "json", false, "print one JSON object instead of a table")
	fs.BoolVar(&o.fit, "fit", false, "fit the confidence model on the development sets (-data: the folder holding them, by default shared/data) and print it")
	fs.BoolVar(&o.llm, "llm", false, "also rerank each query's top 5 with the LLM the app is configured with (REPLYDESK_DATA_DIR or the user's config folder), as assist does")
	fs.BoolVar(&o.noBaseline, "nobaseline", false, "skip the BM25 baseline (faster; its figures are null)")
	fs.StringVar(&o.dump, "dump", "", "write each query's outcome (text, expected and first label, confidence) to this JSONL file")
	fs.IntVar(&o.misses, "misses", 0, "also print the N wrong first hits (out-of-scope or the wrong entry) with the highest confidence")
	fs.Float64Var(&o.precision, "precision", 0.95, "precision target: print the lowest threshold whose auto-answers are right at least this share of the time")
	fs.Float64Var(&o.threshold, "threshold", search.DefaultAutoThreshold, "auto-answer confidence threshold, in [0, 1] (default: search.DefaultAutoThreshold)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return o, err
		}
		return o, fmt.Errorf("%w: %v", errUsage, err)
	}
	switch {
	case fs.NArg() > 0:
		return o, fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	case o.fit && o.kb != "":
		return o, fmt.Errorf("%w: -fit uses the preset KB itself; give no -kb", errUsage)
	case o.fit:
		return o, nil
	case o.data == "" && o.kb == "":
		return o, fmt.Errorf("%w: give -data DIR or -kb preset", errUsage)
	case o.data != "" && o.kb != "":
		return o, fmt.Errorf("%w: give -data DIR or -kb preset, not both", errUsage)
	case o.kb != "" && o.kb != "preset":
		return o, fmt.Errorf("%w: -kb %q: the only KB built in is \"preset\"", errUsage, o.kb)
	case o.kb == "preset" && !slices.Contains(preset.Locales, o.locale):
		return o, fmt.Errorf("%w: -locale %q: the preset KB has %v", errUsage, o.locale, preset.Locales)
	case !(o.threshold >= 0 && o.threshold <= 1):
		return o, fmt.Errorf("%w: -threshold %v is not in [0, 1]", errUsage, o.threshold)
	case !(o.precision > 0 && o.precision <= 1):
		return o, fmt.Errorf("%w: -precision %v is not in (0, 1]", errUsage, o.precision)
	}
	return o, nil
}

// evaluate reads the data set, builds the app's KB and the baseline in a
// temporary folder, runs every query through both and removes the folder.
func evaluate(ctx context.Context, o options) (*report, error) {
	var d *dataset
	var err error
	if o.kb == "preset" {
		d, err = readPreset(o.locale, o.queries)
	} else {
		d, err = readDataset(o.data, o.queries)
	}
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "kbeval-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)

	start := time.Now()
	app, err := openAppKB(ctx, filepath.Join(tmp, "app"), d)
	if err != nil {
		return nil, fmt.Errorf("build the KB: %w", err)
	}
	defer app.Close()
	built := time.Since(start)
	ours, took, err := app.run(ctx, d.queries)
	if err != nil {
		return nil, err
	}

	var theirs []outcome
	var baseBuilt time.Duration
	if !o.noBaseline {
		start = time.Now()
		base, err := openBM25(ctx, filepath.Join(tmp, "bm25.db"), d)
		if err != nil {
			return nil, err
		}
		defer base.Close()
		baseBuilt = time.Since(start)
		if theirs, err = base.run(ctx, d.queries); err != nil {
			return nil, err
		}
	}
	r := newReport(d, o.threshold, o.precision, ours, theirs, took)
	r.Misses = worstMisses(ours, o.misses)
	if o.dump != "" {
		if err := dumpOutcomes(o.dump, ours); err != nil {
			return nil, err
		}
	}
	m := score(ours, answeredAt(app.cal.Threshold95))
	r.Shop = shopCalibration{Threshold95: app.cal.Threshold95, Coverage95: app.cal.Coverage95, Reached95: app.cal.Reached95,
		Samples: app.cal.Samples, Precision: m.AutoPrecision, Coverage: m.AutoCoverage, TrainMS: ms(app.trained)}
	r.BuildMS, r.Baseline.BuildMS = ms(built), ms(baseBuilt)
	if o.llm {
		client, set, err := configuredReranker()
		if err != nil {
			return nil, fmt.Errorf("-llm: %w", err)
		}
		reranked, failed, llmTook, err := app.rerankAll(ctx, client, d.queries, ours)
		if err != nil {
			return nil, fmt.Errorf("-llm: %w", err)
		}
		r.LLM = newLLMReport(set, o.threshold, reranked, failed, llmTook)
	}
	return r, nil
}
