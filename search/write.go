package search

import (
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
)

// question is one analysed question document, ready for Bleve and for the
// in-memory index.
type question struct {
	entry, shop int64
	n           int // position in the entry's Questions()
	text        string
	norm        uint64        // normHash of normalize(text); 0 for none
	fields      []fieldTokens // per fieldBoosts entry
}

// fieldTokens is a question analysed for one text field.
type fieldTokens struct {
	tokens analysis.TokenStream
	terms  []termFreq // distinct terms
	length int        // number of tokens, Bleve's field length
}

type termFreq struct {
	term string
	freq int
}

// analysed replays tokens analysed beforehand: the documents handed to Bleve
// carry it as their analyzer, so Bleve indexes the very tokens the in-memory
// index holds and no text is analysed twice.
type analysed analysis.TokenStream

func (a analysed) Analyze([]byte) analysis.TokenStream { return analysis.TokenStream(a) }

// Put indexes one entry, replacing all its previous questions; it is
// searchable when Put returns. A disabled entry, or one without any
// non-blank question, is removed from the index.
func (ix *Index) Put(d Doc) error {
	return ix.PutBatch([]Doc{d})
}

// PutBatch indexes many entries, replacing their previous questions, as Put
// does. When an entry appears twice, the last one wins. It does not change
// the sequence number the index records (see Index).
func (ix *Index) PutBatch(docs []Doc) error {
	if err := ix.write(docs, nil, 0); err != nil {
		return fmt.Errorf("search: index entries: %w", err)
	}
	return nil
}

// Delete removes an entry's questions. Deleting an entry that is not in the
// index is not an error.
func (ix *Index) Delete(entryID int64) error {
	if err := ix.write(nil, []int64{entryID}, 0); err != nil {
		return fmt.Errorf("search: delete entry %d: %w", entryID, err)
	}
	return nil
}

// write applies puts and deletions in Bleve batches of at most batchSize
// entries, then to the in-memory index, batch by batch. A seq > 0 is
// recorded with the last batch (see advanceSeq). Writes are serialised.
func (ix *Index) write(put []Doc, del []int64, seq int64) error {
	ix.wmu.Lock()
	defer ix.wmu.Unlock()
	if ix.closed {
		return errClosed
	}
	// the last occurrence of an entry wins, deletions after puts
	last := make(map[int64]int, len(put))
	for i, d := range put {
		last[d.EntryID] = i
	}
	for _, id := range del {
		last[id] = -1
	}
	var keep []Doc
	for i, d := range put {
		if last[d.EntryID] == i {
			keep = append(keep, d)
		}
	}
	var drop []int64
	for _, id := range del {
		if last[id] == -1 {
			last[id] = -2
			drop = append(drop, id)
		}
	}
	for first := true; first || len(keep) > 0 || len(drop) > 0; first = false {
		n := min(len(keep), batchSize)
		m := min(len(drop), batchSize-n)
		lastBatch := n == len(keep) && m == len(drop)
		s := int64(0)
		if lastBatch {
			s = seq
		}
		if err := ix.apply(keep[:n], drop[:m], s); err != nil {
			return err
		}
		keep, drop = keep[n:], drop[m:]
	}
	return nil
}

// apply writes one batch: the questions of the enabled docs replace the
// documents of their entries, the entries of del and of disabled docs lose
// theirs, and seq (when > 0) advances the recorded sequence number, all in
// one Bleve batch; then the in-memory index follows. Each entry appears
// once. The caller holds wmu.
func (ix *Index) apply(docs []Doc, del []int64, seq int64) error {
	qs := analyseDocs(ix.analyzers, docs)
	b := ix.idx.NewBatch()
	// Documents of the touched entries that are not rewritten go.
	fresh := make(map[string]bool, len(qs))
	for _, q := range qs {
		fresh[docID(q.entry, q.n)] = true
	}
	touched := make([]int64, 0, len(docs)+len(del))
	for _, d := range docs {
		touched = append(touched, d.EntryID)
	}
	touched = append(touched, del...)
	for _, e := range touched {
		for _, id := range ix.mem.docIDs(e) {
			if !fresh[id] {
				b.Delete(id)
			}
		}
	}
	for _, q := range qs {
		if err := b.IndexAdvanced(bleveDoc(q)); err != nil {
			return err
		}
	}
	newSeq, advance := ix.nextSeq(seq)
	if advance {
		b.SetInternal(keySeq, []byte(strconv.FormatInt(newSeq, 10)))
	}
	if b.Size() > 0 || advance {
		if err := ix.idx.Batch(b); err != nil {
			return err
		}
	}
	if advance {
		ix.seq = newSeq
	}
	shops := map[int64]bool{}
	for _, e := range touched {
		if shop, ok := ix.mem.shopOf[e]; ok {
			shops[shop] = true
		}
	}
	for _, d := range docs {
		shops[d.ShopID] = true
	}
	ix.mu.Lock()
	ix.mem.remove(touched)
	for _, q := range qs {
		ix.mem.add(q)
	}
	ix.mu.Unlock()
	ix.scheduleTraining(slices.Collect(maps.Keys(shops)))
	return nil
}

