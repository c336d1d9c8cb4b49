package channel

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"replydesk/engine"
)

const secret = "s3cret-0123456789abcdef"

// receiver is a shop's callback. answer decides the status of the nth call
// (from 1); every call is reported on calls once answered.
type receiver struct {
	srv    *httptest.Server
	calls  chan call
	answer func(n int, r *http.Request) int
	n      atomic.Int32
}

type call struct {
	n      int
	status int
	header http.Header
	body   callbackBody
	raw    []byte
}

func newReceiver(t *testing.T, answer func(n int, r *http.Request) int) *receiver {
	t.Helper()
	rc := &receiver{answer: answer, calls: make(chan call, 100)}
	rc.srv = httptest.NewUnstartedServer(rc)
	rc.srv.Start()
	t.Cleanup(rc.srv.Close)
	return rc
}

// newReceiverAt is a receiver listening on addr (one that was down before).
func newReceiverAt(t *testing.T, addr string, answer func(n int, r *http.Request) int) *receiver {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	rc := &receiver{answer: answer, calls: make(chan call, 100)}
	rc.srv = httptest.NewUnstartedServer(rc)
	rc.srv.Listener.Close()
	rc.srv.Listener = ln
	rc.srv.Start()
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := int(rc.n.Add(1))
	raw, _ := io.ReadAll(r.Body)
	c := call{n: n, header: r.Header.Clone(), raw: raw}
	_ = json.Unmarshal(raw, &c.body)
	c.status = rc.answer(c.n, r)
	w.WriteHeader(c.status)
	rc.calls <- c
}

func (rc *receiver) next(t *testing.T) call {
	t.Helper()
	select {
	case c := <-rc.calls:
		return c
	case <-time.After(5 * time.Second):
		t.Fatal("the callback was not called")
		return call{}
	}
}

func always(status int) func(int, *http.Request) int {
	return func(int, *http.Request) int { return status }
}

// downAddr returns a loopback address where nothing listens.
func downAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func (r *hookRig) setCallback(t *testing.T, shopID int64, url string) {
	t.Helper()
	if err := r.callbacks.SetCallback(context.Background(), shopID, url, secret); err != nil {
		t.Fatal(err)
	}
}

func (r *hookRig) start(t *testing.T) {
	t.Helper()
	r.callbacks.Start()
	t.Cleanup(func() { r.callbacks.Stop() })
}

