package store

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"replydesk/engine"
	"replydesk/preset"
)

// seedSessions fills a Douyin shop with n sessions over days days ending on
// the day before end (Shanghai time), as the write paths leave them: their
// facts on the conversation (a mix of human, assist, robot, follow-up,
// greeting-only and fallback sessions, some rated), the human turns, two
// reception decisions each (a third recognised in one of 200 entries) and
// their ratings. Written by SQL, not message by message: the benchmark
// measures the dashboard, not the writes.
func seedSessions(b *testing.B, s *Store, n, days int, end time.Time) engine.Shop {
	b.Helper()
	ctx := context.Background()
	shop, err := s.CreateShop(ctx, engine.Shop{Name: "A", Platform: "douyin", Locale: "zh-CN"})
	if err != nil {
		b.Fatal(err)
	}
	for i := range 10 {
		if _, err := s.CreateAgent(ctx, engine.Agent{Name: "agent" + strconv.Itoa(i), Capacity: 5, Role: engine.RoleAgent}); err != nil {
			b.Fatal(err)
		}
	}
	start := end.AddDate(0, 0, -days).UnixMilli()
	span := end.UnixMilli() - start
	at := time.UnixMilli(start).UTC()
	stmts := []struct {
		q    string
		args []any
	}{
		{`WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ?)
INSERT INTO buyers (id, shop_id, external_id, name, created_at) SELECT i, ?, 'ext-' || i, '买家' || i, ? FROM k`, []any{n, shop.ID, at}},
		// A session starts every span/n ms; kind = id % 8: 0-2 human (fast,
		// slow, after 25 h), 3 assist only, 4 robot only, 5 robot with a
		// follow-up a human answered, 6 greeting only, 7 robot fallback.
		{`INSERT INTO conversations (id, shop_id, buyer_id, status, state, agent_id, last_text, last_sender, last_at, started_at,
	close_reason, first_buyer_ms, first_reply_ms, first_robot_ms, followup_ms, followup_human_ms, first_human_ms, first_human_agent,
	first_human_from_ms, wait_ms, robot_served, robot_handoff, rating_score, replies_rated, replies_unsolved, last_unsolved)
SELECT id, ?, id, 'closed', 'closed', 1 + id % 10, '亲，这个问题我们已经帮您处理好了哦', CASE id % 8 WHEN 3 THEN 'assist' WHEN 4 THEN 'robot'
	WHEN 6 THEN 'greeting' WHEN 7 THEN 'fallback' ELSE 'agent' END, ?, ?, 'idle', t,
	CASE id % 8 WHEN 0 THEN t + 60000 WHEN 1 THEN t + 600000 WHEN 2 THEN t + 90000000 WHEN 3 THEN t + 2000 WHEN 4 THEN t + 2000
		WHEN 5 THEN t + 2000 ELSE 0 END,
	CASE WHEN id % 8 IN (4, 5) THEN t + 2000 ELSE 0 END,
	CASE id % 8 WHEN 5 THEN t + 120000 ELSE 0 END,
	CASE id % 8 WHEN 5 THEN t + 240000 ELSE 0 END,
	CASE id % 8 WHEN 0 THEN t + 60000 WHEN 1 THEN t + 600000 WHEN 2 THEN t + 90000000 WHEN 5 THEN t + 240000 ELSE 0 END,
	CASE WHEN id % 8 IN (0, 1, 2, 5) THEN 1 + id % 10 ELSE 0 END,
	CASE id % 8 WHEN 5 THEN t + 120000 WHEN 0 THEN t WHEN 1 THEN t WHEN 2 THEN t ELSE 0 END,
	CASE WHEN id % 8 IN (6, 7) THEN t ELSE 0 END,
	id % 8 IN (4, 5, 7), id % 8 = 7,
	CASE WHEN id % 10 = 0 THEN 1 + id % 5 ELSE 0 END,
	CASE WHEN id % 8 = 4 AND id % 3 = 0 THEN 1 ELSE 0 END,
	CASE WHEN id % 8 = 4 AND id % 9 = 0 THEN 1 ELSE 0 END,
	id % 8 = 4 AND id % 9 = 0
FROM (SELECT id, ? + (id - 1) * ? / ? AS t FROM buyers WHERE shop_id = ?)`, []any{shop.ID, at, at, start, span, n, shop.ID}},
		{`INSERT INTO reply_turns (conversation_id, shop_id, agent_id, start_ms, from_ms, at_ms)
SELECT id, shop_id, first_human_agent, first_buyer_ms, first_human_from_ms, first_human_ms FROM conversations
WHERE shop_id = ? AND first_human_ms > 0`, []any{shop.ID}},
		{`INSERT INTO reply_turns (conversation_id, shop_id, agent_id, start_ms, from_ms, at_ms)
SELECT id, shop_id, first_human_agent, first_buyer_ms, first_human_ms + 300000, first_human_ms + 300000 + (id % 5) * 60000
FROM conversations WHERE shop_id = ? AND first_human_ms > 0 AND id % 2 = 0`, []any{shop.ID}},
		{`INSERT INTO messages (id, conversation_id, sender, text, created_at) SELECT id * 2 + k.n, id, k.s, '在吗', ?
FROM conversations, (SELECT 0 AS n, 'buyer' AS s UNION ALL SELECT 1, 'agent') k WHERE shop_id = ?`, []any{at, shop.ID}},
		{`INSERT INTO decisions (message_id, conversation_id, shop_id, outcome, reason, entry_id, confidence, threshold, decided_at)
SELECT id * 2, id, shop_id, CASE id % 8 WHEN 3 THEN 'assist' WHEN 4 THEN 'robot' WHEN 7 THEN 'fallback' ELSE 'suggest' END, 'x',
	CASE WHEN id % 3 = 0 THEN 1 + id % 200 ELSE 0 END, CASE WHEN id % 7 = 0 THEN 0.5 ELSE 0.95 END, 0.87, ?
FROM conversations WHERE shop_id = ?`, []any{time.UnixMilli(start + span/2).UTC(), shop.ID}},
		{`INSERT INTO ratings (conversation_id, shop_id, reply_id, entry_id, solved, reason, rated_at)
SELECT id, shop_id, id * 2 + 1, 1 + id % 200, id % 9 <> 0, CASE WHEN id % 9 = 0 THEN 'not_useful' ELSE '' END, ?
FROM conversations WHERE shop_id = ? AND id % 8 = 4 AND id % 3 = 0`, []any{time.UnixMilli(start + span/2).UTC(), shop.ID}},
	}
	for _, st := range stmts {
		if err := s.db.Exec(st.q, st.args...).Error; err != nil {
			b.Fatalf("%s: %v", st.q, err)
		}
	}
	return shop
}

