package store

import (
	"context"
	"fmt"
	"time"

	"replydesk/engine"
)

var _ engine.MetricsStore = (*Store)(nil)

// sessionRowsSelect reads the facts the definitions need through
// conversations_metrics (shop_id, first_buyer_ms). Scanning a value costs
// about 90 ns here, so the small facts travel packed in one integer (see
// unpackSmall): a dashboard of 100,000 sessions reads 9 values a row, not
// 16. The range is read as two halves at once: most of the time goes to
// scanning rows, and a desk has two cores or more.
const sessionRowsSelect = `SELECT CASE WHEN c.first_human_agent > 0 THEN c.first_human_agent ELSE c.agent_id END,
	c.first_buyer_ms, c.first_reply_ms, c.followup_ms, c.followup_human_ms, c.first_human_ms, c.first_human_from_ms, c.wait_ms,
	(CASE c.last_sender WHEN 'assist' THEN 1 WHEN 'robot' THEN 2 ELSE 0 END)
	+ (CASE WHEN c.last_unsolved THEN 4 ELSE 0 END) + (CASE WHEN c.robot_served THEN 8 ELSE 0 END)
	+ (CASE WHEN c.robot_handoff THEN 16 ELSE 0 END) + 32 * c.rating_score
	+ 256 * (CASE WHEN c.replies_rated > 65535 THEN 65535 ELSE c.replies_rated END)
	+ 16777216 * (CASE WHEN c.replies_unsolved > 65535 THEN 65535 ELSE c.replies_unsolved END)
FROM conversations c WHERE c.shop_id = ? AND c.first_buyer_ms >= ? AND c.first_buyer_ms < ?`

// unpackSmall sets the small facts sessionRowsSelect packs: the last
// sender as far as the definitions tell senders apart (assist, robot,
// another), the flags, the score (0–5) and the reply ratings (at most
// 65,535 each).
func unpackSmall(f *engine.SessionFacts, v int64) {
	switch v & 3 {
	case 1:
		f.LastSender = engine.SenderAssist
	case 2:
		f.LastSender = engine.SenderRobot
	default:
		f.LastSender = ""
	}
	f.LastUnsolved, f.RobotServed, f.RobotHandoff = v&4 != 0, v&8 != 0, v&16 != 0
	f.Score = int(v>>5) & 7
	f.RepliesRated = int(v>>8) & 0xffff
	f.RepliesUnsolved = int(v>>24) & 0xffff
}

// SessionRows calls fn for every session of a shop whose buyer first wrote
// in [r.From, r.To), in any order, without its conversation's ID; fn is
// called from one goroutine at a time.
func (s *Store) SessionRows(ctx context.Context, r engine.FactsRange, fn func(engine.SessionRow)) error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return fmt.Errorf("store: session facts: %w", err)
	}
	mid := r.From + (r.To-r.From)/2
	parts := [][2]int64{{r.From, mid}, {mid, r.To}}
	out := make(chan []engine.SessionRow, 4)
	errs := make(chan error, len(parts))
	for _, p := range parts {
		go func() {
			errs <- func() error {
				rows, err := sqlDB.QueryContext(ctx, sessionRowsSelect, r.ShopID, p[0], p[1])
				if err != nil {
					return err
				}
				defer rows.Close()
				batch := make([]engine.SessionRow, 0, 1024)
				for rows.Next() {
					var v engine.SessionRow
					var small int64
					f := &v.Facts
					if err := rows.Scan(&v.AgentID, &f.Start, &f.Reply, &f.Followup, &f.FollowupHuman, &f.Human,
						&f.HumanFrom, &f.Wait, &small); err != nil {
						return err
					}
					unpackSmall(f, small)
					if batch = append(batch, v); len(batch) == cap(batch) {
						out <- batch
						batch = make([]engine.SessionRow, 0, 1024)
					}
				}
				out <- batch
				return rows.Err()
			}()
		}()
	}
	var first error
	for done := 0; done < len(parts); {
		select {
		case batch := <-out:
			for _, v := range batch {
				fn(v)
			}
		case err := <-errs:
			done++
			if err != nil && first == nil {
				first = err
			}
		}
	}
	for len(out) > 0 { // batches sent before their part's end
		for _, v := range <-out {
			fn(v)
		}
	}
	if first != nil {
		return fmt.Errorf("store: session facts: %w", first)
	}
	return nil
}

