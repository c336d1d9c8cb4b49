package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	_ "modernc.org/sqlite" // the pure-Go "sqlite" driver, with FTS5

	"replydesk/search"
)

// bm25 is the baseline: plain BM25 (SQLite FTS5) over every question of the
// KB, one row per question. Text is split by the app's segmenter
// (search.Segment: gse words, lowercased; FTS5 cannot split Chinese by
// itself) and nothing more: no stop words, stemming or synonyms.
type bm25 struct {
	db       *sql.DB
	top, all *sql.Stmt // the first topRows matching questions; all of them
	labels   []string  // entry number → label
	workers  int
}

// openBM25 builds the baseline's index of d in the SQLite file path.
func openBM25(ctx context.Context, path string, d *dataset) (_ *bm25, err error) {
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?_pragma=journal_mode(OFF)&_pragma=synchronous(OFF)&_pragma=cache_size(-65536)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	workers := runtime.GOMAXPROCS(0)
	db.SetMaxOpenConns(workers)
	b := &bm25{db: db, labels: d.labels, workers: workers}
	defer func() {
		if err != nil {
			_ = db.Close()
			err = fmt.Errorf("baseline: %w", err)
		}
	}()
	if _, err := db.ExecContext(ctx, `CREATE VIRTUAL TABLE questions USING fts5(text, entry UNINDEXED, tokenize = 'unicode61')`); err != nil {
		return nil, err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	ins, err := tx.PrepareContext(ctx, `INSERT INTO questions (text, entry) VALUES (?, ?)`)
	if err != nil {
		return nil, err
	}
	for i, e := range d.entries {
		for _, q := range e.Questions() {
			words, err := search.Segment(q)
			if err != nil {
				return nil, err
			}
			if _, err := ins.ExecContext(ctx, strings.Join(words, " "), i); err != nil {
				return nil, err
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	// rank is bm25(questions): negative, lower is better
	const search = `SELECT entry, rank FROM questions WHERE questions MATCH ? ORDER BY rank`
	if b.top, err = db.PrepareContext(ctx, search+` LIMIT `+strconv.Itoa(topRows)); err != nil {
		return nil, err
	}
	if b.all, err = db.PrepareContext(ctx, search); err != nil {
		return nil, err
	}
	return b, nil
}

// Close closes the database.
func (b *bm25) Close() { _ = b.db.Close() }

// matchQuery returns the FTS5 query that matches any of text's words: each
// word quoted (a string, so no word is read as FTS5 syntax), OR-ed. It is
// "" when text has no word.
func matchQuery(text string) (string, error) {
	words, err := search.Segment(text)
	if err != nil {
		return "", err
	}
	seen := map[string]bool{}
	var terms []string
	for _, w := range words {
		if seen[w] {
			continue
		}
		seen[w] = true
		terms = append(terms, `"`+strings.ReplaceAll(w, `"`, `""`)+`"`)
	}
	return strings.Join(terms, " OR "), nil
}

// topRows is how many question rows a baseline search reads first; only
// when they hold fewer than k entries does it read every matching row.
const topRows = 100

// search returns the first k entries' labels for text, best first, an
// entry scoring its best question's BM25, and the best score made "higher
// is better" (−bm25; 0 when nothing matched) as its confidence.
func (b *bm25) search(ctx context.Context, text string) (labels []string, conf float64, err error) {
	q, err := matchQuery(text)
	if err != nil || q == "" {
		return nil, 0, err
	}
	labels, conf, n, err := b.query(ctx, b.top, q)
	if err == nil && len(labels) < k && n == topRows {
		labels, conf, _, err = b.query(ctx, b.all, q)
	}
	return labels, conf, err
}

// query runs one of the prepared searches and returns the labels of the
// first k entries, the best score and the number of rows read.
func (b *bm25) query(ctx context.Context, stmt *sql.Stmt, q string) (labels []string, conf float64, n int, err error) {
	rows, err := stmt.QueryContext(ctx, q)
	if err != nil {
		return nil, 0, 0, fmt.Errorf("baseline: query %q: %w", q, err)
	}
	defer rows.Close()
	for len(labels) < k && rows.Next() {
		var entry int
		var rank float64
		if err := rows.Scan(&entry, &rank); err != nil {
			return nil, 0, 0, fmt.Errorf("baseline: %w", err)
		}
		if n == 0 {
			conf = -rank
		}
		n++
		labels = appendLabel(labels, b.labels[entry])
	}
	if err := rows.Err(); err != nil {
		return nil, 0, 0, fmt.Errorf("baseline: query %q: %w", q, err)
	}
	return labels, conf, n, nil
}

// run asks every query of qs, on as many connections as there are CPUs
// (FTS5 scores every question that shares a word with the query, which
// takes milliseconds on a large KB).
func (b *bm25) run(ctx context.Context, qs []query) ([]outcome, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	outs := make([]outcome, len(qs))
	var next atomic.Int64
	var wg sync.WaitGroup
	var once sync.Once
	var firstErr error
	for range b.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(qs) || ctx.Err() != nil {
					return
				}
				labels, conf, err := b.search(ctx, qs[i].text)
				if err != nil {
					once.Do(func() { firstErr = err; cancel() })
					return
				}
				outs[i] = outcome{expect: qs[i].expect, labels: labels, conf: conf}
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return outs, nil
}
