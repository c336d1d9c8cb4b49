// Package search keeps a Bleve index of the questions of the knowledge base
// (KB) and finds the entries that answer a buyer's message.
//
// The store is the source of truth: the index holds one document per
// question (the standard question and each similar question of an entry),
// stores nothing but IDs, and is rebuilt from a Source whenever it is
// missing, unreadable or built with another MappingVersion.
package search

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bolt "go.etcd.io/bbolt"
)

// Doc is what the index needs of one KB entry.
type Doc struct {
	EntryID  int64
	ShopID   int64
	Question string
	Similar  []string
	Enabled  bool // disabled entries are not indexed
}

// Source lists every entry, for a rebuild; each entry once. EachDoc stops
// and returns fn's error when fn fails.
type Source interface {
	EachDoc(ctx context.Context, fn func(Doc) error) error
	// Identity names the database the index mirrors: an index built from
	// another one (the database was replaced, the index was not) is rebuilt.
	Identity() string
}

const (
	// boltTimeout bounds the wait for the index lock held by another process.
	boltTimeout = "1s"
	// batchSize is the number of entries per Bleve batch during a rebuild.
	batchSize = 1000
	// maxTextRunes caps an indexed question; longer text is cut.
	maxTextRunes = 1000
)

// Internal keys recorded in the index.
var (
	keyMappingVersion = []byte("mapping_version")
	keyDictChecksum   = []byte("dict_checksum")
	keySource         = []byte("source_identity")
)

// ErrLocked is returned by Open when another process holds the index.
var ErrLocked = errors.New("search: index is in use by another process")

// Index is the KB question index. Its methods are safe for concurrent use;
// writes are serialised.
type Index struct {
	idx       bleve.Index
	rebuilt   bool
	analyzers []analysis.Analyzer // one per fieldBoosts entry

	mu sync.Mutex // serialises Put, PutBatch and Delete
}

// Open opens the index in dir, rebuilding it from src when the folder is
// missing, unreadable or corrupt, or was built with another MappingVersion or
// dictionary. dir must be dedicated to the index: a rebuild removes it. If
// another process holds the index, Open gives up after about a second and
// returns an error wrapping ErrLocked. A nil src rebuilds an empty index.
func Open(ctx context.Context, dir string, src Source) (*Index, error) {
	if dir == "" || filepath.Dir(filepath.Clean(dir)) == filepath.Clean(dir) {
		return nil, fmt.Errorf("search: open index: refusing folder %q", dir)
	}
	idx, err := bleve.OpenUsing(dir, map[string]interface{}{"bolt_timeout": boltTimeout})
	switch {
	case err == nil:
		if current(idx, identity(src)) {
			return newIndex(idx, false)
		}
		if err := idx.Close(); err != nil {
			return nil, fmt.Errorf("search: open index: close outdated index: %w", err)
		}
	case errors.Is(err, bolt.ErrTimeout):
		return nil, fmt.Errorf("search: open index %s: %w", dir, ErrLocked)
	}
	// Missing, corrupt or outdated: rebuild from the store.
	if err := os.RemoveAll(dir); err != nil {
		return nil, fmt.Errorf("search: open index: remove old index: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o700); err != nil {
		return nil, fmt.Errorf("search: open index: %w", err)
	}
	m, err := buildMapping()
	if err != nil {
		return nil, err
	}
	idx, err = bleve.NewUsing(dir, m, scorch.Name, scorch.Name, map[string]interface{}{"bolt_timeout": boltTimeout})
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) {
			return nil, fmt.Errorf("search: create index %s: %w", dir, ErrLocked)
		}
		return nil, fmt.Errorf("search: create index: %w", err)
	}
	return fill(ctx, idx, src, true)
}

// OpenMem opens an index held in memory (scorch, so it behaves like the one on
// disk) and fills it from src, which may be nil.
func OpenMem(ctx context.Context, src Source) (*Index, error) {
	m, err := buildMapping()
	if err != nil {
		return nil, err
	}
	idx, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("search: create memory index: %w", err)
	}
	return fill(ctx, idx, src, false)
}

