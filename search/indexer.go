package search

import (
	"context"
	"fmt"

	"replydesk/engine"
)

var (
	_ engine.Indexer   = (*Index)(nil)
	_ engine.Explainer = (*Index)(nil)
)

// DocOf is the index document of a KB entry.
func DocOf(e engine.Entry) Doc {
	return Doc{EntryID: e.ID, ShopID: e.ShopID, Question: e.Question, Similar: e.Similar, Enabled: e.Enabled}
}

// Index applies the KB change seq: the entries of put are (re)indexed as Put
// does, those of del removed (del wins over put), and seq is recorded in the
// same Bleve batch as the last of the writes (an import of more than 1,000
// entries takes several batches; until the last is written the index still
// records an older number). The recorded number only advances over
// consecutive changes: a change indexed before an earlier one waits for it,
// and one that never arrives (a change made by another program while the
// app runs, or an Index call that failed) leaves the index behind the store
// until Open rebuilds it. So a KB change the store acknowledged is never
// lost: after a crash at any moment, Open sees a recorded number different
// from Source.Seq and rebuilds. A seq ≤ 0 records nothing.
func (ix *Index) Index(ctx context.Context, seq int64, put []engine.Entry, del []int64) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("search: index change %d: %w", seq, err)
	}
	docs := make([]Doc, len(put))
	for i, e := range put {
		docs[i] = DocOf(e)
	}
	if err := ix.write(docs, del, seq); err != nil {
		return fmt.Errorf("search: index change %d: %w", seq, err)
	}
	return nil
}
