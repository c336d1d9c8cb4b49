package app

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"replydesk/engine"
	"replydesk/llm"
)

// fakeOpenAI answers chat completions with content, or with status.
func fakeOpenAI(t *testing.T, status int, content string) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if status != http.StatusOK {
			http.Error(w, `{"error":{"message":"boom"}}`, status)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		body, _ := json.Marshal(content)
		fmt.Fprintf(w, `{"id":"x","object":"chat.completion","model":"m","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":%s}}]}`, body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func newLLMService(t *testing.T) *LLMService {
	return NewLLMService(llm.NewSettingsStore(t.TempDir(), nil), engine.NewDesk(engine.Deps{}), slog.New(slog.NewTextHandler(io.Discard, nil)))
}

func TestLM1_SettingsKeepTheKeyOutOfTheWindow(t *testing.T) {
	s := newLLMService(t)
	got, err := s.Settings()
	if err != nil || got.Enabled || got.HasKey {
		t.Fatalf("fresh settings %+v %v", got, err)
	}
	if _, err := s.Save(SaveLLMRequest{BaseURL: "ftp://x", Model: "m", Enabled: true}); toError(err).Key != "error.llm_base_url_scheme" {
		t.Errorf("a bad URL: %v", err)
	}
	srv := fakeOpenAI(t, http.StatusOK, `{"order":[2,1],"none_fit":false}`)
	got, err = s.Save(SaveLLMRequest{BaseURL: srv.URL + "/v1", Model: "qwen", Enabled: true, BudgetMS: 1500, SetKey: true, APIKey: "sk-secret-123"})
	if err != nil || !got.HasKey || got.KeyPlace != "file" || got.Model != "qwen" {
		t.Fatalf("saved %+v %v", got, err)
	}
	b, _ := json.Marshal(got)
	if strings.Contains(string(b), "sk-secret") {
		t.Errorf("the key reached the window: %s", b)
	}
	// leaving the key alone keeps it
	if got, _ = s.Save(SaveLLMRequest{BaseURL: srv.URL + "/v1", Model: "qwen2", Enabled: true}); !got.HasKey {
		t.Error("saving without a new key dropped the kept one")
	}
}

func TestLM2_TestReportsWhetherTheEndpointAnswers(t *testing.T) {
	s := newLLMService(t)
	good := fakeOpenAI(t, http.StatusOK, `{"order":[2,1],"none_fit":false}`)
	res, err := s.Test(SaveLLMRequest{BaseURL: good.URL + "/v1", Model: "m", BudgetMS: 1500})
	if err != nil || !res.OK || res.Error != nil {
		t.Errorf("a good endpoint: %+v %v", res, err)
	}
	down := fakeOpenAI(t, http.StatusInternalServerError, "")
	res, err = s.Test(SaveLLMRequest{BaseURL: down.URL + "/v1", Model: "m", BudgetMS: 1500})
	if err != nil || res.OK || res.Error == nil || res.Error.Key != "error.llm_unavailable" {
		t.Errorf("a failing endpoint: %+v %v", res, err)
	}
	garbage := fakeOpenAI(t, http.StatusOK, "not json at all")
	res, _ = s.Test(SaveLLMRequest{BaseURL: garbage.URL + "/v1", Model: "m", BudgetMS: 1500})
	if res.OK || res.Error == nil || res.Error.Key != "error.llm_bad_answer" {
		t.Errorf("a garbage answer: %+v", res)
	}
}
