package store

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"time"

	"replydesk/engine"
)

// texts is a list of strings kept as a JSON array in one column.
type texts []string

func (t texts) Value() (driver.Value, error) {
	if t == nil {
		return "[]", nil
	}
	b, err := json.Marshal([]string(t))
	return string(b), err
}

func (t *texts) Scan(v any) error {
	var b []byte
	switch x := v.(type) {
	case string:
		b = []byte(x)
	case []byte:
		b = x
	case nil:
		*t = texts{}
		return nil
	default:
		return fmt.Errorf("store: texts: unexpected %T", v)
	}
	return json.Unmarshal(b, (*[]string)(t))
}

type entryRow struct {
	ID        int64
	ShopID    int64
	Question  string
	Similar   texts
	Answers   texts
	Category  string
	Intent    string
	Enabled   bool
	CreatedAt time.Time
	UpdatedAt time.Time
}

func (entryRow) TableName() string { return "kb_entries" }

func (r entryRow) entry() engine.Entry {
	return engine.Entry{
		ID: r.ID, ShopID: r.ShopID, Question: r.Question,
		Similar: nonNil(r.Similar), Answers: nonNil(r.Answers),
		Category: r.Category, Intent: r.Intent, Enabled: r.Enabled,
	}
}

func nonNil(t texts) []string {
	if t == nil {
		return []string{}
	}
	return []string(t)
}

// CreateEntries stores new KB entries in one transaction and returns them with
// their IDs, in the same order.
func (s *Store) CreateEntries(ctx context.Context, entries []engine.Entry) ([]engine.Entry, error) {
	if len(entries) == 0 {
		return nil, nil
	}
	now := time.Now().UTC()
	rows := make([]entryRow, len(entries))
	for i, e := range entries {
		rows[i] = entryRow{
			ShopID: e.ShopID, Question: e.Question, Similar: e.Similar, Answers: e.Answers,
			Category: e.Category, Intent: e.Intent, Enabled: e.Enabled, CreatedAt: now, UpdatedAt: now,
		}
	}
	if err := s.db.WithContext(ctx).CreateInBatches(rows, 200).Error; err != nil {
		return nil, fmt.Errorf("store: create entries: %w", err)
	}
	out := make([]engine.Entry, len(rows))
	for i, r := range rows {
		out[i] = r.entry()
	}
	return out, nil
}

// Entries returns the entries with the given IDs that exist, in any order.
func (s *Store) Entries(ctx context.Context, ids []int64) ([]engine.Entry, error) {
	if len(ids) == 0 {
		return []engine.Entry{}, nil
	}
	var rows []entryRow
	if err := s.db.WithContext(ctx).Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: entries: %w", err)
	}
	out := make([]engine.Entry, len(rows))
	for i, r := range rows {
		out[i] = r.entry()
	}
	return out, nil
}

// EachEntry calls fn for every entry of every shop, in ID order, reading in
// pages so that a large KB is never all in memory. It stops at fn's first error.
func (s *Store) EachEntry(ctx context.Context, fn func(engine.Entry) error) error {
	const page = 1000
	var after int64
	for {
		var rows []entryRow
		err := s.db.WithContext(ctx).Where("id > ?", after).Order("id").Limit(page).Find(&rows).Error
		if err != nil {
			return fmt.Errorf("store: each entry: %w", err)
		}
		for _, r := range rows {
			if err := fn(r.entry()); err != nil {
				return err
			}
		}
		if len(rows) < page {
			return nil
		}
		after = rows[len(rows)-1].ID
	}
}
