// Command kbbench measures the knowledge base the way the app uses it, on a
// data folder of its own:
//
//	kbbench seed   -data DIR [-entries 10000] [-similar 5]   make a shop with a synthetic KB, imported and indexed
//	kbbench search -data DIR [-queries 5000]                 open the index and time searches
//
// seed reports the import rate (similar questions per second, through the
// store and the index, as KB-5 imports do); search reports the time to open
// the index, search latency percentiles and the Go heap. The data folder can
// then be opened by the app (REPLYDESK_DATA_DIR=DIR) to time its start-up:
// see scripts/bench-desktop.sh.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"time"

	"replydesk/engine"
	"replydesk/internal/kbgen"
	"replydesk/internal/kbsource"
	"replydesk/search"
	"replydesk/store"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: kbbench seed|search -data DIR [flags]")
		return 2
	}
	fs := flag.NewFlagSet("kbbench "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", "", "data folder (database and index); required")
	entries := fs.Int("entries", 10000, "seed: entries to generate")
	similar := fs.Int("similar", 5, "seed: similar questions per entry")
	queries := fs.Int("queries", 5000, "search: queries to run")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if *data == "" {
		fmt.Fprintln(stderr, "kbbench: -data DIR is required")
		return 2
	}
	var err error
	switch args[0] {
	case "seed":
		err = seed(context.Background(), stdout, *data, *entries, *similar)
	case "search":
		err = searchBench(context.Background(), stdout, *data, *queries)
	default:
		fmt.Fprintf(stderr, "kbbench: unknown command %q\n", args[0])
		return 2
	}
	if err != nil {
		fmt.Fprintln(stderr, "kbbench:", err)
		return 1
	}
	return 0
}

type clock struct{}

func (clock) Now() time.Time { return time.Now() }

func open(ctx context.Context, dir string) (*store.Store, *search.Index, time.Duration, error) {
	st, err := store.Open(ctx, filepath.Join(dir, "replydesk.db"))
	if err != nil {
		return nil, nil, 0, err
	}
	src, err := kbsource.New(ctx, st)
	if err != nil {
		st.Close()
		return nil, nil, 0, err
	}
	start := time.Now()
	idx, err := search.Open(ctx, filepath.Join(dir, "index"), src)
	if err != nil {
		st.Close()
		return nil, nil, 0, err
	}
	return st, idx, time.Since(start), nil
}

func seed(ctx context.Context, out io.Writer, dir string, n, similar int) error {
	if _, err := os.Stat(filepath.Join(dir, "replydesk.db")); err == nil {
		return errors.New("the data folder has a database already; pick an empty folder")
	}
	st, idx, _, err := open(ctx, dir)
	if err != nil {
		return err
	}
	defer st.Close()
	defer idx.Close()
	shop, err := st.CreateShop(ctx, engine.Shop{Name: "压测店 Benchmark", Platform: "douyin", Locale: "zh-CN"})
	if err != nil {
		return err
	}
	kb := kbgen.KB(shop.ID, n, similar, 1)
	questions := 0
	for _, e := range kb {
		questions += 1 + len(e.Similar)
	}
	service := engine.NewKB(engine.KBDeps{Store: st, Index: idx, Retriever: idx, Clock: clock{}})
	start := time.Now()
	res, err := service.Import(ctx, "kbbench", shop.ID, kb, nil)
	if err != nil {
		return err
	}
	took := time.Since(start)
	fmt.Fprintf(out, "imported %d entries (%d questions, %d similar) into shop %d in %v\n", res.Created, questions, questions-n, shop.ID, took.Round(time.Millisecond))
	fmt.Fprintf(out, "import rate: %.0f similar questions/s (%.0f questions/s), checked, stored with history and indexed\n",
		float64(questions-n)/took.Seconds(), float64(questions)/took.Seconds())
	return nil
}

func searchBench(ctx context.Context, out io.Writer, dir string, n int) error {
	st, idx, opened, err := open(ctx, dir)
	if err != nil {
		return err
	}
	defer st.Close()
	defer idx.Close()
	shops, err := st.Shops(ctx)
	if err != nil || len(shops) == 0 {
		return fmt.Errorf("no shop in %s (run kbbench seed first): %v", dir, err)
	}
	shop := shops[len(shops)-1].ID
	fmt.Fprintf(out, "index opened in %v (rebuilt: %v)\n", opened.Round(time.Millisecond), idx.Rebuilt())
	qs := kbgen.Queries(n, 7)
	for _, q := range qs[:min(200, n)] { // warm up
		if _, err := idx.Search(ctx, shop, q, engine.MaxSuggestions*2); err != nil {
			return err
		}
	}
	took := make([]time.Duration, len(qs))
	start := time.Now()
	for i, q := range qs {
		t := time.Now()
		if _, err := idx.Search(ctx, shop, q, engine.MaxSuggestions*2); err != nil {
			return err
		}
		took[i] = time.Since(t)
	}
	total := time.Since(start)
	slices.Sort(took)
	pct := func(p float64) time.Duration { return took[min(len(took)-1, int(p*float64(len(took))))] }
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	fmt.Fprintf(out, "%d searches: p50 %v, p99 %v, max %v, %.0f queries/s\n", n, pct(0.50), pct(0.99), took[len(took)-1], float64(n)/total.Seconds())
	fmt.Fprintf(out, "Go heap in use after GC: %d MiB\n", ms.HeapInuse>>20)
	return nil
}