// current reports whether idx was built with this MappingVersion and these
// dictionaries, from the source named source.
func current(idx bleve.Index, source string) bool {
	v, err := idx.GetInternal(keyMappingVersion)
	if err != nil || string(v) != strconv.Itoa(MappingVersion) {
		return false
	}
	if id, err := idx.GetInternal(keySource); err != nil || string(id) != source {
		return false
	}
	sum, err := idx.GetInternal(keyDictChecksum)
	return err == nil && string(sum) == dictChecksum
}

func identity(src Source) string {
	if src == nil {
		return ""
	}
	return src.Identity()
}

// fill indexes every enabled entry of src into the new, empty idx, merges
// the segments of an index on disk into one (searches are then faster), and
// records the mapping version last: an interrupted rebuild lacks it and is
// redone by the next Open.
func fill(ctx context.Context, idx bleve.Index, src Source, onDisk bool) (*Index, error) {
	ix, err := newIndex(idx, true)
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*Index, error) {
		_ = idx.Close()
		return nil, fmt.Errorf("search: rebuild index: %w", err)
	}
	if src != nil {
		docs := make([]Doc, 0, batchSize)
		err := src.EachDoc(ctx, func(d Doc) error {
			docs = append(docs, d)
			if len(docs) < batchSize {
				return nil
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			err := ix.putBatch(docs, false)
			docs = docs[:0]
			return err
		})
		if err == nil {
			err = ix.putBatch(docs, false)
		}
		if err != nil {
			return fail(err)
		}
	}
	if onDisk {
		if err := forceMerge(ctx, idx); err != nil {
			return fail(err)
		}
	}
	b := idx.NewBatch()
	b.SetInternal(keyMappingVersion, []byte(strconv.Itoa(MappingVersion)))
	b.SetInternal(keyDictChecksum, []byte(dictChecksum))
	b.SetInternal(keySource, []byte(identity(src)))
	if err := idx.Batch(b); err != nil {
		return fail(err)
	}
	return ix, nil
}

// forceMerge merges the segments of a scorch index on disk into one.
func forceMerge(ctx context.Context, idx bleve.Index) error {
	adv, err := idx.Advanced()
	if err != nil {
		return err
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	return s.ForceMerge(ctx, nil)
}

func newIndex(idx bleve.Index, rebuilt bool) (*Index, error) {
	ix := &Index{idx: idx, rebuilt: rebuilt}
	m := idx.Mapping()
	for _, fb := range fieldBoosts {
		a := m.AnalyzerNamed(fb.analyzer)
		if a == nil {
			_ = idx.Close()
			return nil, fmt.Errorf("search: open index: analyzer %s missing", fb.analyzer)
		}
		ix.analyzers = append(ix.analyzers, a)
	}
	return ix, nil
}

// Rebuilt reports whether Open or OpenMem built the index afresh.
func (ix *Index) Rebuilt() bool { return ix.rebuilt }

// Close closes the index. Calls after Close return errors.
func (ix *Index) Close() error {
	if err := ix.idx.Close(); err != nil {
		return fmt.Errorf("search: close index: %w", err)
	}
	return nil
}

// Put indexes one entry, replacing all its previous questions; it is
// searchable when Put returns. A disabled entry, or one without any
// non-blank question, is removed from the index.
func (ix *Index) Put(d Doc) error {
	return ix.PutBatch([]Doc{d})
}

// PutBatch indexes many entries in one Bleve batch, replacing their previous
// questions, as Put does. When an entry appears twice, the last one wins.
func (ix *Index) PutBatch(docs []Doc) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for len(docs) > 0 {
		n := min(len(docs), batchSize)
		if err := ix.putBatch(docs[:n], true); err != nil {
			return fmt.Errorf("search: index entries: %w", err)
		}
		docs = docs[n:]
	}
	return nil
}

