package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"replydesk/engine"
)

var _ engine.SettingsStore = (*Store)(nil)

// ShopSettingValues returns every stored shop setting by shop and key, and
// the settings' change sequence they are as of (read in one transaction).
func (s *Store) ShopSettingValues(ctx context.Context) (map[int64]map[string]string, int64, error) {
	out := map[int64]map[string]string{}
	var seq int64
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var rows []struct {
			ShopID int64
			Key    string
			Value  string
		}
		if err := tx.Raw(`SELECT shop_id, key, value FROM shop_settings`).Scan(&rows).Error; err != nil {
			return err
		}
		for _, r := range rows {
			if out[r.ShopID] == nil {
				out[r.ShopID] = map[string]string{}
			}
			out[r.ShopID][r.Key] = r.Value
		}
		return tx.Raw(`SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'settings_seq'`).Scan(&seq).Error
	})
	if err != nil {
		return nil, 0, fmt.Errorf("store: shop settings: %w", err)
	}
	return out, seq, nil
}

// SetShopSettings stores a shop's values (replacing those of the same keys)
// and advances the settings' change sequence, in one transaction.
// ErrNotFound for an unknown shop, and then nothing changes.
func (s *Store) SetShopSettings(ctx context.Context, shopID int64, values map[string]string) error {
	now := time.Now().UTC()
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.First(&shopRow{}, shopID).Error; err != nil {
			return notFound(err, "shop")
		}
		for k, v := range values {
			if err := tx.Exec(`INSERT INTO shop_settings (shop_id, key, value, updated_at) VALUES (?, ?, ?, ?)
ON CONFLICT (shop_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`, shopID, k, v, now).Error; err != nil {
				return err
			}
		}
		return tx.Exec(`UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'settings_seq'`).Error
	})
	if err != nil {
		if errors.Is(err, ErrNotFound) {
			return err
		}
		return fmt.Errorf("store: set shop settings: %w", err)
	}
	return nil
}

// SettingsSeq returns the settings' change sequence.
func (s *Store) SettingsSeq(ctx context.Context) (int64, error) {
	var seq int64
	if err := s.db.WithContext(ctx).Raw(`SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'settings_seq'`).Scan(&seq).Error; err != nil {
		return 0, fmt.Errorf("store: settings seq: %w", err)
	}
	return seq, nil
}
