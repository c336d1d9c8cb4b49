package channel

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"strconv"
	"time"
	"unicode/utf8"

	"replydesk/engine"
)

//go:embed web
var web embed.FS

// maxBody bounds a request body: 4,000 characters of up to 4 bytes each, plus the JSON around them.
const maxBody = 64 << 10

// Inbox receives buyer messages (engine.Desk).
type Inbox interface {
	ReceiveBuyerMessage(ctx context.Context, shopID int64, buyerExternalID, buyerName, text string) (engine.Conversation, engine.Message, error)
	// ReceiveBuyerCard stores an order card the buyer sends about one of its orders.
	ReceiveBuyerCard(ctx context.Context, shopID int64, buyerExternalID, buyerName, orderID string) (engine.Conversation, engine.Message, error)
}

// History reads what the simulator page shows (store.Store).
type History interface {
	Shops(ctx context.Context) ([]engine.Shop, error)
	BuyerConversation(ctx context.Context, shopID int64, externalID string) (engine.Conversation, []engine.Message, error)
	// BuyerOrders and UpsertOrders read and seed the simulated buyer's orders (simorders.go).
	BuyerOrders(ctx context.Context, shopID int64, externalID string) ([]engine.Order, error)
	UpsertOrders(ctx context.Context, shopID int64, buyerExternalID, buyerName string, orders []engine.Order, at time.Time) ([]engine.Order, error)
}

// Simulator serves the buyer simulator page (CV-7a) and its API:
//
//	GET  /simulator/                       the page
//	GET  /simulator/api/shops              the shops a buyer can write to
//	GET  /simulator/api/history?shop=&buyer= the buyer's latest conversation
//	POST /simulator/api/messages           {shop, buyer, name, text}: a buyer message
//	                                       (the first one seeds the demo orders, as below);
//	                                       {shop, buyer, name, type: "order_card", order}: an order card
//	GET  /simulator/api/orders?shop=&buyer=&name= the buyer's orders (demo ones seeded first)
//	POST /simulator/api/orders             {shop, buyer, name}: the buyer places a new demo order
//	GET  /simulator/api/events?shop=&buyer= server-sent events: messages sent to the buyer
//	POST /simulator/api/ratings            {shop, buyer, message, solved, reason, text}: a
//	                                       rating of a robot reply (RB-7), or {shop, buyer, score}
type Simulator struct {
	inbox   Inbox
	history History
	hub     *Hub
	log     *slog.Logger
	// heartbeat is how often an idle event stream sends a comment to stay open.
	heartbeat time.Duration
	// events takes the buyer's ratings; nil refuses them.
	events BuyerEvents
}

// SetEvents lets the page's buyer rate robot replies (RB-7) through events.
func (s *Simulator) SetEvents(events BuyerEvents) { s.events = events }

// rate takes the buyer's rating of a robot reply or of the session.
func (s *Simulator) rate(w http.ResponseWriter, r *http.Request) {
	var req eventRequest
	if !readJSON(w, r, &req) {
		return
	}
	req.Type = "rating"
	handleEvent(w, r, s.events, s.inbox, req.Shop, req, func(msg string, args ...any) { s.log.Error("simulator: "+msg, args...) })
}

// NewSimulator returns the simulator over the desk's inbox, the store and the hub.
func NewSimulator(inbox Inbox, history History, hub *Hub, log *slog.Logger) *Simulator {
	return &Simulator{inbox: inbox, history: history, hub: hub, log: log, heartbeat: 20 * time.Second}
}

// Handler returns the simulator's routes. Requests whose Host is not a
// loopback name are refused, so that a web page elsewhere cannot reach the
// desk through DNS rebinding.
func (s *Simulator) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /simulator/", http.StripPrefix("/simulator/", http.FileServerFS(mustSub(web, "web"))))
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/simulator/", http.StatusFound)
	})
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "ok\n") })
	mux.HandleFunc("GET /simulator/api/shops", s.shops)
	mux.HandleFunc("GET /simulator/api/history", s.historyOf)
	mux.HandleFunc("POST /simulator/api/messages", s.post)
	mux.HandleFunc("GET /simulator/api/orders", s.orders)
	mux.HandleFunc("POST /simulator/api/orders", s.newOrder)
	mux.HandleFunc("GET /simulator/api/events", s.stream)
	mux.HandleFunc("POST /simulator/api/ratings", s.rate)
	return loopbackOnly(mux)
}

type postRequest struct {
	Shop  int64  `json:"shop"`
	Buyer string `json:"buyer"`
	Name  string `json:"name"`
	Text  string `json:"text"`
	// Type is "text" when empty, or "order_card" with Order the buyer's order number.
	Type  string `json:"type"`
	Order string `json:"order"`
}

// apiError is the body of every refusal.
type apiError struct {
	Error struct {
		Key     string `json:"key"`
		Message string `json:"message"`
	} `json:"error"`
}

