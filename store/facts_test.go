package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"replydesk/engine"
)

// factsOf reads every fact of a conversation as stored.
func factsOf(t *testing.T, s *Store, convID int64) engine.SessionFacts {
	t.Helper()
	var f engine.SessionFacts
	var last string
	err := s.db.Raw(`SELECT first_buyer_ms, first_reply_ms, first_robot_ms, followup_ms, followup_human_ms, first_human_ms,
	first_human_agent, first_human_from_ms, wait_ms, last_sender, last_unsolved, robot_served, robot_handoff, rating_score,
	replies_rated, replies_unsolved FROM conversations WHERE id = ?`, convID).Row().Scan(&f.Start, &f.Reply, &f.Robot, &f.Followup,
		&f.FollowupHuman, &f.Human, &f.HumanAgent, &f.HumanFrom, &f.Wait, &last, &f.LastUnsolved, &f.RobotServed, &f.RobotHandoff,
		&f.Score, &f.RepliesRated, &f.RepliesUnsolved)
	if err != nil {
		t.Fatal(err)
	}
	f.LastSender = engine.Sender(last)
	return f
}

// turnsOf reads a conversation's human turns, oldest first.
func turnsOf(t *testing.T, s *Store, convID int64) []engine.Turn {
	t.Helper()
	var out []engine.Turn
	rows, err := s.db.Raw(`SELECT conversation_id, start_ms, from_ms, at_ms, agent_id FROM reply_turns WHERE conversation_id = ? ORDER BY id`, convID).Rows()
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var x engine.Turn
		if err := rows.Scan(&x.ConversationID, &x.Start, &x.From, &x.At, &x.AgentID); err != nil {
			t.Fatal(err)
		}
		out = append(out, x)
	}
	return out
}

