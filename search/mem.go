package search

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	index "github.com/blevesearch/bleve_index_api"
)

// The in-memory index. Bleve keeps the analysed questions on disk; searching
// them through Bleve's query path cost 2 to 7 ms per query on a 60,000-question
// KB (searchers, heaps, document matches and internal IDs for thousands of
// candidate documents). Search instead scores against a compact copy of the
// same postings, one shard per shop, loaded from Bleve's term dictionaries
// and postings when an index is opened (nothing is analysed again) and
// updated with every write once Bleve has accepted it. Scores are BM25
// (see scoreDocs) with each shop's own document counts and lengths: one
// shop's KB does not change another's scores.

// postings is the posting list of one term of one text field in a shard.
type postings struct {
	field int    // index into fieldBoosts
	term  string // the term, to remove it from the dictionary when empty
	docs  []uint32
	// tf and ln hold, per document, the term's number of occurrences and
	// the field's length (number of tokens), for BM25 (see scoreDocs).
	tf []uint16
	ln []uint16
}

// memDoc is one question document of a shard; the slots of removed
// documents are zero and listed in shard.freeDocs.
type memDoc struct {
	entry    int64
	question int      // position in the entry's Questions()
	terms    []uint32 // the posting lists holding this document
	lens     []uint16 // per field: number of tokens
	norm     uint64   // normHash of the question's normalised text; 0 for none
}

// shard holds one shop's question documents and postings.
type shard struct {
	docs     []memDoc
	freeDocs []uint32
	live     int                 // documents in use
	lenSum   []int64             // per field: the live documents' tokens
	dict     []map[string]uint32 // per field: term → posting list
	lists    []postings
	freeList []uint32
	entries  map[int64][]uint32 // entry → its documents
	// exact maps a normalised question's hash to its document; exactMore
	// holds the other documents of a hash several questions share.
	exact     map[uint64]uint32
	exactMore map[uint64][]uint32
	// gen changes with every write to the shard (see memIndex.gen): a
	// shop's model records the gen it was trained on.
	gen uint64
}

func newShard() *shard {
	s := &shard{entries: map[int64][]uint32{}, lenSum: make([]int64, len(fieldBoosts)), exact: map[uint64]uint32{}}
	for range fieldBoosts {
		s.dict = append(s.dict, map[string]uint32{})
	}
	return s
}

// memIndex is the in-memory copy of the index: every shop's shard, and the
// shop of every entry. It is not synchronised: writers hold Index.wmu, and
// Index.mu while they change it; searches hold Index.mu for reading.
type memIndex struct {
	shards map[int64]*shard
	shopOf map[int64]int64
	gen    uint64 // the number of shard writes so far
}

// touch gives shard s a new generation.
func (m *memIndex) touch(s *shard) {
	m.gen++
	s.gen = m.gen
}

func newMemIndex() *memIndex {
	return &memIndex{shards: map[int64]*shard{}, shopOf: map[int64]int64{}}
}

// docIDs returns the Bleve document IDs of an entry's questions.
func (m *memIndex) docIDs(entry int64) []string {
	shop, ok := m.shopOf[entry]
	if !ok {
		return nil
	}
	s := m.shards[shop]
	var ids []string
	for _, d := range s.entries[entry] {
		ids = append(ids, docID(entry, s.docs[d].question))
	}
	return ids
}

// remove drops every document of the given entries.
func (m *memIndex) remove(entries []int64) {
	byShop := map[int64][]uint32{}
	for _, e := range entries {
		shop, ok := m.shopOf[e]
		if !ok {
			continue
		}
		s := m.shards[shop]
		byShop[shop] = append(byShop[shop], s.entries[e]...)
		delete(s.entries, e)
		delete(m.shopOf, e)
	}
	for shop, docs := range byShop {
		s := m.shards[shop]
		m.touch(s)
		s.removeDocs(docs)
		if s.live == 0 {
			delete(m.shards, shop)
		}
	}
}

