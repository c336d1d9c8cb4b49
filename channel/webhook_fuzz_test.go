package channel

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"replydesk/engine"
	"replydesk/store"
)

// The webhook's fuzz targets post any body through the real handler to a
// real SQLite store and check the outcome the API promises (CV-7b, SPEC §4
// "bad input … gets a clear error and changes nothing"): a 2xx answer and
// exactly the rows the request asked for, or a 4xx answer with
// {"error": {"key", "message"}} and no row changed. A 5xx answer, a panic
// or a hang is a failure.

// fuzzRig is a store with one shop and its webhook token behind the
// webhook's handler, and a second connection that counts rows.
type fuzzRig struct {
	st      *store.Store
	db      *sql.DB
	handler http.Handler
	shop    engine.Shop
	token   string
}

func newFuzzRig(t testing.TB) *fuzzRig {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "replydesk.db")
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	r := &fuzzRig{st: st, db: db}
	shops, _ := st.Shops(ctx)
	if len(shops) == 0 {
		sh, err := st.CreateShop(ctx, engine.Shop{Name: "店"})
		if err != nil {
			t.Fatal(err)
		}
		shops = append(shops, sh)
	}
	r.shop = shops[0]
	clock := newFakeClock()
	if r.token, err = RotateToken(ctx, st, r.shop.ID, clock.Now()); err != nil {
		t.Fatal(err)
	}
	desk := engine.NewDesk(engine.Deps{Conversations: st.Idempotent(), Entries: noKB{}, Retriever: noKB{},
		Notifier: quiet{}, Outbox: NewHub(), Clock: clock})
	// No rate limit: the fuzzer sends far more than a shop would.
	r.handler = NewWebhook(desk, st, discard, WebhookOptions{Rate: 1e12, Burst: 1 << 40, Clock: clock}).Handler()
	return r
}

// counts are the rows of every table a webhook request may write.
type counts struct{ Buyers, Conversations, Messages, Keys, Orders, Outbox int }

