package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"replydesk/engine"
)

var _ engine.Buyers = (*Store)(nil)

// buyerNotesRow is a buyer with the agents' notes (migration 6) and its shop.
type buyerNotesRow struct {
	ID         int64
	ShopID     int64
	ExternalID string
	Name       string
	Tags       string
	Note       string
	FollowUp   bool
	CreatedAt  time.Time
	UpdatedAt  *time.Time
	ShopName   string
	Platform   string
}

func (r buyerNotesRow) buyer() engine.Buyer {
	b := engine.Buyer{ID: r.ID, ShopID: r.ShopID, ExternalID: r.ExternalID, Name: r.Name, Note: r.Note, FollowUp: r.FollowUp}
	_ = json.Unmarshal([]byte(r.Tags), &b.Tags) // written by UpdateBuyerNotes only
	return b
}

// BuyerProfile returns a buyer's profile: the buyer with its notes, its shop,
// when it was first seen, how many conversations it had, its newest
// maxOrders orders (newest first) and the count and totals of all its
// orders. ErrNotFound when the buyer does not exist.
func (s *Store) BuyerProfile(ctx context.Context, buyerID int64, maxOrders int) (engine.BuyerProfile, error) {
	db := s.db.WithContext(ctx)
	var r buyerNotesRow
	res := db.Raw(`SELECT b.id, b.shop_id, b.external_id, b.name, b.tags, b.note, b.follow_up, b.created_at,
	b.updated_at, s.name AS shop_name, s.platform
FROM buyers b JOIN shops s ON s.id = b.shop_id WHERE b.id = ?`, buyerID).Scan(&r)
	switch {
	case res.Error != nil:
		return engine.BuyerProfile{}, fmt.Errorf("store: buyer profile: %w", res.Error)
	case res.RowsAffected == 0:
		return engine.BuyerProfile{}, fmt.Errorf("store: buyer profile %d: %w", buyerID, ErrNotFound)
	}
	p := engine.BuyerProfile{
		Buyer: r.buyer(), ShopName: r.ShopName, Platform: r.Platform, FirstSeen: r.CreatedAt,
		Orders: []engine.Order{}, Totals: []engine.Money{},
	}
	if r.UpdatedAt != nil {
		p.UpdatedAt = *r.UpdatedAt
	}
	var count int64
	if err := db.Raw(`SELECT COUNT(*) FROM conversations WHERE buyer_id = ?`, buyerID).Scan(&count).Error; err != nil {
		return engine.BuyerProfile{}, fmt.Errorf("store: buyer profile: %w", err)
	}
	p.Conversations = int(count)
	// A conversation imported from a file may be older than the buyer row.
	var first []time.Time
	if err := db.Raw(`SELECT started_at FROM conversations WHERE buyer_id = ? ORDER BY started_at LIMIT 1`, buyerID).Scan(&first).Error; err != nil {
		return engine.BuyerProfile{}, fmt.Errorf("store: buyer profile: %w", err)
	}
	if len(first) == 1 && first[0].Before(p.FirstSeen) {
		p.FirstSeen = first[0]
	}
	var totals []struct {
		Currency string
		N        int64
		Sum      int64
	}
	if err := db.Raw(`SELECT currency, COUNT(*) AS n, COALESCE(SUM(amount_cents), 0) AS sum FROM orders
WHERE buyer_id = ? GROUP BY currency ORDER BY currency`, buyerID).Scan(&totals).Error; err != nil {
		return engine.BuyerProfile{}, fmt.Errorf("store: buyer profile: %w", err)
	}
	for _, t := range totals {
		p.OrderCount += int(t.N)
		p.Totals = append(p.Totals, engine.Money{Currency: t.Currency, AmountCents: t.Sum})
	}
	if maxOrders > 0 && p.OrderCount > 0 {
		var rows []orderRow
		if err := db.Raw(`SELECT * FROM orders WHERE buyer_id = ? ORDER BY created_at DESC, id DESC LIMIT ?`,
			buyerID, maxOrders).Scan(&rows).Error; err != nil {
			return engine.BuyerProfile{}, fmt.Errorf("store: buyer profile: %w", err)
		}
		for _, o := range rows {
			p.Orders = append(p.Orders, o.order())
		}
	}
	return p, nil
}

// UpdateBuyerNotes replaces a buyer's tags, note and follow-up flag, saved at
// at, and returns the buyer. The notes must have been checked
// (engine.CheckBuyerNotes). ErrNotFound when the buyer does not exist.
func (s *Store) UpdateBuyerNotes(ctx context.Context, buyerID int64, n engine.BuyerNotes, at time.Time) (engine.Buyer, error) {
	tags := n.Tags
	if tags == nil {
		tags = []string{}
	}
	enc, err := json.Marshal(tags)
	if err != nil {
		return engine.Buyer{}, fmt.Errorf("store: update buyer notes: %w", err)
	}
	var r buyerNotesRow
	res := s.db.WithContext(ctx).Raw(`UPDATE buyers SET tags = ?, note = ?, follow_up = ?, updated_at = ? WHERE id = ?
RETURNING id, shop_id, external_id, name, tags, note, follow_up, created_at, updated_at`,
		string(enc), n.Note, n.FollowUp, at.UTC(), buyerID).Scan(&r)
	switch {
	case res.Error != nil:
		return engine.Buyer{}, fmt.Errorf("store: update buyer notes: %w", res.Error)
	case res.RowsAffected == 0:
		return engine.Buyer{}, fmt.Errorf("store: update buyer notes %d: %w", buyerID, ErrNotFound)
	}
	return r.buyer(), nil
}
