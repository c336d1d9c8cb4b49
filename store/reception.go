package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"

	"replydesk/engine"
)

var _ engine.ReceptionStore = (*Store)(nil)

// snapshotRows is how many of a conversation's newest messages, and of its
// newest decisions, a decision looks at: enough for a human reply after
// the message, the order the buyer named, the automatic replies already
// sent (AS-9) and the robot's state; a longer conversation is a human's.
const snapshotRows = 60

// Snapshot returns what a decision about the buyer message messageID needs
// from the database: its shop, conversation, buyer, the conversation's
// newest messages and decisions, and the buyer's orders. The reads are
// prepared statements and not one transaction (a transaction here would
// take SQLite's write lock): the write's guard catches a conversation that
// changed in between. ErrNotFound for an unknown message.
func (s *Store) Snapshot(ctx context.Context, messageID int64) (engine.Snapshot, error) {
	var snap engine.Snapshot
	fail := func(what string, err error) (engine.Snapshot, error) {
		return engine.Snapshot{}, fmt.Errorf("store: snapshot %s: %w", what, err)
	}
	convs, err := queryRows[conversationView](ctx, s, conversationSelect+` WHERE c.id = (SELECT conversation_id FROM messages WHERE id = ?)`, messageID)
	if err != nil {
		return fail("conversation", err)
	}
	if len(convs) == 0 {
		return fail("of message "+strconv.FormatInt(messageID, 10), ErrNotFound)
	}
	snap.Conversation = convs[0].conversation()
	c := snap.Conversation
	extra, err := queryRows[struct {
		Platform   string
		Locale     string
		ExternalID string
	}](ctx, s, `SELECT s.platform, s.locale, b.external_id FROM shops s JOIN buyers b ON b.shop_id = s.id WHERE s.id = ? AND b.id = ?`,
		c.ShopID, c.BuyerID)
	if err != nil {
		return fail("shop", err)
	}
	if len(extra) == 0 {
		return fail("shop", ErrNotFound)
	}
	snap.Shop = engine.Shop{ID: c.ShopID, Name: c.ShopName, Platform: extra[0].Platform, Locale: extra[0].Locale}
	snap.Buyer = engine.Buyer{ID: c.BuyerID, ShopID: c.ShopID, ExternalID: extra[0].ExternalID, Name: c.BuyerName}

	rows, err := queryRows[messageRow](ctx, s, `SELECT id, conversation_id, sender, type, text, entry_id, agent_id, payload, created_at
FROM messages WHERE conversation_id = ? ORDER BY id DESC LIMIT ?`, c.ID, snapshotRows)
	if err != nil {
		return fail("messages", err)
	}
	snap.Messages = make([]engine.Message, len(rows))
	found := false
	for i, r := range rows {
		m := r.message()
		snap.Messages[len(rows)-1-i] = m
		if r.ID == messageID {
			snap.Message, found = m, true
		}
	}
	if !found { // an old line of a very long conversation
		old, err := queryRows[messageRow](ctx, s, `SELECT id, conversation_id, sender, type, text, entry_id, agent_id, payload, created_at
FROM messages WHERE id = ?`, messageID)
		if err != nil || len(old) == 0 {
			return fail("message", errors.Join(err, ErrNotFound))
		}
		snap.Message = old[0].message()
	}
	decs, err := queryRows[decisionRow](ctx, s, `SELECT `+decisionColumns+` FROM decisions WHERE conversation_id = ?
ORDER BY message_id DESC LIMIT ?`, c.ID, snapshotRows)
	if err != nil {
		return fail("decisions", err)
	}
	snap.Prior = make([]engine.DecisionRecord, len(decs))
	for i, d := range decs {
		snap.Prior[len(decs)-1-i] = d.record()
	}
	orders, err := queryRows[orderRow](ctx, s, `SELECT * FROM orders WHERE buyer_id = ? ORDER BY updated_at DESC, id DESC`, c.BuyerID)
	if err != nil {
		return fail("orders", err)
	}
	snap.Orders = make([]engine.Order, len(orders))
	for i, o := range orders {
		snap.Orders[i] = o.order()
	}
	return snap, nil
}

// decisionRow is a row of decisions.
type decisionRow struct {
	MessageID      int64
	ConversationID int64
	ShopID         int64
	Outcome        string
	Reason         string
	Args           string
	EntryID        int64
	Intent         string
	Confidence     float64
	Threshold      float64
	ReplyID        int64
	AgentID        int64
	DecidedAt      time.Time
	NoticeID       int64
	Notice         string
}

