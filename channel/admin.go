package channel

import (
	"context"
	"errors"
	"fmt"

	"replydesk/engine"
)

// AdminStore is what Webhooks reads (store.Store).
type AdminStore interface {
	TokenStore
	Shop(ctx context.Context, id int64) (engine.Shop, error)
	Callback(ctx context.Context, shopID int64) (engine.Callback, error)
	PendingDeliveries(ctx context.Context, shopID int64) (int, error)
}

// WebhookInfo is what the app shows of a shop's webhook connector.
type WebhookInfo struct {
	// URL is the root of the endpoints: URL + "/messages", URL + "/orders".
	URL string `json:"url"`
	// CallbackURL is where the shop's messages to buyers are delivered,
	// empty when nowhere.
	CallbackURL string `json:"callbackUrl"`
	// HasToken: the shop has a token (it is shown only when made).
	HasToken bool `json:"hasToken"`
	// Pending counts the deliveries the callback has not acknowledged yet.
	Pending int `json:"pending"`
}

// Webhooks manages the shops' webhook connectors for the app: tokens and
// callbacks.
type Webhooks struct {
	st        AdminStore
	callbacks *Callbacks
	base      string
	clock     engine.Clock
}

// NewWebhooks returns the manager; baseURL is the channels' server
// ("http://127.0.0.1:7788").
func NewWebhooks(st AdminStore, callbacks *Callbacks, baseURL string, clock engine.Clock) *Webhooks {
	return &Webhooks{st: st, callbacks: callbacks, base: baseURL, clock: clock}
}

// RotateToken gives the shop a new token and returns it: the token before
// stops working at once. It is shown this once. ErrNotFound for an unknown shop.
func (w *Webhooks) RotateToken(ctx context.Context, shopID int64) (string, error) {
	return RotateToken(ctx, w.st, shopID, w.clock.Now())
}

// Info returns the shop's webhook connector; ErrNotFound for an unknown shop.
func (w *Webhooks) Info(ctx context.Context, shopID int64) (WebhookInfo, error) {
	if _, err := w.st.Shop(ctx, shopID); err != nil {
		return WebhookInfo{}, err
	}
	info := WebhookInfo{URL: w.base + "/webhook/v1"}
	var err error
	if info.HasToken, err = w.st.HasWebhookToken(ctx, shopID); err != nil {
		return WebhookInfo{}, err
	}
	cb, err := w.st.Callback(ctx, shopID)
	switch {
	case err == nil:
		info.CallbackURL = cb.URL
	case !errors.Is(err, engine.ErrNotFound):
		return WebhookInfo{}, err
	}
	if info.Pending, err = w.st.PendingDeliveries(ctx, shopID); err != nil {
		return WebhookInfo{}, err
	}
	return info, nil
}

// SetCallback sets (or with an empty URL removes) where the shop's messages
// to buyers are delivered; see Callbacks.SetCallback.
func (w *Webhooks) SetCallback(ctx context.Context, shopID int64, url, secret string) error {
	if err := w.callbacks.SetCallback(ctx, shopID, url, secret); err != nil {
		return fmt.Errorf("channel: set callback: %w", err)
	}
	return nil
}
