package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"replydesk/engine"
)

var _ engine.HistoryStore = (*Store)(nil)

// historySelect reads messages in a time range through messages_created
// (created_at, conversation_id), so that an export of a few days does not
// scan every message; the rows of the range are then sorted by
// conversation and time. The joins are CROSS JOINs with their conditions in
// WHERE: plain SQL any database runs, which SQLite takes as the order of
// the loops — messages of the range first, even when a shop is named
// (otherwise it walks every conversation of the shop).
const historySelect = `
SELECT m.conversation_id, c.shop_id, s.name, b.external_id, b.name, m.sender, m.type, m.text, m.payload,
       m.entry_id, m.source, m.created_at
FROM messages m
CROSS JOIN conversations c
CROSS JOIN buyers b
CROSS JOIN shops s
WHERE c.id = m.conversation_id AND b.id = c.buyer_id AND s.id = c.shop_id
  AND m.created_at >= ? AND m.created_at < ?`

// historyQuery is the query of HistoryMessages and its arguments.
func historyQuery(r engine.HistoryRange) (string, []any) {
	q := historySelect
	args := []any{r.From.UTC(), r.To.UTC()}
	if r.ShopID != 0 {
		q += ` AND c.shop_id = ?`
		args = append(args, r.ShopID)
	}
	return q + ` ORDER BY m.conversation_id, m.created_at, m.id`, args
}

// HistoryMessages calls fn for every message of a shop (every shop when
// r.ShopID is 0) sent in [r.From, r.To), ordered by conversation, time and
// ID, reading them one at a time. It stops at fn's first error and returns
// it.
func (s *Store) HistoryMessages(ctx context.Context, r engine.HistoryRange, fn func(engine.HistoryMessage) error) error {
	q, args := historyQuery(r)
	sqlDB, err := s.db.DB()
	if err != nil {
		return fmt.Errorf("store: history: %w", err)
	}
	rows, err := sqlDB.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("store: history: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var m engine.HistoryMessage
		var sender, typ string
		if err := rows.Scan(&m.ConversationID, &m.ShopID, &m.ShopName, &m.BuyerExternalID, &m.BuyerName,
			&sender, &typ, &m.Text, &m.Payload, &m.EntryID, &m.Source, &m.CreatedAt); err != nil {
			return fmt.Errorf("store: history: %w", err)
		}
		m.Sender, m.Type = engine.Sender(sender), engine.MessageType(typ)
		if err := fn(m); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: history: %w", err)
	}
	return nil
}

// importedMessageRow is a message with the columns an import sets.
type importedMessageRow struct {
	ID             int64
	ConversationID int64
	Sender         string
	Type           string
	Text           string
	Source         string
	CreatedAt      time.Time
}

func (importedMessageRow) TableName() string { return "messages" }

// importedBuyer is what an import knows of a buyer's imported history: the
// keys of its imported messages and its imported conversations by start.
type importedBuyer struct {
	id       int64
	messages map[string]bool
	started  map[string]int64
}

func messageKey(sender engine.Sender, at time.Time, text string) string {
	return string(sender) + "\x00" + at.UTC().Format(time.RFC3339Nano) + "\x00" + text
}

func loadImportedBuyer(tx *gorm.DB, buyerID int64) (*importedBuyer, error) {
	b := &importedBuyer{id: buyerID, messages: map[string]bool{}, started: map[string]int64{}}
	var msgs []struct {
		Sender    string
		CreatedAt time.Time
		Text      string
	}
	err := tx.Raw(`SELECT m.sender, m.created_at, m.text FROM messages m JOIN conversations c ON c.id = m.conversation_id
WHERE c.buyer_id = ? AND m.source = ?`, buyerID, engine.SourceImport).Scan(&msgs).Error
	if err != nil {
		return nil, err
	}
	for _, m := range msgs {
		b.messages[messageKey(engine.Sender(m.Sender), m.CreatedAt, m.Text)] = true
	}
	var convs []struct {
		ID        int64
		StartedAt time.Time
	}
	err = tx.Raw(`SELECT id, started_at FROM conversations WHERE buyer_id = ? AND close_reason = ?`, buyerID, engine.ClosedImported).Scan(&convs).Error
	if err != nil {
		return nil, err
	}
	for _, c := range convs {
		b.started[c.StartedAt.UTC().Format(time.RFC3339Nano)] = c.ID
	}
	return b, nil
}