// add puts one analysed question in its shop's shard; the entry must have no
// document with the same question number.
func (m *memIndex) add(q *question) {
	s := m.shards[q.shop]
	if s == nil {
		s = newShard()
		m.shards[q.shop] = s
	}
	m.touch(s)
	m.shopOf[q.entry] = q.shop
	n := 0
	for f := range q.fields {
		n += len(q.fields[f].terms)
	}
	d := s.newDoc(q.entry, q.n, n)
	s.setNorm(d, q.norm)
	for f := range q.fields {
		s.setLen(d, f, q.fields[f].length)
		for _, tf := range q.fields[f].terms {
			s.post(d, f, tf.term, tf.freq, q.fields[f].length)
		}
	}
}

// newDoc allocates a document slot for question n of an entry, with room
// for the given number of terms.
func (s *shard) newDoc(entry int64, n, terms int) uint32 {
	var d uint32
	if k := len(s.freeDocs); k > 0 {
		d = s.freeDocs[k-1]
		s.freeDocs = s.freeDocs[:k-1]
	} else {
		d = uint32(len(s.docs))
		s.docs = append(s.docs, memDoc{})
	}
	s.docs[d] = memDoc{entry: entry, question: n, terms: make([]uint32, 0, terms), lens: make([]uint16, len(fieldBoosts))}
	s.live++
	s.entries[entry] = append(s.entries[entry], d)
	return d
}

// setNorm records document d's normalised text hash (0: none).
func (s *shard) setNorm(d uint32, h uint64) {
	s.docs[d].norm = h
	if h == 0 {
		return
	}
	if _, ok := s.exact[h]; !ok {
		s.exact[h] = d
		return
	}
	if s.exactMore == nil {
		s.exactMore = map[uint64][]uint32{}
	}
	s.exactMore[h] = append(s.exactMore[h], d)
}

// unsetNorm forgets document d's normalised text hash.
func (s *shard) unsetNorm(d uint32) {
	h := s.docs[d].norm
	if h == 0 {
		return
	}
	more := s.exactMore[h]
	if s.exact[h] == d {
		if len(more) == 0 {
			delete(s.exact, h)
			return
		}
		s.exact[h], more = more[0], more[1:]
	} else {
		more = slices.DeleteFunc(more, func(o uint32) bool { return o == d })
	}
	if len(more) == 0 {
		delete(s.exactMore, h)
	} else {
		s.exactMore[h] = more
	}
}

// exactDocs returns the documents whose normalised text hashes to h.
func (s *shard) exactDocs(h uint64) []uint32 {
	d, ok := s.exact[h]
	if !ok {
		return nil
	}
	return append([]uint32{d}, s.exactMore[h]...)
}

// setLen records the length of document d's field f.
func (s *shard) setLen(d uint32, f, n int) {
	n = min(n, math.MaxUint16)
	s.lenSum[f] += int64(n) - int64(s.docs[d].lens[f])
	s.docs[d].lens[f] = uint16(n)
}

// avgLen is the mean length of field f over the live documents.
func (s *shard) avgLen(f int) float64 {
	if s.live == 0 {
		return 1
	}
	return max(1, float64(s.lenSum[f])/float64(s.live))
}

// post adds document d, with tf occurrences of term in field f of length
// n, to the term's postings.
func (s *shard) post(d uint32, f int, term string, tf, n int) {
	s.postTo(s.list(f, term), d, tf, n)
}

// list returns the posting list of term in field f, creating it if need be.
func (s *shard) list(f int, term string) uint32 {
	if id, ok := s.dict[f][term]; ok {
		return id
	}
	var id uint32
	if k := len(s.freeList); k > 0 {
		id = s.freeList[k-1]
		s.freeList = s.freeList[:k-1]
	} else {
		id = uint32(len(s.lists))
		s.lists = append(s.lists, postings{})
	}
	s.lists[id] = postings{field: f, term: strings.Clone(term)}
	s.dict[f][s.lists[id].term] = id
	return id
}

// postTo adds document d, with tf occurrences in a field of length n, to
// posting list id.
func (s *shard) postTo(id, d uint32, tf, n int) {
	pl := &s.lists[id]
	pl.docs = append(pl.docs, d)
	pl.tf = append(pl.tf, uint16(min(tf, math.MaxUint16)))
	pl.ln = append(pl.ln, uint16(min(n, math.MaxUint16)))
	s.docs[d].terms = append(s.docs[d].terms, id)
}

