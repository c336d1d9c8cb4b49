package store

import (
	"context"
	"database/sql"
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
	ID           int64
	ShopID       int64
	BuyerID      int64
	Status       string
	State        string
	AgentID      int64
	Priority     bool
	Unread       int
	Unreplied    bool
	WaitingSince *time.Time
	LastText     string
	LastSender   string
	LastAt       time.Time
	LastBuyerAt  *time.Time
	StartedAt    time.Time
	QueuedAt     *time.Time
	AssignedAt   *time.Time
	ClosedAt     *time.Time
	CloseReason  string
	ReleasedBy   int64
	// The facts a new conversation starts with (the others are 0).
	FirstBuyerMs int64
	WaitMs       int64
}

func (conversationRow) TableName() string { return "conversations" }

type messageRow struct {
	ID             int64
	ConversationID int64
	Sender         string
	Type           string
	Text           string
	EntryID        int64
	AgentID        int64
	Payload        string
	CreatedAt      time.Time
}

func (messageRow) TableName() string { return "messages" }

func (r messageRow) message() engine.Message {
	return engine.Message{
		ID: r.ID, ConversationID: r.ConversationID, Sender: engine.Sender(r.Sender),
		Type: engine.MessageType(r.Type), Text: r.Text, EntryID: r.EntryID, AgentID: r.AgentID, Payload: decodeCard(r.Payload),
		CreatedAt: r.CreatedAt,
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

// AppendBuyerMessage stores a buyer message as AddBuyerMessage does with the
// default session gap, for callers that need no more than the conversation
// and the message.
func (s *Store) AppendBuyerMessage(ctx context.Context, shopID int64, externalID, name, text string, at time.Time) (engine.Conversation, engine.Message, error) {
	r, err := s.AddBuyerMessage(ctx, engine.BuyerMessage{
		ShopID: shopID, BuyerExternalID: externalID, BuyerName: name, Text: text,
		At: at, IdleBefore: at.Add(-engine.DefaultSessionGap),
	})
	return r.Conversation, r.Message, err
}

// AddBuyerMessage stores a buyer message in one transaction: it creates the
// buyer (or renames it), closes the buyer's open conversation when its last
// buyer message is at or before m.IdleBefore, opens a queued conversation
// when the buyer has none open, and stores the message. ErrNotFound for an
// unknown shop, and then nothing is stored.
func (s *Store) AddBuyerMessage(ctx context.Context, m engine.BuyerMessage) (engine.Received, error) {
	at := m.At.UTC()
	var r engine.Received
	// Statements are few: parsing SQL is much of a write's cost here.
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var found struct {
			ShopName  string
			BuyerID   *int64
			BuyerName *string
			FollowUp  *bool
		}
		ok, err := s.queryOne(ctx, tx, `SELECT s.name AS shop_name, b.id AS buyer_id, b.name AS buyer_name, b.follow_up
FROM shops s LEFT JOIN buyers b ON b.shop_id = s.id AND b.external_id = ? WHERE s.id = ?`, &found, m.BuyerExternalID, m.ShopID)
		switch {
		case err != nil:
			return err
		case !ok:
			return fmt.Errorf("shop %d: %w", m.ShopID, ErrNotFound)
		}
		buyer := buyerRow{ShopID: m.ShopID, ExternalID: m.BuyerExternalID, Name: m.BuyerName, CreatedAt: at}
		switch {
		case found.BuyerID == nil:
			if err := tx.Create(&buyer).Error; err != nil {
				return err
			}
		case m.BuyerName != "" && m.BuyerName != *found.BuyerName:
			buyer.ID = *found.BuyerID
			if err := tx.Model(&buyer).Update("name", m.BuyerName).Error; err != nil {
				return err
			}
		default:
			buyer.ID, buyer.Name = *found.BuyerID, *found.BuyerName
		}

		var open conversationView
		found1, err := s.queryOne(ctx, tx, conversationSelect+` WHERE c.buyer_id = ? AND c.status = 'open' ORDER BY c.id DESC LIMIT 1`, &open, buyer.ID)
		if err != nil {
			return err
		}
		c := open.conversation()
		if found1 && !m.IdleBefore.IsZero() && !c.LastBuyerAt.IsZero() && !c.LastBuyerAt.After(m.IdleBefore) {
			if err := closeRows(tx, []int64{c.ID}, engine.ClosedIdle, at); err != nil {
				return err
			}
			c.Status, c.State, c.ClosedAt, c.CloseReason = engine.StatusClosed, engine.StateClosed, at, engine.ClosedIdle
			r.Closed = c
		}
		if !found1 || r.Closed.ID != 0 {
			row := conversationRow{
				ShopID: m.ShopID, BuyerID: buyer.ID, Status: string(engine.StatusOpen), State: string(engine.StateQueued),
				LastAt: at, StartedAt: at, QueuedAt: &at, FirstBuyerMs: at.UnixMilli(), WaitMs: at.UnixMilli(),
			}
			if err := tx.Create(&row).Error; err != nil {
				return err
			}
			c = engine.Conversation{
				ID: row.ID, ShopID: m.ShopID, ShopName: found.ShopName, BuyerID: buyer.ID,
				Status: engine.StatusOpen, State: engine.StateQueued, StartedAt: at, QueuedAt: at,
			}
			r.Opened = true
		}
		c.BuyerName = buyer.Name
		c.FollowUp = found.FollowUp != nil && *found.FollowUp

		msg := messageRow{ConversationID: c.ID, Sender: string(engine.SenderBuyer), Type: string(engine.MessageText), Text: m.Text, CreatedAt: at}
		if m.Type != "" {
			msg.Type = string(m.Type)
		}
		if msg.Payload, err = encodeCard(m.Payload); err != nil {
			return err
		}
		if msg.ID, err = s.insertID(ctx, tx, `INSERT INTO messages (conversation_id, sender, type, text, entry_id, payload, created_at)
VALUES (?, ?, ?, ?, 0, ?, ?) RETURNING id`, msg.ConversationID, msg.Sender, msg.Type, msg.Text, msg.Payload, msg.CreatedAt); err != nil {
			return err
		}
		r.Message = msg.message()
		// Only the columns that change are set, so that SQLite leaves the
		// indexes of the others alone: the wait starts with the first
		// unanswered message. The facts go in the same statement.
		c.Unread++
		c.LastText, c.LastSender, c.LastAt, c.LastBuyerAt = preview(m.Text), engine.SenderBuyer, at, at
		c.Facts, _, _ = c.Facts.Observe(engine.SenderBuyer, at.UnixMilli(), 0)
		if c.Unreplied {
			_, err = s.exec(ctx, tx, `UPDATE conversations SET unread = ?, last_text = ?, last_sender = ?, last_at = ?, last_buyer_at = ?,
	followup_ms = ? WHERE id = ?`, c.Unread, c.LastText, c.LastSender, at, at, c.Facts.Followup, c.ID)
		} else {
			c.Unreplied, c.WaitingSince = true, at
			_, err = s.exec(ctx, tx, `UPDATE conversations SET unread = ?, last_text = ?, last_sender = ?, last_at = ?, last_buyer_at = ?,
	unreplied = 1, waiting_since = ?, wait_ms = ?, followup_ms = ? WHERE id = ?`,
				c.Unread, c.LastText, c.LastSender, at, at, at, c.Facts.Wait, c.Facts.Followup, c.ID)
		}
		r.Conversation = c
		return err
	})
	if err != nil {
		return engine.Received{}, fmt.Errorf("store: add buyer message: %w", err)
	}
	return r, nil
}

