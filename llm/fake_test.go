package llm

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// testKey is the API key the tests send; no error may ever contain it.
const testKey Key = "sk-test-0123456789abcdef"

// fakeAPI is an httptest server that speaks the OpenAI chat completions API:
// it records each request and lets the test's reply func answer it.
type fakeAPI struct {
	srv   *httptest.Server
	reply func(w http.ResponseWriter, r *http.Request, req recorded)
	// stop ends handlers that block until the client gives up, so that
	// closing the server never hangs.
	stop chan struct{}

	mu       sync.Mutex
	requests []recorded
}

// recorded is one request as the server saw it.
type recorded struct {
	Auth string
	Body map[string]any
	Raw  []byte
}

func newFakeAPI(t *testing.T, reply func(w http.ResponseWriter, r *http.Request, req recorded)) *fakeAPI {
	t.Helper()
	f := &fakeAPI{reply: reply, stop: make(chan struct{})}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	t.Cleanup(func() { close(f.stop) }) // runs first: cleanups run last-in first-out
	return f
}

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/v1/chat/completions" {
		http.Error(w, `{"error":{"message":"not found","type":"invalid_request_error"}}`, http.StatusNotFound)
		return
	}
	raw, _ := io.ReadAll(r.Body)
	req := recorded{Auth: r.Header.Get("Authorization"), Raw: raw}
	if err := json.Unmarshal(raw, &req.Body); err != nil {
		http.Error(w, `{"error":{"message":"bad json","type":"invalid_request_error"}}`, http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	f.requests = append(f.requests, req)
	f.mu.Unlock()
	f.reply(w, r, req)
}

// Requests returns the requests received so far.
func (f *fakeAPI) Requests() []recorded {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]recorded(nil), f.requests...)
}

// client returns a client of the fake with the test key.
func (f *fakeAPI) client(t *testing.T, budget time.Duration, topK int) *Client {
	t.Helper()
	c, err := New(Settings{BaseURL: f.srv.URL + "/v1", Model: "test-model", Enabled: true, Budget: budget, TopK: topK}, testKey)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// answer replies with a chat completion whose message content is content.
func answer(content string) func(http.ResponseWriter, *http.Request, recorded) {
	return func(w http.ResponseWriter, _ *http.Request, req recorded) {
		writeCompletion(w, req, content)
	}
}

func writeCompletion(w http.ResponseWriter, req recorded, content string) {
	model, _ := req.Body["model"].(string)
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{
		"id":      "chatcmpl-test",
		"object":  "chat.completion",
		"created": 1700000000,
		"model":   model,
		"choices": []map[string]any{{
			"index":         0,
			"message":       map[string]any{"role": "assistant", "content": content},
			"finish_reason": "stop",
		}},
		"usage": map[string]any{"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
	})
}

// status replies with an HTTP error carrying body as is.
func status(code int, body string) func(http.ResponseWriter, *http.Request, recorded) {
	return func(w http.ResponseWriter, _ *http.Request, _ recorded) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		_, _ = io.WriteString(w, body)
	}
}

// apiError is the body of an OpenAI error reply.
func apiError(message string) string {
	data, _ := json.Marshal(map[string]any{"error": map[string]any{
		"message": message, "type": "invalid_request_error", "param": nil, "code": nil,
	}})
	return string(data)
}

// responseFormat returns the type of a recorded request's response_format.
func responseFormat(req recorded) string {
	rf, _ := req.Body["response_format"].(map[string]any)
	typ, _ := rf["type"].(string)
	return typ
}

// candidates returns n candidates with IDs 101, 102, …
func candidates(n int) []Candidate {
	out := make([]Candidate, n)
	for i := range out {
		id := int64(101 + i)
		out[i] = Candidate{EntryID: id, Question: "question " + string(rune('A'+i)), Answer: "answer " + string(rune('A'+i))}
	}
	return out
}