// Turns calls fn for every human turn of the sessions of a shop whose
// buyer first wrote in [r.From, r.To), without its conversation.
func (s *Store) Turns(ctx context.Context, r engine.FactsRange, fn func(engine.Turn)) error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return fmt.Errorf("store: turns: %w", err)
	}
	// reply_turns_shop covers the query.
	rows, err := sqlDB.QueryContext(ctx, `SELECT start_ms, from_ms, at_ms, agent_id FROM reply_turns
WHERE shop_id = ? AND start_ms >= ? AND start_ms < ?`, r.ShopID, r.From, r.To)
	if err != nil {
		return fmt.Errorf("store: turns: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var t engine.Turn
		if err := rows.Scan(&t.Start, &t.From, &t.At, &t.AgentID); err != nil {
			return fmt.Errorf("store: turns: %w", err)
		}
		fn(t)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: turns: %w", err)
	}
	return nil
}

// EntryStats counts, for each KB entry of a shop, the buyer messages
// decided in [from, to) it was recognised in (the best match at or above
// the threshold) and, of those, the ones that went to a human all the same
// (handoff, fallback), plus its robot replies rated unsolved in [from, to).
func (s *Store) EntryStats(ctx context.Context, shopID int64, from, to time.Time) ([]engine.EntryStat, error) {
	var decided []struct {
		EntryID  int64
		Hits     int
		Handoffs int
	}
	db := s.db.WithContext(ctx)
	err := db.Raw(`SELECT entry_id, COUNT(*) AS hits,
	SUM(CASE WHEN outcome IN ('handoff', 'fallback') THEN 1 ELSE 0 END) AS handoffs
FROM decisions WHERE shop_id = ? AND decided_at >= ? AND decided_at < ? AND entry_id > 0 AND confidence >= threshold
GROUP BY entry_id`, shopID, from.UTC(), to.UTC()).Scan(&decided).Error
	if err != nil {
		return nil, fmt.Errorf("store: entry stats: %w", err)
	}
	var unsolved []struct {
		EntryID int64
		N       int
	}
	err = db.Raw(`SELECT entry_id, COUNT(*) AS n FROM ratings
WHERE shop_id = ? AND rated_at >= ? AND rated_at < ? AND reply_id > 0 AND entry_id > 0 AND NOT solved GROUP BY entry_id`,
		shopID, from.UTC(), to.UTC()).Scan(&unsolved).Error
	if err != nil {
		return nil, fmt.Errorf("store: entry stats: %w", err)
	}
	at := map[int64]int{}
	var out []engine.EntryStat
	for _, d := range decided {
		at[d.EntryID] = len(out)
		out = append(out, engine.EntryStat{EntryID: d.EntryID, Hits: d.Hits, Failed: d.Handoffs})
	}
	for _, u := range unsolved {
		i, ok := at[u.EntryID]
		if !ok {
			i = len(out)
			out = append(out, engine.EntryStat{EntryID: u.EntryID})
		}
		out[i].Failed += u.N
	}
	return out, nil
}

// UnsolvedReasons counts a shop's robot replies rated unsolved in
// [from, to), by reason.
func (s *Store) UnsolvedReasons(ctx context.Context, shopID int64, from, to time.Time) ([]engine.ReasonCount, error) {
	var out []engine.ReasonCount
	err := s.db.WithContext(ctx).Raw(`SELECT reason, COUNT(*) AS count FROM ratings
WHERE shop_id = ? AND rated_at >= ? AND rated_at < ? AND reply_id > 0 AND NOT solved GROUP BY reason`,
		shopID, from.UTC(), to.UTC()).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: unsolved reasons: %w", err)
	}
	return out, nil
}
