// Package kbsource feeds the search index from the store: the entries to
// rebuild it from, the database's identity and the KB's change sequence.
package kbsource

import (
	"context"

	"replydesk/engine"
	"replydesk/search"
	"replydesk/store"
)

// Source is a search.Source over a store.
type Source struct {
	st *store.Store
	id string // the database's instance id
}

// New returns the source of a store.
func New(ctx context.Context, st *store.Store) (Source, error) {
	id, err := st.InstanceID(ctx)
	return Source{st: st, id: id}, err
}

// Identity names the database.
func (s Source) Identity() string { return s.id }

// Seq is the sequence number of the KB's latest change.
func (s Source) Seq(ctx context.Context) (int64, error) { return s.st.KBSeq(ctx) }

// EachDoc calls fn with every entry as an index document.
func (s Source) EachDoc(ctx context.Context, fn func(search.Doc) error) error {
	return s.st.EachEntry(ctx, func(e engine.Entry) error { return fn(search.DocOf(e)) })
}
