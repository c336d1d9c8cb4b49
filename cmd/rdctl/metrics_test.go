package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"replydesk/engine"
)

func goldenFile(t *testing.T) string {
	t.Helper()
	return filepath.Join("..", "..", "testdata", "metrics", "golden-day.csv")
}

func TestImportAndMetrics_MT1_MT5_TheGoldenDayFromAScript(t *testing.T) {
	dir := dataDir(t)
	st := openStore(t, dir)
	ctx := context.Background()
	sh, err := st.CreateShop(ctx, engine.Shop{Name: "抖音店", Platform: "douyin", Locale: "zh-CN"})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetShopSettings(ctx, sh.ID, map[string]string{"robot.timezone": "Asia/Shanghai"}); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := rdctl(t, "import", "-data", dir, "-shop", "抖音店", goldenFile(t))
	if code != 0 || !strings.Contains(stderr, "13 conversations, 39 messages imported") {
		t.Fatalf("%d %s", code, stderr)
	}
	code, stdout, stderr := rdctl(t, "metrics", "-data", dir, "-shop", "抖音店", "-from", "2026-03-10", "-to", "2026-03-10", "-json")
	if code != 0 {
		t.Fatalf("%d %s", code, stderr)
	}
	var got struct {
		Sessions            int      `json:"sessions"`
		ResponseRate24h     *float64 `json:"response_rate_24h"`
		FirstResponseAvgS   *float64 `json:"first_response_avg_s"`
		Satisfaction        *float64 `json:"satisfaction"`
		ResolvedByReception int      `json:"resolved_by_reception"`
		RobotHandoffRate    *float64 `json:"robot_handoff_rate"`
		KPIs                []struct {
			Key  string   `json:"key"`
			Rate *float64 `json:"rate"`
			Met  int      `json:"met"`
		} `json:"kpis"`
		Days []struct {
			Date string `json:"date"`
		} `json:"days"`
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("%v: %s", err, stdout)
	}
	rate := func(p *float64) float64 {
		if p == nil {
			return -1
		}
		return *p
	}
	if got.Sessions != 12 || !near(rate(got.ResponseRate24h), 8.0/12) || !near(rate(got.FirstResponseAvgS), 14357.142) ||
		!near(rate(got.Satisfaction), 0.6) || got.ResolvedByReception != 2 || !near(rate(got.RobotHandoffRate), 0.4) {
		t.Errorf("%s", stdout)
	}
	if len(got.KPIs) != 1 || got.KPIs[0].Key != "douyin_3min_human_reply" || !near(rate(got.KPIs[0].Rate), 2.0/7) || len(got.Days) != 1 {
		t.Errorf("kpis %+v", got.KPIs)
	}
	// As text, a row a day and the total.
	code, stdout, _ = rdctl(t, "metrics", "-data", dir, "-shop", "抖音店", "-from", "2026-03-09", "-to", "2026-03-10")
	if code != 0 || !strings.Contains(stdout, "2026-03-09") || !strings.Contains(stdout, "66.7%") || !strings.Contains(stdout, "douyin_3min_human_reply") {
		t.Errorf("%d\n%s", code, stdout)
	}
	// An empty range: rates are null, not zero.
	_, stdout, _ = rdctl(t, "metrics", "-data", dir, "-shop", "抖音店", "-from", "2025-01-01", "-to", "2025-01-02", "-json")
	if !strings.Contains(stdout, `"response_rate_24h": null`) || !strings.Contains(stdout, `"sessions": 0`) {
		t.Errorf("%s", stdout)
	}
	// Bad ranges are usage errors.
	for _, args := range [][]string{{"-from", "2026-03-10", "-to", "2026-03-09"}, {"-from", "x", "-to", "2026-03-09"}} {
		if code, _, _ := rdctl(t, append([]string{"metrics", "-data", dir, "-shop", "抖音店"}, args...)...); code != 2 {
			t.Errorf("%v: %d", args, code)
		}
	}
}

func near(a, b float64) bool { return a-b < 1e-3 && b-a < 1e-3 }

func TestImport_CV7c_ABadFileIsRefusedWhole(t *testing.T) {
	dir := dataDir(t)
	bad := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(bad, []byte("buyer_id,sender,text,time,rating\nb1,buyer,你好,2026-03-10 09:00:00,\nb1,boss,你好,2026-03-10 09:01:00,\nb1,agent,在的,2026-03-10 09:02:00,solved\n"), 0o644)
	code, _, stderr := rdctl(t, "import", "-data", dir, "-shop", "1", bad)
	if code != 1 || !strings.Contains(stderr, "row 3") || !strings.Contains(stderr, "history_unknown_sender") ||
		!strings.Contains(stderr, "row 4") || !strings.Contains(stderr, "history_rating_not_robot") {
		t.Fatalf("%d %s", code, stderr)
	}
	st := openStore(t, dir)
	if cs, _ := st.Conversations(context.Background()); len(cs) != 0 {
		t.Errorf("a bad file imported %d conversations", len(cs))
	}
	if code, _, _ := rdctl(t, "import", "-data", dir, "-shop", "1", "log.pdf"); code != 2 {
		t.Errorf("a PDF: %d", code)
	}
	if code, _, _ := rdctl(t, "import", "-data", dir, "-shop", "1"); code != 2 {
		t.Errorf("no file: %d", code)
	}
}
