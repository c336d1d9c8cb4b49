package store

import (
	"bytes"
	"context"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"replydesk/engine"
)

var _ engine.KBStore = (*Store)(nil)

// jsonCol is a value kept as JSON text in one column.
type jsonCol[T any] struct{ V T }

func (c jsonCol[T]) Value() (driver.Value, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // keep < > & as they are, so that LIKE finds them
	if err := enc.Encode(c.V); err != nil {
		return nil, err
	}
	return strings.TrimSuffix(buf.String(), "\n"), nil
}

func (c *jsonCol[T]) Scan(v any) error {
	var b []byte
	switch x := v.(type) {
	case string:
		b = []byte(x)
	case []byte:
		b = x
	case nil:
		var zero T
		c.V = zero
		return nil
	default:
		return fmt.Errorf("store: json column: unexpected %T", v)
	}
	return json.Unmarshal(b, &c.V)
}

type entryRow struct {
	ID         int64
	ShopID     int64
	Question   string
	Similar    jsonCol[[]string]
	Answers    jsonCol[[]engine.Answer]
	Category   string
	Intent     string
	Enabled    bool
	Operations jsonCol[[]engine.Operation]
	NeverAuto  bool
	Version    int
	UpdatedBy  string
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

func (entryRow) TableName() string { return "kb_entries" }

func (r entryRow) entry() engine.Entry {
	e := engine.Entry{
		ID: r.ID, ShopID: r.ShopID, Question: r.Question,
		Similar: r.Similar.V, Answers: r.Answers.V, Operations: r.Operations.V,
		Category: engine.Category(r.Category), Intent: r.Intent, Enabled: r.Enabled, NeverAuto: r.NeverAuto,
		Version: r.Version, UpdatedAt: r.UpdatedAt.UTC(), UpdatedBy: r.UpdatedBy,
	}
	if e.Similar == nil {
		e.Similar = []string{}
	}
	if e.Answers == nil {
		e.Answers = []engine.Answer{}
	}
	for i := range e.Answers {
		if e.Answers[i].When == nil {
			e.Answers[i].When = []engine.OrderStatus{}
		}
	}
	if e.Operations == nil {
		e.Operations = []engine.Operation{}
	}
	return e
}

// rowOf is the row of an entry; the ID, version and times are set by the caller.
func rowOf(e engine.Entry) entryRow {
	return entryRow{
		ID: e.ID, ShopID: e.ShopID, Question: e.Question,
		Similar: jsonCol[[]string]{e.Similar}, Answers: jsonCol[[]engine.Answer]{e.Answers},
		Operations: jsonCol[[]engine.Operation]{e.Operations},
		Category:   string(e.Category), Intent: e.Intent, Enabled: e.Enabled, NeverAuto: e.NeverAuto,
		Version: e.Version, UpdatedBy: e.UpdatedBy, UpdatedAt: e.UpdatedAt, CreatedAt: e.UpdatedAt,
	}
}

// nextSeq advances the KB's change sequence within tx and returns it.
func nextSeq(tx *gorm.DB) (int64, error) {
	var seq int64
	err := tx.Raw(`UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'kb_seq' RETURNING CAST(value AS INTEGER)`).Scan(&seq).Error
	if err == nil && seq == 0 {
		err = errors.New("no kb_seq")
	}
	return seq, err
}

// KBSeq is the sequence number of the KB's latest change.
func (s *Store) KBSeq(ctx context.Context) (int64, error) {
	var seq int64
	err := s.db.WithContext(ctx).Raw(`SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'kb_seq'`).Scan(&seq).Error
	if err != nil {
		return 0, fmt.Errorf("store: kb seq: %w", err)
	}
	return seq, nil
}

// CreateEntries stores new KB entries in one transaction, without history
// (the demo shops' preset KB), and returns them with their IDs, in order.
func (s *Store) CreateEntries(ctx context.Context, entries []engine.Entry) ([]engine.Entry, error) {
	if len(entries) == 0 {
		return nil, nil
	}
	now := time.Now().UTC()
	rows := make([]entryRow, len(entries))
	for i, e := range entries {
		e.ID, e.Version, e.UpdatedAt = 0, 1, now
		rows[i] = rowOf(e)
	}
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if _, err := nextSeq(tx); err != nil {
			return err
		}
		return tx.CreateInBatches(rows, 200).Error
	})
	if err != nil {
		return nil, fmt.Errorf("store: create entries: %w", err)
	}
	out := make([]engine.Entry, len(rows))
	for i, r := range rows {
		out[i] = r.entry()
	}
	return out, nil
}

// Entry returns one entry, or ErrNotFound.
func (s *Store) Entry(ctx context.Context, id int64) (engine.Entry, error) {
	var r entryRow
	if err := s.db.WithContext(ctx).First(&r, id).Error; err != nil {
		return engine.Entry{}, notFound(err, fmt.Sprintf("entry %d", id))
	}
	return r.entry(), nil
}