// removeDocs frees the given documents, each listed once, and takes them
// out of their posting lists, walking each affected list once.
func (s *shard) removeDocs(docs []uint32) {
	if len(docs) == 0 {
		return
	}
	dead := make([]bool, len(s.docs))
	lists := map[uint32]bool{}
	for _, d := range docs {
		dead[d] = true
		for _, id := range s.docs[d].terms {
			lists[id] = true
		}
	}
	for id := range lists {
		pl := &s.lists[id]
		j := 0
		for i, d := range pl.docs {
			if !dead[d] {
				pl.docs[j], pl.tf[j], pl.ln[j] = d, pl.tf[i], pl.ln[i]
				j++
			}
		}
		pl.docs, pl.tf, pl.ln = pl.docs[:j], pl.tf[:j], pl.ln[:j]
		if j == 0 {
			delete(s.dict[pl.field], pl.term)
			*pl = postings{}
			s.freeList = append(s.freeList, id)
		} else if cap(pl.docs) > 64 && j < cap(pl.docs)/4 {
			pl.docs, pl.tf, pl.ln = slices.Clone(pl.docs), slices.Clone(pl.tf), slices.Clone(pl.ln)
		}
	}
	for _, d := range docs {
		s.unsetNorm(d)
		for f := range s.lenSum {
			s.lenSum[f] -= int64(s.docs[d].lens[f])
		}
		s.docs[d] = memDoc{}
		s.freeDocs = append(s.freeDocs, d)
		s.live--
	}
}

// lookup returns the posting list of term in field f, or nil.
func (s *shard) lookup(f int, term string) *postings {
	if id, ok := s.dict[f][term]; ok {
		return &s.lists[id]
	}
	return nil
}

// docID is the Bleve document ID of question n of an entry: "<entry>/<n>".
func docID(entry int64, n int) string {
	return strconv.FormatInt(entry, 10) + "/" + strconv.Itoa(n)
}

// parseDocID parses a document ID made by docID.
func parseDocID(id string) (entry int64, n int, ok bool) {
	e, q, ok := strings.Cut(id, "/")
	if !ok {
		return 0, 0, false
	}
	entry, err1 := strconv.ParseInt(e, 10, 64)
	n, err2 := strconv.Atoi(q)
	return entry, n, err1 == nil && err2 == nil && n >= 0
}

