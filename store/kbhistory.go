package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"replydesk/engine"
)

// The history of the KB (KB-7): every change of an entry, who made it, when,
// before and after, numbered by the KB-wide sequence the index follows.

type changeRow struct {
	ID      int64
	ShopID  int64
	EntryID int64
	Action  string
	Actor   string
	At      time.Time
	Before  *jsonCol[engine.Entry]
	After   *jsonCol[engine.Entry]
	Seq     int64
	Origin  string
}

func (changeRow) TableName() string { return "kb_history" }

func (r changeRow) change() engine.Change {
	ch := engine.Change{ID: r.ID, ShopID: r.ShopID, EntryID: r.EntryID, Action: engine.ChangeAction(r.Action),
		Actor: r.Actor, At: r.At.UTC(), Seq: r.Seq, Origin: r.Origin}
	if r.Before != nil {
		b := r.Before.V
		ch.Before = &b
	}
	if r.After != nil {
		a := r.After.V
		ch.After = &a
	}
	return ch
}

func changeRowOf(ch engine.Change) changeRow {
	r := changeRow{ShopID: ch.ShopID, EntryID: ch.EntryID, Action: string(ch.Action), Actor: ch.Actor, At: ch.At, Seq: ch.Seq, Origin: ch.Origin}
	if ch.Before != nil {
		r.Before = &jsonCol[engine.Entry]{*ch.Before}
	}
	if ch.After != nil {
		r.After = &jsonCol[engine.Entry]{*ch.After}
	}
	return r
}

// record stores a change with the next sequence number and returns it as stored.
func record(tx *gorm.DB, ch engine.Change, entryID int64, before, after *engine.Entry) (engine.Change, error) {
	seq, err := nextSeq(tx)
	if err != nil {
		return ch, err
	}
	ch.EntryID, ch.Before, ch.After, ch.Seq = entryID, before, after, seq
	row := changeRowOf(ch)
	if err := tx.Create(&row).Error; err != nil {
		return ch, err
	}
	ch.ID = row.ID
	return ch, nil
}

// History returns the changes of an entry, newest first.
func (s *Store) History(ctx context.Context, entryID int64) ([]engine.Change, error) {
	var rows []changeRow
	if err := s.db.WithContext(ctx).Where("entry_id = ?", entryID).Order("id DESC").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: history: %w", err)
	}
	out := make([]engine.Change, len(rows))
	for i, r := range rows {
		out[i] = r.change()
	}
	return out, nil
}

// Deleted returns, newest first, the changes that deleted entries of a shop
// that are still deleted (a deletion, or the rollback of a creation).
func (s *Store) Deleted(ctx context.Context, shopID int64, limit int) ([]engine.Change, error) {
	var rows []changeRow
	err := s.db.WithContext(ctx).Raw(`SELECT h.* FROM kb_history h
		WHERE h.shop_id = ? AND h.after IS NULL
		  AND h.id = (SELECT MAX(id) FROM kb_history WHERE entry_id = h.entry_id)
		  AND NOT EXISTS (SELECT 1 FROM kb_entries e WHERE e.id = h.entry_id)
		ORDER BY h.id DESC LIMIT ?`, shopID, limit).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: deleted entries: %w", err)
	}
	out := make([]engine.Change, len(rows))
	for i, r := range rows {
		out[i] = r.change()
	}
	return out, nil
}

// Change returns one change, or ErrNotFound.
func (s *Store) Change(ctx context.Context, id int64) (engine.Change, error) {
	var r changeRow
	if err := s.db.WithContext(ctx).First(&r, id).Error; err != nil {
		return engine.Change{}, notFound(err, fmt.Sprintf("change %d", id))
	}
	return r.change(), nil
}

// ShopKBSeq is the sequence number of the latest change of a shop's KB, 0
// for none: a replay made before it was made with another KB.
func (s *Store) ShopKBSeq(ctx context.Context, shopID int64) (int64, error) {
	var seq int64
	if err := s.db.WithContext(ctx).Raw(`SELECT COALESCE(MAX(seq), 0) FROM kb_history WHERE shop_id = ?`, shopID).Scan(&seq).Error; err != nil {
		return 0, fmt.Errorf("store: shop kb seq: %w", err)
	}
	return seq, nil
}