// Entries returns the entries with the given IDs that exist, in any order.
func (s *Store) Entries(ctx context.Context, ids []int64) ([]engine.Entry, error) {
	if len(ids) == 0 {
		return []engine.Entry{}, nil
	}
	if len(ids) == 1 { // reception's match: a prepared statement
		rows, err := queryRows[entryRow](ctx, s, `SELECT * FROM kb_entries WHERE id = ?`, ids[0])
		if err != nil {
			return nil, fmt.Errorf("store: entries: %w", err)
		}
		return entriesOf(rows), nil
	}
	var rows []entryRow
	if err := s.db.WithContext(ctx).Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: entries: %w", err)
	}
	return entriesOf(rows), nil
}

func entriesOf(rows []entryRow) []engine.Entry {
	out := make([]engine.Entry, len(rows))
	for i, r := range rows {
		out[i] = r.entry()
	}
	return out
}

// ShopEntries returns every entry of a shop in ID order.
func (s *Store) ShopEntries(ctx context.Context, shopID int64) ([]engine.Entry, error) {
	var rows []entryRow
	if err := s.db.WithContext(ctx).Where("shop_id = ?", shopID).Order("id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: shop entries: %w", err)
	}
	return entriesOf(rows), nil
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

// ListEntries returns a page of a shop's entries, filtered, in ID order, with
// their hit counts.
func (s *Store) ListEntries(ctx context.Context, f engine.EntryFilter) (engine.EntryPage, error) {
	q := s.db.WithContext(ctx).Model(&entryRow{}).Where("shop_id = ?", f.ShopID)
	if f.Category != "" {
		q = q.Where("category = ?", string(f.Category))
	}
	switch f.Enabled {
	case "on":
		q = q.Where("enabled")
	case "off":
		q = q.Where("NOT enabled")
	}
	if f.Query != "" {
		like := "%" + escapeLike(f.Query) + "%"
		q = q.Where(`(question LIKE ? ESCAPE '\' OR similar LIKE ? ESCAPE '\' OR answers LIKE ? ESCAPE '\' OR intent = ?)`,
			like, like, like, f.Query)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return engine.EntryPage{}, fmt.Errorf("store: list entries: %w", err)
	}
	var rows []entryRow
	if err := q.Order("id").Offset(f.Offset).Limit(f.Limit).Find(&rows).Error; err != nil {
		return engine.EntryPage{}, fmt.Errorf("store: list entries: %w", err)
	}
	stats, err := s.entryStats(ctx, rows)
	if err != nil {
		return engine.EntryPage{}, err
	}
	page := engine.EntryPage{Entries: make([]engine.ListedEntry, len(rows)), Total: int(total)}
	for i, r := range rows {
		page.Entries[i] = engine.ListedEntry{Entry: r.entry(), Stats: stats[r.ID]}
	}
	return page, nil
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// SaveEntry creates (e.ID == 0) or updates an entry and records ch, in one
// transaction. See engine.KBStore.
func (s *Store) SaveEntry(ctx context.Context, e engine.Entry, ch engine.Change) (engine.Entry, engine.Change, error) {
	var saved engine.Entry
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var before *engine.Entry
		if e.ID != 0 {
			var old entryRow
			if err := tx.First(&old, e.ID).Error; err != nil {
				return notFound(err, fmt.Sprintf("entry %d", e.ID))
			}
			if old.Version != e.Version {
				return engine.ErrConflict
			}
			b := old.entry()
			before = &b
			e.ShopID = old.ShopID // an entry never moves between shops
		}
		if err := checkUnique(tx, e.ShopID, e.Question, e.ID); err != nil {
			return err
		}
		e.Version++
		e.UpdatedAt, e.UpdatedBy = ch.At, ch.Actor
		row := rowOf(e)
		if before != nil {
			row.CreatedAt = time.Time{}
			if err := tx.Model(&entryRow{}).Where("id = ?", e.ID).Select("*").Omit("id", "created_at").Updates(&row).Error; err != nil {
				return err
			}
		} else if err := tx.Create(&row).Error; err != nil {
			return err
		}
		saved = row.entry()
		var err error
		ch, err = record(tx, ch, saved.ID, before, &saved)
		return err
	})
	if err != nil {
		return engine.Entry{}, engine.Change{}, fmt.Errorf("store: save entry: %w", err)
	}
	return saved, ch, nil
}

// checkUnique fails with ErrDuplicate when another entry of the shop has the question.
func checkUnique(tx *gorm.DB, shopID int64, question string, id int64) error {
	var n int64
	if err := tx.Model(&entryRow{}).Where("shop_id = ? AND question = ? AND id <> ?", shopID, question, id).Count(&n).Error; err != nil {
		return err
	}
	if n > 0 {
		return engine.ErrDuplicate
	}
	return nil
}