// bleveDoc is the Bleve document of a question: its shop as a keyword and
// the two text fields with their tokens already analysed. Nothing is stored.
func bleveDoc(q *question) *document.Document {
	doc := document.NewDocument(docID(q.entry, q.n))
	doc.AddField(document.NewTextFieldCustom(fieldShop, nil, []byte(strconv.FormatInt(q.shop, 10)), index.IndexField, nil))
	if q.norm != 0 {
		doc.AddField(document.NewTextFieldCustom(fieldNorm, nil, []byte(strconv.FormatUint(q.norm, 16)), index.IndexField, nil))
	}
	for i, fb := range fieldBoosts {
		doc.AddField(document.NewTextFieldCustom(fb.field, nil, []byte(q.text), index.IndexField, analysed(q.fields[i].tokens)))
	}
	return doc
}

// analyseDocs analyses the questions of the enabled docs, on all cores for
// large batches, in order.
func analyseDocs(analyzers []analysis.Analyzer, docs []Doc) []*question {
	var qs []*question
	for _, d := range docs {
		if !d.Enabled {
			continue
		}
		for _, q := range questions(d) {
			qs = append(qs, &question{entry: d.EntryID, shop: d.ShopID, n: q.n, text: q.text})
		}
	}
	workers := min(runtime.GOMAXPROCS(0), len(qs)/64+1)
	if workers == 1 {
		for _, q := range qs {
			q.fields = analyseText(analyzers, q.text)
			q.norm = textHash(q.text)
		}
		return qs
	}
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < len(qs); i += workers {
				qs[i].fields = analyseText(analyzers, qs[i].text)
				qs[i].norm = textHash(qs[i].text)
			}
		}(w)
	}
	wg.Wait()
	return qs
}

// analyseText runs text through each text field's analyzer.
func analyseText(analyzers []analysis.Analyzer, text string) []fieldTokens {
	out := make([]fieldTokens, len(analyzers))
	for i, a := range analyzers {
		toks := a.Analyze([]byte(text))
		out[i] = fieldTokens{tokens: toks, terms: countTerms(toks), length: len(toks)}
	}
	return out
}

// countTerms returns the distinct terms of toks with their frequencies, in
// order of first appearance.
func countTerms(toks analysis.TokenStream) []termFreq {
	out := make([]termFreq, 0, len(toks))
	var at map[string]int // for long texts
	if len(toks) > 32 {
		at = make(map[string]int, len(toks))
	}
next:
	for _, tok := range toks {
		if at != nil {
			if i, ok := at[string(tok.Term)]; ok {
				out[i].freq++
				continue
			}
			at[string(tok.Term)] = len(out)
		} else {
			for i := range out {
				if out[i].term == string(tok.Term) {
					out[i].freq++
					continue next
				}
			}
		}
		out = append(out, termFreq{term: string(tok.Term), freq: 1})
	}
	return out
}

// numberedText is a question and its position in the entry's Questions().
type numberedText struct {
	n    int
	text string
}

// questions returns the non-blank questions of d, standard question first,
// each valid UTF-8 and at most maxTextRunes long, numbered by their position
// in engine.Entry.Questions() (0 the standard question, i similar question
// i-1). A question equal to an earlier one is left out; the numbers of the
// others do not change.
func questions(d Doc) []numberedText {
	out := make([]numberedText, 0, 1+len(d.Similar))
	seen := make(map[string]bool, 1+len(d.Similar))
	for n := 0; n <= len(d.Similar); n++ {
		q := d.Question
		if n > 0 {
			q = d.Similar[n-1]
		}
		q = clean(q, maxTextRunes)
		if q == "" || seen[q] {
			continue
		}
		seen[q] = true
		out = append(out, numberedText{n, q})
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

// maxPendingSeqs bounds the sequence numbers remembered while an earlier
// one is missing.
const maxPendingSeqs = 4096

// nextSeq returns the sequence number to record once the change seq is
// applied, and whether it differs from the one recorded. The recorded number
// s means "every change up to s is in the index": a change applied ahead of
// an earlier one (two edits indexed out of order) waits in pending until the
// gap closes, and a gap that never closes (a change made by another program
// while this one runs) leaves the index behind the store, which the next
// Open rebuilds. The caller holds wmu and sets ix.seq after a successful
// batch; pending is updated at once, which is harmless if the batch fails
// (that change then never closes the gap).
func (ix *Index) nextSeq(seq int64) (int64, bool) {
	if seq <= ix.seq {
		return ix.seq, false
	}
	if seq > ix.seq+1 {
		if len(ix.pending) < maxPendingSeqs {
			ix.pending[seq] = true
		}
		return ix.seq, false
	}
	for ix.pending[seq+1] {
		delete(ix.pending, seq+1)
		seq++
	}
	return seq, true
}
