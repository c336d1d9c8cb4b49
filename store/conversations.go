package store

import (
	"context"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"replydesk/engine"
)

type buyerRow struct {
	ID         int64
	ShopID     int64
	ExternalID string
	Name       string
	CreatedAt  time.Time
}

func (buyerRow) TableName() string { return "buyers" }

type conversationRow struct {
	ID         int64
	ShopID     int64
	BuyerID    int64
	Status     string
	Unread     int
	LastText   string
	LastSender string
	LastAt     time.Time
	StartedAt  time.Time
}

func (conversationRow) TableName() string { return "conversations" }

type messageRow struct {
	ID             int64
	ConversationID int64
	Sender         string
	Type           string
	Text           string
	EntryID        int64
	CreatedAt      time.Time
}

func (messageRow) TableName() string { return "messages" }

func (r messageRow) message() engine.Message {
	return engine.Message{
		ID: r.ID, ConversationID: r.ConversationID, Sender: engine.Sender(r.Sender),
		Type: engine.MessageType(r.Type), Text: r.Text, EntryID: r.EntryID, CreatedAt: r.CreatedAt,
	}
}

// previewRunes is how much of the last message a conversation row keeps.
const previewRunes = 80

func preview(s string) string {
	if utf8.RuneCountInString(s) <= previewRunes {
		return s
	}
	return string([]rune(s)[:previewRunes]) + "…"
}

var _ engine.Conversations = (*Store)(nil)

// AppendBuyerMessage stores a buyer message in one transaction, creating the
// buyer and opening a conversation when the buyer has none open.
func (s *Store) AppendBuyerMessage(ctx context.Context, shopID int64, externalID, name, text string, at time.Time) (engine.Conversation, engine.Message, error) {
	var conv conversationRow
	var msg messageRow
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var shop shopRow
		if err := tx.First(&shop, shopID).Error; err != nil {
			return notFound(err, "shop")
		}
		buyer := buyerRow{ShopID: shopID, ExternalID: externalID}
		err := tx.Where(&buyer).First(&buyer).Error
		switch {
		case errors.Is(err, gorm.ErrRecordNotFound):
			buyer.Name, buyer.CreatedAt = name, at.UTC()
			if err := tx.Create(&buyer).Error; err != nil {
				return err
			}
		case err != nil:
			return err
		case name != "" && name != buyer.Name:
			if err := tx.Model(&buyer).Update("name", name).Error; err != nil {
				return err
			}
		}
		err = tx.Where("buyer_id = ? AND status = ?", buyer.ID, engine.StatusOpen).Order("id DESC").First(&conv).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			conv = conversationRow{ShopID: shopID, BuyerID: buyer.ID, Status: string(engine.StatusOpen), LastAt: at.UTC(), StartedAt: at.UTC()}
			err = tx.Create(&conv).Error
		}
		if err != nil {
			return err
		}
		msg = messageRow{ConversationID: conv.ID, Sender: string(engine.SenderBuyer), Type: string(engine.MessageText), Text: text, CreatedAt: at.UTC()}
		if err := tx.Create(&msg).Error; err != nil {
			return err
		}
		conv.Unread++
		conv.LastText, conv.LastSender, conv.LastAt = preview(text), msg.Sender, msg.CreatedAt
		return tx.Save(&conv).Error
	})
	if err != nil {
		return engine.Conversation{}, engine.Message{}, fmt.Errorf("store: append buyer message: %w", err)
	}
	c, err := s.Conversation(ctx, conv.ID)
	return c, msg.message(), err
}

// AppendMessage stores a message from the shop's side in a conversation.
func (s *Store) AppendMessage(ctx context.Context, conversationID int64, m engine.Message) (engine.Conversation, engine.Message, error) {
	msg := messageRow{ConversationID: conversationID, Sender: string(m.Sender), Type: string(m.Type), Text: m.Text, EntryID: m.EntryID, CreatedAt: m.CreatedAt.UTC()}
	if msg.Type == "" {
		msg.Type = string(engine.MessageText)
	}
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var conv conversationRow
		if err := tx.First(&conv, conversationID).Error; err != nil {
			return notFound(err, "conversation")
		}
		if err := tx.Create(&msg).Error; err != nil {
			return err
		}
		return tx.Model(&conv).Updates(map[string]any{
			"last_text": preview(msg.Text), "last_sender": msg.Sender, "last_at": msg.CreatedAt,
		}).Error
	})
	if err != nil {
		return engine.Conversation{}, engine.Message{}, fmt.Errorf("store: append message: %w", err)
	}
	c, err := s.Conversation(ctx, conversationID)
	return c, msg.message(), err
}