// DeleteEntry removes an entry and records ch.
func (s *Store) DeleteEntry(ctx context.Context, id int64, ch engine.Change) (engine.Change, error) {
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var old entryRow
		if err := tx.First(&old, id).Error; err != nil {
			return notFound(err, fmt.Sprintf("entry %d", id))
		}
		if err := tx.Delete(&entryRow{}, id).Error; err != nil {
			return err
		}
		before := old.entry()
		ch.ShopID = old.ShopID
		var err error
		ch, err = record(tx, ch, id, &before, nil)
		return err
	})
	if err != nil {
		return engine.Change{}, fmt.Errorf("store: delete entry: %w", err)
	}
	return ch, nil
}

// RestoreEntry puts back a deleted entry with its old ID and records ch.
func (s *Store) RestoreEntry(ctx context.Context, e engine.Entry, ch engine.Change) (engine.Entry, engine.Change, error) {
	var saved engine.Entry
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&entryRow{}).Where("id = ?", e.ID).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return engine.ErrConflict
		}
		if err := checkUnique(tx, e.ShopID, e.Question, e.ID); err != nil {
			return err
		}
		e.Version++
		e.UpdatedAt, e.UpdatedBy = ch.At, ch.Actor
		row := rowOf(e)
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		saved = row.entry()
		var err error
		ch, err = record(tx, ch, saved.ID, nil, &saved)
		return err
	})
	if err != nil {
		return engine.Entry{}, engine.Change{}, fmt.Errorf("store: restore entry: %w", err)
	}
	return saved, ch, nil
}

// importBatch is the number of entries written per statement in an import.
const importBatch = 500

// ImportEntries creates or updates, by standard question, entries of a shop
// in one transaction; see engine.KBStore. All changes share one sequence number.
func (s *Store) ImportEntries(ctx context.Context, shopID int64, entries []engine.Entry, ch engine.Change, progress func(done int)) ([]engine.Entry, engine.ImportResult, error) {
	var res engine.ImportResult
	saved := make([]engine.Entry, 0, len(entries))
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&shopRow{}).Where("id = ?", shopID).Count(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("shop %d: %w", shopID, ErrNotFound)
		}
		var old []entryRow
		if err := tx.Where("shop_id = ?", shopID).Find(&old).Error; err != nil {
			return err
		}
		byQuestion := make(map[string]entryRow, len(old))
		for _, r := range old {
			byQuestion[r.Question] = r
		}
		seq, err := nextSeq(tx)
		if err != nil {
			return err
		}
		res.Seq = seq
		for start := 0; start < len(entries); start += importBatch {
			part := entries[start:min(start+importBatch, len(entries))]
			var creates []entryRow
			var changes []changeRow
			for _, e := range part {
				e.ShopID, e.UpdatedAt, e.UpdatedBy = shopID, ch.At, ch.Actor
				prev, exists := byQuestion[e.Question]
				if !exists {
					e.ID, e.Version = 0, 1
					creates = append(creates, rowOf(e))
					continue
				}
				e.ID, e.Version = prev.ID, prev.Version+1
				row := rowOf(e)
				if err := tx.Model(&entryRow{}).Where("id = ?", e.ID).Select("*").Omit("id", "created_at").Updates(&row).Error; err != nil {
					return err
				}
				before, after := prev.entry(), row.entry()
				c := ch
				c.EntryID, c.Before, c.After, c.Seq = e.ID, &before, &after, seq
				changes = append(changes, changeRowOf(c))
				saved = append(saved, after)
				res.Updated++
			}
			if len(creates) > 0 {
				if err := tx.CreateInBatches(creates, 200).Error; err != nil {
					return err
				}
			}
			for _, r := range creates {
				after := r.entry()
				c := ch
				c.EntryID, c.After, c.Seq = r.ID, &after, seq
				changes = append(changes, changeRowOf(c))
				saved = append(saved, after)
				res.Created++
			}
			if err := tx.CreateInBatches(changes, 200).Error; err != nil {
				return err
			}
			if progress != nil {
				progress(start + len(part))
			}
		}
		return nil
	})
	if err != nil {
		return nil, engine.ImportResult{}, fmt.Errorf("store: import entries: %w", err)
	}
	return saved, res, nil
}

// KBCounts returns how many shops there are and how many KB entries they
// have in all, deleted entries not counted.
func (s *Store) KBCounts(ctx context.Context) (shops, entries int64, err error) {
	db := s.db.WithContext(ctx)
	if err = db.Raw(`SELECT COUNT(*) FROM shops`).Scan(&shops).Error; err == nil {
		err = db.Raw(`SELECT COUNT(*) FROM kb_entries`).Scan(&entries).Error
	}
	if err != nil {
		return 0, 0, fmt.Errorf("store: kb counts: %w", err)
	}
	return shops, entries, nil
}