// reply sends an agent's reply to a buyer of a shop, opening the
// conversation with a buyer message first.
func (r *hookRig) reply(t *testing.T, shopID int64, buyer, text string) engine.Message {
	t.Helper()
	ctx := context.Background()
	c, _, err := r.desk.ReceiveBuyerMessage(ctx, shopID, buyer, "", "在吗")
	if err != nil {
		t.Fatal(err)
	}
	m, err := r.desk.SendReply(ctx, c.ID, text, 0)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func (r *hookRig) nextAttempt(t *testing.T) attempt {
	t.Helper()
	select {
	case a := <-r.attempts:
		return a
	case <-time.After(5 * time.Second):
		t.Fatal("no delivery was attempted")
		return attempt{}
	}
}

func (r *hookRig) deliveries(t *testing.T, shopID int64) []engine.Delivery {
	t.Helper()
	ds, err := r.st.Deliveries(context.Background(), shopID)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func TestCallbackAnswering500IsRetriedUntil2xx_CV7b(t *testing.T) {
	r := newHookRig(t, WebhookOptions{})
	rc := newReceiver(t, func(n int, _ *http.Request) int {
		if n == 1 {
			return 500
		}
		return 200
	})
	r.setCallback(t, r.shop.ID, rc.srv.URL+"/hook")
	r.start(t)
	m := r.reply(t, r.shop.ID, "b1", "亲，已经发货啦")
	first := rc.next(t)
	if a := r.nextAttempt(t); a.err == nil || a.err.Error() != "answered HTTP 500" {
		t.Fatalf("first attempt: %v", a.err)
	}
	r.clock.waitSleep(t, time.Second)
	if ds := r.deliveries(t, r.shop.ID); len(ds) != 1 || ds[0].Attempts != 1 || ds[0].LastError != "answered HTTP 500" ||
		!ds[0].DeliveredAt.IsZero() || !ds[0].NextAt.Equal(r.clock.Now().Add(time.Second)) {
		t.Fatalf("after the 500: %+v", ds)
	}
	r.clock.Advance(time.Second)
	second := rc.next(t)
	if a := r.nextAttempt(t); a.err != nil {
		t.Fatal(a.err)
	}
	if second.body.Message.ID != m.ID || second.body.Message.Text != "亲，已经发货啦" || string(second.raw) != string(first.raw) ||
		second.header.Get("X-ReplyDesk-Delivery") != first.header.Get("X-ReplyDesk-Delivery") {
		t.Fatalf("the retry differs: %s / %s", first.raw, second.raw)
	}
	if ds := r.deliveries(t, r.shop.ID); ds[0].DeliveredAt.IsZero() || ds[0].LastError != "" {
		t.Fatalf("not marked delivered: %+v", ds[0])
	}
}

func TestCallbackDownThenUpIsDeliveredWithBackoff_CV7b(t *testing.T) {
	r := newHookRig(t, WebhookOptions{})
	addr := downAddr(t)
	r.setCallback(t, r.shop.ID, "http://"+addr+"/hook")
	r.start(t)
	m := r.reply(t, r.shop.ID, "b1", "在的")
	for i, wait := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second} {
		if a := r.nextAttempt(t); a.err == nil || !strings.Contains(a.err.Error(), "refused") {
			t.Fatalf("attempt %d: %v", i+1, a.err)
		}
		r.clock.waitSleep(t, wait)
		if i < 2 {
			r.clock.Advance(wait)
		}
	}
	rc := newReceiverAt(t, addr, always(204))
	r.clock.Advance(4 * time.Second)
	if c := rc.next(t); c.body.Message.ID != m.ID {
		t.Fatalf("%s", c.raw)
	}
	if a := r.nextAttempt(t); a.err != nil || a.d.Attempts != 3 {
		t.Fatalf("%+v", a)
	}
}

func TestCallbackTooSlowTimesOutAndIsRetried_CV7b(t *testing.T) {
	path := filepath.Join(t.TempDir(), "replydesk.db")
	r := newHookRigAt(t, path, WebhookOptions{}, CallbackOptions{Timeout: 100 * time.Millisecond})
	entered := make(chan struct{}, 10)
	rc := newReceiver(t, func(n int, req *http.Request) int {
		if n == 1 {
			entered <- struct{}{}
			<-req.Context().Done() // never answers; ReplyDesk gives up
		}
		return 200
	})
	r.setCallback(t, r.shop.ID, rc.srv.URL)
	r.start(t)
	r.reply(t, r.shop.ID, "b1", "在的") // returns while the callback hangs
	<-entered
	select {
	case a := <-r.attempts:
		t.Fatalf("the reply waited for the callback: %+v", a)
	default:
	}
	if a := r.nextAttempt(t); a.err == nil || a.err.Error() != "no answer within 100ms" {
		t.Fatalf("%v", a.err)
	}
	r.clock.waitSleep(t, time.Second)
	r.clock.Advance(time.Second)
	// The hung call and the retry, in either order.
	if c1, c2 := rc.next(t), rc.next(t); c1.n+c2.n != 3 || c1.body.Delivery != c2.body.Delivery {
		t.Fatalf("%+v %+v", c1, c2)
	}
	if a := r.nextAttempt(t); a.err != nil {
		t.Fatal(a.err)
	}
}

func TestCallbackSignatureIsVerifiable_CV7b(t *testing.T) {
	r := newHookRig(t, WebhookOptions{})
	rc := newReceiver(t, always(200))
	r.setCallback(t, r.shop.ID, rc.srv.URL)
	r.start(t)
	m := r.reply(t, r.shop.ID, "buyer-42", "<b>在的</b> 😀")
	c := rc.next(t)
	if got := c.header.Get("X-ReplyDesk-Signature"); got != Signature(secret, c.raw) || !strings.HasPrefix(got, "sha256=") || len(got) != 7+64 {
		t.Fatalf("signature %q", got)
	}
	if Signature("another secret!!", c.raw) == c.header.Get("X-ReplyDesk-Signature") {
		t.Fatal("any secret verifies")
	}
	if ts, err := strconv.ParseInt(c.header.Get("X-ReplyDesk-Timestamp"), 10, 64); err != nil || ts != r.clock.Now().Unix() {
		t.Fatalf("timestamp %q", c.header.Get("X-ReplyDesk-Timestamp"))
	}
	b := c.body
	if c.header.Get("Content-Type") != "application/json" || c.header.Get("X-ReplyDesk-Delivery") != b.Delivery || len(b.Delivery) != 32 ||
		b.Event != "message" || b.Shop != r.shop.ID || b.Buyer != "buyer-42" || b.Message.ID != m.ID ||
		b.Message.Text != "<b>在的</b> 😀" || b.Message.Sender != "agent" || b.Message.ConversationID != m.ConversationID {
		t.Fatalf("%s %v", c.raw, c.header)
	}
	// The secret goes nowhere but into the signature.
	if strings.Contains(string(c.raw), secret) || strings.Contains(c.header.Get("X-ReplyDesk-Signature"), secret) {
		t.Fatal("the secret was sent")
	}
}

func TestCallbackDeliveriesSurviveARestart_CV7b(t *testing.T) {
	path := filepath.Join(t.TempDir(), "replydesk.db")
	r := newHookRigAt(t, path, WebhookOptions{}, CallbackOptions{})
	addr := downAddr(t)
	r.setCallback(t, r.shop.ID, "http://"+addr+"/hook")
	r.start(t)
	m1 := r.reply(t, r.shop.ID, "b1", "第一条")
	if a := r.nextAttempt(t); a.err == nil {
		t.Fatal("delivered to nothing")
	}
	r.clock.waitSleep(t, time.Second)
	r.callbacks.Stop()
	m2 := r.reply(t, r.shop.ID, "b1", "第二条") // written before Deliver returned, never attempted
	if ds := r.deliveries(t, r.shop.ID); len(ds) != 2 || ds[1].Attempts != 0 || ds[1].MessageID != m2.ID {
		t.Fatalf("%+v", ds)
	}
	r.srv.Close()
	if err := r.st.Close(); err != nil {
		t.Fatal(err)
	}

	again := newHookRigAt(t, path, WebhookOptions{}, CallbackOptions{})
	rc := newReceiverAt(t, addr, always(200))
	again.start(t)
	again.clock.waitSleep(t, time.Second) // the first message's retry is still due in 1 s
	again.clock.Advance(time.Second)
	for _, want := range []engine.Message{m1, m2} {
		if c := rc.next(t); c.body.Message.ID != want.ID || c.body.Message.Text != want.Text {
			t.Fatalf("got %s, want message %d", c.raw, want.ID)
		}
		if a := again.nextAttempt(t); a.err != nil {
			t.Fatal(a.err)
		}
	}
	if n, err := again.st.PendingDeliveries(context.Background(), again.shop.ID); err != nil || n != 0 {
		t.Fatalf("%d pending, %v", n, err)
	}
}

func TestCallbackDeliversEachMessageOnceInOrder_CV7b(t *testing.T) {
	r := newHookRig(t, WebhookOptions{})
	rc := newReceiver(t, func(n int, _ *http.Request) int {
		if n == 2 {
			return 503
		}
		return 200
	})
	r.setCallback(t, r.shop.ID, rc.srv.URL)
	var sent []int64
	for _, text := range []string{"一", "二", "三"} {
		sent = append(sent, r.reply(t, r.shop.ID, "b1", text).ID)
	}
	r.start(t)
	var acked []int64
	seen := map[string]int{}
	for len(acked) < 3 {
		c := rc.next(t)
		r.nextAttempt(t) // recorded
		if c.status == 200 {
			acked = append(acked, c.body.Message.ID)
			seen[c.body.Delivery]++
		}
		if c.status == 503 {
			r.clock.waitSleep(t, time.Second)
			r.clock.Advance(time.Second)
		}
	}
	if !equal(acked, sent) {
		t.Fatalf("acknowledged %v, sent %v", acked, sent)
	}
	// A new worker on the same outbox sends only what is new: a delivery
	// acknowledged is never sent again (the shop's oldest pending delivery
	// goes first, so a resent one would come before the new message).
	r.callbacks.Stop()
	m4 := r.reply(t, r.shop.ID, "b1", "四")
	r.callbacks = NewCallbacks(r.st, discard, CallbackOptions{Clock: r.clock})
	r.start(t)
	if c := rc.next(t); c.body.Message.ID != m4.ID || seen[c.body.Delivery] != 0 {
		t.Fatalf("after a restart the callback got %s", c.raw)
	}
	if len(seen) != 3 || rc.n.Load() != 5 {
		t.Fatalf("%d deliveries acknowledged, %d calls", len(seen), rc.n.Load())
	}
}

func TestCallbackOfASlowShopHoldsUpNoOtherShop_CV7b(t *testing.T) {
	r := newHookRig(t, WebhookOptions{})
	release := make(chan struct{})
	slow := newReceiver(t, func(int, *http.Request) int { <-release; return 200 })
	fast := newReceiver(t, always(200))
	r.setCallback(t, r.shop.ID, slow.srv.URL)
	r.setCallback(t, r.other.ID, fast.srv.URL)
	r.start(t)
	r.reply(t, r.shop.ID, "b1", "slow")
	m := r.reply(t, r.other.ID, "b1", "fast")
	if c := fast.next(t); c.body.Message.ID != m.ID {
		t.Fatalf("%s", c.raw)
	}
	close(release)
	slow.next(t)
}

func TestMessagesGoToThePageAndOnlyToShopsWithACallback_CV7b(t *testing.T) {
	r := newHookRig(t, WebhookOptions{})
	rc := newReceiver(t, always(200))
	r.setCallback(t, r.shop.ID, rc.srv.URL)
	page, cancel := r.hub.Subscribe(r.other.ID, "b1")
	defer cancel()
	m := r.reply(t, r.other.ID, "b1", "no callback here")
	select {
	case got := <-page:
		if got.ID != m.ID {
			t.Fatalf("the simulator page got %+v", got)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the simulator page got nothing")
	}
	if ds := r.deliveries(t, r.other.ID); len(ds) != 0 {
		t.Fatalf("queued for a shop without callback: %+v", ds)
	}
	// A buyer message is not sent back to the callback.
	if _, _, err := r.desk.ReceiveBuyerMessage(context.Background(), r.shop.ID, "b1", "", "hi"); err != nil {
		t.Fatal(err)
	}
	if ds := r.deliveries(t, r.shop.ID); len(ds) != 0 {
		t.Fatalf("%+v", ds)
	}
}

func TestSetCallbackChecksAddressAndSecret_CV7b(t *testing.T) {
	r := newHookRig(t, WebhookOptions{})
	ctx := context.Background()
	cases := []struct {
		url, secret, key string
	}{
		{"ftp://example.com/hook", secret, "webhook_callback_invalid"},
		{"example.com/hook", secret, "webhook_callback_invalid"},
		{"http://", secret, "webhook_callback_invalid"},
		{"http://example.com/hook#x", secret, "webhook_callback_invalid"},
		{"https://example.com/" + strings.Repeat("a", MaxCallbackURL), secret, "webhook_callback_invalid"},
		{"https://example.com/hook", "short", "webhook_secret_invalid"},
		{"https://example.com/hook", "with spaces in the secret", "webhook_secret_invalid"},
		{"https://example.com/hook", "", "webhook_secret_missing"},
	}
	for _, tc := range cases {
		err := r.callbacks.SetCallback(ctx, r.shop.ID, tc.url, tc.secret)
		var ie *engine.InputError
		if !errors.As(err, &ie) || ie.Key != tc.key {
			t.Errorf("%q %q: %v, want %s", tc.url, tc.secret, err, tc.key)
		}
	}
	if _, err := r.st.Callback(ctx, r.shop.ID); !errors.Is(err, engine.ErrNotFound) {
		t.Fatalf("a refused callback was stored: %v", err)
	}
	if err := r.callbacks.SetCallback(ctx, 999, "https://example.com/hook", secret); !errors.Is(err, engine.ErrNotFound) {
		t.Fatalf("unknown shop: %v", err)
	}
	// An empty secret keeps the one set before; an empty address removes the callback.
	r.setCallback(t, r.shop.ID, "https://example.com/a")
	if err := r.callbacks.SetCallback(ctx, r.shop.ID, " https://example.com/b ", ""); err != nil {
		t.Fatal(err)
	}
	if cb, err := r.st.Callback(ctx, r.shop.ID); err != nil || cb.URL != "https://example.com/b" || cb.Secret != secret {
		t.Fatalf("%+v %v", cb, err)
	}
	if err := r.callbacks.SetCallback(ctx, r.shop.ID, "", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := r.st.Callback(ctx, r.shop.ID); !errors.Is(err, engine.ErrNotFound) {
		t.Fatalf("not removed: %v", err)
	}
}

func TestCallbackBackoffDoublesUpToFiveMinutes_CV7b(t *testing.T) {
	c := NewCallbacks(nil, discard, CallbackOptions{})
	want := []time.Duration{1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300}
	for i, w := range want {
		if got := c.Backoff(i + 1); got != w*time.Second {
			t.Errorf("after %d failures: %s, want %s", i+1, got, w*time.Second)
		}
	}
	if got := c.Backoff(1000); got != 5*time.Minute {
		t.Errorf("after 1000 failures: %s", got)
	}
}

func equal(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestCallbackFailuresAreLoggedWithoutAddressOrSecret_CV7b(t *testing.T) {
	var logged lockedBuffer
	path := filepath.Join(t.TempDir(), "replydesk.db")
	r := newHookRigAt(t, path, WebhookOptions{}, CallbackOptions{})
	r.callbacks.log = slog.New(slog.NewTextHandler(&logged, nil))
	r.setCallback(t, r.shop.ID, "http://agent:pa55word@"+downAddr(t)+"/hook?key=query-secret")
	r.start(t)
	r.reply(t, r.shop.ID, "b1", "在的")
	r.nextAttempt(t)
	lines := strings.Split(strings.TrimSpace(logged.String()), "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], "webhook: callback failed") || !strings.Contains(lines[0], "attempt=1") ||
		!strings.Contains(lines[0], "retry_in=1s") || !strings.Contains(lines[0], "refused") {
		t.Fatalf("%q", lines)
	}
	for _, leak := range []string{secret, "pa55word", "query-secret", "/hook"} {
		if strings.Contains(logged.String(), leak) {
			t.Errorf("the log shows %q: %s", leak, logged.String())
		}
	}
}

// A message stored when the app was killed before it reached the outbox
// is found and delivered when the worker starts again, once (CV-7b:
// "nothing lost across restarts"); what is not for the callback stays out.
// A reply is queued for the callback in the transaction that stores it, so
// a reply stored by any path — here straight into the store, as a desk
// killed right after its write would leave it — is delivered once, after a
// restart too; agents' notes and messages from before the callback never.
func TestCallbackDeliversEveryStoredReplyOnce_CV7b(t *testing.T) {
	r := newHookRig(t, WebhookOptions{})
	ctx := context.Background()
	rc := newReceiver(t, always(200))
	// Before the callback is set, nothing is for it.
	before := r.reply(t, r.shop.ID, "b0", "before the callback")
	r.clock.Advance(time.Second)
	r.setCallback(t, r.shop.ID, rc.srv.URL)
	r.clock.Advance(time.Second)
	queued := r.reply(t, r.shop.ID, "b1", "queued as usual")
	// Stored straight into the conversation, with no desk to tell the
	// worker: an agent's reply, an agent-only note and a buyer message.
	c, _, err := r.desk.ReceiveBuyerMessage(ctx, r.shop.ID, "b2", "", "在吗")
	if err != nil {
		t.Fatal(err)
	}
	at := r.clock.Now()
	_, lost, err := r.st.AppendMessage(ctx, c.ID, engine.Message{Sender: engine.SenderAgent, Type: engine.MessageText, Text: "stored by the store alone", CreatedAt: at})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := r.st.AppendMessage(ctx, c.ID, engine.Message{Sender: engine.SenderSystem, Type: engine.MessageText, Text: "note", CreatedAt: at}); err != nil {
		t.Fatal(err)
	}

	r.clock.Advance(time.Second) // the app starts again
	r.start(t)
	got := map[int64]int{}
	for range 2 {
		c := rc.next(t)
		r.nextAttempt(t) // recorded as acknowledged
		got[c.body.Message.ID]++
		if c.body.Message.ID == lost.ID && c.body.Buyer != "b2" {
			t.Errorf("the lost message went out for buyer %q", c.body.Buyer)
		}
	}
	if got[queued.ID] != 1 || got[lost.ID] != 1 {
		t.Fatalf("delivered %v; want %d and the lost %d once each", got, queued.ID, lost.ID)
	}
	// Another restart finds nothing more to deliver than what was queued
	// meanwhile.
	r.callbacks.Stop()
	last := r.reply(t, r.shop.ID, "b3", "while stopped")
	r.clock.Advance(time.Second)
	r.callbacks = NewCallbacks(r.st, discard, CallbackOptions{Clock: r.clock})
	r.start(t)
	if c := rc.next(t); c.body.Message.ID != last.ID {
		t.Fatalf("after the restart the callback got %s, want only the new message", c.raw)
	}
	for _, d := range r.deliveries(t, r.shop.ID) {
		if d.MessageID == before.ID {
			t.Errorf("a message from before the callback was set was queued")
		}
	}
	if n := rc.n.Load(); n != 3 {
		t.Errorf("the callback was called %d times, want 3", n)
	}
}

// RB-4: the callback marks the robot's replies for the buyer's label; assist's are not marked (AS-6).
func TestCallbackBodyMarksTheRobotsReplies_RB4(t *testing.T) {
	for _, tc := range []struct {
		sender engine.Sender
		marked bool
	}{{engine.SenderRobot, true}, {engine.SenderAssist, false}, {engine.SenderAgent, false}, {engine.SenderFallback, false}} {
		body, err := Body(engine.Delivery{ID: "d", ShopID: 1, Message: &engine.QueuedMessage{ShopID: 1,
			Buyer: engine.Buyer{ExternalID: "b"}, Message: engine.Message{ID: 7, Sender: tc.sender, Type: engine.MessageText, Text: "hi"}}})
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(string(body), `"by_assistant":true`); got != tc.marked {
			t.Errorf("%s: marked %v in %s", tc.sender, got, body)
		}
	}
}