const conversationSelect = `
SELECT c.id, c.shop_id, s.name AS shop_name, c.buyer_id, b.name AS buyer_name, c.status, c.unread,
       c.last_text, c.last_sender, c.last_at, c.started_at
FROM conversations c JOIN buyers b ON b.id = c.buyer_id JOIN shops s ON s.id = c.shop_id`

type conversationView struct {
	ID         int64
	ShopID     int64
	ShopName   string
	BuyerID    int64
	BuyerName  string
	Status     string
	Unread     int
	LastText   string
	LastSender string
	LastAt     time.Time
	StartedAt  time.Time
}

func (v conversationView) conversation() engine.Conversation {
	return engine.Conversation{
		ID: v.ID, ShopID: v.ShopID, ShopName: v.ShopName, BuyerID: v.BuyerID, BuyerName: v.BuyerName,
		Status: engine.ConversationStatus(v.Status), Unread: v.Unread, LastText: v.LastText,
		LastSender: engine.Sender(v.LastSender), LastAt: v.LastAt, StartedAt: v.StartedAt,
	}
}

// Conversation returns one conversation, or ErrNotFound.
func (s *Store) Conversation(ctx context.Context, id int64) (engine.Conversation, error) {
	var v conversationView
	res := s.db.WithContext(ctx).Raw(conversationSelect+` WHERE c.id = ?`, id).Scan(&v)
	if res.Error != nil {
		return engine.Conversation{}, fmt.Errorf("store: conversation: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return engine.Conversation{}, fmt.Errorf("store: conversation %d: %w", id, ErrNotFound)
	}
	return v.conversation(), nil
}

// Conversations lists every conversation, newest activity first.
func (s *Store) Conversations(ctx context.Context) ([]engine.Conversation, error) {
	var vs []conversationView
	if err := s.db.WithContext(ctx).Raw(conversationSelect + ` ORDER BY c.last_at DESC, c.id DESC`).Scan(&vs).Error; err != nil {
		return nil, fmt.Errorf("store: conversations: %w", err)
	}
	out := make([]engine.Conversation, len(vs))
	for i, v := range vs {
		out[i] = v.conversation()
	}
	return out, nil
}

// Messages returns a conversation's messages, oldest first; ErrNotFound when
// the conversation does not exist.
func (s *Store) Messages(ctx context.Context, conversationID int64) ([]engine.Message, error) {
	if _, err := s.Conversation(ctx, conversationID); err != nil {
		return nil, err
	}
	var rows []messageRow
	if err := s.db.WithContext(ctx).Where("conversation_id = ?", conversationID).Order("id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: messages: %w", err)
	}
	out := make([]engine.Message, len(rows))
	for i, r := range rows {
		out[i] = r.message()
	}
	return out, nil
}

// MarkRead clears a conversation's unread count.
func (s *Store) MarkRead(ctx context.Context, conversationID int64) (engine.Conversation, error) {
	res := s.db.WithContext(ctx).Model(&conversationRow{}).Where("id = ?", conversationID).Update("unread", 0)
	if res.Error != nil {
		return engine.Conversation{}, fmt.Errorf("store: mark read: %w", res.Error)
	}
	return s.Conversation(ctx, conversationID)
}

// Buyer returns one buyer, or ErrNotFound.
func (s *Store) Buyer(ctx context.Context, id int64) (engine.Buyer, error) {
	var r buyerRow
	if err := s.db.WithContext(ctx).First(&r, id).Error; err != nil {
		return engine.Buyer{}, notFound(err, "buyer")
	}
	return engine.Buyer{ID: r.ID, ShopID: r.ShopID, ExternalID: r.ExternalID, Name: r.Name}, nil
}

// BuyerConversation returns the newest conversation of the shop's buyer known
// by externalID, with its messages; ErrNotFound when the buyer has none.
func (s *Store) BuyerConversation(ctx context.Context, shopID int64, externalID string) (engine.Conversation, []engine.Message, error) {
	var b buyerRow
	if err := s.db.WithContext(ctx).Where("shop_id = ? AND external_id = ?", shopID, externalID).First(&b).Error; err != nil {
		return engine.Conversation{}, nil, notFound(err, "buyer")
	}
	var id int64
	res := s.db.WithContext(ctx).Raw(`SELECT id FROM conversations WHERE buyer_id = ? ORDER BY id DESC LIMIT 1`, b.ID).Scan(&id)
	if res.Error != nil {
		return engine.Conversation{}, nil, fmt.Errorf("store: buyer conversation: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return engine.Conversation{}, nil, fmt.Errorf("store: buyer conversation: %w", ErrNotFound)
	}
	c, err := s.Conversation(ctx, id)
	if err != nil {
		return engine.Conversation{}, nil, err
	}
	msgs, err := s.Messages(ctx, id)
	return c, msgs, err
}
