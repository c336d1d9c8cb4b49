package engine

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Chat history: export by shop and date range (CV-5) and import of past chat
// logs and orders from files (CV-7c). Imports are checked whole first, as KB
// imports are: a file with any bad row changes nothing.

// ClosedImported marks a conversation imported from a chat-log file: it is
// history, closed from the start, never routed, unread or unreplied.
const ClosedImported CloseReason = "import"

// SourceImport is Message source of a message imported from a file; live
// messages have an empty source.
const SourceImport = "import"

// Limits of the chat history.
const (
	// MaxHistoryDays is the longest export range, in days (both ends included).
	MaxHistoryDays = 366
	// MaxImportRows is the most rows a chat-log or order file may hold.
	MaxImportRows = 200_000
	// MaxBuyerIDRunes and MaxBuyerNameRunes bound an imported buyer, as the
	// webhook does.
	MaxBuyerIDRunes   = 128
	MaxBuyerNameRunes = 64
	// MaxSessionRunes bounds a chat-log row's conversation key.
	MaxSessionRunes = 128
)

// HistoryMessage is one message of the chat history with its conversation's
// shop and buyer, as exported.
type HistoryMessage struct {
	ConversationID  int64
	ShopID          int64
	ShopName        string
	BuyerExternalID string
	BuyerName       string
	Sender          Sender
	Type            MessageType
	Text            string
	// Payload is a card's JSON, empty for plain text.
	Payload string
	EntryID int64
	// Source is "" for a live message, SourceImport for an imported one.
	Source    string
	CreatedAt time.Time
}

// HistoryRange selects messages: those of a shop (every shop when ShopID is
// 0) sent at or after From and before To.
type HistoryRange struct {
	ShopID int64
	From   time.Time
	To     time.Time
}

// ImportedMessage is one message of an imported conversation.
type ImportedMessage struct {
	Sender Sender
	Text   string
	At     time.Time
	// Rating is the buyer's rating the row carries (its rating cell): of
	// the session, or of this robot reply; nil for none.
	Rating *ImportedRating
}

// ImportedConversation is one past conversation of a chat-log file, its
// messages oldest first.
type ImportedConversation struct {
	BuyerExternalID string
	BuyerName       string
	Messages        []ImportedMessage
}

// BuyerOrders are the orders of one buyer in an order file.
type BuyerOrders struct {
	BuyerExternalID string
	BuyerName       string
	Orders          []Order
}

// ChatImportResult counts what a chat-log import did.
type ChatImportResult struct {
	// Conversations were created; Messages were added (to new
	// conversations, or to ones imported before); Skipped messages had been
	// imported before and were left alone.
	Conversations int `json:"conversations"`
	Messages      int `json:"messages"`
	Skipped       int `json:"skipped"`
	Buyers        int `json:"buyers"`
}

// OrderImportResult counts what an order import did.
type OrderImportResult struct {
	Created int `json:"created"`
	Updated int `json:"updated"`
	Buyers  int `json:"buyers"`
}

// HistoryStore reads and writes the chat history.
type HistoryStore interface {
	// HistoryMessages calls fn for every message in r, ordered by
	// conversation and then by time; it stops at fn's first error and
	// returns it. A shop that does not exist has no messages.
	HistoryMessages(ctx context.Context, r HistoryRange, fn func(HistoryMessage) error) error
	// ImportConversations stores checked conversations of a shop in one
	// transaction as closed conversations (ClosedImported) whose messages
	// have the source SourceImport: nothing is routed, unread, unreplied or
	// delivered to a channel. A message already imported for the same buyer
	// (same sender, time and text) is skipped. ErrNotFound for an unknown
	// shop, and then nothing is stored.
	ImportConversations(ctx context.Context, shopID int64, convs []ImportedConversation) (ChatImportResult, error)
	// ImportOrders upserts checked orders of a shop's buyers in one
	// transaction, creating the buyers; ErrNotFound for an unknown shop.
	ImportOrders(ctx context.Context, shopID int64, batches []BuyerOrders, at time.Time) (OrderImportResult, error)
}

// ImportRowsError refuses a whole chat-log or order file: it lists every bad
// row (Question holds the buyer ID or order number). Nothing was changed.
type ImportRowsError struct{ Rows []RowError }

func (e *ImportRowsError) Error() string {
	if len(e.Rows) == 1 {
		return "1 row is invalid; nothing was imported"
	}
	return fmt.Sprintf("%d rows are invalid; nothing was imported", len(e.Rows))
}

// History exports and imports the chat history.
type History struct {
	store HistoryStore
	clock Clock
}

// NewHistory returns the chat history over a store.
func NewHistory(store HistoryStore, clock Clock) *History {
	if clock == nil {
		clock = SystemClock{}
	}
	return &History{store: store, clock: clock}
}

