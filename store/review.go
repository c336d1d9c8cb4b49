package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"replydesk/engine"
)

var _ engine.ReviewStore = (*Store)(nil)

// reviewRow is a row of review_items.
type reviewRow struct {
	ID             int64
	ShopID         int64
	Kind           string
	RefID          int64
	ConversationID int64
	MessageID      int64
	EntryID        int64
	Reason         string
	Text           string
	Question       string
	Answer         string
	Payload        jsonCol[map[string]string]
	Status         string
	CreatedBy      string
	CreatedAt      time.Time
	ClosedBy       string
	ClosedAt       *time.Time
}

func (reviewRow) TableName() string { return "review_items" }

// reviewView is a review item with what the queue shows beside it.
type reviewView struct {
	ID             int64
	ShopID         int64
	Kind           string
	RefID          int64
	ConversationID int64
	MessageID      int64
	EntryID        int64
	Reason         string
	Text           string
	Question       string
	Answer         string
	Payload        jsonCol[map[string]string]
	Status         string
	CreatedBy      string
	CreatedAt      time.Time
	ClosedBy       string
	ClosedAt       *time.Time
	EntryQuestion  string
	EntryAnswers   jsonCol[[]engine.Answer]
	BuyerName      string
}

func (r reviewView) item() engine.ReviewItem {
	it := engine.ReviewItem{
		ID: r.ID, ShopID: r.ShopID, Kind: engine.ReviewKind(r.Kind), RefID: r.RefID, ConversationID: r.ConversationID,
		MessageID: r.MessageID, EntryID: r.EntryID, Reason: r.Reason, Text: r.Text, Question: r.Question, Answer: r.Answer,
		EntryQuestion: r.EntryQuestion, BuyerName: r.BuyerName, Payload: r.Payload.V, Status: engine.ReviewStatus(r.Status),
		CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt.UTC(), ClosedBy: r.ClosedBy,
	}
	if len(r.EntryAnswers.V) > 0 {
		it.EntryAnswer = r.EntryAnswers.V[0].Text
	}
	if r.ClosedAt != nil {
		at := r.ClosedAt.UTC()
		it.ClosedAt = &at
	}
	return it
}

const reviewSelect = `SELECT i.*, COALESCE(e.question, '') AS entry_question, COALESCE(e.answers, '[]') AS entry_answers,
       COALESCE(b.name, '') AS buyer_name
FROM review_items i
LEFT JOIN kb_entries e ON e.id = i.entry_id
LEFT JOIN conversations c ON c.id = i.conversation_id
LEFT JOIN buyers b ON b.id = c.buyer_id`

// SyncRatings brings a shop's unsolved ratings of robot replies into the
// review queue (one item per rating, with the buyer's message before the
// reply and the reply), and dismisses the open items whose rating was
// changed to solved since.
func (s *Store) SyncRatings(ctx context.Context, shopID int64, at time.Time) error {
	db := s.db.WithContext(ctx)
	err := db.Exec(`INSERT INTO review_items (shop_id, kind, ref_id, conversation_id, message_id, entry_id, reason, text,
	question, answer, created_by, created_at)
SELECT r.shop_id, ?, r.id, r.conversation_id, r.reply_id, r.entry_id, r.reason, r.text,
	COALESCE((SELECT q.text FROM messages q WHERE q.conversation_id = r.conversation_id AND q.id < r.reply_id
		AND q.sender = ? ORDER BY q.id DESC LIMIT 1), ''),
	COALESCE(m.text, ''), '', r.rated_at
FROM ratings r LEFT JOIN messages m ON m.id = r.reply_id
WHERE r.shop_id = ? AND r.reply_id > 0 AND r.solved = ?
  AND NOT EXISTS (SELECT 1 FROM review_items i WHERE i.kind = ? AND i.ref_id = r.id)`,
		engine.ReviewRating, engine.SenderBuyer, shopID, false, engine.ReviewRating).Error
	if err != nil {
		return fmt.Errorf("store: sync ratings: %w", err)
	}
	err = db.Exec(`UPDATE review_items SET status = ?, closed_at = ? WHERE shop_id = ? AND kind = ? AND status = ?
  AND ref_id IN (SELECT id FROM ratings WHERE shop_id = ? AND solved = ?)`,
		engine.ReviewDismissed, at.UTC(), shopID, engine.ReviewRating, engine.ReviewOpen, shopID, true).Error
	if err != nil {
		return fmt.Errorf("store: sync ratings: %w", err)
	}
	return nil
}