// loadMem reads the in-memory index out of a Bleve index reader: every
// document's shop and ID, then the postings of each text field, term by
// term. It reads what Bleve analysed and stored: nothing is analysed again.
func loadMem(ctx context.Context, r index.IndexReader) (*memIndex, error) {
	m := newMemIndex()
	type ref struct {
		s *shard
		d uint32
	}
	var refs []ref // by Bleve document number
	num := func(id index.IndexInternalID) (uint64, error) {
		if len(id) != 8 {
			return 0, fmt.Errorf("unexpected internal ID %x", []byte(id))
		}
		return binary.BigEndian.Uint64(id), nil
	}

	// Documents, by shop.
	shops, err := dictTerms(r, fieldShop)
	if err != nil {
		return nil, err
	}
	var tfd index.TermFieldDoc
	for _, term := range shops {
		shop, err := strconv.ParseInt(term, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("bad shop term %q", term)
		}
		err = eachPosting(ctx, r, term, fieldShop, false, &tfd, func(_ int, tfd *index.TermFieldDoc) error {
			n, err := num(tfd.ID)
			if err != nil {
				return err
			}
			ext, err := r.ExternalID(tfd.ID)
			if err != nil {
				return err
			}
			entry, q, ok := parseDocID(ext)
			if !ok {
				return fmt.Errorf("bad document ID %q", ext)
			}
			if prev, ok := m.shopOf[entry]; ok && prev != shop {
				return fmt.Errorf("entry %d in shops %d and %d", entry, prev, shop)
			}
			s := m.shards[shop]
			if s == nil {
				s = newShard()
				m.shards[shop] = s
			}
			m.shopOf[entry] = shop
			if n >= uint64(len(refs)) {
				refs = append(refs, make([]ref, int(n)+1-len(refs))...)
			}
			refs[n] = ref{s, s.newDoc(entry, q, 0)}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}

	// Normalised texts, for exact matches.
	norms, err := dictTerms(r, fieldNorm)
	if err != nil {
		return nil, err
	}
	for _, term := range norms {
		h, err := strconv.ParseUint(term, 16, 64)
		if err != nil || h == 0 {
			return nil, fmt.Errorf("bad normalised text term %q", term)
		}
		err = eachPosting(ctx, r, term, fieldNorm, false, &tfd, func(_ int, tfd *index.TermFieldDoc) error {
			n, err := num(tfd.ID)
			if err != nil {
				return err
			}
			if n >= uint64(len(refs)) || refs[n].s == nil {
				return fmt.Errorf("document %d has no shop", n)
			}
			refs[n].s.setNorm(refs[n].d, h)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}

	// Postings of the text fields.
	for f, fb := range fieldBoosts {
		terms, err := dictTerms(r, fb.field)
		if err != nil {
			return nil, err
		}
		for _, term := range terms {
			// the term's list in the shard of the last document: documents
			// come in Bleve's order, mostly one shop's after another's
			var last *shard
			var list uint32
			err := eachPosting(ctx, r, term, fb.field, true, &tfd, func(count int, tfd *index.TermFieldDoc) error {
				n, err := num(tfd.ID)
				if err != nil {
					return err
				}
				if n >= uint64(len(refs)) || refs[n].s == nil {
					return fmt.Errorf("document %d has no shop", n)
				}
				ref := refs[n]
				if ref.s != last {
					last, list = ref.s, ref.s.list(f, term)
					if pl := &ref.s.lists[list]; pl.docs == nil {
						pl.docs = make([]uint32, 0, count)
						pl.tf = make([]uint16, 0, count)
						pl.ln = make([]uint16, 0, count)
					}
				}
				// Bleve's norm is float32(1/√length)
				length := int(math.Round(1 / (tfd.Norm * tfd.Norm)))
				ref.s.postTo(list, ref.d, int(tfd.Freq), length)
				if ref.s.docs[ref.d].lens[f] == 0 {
					ref.s.setLen(ref.d, f, length)
				}
				return nil
			})
			if err != nil {
				return nil, err
			}
		}
	}
	for _, s := range m.shards {
		s.compact()
		m.touch(s)
	}
	return m, nil
}

// compact moves the documents' term lists, grown one term at a time while
// loading, into one array.
func (s *shard) compact() {
	total := 0
	for _, d := range s.docs {
		total += len(d.terms)
	}
	arena := make([]uint32, 0, total)
	for i, d := range s.docs {
		if d.terms != nil {
			n := len(arena)
			arena = append(arena, d.terms...)
			s.docs[i].terms = arena[n:len(arena):len(arena)]
		}
	}
}

// dictTerms lists the terms of a field's dictionary.
func dictTerms(r index.IndexReader, field string) ([]string, error) {
	fd, err := r.FieldDict(field)
	if err != nil {
		return nil, err
	}
	defer fd.Close()
	var terms []string
	for {
		de, err := fd.Next()
		if err != nil {
			return nil, err
		}
		if de == nil {
			return terms, nil
		}
		terms = append(terms, de.Term)
	}
}

// eachPosting calls fn for each document of a term's postings in field,
// with the number of documents.
func eachPosting(ctx context.Context, r index.IndexReader, term, field string, freqNorm bool, tfd *index.TermFieldDoc, fn func(int, *index.TermFieldDoc) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	tfr, err := r.TermFieldReader(ctx, []byte(term), field, freqNorm, freqNorm, false)
	if err != nil {
		return err
	}
	defer tfr.Close()
	count := int(tfr.Count())
	for {
		d, err := tfr.Next(tfd.Reset())
		if err != nil {
			return err
		}
		if d == nil {
			return nil
		}
		if err := fn(count, d); err != nil {
			return err
		}
	}
}