func (r *fuzzRig) counts(t *testing.T) counts {
	t.Helper()
	var c counts
	err := r.db.QueryRow(`SELECT (SELECT COUNT(*) FROM buyers), (SELECT COUNT(*) FROM conversations),
	(SELECT COUNT(*) FROM messages), (SELECT COUNT(*) FROM webhook_message_keys), (SELECT COUNT(*) FROM orders),
	(SELECT COUNT(*) FROM webhook_outbox)`).Scan(&c.Buyers, &c.Conversations, &c.Messages, &c.Keys, &c.Orders, &c.Outbox)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// one counts the rows of a query with arguments.
func (r *fuzzRig) one(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := r.db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// slow is how long a request may take on a loaded machine before the
// fuzzer calls it a hang.
const slow = 2 * time.Second

// post sends body to the webhook with the shop's token, as JSON.
func (r *fuzzRig) post(t *testing.T, path string, body []byte) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest("POST", path, bytes.NewReader(body))
	req.Host = "127.0.0.1"
	req.Header.Set("Authorization", "Bearer "+r.token)
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	start := time.Now()
	r.handler.ServeHTTP(rec, req)
	if d := time.Since(start); d > slow {
		t.Fatalf("the request took %s: %d %.200s", d, rec.Code, rec.Body)
	}
	return rec
}

// refused checks a refusal: a 4xx status, the error body, nothing changed.
func refused(t *testing.T, rec *httptest.ResponseRecorder, before, after counts) {
	t.Helper()
	var e apiError
	if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error.Key == "" || e.Error.Message == "" {
		t.Fatalf("%d with the body %s", rec.Code, rec.Body)
	}
	if rec.Code < 400 || rec.Code >= 500 {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	if after != before {
		t.Fatalf("refused with %s, yet the rows went from %+v to %+v", rec.Body, before, after)
	}
}

func FuzzWebhookMessage(f *testing.F) {
	for _, s := range []string{
		`{"buyer":"b1","name":"小王","text":"什么时候发货 🚚","id":"msg-1"}`,
		`{"shop":1,"buyer":"b1","text":"在吗\r\n?","id":"msg-2"}`,
		`{"buyer":"b\u0085","text":"hi","id":"x"}`,
		`{"buyer":" ","text":"hi","id":"y"}`,
		`{"buyer":"b1","name":"\u001b[31m","text":"hi","id":"z"}`,
		`{"buyer":"b1","text":"\t\n ","id":"w"}`,
		`{"buyer":"b1","text":123,"id":"v"}`,
		`{"shop":2,"buyer":"b1","text":"hi","id":"u"}`,
		`{"BUYER":"b3","Text":"case","ID":"t","text":"dup key"}`,
		`[{"buyer":"b1"}]`, `null`, `{}`, "", "{\"buyer\":\"b1\",\"text\":\"\xff\",\"id\":\"s\"}",
		`{"buyer":"b1","text":"hi","id":"msg-1"}{}`,
	} {
		f.Add([]byte(s))
	}
	// testdata/fuzz/FuzzWebhookMessage holds the bodies that found bugs.
	r := newFuzzRig(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		var req messageRequest
		parsed := json.Unmarshal(body, &req) == nil
		newBuyer, newConv := true, true
		if parsed {
			newBuyer = r.one(t, `SELECT COUNT(*) FROM buyers WHERE shop_id = ? AND external_id = ?`, r.shop.ID, req.Buyer) == 0
			newConv = r.one(t, `SELECT COUNT(*) FROM conversations c JOIN buyers b ON b.id = c.buyer_id
WHERE b.shop_id = ? AND b.external_id = ? AND c.status = 'open'`, r.shop.ID, req.Buyer) == 0
		}
		before := r.counts(t)
		rec := r.post(t, "/webhook/v1/messages", body)
		after := r.counts(t)
		if rec.Code >= 300 {
			refused(t, rec, before, after)
			return
		}
		var resp messageResponse
		if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil || !parsed {
			t.Fatalf("%d %s for %q (%v)", rec.Code, rec.Body, body, err)
		}
		m := resp.Message
		if resp.Duplicate {
			if rec.Code != http.StatusOK || after != before {
				t.Fatalf("a duplicate answered %d, rows %+v → %+v", rec.Code, before, after)
			}
			stored, err := r.st.KeyedMessage(context.Background(), r.shop.ID, req.ID)
			if err != nil || toWireMessage(stored) != m {
				t.Fatalf("duplicate %+v, stored %+v %v", m, stored, err)
			}
			return
		}
		// Stored: one message and its key, the buyer and the conversation
		// when new, nothing else.
		want := before
		want.Messages++
		want.Keys++
		if newBuyer {
			want.Buyers++
		}
		if newConv {
			want.Conversations++
		}
		if rec.Code != http.StatusCreated || after != want {
			t.Fatalf("%d: rows %+v → %+v, want %+v", rec.Code, before, after, want)
		}
		text, err := engine.ValidateText(req.Text)
		switch {
		case err != nil:
			t.Fatalf("stored the text %q that ValidateText refuses: %v", req.Text, err)
		case m.Text != text || m.Sender != "buyer" || m.Type != "text":
			t.Fatalf("stored %+v for the text %q", m, req.Text)
		case engine.HasControl(m.Text, true) || strings.Contains(m.Text, "\r"):
			t.Fatalf("stored the text %q with control characters", m.Text)
		case strings.TrimSpace(req.ID) == "" || strings.TrimSpace(req.Buyer) == "",
			engine.HasControl(req.ID+req.Buyer+req.Name, false), utf8.RuneCountInString(req.Name) > MaxNameRunes:
			t.Fatalf("stored a message of %+v", req)
		}
		c, msgs, err := r.st.BuyerConversation(context.Background(), r.shop.ID, req.Buyer)
		if err != nil || c.ID != m.ConversationID || len(msgs) == 0 || toWireMessage(msgs[len(msgs)-1]) != m {
			t.Fatalf("the buyer's conversation %+v %v does not end with %+v", c, err, m)
		}
		if req.Name != "" && c.BuyerName != req.Name {
			t.Fatalf("the buyer is named %q, not %q", c.BuyerName, req.Name)
		}
	})
}

func FuzzWebhookOrders(f *testing.F) {
	for _, s := range []string{
		`{"buyer":"b1","name":"小王","orders":[{"id":"DY-1001","status":"paid","amount":129.9,"currency":"cny",
		 "items":[{"name":"T恤 白色 L","sku":"TS-W-L","quantity":2}],"promise_ship_at":"2025-06-19T18:00:00+08:00",
		 "address":"上海市\r\n浦东新区"},{"id":"DY-1002","status":"unpaid","amount":"30","items":[{"name":"袜子"}]}]}`,
		`{"buyer":"b1","orders":[{"id":"DY-1001","status":"shipped","amount":129.9,"courier":"顺丰","tracking_no":"SF123"}]}`,
		`{"buyer":"b1","orders":[{"id":"ok-1","status":"paid"},{"id":"","status":"lost","amount":-1},
		 {"id":"ok-1","status":"paid","amount":1.234,"promise_ship_at":"tomorrow","items":[{"name":"","quantity":0}]}]}`,
		`{"buyer":"b1","orders":[{"id":"a\u0000b","status":"paid","courier":"\u0085"}]}`,
		`{"buyer":"b1","orders":[{"id":"e","status":"paid","amount":1e400}]}`,
		`{"buyer":"b1","orders":[{"id":"e","status":"paid","amount":"1e100000000"}]}`,
		`{"buyer":"b1","orders":[{"id":"q","status":"paid","items":[{"name":"x","quantity":1e3}]}]}`,
		`{"buyer":"b1","orders":[]}`, `{"buyer":"b1","orders":{"id":"o1"}}`, `{"orders":[{"id":"o1","status":"paid"}]}`,
		`{"buyer":"b1","orders":[{"id":"o1","status":"paid","updated_at":"yesterday"}]}`, `null`, "",
	} {
		f.Add([]byte(s))
	}
	// testdata/fuzz/FuzzWebhookOrders holds the bodies that found bugs.
	r := newFuzzRig(f)
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, body []byte) {
		var req ordersRequest
		parsed := json.Unmarshal(body, &req) == nil
		newBuyer := true
		known := map[string]bool{}
		if parsed {
			newBuyer = r.one(t, `SELECT COUNT(*) FROM buyers WHERE shop_id = ? AND external_id = ?`, r.shop.ID, req.Buyer) == 0
			for _, o := range req.Orders {
				id := strings.TrimSpace(o.ID)
				known[id] = r.one(t, `SELECT COUNT(*) FROM orders WHERE shop_id = ? AND external_id = ?`, r.shop.ID, id) > 0
			}
		}
		before := r.counts(t)
		rec := r.post(t, "/webhook/v1/orders", body)
		after := r.counts(t)
		if rec.Code >= 300 {
			refused(t, rec, before, after)
			return
		}
		var resp ordersResponse
		if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil || !parsed || rec.Code != http.StatusOK {
			t.Fatalf("%d %s for %q (%v)", rec.Code, rec.Body, body, err)
		}
		if len(resp.Orders) != len(req.Orders) {
			t.Fatalf("%d orders sent, %d answered", len(req.Orders), len(resp.Orders))
		}
		want := before
		if newBuyer {
			want.Buyers++
		}
		for _, known := range known {
			if !known {
				want.Orders++
			}
		}
		if after != want {
			t.Fatalf("rows %+v → %+v, want %+v", before, after, want)
		}
		// Every order is stored as answered, for this buyer, and is one the
		// webhook accepts again as it is.
		mine, err := r.st.BuyerOrders(ctx, r.shop.ID, req.Buyer)
		if err != nil {
			t.Fatal(err)
		}
		for i, w := range resp.Orders {
			if w.ID != strings.TrimSpace(req.Orders[i].ID) {
				t.Fatalf("order %d: answered %q for %q", i, w.ID, req.Orders[i].ID)
			}
			o, err := r.st.Order(ctx, r.shop.ID, w.ID)
			if err != nil {
				t.Fatalf("order %q: %v", w.ID, err)
			}
			if !reflect.DeepEqual(toWireOrder(o), w) {
				t.Fatalf("order %q: answered %+v, stored %+v", w.ID, w, toWireOrder(o))
			}
			if problems := engine.ValidateOrder(o); len(problems) > 0 {
				t.Fatalf("order %q stored with problems %+v", w.ID, problems)
			}
			found := false
			for _, m := range mine {
				found = found || m.ID == o.ID
			}
			if !found {
				t.Fatalf("order %q is not the buyer's", o.ID)
			}
		}
		again := js(ordersRequest{Buyer: req.Buyer, Orders: resp.Orders})
		before = r.counts(t)
		rec = r.post(t, "/webhook/v1/orders", again)
		var resp2 ordersResponse
		if err := json.Unmarshal(rec.Body.Bytes(), &resp2); rec.Code != http.StatusOK || err != nil {
			t.Fatalf("the answered orders sent back: %d %s", rec.Code, rec.Body)
		}
		for i := range resp2.Orders {
			resp2.Orders[i].UpdatedAt, resp.Orders[i].UpdatedAt = nil, nil
		}
		if !reflect.DeepEqual(resp2.Orders, resp.Orders) || r.counts(t) != before {
			t.Fatalf("the answered orders sent back: %+v, first %+v", resp2.Orders, resp.Orders)
		}
	})
}
