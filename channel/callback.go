package channel

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"replydesk/engine"
)

// Outboxes delivers a message to each outbox in turn: the simulator's Hub
// and the webhook's Callbacks.
type Outboxes []engine.Outbox

var _ engine.Outbox = Outboxes(nil)

// Deliver implements engine.Outbox.
func (o Outboxes) Deliver(ctx context.Context, shopID int64, buyer engine.Buyer, m engine.Message) {
	for _, out := range o {
		out.Deliver(ctx, shopID, buyer, m)
	}
}

// DeliveryStore is the persisted outbox of deliveries to the shops'
// callbacks, and the callbacks themselves (store.Store).
type DeliveryStore interface {
	// Callback returns the shop's callback, or ErrNotFound.
	Callback(ctx context.Context, shopID int64) (engine.Callback, error)
	// SetCallback sets the shop's callback, an empty URL removes it; ErrNotFound for an unknown shop.
	SetCallback(ctx context.Context, shopID int64, cb engine.Callback, at time.Time) error
	// NextDeliveries returns each shop's oldest delivery not yet
	// acknowledged, for the shops with a callback.
	NextDeliveries(ctx context.Context) ([]engine.Delivery, error)
	DeliverySucceeded(ctx context.Context, seq int64, at time.Time) error
	DeliveryFailed(ctx context.Context, seq int64, attempts int, next time.Time, reason string) error
	PruneDeliveries(ctx context.Context, before time.Time) (int64, error)
}

// Clock tells the time and waits; tests use a fake.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

// SystemClock is the real clock.
type SystemClock struct{}