// DayRange turns two dates ("2006-01-02") in loc into the instants from the
// start of the first day to the end of the last, both days included. It
// returns an *InputError (history_bad_date, history_range_reversed,
// history_range_too_long) for a date that does not parse, a last day before
// the first, or more than MaxHistoryDays days.
func DayRange(from, to string, loc *time.Location) (time.Time, time.Time, error) {
	f, err := parseDay(from, loc)
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	t, err := parseDay(to, loc)
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	if t.Before(f) {
		return time.Time{}, time.Time{}, &InputError{Key: "history_range_reversed", Detail: fmt.Sprintf("the last day %s is before the first day %s", to, from)}
	}
	// Days are counted on the calendar, not in hours: a day with a clock
	// change is still one day.
	days := int(civil(t).Sub(civil(f)).Hours()/24) + 1
	if days > MaxHistoryDays {
		return time.Time{}, time.Time{}, &InputError{Key: "history_range_too_long", Detail: fmt.Sprintf("%d days; at most %d can be exported at once", days, MaxHistoryDays)}
	}
	y, m, d := t.Date()
	return f, time.Date(y, m, d+1, 0, 0, 0, 0, loc), nil
}

// parseDay reads a date ("2006-01-02") as its start in loc; one that does
// not parse is an *InputError (history_bad_date).
func parseDay(s string, loc *time.Location) (time.Time, error) {
	d, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(s), loc)
	if err != nil {
		return time.Time{}, &InputError{Key: "history_bad_date", Detail: fmt.Sprintf("%q is not a date such as 2026-11-21", s)}
	}
	return d, nil
}

