package store

import (
	"context"
	"database/sql/driver"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	msqlite "modernc.org/sqlite"

	"replydesk/engine"
)

// A session's metric facts (engine.SessionFacts) are columns of its
// conversation, written by the statements that write its messages, in the
// same transaction: the buyer-message path adds no statement. Times are
// Unix milliseconds (0: never), so that a dashboard reads integers, not
// times to parse. A human reply that ends a wait of the buyer also writes
// a row of reply_turns (engine.Turn).

// epoch_ms(t) is a timestamp as Unix milliseconds (NULL for NULL): the
// app's own SQL function, used by migration 9 to turn message times into
// facts. SQLite gets it from Go here; PostgreSQL will define it in SQL
// (EXTRACT(EPOCH FROM t) * 1000), so the migration's SQL stays the same.
func init() {
	msqlite.MustRegisterDeterministicScalarFunction("epoch_ms", 1, func(_ *msqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		switch v := args[0].(type) {
		case nil:
			return nil, nil
		case time.Time:
			return v.UnixMilli(), nil
		case string:
			if t, ok := parseSQLiteTime(v); ok {
				return t.UnixMilli(), nil
			}
			return nil, fmt.Errorf("epoch_ms: %q is not a time", v)
		case []byte:
			if t, ok := parseSQLiteTime(string(v)); ok {
				return t.UnixMilli(), nil
			}
			return nil, fmt.Errorf("epoch_ms: %q is not a time", v)
		}
		return nil, fmt.Errorf("epoch_ms: %T is not a time", args[0])
	})
}

// factColumns are the facts conversationSelect reads: those a write path
// needs to work out the next facts (engine.SessionFacts.Observe).
const factColumns = `c.first_buyer_ms, c.first_reply_ms, c.first_robot_ms, c.followup_ms, c.followup_human_ms,
       c.first_human_ms, c.first_human_agent, c.first_human_from_ms, c.wait_ms, c.robot_served, c.robot_handoff`

// factView are factColumns as conversationView reads them.
type factView struct {
	FirstBuyerMs     int64
	FirstReplyMs     int64
	FirstRobotMs     int64
	FollowupMs       int64
	FollowupHumanMs  int64
	FirstHumanMs     int64
	FirstHumanAgent  int64
	FirstHumanFromMs int64
	WaitMs           int64
	RobotServed      bool
	RobotHandoff     bool
}

func (v factView) facts(last engine.Sender) engine.SessionFacts {
	return engine.SessionFacts{
		Start: v.FirstBuyerMs, Reply: v.FirstReplyMs, Robot: v.FirstRobotMs, Followup: v.FollowupMs,
		FollowupHuman: v.FollowupHumanMs, Human: v.FirstHumanMs, HumanAgent: v.FirstHumanAgent, HumanFrom: v.FirstHumanFromMs,
		Wait: v.WaitMs, LastSender: last, RobotServed: v.RobotServed, RobotHandoff: v.RobotHandoff,
	}
}

// writeShopSideFacts is appendTx's update: the conversation's summary and
// the facts a shop-side message changes.
const writeShopSideFacts = `UPDATE conversations SET last_text = ?, last_sender = ?, last_at = ?, unreplied = ?, waiting_since = ?, attention = ?,
	first_reply_ms = ?, first_robot_ms = ?, followup_human_ms = ?, first_human_ms = ?, first_human_agent = ?, first_human_from_ms = ?,
	wait_ms = ?, last_unsolved = ?, robot_served = ?, robot_handoff = ?
WHERE id = ?`

func shopSideArgs(c engine.Conversation, sender string) []any {
	f := c.Facts
	return []any{c.LastText, sender, c.LastAt, c.Unreplied, nullTime(c.WaitingSince), string(c.Attention),
		f.Reply, f.Robot, f.FollowupHuman, f.Human, f.HumanAgent, f.HumanFrom,
		f.Wait, f.LastUnsolved, f.RobotServed, f.RobotHandoff, c.ID}
}