// AddReviewItem stores a review item; an open report of the same message
// and entry is updated instead (its reason, text, answer, who and when).
func (s *Store) AddReviewItem(ctx context.Context, it engine.ReviewItem) (engine.ReviewItem, error) {
	row := reviewRow{
		ShopID: it.ShopID, Kind: string(it.Kind), RefID: it.RefID, ConversationID: it.ConversationID, MessageID: it.MessageID,
		EntryID: it.EntryID, Reason: it.Reason, Text: it.Text, Question: it.Question, Answer: it.Answer,
		Payload: jsonCol[map[string]string]{it.Payload}, Status: string(engine.ReviewOpen), CreatedBy: it.CreatedBy,
		CreatedAt: it.CreatedAt.UTC(),
	}
	if row.Payload.V == nil {
		row.Payload.V = map[string]string{}
	}
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if it.Kind == engine.ReviewReport {
			var old reviewRow
			err := tx.Where("kind = ? AND status = ? AND conversation_id = ? AND message_id = ? AND entry_id = ?",
				it.Kind, engine.ReviewOpen, it.ConversationID, it.MessageID, it.EntryID).First(&old).Error
			if err == nil {
				row.ID = old.ID
				return tx.Model(&reviewRow{}).Where("id = ?", old.ID).Updates(map[string]any{
					"reason": row.Reason, "text": row.Text, "answer": row.Answer, "created_by": row.CreatedBy, "created_at": row.CreatedAt,
				}).Error
			}
			if !errors.Is(err, gorm.ErrRecordNotFound) {
				return err
			}
		}
		return tx.Create(&row).Error
	})
	if err != nil {
		return engine.ReviewItem{}, fmt.Errorf("store: add review item: %w", err)
	}
	return s.ReviewItem(ctx, row.ID)
}

// ReviewItems lists up to limit of a shop's review items in a status (""
// for all), newest first.
func (s *Store) ReviewItems(ctx context.Context, shopID int64, status engine.ReviewStatus, limit int) ([]engine.ReviewItem, error) {
	q := reviewSelect + ` WHERE i.shop_id = ?`
	args := []any{shopID}
	if status != "" {
		q += ` AND i.status = ?`
		args = append(args, status)
	}
	q += ` ORDER BY i.created_at DESC, i.id DESC LIMIT ?`
	var rows []reviewView
	if err := s.db.WithContext(ctx).Raw(q, append(args, limit)...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: review items: %w", err)
	}
	out := make([]engine.ReviewItem, len(rows))
	for i, r := range rows {
		out[i] = r.item()
	}
	return out, nil
}

// CountReviewItems counts a shop's open review items (after SyncRatings).
func (s *Store) CountReviewItems(ctx context.Context, shopID int64) (int, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&reviewRow{}).Where("shop_id = ? AND status = ?", shopID, engine.ReviewOpen).Count(&n).Error
	if err != nil {
		return 0, fmt.Errorf("store: count review items: %w", err)
	}
	return int(n), nil
}

// ReviewItem returns one review item; ErrNotFound.
func (s *Store) ReviewItem(ctx context.Context, id int64) (engine.ReviewItem, error) {
	var rows []reviewView
	if err := s.db.WithContext(ctx).Raw(reviewSelect+` WHERE i.id = ?`, id).Scan(&rows).Error; err != nil {
		return engine.ReviewItem{}, fmt.Errorf("store: review item: %w", err)
	}
	if len(rows) == 0 {
		return engine.ReviewItem{}, fmt.Errorf("store: review item %d: %w", id, ErrNotFound)
	}
	return rows[0].item(), nil
}

// CloseReviewItem fixes or dismisses an open item; ErrNotFound, or
// engine.ErrDecided when it is not open.
func (s *Store) CloseReviewItem(ctx context.Context, id int64, status engine.ReviewStatus, by string, at time.Time) (engine.ReviewItem, error) {
	res := s.db.WithContext(ctx).Model(&reviewRow{}).Where("id = ? AND status = ?", id, engine.ReviewOpen).
		Updates(map[string]any{"status": string(status), "closed_by": by, "closed_at": at.UTC()})
	if res.Error != nil {
		return engine.ReviewItem{}, fmt.Errorf("store: close review item: %w", res.Error)
	}
	it, err := s.ReviewItem(ctx, id)
	if err != nil {
		return engine.ReviewItem{}, err
	}
	if res.RowsAffected == 0 {
		return it, fmt.Errorf("store: close review item %d: %w", id, engine.ErrDecided)
	}
	return it, nil
}
