package channel

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
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
	EnqueueDelivery(ctx context.Context, d engine.Delivery) (engine.Delivery, error)
	// NextDeliveries returns each shop's oldest delivery not yet
	// acknowledged, for the shops with a callback.
	NextDeliveries(ctx context.Context) ([]engine.Delivery, error)
	DeliverySucceeded(ctx context.Context, seq int64, at time.Time) error
	DeliveryFailed(ctx context.Context, seq int64, attempts int, next time.Time, reason string) error
	PruneDeliveries(ctx context.Context, before time.Time) (int64, error)
	// UndeliveredMessages returns up to limit messages to buyers of shops
	// with a callback that were stored before the given instant but never
	// queued, oldest first.
	UndeliveredMessages(ctx context.Context, before time.Time, limit int) ([]engine.Undelivered, error)
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
// callback URL to that URL (CV-7b), from a persisted outbox: Deliver writes
// the delivery to the outbox before it returns, and a background worker
// POSTs it, signed, until the callback answers 2xx. A failed attempt is
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

// Deliver implements engine.Outbox: when the shop has a callback, the
// message is written to the outbox before Deliver returns, and the worker
// is woken. It never waits on the callback. A failure to write is logged.
func (c *Callbacks) Deliver(ctx context.Context, shopID int64, buyer engine.Buyer, m engine.Message) {
	c.queue(ctx, shopID, buyer, m)
}

// queue writes a message to the outbox when the shop has a callback and
// wakes the worker. It reports whether it wrote it: not for an agents'
// note, a shop without callback, a message already queued, or a failure
// (logged).
func (c *Callbacks) queue(ctx context.Context, shopID int64, buyer engine.Buyer, m engine.Message) bool {
	if m.Sender == engine.SenderSystem {
		return false // for agents only
	}
	ctx = context.WithoutCancel(ctx)
	if _, err := c.st.Callback(ctx, shopID); err != nil {
		if !errors.Is(err, engine.ErrNotFound) {
			c.log.Error("webhook: callback", "shop", shopID, "message", m.ID, "err", err)
		}
		return false
	}
	now := c.clock.Now()
	id := newDeliveryID()
	body, err := json.Marshal(callbackBody{Delivery: id, Event: "message", Shop: shopID, Buyer: buyer.ExternalID, Message: toWireMessage(m)})
	var d engine.Delivery
	if err == nil {
		d, err = c.st.EnqueueDelivery(ctx, engine.Delivery{ShopID: shopID, ID: id, MessageID: m.ID, Body: body, NextAt: now, CreatedAt: now})
	}
	if err != nil {
		c.log.Error("webhook: the message could not be queued for the shop's callback", "shop", shopID, "message", m.ID, "err", err)
		return false
	}
	c.poke()
	return d.ID == id
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

// catchUpBatch is how many lost messages catchUp queues at a time.
const catchUpBatch = 500

// catchUp queues the messages to buyers that were stored but never queued
// because the app stopped in between, so that a message sent is delivered
// even then. It runs when the worker starts, before it reads the outbox,
// and looks only at messages stored before that: later ones are queued as
// they are sent.
func (c *Callbacks) catchUp(ctx context.Context) {
	queued, last, started := 0, int64(0), c.clock.Now()
	for {
		lost, err := c.st.UndeliveredMessages(ctx, started, catchUpBatch)
		if err != nil {
			if ctx.Err() == nil {
				c.log.Error("webhook: look for messages never queued", "err", err)
			}
			return
		}
		if len(lost) == 0 || lost[0].Message.ID <= last {
			break // none left, or queuing fails (Deliver logged why)
		}
		for _, u := range lost {
			if c.queue(ctx, u.ShopID, u.Buyer, u.Message) {
				queued++ // not queued meanwhile by Deliver
			}
			last = u.Message.ID
		}
		if len(lost) < catchUpBatch || ctx.Err() != nil {
			break
		}
	}
	if queued > 0 {
		c.log.Warn("webhook: queued messages the app had stored but not queued when it stopped", "count", queued)
	}
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
	c.catchUp(ctx)
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

// attempt sends a delivery once and records the outcome.
func (c *Callbacks) attempt(ctx context.Context, d engine.Delivery) {
	err := c.post(ctx, d)
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

func newDeliveryID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
