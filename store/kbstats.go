package store

import (
	"context"
	"fmt"
	"time"

	"replydesk/engine"
)

// entryStats counts, for each entry, the replies sent from it (by agents,
// assist or the robot) and the buyer messages reception recognised it in
// (it was the best match, at or above the shop's threshold), with the
// time of the latest of either.
func (s *Store) entryStats(ctx context.Context, rows []entryRow) (map[int64]engine.EntryStats, error) {
	out := make(map[int64]engine.EntryStats, len(rows))
	if len(rows) == 0 {
		return out, nil
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	var sent, recognised []struct {
		EntryID int64
		N       int
		Last    string
	}
	db := s.db.WithContext(ctx)
	err := db.Raw(`SELECT entry_id, COUNT(*) AS n, MAX(created_at) AS last
		FROM messages WHERE entry_id IN ? GROUP BY entry_id`, ids).Scan(&sent).Error
	if err == nil {
		err = db.Raw(`SELECT entry_id, COUNT(*) AS n, MAX(decided_at) AS last
		FROM decisions WHERE entry_id IN ? AND confidence >= threshold GROUP BY entry_id`, ids).Scan(&recognised).Error
	}
	if err != nil {
		return nil, fmt.Errorf("store: entry stats: %w", err)
	}
	later := func(st *engine.EntryStats, last string) {
		if t, ok := parseSQLiteTime(last); ok && (st.LastHitAt == nil || t.After(*st.LastHitAt)) {
			st.LastHitAt = &t
		}
	}
	for _, g := range sent {
		st := out[g.EntryID]
		st.Hits = g.N
		later(&st, g.Last)
		out[g.EntryID] = st
	}
	for _, g := range recognised {
		st := out[g.EntryID]
		st.Recognized = g.N
		later(&st, g.Last)
		out[g.EntryID] = st
	}
	var rated []struct {
		EntryID int64
		Solved  bool
		N       int
	}
	if err := db.Raw(`SELECT entry_id, solved, COUNT(*) AS n FROM ratings WHERE entry_id IN ? GROUP BY entry_id, solved`, ids).Scan(&rated).Error; err != nil {
		return nil, fmt.Errorf("store: entry stats: %w", err)
	}
	for _, g := range rated {
		st := out[g.EntryID]
		if g.Solved {
			st.Solved = g.N
		} else {
			st.Unsolved = g.N
		}
		out[g.EntryID] = st
	}
	return out, nil
}

// parseSQLiteTime reads a time as the driver writes it (_time_format=sqlite).
func parseSQLiteTime(s string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05.999999999Z07:00", time.RFC3339Nano, "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