// AppendMessage stores a message from the shop's side in a conversation
// that is not closed (ErrClosed), in one transaction with its delivery to
// the shop's callback (when the shop has one and the message is for the
// buyer). A message whose sender Replies ends the buyer's wait; a human's
// also clears the conversation's attention tag. ErrNotFound for an unknown
// conversation.
func (s *Store) AppendMessage(ctx context.Context, conversationID int64, m engine.Message) (engine.Conversation, engine.Message, error) {
	var c engine.Conversation
	var out engine.Message
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var v conversationView
		found, err := s.queryOne(ctx, tx, conversationSelect+` WHERE c.id = ?`, &v, conversationID)
		switch {
		case err != nil:
			return err
		case !found:
			return fmt.Errorf("conversation %d: %w", conversationID, ErrNotFound)
		}
		c = v.conversation()
		c, out, err = s.appendTx(ctx, tx, c, m)
		return err
	})
	if err != nil {
		return engine.Conversation{}, engine.Message{}, fmt.Errorf("store: append message: %w", err)
	}
	return c, out, nil
}

// appendTx stores a shop-side message m in the conversation c (as read in
// tx) and returns both as they are after: the conversation's summary
// follows the message (an agents' note leaves it), a reply ends the
// buyer's wait, a human's reply clears the attention tag, and a message for
// the buyer is queued for the shop's callback. ErrClosed for a closed c.
func (s *Store) appendTx(ctx context.Context, tx *gorm.DB, c engine.Conversation, m engine.Message) (engine.Conversation, engine.Message, error) {
	if c.State == engine.StateClosed {
		return c, engine.Message{}, fmt.Errorf("conversation %d: %w", c.ID, engine.ErrClosed)
	}
	msg := messageRow{ConversationID: c.ID, Sender: string(m.Sender), Type: string(m.Type), Text: m.Text, EntryID: m.EntryID,
		AgentID: m.AgentID, CreatedAt: m.CreatedAt.UTC()}
	if msg.Type == "" {
		msg.Type = string(engine.MessageText)
	}
	payload, err := encodeCard(m.Payload)
	if err != nil {
		return c, engine.Message{}, err
	}
	msg.Payload = payload
	if msg.ID, err = s.insertID(ctx, tx, `INSERT INTO messages (conversation_id, sender, type, text, entry_id, agent_id, payload, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, msg.ConversationID, msg.Sender, msg.Type, msg.Text, msg.EntryID, msg.AgentID, msg.Payload, msg.CreatedAt); err != nil {
		return c, engine.Message{}, err
	}
	if m.Sender == engine.SenderSystem {
		return c, msg.message(), nil // for agents only: the list keeps showing the conversation's last line
	}
	c.LastText, c.LastSender, c.LastAt = preview(msg.Text), m.Sender, msg.CreatedAt
	if m.Sender.Replies() {
		c.Unreplied, c.WaitingSince = false, time.Time{}
	}
	if m.Sender == engine.SenderAgent {
		c.Attention = ""
	}
	var turn engine.Turn
	var ended bool
	c.Facts, turn, ended = c.Facts.Observe(m.Sender, msg.CreatedAt.UnixMilli(), m.AgentID)
	if _, err := s.exec(ctx, tx, writeShopSideFacts, shopSideArgs(c, msg.Sender)...); err != nil {
		return c, engine.Message{}, err
	}
	if ended {
		turn.ConversationID = c.ID
		if err := s.insertTurn(ctx, tx, c.ShopID, turn); err != nil {
			return c, engine.Message{}, err
		}
	}
	if err := s.queueDelivery(ctx, tx, c.ShopID, msg.ID, msg.CreatedAt); err != nil {
		return c, engine.Message{}, err
	}
	return c, msg.message(), nil
}

// nullTime is t, or NULL for the zero time.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

const conversationSelect = `
SELECT c.id, c.shop_id, s.name AS shop_name, c.buyer_id, b.name AS buyer_name, b.follow_up, c.status, c.state,
       c.agent_id, COALESCE(a.name, '') AS agent_name, c.priority, c.unread, c.unreplied, c.waiting_since,
       c.last_text, c.last_sender, c.last_at, c.last_buyer_at, c.started_at, c.queued_at, c.closed_at, c.close_reason,
       c.released_by, c.attention, ` + factColumns + `
FROM conversations c JOIN buyers b ON b.id = c.buyer_id JOIN shops s ON s.id = c.shop_id
LEFT JOIN agents a ON a.id = c.agent_id`

type conversationView struct {
	ID           int64
	ShopID       int64
	ShopName     string
	BuyerID      int64
	BuyerName    string
	FollowUp     bool
	Status       string
	State        string
	AgentID      int64
	AgentName    string
	Priority     bool
	Unread       int
	Unreplied    bool
	WaitingSince *time.Time
	LastText     string
	LastSender   string
	LastAt       time.Time
	LastBuyerAt  *time.Time
	StartedAt    time.Time
	QueuedAt     *time.Time
	ClosedAt     *time.Time
	CloseReason  string
	ReleasedBy   int64
	Attention    string
	Fact         factView `gorm:"embedded"`
}

// scanRow scans a row of conversationSelect (rowScanner).
func (v *conversationView) scanRow(rows *sql.Rows) error {
	f := &v.Fact
	return rows.Scan(&v.ID, &v.ShopID, &v.ShopName, &v.BuyerID, &v.BuyerName, &v.FollowUp, &v.Status, &v.State,
		&v.AgentID, &v.AgentName, &v.Priority, &v.Unread, &v.Unreplied, &v.WaitingSince,
		&v.LastText, &v.LastSender, &v.LastAt, &v.LastBuyerAt, &v.StartedAt, &v.QueuedAt, &v.ClosedAt, &v.CloseReason,
		&v.ReleasedBy, &v.Attention,
		&f.FirstBuyerMs, &f.FirstReplyMs, &f.FirstRobotMs, &f.FollowupMs, &f.FollowupHumanMs,
		&f.FirstHumanMs, &f.FirstHumanAgent, &f.FirstHumanFromMs, &f.WaitMs, &f.RobotServed, &f.RobotHandoff)
}

func orZero(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

func (v conversationView) conversation() engine.Conversation {
	return engine.Conversation{
		ID: v.ID, ShopID: v.ShopID, ShopName: v.ShopName, BuyerID: v.BuyerID, BuyerName: v.BuyerName, FollowUp: v.FollowUp,
		Status: engine.ConversationStatus(v.Status), State: engine.ConversationState(v.State),
		AgentID: v.AgentID, AgentName: v.AgentName, Priority: v.Priority,
		Unread: v.Unread, Unreplied: v.Unreplied, WaitingSince: orZero(v.WaitingSince),
		LastText: v.LastText, LastSender: engine.Sender(v.LastSender), LastAt: v.LastAt,
		LastBuyerAt: orZero(v.LastBuyerAt), StartedAt: v.StartedAt, QueuedAt: orZero(v.QueuedAt),
		ClosedAt: orZero(v.ClosedAt), CloseReason: engine.CloseReason(v.CloseReason), ReleasedBy: v.ReleasedBy,
		Attention: engine.Attention(v.Attention), Facts: v.Fact.facts(engine.Sender(v.LastSender)),
	}
}

func conversations(vs []conversationView) []engine.Conversation {
	out := make([]engine.Conversation, len(vs))
	for i, v := range vs {
		out[i] = v.conversation()
	}
	return out
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

// Conversations lists every conversation, closed ones too, newest activity first.
func (s *Store) Conversations(ctx context.Context) ([]engine.Conversation, error) {
	var vs []conversationView
	if err := s.db.WithContext(ctx).Raw(conversationSelect + ` ORDER BY c.last_at DESC, c.id DESC`).Scan(&vs).Error; err != nil {
		return nil, fmt.Errorf("store: conversations: %w", err)
	}
	return conversations(vs), nil
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
