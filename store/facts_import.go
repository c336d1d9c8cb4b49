package store

import (
	"time"

	"gorm.io/gorm"

	"replydesk/engine"
)

// An imported chat log gets its facts as live messages do, by observing its
// messages in time order (engine.SessionFacts.Observe), its ratings last.

// factMessage is a message as its facts need it; Solved is the buyer's
// rating of a robot reply (nil for none).
type factMessage struct {
	ID      int64
	Sender  engine.Sender
	At      int64
	AgentID int64
	Solved  *bool
}

// foldFacts returns the facts and the human turns of a conversation's
// messages, oldest first, and its session score (0 for none).
func foldFacts(msgs []factMessage, score int) (engine.SessionFacts, []engine.Turn) {
	var f engine.SessionFacts
	var turns []engine.Turn
	var last int64
	for _, m := range msgs {
		var t engine.Turn
		var ended bool
		f, t, ended = f.Observe(m.Sender, m.At, m.AgentID)
		if ended {
			turns = append(turns, t)
		}
		if m.Sender != engine.SenderSystem {
			last = m.ID
		}
	}
	if f.Start == 0 {
		return f, turns
	}
	f.Score = score
	for _, m := range msgs {
		if m.Solved != nil {
			f = f.RateReply(*m.Solved, true, false, m.ID == last)
		}
	}
	return f, turns
}

// writeFacts sets a conversation's facts and replaces its human turns.
func writeFacts(tx *gorm.DB, shopID, convID int64, f engine.SessionFacts, turns []engine.Turn) error {
	err := tx.Exec(`UPDATE conversations SET first_buyer_ms = ?, first_reply_ms = ?, first_robot_ms = ?, followup_ms = ?,
	followup_human_ms = ?, first_human_ms = ?, first_human_agent = ?, first_human_from_ms = ?, wait_ms = ?,
	last_unsolved = ?, robot_served = ?, robot_handoff = ?, rating_score = ?, replies_rated = ?, replies_unsolved = ?
WHERE id = ?`, f.Start, f.Reply, f.Robot, f.Followup, f.FollowupHuman, f.Human, f.HumanAgent, f.HumanFrom, f.Wait,
		f.LastUnsolved, f.RobotServed, f.RobotHandoff, f.Score, f.RepliesRated, f.RepliesUnsolved, convID).Error
	if err != nil {
		return err
	}
	if err := tx.Exec(`DELETE FROM reply_turns WHERE conversation_id = ?`, convID).Error; err != nil {
		return err
	}
	for _, t := range turns {
		err := tx.Exec(`INSERT INTO reply_turns (conversation_id, shop_id, agent_id, start_ms, from_ms, at_ms) VALUES (?, ?, ?, ?, ?, ?)`,
			convID, shopID, t.AgentID, t.Start, t.From, t.At).Error
		if err != nil {
			return err
		}
	}
	return nil
}

// refold works out an imported conversation's facts again from all its
// messages and ratings (an import added to it).
func refold(tx *gorm.DB, shopID, convID int64) error {
	var rows []struct {
		ID        int64
		Sender    string
		AgentID   int64
		CreatedAt time.Time
	}
	if err := tx.Raw(`SELECT id, sender, agent_id, created_at FROM messages WHERE conversation_id = ? ORDER BY created_at, id`,
		convID).Scan(&rows).Error; err != nil {
		return err
	}
	var ratings []struct {
		ReplyID int64
		Score   int
		Solved  bool
	}
	if err := tx.Raw(`SELECT reply_id, score, solved FROM ratings WHERE conversation_id = ?`, convID).Scan(&ratings).Error; err != nil {
		return err
	}
	msgs := make([]factMessage, len(rows))
	at := map[int64]int{}
	for i, r := range rows {
		msgs[i] = factMessage{ID: r.ID, Sender: engine.Sender(r.Sender), At: r.CreatedAt.UnixMilli(), AgentID: r.AgentID}
		at[r.ID] = i
	}
	score := 0
	for _, r := range ratings {
		if r.ReplyID == 0 {
			score = r.Score
		} else if i, ok := at[r.ReplyID]; ok {
			msgs[i].Solved = &r.Solved
		}
	}
	f, turns := foldFacts(msgs, score)
	return writeFacts(tx, shopID, convID, f, turns)
}

// importRatings stores the ratings an imported conversation's rows carry
// (engine.ImportedRating): a session's score replaces the one it had, a
// robot reply's rating is of the message stored for its row (rows[i]).
func importRatings(tx *gorm.DB, shopID, convID int64, msgs []engine.ImportedMessage, rows []importedMessageRow) error {
	for i, m := range msgs {
		r := m.Rating
		if r == nil {
			continue
		}
		var err error
		if r.Score > 0 {
			err = tx.Exec(`INSERT INTO ratings (conversation_id, shop_id, reply_id, entry_id, solved, score, reason, text, rated_at)
VALUES (?, ?, 0, 0, ?, ?, '', '', ?) ON CONFLICT (conversation_id) WHERE reply_id = 0 DO UPDATE SET
	solved = excluded.solved, score = excluded.score, rated_at = excluded.rated_at`, convID, shopID, r.Solved, r.Score, m.At.UTC()).Error
		} else {
			err = tx.Exec(`INSERT INTO ratings (conversation_id, shop_id, reply_id, entry_id, solved, score, reason, text, rated_at)
VALUES (?, ?, ?, 0, ?, 0, ?, '', ?) ON CONFLICT (reply_id) WHERE reply_id > 0 DO UPDATE SET
	solved = excluded.solved, reason = excluded.reason, rated_at = excluded.rated_at`, convID, shopID, rows[i].ID, r.Solved, r.Reason, m.At.UTC()).Error
		}
		if err != nil {
			return err
		}
	}
	return nil
}