func civil(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Export calls fn for every message of a shop (0: every shop) sent on the
// days from to to (dates in loc, both included), ordered by conversation and
// time. It returns DayRange's *InputError for a bad range, or fn's error.
func (h *History) Export(ctx context.Context, shopID int64, from, to string, loc *time.Location, fn func(HistoryMessage) error) error {
	start, end, err := DayRange(from, to, loc)
	if err != nil {
		return err
	}
	return h.store.HistoryMessages(ctx, HistoryRange{ShopID: shopID, From: start, To: end}, fn)
}

// ChatRow is one row of a chat-log file, as read: Row is its number in the
// file, the other fields its cells.
type ChatRow struct {
	Row       int
	BuyerID   string
	BuyerName string
	Sender    string
	Text      string
	Time      string
	// Session optionally names the conversation the row belongs to; rows
	// without one are split into conversations by the session gap.
	Session string
	// Rating optionally carries the buyer's rating (ParseChatRating).
	Rating string
	// Problems are set by a reader for a row it could not read at all; the
	// row is reported with them and not checked further.
	Problems []FieldError
}

// ChatTimeLayouts are the time formats a chat-log file may use; the one
// without a zone is read in the desk's local time.
var ChatTimeLayouts = []string{time.RFC3339Nano, time.DateTime, "2006-01-02 15:04", "2006/01/02 15:04:05", "2006/01/02 15:04"}

// ParseChatTime reads a time in one of ChatTimeLayouts.
func ParseChatTime(s string, loc *time.Location) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, l := range ChatTimeLayouts {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// senderAliases are the names a chat-log file may give a sender besides
// the Sender values themselves.
var senderAliases = map[string]Sender{
	"买家": SenderBuyer, "顾客": SenderBuyer, "customer": SenderBuyer,
	"客服": SenderAgent, "人工": SenderAgent, "机器人": SenderRobot, "bot": SenderRobot,
	"系统": SenderSystem,
}

// Senders lists every Sender a chat-log file may name.
var Senders = []Sender{SenderBuyer, SenderAgent, SenderAssist, SenderRobot, SenderSystem, SenderGreeting, SenderAway, SenderFallback}

// ParseSender reads a sender's name (a Sender, or 买家, 客服, 机器人, 系统…).
func ParseSender(s string) (Sender, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if slices.Contains(Senders, Sender(s)) {
		return Sender(s), true
	}
	a, ok := senderAliases[s]
	return a, ok
}

// rowProblems collects the problems of one row of a file.
type rowProblems struct {
	rows []RowError
}

func (p *rowProblems) add(row int, id, field, key, format string, args ...any) {
	fe := FieldError{Field: field, Key: key, Detail: fmt.Sprintf(format, args...)}
	if n := len(p.rows); n > 0 && p.rows[n-1].Row == row {
		p.rows[n-1].Problems = append(p.rows[n-1].Problems, fe)
		return
	}
	p.rows = append(p.rows, RowError{Row: row, Question: id, Problems: []FieldError{fe}})
}

func (p *rowProblems) err() error {
	if len(p.rows) == 0 {
		return nil
	}
	slices.SortStableFunc(p.rows, func(a, b RowError) int { return a.Row - b.Row })
	return &ImportRowsError{Rows: p.rows}
}

// checkLabel checks a short identifying cell: valid UTF-8, no control
// character (a one-line value of the text rule, see HasControl), at most
// max characters, and present when required.
func (p *rowProblems) checkLabel(row int, id, field, s string, max int, required bool) {
	switch {
	case !utf8.ValidString(s):
		p.add(row, id, field, "history_not_utf8", "is not valid UTF-8 text")
	case required && s == "":
		p.add(row, id, field, "history_missing", "is missing")
	case utf8.RuneCountInString(s) > max:
		p.add(row, id, field, "history_too_long", "has %d characters; at most %d are allowed", utf8.RuneCountInString(s), max)
	case HasControl(s, false):
		p.add(row, id, field, "history_control_character", "holds a control character")
	}
}

func checkRowCount(n int) error {
	switch {
	case n == 0:
		return &InputError{Key: "history_file_empty", Detail: "the file has no rows"}
	case n > MaxImportRows:
		return &InputError{Key: "history_file_too_many", Detail: fmt.Sprintf("the file has %d rows; at most %d can be imported at once", n, MaxImportRows)}
	}
	return nil
}

// CheckChats validates every row of a chat-log file and groups the rows
// into conversations: by buyer and Session when a row has one, otherwise by
// buyer, a new conversation starting after DefaultSessionGap without
// messages. Times without a zone are read in loc. It returns an
// *InputError for an empty or too large file, or an *ImportRowsError naming
// every bad row (a missing or too long cell, a time that does not parse or
// is not TimeInRange, an unknown sender, a text ValidateText refuses, a row
// repeating an earlier one).
func CheckChats(rows []ChatRow, loc *time.Location) ([]ImportedConversation, error) {
	if err := checkRowCount(len(rows)); err != nil {
		return nil, err
	}
	type line struct {
		buyer, name, session string
		msg                  ImportedMessage
		row                  int
	}
	var p rowProblems
	lines := make([]line, 0, len(rows))
	seen := make(map[string]int, len(rows))
	for _, r := range rows {
		buyer, name, session := strings.TrimSpace(r.BuyerID), strings.TrimSpace(r.BuyerName), strings.TrimSpace(r.Session)
		if len(r.Problems) > 0 {
			for _, fe := range r.Problems {
				p.add(r.Row, buyer, fe.Field, fe.Key, "%s", fe.Detail)
			}
			continue
		}
		bad := len(p.rows)
		p.checkLabel(r.Row, buyer, "buyer_id", buyer, MaxBuyerIDRunes, true)
		p.checkLabel(r.Row, buyer, "buyer_name", name, MaxBuyerNameRunes, false)
		p.checkLabel(r.Row, buyer, "session", session, MaxSessionRunes, false)
		sender, ok := ParseSender(r.Sender)
		switch {
		case !utf8.ValidString(r.Sender):
			p.add(r.Row, buyer, "sender", "history_not_utf8", "is not valid UTF-8 text")
		case strings.TrimSpace(r.Sender) == "":
			p.add(r.Row, buyer, "sender", "history_missing", "is missing")
		case !ok:
			p.add(r.Row, buyer, "sender", "history_unknown_sender", "%q is not a sender (buyer, agent, robot, assist, system, greeting, away or fallback)", r.Sender)
		}
		text, err := ValidateText(r.Text)
		if err != nil {
			ie := err.(*InputError)
			p.add(r.Row, buyer, "text", ie.Key, "%s", ie.Detail)
		}
		at, ok := ParseChatTime(r.Time, loc)
		switch {
		case strings.TrimSpace(r.Time) == "":
			p.add(r.Row, buyer, "time", "history_missing", "is missing")
		case !utf8.ValidString(r.Time) || !ok:
			p.add(r.Row, buyer, "time", "history_bad_time", "%q is not a time such as 2026-11-21 14:30:00 or 2026-11-21T14:30:00+08:00", strings.ToValidUTF8(r.Time, "?"))
		case !TimeInRange(at):
			p.add(r.Row, buyer, "time", "history_bad_time", "%q is not between the years %d and %d", r.Time, EarliestTime.Year(), LatestTime.Year())
		}
		rating := p.checkRating(r.Row, buyer, r.Rating, sender)
		if len(p.rows) > bad {
			continue
		}
		key := strings.Join([]string{buyer, session, string(sender), at.UTC().Format(time.RFC3339Nano), text}, "\x00")
		if first, dup := seen[key]; dup {
			p.add(r.Row, buyer, "", "history_duplicate_row", "repeats row %d", first)
			continue
		}
		seen[key] = r.Row
		lines = append(lines, line{buyer: buyer, name: name, session: session, row: r.Row,
			msg: ImportedMessage{Sender: sender, Text: text, At: at.UTC(), Rating: rating}})
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	// Grouped by buyer and session, each group in time order (file order
	// for equal times), then split at the session gap when there is no
	// session.
	slices.SortStableFunc(lines, func(a, b line) int {
		return cmp.Or(strings.Compare(a.buyer, b.buyer), strings.Compare(a.session, b.session), a.msg.At.Compare(b.msg.At))
	})
	var out []ImportedConversation
	for i, l := range lines {
		if i == 0 || l.buyer != lines[i-1].buyer || l.session != lines[i-1].session ||
			(l.session == "" && l.msg.At.Sub(lines[i-1].msg.At) > DefaultSessionGap) {
			out = append(out, ImportedConversation{BuyerExternalID: l.buyer})
		}
		c := &out[len(out)-1]
		c.Messages = append(c.Messages, l.msg)
		if l.name != "" {
			c.BuyerName = l.name
		}
	}
	slices.SortStableFunc(out, func(a, b ImportedConversation) int { return a.Messages[0].At.Compare(b.Messages[0].At) })
	return out, nil
}

// OrderRow is one order of an order file, as read: Row is its number in
// the file; Problems are the cells the reader could not convert (an amount
// or time that does not parse), the rest is checked by CheckOrderRows.
type OrderRow struct {
	Row       int
	BuyerID   string
	BuyerName string
	Order     Order
	Problems  []FieldError
}

// CheckOrderRows validates every row of an order file (the buyer, the order
// as ValidateOrder does, no order number twice) and groups the orders by
// buyer, normalised. It returns an *InputError for an empty or too large
// file, or an *ImportRowsError naming every bad row.
func CheckOrderRows(rows []OrderRow) ([]BuyerOrders, error) {
	if err := checkRowCount(len(rows)); err != nil {
		return nil, err
	}
	var p rowProblems
	var out []BuyerOrders
	byBuyer := map[string]int{}
	first := map[string]int{}
	for _, r := range rows {
		o := NormalizeOrder(r.Order)
		buyer, name := strings.TrimSpace(r.BuyerID), strings.TrimSpace(r.BuyerName)
		bad := len(p.rows)
		id := o.ID
		if !utf8.ValidString(id) {
			id = strings.ToValidUTF8(id, "?")
		}
		p.checkLabel(r.Row, id, "buyer_id", buyer, MaxBuyerIDRunes, true)
		p.checkLabel(r.Row, id, "buyer_name", name, MaxBuyerNameRunes, false)
		for _, fe := range r.Problems {
			p.add(r.Row, id, fe.Field, fe.Key, "%s", fe.Detail)
		}
		for _, fe := range ValidateOrder(o) {
			p.add(r.Row, id, fe.Field, fe.Key, "%s", fe.Detail)
		}
		if j, dup := first[o.ID]; dup && o.ID != "" {
			p.add(r.Row, id, "id", "order_duplicate_id", "repeats the order number of row %d", j)
		} else if o.ID != "" {
			first[o.ID] = r.Row
		}
		if len(p.rows) > bad {
			continue
		}
		i, ok := byBuyer[buyer]
		if !ok {
			i = len(out)
			byBuyer[buyer] = i
			out = append(out, BuyerOrders{BuyerExternalID: buyer})
		}
		if name != "" {
			out[i].BuyerName = name
		}
		out[i].Orders = append(out[i].Orders, o)
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	return out, nil
}

// ImportChats checks a chat-log file's rows (CheckChats) and, when every
// row is good, stores its conversations in a shop as closed history.
func (h *History) ImportChats(ctx context.Context, shopID int64, rows []ChatRow, loc *time.Location) (ChatImportResult, error) {
	convs, err := CheckChats(rows, loc)
	if err != nil {
		return ChatImportResult{}, err
	}
	res, err := h.store.ImportConversations(ctx, shopID, convs)
	if err != nil {
		return ChatImportResult{}, fmt.Errorf("engine: import chats: %w", err)
	}
	return res, nil
}

// ImportOrders checks an order file's rows (CheckOrderRows) and, when every
// row is good, upserts the orders in a shop.
func (h *History) ImportOrders(ctx context.Context, shopID int64, rows []OrderRow) (OrderImportResult, error) {
	batches, err := CheckOrderRows(rows)
	if err != nil {
		return OrderImportResult{}, err
	}
	res, err := h.store.ImportOrders(ctx, shopID, batches, h.clock.Now())
	if err != nil {
		return OrderImportResult{}, fmt.Errorf("engine: import orders: %w", err)
	}
	return res, nil
}
