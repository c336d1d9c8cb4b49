// Package channel connects buyers to the desk: the built-in buyer simulator
// page and its live link. Messages sent to a buyer reach the buyer's open
// pages through a Hub.
package channel

import (
	"context"
	"sync"

	"replydesk/engine"
)

type buyerKey struct {
	shopID     int64
	externalID string
}

// Hub fans out messages sent to a buyer to every live page of that buyer.
// It is safe for concurrent use; a slow page drops messages rather than
// blocking the desk (the page reloads history when it reconnects).
type Hub struct {
	mu   sync.Mutex
	subs map[buyerKey]map[chan engine.Message]struct{}
}

var _ engine.Outbox = (*Hub)(nil)

// NewHub returns an empty hub.
func NewHub() *Hub { return &Hub{subs: map[buyerKey]map[chan engine.Message]struct{}{}} }

// Deliver implements engine.Outbox. System messages are for agents only
// and never reach a buyer's page.
func (h *Hub) Deliver(_ context.Context, shopID int64, buyer engine.Buyer, m engine.Message) {
	if m.Sender == engine.SenderSystem {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.subs[buyerKey{shopID, buyer.ExternalID}] {
		select {
		case ch <- m:
		default:
		}
	}
}

// Subscribe returns the messages delivered to a buyer from now on, and a
// function that ends the subscription.
func (h *Hub) Subscribe(shopID int64, externalID string) (<-chan engine.Message, func()) {
	k := buyerKey{shopID, externalID}
	ch := make(chan engine.Message, 64)
	h.mu.Lock()
	if h.subs[k] == nil {
		h.subs[k] = map[chan engine.Message]struct{}{}
	}
	h.subs[k][ch] = struct{}{}
	h.mu.Unlock()
	return ch, func() {
		h.mu.Lock()
		delete(h.subs[k], ch)
		if len(h.subs[k]) == 0 {
			delete(h.subs, k)
		}
		h.mu.Unlock()
	}
}