// BenchmarkDashboard_MT6 computes a Douyin shop's dashboard of 90 days
// holding 100,000 sessions (MT-6: at most 300 ms).
func BenchmarkDashboard_MT6(b *testing.B) {
	s, err := Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	end := time.Date(2026, 3, 11, 0, 0, 0, 0, shanghai)
	shop := seedSessions(b, s, 100_000, 90, end)
	if err := s.SetShopSettings(ctx, shop.ID, map[string]string{"robot.timezone": "Asia/Shanghai"}); err != nil {
		b.Fatal(err)
	}
	settings, err := engine.NewSettings(ctx, s, 0.87)
	if err != nil {
		b.Fatal(err)
	}
	kpis, err := preset.KPIs()
	if err != nil {
		b.Fatal(err)
	}
	m := engine.NewMetrics(s, s, engine.NewClocks(settings, s, kpis), fixedClock(end.AddDate(0, 0, 10)))
	req := engine.MetricsRequest{ShopID: shop.ID, From: "2025-12-11", To: "2026-03-10"}
	rep, err := m.Report(ctx, req)
	if err != nil || len(rep.Days) != 90 || rep.Total.Sessions != 100_000 || len(rep.TopHits) != engine.TopEntries || rep.Total.KPIs[0].Met == 0 {
		b.Fatalf("%d days, %d sessions, %d hits, %+v, %v", len(rep.Days), rep.Total.Sessions, len(rep.TopHits), rep.Total.KPIs, err)
	}
	cpu := cpuTime()
	for b.Loop() {
		if _, err := m.Report(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu)
}

var shanghai, _ = time.LoadLocation("Asia/Shanghai")
