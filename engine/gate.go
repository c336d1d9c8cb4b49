package engine

import "context"

// WriteGate lets one writer through at a time, in the order they came:
// SQLite takes one writer, and writers that queue here wait their turn
// instead of polling for the database's lock, where a steady stream of
// webhook requests could keep the reception worker waiting for ever.
type WriteGate struct{ ch chan struct{} }

// NewWriteGate returns an open gate.
func NewWriteGate() *WriteGate { return &WriteGate{ch: make(chan struct{}, 1)} }

// Do waits for the gate and runs fn; it returns ctx's error, without
// running fn, when ctx ends first.
func (g *WriteGate) Do(ctx context.Context, fn func()) error {
	select {
	case g.ch <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-g.ch }()
	fn()
	return nil
}