func writeError(w http.ResponseWriter, status int, key, msg string) {
	var e apiError
	e.Error.Key, e.Error.Message = key, msg
	writeJSON(w, status, e)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (s *Simulator) post(w http.ResponseWriter, r *http.Request) {
	if ct := r.Header.Get("Content-Type"); !isJSON(ct) {
		writeError(w, http.StatusUnsupportedMediaType, "bad_content_type", "send the message as application/json")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		writeError(w, http.StatusRequestEntityTooLarge, "message_too_long", fmt.Sprintf("the request is larger than %d bytes", maxBody))
		return
	}
	// encoding/json would silently replace invalid UTF-8 with U+FFFD.
	if !utf8.Valid(body) {
		writeError(w, http.StatusBadRequest, "message_not_utf8", "the message is not valid UTF-8 text")
		return
	}
	var req postRequest
	if err := json.Unmarshal(body, &req); err != nil {
		writeError(w, http.StatusBadRequest, "bad_request", "the request is not the JSON object {shop, buyer, name, text}")
		return
	}
	var m engine.Message
	switch engine.MessageType(req.Type) {
	case "", engine.MessageText:
		// A simulated buyer's first message brings its demo orders, as its
		// orders list does, so that the agent has orders to answer about.
		// They are seeded before the desk receives the message, and only
		// for a message it takes: a refused one stores nothing.
		if _, err = engine.ValidateText(req.Text); err == nil && req.Buyer != "" {
			if _, err = s.buyerOrders(r.Context(), req.Shop, req.Buyer, req.Name); err != nil {
				err = fmt.Errorf("demo orders: %w", err)
			}
		}
		if err == nil {
			_, m, err = s.inbox.ReceiveBuyerMessage(r.Context(), req.Shop, req.Buyer, req.Name, req.Text)
		}
	case engine.MessageOrderCard:
		_, m, err = s.inbox.ReceiveBuyerCard(r.Context(), req.Shop, req.Buyer, req.Name, req.Order)
	default:
		err = &engine.InputError{Key: "card_unknown_kind", Detail: "a buyer sends text or an order card"}
	}
	var ie *engine.InputError
	switch {
	case errors.As(err, &ie):
		writeError(w, http.StatusBadRequest, ie.Key, ie.Detail)
	case errors.Is(err, engine.ErrNotFound):
		writeError(w, http.StatusNotFound, "shop_not_found", "there is no such shop")
	case err != nil:
		s.log.Error("simulator: receive message", "err", err)
		writeError(w, http.StatusInternalServerError, "internal", "the message could not be stored")
	default:
		writeJSON(w, http.StatusCreated, m)
	}
}

func (s *Simulator) shops(w http.ResponseWriter, r *http.Request) {
	shops, err := s.history.Shops(r.Context())
	if err != nil {
		s.log.Error("simulator: shops", "err", err)
		writeError(w, http.StatusInternalServerError, "internal", "the shops could not be read")
		return
	}
	writeJSON(w, http.StatusOK, shops)
}

func buyerParams(r *http.Request) (int64, string, bool) {
	shop, err := strconv.ParseInt(r.URL.Query().Get("shop"), 10, 64)
	buyer := r.URL.Query().Get("buyer")
	return shop, buyer, err == nil && engine.CheckBuyerIdentity(buyer, "") == nil
}

func (s *Simulator) historyOf(w http.ResponseWriter, r *http.Request) {
	shop, buyer, ok := buyerParams(r)
	if !ok {
		writeError(w, http.StatusBadRequest, "bad_request", "give shop and buyer")
		return
	}
	_, msgs, err := s.history.BuyerConversation(r.Context(), shop, buyer)
	switch {
	case errors.Is(err, engine.ErrNotFound):
		writeJSON(w, http.StatusOK, []engine.Message{})
	case err != nil:
		s.log.Error("simulator: history", "err", err)
		writeError(w, http.StatusInternalServerError, "internal", "the history could not be read")
	default:
		writeJSON(w, http.StatusOK, forBuyer(msgs))
	}
}

// forBuyer drops the messages only agents see (SPEC §1: system messages).
func forBuyer(msgs []engine.Message) []engine.Message {
	out := make([]engine.Message, 0, len(msgs))
	for _, m := range msgs {
		if m.Sender != engine.SenderSystem {
			out = append(out, m)
		}
	}
	return out
}

func (s *Simulator) stream(w http.ResponseWriter, r *http.Request) {
	shop, buyer, ok := buyerParams(r)
	if !ok {
		writeError(w, http.StatusBadRequest, "bad_request", "give shop and buyer")
		return
	}
	flusher, ok := w.(http.Flusher)
	if !ok {
		writeError(w, http.StatusInternalServerError, "internal", "streaming is not supported")
		return
	}
	msgs, cancel := s.hub.Subscribe(shop, buyer)
	defer cancel()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(w, ": connected\n\n")
	flusher.Flush()
	tick := time.NewTicker(s.heartbeat)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-tick.C:
			_, _ = io.WriteString(w, ": ping\n\n")
		case m := <-msgs:
			b, _ := json.Marshal(m)
			_, _ = fmt.Fprintf(w, "event: message\ndata: %s\n\n", b)
		}
		flusher.Flush()
	}
}

func isJSON(contentType string) bool {
	t, _, err := mime.ParseMediaType(contentType)
	return err == nil && t == "application/json"
}

// loopbackOnly refuses requests whose Host header names anything but this machine.
func loopbackOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, err := net.SplitHostPort(r.Host)
		if err != nil {
			host = r.Host
		}
		ip := net.ParseIP(host)
		if host != "localhost" && (ip == nil || !ip.IsLoopback()) {
			writeError(w, http.StatusForbidden, "forbidden_host", "this server answers only on loopback addresses")
			return
		}
		w.Header().Set("X-Content-Type-Options", "nosniff")
		next.ServeHTTP(w, r)
	})
}