func (r decisionRow) record() engine.DecisionRecord {
	rec := engine.DecisionRecord{
		MessageID: r.MessageID, ConversationID: r.ConversationID, ShopID: r.ShopID, Outcome: engine.Outcome(r.Outcome),
		Reason: engine.Reason{Key: r.Reason}, EntryID: r.EntryID, Intent: r.Intent, Confidence: r.Confidence,
		Threshold: r.Threshold, ReplyID: r.ReplyID, AgentID: r.AgentID, DecidedAt: r.DecidedAt, NoticeID: r.NoticeID,
	}
	if r.Args != "" && r.Args != "{}" {
		_ = json.Unmarshal([]byte(r.Args), &rec.Reason.Args)
	}
	if r.Notice != "" {
		var n engine.Reason
		if json.Unmarshal([]byte(r.Notice), &n) == nil && n.Key != "" {
			rec.Notice = &n
		}
	}
	return rec
}

const decisionColumns = `message_id, conversation_id, shop_id, outcome, reason, args, entry_id, intent, confidence, threshold,
       reply_id, agent_id, decided_at, notice_id, notice`

// ConversationDecisions returns a conversation's decisions, oldest first.
func (s *Store) ConversationDecisions(ctx context.Context, conversationID int64) ([]engine.DecisionRecord, error) {
	var rows []decisionRow
	if err := s.db.WithContext(ctx).Raw(`SELECT `+decisionColumns+` FROM decisions WHERE conversation_id = ? ORDER BY message_id`,
		conversationID).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: decisions: %w", err)
	}
	out := make([]engine.DecisionRecord, len(rows))
	for i, r := range rows {
		out[i] = r.record()
	}
	return out, nil
}

// UndecidedMessages returns up to limit live buyer messages (not imported)
// that have no decision, oldest first. It looks after the reception's
// watermark only, and moves the watermark up to just before the oldest
// undecided message (or to the newest message when none is undecided), so
// that each start looks at what came since the last one.
func (s *Store) UndecidedMessages(ctx context.Context, limit int) ([]engine.Pending, error) {
	db := s.db.WithContext(ctx)
	var mark int64
	if err := db.Raw(`SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'reception_watermark'`).Scan(&mark).Error; err != nil {
		return nil, fmt.Errorf("store: undecided messages: %w", err)
	}
	var rows []struct {
		ID             int64
		ConversationID int64
		ShopID         int64
		CreatedAt      time.Time
	}
	err := db.Raw(`SELECT m.id, m.conversation_id, c.shop_id, m.created_at
FROM messages m JOIN conversations c ON c.id = m.conversation_id
WHERE m.id > ? AND m.sender = ? AND m.source = ''
  AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.message_id = m.id)
ORDER BY m.id LIMIT ?`, mark, engine.SenderBuyer, limit).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: undecided messages: %w", err)
	}
	out := make([]engine.Pending, len(rows))
	for i, r := range rows {
		out[i] = engine.Pending{MessageID: r.ID, ConversationID: r.ConversationID, ShopID: r.ShopID, At: r.CreatedAt}
	}
	next := mark
	if len(rows) > 0 {
		next = rows[0].ID - 1
	} else if err := db.Raw(`SELECT COALESCE(MAX(id), 0) FROM messages`).Scan(&next).Error; err != nil {
		return nil, fmt.Errorf("store: undecided messages: %w", err)
	}
	if next > mark {
		if err := db.Exec(`UPDATE meta SET value = ? WHERE key = 'reception_watermark'`, strconv.FormatInt(next, 10)).Error; err != nil {
			return nil, fmt.Errorf("store: reception watermark: %w", err)
		}
	}
	return out, nil
}

// errStale rolls nothing back: it marks a write whose guard failed.
var errStale = errors.New("the conversation changed while it was decided")

// WriteDecisions writes decisions and their effects in one transaction
// (engine.ReceptionStore): for each, in order, the guard is checked (the
// conversation's state and agent as the decision saw them, no human reply
// after the newest message it saw: else Stale), the decision is inserted —
// a message decided before is skipped, the primary key on the buyer
// message is what keeps two workers from both answering — then its reply
// (queued for the shop's callback), its notice and its attention tag. A
// failure rolls the whole batch back.
func (s *Store) WriteDecisions(ctx context.Context, ws []engine.DecisionWrite) ([]engine.Written, error) {
	out := make([]engine.Written, len(ws))
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for i, w := range ws {
			res, err := s.writeDecision(ctx, tx, w)
			if errors.Is(err, errStale) {
				out[i] = engine.Written{MessageID: w.Record.MessageID, Stale: true}
				continue
			}
			if err != nil {
				return fmt.Errorf("message %d: %w", w.Record.MessageID, err)
			}
			out[i] = res
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: write decisions: %w", err)
	}
	return out, nil
}