// Delete removes an entry's questions. Deleting an entry that is not in the
// index is not an error.
func (ix *Index) Delete(entryID int64) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	old, err := ix.docIDs([]int64{entryID})
	if err != nil {
		return fmt.Errorf("search: delete entry %d: %w", entryID, err)
	}
	if len(old) == 0 {
		return nil
	}
	b := ix.idx.NewBatch()
	for _, id := range old {
		b.Delete(id)
	}
	if err := ix.idx.Batch(b); err != nil {
		return fmt.Errorf("search: delete entry %d: %w", entryID, err)
	}
	return nil
}

// indexDoc is the document Bleve indexes for one question.
type indexDoc struct {
	Shop  string `json:"shop"`
	Entry string `json:"entry"`
	Q     string `json:"q"`
}

// putBatch writes docs in one batch; replace looks up and removes the
// entries' previous documents first (a fresh index has none).
func (ix *Index) putBatch(docs []Doc, replace bool) error {
	if len(docs) == 0 {
		return nil
	}
	// the last occurrence of an entry wins
	last := make(map[int64]int, len(docs))
	for i, d := range docs {
		last[d.EntryID] = i
	}
	var stale map[string]bool
	if replace {
		ids := make([]int64, 0, len(last))
		for id := range last {
			ids = append(ids, id)
		}
		old, err := ix.docIDs(ids)
		if err != nil {
			return err
		}
		stale = make(map[string]bool, len(old))
		for _, id := range old {
			stale[id] = true
		}
	}
	b := ix.idx.NewBatch()
	for i, d := range docs {
		if last[d.EntryID] != i || !d.Enabled {
			continue
		}
		entry := strconv.FormatInt(d.EntryID, 10)
		shop := strconv.FormatInt(d.ShopID, 10)
		for n, q := range questions(d) {
			id := entry + "/" + strconv.Itoa(n)
			delete(stale, id)
			if err := b.Index(id, indexDoc{Shop: shop, Entry: entry, Q: q}); err != nil {
				return err
			}
		}
	}
	for id := range stale {
		b.Delete(id)
	}
	if b.Size() == 0 {
		return nil
	}
	return ix.idx.Batch(b)
}

// questions returns the distinct non-blank questions of d, standard
// question first, each valid UTF-8 and at most maxTextRunes long.
func questions(d Doc) []string {
	out := make([]string, 0, 1+len(d.Similar))
	seen := make(map[string]bool, 1+len(d.Similar))
	for _, q := range append([]string{d.Question}, d.Similar...) {
		q = clean(q, maxTextRunes)
		if q == "" || seen[q] {
			continue
		}
		seen[q] = true
		out = append(out, q)
	}
	return out
}

// clean makes s valid UTF-8, cuts it to max runes and trims spaces.
func clean(s string, max int) string {
	s = strings.ToValidUTF8(s, " ")
	if utf8.RuneCountInString(s) > max {
		s = string([]rune(s)[:max])
	}
	return strings.TrimSpace(s)
}

// docIDs returns the IDs of the documents of the given entries.
func (ix *Index) docIDs(entries []int64) ([]string, error) {
	var ids []string
	const chunk = 256
	for len(entries) > 0 {
		n := min(len(entries), chunk)
		qs := make([]bleveQuery, 0, n)
		for _, e := range entries[:n] {
			tq := bleve.NewTermQuery(strconv.FormatInt(e, 10))
			tq.SetField(fieldEntry)
			qs = append(qs, tq)
		}
		entries = entries[n:]
		q := bleve.NewDisjunctionQuery(qs...)
		size := 16 * n
		for {
			req := bleve.NewSearchRequestOptions(q, size, 0, false)
			req.Score = "none"
			res, err := ix.idx.Search(req)
			if err != nil {
				return nil, err
			}
			if res.Total > uint64(len(res.Hits)) && uint64(size) < res.Total {
				size = int(res.Total)
				continue
			}
			for _, h := range res.Hits {
				ids = append(ids, h.ID)
			}
			break
		}
	}
	return ids, nil
}
