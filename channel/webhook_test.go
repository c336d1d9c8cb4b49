package channel

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"replydesk/engine"
	"replydesk/store"
)

// fakeClock is a Clock whose time moves only when the test says. Every wait
// the code under test starts is reported on sleeps.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []fakeWaiter
	sleeps  chan time.Duration
}

type fakeWaiter struct {
	at time.Time
	ch chan time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2025, 6, 18, 10, 0, 0, 0, time.UTC), sleeps: make(chan time.Duration, 1000)}
}

func (f *fakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fakeClock) After(d time.Duration) <-chan time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- f.now
	} else {
		f.waiters = append(f.waiters, fakeWaiter{f.now.Add(d), ch})
	}
	select {
	case f.sleeps <- d:
	default:
	}
	return ch
}

// Advance moves the time on and ends the waits that are over.
func (f *fakeClock) Advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
	kept := f.waiters[:0]
	for _, w := range f.waiters {
		if w.at.After(f.now) {
			kept = append(kept, w)
			continue
		}
		w.ch <- f.now
	}
	f.waiters = kept
}

// waitSleep waits until the code under test waits for want.
func (f *fakeClock) waitSleep(t *testing.T, want time.Duration) {
	t.Helper()
	timeout := time.After(5 * time.Second)
	for {
		select {
		case d := <-f.sleeps:
			if d == want {
				return
			}
		case <-timeout:
			t.Fatalf("nothing waited for %s", want)
		}
	}
}

// hookRig is a desk with two shops, each with a webhook token, served on
// an httptest server with the simulator's and the webhook's routes.
type hookRig struct {
	srv        *httptest.Server
	st         *store.Store
	desk       *engine.Desk
	hub        *Hub
	callbacks  *Callbacks
	clock      *fakeClock
	shop       engine.Shop
	other      engine.Shop
	token      string
	otherToken string
	// attempts receives every callback attempt's outcome.
	attempts chan attempt
}

type attempt struct {
	d   engine.Delivery
	err error
}

var discard = slog.New(slog.NewTextHandler(io.Discard, nil))

func newHookRig(t *testing.T, o WebhookOptions) *hookRig {
	t.Helper()
	return newHookRigAt(t, filepath.Join(t.TempDir(), "replydesk.db"), o, CallbackOptions{})
}

