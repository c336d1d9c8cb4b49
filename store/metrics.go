package store

import (
	"context"
	"fmt"
	"time"

	"replydesk/engine"
)

var _ engine.MetricsStore = (*Store)(nil)

// sessionRowsSelect reads the facts the definitions need through
// conversations_metrics (shop_id, first_buyer_ms). The range is read as
// two halves at once: a dashboard of 100,000 sessions spends most of its
// time scanning rows, and a desk has two cores or more.
const sessionRowsSelect = `SELECT c.id, CASE WHEN c.first_human_agent > 0 THEN c.first_human_agent ELSE c.agent_id END,
	c.first_buyer_ms, c.first_reply_ms, c.followup_ms, c.followup_human_ms, c.first_human_ms, c.first_human_from_ms, c.wait_ms,
	c.last_sender, c.last_unsolved, c.robot_served, c.robot_handoff, c.rating_score, c.replies_rated, c.replies_unsolved
FROM conversations c WHERE c.shop_id = ? AND c.first_buyer_ms >= ? AND c.first_buyer_ms < ?`

// SessionRows calls fn for every session of a shop whose buyer first wrote
// in [r.From, r.To), in any order; fn is called from one goroutine at a
// time.
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
					var last string
					f := &v.Facts
					if err := rows.Scan(&v.ConversationID, &v.AgentID, &f.Start, &f.Reply, &f.Followup, &f.FollowupHuman, &f.Human,
						&f.HumanFrom, &f.Wait, &last, &f.LastUnsolved, &f.RobotServed, &f.RobotHandoff, &f.Score,
						&f.RepliesRated, &f.RepliesUnsolved); err != nil {
						return err
					}
					f.LastSender = engine.Sender(last)
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
// buyer first wrote in [r.From, r.To).
func (s *Store) Turns(ctx context.Context, r engine.FactsRange, fn func(engine.Turn)) error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return fmt.Errorf("store: turns: %w", err)
	}
	rows, err := sqlDB.QueryContext(ctx, `SELECT conversation_id, start_ms, from_ms, at_ms, agent_id FROM reply_turns
WHERE shop_id = ? AND start_ms >= ? AND start_ms < ?`, r.ShopID, r.From, r.To)
	if err != nil {
		return fmt.Errorf("store: turns: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var t engine.Turn
		if err := rows.Scan(&t.ConversationID, &t.Start, &t.From, &t.At, &t.AgentID); err != nil {
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