// TestMT_LiveWritesRecordFacts: the buyer-message path, shop-side messages,
// reception's decisions and ratings record the facts in their own
// transactions, as Observe says.
func TestMT_LiveWritesRecordFacts(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	shop, _ := s.CreateShop(ctx, engine.Shop{Name: "A", Platform: "douyin"})
	t0 := time.Date(2026, 3, 10, 1, 0, 0, 0, time.UTC)
	ms := func(min float64) int64 { return t0.Add(time.Duration(min * float64(time.Minute))).UnixMilli() }
	at := func(min float64) time.Time { return time.UnixMilli(ms(min)).UTC() }

	c, b1, err := s.AppendBuyerMessage(ctx, shop.ID, "b1", "小王", "有优惠券吗", at(0))
	if err != nil {
		t.Fatal(err)
	}
	want := engine.SessionFacts{Start: ms(0), Wait: ms(0), LastSender: engine.SenderBuyer}
	if got := factsOf(t, s, c.ID); got != want {
		t.Fatalf("buyer message: %+v", got)
	}
	// The robot answers (a decision of reception), the buyer follows up.
	w, err := s.WriteDecisions(ctx, []engine.DecisionWrite{{
		Record: engine.DecisionRecord{MessageID: b1.ID, ConversationID: c.ID, ShopID: shop.ID, Outcome: engine.OutcomeRobot,
			Reason: engine.Reason{Key: "robot_sent"}, EntryID: 0, DecidedAt: at(0.1)},
		Guard:    engine.Guard{State: engine.StateQueued, LastMessageID: b1.ID},
		Greeting: &engine.Message{Sender: engine.SenderGreeting, Text: "你好", CreatedAt: at(0.1)},
		Reply:    &engine.Message{Sender: engine.SenderRobot, Text: "关注店铺领券", CreatedAt: at(0.1)},
	}})
	if err != nil || !w[0].Done {
		t.Fatalf("%+v %v", w, err)
	}
	want = engine.SessionFacts{Start: ms(0), Reply: ms(0.1), Robot: ms(0.1), LastSender: engine.SenderRobot, RobotServed: true}
	if got := factsOf(t, s, c.ID); got != want {
		t.Fatalf("robot reply: %+v", got)
	}
	if got := w[0].Conversation.Facts; got.Robot != ms(0.1) || !got.RobotServed {
		t.Errorf("the written conversation's facts %+v", got)
	}
	if _, _, err := s.AppendBuyerMessage(ctx, shop.ID, "b1", "", "没看到", at(2)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.AppendBuyerMessage(ctx, shop.ID, "b1", "", "在吗", at(3)); err != nil {
		t.Fatal(err)
	}
	// A system note changes nothing; the human answers the follow-up.
	if _, _, err := s.AppendMessage(ctx, c.ID, engine.Message{Sender: engine.SenderSystem, Text: "note", CreatedAt: at(3.5)}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.AppendMessage(ctx, c.ID, engine.Message{Sender: engine.SenderAgent, Text: "我看看", AgentID: 4, CreatedAt: at(5)}); err != nil {
		t.Fatal(err)
	}
	want = engine.SessionFacts{Start: ms(0), Reply: ms(0.1), Robot: ms(0.1), Followup: ms(2), FollowupHuman: ms(5), Human: ms(5),
		HumanAgent: 4, HumanFrom: ms(2), LastSender: engine.SenderAgent, RobotServed: true}
	if got := factsOf(t, s, c.ID); got != want {
		t.Fatalf("human reply:\n got %+v\nwant %+v", got, want)
	}
	if got := turnsOf(t, s, c.ID); len(got) != 1 || got[0] != (engine.Turn{ConversationID: c.ID, Start: ms(0), From: ms(2), At: ms(5), AgentID: 4}) {
		t.Errorf("turns %+v", got)
	}
	// Ratings: the robot reply unsolved (then solved after all), a score.
	msgs, _ := s.Messages(ctx, c.ID)
	var robot engine.Message
	for _, m := range msgs {
		if m.Sender == engine.SenderRobot {
			robot = m
		}
	}
	if _, _, err := s.Rate(ctx, engine.Rating{ConversationID: c.ID, ShopID: shop.ID, ReplyID: robot.ID, Reason: "not_useful", RatedAt: at(6)}, nil); err != nil {
		t.Fatal(err)
	}
	if got := factsOf(t, s, c.ID); got.RepliesRated != 1 || got.RepliesUnsolved != 1 || !got.RobotHandoff || got.LastUnsolved {
		t.Errorf("unsolved (not the last message): %+v", got)
	}
	if _, _, err := s.Rate(ctx, engine.Rating{ConversationID: c.ID, ShopID: shop.ID, ReplyID: robot.ID, Solved: true, RatedAt: at(7)}, nil); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Rate(ctx, engine.Rating{ConversationID: c.ID, ShopID: shop.ID, Score: 4, Solved: true, RatedAt: at(8)}, nil); err != nil {
		t.Fatal(err)
	}
	if got := factsOf(t, s, c.ID); got.RepliesRated != 1 || got.RepliesUnsolved != 0 || got.Score != 4 {
		t.Errorf("solved after all, scored: %+v", got)
	}

	// A robot reply that is the session's last, rated unsolved: not resolved.
	c2, b2, _ := s.AppendBuyerMessage(ctx, shop.ID, "b2", "", "几天到", at(10))
	w, _ = s.WriteDecisions(ctx, []engine.DecisionWrite{{
		Record: engine.DecisionRecord{MessageID: b2.ID, ConversationID: c2.ID, ShopID: shop.ID, Outcome: engine.OutcomeRobot, DecidedAt: at(10)},
		Guard:  engine.Guard{State: engine.StateQueued, LastMessageID: b2.ID},
		Reply:  &engine.Message{Sender: engine.SenderRobot, Text: "三天", CreatedAt: at(10)},
	}})
	if !engine.ResolvedByReception(factsOf(t, s, c2.ID)) {
		t.Error("the robot's answer resolved it")
	}
	if _, _, err := s.Rate(ctx, engine.Rating{ConversationID: c2.ID, ShopID: shop.ID, ReplyID: w[0].Reply.ID, Reason: "too_long", RatedAt: at(11)},
		&engine.Message{Sender: engine.SenderSystem, Text: "转人工", CreatedAt: at(11)}); err != nil {
		t.Fatal(err)
	}
	if f := factsOf(t, s, c2.ID); engine.ResolvedByReception(f) || !f.LastUnsolved || !f.RobotHandoff {
		t.Errorf("rated unsolved: %+v", f)
	}

	// A scene rule's hand-off by the robot, with no reply.
	c3, b3, _ := s.AppendBuyerMessage(ctx, shop.ID, "b3", "", "我要投诉", at(20))
	if _, err := s.WriteDecisions(ctx, []engine.DecisionWrite{{
		Record: engine.DecisionRecord{MessageID: b3.ID, ConversationID: c3.ID, ShopID: shop.ID, Outcome: engine.OutcomeHandoff,
			Reason: engine.Reason{Key: "scene_rule"}, DecidedAt: at(20)},
		Guard: engine.Guard{State: engine.StateQueued, LastMessageID: b3.ID}, Transfer: true,
		Notice: &engine.Message{Sender: engine.SenderSystem, Text: "转人工", CreatedAt: at(20)},
	}}); err != nil {
		t.Fatal(err)
	}
	if f := factsOf(t, s, c3.ID); !f.RobotServed || !f.RobotHandoff || f.Wait != ms(20) || f.LastSender != engine.SenderBuyer {
		t.Errorf("robot hand-off: %+v", f)
	}
	// The session gap opens a new session with its own facts.
	c4, _, _ := s.AppendBuyerMessage(ctx, shop.ID, "b3", "", "又来了", at(20+25*60))
	if c4.ID == c3.ID || factsOf(t, s, c4.ID) != (engine.SessionFacts{Start: ms(20 + 25*60), Wait: ms(20 + 25*60), LastSender: engine.SenderBuyer}) {
		t.Errorf("new session %d: %+v", c4.ID, factsOf(t, s, c4.ID))
	}
}

// TestMT_Migration9BackfillsFacts: a database of schema 8 gets, from the
// messages, decisions and ratings it holds, the facts and turns the
// messages would have recorded (store.foldFacts, Observe's fold).
func TestMT_Migration9BackfillsFacts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", "file:"+path+"?_time_format=sqlite")
	if err != nil {
		t.Fatal(err)
	}
	stmts := []string{`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY)`}
	for v := 1; v < 9; v++ {
		stmts = append(stmts, migrations[v], fmt.Sprintf(`INSERT INTO schema_migrations (version) VALUES (%d)`, v))
	}
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	t0 := time.Date(2026, 3, 10, 1, 0, 0, 0, time.UTC)
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`INSERT INTO shops (id, name, platform, created_at) VALUES (1, 'A', 'douyin', ?)`, t0)
	// Conversations as steps: sender letter, minute, agent (b a s r g f w y as in engine's tests).
	convs := []string{
		"b0 a3/2 b5 b6 a9/2 a10/3", // two human turns, a second human line
		"b0 r0.1 b2 r2.1 b3 a5/7",  // robot, follow-ups, a human
		"b0 s0.1",                  // assist only
		"b0 g0 y1",                 // greeting, a system note
		"b0 f0 b1 w1",              // fallback, away
		"a0 a1",                    // no buyer
		"a0 b2 s2.1 b4 a6/1",       // the shop first; assist; a human
		"b0 r0 a30/5",              // a human when nothing waits
	}
	senders := map[byte]string{'b': "buyer", 'a': "agent", 's': "assist", 'r': "robot", 'g': "greeting", 'f': "fallback", 'w': "away", 'y': "system"}
	oracles := make([][]factMessage, len(convs))
	id := int64(0)
	for i, steps := range convs {
		cid := int64(i + 1)
		exec(`INSERT INTO buyers (id, shop_id, external_id, created_at) VALUES (?, 1, ?, ?)`, cid, fmt.Sprint("b", cid), t0)
		// The summary as the app kept it: the last line but agents' notes;
		// an import kept notes too (4 is one, ending with a note).
		last, reason := "", "agent"
		for _, step := range strings.Fields(steps) {
			if step[0] != 'y' || cid == 4 {
				last = senders[step[0]]
			}
		}
		if cid == 4 {
			reason = "import"
		}
		exec(`INSERT INTO conversations (id, shop_id, buyer_id, status, state, last_sender, last_at, started_at, close_reason)
			VALUES (?, 1, ?, 'closed', 'closed', ?, ?, ?, ?)`, cid, cid, last, t0, t0, reason)
		for _, step := range strings.Fields(steps) {
			var minute float64
			var agent int64
			spec, ag, _ := strings.Cut(step[1:], "/")
			fmt.Sscan(spec, &minute)
			fmt.Sscan(ag, &agent)
			when := t0.Add(time.Duration(minute * float64(time.Minute)))
			id++
			exec(`INSERT INTO messages (id, conversation_id, sender, text, agent_id, created_at) VALUES (?, ?, ?, 'x', ?, ?)`,
				id, cid, senders[step[0]], agent, when)
			oracles[i] = append(oracles[i], factMessage{ID: id, Sender: engine.Sender(senders[step[0]]), At: when.UnixMilli(), AgentID: agent})
		}
	}
	// Conversation 2's last robot reply (id 10) rated unsolved, then a
	// score; conversation 1's the robot never saw. A robot scene-rule
	// hand-off decided in conversation 1 (no agent): served, handed off.
	exec(`INSERT INTO ratings (conversation_id, shop_id, reply_id, solved, reason, rated_at) VALUES (2, 1, 10, 0, 'irrelevant', ?)`, t0)
	exec(`INSERT INTO ratings (conversation_id, shop_id, reply_id, solved, score, rated_at) VALUES (2, 1, 0, 0, 2, ?)`, t0)
	exec(`INSERT INTO decisions (message_id, conversation_id, shop_id, outcome, reason, decided_at) VALUES (1, 1, 1, 'handoff', 'scene_rule', ?)`, t0)
	db.Close()

	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i := range convs {
		cid := int64(i + 1)
		score := 0
		if cid == 2 {
			solved := false
			oracles[i][3].Solved = &solved // message 10
			score = 2
		}
		want, turns := foldFacts(oracles[i], score)
		if cid == 1 {
			want = want.Decided(engine.DecisionRecord{Outcome: engine.OutcomeHandoff}, false)
		}
		if got := factsOf(t, s, cid); got != want {
			t.Errorf("conversation %d (%s):\n got %+v\nwant %+v", cid, convs[i], got, want)
		}
		for j := range turns {
			turns[j].ConversationID = cid
		}
		if got := turnsOf(t, s, cid); !reflect.DeepEqual(got, turns) && (len(got) > 0 || len(turns) > 0) {
			t.Errorf("conversation %d turns:\n got %+v\nwant %+v", cid, got, turns)
		}
	}
	var n int
	if err := s.db.Raw(`SELECT COUNT(*) FROM sqlite_master WHERE name = 'facts_backfill'`).Scan(&n).Error; err != nil || n != 0 {
		t.Errorf("the helper table is left: %d %v", n, err)
	}
}
