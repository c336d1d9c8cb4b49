package store

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"replydesk/chatfile"
	"replydesk/engine"
	"replydesk/preset"
)

// goldenDay imports testdata/metrics/golden-day.csv into a new shop of a
// platform (its time zone Asia/Shanghai) and returns the metrics and the
// shop.
func goldenDay(t *testing.T, s *Store, platform string, now time.Time) (*engine.Metrics, engine.Shop) {
	t.Helper()
	ctx := context.Background()
	shop, err := s.CreateShop(ctx, engine.Shop{Name: "golden " + platform, Platform: platform, Locale: "zh-CN"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetShopSettings(ctx, shop.ID, map[string]string{"robot.timezone": "Asia/Shanghai"}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join("..", "testdata", "metrics", "golden-day.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := chatfile.ReadChats(b, chatfile.CSV)
	if err != nil {
		t.Fatal(err)
	}
	res, err := engine.NewHistory(s, nil).ImportChats(ctx, shop.ID, rows, time.UTC)
	if err != nil || res.Conversations != 13 || res.Messages != 39 {
		t.Fatalf("import %+v %v", res, err)
	}
	settings, err := engine.NewSettings(ctx, s, 0.8)
	if err != nil {
		t.Fatal(err)
	}
	kpis, err := preset.KPIs()
	if err != nil {
		t.Fatal(err)
	}
	return engine.NewMetrics(s, s, engine.NewClocks(settings, s, kpis), fixedClock(now)), shop
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// TestMT_GoldenDay checks the hand-computed figures of
// testdata/metrics/golden-day.md (MT-1 – MT-5) from an imported log.
func TestMT_GoldenDay(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	now := time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC) // every clock of the day is up
	m, douyin := goldenDay(t, s, "douyin", now)
	rep, err := m.Report(ctx, engine.MetricsRequest{ShopID: douyin.ID, From: "2026-03-10", To: "2026-03-10"})
	if err != nil {
		t.Fatal(err)
	}
	f := rep.Total
	if len(rep.Days) != 1 || rep.Days[0].Date != "2026-03-10" || rep.TimeZone != "Asia/Shanghai" {
		t.Fatalf("days %+v, zone %s", rep.Days, rep.TimeZone)
	}
	if f.Sessions != 12 || f.Answered24h != 8 || f.Due24h != 0 || !near(f.ResponseRate24h().Value, 8.0/12) {
		t.Errorf("MT-1: %d sessions, %d answered, %d due", f.Sessions, f.Answered24h, f.Due24h)
	}
	if avg, ok := f.FirstResponseAvg(); f.HumanSessions != 7 || f.FirstResponseMs != 100_500_000 || !ok || avg != 14_357_142*time.Millisecond {
		t.Errorf("MT-2: %d human sessions, %d ms, avg %v", f.HumanSessions, f.FirstResponseMs, avg)
	}
	if f.Rated != 5 || f.Satisfied != 3 {
		t.Errorf("MT-3: %d rated, %d satisfied", f.Rated, f.Satisfied)
	}
	if f.Resolved != 2 {
		t.Errorf("MT-4: %d resolved", f.Resolved)
	}
	if f.RobotSessions != 5 || f.RobotHandoffs != 2 {
		t.Errorf("robot: %d sessions, %d hand-offs", f.RobotSessions, f.RobotHandoffs)
	}
	if len(rep.KPIs) != 1 || rep.KPIs[0].Key != "douyin_3min_human_reply" || f.KPIs[0] != (engine.KPICount{Met: 2, Missed: 5}) {
		t.Errorf("MT-5 Douyin: %+v %+v", rep.KPIs, f.KPIs)
	}
	if len(rep.Unsolved) != 1 || rep.Unsolved[0] != (engine.ReasonCount{Reason: "irrelevant", Count: 1}) {
		t.Errorf("unsolved reasons %+v", rep.Unsolved)
	}
	if len(rep.TopHits) != 0 || len(rep.TopFailed) != 0 {
		t.Errorf("an imported log has no decisions: %+v %+v", rep.TopHits, rep.TopFailed)
	}
	if len(rep.Agents) != 1 || rep.Agents[0].AgentID != 0 || rep.Agents[0].Sessions != 12 {
		t.Errorf("agents %+v", rep.Agents)
	}

	// The day before holds s12 alone; both days together add up.
	rep, err = m.Report(ctx, engine.MetricsRequest{ShopID: douyin.ID, From: "2026-03-09", To: "2026-03-10"})
	if err != nil {
		t.Fatal(err)
	}
	if d := rep.Days[0]; d.Sessions != 1 || d.Answered24h != 1 || d.FirstResponseMs != 60_000 || d.KPIs[0] != (engine.KPICount{Met: 2}) {
		t.Errorf("2026-03-09: %+v", d)
	}
	if rep.Total.Sessions != 13 || rep.Days[1].Sessions != 12 {
		t.Errorf("two days: %+v", rep.Total)
	}

	// The same log in a TikTok shop: its 12-hour response rate.
	m, tiktok := goldenDay(t, s, "tiktok", now)
	rep, err = m.Report(ctx, engine.MetricsRequest{ShopID: tiktok.ID, From: "2026-03-10", To: "2026-03-10"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.KPIs) != 1 || rep.KPIs[0].Key != "tiktok_12h_response" || rep.Total.KPIs[0] != (engine.KPICount{Met: 6, Missed: 4}) {
		t.Errorf("MT-5 TikTok: %+v %+v", rep.KPIs, rep.Total.KPIs)
	}
	if rep.Total.Sessions != 12 || rep.Total.Answered24h != 8 {
		t.Errorf("the TikTok shop's day: %+v", rep.Total)
	}

	// Importing the same log again adds nothing, and the figures stand.
	b, _ := os.ReadFile(filepath.Join("..", "testdata", "metrics", "golden-day.csv"))
	rows, _ := chatfile.ReadChats(b, chatfile.CSV)
	if res, err := engine.NewHistory(s, nil).ImportChats(ctx, tiktok.ID, rows, time.UTC); err != nil || res.Messages != 0 {
		t.Fatalf("again: %+v %v", res, err)
	}
	again, _ := m.Report(ctx, engine.MetricsRequest{ShopID: tiktok.ID, From: "2026-03-10", To: "2026-03-10"})
	if again.Total.Sessions != 12 || again.Total.KPIs[0] != rep.Total.KPIs[0] || again.Total.Rated != 5 {
		t.Errorf("after importing again: %+v", again.Total)
	}
}

// TestMT_EmptyAndLongRanges: no session, one day, a whole year.
func TestMT_EmptyAndLongRanges(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	m, shop := goldenDay(t, s, "kuaishou", time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC))
	rep, err := m.Report(ctx, engine.MetricsRequest{ShopID: shop.ID, From: "2025-06-01", To: "2025-06-01"})
	if err != nil || len(rep.Days) != 1 || rep.Total.Sessions != 0 || rep.Total.ResponseRate24h().OK || len(rep.Total.KPIs) != 2 {
		t.Fatalf("empty day: %+v %v", rep, err)
	}
	if _, ok := rep.Total.FirstResponseAvg(); ok {
		t.Error("an average of nothing")
	}
	rep, err = m.Report(ctx, engine.MetricsRequest{ShopID: shop.ID, From: "2025-03-11", To: "2026-03-10"})
	if err != nil || len(rep.Days) != 365 || rep.Total.Sessions != 13 || rep.Days[363].Sessions != 1 || rep.Days[364].Sessions != 12 {
		t.Fatalf("a year: %d days, %d sessions, %v", len(rep.Days), rep.Total.Sessions, err)
	}
	for _, bad := range []engine.MetricsRequest{
		{ShopID: shop.ID, From: "2026-03-10", To: "2026-03-09"},
		{ShopID: shop.ID, From: "2024-01-01", To: "2026-03-09"},
		{ShopID: shop.ID, From: "yesterday", To: "2026-03-09"},
	} {
		if _, err := m.Report(ctx, bad); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
	if _, err := m.Report(ctx, engine.MetricsRequest{ShopID: 99, From: "2026-03-10", To: "2026-03-10"}); err == nil {
		t.Error("an unknown shop")
	}
	// Without dates: the last 7 days, today (in the shop's zone) the last.
	rep, err = m.Report(ctx, engine.MetricsRequest{ShopID: shop.ID})
	if err != nil || len(rep.Days) != 7 || rep.To != "2026-03-20" || rep.From != "2026-03-14" {
		t.Fatalf("default range %s to %s, %d days, %v", rep.From, rep.To, len(rep.Days), err)
	}
}
