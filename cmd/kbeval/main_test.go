package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"replydesk/llm"
	"replydesk/search"
)

// writeFolder writes a data folder with kb and queries as its two files.
func writeFolder(t *testing.T, kb, queries string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range map[string]string{"kb.jsonl": kb, "queries.jsonl": queries} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// tinyKB has six intents; "card_arrival" has a question longer than the
// app allows and "top_up" more similar questions than one entry may hold.
func tinyKB() string {
	var topUp []string
	for i := range 305 {
		topUp = append(topUp, fmt.Sprintf("top up my account with %d dollars", i+1))
	}
	lines := []map[string]any{
		{"id": "card_arrival", "question": "when will my card arrive", "similar": []string{"my new card has not come yet", "track the card you sent me", strings.Repeat("card still not delivered ", 12)}, "answer": "It takes 5 days."},
		{"id": "lost_card", "question": "i lost my card", "similar": []string{"my card was stolen", "freeze my lost card"}, "answer": "We froze it."},
		{"id": "exchange_rate", "question": "what exchange rate do you use", "similar": []string{"how much is the currency conversion rate", "exchange rate for euros"}, "answer": "The market rate."},
		{"id": "top_up", "question": "how do i top up", "similar": topUp, "answer": ""},
		{"id": "change_pin", "question": "how do i change my pin", "similar": []string{"reset my pin code", "i forgot my pin"}, "answer": "In the app."},
		{"id": "refund", "question": "where is my refund", "similar": []string{"refund not showing up", "my refund has not arrived"}, "answer": "Within 3 days."},
	}
	var b strings.Builder
	for _, l := range lines {
		j, _ := json.Marshal(l)
		b.Write(j)
		b.WriteString("\n")
	}
	return b.String()
}

const tinyQueries = `{"text": "my card hasn't arrived yet", "expect": "card_arrival"}
{"text": "someone stole my card", "expect": "lost_card"}
{"text": "what rate do you use for exchange", "expect": "exchange_rate"}
{"text": "i want to top up", "expect": "top_up"}

{"text": "can i change my pin", "expect": "change_pin"}
{"text": "my refund is not there", "expect": "refund"}
{"text": "where is the card i ordered", "expect": "card_arrival"}
{"text": "pin reset", "expect": "change_pin"}
{"text": "what's the weather in paris tomorrow", "expect": null}
{"text": "🙂", "expect": null}
`

func runKBEval(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errs bytes.Buffer
	code = run(args, &out, &errs)
	return code, out.String(), errs.String()
}

func TestDataFolderEvaluatesEndToEndAsJSON(t *testing.T) {
	dir := writeFolder(t, tinyKB(), tinyQueries)
	code, out, errs := runKBEval(t, "-data", dir, "-json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var r map[string]any
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("output is not one JSON object: %v\n%s", err, out)
	}
	counts := map[string]float64{"queries": 10, "in_scope": 8, "out_of_scope": 2, "entries": 7, "clipped_questions": 1, "split_entries": 1}
	for key, want := range counts {
		if r[key] != want {
			t.Errorf("%s = %v, want %v", key, r[key], want)
		}
	}
	rates := []string{"top1", "top5", "mrr", "in_scope_top1", "oos_auroc", "auto_precision", "auto_coverage"}
	for _, key := range rates {
		v, ok := r[key].(float64)
		if !ok || v < 0 || v > 1 {
			t.Errorf("%s = %v, want a number in [0, 1]", key, r[key])
		}
	}
	if v, _ := r["in_scope_top1"].(float64); v < 0.75 {
		t.Errorf("in_scope_top1 = %v on easy paraphrases, want ≥ 0.75", v)
	}
	if v, _ := r["top5"].(float64); v < 0.99 {
		t.Errorf("top5 = %v, want every in-scope query's entry among the first five", v)
	}
	if r["threshold"] != search.DefaultAutoThreshold {
		t.Errorf("threshold = %v, want the default %v", r["threshold"], search.DefaultAutoThreshold)
	}
	for _, key := range []string{"p50_ms", "p99_ms"} {
		if v, ok := r[key].(float64); !ok || v < 0 || v > 1000 {
			t.Errorf("%s = %v, want a plausible time", key, r[key])
		}
	}
	base, ok := r["baseline"].(map[string]any)
	if !ok {
		t.Fatalf("baseline = %v, want an object", r["baseline"])
	}
	for _, key := range []string{"top1", "top5", "mrr", "oos_auroc"} {
		if v, ok := base[key].(float64); !ok || v < 0 || v > 1 {
			t.Errorf("baseline.%s = %v, want a number in [0, 1]", key, base[key])
		}
	}
}

func TestTablePrintsOursBesideTheBaseline(t *testing.T) {
	dir := writeFolder(t, tinyKB(), tinyQueries)
	code, out, errs := runKBEval(t, "-data", dir, "-threshold", "0.3")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"ReplyDesk", "BM25", "top1", "top5", "mrr", "in_scope_top1", "oos_auroc",
		"auto_precision", "auto_coverage", "p50_ms", "p99_ms", "0.30", "10 queries (8 in scope, 2 out of scope)"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}

func TestOutOfScopeFreeDataHasNullAUROC(t *testing.T) {
	inScope := strings.SplitN(tinyQueries, "\n", 3)
	dir := writeFolder(t, tinyKB(), inScope[0]+"\n"+inScope[1]+"\n")
	code, out, errs := runKBEval(t, "-data", dir, "-json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var r struct {
		OOSAUROC *float64 `json:"oos_auroc"`
		Baseline struct {
			OOSAUROC *float64 `json:"oos_auroc"`
		} `json:"baseline"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.OOSAUROC != nil || r.Baseline.OOSAUROC != nil {
		t.Errorf("oos_auroc = %v, baseline %v; want null without out-of-scope queries", r.OOSAUROC, r.Baseline.OOSAUROC)
	}
}

func TestPresetZhCNAnswersMostHeldOutQueries(t *testing.T) {
	code, out, errs := runKBEval(t, "-kb", "preset", "-locale", "zh-CN", "-json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var r struct {
		InScope     int      `json:"in_scope"`
		OutOfScope  int      `json:"out_of_scope"`
		InScopeTop1 *float64 `json:"in_scope_top1"`
		OOSAUROC    *float64 `json:"oos_auroc"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.InScope < 300 || r.OutOfScope < 40 {
		t.Errorf("read %d in-scope and %d out-of-scope queries from testdata/eval/zh-CN, want ≥ 300 and ≥ 40", r.InScope, r.OutOfScope)
	}
	if r.InScopeTop1 == nil || *r.InScopeTop1 <= 0.5 {
		t.Errorf("in_scope_top1 = %v, want > 0.5", deref(r.InScopeTop1))
	}
	if r.OOSAUROC == nil {
		t.Error("oos_auroc = null, want a number")
	}
}

func TestBadFilesExitOneNamingTheLine(t *testing.T) {
	kb := tinyKB()
	tests := []struct {
		name, kb, queries, want string
	}{
		{"broken JSON", "{\"id\": \"a\", \"question\": \"hi\"}\n{\"id\": \"b\", \"quest", tinyQueries, "kb.jsonl line 2"},
		{"no question", kb + `{"id": "x", "similar": ["a"]}` + "\n", tinyQueries, `kb.jsonl line 7: "question" is missing`},
		{"id twice", kb + `{"id": "refund", "question": "refund?"}` + "\n", tinyQueries, `kb.jsonl line 7: id "refund" repeats line 6`},
		{"unknown expect", kb, tinyQueries + `{"text": "hi", "expect": "greeting"}` + "\n", `queries.jsonl line 12: expects "greeting"`},
		{"expect missing", kb, `{"text": "hi"}` + "\n", `queries.jsonl line 1: "expect" is missing`},
		{"expect not a string", kb, `{"text": "hi", "expect": 3}` + "\n", `queries.jsonl line 1: "expect" must be a string or null`},
		{"no queries", kb, "\n\n", "has no queries"},
		{"two standard questions alike", `{"id": "a", "question": "hi"}` + "\n" + `{"id": "b", "question": "hi"}` + "\n", `{"text": "hi", "expect": "a"}`, `kb.jsonl line 2 ("b")`},
	}
	for _, tt := range tests {
		dir := writeFolder(t, tt.kb, tt.queries)
		code, _, errs := runKBEval(t, "-data", dir)
		if code != 1 || !strings.Contains(errs, tt.want) {
			t.Errorf("%s: exit %d, stderr %q; want 1 and %q", tt.name, code, errs, tt.want)
		}
	}
	code, _, errs := runKBEval(t, "-data", filepath.Join(t.TempDir(), "missing"))
	if code != 1 || !strings.Contains(errs, "kb.jsonl") {
		t.Errorf("missing folder: exit %d, stderr %q; want 1 naming kb.jsonl", code, errs)
	}
	code, _, errs = runKBEval(t, "-kb", "preset", "-queries", filepath.Join(t.TempDir(), "none.jsonl"))
	if code != 1 || !strings.Contains(errs, "none.jsonl") {
		t.Errorf("missing queries file: exit %d, stderr %q; want 1 naming it", code, errs)
	}
}

func TestUsageErrorsExitTwo(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"-data", "x", "-kb", "preset"},
		{"-kb", "mine"},
		{"-kb", "preset", "-locale", "fr"},
		{"-data", "x", "-threshold", "1.5"},
		{"-data", "x", "extra"},
		{"-nosuchflag"},
	} {
		if code, _, _ := runKBEval(t, args...); code != 2 {
			t.Errorf("kbeval %q: exit %d, want 2", args, code)
		}
	}
	if code, _, errs := runKBEval(t, "-h"); code != 0 || !strings.Contains(errs, "auto_precision") {
		t.Errorf("-h: exit %d, want 0 and the help text", code)
	}
}

