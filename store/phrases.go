package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"

	"replydesk/engine"
)

type phraseRow struct {
	ID        int64
	ShopID    int64
	AgentID   int64
	GroupName string
	Text      string
	Sort      int
	Uses      int
	CreatedAt time.Time
	UpdatedAt time.Time
}

func (phraseRow) TableName() string { return "quick_phrases" }

func (r phraseRow) phrase() engine.QuickPhrase {
	return engine.QuickPhrase{
		ID: r.ID, ShopID: r.ShopID, AgentID: r.AgentID, Personal: r.AgentID != 0,
		Group: r.GroupName, Text: r.Text, Sort: r.Sort, Uses: r.Uses,
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
	}
}

var _ engine.Phrases = (*Store)(nil)

// Phrases returns the shop-wide phrases of a shop and agentID's personal
// ones there, by sort and ID (their groups in the order they first appear);
// none for an unknown shop.
func (s *Store) Phrases(ctx context.Context, shopID, agentID int64) ([]engine.QuickPhrase, error) {
	var rows []phraseRow
	err := s.db.WithContext(ctx).Where("shop_id = ? AND agent_id IN (0, ?)", shopID, agentID).
		Order("sort, id").Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: quick phrases: %w", err)
	}
	out := make([]engine.QuickPhrase, len(rows))
	for i, r := range rows {
		out[i] = r.phrase()
	}
	return out, nil
}

// Phrase returns one phrase, or ErrNotFound.
func (s *Store) Phrase(ctx context.Context, id int64) (engine.QuickPhrase, error) {
	var r phraseRow
	if err := s.db.WithContext(ctx).First(&r, id).Error; err != nil {
		return engine.QuickPhrase{}, notFound(err, "quick phrase")
	}
	return r.phrase(), nil
}

// SavePhrase creates a phrase (ID 0) or replaces the shop, owner, group,
// text and sort of an existing one, keeping its uses; ErrNotFound for an
// unknown ID.
func (s *Store) SavePhrase(ctx context.Context, p engine.QuickPhrase, at time.Time) (engine.QuickPhrase, error) {
	at = at.UTC()
	db := s.db.WithContext(ctx)
	if p.ID == 0 {
		r := phraseRow{ShopID: p.ShopID, AgentID: p.AgentID, GroupName: p.Group, Text: p.Text, Sort: p.Sort,
			CreatedAt: at, UpdatedAt: at}
		if err := db.Create(&r).Error; err != nil {
			return engine.QuickPhrase{}, fmt.Errorf("store: create quick phrase: %w", err)
		}
		return r.phrase(), nil
	}
	var out phraseRow
	err := db.Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&phraseRow{}).Where("id = ?", p.ID).Updates(map[string]any{
			"shop_id": p.ShopID, "agent_id": p.AgentID, "group_name": p.Group, "text": p.Text,
			"sort": p.Sort, "updated_at": at,
		})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		return tx.First(&out, p.ID).Error
	})
	if err != nil {
		return engine.QuickPhrase{}, fmt.Errorf("store: save quick phrase %d: %w", p.ID, err)
	}
	return out.phrase(), nil
}

// DeletePhrase deletes a phrase; ErrNotFound for an unknown ID.
func (s *Store) DeletePhrase(ctx context.Context, id int64) error {
	res := s.db.WithContext(ctx).Delete(&phraseRow{}, id)
	switch {
	case res.Error != nil:
		return fmt.Errorf("store: delete quick phrase: %w", res.Error)
	case res.RowsAffected == 0:
		return fmt.Errorf("store: delete quick phrase %d: %w", id, ErrNotFound)
	}
	return nil
}

// MarkPhraseUsed adds one to a phrase's uses; ErrNotFound for an unknown ID.
func (s *Store) MarkPhraseUsed(ctx context.Context, id int64) error {
	res := s.db.WithContext(ctx).Exec(`UPDATE quick_phrases SET uses = uses + 1 WHERE id = ?`, id)
	switch {
	case res.Error != nil:
		return fmt.Errorf("store: use quick phrase: %w", res.Error)
	case res.RowsAffected == 0:
		return fmt.Errorf("store: use quick phrase %d: %w", id, ErrNotFound)
	}
	return nil
}

// phrasesSeededKey is the meta row recording that a shop got its preset phrases.
func phrasesSeededKey(shopID int64) string { return "phrases_seeded:" + strconv.FormatInt(shopID, 10) }

// SeedPhrases stores shop-wide phrases for a shop, in one transaction, the
// first time it is called for the shop and only if the shop has no phrase
// yet; later calls store nothing, even once the shop's phrases are all
// deleted. It returns how many phrases it stored.
func (s *Store) SeedPhrases(ctx context.Context, shopID int64, ps []engine.QuickPhrase, at time.Time) (int, error) {
	at = at.UTC()
	n := 0
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Exec(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`,
			phrasesSeededKey(shopID), at.Format(time.RFC3339))
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		var have int64
		if err := tx.Model(&phraseRow{}).Where("shop_id = ?", shopID).Count(&have).Error; err != nil {
			return err
		}
		if have > 0 || len(ps) == 0 {
			return nil
		}
		rows := make([]phraseRow, len(ps))
		for i, p := range ps {
			rows[i] = phraseRow{ShopID: shopID, GroupName: p.Group, Text: p.Text, Sort: p.Sort, CreatedAt: at, UpdatedAt: at}
		}
		if err := tx.Create(&rows).Error; err != nil {
			return err
		}
		n = len(rows)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: seed quick phrases: %w", err)
	}
	return n, nil
}
