// Package search keeps a Bleve index of the questions of the knowledge base
// (KB) and finds the entries that answer a buyer's message.
//
// The store is the source of truth: the index holds one document per
// question (the standard question and each similar question of an entry),
// stores nothing but IDs, records the sequence number of the last KB change
// it applied, and is rebuilt from a Source whenever it is missing,
// unreadable, built with another MappingVersion, dictionary or database, or
// behind the store's sequence number.
//
// Bleve is the persisted, incrementally updated copy of the analysed
// questions. Searches run against an in-memory copy of its postings (see
// mem.go), loaded when the index is opened and kept in step by every write.
package search

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"

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
	// Seq is the sequence number of the KB's latest change (0 for none): an
	// index that recorded another one missed changes and is rebuilt.
	Seq(ctx context.Context) (int64, error)
}

const (
	// boltTimeout bounds the wait for the index lock held by another process.
	boltTimeout = "1s"
	// batchSize is the number of entries per Bleve batch.
	batchSize = 1000
	// maxTextRunes caps an indexed question; longer text is cut.
	maxTextRunes = 1000
)

// Internal keys recorded in the index.
var (
	keyMappingVersion = []byte("mapping_version")
	keyDictChecksum   = []byte("dict_checksum")
	keySource         = []byte("source_identity")
	keySeq            = []byte("kb_seq")
)

// ErrLocked is returned by Open when another process holds the index.
var ErrLocked = errors.New("search: index is in use by another process")

var errClosed = errors.New("index is closed")

// Index is the KB question index. Its methods are safe for concurrent use;
// writes are serialised, and a search sees each write whole or not at all.
type Index struct {
	idx       bleve.Index
	rebuilt   bool
	analyzers []analysis.Analyzer // one per fieldBoosts entry

	wmu     sync.Mutex // serialises writes; guards seq and pending
	seq     int64      // the KB sequence number recorded in idx
	pending map[int64]bool

	mu     sync.RWMutex // guards mem; closed is set holding both wmu and mu
	mem    *memIndex
	closed bool

	synMu    sync.RWMutex
	synonyms map[int64]*shopSynonyms

	tr *trainer // the shops' confidence models (see train.go)
}

// Open opens the index in dir, rebuilding it from src when the folder is
// missing, unreadable or corrupt, or was built with another MappingVersion,
// dictionary or Source identity, or recorded another sequence number than
// src.Seq (the store changed while the index was not told, or a change was
// acknowledged by the store but never reached the index). dir must be
// dedicated to the index: a rebuild removes it. If another process holds
// the index, Open gives up after about a second and returns an error
// wrapping ErrLocked. A nil src rebuilds an empty index.
func Open(ctx context.Context, dir string, src Source) (*Index, error) {
	if dir == "" || filepath.Dir(filepath.Clean(dir)) == filepath.Clean(dir) {
		return nil, fmt.Errorf("search: open index: refusing folder %q", dir)
	}
	go segmenter() // load the dictionary while the index is read
	seq, err := sourceSeq(ctx, src)
	if err != nil {
		return nil, fmt.Errorf("search: open index: %w", err)
	}
	idx, err := bleve.OpenUsing(dir, map[string]interface{}{"bolt_timeout": boltTimeout})
	switch {
	case err == nil:
		if current(idx, identity(src), seq) {
			// Load the postings, then wait for the dictionary the
			// analyzers need, which loads meanwhile.
			mem, err := load(ctx, idx)
			if err == nil {
				if _, err := segmenter(); err != nil {
					_ = idx.Close()
					return nil, err
				}
				ix, err := newIndex(idx, false, seq)
				if err != nil {
					return nil, err
				}
				ix.mem = mem
				ix.scheduleTraining(slices.Collect(maps.Keys(mem.shards)))
				return ix, nil
			}
			if ctx.Err() != nil {
				_ = idx.Close()
				return nil, fmt.Errorf("search: open index: %w", err)
			}
			// unreadable postings: rebuild
		}
		if err := idx.Close(); err != nil {
			return nil, fmt.Errorf("search: open index: close outdated index: %w", err)
		}
	case errors.Is(err, bolt.ErrTimeout):
		return nil, fmt.Errorf("search: open index %s: %w", dir, ErrLocked)
	}
	// Missing, corrupt or outdated: rebuild from the store.
	if _, err := segmenter(); err != nil {
		return nil, err
	}
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
	return fill(ctx, idx, src, seq, true)
}

