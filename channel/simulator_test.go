package channel

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"replydesk/engine"
	"replydesk/store"
)

type noKB struct{}

func (noKB) Search(context.Context, int64, string, int) ([]engine.Hit, error) { return nil, nil }
func (noKB) Entries(context.Context, []int64) ([]engine.Entry, error)         { return nil, nil }

type quiet struct{}

func (quiet) MessageAdded(engine.Conversation, engine.Message) {}
func (quiet) ConversationChanged(engine.Conversation)          {}
func (quiet) AssistUpdated(engine.Assist)                      {}

type rig struct {
	srv  *httptest.Server
	st   *store.Store
	desk *engine.Desk
	hub  *Hub
	shop engine.Shop
}

func newRig(t *testing.T) *rig {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "replydesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	shop, err := st.CreateShop(ctx, engine.Shop{Name: "演示店"})
	if err != nil {
		t.Fatal(err)
	}
	hub := NewHub()
	desk := engine.NewDesk(engine.Deps{Conversations: st, Entries: noKB{}, Retriever: noKB{}, Notifier: quiet{}, Outbox: hub, Orders: st, Clock: engine.SystemClock{}})
	sim := NewSimulator(desk, st, hub, slog.New(slog.NewTextHandler(io.Discard, nil)))
	srv := httptest.NewServer(sim.Handler())
	t.Cleanup(srv.Close)
	return &rig{srv: srv, st: st, desk: desk, hub: hub, shop: shop}
}