// ImportConversations stores checked conversations of a shop in one
// transaction as closed history (see engine.HistoryStore). A message the
// buyer's imported history holds already (same sender, time and text) is
// skipped; the rest of a conversation whose first message was imported
// before is added to that conversation. ErrNotFound for an unknown shop.
func (s *Store) ImportConversations(ctx context.Context, shopID int64, convs []engine.ImportedConversation) (engine.ChatImportResult, error) {
	var res engine.ChatImportResult
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.First(&shopRow{}, shopID).Error; err != nil {
			return notFound(err, "shop")
		}
		buyers := map[string]*importedBuyer{}
		touched := map[int64]bool{}
		for _, c := range convs {
			if len(c.Messages) == 0 {
				continue
			}
			first := c.Messages[0]
			b := buyers[c.BuyerExternalID]
			if b == nil {
				id, err := ensureBuyer(tx, shopID, c.BuyerExternalID, c.BuyerName, first.At)
				if err != nil {
					return err
				}
				if b, err = loadImportedBuyer(tx, id); err != nil {
					return err
				}
				buyers[c.BuyerExternalID] = b
			} else if c.BuyerName != "" {
				if _, err := ensureBuyer(tx, shopID, c.BuyerExternalID, c.BuyerName, first.At); err != nil {
					return err
				}
			}
			var fresh []engine.ImportedMessage
			for _, m := range c.Messages {
				k := messageKey(m.Sender, m.At, m.Text)
				if b.messages[k] {
					res.Skipped++
					continue
				}
				b.messages[k] = true
				fresh = append(fresh, m)
			}
			if len(fresh) == 0 {
				continue
			}
			touched[b.id] = true
			start := first.At.UTC().Format(time.RFC3339Nano)
			convID, found := b.started[start]
			if !found {
				// A new conversation holds just these messages, oldest first:
				// its summary is known without reading them back. As in a live
				// conversation, agents' notes leave the summary.
				end := fresh[len(fresh)-1]
				last := end
				for i := len(fresh) - 1; i >= 0; i-- {
					if fresh[i].Sender != engine.SenderSystem {
						last = fresh[i]
						break
					}
				}
				row := conversationRow{
					ShopID: shopID, BuyerID: b.id, Status: string(engine.StatusClosed), State: string(engine.StateClosed),
					LastText: preview(last.Text), LastSender: string(last.Sender), LastAt: last.At.UTC(),
					StartedAt: first.At.UTC(), ClosedAt: ptr(end.At.UTC()), CloseReason: string(engine.ClosedImported),
				}
				for _, m := range fresh {
					if m.Sender == engine.SenderBuyer {
						row.LastBuyerAt = ptr(m.At.UTC())
					}
				}
				if err := tx.Create(&row).Error; err != nil {
					return err
				}
				convID = row.ID
				b.started[start] = convID
				res.Conversations++
			}
			rows := make([]importedMessageRow, len(fresh))
			for i, m := range fresh {
				rows[i] = importedMessageRow{ConversationID: convID, Sender: string(m.Sender), Type: string(engine.MessageText),
					Text: m.Text, Source: engine.SourceImport, CreatedAt: m.At.UTC()}
			}
			if err := tx.CreateInBatches(rows, 500).Error; err != nil {
				return err
			}
			res.Messages += len(rows)
			if err := importRatings(tx, shopID, convID, fresh, rows); err != nil {
				return err
			}
			if found {
				if err := summarizeImported(tx, convID); err != nil {
					return err
				}
				if err := refold(tx, shopID, convID); err != nil {
					return err
				}
				continue
			}
			msgs := make([]factMessage, len(fresh))
			score := 0
			for i, m := range fresh {
				msgs[i] = factMessage{ID: rows[i].ID, Sender: m.Sender, At: m.At.UnixMilli()}
				switch r := m.Rating; {
				case r != nil && r.Score > 0:
					score = r.Score
				case r != nil:
					msgs[i].Solved = &r.Solved
				}
			}
			f, turns := foldFacts(msgs, score)
			if err := writeFacts(tx, shopID, convID, f, turns); err != nil {
				return err
			}
		}
		res.Buyers = len(touched)
		return nil
	})
	if err != nil {
		return engine.ChatImportResult{}, fmt.Errorf("store: import conversations: %w", err)
	}
	return res, nil
}

func ptr[T any](v T) *T { return &v }

// summarizeImported sets an imported conversation's last message (agents'
// notes aside, as in a live conversation), the buyer's last message and
// its closing time from its messages.
func summarizeImported(tx *gorm.DB, convID int64) error {
	var msgs []struct {
		Sender    string
		Text      string
		CreatedAt time.Time
	}
	err := tx.Raw(`SELECT sender, text, created_at FROM messages WHERE conversation_id = ? ORDER BY created_at DESC, id DESC`, convID).Scan(&msgs).Error
	if err != nil || len(msgs) == 0 {
		return err
	}
	last := msgs[0]
	for _, m := range msgs {
		if m.Sender != string(engine.SenderSystem) {
			last = m
			break
		}
	}
	changes := map[string]any{
		"last_text": preview(last.Text), "last_sender": last.Sender, "last_at": last.CreatedAt.UTC(), "closed_at": msgs[0].CreatedAt.UTC(),
		"last_buyer_at": gorm.Expr(`(SELECT MAX(created_at) FROM messages WHERE conversation_id = ? AND sender = ?)`, convID, engine.SenderBuyer),
	}
	return tx.Model(&conversationRow{ID: convID}).Updates(changes).Error
}

// ImportOrders upserts checked orders of a shop's buyers in one
// transaction, creating (or renaming) the buyers; see UpsertOrders. It
// counts orders created and updated. ErrNotFound for an unknown shop.
func (s *Store) ImportOrders(ctx context.Context, shopID int64, batches []engine.BuyerOrders, at time.Time) (engine.OrderImportResult, error) {
	at = at.UTC()
	var res engine.OrderImportResult
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.First(&shopRow{}, shopID).Error; err != nil {
			return notFound(err, "shop")
		}
		for _, b := range batches {
			buyerID, err := ensureBuyer(tx, shopID, b.BuyerExternalID, b.BuyerName, at)
			if err != nil {
				return err
			}
			for _, o := range b.Orders {
				var n int64
				if err := tx.Raw(`SELECT COUNT(*) FROM orders WHERE shop_id = ? AND external_id = ?`, shopID, o.ID).Scan(&n).Error; err != nil {
					return err
				}
				if _, err := upsertOrder(tx, shopID, buyerID, o, at); err != nil {
					return err
				}
				if n > 0 {
					res.Updated++
				} else {
					res.Created++
				}
			}
		}
		res.Buyers = len(batches)
		return nil
	})
	if err != nil {
		return engine.OrderImportResult{}, fmt.Errorf("store: import orders: %w", err)
	}
	return res, nil
}
