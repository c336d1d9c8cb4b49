package store

import (
	"context"
	"fmt"
	"time"

	"replydesk/engine"
)

type shopRow struct {
	ID        int64
	Name      string
	Platform  string
	Locale    string
	CreatedAt time.Time
}

func (shopRow) TableName() string { return "shops" }

func (r shopRow) shop() engine.Shop {
	return engine.Shop{ID: r.ID, Name: r.Name, Platform: r.Platform, Locale: r.Locale}
}

// CreateShop stores a new shop and returns it with its ID.
func (s *Store) CreateShop(ctx context.Context, sh engine.Shop) (engine.Shop, error) {
	r := shopRow{Name: sh.Name, Platform: sh.Platform, Locale: sh.Locale, CreatedAt: time.Now().UTC()}
	if err := s.db.WithContext(ctx).Create(&r).Error; err != nil {
		return engine.Shop{}, fmt.Errorf("store: create shop: %w", err)
	}
	return r.shop(), nil
}

// Shops lists every shop in the order they were created.
func (s *Store) Shops(ctx context.Context) ([]engine.Shop, error) {
	var rows []shopRow
	if err := s.db.WithContext(ctx).Order("id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: list shops: %w", err)
	}
	out := make([]engine.Shop, len(rows))
	for i, r := range rows {
		out[i] = r.shop()
	}
	return out, nil
}

// Shop returns one shop, or ErrNotFound.
func (s *Store) Shop(ctx context.Context, id int64) (engine.Shop, error) {
	var r shopRow
	if err := s.db.WithContext(ctx).First(&r, id).Error; err != nil {
		return engine.Shop{}, notFound(err, "shop")
	}
	return r.shop(), nil
}