func (r *rig) post(t *testing.T, contentType string, body []byte) (int, apiError) {
	t.Helper()
	resp, err := http.Post(r.srv.URL+"/simulator/api/messages", contentType, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var e apiError
	_ = json.NewDecoder(resp.Body).Decode(&e)
	return resp.StatusCode, e
}

func (r *rig) stored(t *testing.T) int {
	t.Helper()
	list, err := r.st.Conversations(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range list {
		msgs, _ := r.st.Messages(context.Background(), c.ID)
		n += len(msgs)
	}
	return n
}

func TestBuyerMessageIsStored_CV7a(t *testing.T) {
	r := newRig(t)
	body, _ := json.Marshal(postRequest{Shop: r.shop.ID, Buyer: "b1", Name: "小王", Text: "什么时候发货 🚚 ship?"})
	status, e := r.post(t, "application/json", body)
	if status != http.StatusCreated {
		t.Fatalf("status %d %+v", status, e)
	}
	// Media types are case-insensitive and may carry parameters.
	body, _ = json.Marshal(postRequest{Shop: r.shop.ID, Buyer: "b1", Text: "在吗"})
	if status, e := r.post(t, "Application/JSON; charset=utf-8", body); status != http.StatusCreated {
		t.Fatalf("status %d %+v", status, e)
	}
	resp, err := http.Get(r.srv.URL + "/simulator/api/history?shop=1&buyer=b1")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var msgs []engine.Message
	if err := json.NewDecoder(resp.Body).Decode(&msgs); err != nil || len(msgs) != 2 || msgs[0].Text != "什么时候发货 🚚 ship?" {
		t.Fatalf("history %+v %v", msgs, err)
	}
}

func TestBadBuyerMessagesAreRefusedAndNothingStored(t *testing.T) {
	r := newRig(t)
	js := func(v any) []byte { b, _ := json.Marshal(v); return b }
	cases := []struct {
		name        string
		contentType string
		body        []byte
		status      int
		key         string
	}{
		{"empty", "application/json", js(postRequest{Shop: 1, Buyer: "b", Text: ""}), 400, "message_empty"},
		{"blank", "application/json", js(postRequest{Shop: 1, Buyer: "b", Text: "   "}), 400, "message_empty"},
		{"too long", "application/json", js(postRequest{Shop: 1, Buyer: "b", Text: strings.Repeat("a", 4001)}), 400, "message_too_long"},
		{"invalid utf-8", "application/json", []byte("{\"shop\":1,\"buyer\":\"b\",\"text\":\"hi \xff\xfe\"}"), 400, "message_not_utf8"},
		{"not json", "application/json", []byte("text=hi"), 400, "bad_request"},
		{"wrong types", "application/json", []byte(`{"shop":"1","buyer":"b","text":123}`), 400, "bad_request"},
		{"form post", "application/x-www-form-urlencoded", []byte("text=hi"), 415, "bad_content_type"},
		{"json-like type", "application/jsonp", js(postRequest{Shop: 1, Buyer: "b", Text: "hi"}), 415, "bad_content_type"},
		{"huge body", "application/json", js(postRequest{Shop: 1, Buyer: "b", Text: strings.Repeat("好", 30000)}), 413, "message_too_long"},
		{"no buyer", "application/json", js(postRequest{Shop: 1, Text: "hi"}), 400, "buyer_missing"},
		{"control characters", "application/json", js(postRequest{Shop: 1, Buyer: "b", Text: "a\u0000b\u0007c"}), 400, "message_control_character"},
		{"control character in the name", "application/json", js(postRequest{Shop: 1, Buyer: "b", Name: "小\u001b王", Text: "hi"}), 400, "name_invalid"},
		{"control character in the buyer", "application/json", js(postRequest{Shop: 1, Buyer: "b\u0085", Text: "hi"}), 400, "buyer_invalid"},
		{"unknown shop", "application/json", js(postRequest{Shop: 99, Buyer: "b", Text: "hi"}), 404, "shop_not_found"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, e := r.post(t, tc.contentType, tc.body)
			if status != tc.status || e.Error.Key != tc.key || e.Error.Message == "" {
				t.Fatalf("got %d %+v, want %d %s", status, e, tc.status, tc.key)
			}
		})
	}
	if n := r.stored(t); n != 0 {
		t.Fatalf("%d refused messages were stored", n)
	}
}

func TestRepliesArePushedToTheBuyerPage_CV7a(t *testing.T) {
	r := newRig(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	body, _ := json.Marshal(postRequest{Shop: r.shop.ID, Buyer: "b1", Text: "在吗"})
	if status, e := r.post(t, "application/json", body); status != 201 {
		t.Fatalf("%d %+v", status, e)
	}
	req, _ := http.NewRequestWithContext(ctx, "GET", r.srv.URL+"/simulator/api/events?shop=1&buyer=b1", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	lines := bufio.NewScanner(resp.Body)
	lines.Scan() // ": connected" tells the subscription is in place
	list, _ := r.st.Conversations(ctx)
	if _, err := r.desk.SendReply(ctx, list[0].ID, "<b>在的</b>", 0); err != nil {
		t.Fatal(err)
	}
	for lines.Scan() {
		if data, ok := strings.CutPrefix(lines.Text(), "data: "); ok {
			var m engine.Message
			if err := json.Unmarshal([]byte(data), &m); err != nil || m.Text != "<b>在的</b>" || m.Sender != engine.SenderAgent {
				t.Fatalf("pushed %q: %v", data, err)
			}
			return
		}
	}
	t.Fatalf("no message pushed: %v", lines.Err())
}

func TestOnlyLoopbackHostsAreServed(t *testing.T) {
	r := newRig(t)
	for host, want := range map[string]int{"evil.example": 403, "192.168.1.5:7788": 403, "127.0.0.1:7788": 200, "localhost": 200, "[::1]:7788": 200} {
		req, _ := http.NewRequest("GET", r.srv.URL+"/simulator/api/shops", nil)
		req.Host = host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("Host %s: %d, want %d", host, resp.StatusCode, want)
		}
	}
}

func TestSimulatorPageIsServed(t *testing.T) {
	r := newRig(t)
	resp, err := http.Get(r.srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.Contains(string(b), "买家模拟器") {
		t.Fatalf("%d %s", resp.StatusCode, b)
	}
}

func TestHubDropsForSlowPagesInsteadOfBlocking(t *testing.T) {
	h := NewHub()
	ch, cancel := h.Subscribe(1, "b")
	defer cancel()
	done := make(chan struct{})
	go func() {
		for i := 0; i < 1000; i++ {
			h.Deliver(context.Background(), 1, engine.Buyer{ExternalID: "b"}, engine.Message{ID: int64(i)})
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Deliver blocked on a page that does not read")
	}
	if first := <-ch; first.ID != 0 {
		t.Fatalf("first message %d", first.ID)
	}
}
