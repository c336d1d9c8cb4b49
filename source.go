package main

import (
	"context"

	"replydesk/engine"
	"replydesk/search"
	"replydesk/store"
)

// storeSource feeds the search index from the store when it is rebuilt.
type storeSource struct {
	st *store.Store
	id string // the database's instance id
}

func newStoreSource(ctx context.Context, st *store.Store) (storeSource, error) {
	id, err := st.InstanceID(ctx)
	return storeSource{st: st, id: id}, err
}

func (s storeSource) Identity() string { return s.id }

func (s storeSource) EachDoc(ctx context.Context, fn func(search.Doc) error) error {
	return s.st.EachEntry(ctx, func(e engine.Entry) error { return fn(search.DocOf(e)) })
}
