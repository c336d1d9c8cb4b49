package channel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"replydesk/engine"
)

// WebhookStore is what the webhook endpoints read and write (store.Store).
type WebhookStore interface {
	// WebhookTokenShop returns the shop of a token hash, or ErrNotFound.
	WebhookTokenShop(ctx context.Context, hash string) (int64, error)
	// KeyedMessage returns the message stored under an idempotency id, or ErrNotFound.
	KeyedMessage(ctx context.Context, shopID int64, key string) (engine.Message, error)
	// UpsertOrders stores checked orders of a buyer; ErrNotFound for an unknown shop.
	UpsertOrders(ctx context.Context, shopID int64, buyerExternalID, buyerName string, orders []engine.Order, at time.Time) ([]engine.Order, error)
}

// Limits of the webhook API.
const (
	// DefaultRate and DefaultBurst bound the requests of one token: a
	// burst of DefaultBurst at once, DefaultRate a second over time. The
	// desk keeps up with more than 1,000 messages a second (SPEC §4), so
	// one shop may send that many; a runaway script is held at the limit
	// and the other shops' tokens are not slowed.
	DefaultRate  = 1000
	DefaultBurst = 2000
	// MaxKeyRunes bounds a message's idempotency id.
	MaxKeyRunes = 128
	// MaxBuyerRunes and MaxNameRunes bound the buyer's ID and name.
	MaxBuyerRunes = 128
	MaxNameRunes  = 64
)

// WebhookOptions tune the webhook endpoints; zero values take the defaults.
type WebhookOptions struct {
	// Rate is how many requests a second one token may make, Burst how
	// many at once.
	Rate  float64
	Burst int
	// Clock drives the rate limit; SystemClock by default.
	Clock engine.Clock
	// Gate lets one writer at a time through; shared with the other
	// writers of the database (the reception worker), else the webhook's own.
	Gate *engine.WriteGate
}

// Webhook serves the generic webhook connector's endpoints (CV-7b) for any
// system that can make HTTP calls. Every request names its shop by the
// shop's token (Authorization: Bearer <token>):
//
//	POST /webhook/v1/messages  {shop, buyer, name, text, id}: a buyer message;
//	                           the same id twice stores one message
//	POST /webhook/v1/orders    {shop, buyer, name, orders: [...]}: orders of a
//	                           buyer, created or replaced by order number
//	POST /webhook/v1/events    {shop, type: "rating", buyer, message, solved,
//	                           reason, text} or {…, score}: a buyer's rating;
//	                           {shop, type: "order_choice", buyer, order}: the
//	                           order picked on the order-prediction card
//
// Every refusal is {"error": {"key", "message"}} with a 4xx status and
// stores nothing. Messages to buyers go back through Callbacks.
type Webhook struct {
	inbox Inbox
	st    WebhookStore
	limit *limiter
	clock engine.Clock
	log   *slog.Logger
	// unwired is logged once: the desk's store ignores idempotency ids.
	unwired sync.Once
	// events takes buyers' ratings; nil refuses them.
	events BuyerEvents
	// gate lets one request at a time write: SQLite takes one writer
	// anyway, and requests queued here wait their turn in order instead of
	// polling for the database's lock (which under a burst can exceed its
	// busy timeout).
	gate *engine.WriteGate
}

// NewWebhook returns the webhook endpoints over the desk (inbox) and the store.
// The desk's Conversations must honour message keys (store.Idempotent).
func NewWebhook(inbox Inbox, st WebhookStore, log *slog.Logger, o WebhookOptions) *Webhook {
	if o.Rate <= 0 {
		o.Rate = DefaultRate
	}
	if o.Burst <= 0 {
		o.Burst = DefaultBurst
	}
	if o.Clock == nil {
		o.Clock = engine.SystemClock{}
	}
	if o.Gate == nil {
		o.Gate = engine.NewWriteGate()
	}
	return &Webhook{inbox: inbox, st: st, limit: newLimiter(o.Rate, o.Burst, o.Clock), clock: o.Clock, log: log,
		gate: o.Gate}
}

// SetEvents lets the webhook take buyers' events (ratings) through events.
func (h *Webhook) SetEvents(events BuyerEvents) { h.events = events }

func (h *Webhook) event(w http.ResponseWriter, r *http.Request, shop int64) {
	var req eventRequest
	if !readJSON(w, r, &req) || !shopOf(w, req.Shop, shop) {
		return
	}
	h.write(w, r, func() {
		handleEvent(w, r, h.events, h.inbox, shop, req, func(msg string, args ...any) { h.log.Error("webhook: "+msg, args...) })
	})
}

