package store

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"replydesk/engine"
)

// seedConversations fills an empty store with n conversations over two
// shops and ten agents, three messages each, a minute apart: a share
// `closed` of them (the oldest) closed, one in ten of the open ones queued,
// the rest active; a third unread, half unreplied.
func seedConversations(b *testing.B, s *Store, n int, closed float64) {
	b.Helper()
	ctx := context.Background()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, name := range []string{"A", "B"} {
		if _, err := s.CreateShop(ctx, engine.Shop{Name: name}); err != nil {
			b.Fatal(err)
		}
	}
	for i := range 10 {
		if _, err := s.CreateAgent(ctx, engine.Agent{Name: string(rune('a' + i)), Status: engine.AgentOnline, Capacity: n, Role: engine.RoleAgent}); err != nil {
			b.Fatal(err)
		}
	}
	// Times are written as the driver writes them (_time_format=sqlite).
	ts := func(col string) string {
		return `strftime('%Y-%m-%d %H:%M:%S', '` + t0.Format("2006-01-02 15:04:05") + `', '+' || (` + col + `) || ' minutes') || '+00:00'`
	}
	cut := int(float64(n) * closed)
	stmts := []string{
		`WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ?)
INSERT INTO buyers (id, shop_id, external_id, name, created_at) SELECT i, 1 + i % 2, 'ext-' || i, '买家' || i, ` + ts("i") + ` FROM k`,
		`INSERT INTO conversations (id, shop_id, buyer_id, status, state, agent_id, priority, unread, unreplied, waiting_since,
	last_text, last_sender, last_at, last_buyer_at, started_at, queued_at, closed_at, close_reason)
SELECT id, shop_id, id,
	CASE WHEN id <= ` + strconv.Itoa(cut) + ` THEN 'closed' ELSE 'open' END,
	CASE WHEN id <= ` + strconv.Itoa(cut) + ` THEN 'closed' WHEN id % 10 = 0 THEN 'queued' ELSE 'active' END,
	CASE WHEN id % 10 = 0 AND id > ` + strconv.Itoa(cut) + ` THEN 0 ELSE 1 + id % 10 END,
	id % 7 = 0, (id % 3 = 0) * 2, id % 2 = 0, CASE WHEN id % 2 = 0 THEN ` + ts("id") + ` END,
	'消息 ' || id, CASE WHEN id % 2 = 0 THEN 'buyer' ELSE 'agent' END, ` + ts("id + 2") + `, ` + ts("id") + `, ` + ts("id") + `, ` + ts("id") + `,
	CASE WHEN id <= ` + strconv.Itoa(cut) + ` THEN ` + ts("id + 3") + ` END, CASE WHEN id <= ` + strconv.Itoa(cut) + ` THEN 'idle' ELSE '' END
FROM buyers`,
		`INSERT INTO messages (conversation_id, sender, type, text, created_at)
SELECT c.id, k.sender, 'text', k.text || ' ' || c.id, ` + ts("c.id + k.n") + `
FROM conversations c, (SELECT 0 AS n, 'buyer' AS sender, '请问什么时候发货' AS text
	UNION ALL SELECT 1, 'agent', '亲,48小时内发货' UNION ALL SELECT 2, 'buyer', '好的谢谢 where is my parcel') k`,
	}
	for i, q := range stmts {
		var args []any
		if i == 0 {
			args = []any{n}
		}
		if err := s.db.Exec(q, args...).Error; err != nil {
			b.Fatalf("%s: %v", q, err)
		}
	}
}

// BenchmarkList_CV1 lists a page of 50 of 10,000 conversations with the
// counts of every list: all open, or 80 % closed.
func BenchmarkList_CV1(b *testing.B) {
	for _, shape := range []struct {
		name   string
		closed float64
	}{{"open10k", 0}, {"closed80pct", 0.8}} {
		b.Run(shape.name, func(b *testing.B) {
			s, err := Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			seedConversations(b, s, 10000, shape.closed)
			d := engine.NewDesk(engine.Deps{Conversations: s, Agents: s})
			ctx := context.Background()
			for _, c := range []struct {
				name string
				f    engine.ListFilter
			}{
				{"all", engine.ListFilter{}},
				{"all-offset-5000", engine.ListFilter{Offset: 5000}},
				{"unread", engine.ListFilter{List: engine.ListUnread}},
				{"unreplied-agent", engine.ListFilter{List: engine.ListUnreplied, AgentID: 3}},
				{"queued", engine.ListFilter{List: engine.ListQueued}},
				{"closed-shop", engine.ListFilter{List: engine.ListClosed, ShopIDs: []int64{2}}},
				{"search-buyer", engine.ListFilter{Query: "买家123"}},
				{"search-text", engine.ListFilter{Query: "parcel"}},
				{"dates", engine.ListFilter{From: time.Date(2026, 1, 3, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)}},
			} {
				b.Run(c.name, func(b *testing.B) {
					for b.Loop() {
						p, err := d.List(ctx, c.f)
						if err != nil || p.Counts.All+p.Counts.Closed == 0 {
							b.Fatalf("%+v %v", p.Counts, err)
						}
					}
				})
			}
			b.Run("longest-waiting", func(b *testing.B) {
				for b.Loop() {
					if _, err := d.LongestWaiting(ctx, 0, nil); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// BenchmarkAddBuyerMessage_CV2 stores buyer messages from 1,000 buyers with
// open conversations, as the desk does (the session gap checked).
func BenchmarkAddBuyerMessage_CV2(b *testing.B) {
	s, err := Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	shop, _ := s.CreateShop(ctx, engine.Shop{Name: "A"})
	at := time.Now()
	add := func(i int) {
		_, err := s.AddBuyerMessage(ctx, engine.BuyerMessage{
			ShopID: shop.ID, BuyerExternalID: "b" + strconv.Itoa(i%1000), Text: "什么时候发货",
			At: at, IdleBefore: at.Add(-engine.DefaultSessionGap),
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	for i := range 1000 {
		add(i)
	}
	i := 0
	cpu := cpuTime()
	for b.Loop() {
		add(i)
		i++
	}
	reportCPU(b, cpu)
}

// reportCPU reports the CPU time per operation since cpu (cpuTime), the
// figure to compare on a machine other work shares.
func reportCPU(b *testing.B, cpu time.Duration) {
	if used := cpuTime() - cpu; used > 0 {
		b.ReportMetric(float64(used.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkAppendMessage_CV2 stores agent replies in 1,000 open
// conversations, as the desk does.
func BenchmarkAppendMessage_CV2(b *testing.B) {
	s, err := Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	shop, _ := s.CreateShop(ctx, engine.Shop{Name: "A"})
	at := time.Now()
	ids := make([]int64, 1000)
	for i := range ids {
		c, _, err := s.AppendBuyerMessage(ctx, shop.ID, "b"+strconv.Itoa(i), "", "什么时候发货", at)
		if err != nil {
			b.Fatal(err)
		}
		ids[i] = c.ID
	}
	i := 0
	cpu := cpuTime()
	for b.Loop() {
		if _, _, err := s.AppendMessage(ctx, ids[i%len(ids)], engine.Message{Sender: engine.SenderAgent, Text: "亲，今天发货", AgentID: 1, CreatedAt: at}); err != nil {
			b.Fatal(err)
		}
		i++
	}
	reportCPU(b, cpu)
}