func (s *Store) writeDecision(ctx context.Context, tx *gorm.DB, w engine.DecisionWrite) (engine.Written, error) {
	r := w.Record
	out := engine.Written{MessageID: r.MessageID}
	var v conversationView
	found, err := s.queryOne(ctx, tx, conversationSelect+` WHERE c.id = ?`, &v, r.ConversationID)
	if err != nil {
		return out, err
	}
	if !found {
		return out, nil // deleted meanwhile: nothing to decide
	}
	c := v.conversation()
	if c.State != w.Guard.State || c.AgentID != w.Guard.AgentID {
		return out, errStale
	}
	var human struct{ N int64 }
	if _, err := s.queryOne(ctx, tx, `SELECT COUNT(*) AS n FROM messages WHERE conversation_id = ? AND id > ? AND sender = ?`,
		&human, r.ConversationID, w.Guard.LastMessageID, engine.SenderAgent); err != nil {
		return out, err
	}
	if human.N > 0 {
		return out, errStale
	}
	args := "{}"
	if len(r.Reason.Args) > 0 {
		b, err := json.Marshal(r.Reason.Args)
		if err != nil {
			return out, err
		}
		args = string(b)
	}
	notice := ""
	if r.Notice != nil {
		b, err := json.Marshal(r.Notice)
		if err != nil {
			return out, err
		}
		notice = string(b)
	}
	n, err := s.exec(ctx, tx, `INSERT INTO decisions (`+decisionColumns+`)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, 0, ?) ON CONFLICT (message_id) DO NOTHING`,
		r.MessageID, r.ConversationID, r.ShopID, string(r.Outcome), r.Reason.Key, args, r.EntryID, r.Intent, r.Confidence,
		r.Threshold, r.AgentID, r.DecidedAt.UTC(), notice)
	if err != nil {
		return out, err
	}
	if n == 0 {
		return out, nil // decided before, by this worker or another
	}
	if w.Greeting != nil {
		if c, out.Greeting, err = s.appendTx(ctx, tx, c, *w.Greeting); err != nil {
			return out, err
		}
	}
	if w.Reply != nil {
		if c, out.Reply, err = s.appendTx(ctx, tx, c, *w.Reply); err != nil {
			return out, err
		}
		if _, err := s.exec(ctx, tx, `UPDATE decisions SET reply_id = ? WHERE message_id = ?`, out.Reply.ID, r.MessageID); err != nil {
			return out, err
		}
	}
	if w.Notice != nil {
		if c, out.Notice, err = s.appendTx(ctx, tx, c, *w.Notice); err != nil {
			return out, err
		}
		if _, err := s.exec(ctx, tx, `UPDATE decisions SET notice_id = ? WHERE message_id = ?`, out.Notice.ID, r.MessageID); err != nil {
			return out, err
		}
	}
	if c, err = s.decided(ctx, tx, c, r, w.Transfer); err != nil {
		return out, err
	}
	if w.Attention != "" && c.Attention != w.Attention {
		c.Attention = w.Attention
		if _, err := s.exec(ctx, tx, `UPDATE conversations SET attention = ? WHERE id = ?`, string(c.Attention), c.ID); err != nil {
			return out, err
		}
	}
	if w.Transfer {
		// To a human, first in the queue (RB-8); an agent who served it
		// hands it on, and routing gives it to another.
		released := c.ReleasedBy
		if c.State == engine.StateActive {
			released = c.AgentID
		}
		at := r.DecidedAt.UTC()
		if _, err := s.exec(ctx, tx, `UPDATE conversations SET state = ?, agent_id = 0, priority = ?, queued_at = ?, released_by = ? WHERE id = ?`,
			string(engine.StateQueued), true, at, released, c.ID); err != nil {
			return out, err
		}
		if c.State == engine.StateActive {
			c.QueuedAt = at
		}
		c.State, c.AgentID, c.AgentName, c.Priority, c.ReleasedBy = engine.StateQueued, 0, "", true, released
	}
	out.Done, out.Conversation = true, c
	return out, nil
}