// Handler returns the webhook's routes, under /webhook/. Like the
// simulator's, they answer only requests whose Host is a loopback name.
func (h *Webhook) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /webhook/v1/messages", h.authorized(h.message))
	mux.HandleFunc("POST /webhook/v1/orders", h.authorized(h.orders))
	mux.HandleFunc("POST /webhook/v1/events", h.authorized(h.event))
	mux.HandleFunc("/webhook/", func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/webhook/v1/messages", "/webhook/v1/orders", "/webhook/v1/events":
			w.Header().Set("Allow", "POST")
			writeError(w, http.StatusMethodNotAllowed, "method_not_allowed", "use POST")
		default:
			writeError(w, http.StatusNotFound, "not_found", "no such endpoint: POST /webhook/v1/messages, /webhook/v1/orders or /webhook/v1/events")
		}
	})
	return loopbackOnly(mux)
}

// authorized finds the shop of the request's token and applies the token's
// rate limit before next.
func (h *Webhook) authorized(next func(http.ResponseWriter, *http.Request, int64)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		scheme, token, _ := strings.Cut(auth, " ")
		token = strings.TrimSpace(token)
		if auth == "" || !strings.EqualFold(scheme, "Bearer") || token == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="replydesk"`)
			writeError(w, http.StatusUnauthorized, "token_missing", "send the shop's webhook token in the header Authorization: Bearer TOKEN")
			return
		}
		hash := HashToken(token)
		shop, err := h.st.WebhookTokenShop(r.Context(), hash)
		switch {
		case errors.Is(err, engine.ErrNotFound):
			w.Header().Set("WWW-Authenticate", `Bearer realm="replydesk", error="invalid_token"`)
			writeError(w, http.StatusUnauthorized, "token_invalid", "the token is not the token of any shop (it may have been replaced)")
			return
		case err != nil:
			h.log.Error("webhook: token", "err", err)
			writeError(w, http.StatusInternalServerError, "internal", "the token could not be checked")
			return
		}
		if ok, wait := h.limit.allow(hash); !ok {
			w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
			writeError(w, http.StatusTooManyRequests, "rate_limited", "too many requests with this token; retry after the Retry-After header's seconds")
			return
		}
		next(w, r, shop)
	}
}

// readJSON reads a JSON body into v, or writes the refusal and returns false.
func readJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	if !isJSON(r.Header.Get("Content-Type")) {
		writeError(w, http.StatusUnsupportedMediaType, "bad_content_type", "send the body as Content-Type: application/json")
		return false
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, http.StatusRequestEntityTooLarge, "body_too_large", fmt.Sprintf("the body is larger than %d bytes", maxBody))
		} else {
			writeError(w, http.StatusBadRequest, "bad_request", "the body could not be read")
		}
		return false
	}
	// encoding/json would silently replace invalid UTF-8 with U+FFFD.
	if !utf8.Valid(body) {
		writeError(w, http.StatusBadRequest, "body_not_utf8", "the body is not valid UTF-8 text")
		return false
	}
	if err := json.Unmarshal(body, v); err != nil {
		writeError(w, http.StatusBadRequest, "bad_json", jsonProblem(err))
		return false
	}
	return true
}

// shopOf checks the shop a body names against the token's: a body may leave
// it out (0).
func shopOf(w http.ResponseWriter, named, tokenShop int64) bool {
	if named != 0 && named != tokenShop {
		writeError(w, http.StatusForbidden, "token_wrong_shop", fmt.Sprintf("the token is not shop %d's token", named))
		return false
	}
	return true
}

// checkID checks an identifier sent by a channel (a buyer's ID, an
// idempotency id): present, at most max characters, no control characters
// (a one-line value of the text rule, engine.HasControl).
func checkID(w http.ResponseWriter, what, value string, max int) bool {
	key := strings.ReplaceAll(what, " ", "_")
	switch {
	case strings.TrimSpace(value) == "":
		writeError(w, http.StatusBadRequest, key+"_missing", fmt.Sprintf("the %s is missing", what))
	case utf8.RuneCountInString(value) > max:
		writeError(w, http.StatusBadRequest, key+"_too_long", fmt.Sprintf("the %s is longer than %d characters", what, max))
	case engine.HasControl(value, false):
		writeError(w, http.StatusBadRequest, key+"_invalid", fmt.Sprintf("the %s holds a control character", what))
	default:
		return true
	}
	return false
}

func checkName(w http.ResponseWriter, name string) bool {
	if utf8.RuneCountInString(name) > MaxNameRunes || engine.HasControl(name, false) {
		writeError(w, http.StatusBadRequest, "name_invalid", fmt.Sprintf("the buyer's name must be at most %d characters, without control characters", MaxNameRunes))
		return false
	}
	return true
}

func (h *Webhook) message(w http.ResponseWriter, r *http.Request, shop int64) {
	var req messageRequest
	if !readJSON(w, r, &req) || !shopOf(w, req.Shop, shop) ||
		!checkID(w, "id", req.ID, MaxKeyRunes) || !checkID(w, "buyer", req.Buyer, MaxBuyerRunes) || !checkName(w, req.Name) {
		return
	}
	if _, err := engine.ValidateText(req.Text); err != nil {
		var ie *engine.InputError
		errors.As(err, &ie)
		writeError(w, http.StatusBadRequest, ie.Key, ie.Detail)
		return
	}
	// A retry of a stored message is answered without taking the write lock.
	m, err := h.st.KeyedMessage(r.Context(), shop, req.ID)
	switch {
	case err == nil:
		writeJSON(w, http.StatusOK, messageResponse{Message: toWireMessage(m), Duplicate: true})
		return
	case !errors.Is(err, engine.ErrNotFound):
		h.log.Error("webhook: idempotency id", "shop", shop, "err", err)
		writeError(w, http.StatusInternalServerError, "internal", "the message could not be stored")
		return
	}
	key := &engine.MessageKey{ID: req.ID}
	if !h.write(w, r, func() {
		_, m, err = h.inbox.ReceiveBuyerMessage(engine.WithMessageKey(r.Context(), key), shop, req.Buyer, req.Name, req.Text)
	}) {
		return
	}
	var dup *engine.DuplicateMessageError
	var ie *engine.InputError
	switch {
	case errors.As(err, &dup):
		writeJSON(w, http.StatusOK, messageResponse{Message: toWireMessage(dup.Message), Duplicate: true})
	case errors.As(err, &ie):
		writeError(w, http.StatusBadRequest, ie.Key, ie.Detail)
	case errors.Is(err, engine.ErrNotFound):
		writeError(w, http.StatusNotFound, "shop_not_found", "the token's shop no longer exists")
	case err != nil:
		h.log.Error("webhook: receive message", "shop", shop, "err", err)
		writeError(w, http.StatusInternalServerError, "internal", "the message could not be stored")
	default:
		if !key.Recorded() {
			h.unwired.Do(func() {
				h.log.Error("webhook: the desk's store ignores idempotency ids; give the desk store.Idempotent()")
			})
		}
		writeJSON(w, http.StatusCreated, messageResponse{Message: toWireMessage(m)})
	}
}

// write waits for the request's turn to write and runs do; false when the
// client left first (nothing is written then).
func (h *Webhook) write(w http.ResponseWriter, r *http.Request, do func()) bool {
	if err := h.gate.Do(r.Context(), do); err != nil {
		writeError(w, http.StatusServiceUnavailable, "unavailable", "the request was cancelled before it could be stored")
		return false
	}
	return true
}

// ordersError is the refusal of a batch of orders: every bad order is listed.
type ordersError struct {
	Error struct {
		Key     string                 `json:"key"`
		Message string                 `json:"message"`
		Orders  []engine.OrderRowError `json:"orders"`
	} `json:"error"`
}

func (h *Webhook) orders(w http.ResponseWriter, r *http.Request, shop int64) {
	var req ordersRequest
	if !readJSON(w, r, &req) || !shopOf(w, req.Shop, shop) ||
		!checkID(w, "buyer", req.Buyer, MaxBuyerRunes) || !checkName(w, req.Name) {
		return
	}
	// A batch too large is refused before its orders are read.
	if err := engine.CheckOrderCount(len(req.Orders)); err != nil {
		ie := err.(*engine.InputError)
		writeError(w, http.StatusBadRequest, ie.Key, ie.Detail)
		return
	}
	orders := make([]engine.Order, len(req.Orders))
	unread := &engine.OrdersError{}
	for i, wo := range req.Orders {
		var problems []engine.FieldError
		orders[i], problems = wo.order()
		if len(problems) > 0 {
			unread.Add(i+1, wo.ID, problems...)
		}
	}
	checked, err := engine.CheckOrders(orders)
	var ie *engine.InputError
	var oe *engine.OrdersError
	switch {
	case errors.As(err, &ie):
		writeError(w, http.StatusBadRequest, ie.Key, ie.Detail)
		return
	case errors.As(err, &oe) || len(unread.Rows) > 0:
		if oe != nil {
			for _, row := range oe.Rows {
				unread.Add(row.Row, row.ID, row.Problems...)
			}
		}
		var e ordersError
		e.Error.Key, e.Error.Message, e.Error.Orders = "orders_invalid", unread.Error(), unread.Rows
		writeJSON(w, http.StatusBadRequest, e)
		return
	case err != nil:
		writeError(w, http.StatusBadRequest, "orders_invalid", err.Error())
		return
	}
	var stored []engine.Order
	if !h.write(w, r, func() {
		stored, err = h.st.UpsertOrders(r.Context(), shop, req.Buyer, req.Name, checked, h.clock.Now())
	}) {
		return
	}
	switch {
	case errors.Is(err, engine.ErrNotFound):
		writeError(w, http.StatusNotFound, "shop_not_found", "the token's shop no longer exists")
		return
	case err != nil:
		h.log.Error("webhook: upsert orders", "shop", shop, "err", err)
		writeError(w, http.StatusInternalServerError, "internal", "the orders could not be stored")
		return
	}
	resp := ordersResponse{Orders: make([]wireOrder, len(stored))}
	for i, o := range stored {
		resp.Orders[i] = toWireOrder(o)
	}
	writeJSON(w, http.StatusOK, resp)
}