func TestMatchQueryQuotesEveryWordOnce(t *testing.T) {
	tests := []struct{ text, want string }{
		{`refund OR "NEAR" refund*`, `"refund" OR "or" OR "near"`},
		{"亲，退款到账了吗？", `"亲" OR "退款到账" OR "退款" OR "到账" OR "了" OR "吗"`},
		{"🙂 !!", ""},
	}
	for _, tt := range tests {
		got, err := matchQuery(tt.text)
		if err != nil || got != tt.want {
			t.Errorf("matchQuery(%q) = %q, %v; want %q", tt.text, got, err, tt.want)
		}
	}
}

// TestLLMRerankIsEvaluatedWithTheConfiguredEndpoint runs -llm against a fake
// OpenAI-compatible server that puts the search's last candidate first, with
// the settings where the app keeps them (REPLYDESK_DATA_DIR).
func TestLLMRerankIsEvaluatedWithTheConfiguredEndpoint(t *testing.T) {
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		var req struct {
			Messages []struct{ Content string } `json:"messages"`
		}
		json.NewDecoder(r.Body).Decode(&req)
		var offered struct {
			Candidates []struct{ ID int64 } `json:"candidates"`
		}
		json.Unmarshal([]byte(req.Messages[len(req.Messages)-1].Content), &offered)
		var order []int64
		for i := len(offered.Candidates) - 1; i >= 0; i-- {
			order = append(order, offered.Candidates[i].ID)
		}
		content, _ := json.Marshal(map[string]any{"order": order, "none_fit": false})
		body, _ := json.Marshal(string(content))
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"id":"x","object":"chat.completion","model":"m","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":%s}}]}`, body)
	}))
	defer srv.Close()
	dir := t.TempDir()
	t.Setenv("REPLYDESK_DATA_DIR", dir)
	store := llm.NewSettingsStore(dir, nil)
	if err := store.Save(llm.Settings{BaseURL: srv.URL + "/v1", Model: "m", Enabled: true}); err != nil {
		t.Fatal(err)
	}
	var out, errs bytes.Buffer
	code := run([]string{"-kb", "preset", "-locale", "en", "-llm", "-nobaseline", "-json"}, &out, &errs)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	var r report
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	if r.LLM == nil || r.LLM.Model != "m" || calls.Load() == 0 || r.LLM.Failed != 0 {
		t.Fatalf("llm report %+v after %d calls", r.LLM, calls.Load())
	}
	if *r.LLM.InScopeTop1 >= *r.InScopeTop1 {
		t.Errorf("a reranker that reverses the order must lose top-1: %.3f vs %.3f", *r.LLM.InScopeTop1, *r.InScopeTop1)
	}
	// without a configured LLM, -llm says so
	t.Setenv("REPLYDESK_DATA_DIR", t.TempDir())
	if code := run([]string{"-kb", "preset", "-locale", "en", "-llm", "-nobaseline"}, &out, &errs); code != 1 {
		t.Errorf("no LLM configured: exit %d", code)
	}
}