// OpenMem opens an index held in memory (scorch, so it behaves like the one on
// disk) and fills it from src, which may be nil.
func OpenMem(ctx context.Context, src Source) (*Index, error) {
	if _, err := segmenter(); err != nil {
		return nil, err
	}
	seq, err := sourceSeq(ctx, src)
	if err != nil {
		return nil, fmt.Errorf("search: open index: %w", err)
	}
	m, err := buildMapping()
	if err != nil {
		return nil, err
	}
	idx, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("search: create memory index: %w", err)
	}
	return fill(ctx, idx, src, seq, false)
}

// current reports whether idx was built with this MappingVersion and these
// dictionaries, from the source named source, up to its change seq.
func current(idx bleve.Index, source string, seq int64) bool {
	v, err := idx.GetInternal(keyMappingVersion)
	if err != nil || string(v) != strconv.Itoa(MappingVersion) {
		return false
	}
	if id, err := idx.GetInternal(keySource); err != nil || string(id) != source {
		return false
	}
	if s, err := idx.GetInternal(keySeq); err != nil || string(s) != strconv.FormatInt(seq, 10) {
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

func sourceSeq(ctx context.Context, src Source) (int64, error) {
	if src == nil {
		return 0, nil
	}
	return src.Seq(ctx)
}

// fill indexes every enabled entry of src into the new, empty idx, merges
// the segments of an index on disk into one (opening it later is then
// faster), and records the mapping version and seq, read from the source
// before its entries, last: an interrupted rebuild lacks them and is redone
// by the next Open, and a change made during the rebuild leaves the index
// behind the store, which also makes the next Open rebuild it.
func fill(ctx context.Context, idx bleve.Index, src Source, seq int64, onDisk bool) (*Index, error) {
	ix, err := newIndex(idx, true, 0)
	if err != nil {
		return nil, err
	}
	ix.mem = newMemIndex()
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
			err := ix.write(docs, nil, 0)
			docs = docs[:0]
			return err
		})
		if err == nil {
			err = ix.write(docs, nil, 0)
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
	b.SetInternal(keySeq, []byte(strconv.FormatInt(seq, 10)))
	if err := idx.Batch(b); err != nil {
		return fail(err)
	}
	ix.seq = seq
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

func newIndex(idx bleve.Index, rebuilt bool, seq int64) (*Index, error) {
	ix := &Index{idx: idx, rebuilt: rebuilt, seq: seq, pending: map[int64]bool{}, synonyms: map[int64]*shopSynonyms{}, tr: newTrainer()}
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

// load reads the in-memory index out of Bleve's postings.
func load(ctx context.Context, idx bleve.Index) (*memIndex, error) {
	adv, err := idx.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	mem, err := loadMem(ctx, r)
	if err != nil {
		return nil, fmt.Errorf("load index: %w", err)
	}
	return mem, nil
}

// Rebuilt reports whether Open or OpenMem built the index afresh.
func (ix *Index) Rebuilt() bool { return ix.rebuilt }

// Close closes the index. Other calls after Close return errors; closing
// again does nothing.
func (ix *Index) Close() error {
	ix.stopTraining()
	ix.wmu.Lock()
	defer ix.wmu.Unlock()
	ix.mu.Lock()
	closed := ix.closed
	ix.closed, ix.mem = true, nil
	ix.mu.Unlock()
	if closed {
		return nil
	}
	if err := ix.idx.Close(); err != nil {
		return fmt.Errorf("search: close index: %w", err)
	}
	return nil
}
