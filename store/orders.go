package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"replydesk/engine"
)

type orderRow struct {
	ID            int64
	ShopID        int64
	BuyerID       int64
	ExternalID    string
	Status        string
	AmountCents   int64
	Currency      string
	Items         string
	PromiseShipAt *time.Time
	Courier       string
	TrackingNo    string
	Address       string
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// orderColumns are orderRow's columns of orders o, in scanRow's order.
const orderColumns = `o.id, o.shop_id, o.buyer_id, o.external_id, o.status, o.amount_cents, o.currency, o.items,
       o.promise_ship_at, o.courier, o.tracking_no, o.address, o.created_at, o.updated_at`

func (r *orderRow) scanRow(rows *sql.Rows) error {
	return rows.Scan(&r.ID, &r.ShopID, &r.BuyerID, &r.ExternalID, &r.Status, &r.AmountCents, &r.Currency, &r.Items,
		&r.PromiseShipAt, &r.Courier, &r.TrackingNo, &r.Address, &r.CreatedAt, &r.UpdatedAt)
}

func (r orderRow) order() engine.Order {
	o := engine.Order{
		ID: r.ExternalID, ShopID: r.ShopID, BuyerID: r.BuyerID, Status: engine.OrderStatus(r.Status),
		AmountCents: r.AmountCents, Currency: r.Currency, Courier: r.Courier, TrackingNo: r.TrackingNo,
		Address: r.Address, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, Items: []engine.OrderItem{},
	}
	if r.PromiseShipAt != nil {
		o.PromiseShipAt = r.PromiseShipAt.UTC()
	}
	_ = json.Unmarshal([]byte(r.Items), &o.Items) // written by UpsertOrders only
	return o
}

// UpsertOrders stores orders of a shop's buyer in one transaction, creating
// the buyer (named name) if the shop does not know it yet. An order is known
// by the shop's order number: one stored before is replaced (and moves to
// this buyer if it was another's). The orders must have been checked
// (engine.CheckOrders). It returns the orders as stored, in the same order;
// ErrNotFound when the shop does not exist.
func (s *Store) UpsertOrders(ctx context.Context, shopID int64, buyerExternalID, buyerName string, orders []engine.Order, at time.Time) ([]engine.Order, error) {
	at = at.UTC()
	out := make([]engine.Order, len(orders))
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.First(&shopRow{}, shopID).Error; err != nil {
			return notFound(err, "shop")
		}
		buyerID, err := ensureBuyer(tx, shopID, buyerExternalID, buyerName, at)
		if err != nil {
			return err
		}
		for i, o := range orders {
			r, err := upsertOrder(tx, shopID, buyerID, o, at)
			if err != nil {
				return err
			}
			out[i] = r.order()
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: upsert orders: %w", err)
	}
	return out, nil
}

// upsertOrder stores one checked order of a buyer in tx, replacing the
// shop's order with the same number, and returns the row as stored.
func upsertOrder(tx *gorm.DB, shopID, buyerID int64, o engine.Order, at time.Time) (orderRow, error) {
	items, err := json.Marshal(o.Items)
	if err != nil {
		return orderRow{}, err
	}
	if o.Items == nil {
		items = []byte("[]")
	}
	var promise *time.Time
	if !o.PromiseShipAt.IsZero() {
		p := o.PromiseShipAt.UTC()
		promise = &p
	}
	var r orderRow
	err = tx.Raw(`INSERT INTO orders (shop_id, buyer_id, external_id, status, amount_cents, currency, items,
	promise_ship_at, courier, tracking_no, address, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (shop_id, external_id) DO UPDATE SET buyer_id = excluded.buyer_id, status = excluded.status,
	amount_cents = excluded.amount_cents, currency = excluded.currency, items = excluded.items,
	promise_ship_at = excluded.promise_ship_at, courier = excluded.courier, tracking_no = excluded.tracking_no,
	address = excluded.address, updated_at = excluded.updated_at
RETURNING *`, shopID, buyerID, o.ID, string(o.Status), o.AmountCents, o.Currency, string(items),
		promise, o.Courier, o.TrackingNo, o.Address, at, at).Scan(&r).Error
	return r, err
}

// ensureBuyer returns the ID of the shop's buyer known by externalID,
// creating it (or renaming it, when name is given and differs).
func ensureBuyer(tx *gorm.DB, shopID int64, externalID, name string, at time.Time) (int64, error) {
	b := buyerRow{ShopID: shopID, ExternalID: externalID}
	err := tx.Where(&b).First(&b).Error
	switch {
	case errors.Is(err, gorm.ErrRecordNotFound):
		b.Name, b.CreatedAt = name, at
		err = tx.Create(&b).Error
	case err == nil && name != "" && name != b.Name:
		err = tx.Model(&b).Update("name", name).Error
	}
	return b.ID, err
}

// BuyerOrders returns the orders of the shop's buyer known by externalID,
// latest changed first; none when the buyer is unknown.
func (s *Store) BuyerOrders(ctx context.Context, shopID int64, externalID string) ([]engine.Order, error) {
	// Read on every suggestion (the order context): a prepared statement,
	// the rows scanned in column order.
	rows, err := queryRows[orderRow](ctx, s, `SELECT `+orderColumns+` FROM orders o JOIN buyers b ON b.id = o.buyer_id
WHERE b.shop_id = ? AND b.external_id = ? ORDER BY o.updated_at DESC, o.id DESC`, shopID, externalID)
	if err != nil {
		return nil, fmt.Errorf("store: buyer orders: %w", err)
	}
	out := make([]engine.Order, len(rows))
	for i, r := range rows {
		out[i] = r.order()
	}
	return out, nil
}

// Order returns one of a shop's orders by the shop's order number, or ErrNotFound.
func (s *Store) Order(ctx context.Context, shopID int64, id string) (engine.Order, error) {
	var r orderRow
	res := s.db.WithContext(ctx).Raw(`SELECT * FROM orders WHERE shop_id = ? AND external_id = ?`, shopID, id).Scan(&r)
	switch {
	case res.Error != nil:
		return engine.Order{}, fmt.Errorf("store: order: %w", res.Error)
	case res.RowsAffected == 0:
		return engine.Order{}, fmt.Errorf("store: order %q: %w", id, ErrNotFound)
	}
	return r.order(), nil
}