func (SystemClock) Now() time.Time                         { return time.Now() }
func (SystemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Defaults of CallbackOptions.
const (
	DefaultAttemptTimeout = 10 * time.Second
	DefaultFirstRetry     = time.Second
	DefaultMaxRetry       = 5 * time.Minute
	DefaultParallel       = 8
	// DefaultKeepDelivered is how long acknowledged deliveries stay in the
	// outbox (to look into) before they are deleted.
	DefaultKeepDelivered = 7 * 24 * time.Hour
)

// CallbackOptions tune Callbacks; zero values take the defaults.
type CallbackOptions struct {
	Clock Clock
	// Client sends the deliveries; by default one that follows no redirect.
	Client *http.Client
	// Timeout bounds one attempt.
	Timeout time.Duration
	// FirstRetry is the wait after a first failure; each failure doubles
	// it, up to MaxRetry.
	FirstRetry time.Duration
	MaxRetry   time.Duration
	// Parallel is how many shops' callbacks are called at once.
	Parallel      int
	KeepDelivered time.Duration
}

// Callbacks delivers every message sent to a buyer of a shop that has a
// callback URL to that URL (CV-7b), from a persisted outbox: the store
// queues the delivery in the transaction that stores the message, Deliver
// wakes the worker, and the worker POSTs it, signed, until the callback
// answers 2xx. A failed attempt is
// retried after 1 s, 2 s, 4 s, … up to 5 min, for ever; a shop's deliveries
// go in order, one at a time, and a slow or failing shop holds up no other
// shop nor the desk. Pending deliveries survive restarts: Start resumes them.
// A delivery may arrive twice (the app stopped between the 2xx and its
// record); receivers drop repeats by X-ReplyDesk-Delivery.
type Callbacks struct {
	st       DeliveryStore
	log      *slog.Logger
	clock    Clock
	client   *http.Client
	timeout  time.Duration
	first    time.Duration
	max      time.Duration
	parallel int
	keep     time.Duration

	wake chan struct{}

	mu     sync.Mutex
	cancel context.CancelFunc
	done   chan struct{}

	// attempted, when set (by tests), is told every attempt's outcome once
	// it is recorded.
	attempted func(d engine.Delivery, err error)
}

var _ engine.Outbox = (*Callbacks)(nil)

// NewCallbacks returns the callbacks' outbox over the store; Start runs its worker.
func NewCallbacks(st DeliveryStore, log *slog.Logger, o CallbackOptions) *Callbacks {
	c := &Callbacks{st: st, log: log, clock: o.Clock, client: o.Client, timeout: o.Timeout, first: o.FirstRetry,
		max: o.MaxRetry, parallel: o.Parallel, keep: o.KeepDelivered, wake: make(chan struct{}, 1)}
	if c.clock == nil {
		c.clock = SystemClock{}
	}
	if c.client == nil {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConnsPerHost = DefaultParallel
		c.client = &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	if c.timeout <= 0 {
		c.timeout = DefaultAttemptTimeout
	}
	if c.first <= 0 {
		c.first = DefaultFirstRetry
	}
	if c.max <= 0 {
		c.max = DefaultMaxRetry
	}
	if c.parallel <= 0 {
		c.parallel = DefaultParallel
	}
	if c.keep <= 0 {
		c.keep = DefaultKeepDelivered
	}
	return c
}

// Deliver implements engine.Outbox: the store queued the message for the
// shop's callback when it stored it (when the shop has one); Deliver only
// wakes the worker. It never waits.
func (c *Callbacks) Deliver(context.Context, int64, engine.Buyer, engine.Message) {
	c.poke()
}

// SetCallback sets where a shop's messages to buyers are delivered. An empty
// URL removes the callback (what is waiting stays, for a later callback). An
// empty secret keeps the shop's secret; a shop without one must be given one.
// Bad input gives an *engine.InputError, an unknown shop ErrNotFound.
func (c *Callbacks) SetCallback(ctx context.Context, shopID int64, rawURL, secret string) error {
	rawURL = strings.TrimSpace(rawURL)
	if rawURL == "" {
		return c.st.SetCallback(ctx, shopID, engine.Callback{}, c.clock.Now())
	}
	if err := CheckCallback(rawURL, secret); err != nil {
		return err
	}
	if secret == "" {
		cb, err := c.st.Callback(ctx, shopID)
		switch {
		case errors.Is(err, engine.ErrNotFound):
			return &engine.InputError{Key: "webhook_secret_missing", Detail: "give the callback a secret to sign the deliveries with"}
		case err != nil:
			return err
		}
		secret = cb.Secret
	}
	if err := c.st.SetCallback(ctx, shopID, engine.Callback{URL: rawURL, Secret: secret}, c.clock.Now()); err != nil {
		return err
	}
	c.poke()
	return nil
}

// poke wakes the worker without waiting.
func (c *Callbacks) poke() {
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// Start runs the worker in the background, resuming what the outbox holds.
// Starting a running worker does nothing.
func (c *Callbacks) Start() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cancel != nil {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	c.cancel, c.done = cancel, make(chan struct{})
	go c.run(ctx, c.done)
}

// Stop stops the worker and waits for it: attempts under way are cut off
// and stay in the outbox as they were. It always returns nil.
func (c *Callbacks) Stop() error {
	c.mu.Lock()
	cancel, done := c.cancel, c.done
	c.cancel, c.done = nil, nil
	c.mu.Unlock()
	if cancel != nil {
		cancel()
		<-done
	}
	return nil
}

func (c *Callbacks) run(ctx context.Context, done chan struct{}) {
	defer close(done)
	var attempts sync.WaitGroup
	defer attempts.Wait()
	if n, err := c.st.PruneDeliveries(ctx, c.clock.Now().Add(-c.keep)); err != nil && ctx.Err() == nil {
		c.log.Error("webhook: prune the outbox", "err", err)
	} else if n > 0 {
		c.log.Info("webhook: pruned acknowledged deliveries", "count", n)
	}
	inFlight := map[int64]bool{} // by shop
	finished := make(chan int64)
	for {
		select {
		case <-c.wake:
		default:
		}
		var timer <-chan time.Time
		heads, err := c.st.NextDeliveries(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			c.log.Error("webhook: read the outbox", "err", err, "retry_in", c.first)
			timer = c.clock.After(c.first)
		}
		now := c.clock.Now()
		var soonest time.Duration = -1
		for _, d := range heads {
			if inFlight[d.ShopID] {
				continue
			}
			if wait := d.NextAt.Sub(now); wait > 0 {
				if soonest < 0 || wait < soonest {
					soonest = wait
				}
				continue
			}
			if len(inFlight) >= c.parallel {
				continue // due; started when an attempt finishes
			}
			inFlight[d.ShopID] = true
			attempts.Add(1)
			go func() {
				defer attempts.Done()
				c.attempt(ctx, d)
				select {
				case finished <- d.ShopID:
				case <-ctx.Done():
				}
			}()
		}
		if soonest >= 0 {
			timer = c.clock.After(soonest)
		}
		select {
		case <-ctx.Done():
			return
		case <-c.wake:
		case <-timer:
		case shop := <-finished:
			delete(inFlight, shop)
		}
	}
}

// attempt sends a delivery once and records the outcome; a delivery
// queued without a body gets it from its message.
func (c *Callbacks) attempt(ctx context.Context, d engine.Delivery) {
	var err error
	if len(d.Body) == 0 {
		d.Body, err = Body(d)
	}
	if err == nil {
		err = c.post(ctx, d)
	}
	if err != nil && ctx.Err() != nil {
		return // stopping: not the callback's failure
	}
	record := context.WithoutCancel(ctx)
	if err == nil {
		if rerr := c.st.DeliverySucceeded(record, d.Seq, c.clock.Now()); rerr != nil {
			c.log.Error("webhook: record a delivery", "shop", d.ShopID, "delivery", d.ID, "err", rerr)
		}
	} else {
		attempts := d.Attempts + 1
		wait := c.Backoff(attempts)
		if rerr := c.st.DeliveryFailed(record, d.Seq, attempts, c.clock.Now().Add(wait), err.Error()); rerr != nil {
			c.log.Error("webhook: record a failed delivery", "shop", d.ShopID, "delivery", d.ID, "err", rerr)
		}
		c.log.Warn("webhook: callback failed", "shop", d.ShopID, "delivery", d.ID, "attempt", attempts,
			"reason", err.Error(), "retry_in", wait)
	}
	if c.attempted != nil {
		c.attempted(d, err)
	}
}

// Body is the body of a delivery queued without one: the message as the
// callback receives it. It is the same on every attempt, since the message
// and the delivery's ID never change.
func Body(d engine.Delivery) ([]byte, error) {
	if d.Message == nil {
		return nil, errors.New("the message of the delivery is gone")
	}
	if d.Event == "action" {
		return json.Marshal(actionBody{Delivery: d.ID, Event: "action", Shop: d.ShopID, Buyer: d.Message.Buyer.ExternalID,
			Action: json.RawMessage(d.Payload)})
	}
	return json.Marshal(callbackBody{Delivery: d.ID, Event: "message", Shop: d.ShopID, Buyer: d.Message.Buyer.ExternalID,
		Message: toWireMessage(d.Message.Message)})
}

// actionBody is an action event's body: an operation the platform must
// carry out (SA-4), {"type", "order", "conversation_id", "agent_id", "at"}.
type actionBody struct {
	Delivery string          `json:"delivery"`
	Event    string          `json:"event"`
	Shop     int64           `json:"shop"`
	Buyer    string          `json:"buyer"`
	Action   json.RawMessage `json:"action"`
}

// Backoff is the wait after a delivery's nth failed attempt (n ≥ 1).
func (c *Callbacks) Backoff(n int) time.Duration {
	wait := c.first
	for i := 1; i < n && wait < c.max; i++ {
		wait *= 2
	}
	return min(wait, c.max)
}

// Signature is the X-ReplyDesk-Signature of a body: "sha256=" and the
// HMAC-SHA256 of the body with the shop's callback secret, in hex.
func Signature(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// post sends a delivery once. The error says why it failed without the
// callback's address, which may hold credentials.
func (c *Callbacks) post(ctx context.Context, d engine.Delivery) error {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.Callback.URL, strings.NewReader(string(d.Body)))
	if err != nil {
		return errors.New("the callback address is not valid")
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "ReplyDesk-Webhook/1")
	req.Header.Set("X-ReplyDesk-Delivery", d.ID)
	req.Header.Set("X-ReplyDesk-Timestamp", strconv.FormatInt(c.clock.Now().Unix(), 10))
	req.Header.Set("X-ReplyDesk-Signature", Signature(d.Callback.Secret, d.Body))
	resp, err := c.client.Do(req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("no answer within %s", c.timeout)
		}
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxBody))
	resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("answered HTTP %d", resp.StatusCode)
	}
	return nil
}