// insertTurn records a human turn (engine.Turn) of a conversation.
func (s *Store) insertTurn(ctx context.Context, tx *gorm.DB, shopID int64, t engine.Turn) error {
	_, err := s.exec(ctx, tx, `INSERT INTO reply_turns (conversation_id, shop_id, agent_id, start_ms, from_ms, at_ms)
VALUES (?, ?, ?, ?, ?, ?)`, t.ConversationID, shopID, t.AgentID, t.Start, t.From, t.At)
	return err
}

// decided records what a reception decision tells of the robot (served,
// handed off; see SessionFacts.Decided) when it changes the facts.
func (s *Store) decided(ctx context.Context, tx *gorm.DB, c engine.Conversation, r engine.DecisionRecord, transfer bool) (engine.Conversation, error) {
	f := c.Facts.Decided(r, transfer)
	if f == c.Facts {
		return c, nil
	}
	c.Facts = f
	_, err := s.exec(ctx, tx, `UPDATE conversations SET robot_served = ?, robot_handoff = ? WHERE id = ?`, f.RobotServed, f.RobotHandoff, c.ID)
	return c, err
}

// rated records a rating in the facts of its conversation (RB-7, MT-3):
// a session's score, or a robot reply's solved or unsolved (prev: the
// rating the reply had before, nil for none), through
// SessionFacts.RateReply.
func rated(tx *gorm.DB, r engine.Rating, prev *engine.Rating) error {
	if r.ReplyID == 0 {
		return tx.Exec(`UPDATE conversations SET rating_score = ? WHERE id = ?`, r.Score, r.ConversationID).Error
	}
	var row struct {
		FirstBuyerMs    int64
		RobotHandoff    bool
		RepliesRated    int
		RepliesUnsolved int
		LastUnsolved    bool
		LastID          int64
	}
	err := tx.Raw(`SELECT first_buyer_ms, robot_handoff, replies_rated, replies_unsolved, last_unsolved,
	(SELECT MAX(m.id) FROM messages m WHERE m.conversation_id = conversations.id AND m.sender <> 'system') AS last_id
FROM conversations WHERE id = ?`, r.ConversationID).Scan(&row).Error
	if err != nil {
		return err
	}
	f := engine.SessionFacts{Start: row.FirstBuyerMs, RobotHandoff: row.RobotHandoff, RepliesRated: row.RepliesRated,
		RepliesUnsolved: row.RepliesUnsolved, LastUnsolved: row.LastUnsolved}
	f = f.RateReply(r.Solved, prev == nil, prev != nil && !prev.Solved, row.LastID == r.ReplyID)
	return tx.Exec(`UPDATE conversations SET robot_handoff = ?, replies_rated = ?, replies_unsolved = ?, last_unsolved = ? WHERE id = ?`,
		f.RobotHandoff, f.RepliesRated, f.RepliesUnsolved, f.LastUnsolved, r.ConversationID).Error
}

