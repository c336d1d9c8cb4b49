package store

import (
	"context"
	"fmt"
)

type synonymRow struct {
	ShopID int64 `gorm:"primaryKey"`
	Groups jsonCol[[][]string]
}

func (synonymRow) TableName() string { return "kb_synonyms" }

// Synonyms returns a shop's synonym groups, none when it has not set any.
func (s *Store) Synonyms(ctx context.Context, shopID int64) ([][]string, error) {
	var rows []synonymRow
	if err := s.db.WithContext(ctx).Where("shop_id = ?", shopID).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: synonyms: %w", err)
	}
	if len(rows) == 0 || rows[0].Groups.V == nil {
		return [][]string{}, nil
	}
	return rows[0].Groups.V, nil
}

// AllSynonyms returns the synonym groups of every shop that has any.
func (s *Store) AllSynonyms(ctx context.Context) (map[int64][][]string, error) {
	var rows []synonymRow
	if err := s.db.WithContext(ctx).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: synonyms: %w", err)
	}
	out := make(map[int64][][]string, len(rows))
	for _, r := range rows {
		out[r.ShopID] = r.Groups.V
	}
	return out, nil
}

// SaveSynonyms replaces a shop's synonym groups.
func (s *Store) SaveSynonyms(ctx context.Context, shopID int64, groups [][]string) error {
	row := synonymRow{ShopID: shopID, Groups: jsonCol[[][]string]{groups}}
	err := s.db.WithContext(ctx).Exec(`INSERT INTO kb_synonyms (shop_id, groups) VALUES (?, ?)
		ON CONFLICT (shop_id) DO UPDATE SET groups = excluded.groups`, row.ShopID, row.Groups).Error
	if err != nil {
		return fmt.Errorf("store: save synonyms: %w", err)
	}
	return nil
}