func newHookRigAt(t *testing.T, path string, o WebhookOptions, co CallbackOptions) *hookRig {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	r := &hookRig{st: st, hub: NewHub(), clock: newFakeClock(), attempts: make(chan attempt, 100)}
	shops, _ := st.Shops(ctx)
	for len(shops) < 2 {
		sh, err := st.CreateShop(ctx, engine.Shop{Name: fmt.Sprintf("店%d", len(shops)+1)})
		if err != nil {
			t.Fatal(err)
		}
		shops = append(shops, sh)
	}
	r.shop, r.other = shops[0], shops[1]
	if r.token, err = RotateToken(ctx, st, r.shop.ID, r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if r.otherToken, err = RotateToken(ctx, st, r.other.ID, r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if co.Clock == nil {
		co.Clock = r.clock
	}
	r.callbacks = NewCallbacks(st, discard, co)
	r.callbacks.attempted = func(d engine.Delivery, err error) { r.attempts <- attempt{d, err} }
	r.desk = engine.NewDesk(engine.Deps{Conversations: st.Idempotent(), Entries: noKB{}, Retriever: noKB{},
		Notifier: quiet{}, Outbox: Outboxes{r.hub, r.callbacks}, Clock: r.clock})
	if o.Clock == nil {
		o.Clock = r.clock
	}
	mux := http.NewServeMux()
	mux.Handle("/webhook/", NewWebhook(r.desk, st, discard, o).Handler())
	mux.Handle("/", NewSimulator(r.desk, st, r.hub, discard).Handler())
	r.srv = httptest.NewServer(mux)
	t.Cleanup(r.srv.Close)
	return r
}

// post sends a webhook request and returns the status and the body.
func (r *hookRig) post(t *testing.T, path, token, contentType string, body []byte) (int, []byte, http.Header) {
	t.Helper()
	req, _ := http.NewRequest("POST", r.srv.URL+path, bytes.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b, resp.Header
}

func js(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// message posts a buyer message with the shop's token.
func (r *hookRig) message(t *testing.T, req messageRequest) (int, messageResponse, apiError) {
	t.Helper()
	status, body, _ := r.post(t, "/webhook/v1/messages", r.token, "application/json", js(req))
	var ok messageResponse
	var e apiError
	_ = json.Unmarshal(body, &ok)
	_ = json.Unmarshal(body, &e)
	return status, ok, e
}

// stored returns the text of every stored message, in any order.
func (r *hookRig) stored(t *testing.T) []string {
	t.Helper()
	var texts []string
	for _, shop := range []engine.Shop{r.shop, r.other} {
		for _, b := range []string{"b1", "b2", "buyer-42"} {
			_, msgs, err := r.st.BuyerConversation(context.Background(), shop.ID, b)
			if errors.Is(err, store.ErrNotFound) {
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range msgs {
				texts = append(texts, m.Text)
			}
		}
	}
	return texts
}

func TestWebhookMessageWithTheSameIDIsStoredOnce_CV7b(t *testing.T) {
	r := newHookRig(t, WebhookOptions{})
	first := messageRequest{Shop: r.shop.ID, Buyer: "b1", Name: "小王", Text: "什么时候发货 🚚", ID: "msg-1"}
	status, got, e := r.message(t, first)
	if status != http.StatusCreated || got.Duplicate || got.Message.ID == 0 || got.Message.Text != first.Text ||
		got.Message.Sender != "buyer" || got.Message.ConversationID == 0 {
		t.Fatalf("first: %d %+v %+v", status, got, e)
	}
	// A retry, even with another text, is answered with the first message.
	again := first
	again.Text = "changed"
	status, dup, e := r.message(t, again)
	if status != http.StatusOK || !dup.Duplicate || dup.Message != got.Message {
		t.Fatalf("retry: %d %+v %+v, first %+v", status, dup, e, got.Message)
	}
	// Another id is another message; the shop may be left out (the token's).
	status, _, e = r.message(t, messageRequest{Buyer: "b1", Text: "在吗", ID: "msg-2"})
	if status != http.StatusCreated {
		t.Fatalf("second id: %d %+v", status, e)
	}
	// The same id in another shop is that shop's own.
	st, body, _ := r.post(t, "/webhook/v1/messages", r.otherToken, "application/json", js(messageRequest{Buyer: "b1", Text: "hi", ID: "msg-1"}))
	if st != http.StatusCreated {
		t.Fatalf("other shop: %d %s", st, body)
	}
	if texts := r.stored(t); len(texts) != 3 {
		t.Fatalf("stored %q", texts)
	}
	// The window sees the message like any other buyer message.
	c, msgs, err := r.st.BuyerConversation(context.Background(), r.shop.ID, "b1")
	if err != nil || len(msgs) != 2 || c.BuyerName != "小王" {
		t.Fatalf("%+v %+v %v", c, msgs, err)
	}
}

func TestWebhookConcurrentDuplicatesStoreOneMessage_CV7b(t *testing.T) {
	r := newHookRig(t, WebhookOptions{})
	const n = 16
	type result struct {
		status int
		resp   messageResponse
	}
	results := make(chan result, n)
	var start sync.WaitGroup
	start.Add(1)
	for i := 0; i < n; i++ {
		go func() {
			start.Wait()
			status, resp, _ := r.message(t, messageRequest{Buyer: "b1", Text: "我的快递到哪了", ID: "same"})
			results <- result{status, resp}
		}()
	}
	start.Done()
	created := 0
	var id int64
	for i := 0; i < n; i++ {
		res := <-results
		switch {
		case res.status == http.StatusCreated && !res.resp.Duplicate:
			created++
		case res.status == http.StatusOK && res.resp.Duplicate:
		default:
			t.Fatalf("status %d %+v", res.status, res.resp)
		}
		if id != 0 && res.resp.Message.ID != id {
			t.Fatalf("answers name messages %d and %d", id, res.resp.Message.ID)
		}
		id = res.resp.Message.ID
	}
	if texts := r.stored(t); created != 1 || len(texts) != 1 {
		t.Fatalf("%d created, stored %q", created, texts)
	}
}

func TestWebhookTokenRefusals_CV7b(t *testing.T) {
	r := newHookRig(t, WebhookOptions{})
	ctx := context.Background()
	old := r.token
	var err error
	if r.token, err = RotateToken(ctx, r.st, r.shop.ID, r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	msg := js(messageRequest{Shop: r.shop.ID, Buyer: "b1", Text: "hi", ID: "1"})
	orders := js(ordersRequest{Shop: r.shop.ID, Buyer: "b1", Orders: []wireOrder{{ID: "o1", Status: "paid"}}})
	cases := []struct {
		name   string
		auth   string
		body   []byte
		status int
		key    string
	}{
		{"no token", "", msg, 401, "token_missing"},
		{"not bearer", "Basic " + r.token, msg, 401, "token_missing"},
		{"empty bearer", "Bearer ", msg, 401, "token_missing"},
		{"wrong token", "Bearer rdk_not-a-token", msg, 401, "token_invalid"},
		{"replaced token", "Bearer " + old, msg, 401, "token_invalid"},
		{"another shop's token", "Bearer " + r.otherToken, msg, 403, "token_wrong_shop"},
		{"orders without token", "", orders, 401, "token_missing"},
		{"orders with another shop's token", "Bearer " + r.otherToken, orders, 403, "token_wrong_shop"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := "/webhook/v1/messages"
			if strings.Contains(tc.name, "orders") {
				path = "/webhook/v1/orders"
			}
			req, _ := http.NewRequest("POST", r.srv.URL+path, bytes.NewReader(tc.body))
			req.Header.Set("Content-Type", "application/json")
			if tc.auth != "" {
				req.Header.Set("Authorization", tc.auth)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var e apiError
			_ = json.NewDecoder(resp.Body).Decode(&e)
			if resp.StatusCode != tc.status || e.Error.Key != tc.key || e.Error.Message == "" {
				t.Fatalf("got %d %+v, want %d %s", resp.StatusCode, e, tc.status, tc.key)
			}
			if tc.status == 401 && resp.Header.Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
		})
	}
	if texts := r.stored(t); len(texts) != 0 {
		t.Fatalf("refused messages were stored: %q", texts)
	}
	if list, err := r.st.BuyerOrders(ctx, r.shop.ID, "b1"); err != nil || len(list) != 0 {
		t.Fatalf("refused orders were stored: %+v %v", list, err)
	}
	// The new token works.
	if status, _, e := r.message(t, messageRequest{Buyer: "b1", Text: "hi", ID: "1"}); status != 201 {
		t.Fatalf("%d %+v", status, e)
	}
}

func TestWebhookBadRequestsAreRefusedAndNothingStored_CV7b(t *testing.T) {
	r := newHookRig(t, WebhookOptions{})
	ok := func(mod func(*messageRequest)) []byte {
		m := messageRequest{Buyer: "b1", Text: "hi", ID: "x"}
		mod(&m)
		return js(m)
	}
	cases := []struct {
		name        string
		path        string
		contentType string
		body        []byte
		status      int
		key         string
	}{
		{"body too big", "messages", "application/json", ok(func(m *messageRequest) { m.Text = strings.Repeat("好", 30000) }), 413, "body_too_large"},
		{"text too long", "messages", "application/json", ok(func(m *messageRequest) { m.Text = strings.Repeat("好", 4001) }), 400, "message_too_long"},
		{"text empty", "messages", "application/json", ok(func(m *messageRequest) { m.Text = " \n" }), 400, "message_empty"},
		{"invalid utf-8", "messages", "application/json", []byte("{\"buyer\":\"b1\",\"id\":\"x\",\"text\":\"hi \xff\xfe\"}"), 400, "body_not_utf8"},
		{"text is a number", "messages", "application/json", []byte(`{"buyer":"b1","id":"x","text":123}`), 400, "bad_json"},
		{"shop is a string", "messages", "application/json", []byte(`{"shop":"1","buyer":"b1","id":"x","text":"hi"}`), 400, "bad_json"},
		{"an array", "messages", "application/json", []byte(`[{"buyer":"b1","id":"x","text":"hi"}]`), 400, "bad_json"},
		{"not json", "messages", "application/json", []byte("text=hi"), 400, "bad_json"},
		{"trailing garbage", "messages", "application/json", append(ok(func(*messageRequest) {}), "{}"...), 400, "bad_json"},
		{"form post", "messages", "application/x-www-form-urlencoded", []byte("text=hi"), 415, "bad_content_type"},
		{"no content type", "messages", "", ok(func(*messageRequest) {}), 415, "bad_content_type"},
		{"text/plain", "messages", "text/plain", ok(func(*messageRequest) {}), 415, "bad_content_type"},
		{"no id", "messages", "application/json", ok(func(m *messageRequest) { m.ID = "" }), 400, "id_missing"},
		{"id too long", "messages", "application/json", ok(func(m *messageRequest) { m.ID = strings.Repeat("i", 129) }), 400, "id_too_long"},
		{"id with a newline", "messages", "application/json", ok(func(m *messageRequest) { m.ID = "a\nb" }), 400, "id_invalid"},
		{"no buyer", "messages", "application/json", ok(func(m *messageRequest) { m.Buyer = "" }), 400, "buyer_missing"},
		{"buyer too long", "messages", "application/json", ok(func(m *messageRequest) { m.Buyer = strings.Repeat("b", 129) }), 400, "buyer_too_long"},
		{"name too long", "messages", "application/json", ok(func(m *messageRequest) { m.Name = strings.Repeat("名", 65) }), 400, "name_invalid"},
		{"control characters in the text", "messages", "application/json", ok(func(m *messageRequest) { m.Text = "a\u0000b\u0007c" }), 400, "message_control_character"},
		{"a C1 control in the text", "messages", "application/json", ok(func(m *messageRequest) { m.Text = "在吗\u0085" + "?" }), 400, "message_control_character"},
		{"control character in the name", "messages", "application/json", ok(func(m *messageRequest) { m.Name = "小\u007f王" }), 400, "name_invalid"},
		{"orders as text", "orders", "text/plain", js(ordersRequest{Buyer: "b1", Orders: []wireOrder{{ID: "o1", Status: "paid"}}}), 415, "bad_content_type"},
		{"orders not an array", "orders", "application/json", []byte(`{"buyer":"b1","orders":{"id":"o1"}}`), 400, "bad_json"},
		{"no orders", "orders", "application/json", []byte(`{"buyer":"b1","orders":[]}`), 400, "orders_missing"},
		{"orders without buyer", "orders", "application/json", js(ordersRequest{Orders: []wireOrder{{ID: "o1", Status: "paid"}}}), 400, "buyer_missing"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, body, _ := r.post(t, "/webhook/v1/"+tc.path, r.token, tc.contentType, tc.body)
			var e apiError
			if err := json.Unmarshal(body, &e); err != nil || status != tc.status || e.Error.Key != tc.key || e.Error.Message == "" {
				t.Fatalf("got %d %s, want %d %s", status, body, tc.status, tc.key)
			}
		})
	}
	if texts := r.stored(t); len(texts) != 0 {
		t.Fatalf("refused messages were stored: %q", texts)
	}
	if list, err := r.st.BuyerOrders(context.Background(), r.shop.ID, "b1"); err != nil || len(list) != 0 {
		t.Fatalf("refused orders were stored: %+v %v", list, err)
	}
}

func TestWebhookTypeErrorsNameTheField_CV7b(t *testing.T) {
	r := newHookRig(t, WebhookOptions{})
	_, body, _ := r.post(t, "/webhook/v1/messages", r.token, "application/json", []byte(`{"buyer":"b1","id":"x","text":123}`))
	if !strings.Contains(string(body), "text must be a string") {
		t.Fatalf("%s", body)
	}
}

func TestWebhookRateLimitPerToken_CV7b(t *testing.T) {
	r := newHookRig(t, WebhookOptions{Rate: 2, Burst: 3})
	send := func(token, id string) (int, http.Header) {
		status, _, h := r.post(t, "/webhook/v1/messages", token, "application/json", js(messageRequest{Buyer: "b1", Text: "hi " + id, ID: id}))
		return status, h
	}
	for i := range 3 {
		if status, _ := send(r.token, fmt.Sprint(i)); status != 201 {
			t.Fatalf("request %d within the burst: %d", i, status)
		}
	}
	status, h := send(r.token, "3")
	if status != http.StatusTooManyRequests || h.Get("Retry-After") != "1" {
		t.Fatalf("over the burst: %d, Retry-After %q", status, h.Get("Retry-After"))
	}
	// Another shop's token has its own bucket.
	if status, _ := send(r.otherToken, "3"); status != 201 {
		t.Fatalf("other token: %d", status)
	}
	r.clock.Advance(500 * time.Millisecond) // one more request at 2 a second
	if status, _ := send(r.token, "3"); status != 201 {
		t.Fatalf("after the wait: %d", status)
	}
	if status, _ := send(r.token, "4"); status != 429 {
		t.Fatalf("again over: %d", status)
	}
	if texts := r.stored(t); len(texts) != 5 {
		t.Fatalf("stored %d messages, want 5 (no refused one): %q", len(texts), texts)
	}
}

func TestWebhookOrdersAreUpsertedByOrderNumber_CV7b(t *testing.T) {
	r := newHookRig(t, WebhookOptions{})
	ctx := context.Background()
	body := `{"shop":%d,"buyer":"b1","name":"小王","orders":[
	 {"id":"DY-1001","status":"paid","amount":129.9,"currency":"cny","items":[{"name":"T恤 白色 L","sku":"TS-W-L","quantity":2}],
	  "promise_ship_at":"2025-06-19T18:00:00+08:00","address":"上海市 浦东新区"},
	 {"id":"DY-1002","status":"unpaid","amount":"30","items":[{"name":"袜子"}]}]}`
	status, resp, _ := r.post(t, "/webhook/v1/orders", r.token, "application/json", fmt.Appendf(nil, body, r.shop.ID))
	var got ordersResponse
	if err := json.Unmarshal(resp, &got); err != nil || status != 200 || len(got.Orders) != 2 ||
		got.Orders[0].Amount != "129.90" || got.Orders[0].PromiseShipAt != "2025-06-19T10:00:00Z" || got.Orders[0].Currency != "CNY" {
		t.Fatalf("%d %s %v", status, resp, err)
	}
	o, err := r.st.Order(ctx, r.shop.ID, "DY-1001")
	if err != nil || o.AmountCents != 12990 || o.Status != engine.OrderPaid || len(o.Items) != 1 || o.Items[0].Quantity != 2 ||
		!o.PromiseShipAt.Equal(time.Date(2025, 6, 19, 10, 0, 0, 0, time.UTC)) || o.Address != "上海市 浦东新区" {
		t.Fatalf("%+v %v", o, err)
	}
	if o2, _ := r.st.Order(ctx, r.shop.ID, "DY-1002"); o2.Items[0].Quantity != 1 || o2.AmountCents != 3000 {
		t.Fatalf("defaults: %+v", o2)
	}
	// The same order number again replaces the order.
	r.clock.Advance(time.Minute)
	status, resp, _ = r.post(t, "/webhook/v1/orders", r.token, "application/json",
		[]byte(`{"buyer":"b1","orders":[{"id":"DY-1001","status":"shipped","amount":129.9,"courier":"顺丰","tracking_no":"SF123"}]}`))
	if status != 200 {
		t.Fatalf("%d %s", status, resp)
	}
	list, err := r.st.BuyerOrders(ctx, r.shop.ID, "b1")
	if err != nil || len(list) != 2 || list[0].ID != "DY-1001" || list[0].Status != engine.OrderShipped ||
		list[0].TrackingNo != "SF123" || !list[0].PromiseShipAt.IsZero() {
		t.Fatalf("%+v %v", list, err)
	}
	// Another shop's order numbers are its own.
	if l, err := r.st.BuyerOrders(ctx, r.other.ID, "b1"); err != nil || len(l) != 0 {
		t.Fatalf("%+v %v", l, err)
	}
}

func TestWebhookBadOrdersAreRefusedWhole_CV7b(t *testing.T) {
	r := newHookRig(t, WebhookOptions{})
	body := []byte(`{"buyer":"b1","orders":[
	 {"id":"ok-1","status":"paid"},
	 {"id":"","status":"lost","amount":-1},
	 {"id":"ok-1","status":"paid","amount":1.234,"promise_ship_at":"tomorrow","items":[{"name":"","quantity":0}]}]}`)
	status, resp, _ := r.post(t, "/webhook/v1/orders", r.token, "application/json", body)
	var e ordersError
	if err := json.Unmarshal(resp, &e); err != nil || status != 400 || e.Error.Key != "orders_invalid" || len(e.Error.Orders) != 2 {
		t.Fatalf("%d %s", status, resp)
	}
	keys := map[int][]string{}
	for _, row := range e.Error.Orders {
		for _, p := range row.Problems {
			keys[row.Row] = append(keys[row.Row], p.Field+":"+p.Key)
		}
	}
	want := map[int][]string{
		2: {"id:order_id_missing", "status:order_unknown_status", "amount:order_bad_amount"},
		3: {"amount:order_bad_amount", "promise_ship_at:order_bad_time", "id:order_duplicate_id",
			"items[0].name:order_item_name_missing", "items[0].quantity:order_bad_quantity"},
	}
	for row, ks := range want {
		for _, k := range ks {
			if !strings.Contains(strings.Join(keys[row], " "), k) {
				t.Errorf("row %d: %v lacks %s", row, keys[row], k)
			}
		}
	}
	many := ordersRequest{Buyer: "b1"}
	for i := range engine.MaxOrdersAtOnce + 1 {
		many.Orders = append(many.Orders, wireOrder{ID: fmt.Sprint(i), Status: "paid"})
	}
	if status, resp, _ := r.post(t, "/webhook/v1/orders", r.token, "application/json", js(many)); status != 400 || !strings.Contains(string(resp), "orders_too_many") {
		t.Fatalf("%d %s", status, resp)
	}
	if list, err := r.st.BuyerOrders(context.Background(), r.shop.ID, "b1"); err != nil || len(list) != 0 {
		t.Fatalf("a refused batch stored %+v %v", list, err)
	}
}

func TestWebhookAnswersOnlyLoopbackHosts_CV7b(t *testing.T) {
	r := newHookRig(t, WebhookOptions{})
	req, _ := http.NewRequest("POST", r.srv.URL+"/webhook/v1/messages", bytes.NewReader(js(messageRequest{Buyer: "b1", Text: "hi", ID: "1"})))
	req.Host = "evil.example"
	req.Header.Set("Authorization", "Bearer "+r.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 || len(r.stored(t)) != 0 {
		t.Fatalf("%d", resp.StatusCode)
	}
}

func TestWebhookUnknownEndpointsAreJSONErrors_CV7b(t *testing.T) {
	r := newHookRig(t, WebhookOptions{})
	for path, want := range map[string]int{"/webhook/v1/nothing": 404, "/webhook/": 404} {
		status, body, _ := r.post(t, path, r.token, "application/json", []byte("{}"))
		if status != want || !strings.Contains(string(body), `"not_found"`) {
			t.Errorf("%s: %d %s", path, status, body)
		}
	}
	resp, err := http.Get(r.srv.URL + "/webhook/v1/messages")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 405 || resp.Header.Get("Allow") != "POST" {
		t.Fatalf("GET: %d", resp.StatusCode)
	}
}