// migrationFacts (9) adds the facts to conversations and backfills them,
// and the human turns, from the messages, decisions and ratings already
// stored — in portable SQL, with the app's epoch_ms: the IDs of the
// messages that make each fact are found first (facts_backfill, dropped
// at the end), their times after. The dashboard reads sessions by shop and
// first buyer message (conversations_metrics) and the KB's recognised
// entries from a partial covering index (decisions_recognised).
var migrationFacts = `
ALTER TABLE conversations ADD COLUMN first_buyer_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN first_reply_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN first_robot_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN followup_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN followup_human_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN first_human_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN first_human_agent INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN first_human_from_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN wait_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN last_unsolved BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE conversations ADD COLUMN robot_served BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE conversations ADD COLUMN robot_handoff BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE conversations ADD COLUMN rating_score INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN replies_rated INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN replies_unsolved INTEGER NOT NULL DEFAULT 0;
CREATE TABLE reply_turns (
	id              INTEGER PRIMARY KEY,
	conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
	shop_id         INTEGER NOT NULL,
	agent_id        INTEGER NOT NULL DEFAULT 0,
	start_ms        INTEGER NOT NULL,
	from_ms         INTEGER NOT NULL,
	at_ms           INTEGER NOT NULL
);
CREATE INDEX reply_turns_shop ON reply_turns(shop_id, start_ms, from_ms, at_ms, agent_id);
CREATE INDEX reply_turns_conversation ON reply_turns(conversation_id);

CREATE TABLE facts_backfill (
	conversation_id INTEGER PRIMARY KEY,
	b1 INTEGER, r1 INTEGER, rob INTEGER, fu INTEGER, fuh INTEGER, h1 INTEGER, hf INTEGER, w INTEGER, lst INTEGER
);
INSERT INTO facts_backfill (conversation_id, b1)
SELECT conversation_id, MIN(id) FROM messages WHERE sender = 'buyer' GROUP BY conversation_id;
UPDATE facts_backfill SET
	r1 = (SELECT MIN(m.id) FROM messages m WHERE m.conversation_id = facts_backfill.conversation_id AND m.id > facts_backfill.b1
		AND m.sender IN ('agent', 'assist', 'robot')),
	rob = (SELECT MIN(m.id) FROM messages m WHERE m.conversation_id = facts_backfill.conversation_id AND m.id > facts_backfill.b1
		AND m.sender = 'robot'),
	h1 = (SELECT MIN(m.id) FROM messages m WHERE m.conversation_id = facts_backfill.conversation_id AND m.id > facts_backfill.b1
		AND m.sender = 'agent'),
	w = (SELECT MIN(m.id) FROM messages m WHERE m.conversation_id = facts_backfill.conversation_id AND m.sender = 'buyer'
		AND m.id > COALESCE((SELECT MAX(r.id) FROM messages r WHERE r.conversation_id = facts_backfill.conversation_id
			AND r.sender IN ('agent', 'assist', 'robot')), 0)),
	lst = (SELECT MAX(m.id) FROM messages m WHERE m.conversation_id = facts_backfill.conversation_id AND m.sender <> 'system');
UPDATE facts_backfill SET fu = (SELECT MIN(m.id) FROM messages m WHERE m.conversation_id = facts_backfill.conversation_id
	AND m.id > facts_backfill.rob AND m.sender = 'buyer') WHERE rob IS NOT NULL;
UPDATE facts_backfill SET fuh = (SELECT MIN(m.id) FROM messages m WHERE m.conversation_id = facts_backfill.conversation_id
	AND m.id > facts_backfill.fu AND m.sender = 'agent') WHERE fu IS NOT NULL;
UPDATE facts_backfill SET hf = COALESCE((SELECT MIN(m.id) FROM messages m WHERE m.conversation_id = facts_backfill.conversation_id
	AND m.sender = 'buyer' AND m.id < facts_backfill.h1
	AND m.id > COALESCE((SELECT MAX(r.id) FROM messages r WHERE r.conversation_id = facts_backfill.conversation_id
		AND r.id < facts_backfill.h1 AND r.sender IN ('agent', 'assist', 'robot')), 0)), b1) WHERE h1 IS NOT NULL;
UPDATE conversations SET
	first_buyer_ms = ` + msOf("b1") + `,
	first_reply_ms = ` + msOf("r1") + `,
	first_robot_ms = ` + msOf("rob") + `,
	followup_ms = ` + msOf("fu") + `,
	followup_human_ms = ` + msOf("fuh") + `,
	first_human_ms = ` + msOf("h1") + `,
	first_human_from_ms = ` + msOf("hf") + `,
	wait_ms = ` + msOf("w") + `,
	first_human_agent = COALESCE((SELECT m.agent_id FROM messages m WHERE m.id = (SELECT f.h1 FROM facts_backfill f
		WHERE f.conversation_id = conversations.id)), 0),
	robot_served = EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = conversations.id AND m.sender IN ('robot', 'fallback'))
		OR EXISTS (SELECT 1 FROM decisions d WHERE d.conversation_id = conversations.id
			AND (d.outcome IN ('robot', 'fallback', 'away') OR (d.outcome = 'handoff' AND d.agent_id = 0))),
	robot_handoff = EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = conversations.id AND m.sender = 'fallback')
		OR EXISTS (SELECT 1 FROM decisions d WHERE d.conversation_id = conversations.id AND d.outcome = 'handoff' AND d.agent_id = 0)
		OR EXISTS (SELECT 1 FROM ratings r WHERE r.conversation_id = conversations.id AND r.reply_id > 0 AND NOT r.solved),
	rating_score = COALESCE((SELECT r.score FROM ratings r WHERE r.conversation_id = conversations.id AND r.reply_id = 0), 0),
	replies_rated = (SELECT COUNT(*) FROM ratings r WHERE r.conversation_id = conversations.id AND r.reply_id > 0),
	replies_unsolved = (SELECT COUNT(*) FROM ratings r WHERE r.conversation_id = conversations.id AND r.reply_id > 0 AND NOT r.solved),
	last_unsolved = EXISTS (SELECT 1 FROM ratings r WHERE r.reply_id > 0 AND NOT r.solved
		AND r.reply_id = (SELECT f.lst FROM facts_backfill f WHERE f.conversation_id = conversations.id))
WHERE id IN (SELECT conversation_id FROM facts_backfill);
UPDATE conversations SET last_sender = COALESCE((SELECT m.sender FROM messages m WHERE m.id = (SELECT MAX(x.id) FROM messages x
	WHERE x.conversation_id = conversations.id AND x.sender <> 'system')), last_sender)
WHERE close_reason = 'import' AND last_sender = 'system';
INSERT INTO reply_turns (conversation_id, shop_id, agent_id, start_ms, from_ms, at_ms)
SELECT a.conversation_id, c.shop_id, a.agent_id, c.first_buyer_ms,
	epoch_ms((SELECT MIN(b.created_at) FROM messages b WHERE b.conversation_id = a.conversation_id AND b.sender = 'buyer' AND b.id < a.id
		AND b.id > COALESCE((SELECT MAX(r.id) FROM messages r WHERE r.conversation_id = a.conversation_id AND r.id < a.id
			AND r.sender IN ('agent', 'assist', 'robot')), 0))),
	epoch_ms(a.created_at)
FROM messages a JOIN conversations c ON c.id = a.conversation_id
WHERE a.sender = 'agent' AND c.first_buyer_ms > 0
	AND EXISTS (SELECT 1 FROM messages b WHERE b.conversation_id = a.conversation_id AND b.sender = 'buyer' AND b.id < a.id
		AND b.id > COALESCE((SELECT MAX(r.id) FROM messages r WHERE r.conversation_id = a.conversation_id AND r.id < a.id
			AND r.sender IN ('agent', 'assist', 'robot')), 0))
ORDER BY a.id;
DROP TABLE facts_backfill;
CREATE INDEX conversations_metrics ON conversations(shop_id, first_buyer_ms);
CREATE INDEX decisions_recognised ON decisions(shop_id, decided_at, entry_id, outcome, confidence, threshold) WHERE entry_id > 0 AND confidence >= threshold;
`

// msOf is the time, in Unix milliseconds, of the message whose ID is the
// facts_backfill column col of the conversation (0 for none).
func msOf(col string) string {
	return strings.ReplaceAll(`COALESCE(epoch_ms((SELECT m.created_at FROM messages m WHERE m.id = (SELECT f.COL FROM facts_backfill f
		WHERE f.conversation_id = conversations.id))), 0)`, "COL", col)
}
