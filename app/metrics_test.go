package app

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"replydesk/engine"
	"replydesk/preset"
	"replydesk/store"
)

func newMetricsTest(t *testing.T) (*MetricsService, *store.Store, engine.Shop, string) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "db", "replydesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	shop, err := st.CreateShop(ctx, engine.Shop{Name: "旗舰店", Platform: "douyin", Locale: "zh-CN"})
	if err != nil {
		t.Fatal(err)
	}
	clock := &clockAt{time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)}
	at := time.Date(2026, 11, 20, 2, 0, 0, 0, time.UTC) // 10:00 in China
	c, _, err := st.AppendBuyerMessage(ctx, shop.ID, "b1", "", "在吗", at)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.AppendMessage(ctx, c.ID, engine.Message{Sender: engine.SenderAgent, Text: "在的", AgentID: 1, CreatedAt: at.Add(time.Minute)}); err != nil {
		t.Fatal(err)
	}
	settings, err := engine.NewSettings(ctx, st, 0.8)
	if err != nil {
		t.Fatal(err)
	}
	kpis, err := preset.KPIs()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "exports")
	m := engine.NewMetrics(st, st, engine.NewClocks(settings, st, kpis), clock)
	return NewMetricsService(m, dir), st, shop, dir
}

func TestMetricsDashboard_MT6_DaysAsColumns(t *testing.T) {
	s, _, shop, _ := newMetricsTest(t)
	d, err := s.Dashboard(engine.MetricsRequest{ShopID: shop.ID, From: "2026-11-19", To: "2026-11-21"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(d.Series.Dates, ",") != "2026-11-19,2026-11-20,2026-11-21" || d.Series.Sessions[1] != 1 || d.Series.Answered24h[1] != 1 ||
		d.Series.FirstResponseMs[1] != 60_000 || len(d.Series.KPIs) != 1 || d.Series.KPIs[0].Met[1] != 1 {
		t.Errorf("series %+v", d.Series)
	}
	if d.Total.Sessions != 1 || d.TimeZone != "Asia/Shanghai" || len(d.Sources) == 0 || d.Now != "2026-11-21T09:00:00Z" {
		t.Errorf("%+v", d)
	}
	// A year of days stays well under the dev bridge's 64 KB.
	y, err := s.Dashboard(engine.MetricsRequest{ShopID: shop.ID, From: "2025-11-22", To: "2026-11-21"})
	if err != nil || len(y.Series.Dates) != 365 {
		t.Fatal(err)
	}
	if b, _ := json.Marshal(y); len(b) > 48<<10 {
		t.Errorf("a year is %d bytes", len(b))
	}
	for _, bad := range []engine.MetricsRequest{{ShopID: shop.ID, From: "2026-11-21", To: "2026-11-20"}, {ShopID: 99}} {
		if _, err := s.Dashboard(bad); errKey(err) == "" {
			t.Errorf("%+v: %v", bad, err)
		}
	}
}

func TestMetricsExport_MT6_AFileInTheExportsFolder(t *testing.T) {
	s, _, shop, dir := newMetricsTest(t)
	req := MetricsExportRequest{MetricsRequest: engine.MetricsRequest{ShopID: shop.ID, From: "2026-11-20", To: "2026-11-20"}, Format: "csv", Locale: "en"}
	res, err := s.Export(req)
	if err != nil || filepath.Dir(res.Path) != dir || res.Days != 1 || !strings.HasSuffix(res.Path, "replydesk-metrics-shop1-20261120-20261120.csv") {
		t.Fatalf("%+v %v", res, err)
	}
	b, _ := os.ReadFile(res.Path)
	if !strings.Contains(string(b), "\n2026-11-20,1,1,0,1,1,60\n") && !strings.Contains(string(b), "\n2026-11-20,1,1,0,1,1,60,") {
		t.Errorf("%s", b)
	}
	// Again: a new file beside it; xlsx too; a bad format writes nothing.
	again, err := s.Export(req)
	if err != nil || again.Path == res.Path {
		t.Errorf("%+v %v", again, err)
	}
	req.Format = "xlsx"
	if x, err := s.Export(req); err != nil || !strings.HasSuffix(x.Path, ".xlsx") {
		t.Errorf("%+v %v", x, err)
	}
	req.Format = "pdf"
	if _, err := s.Export(req); errKey(err) != "error.metrics_bad_format" {
		t.Errorf("pdf: %v", err)
	}
	files, _ := os.ReadDir(dir)
	if len(files) != 3 {
		t.Errorf("%d files", len(files))
	}
}
