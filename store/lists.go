package store

import (
	"context"
	"fmt"
	"strings"

	"replydesk/engine"
)

// listConditions are the SQL conditions of each list (engine.List.Has).
var listConditions = map[engine.List]string{
	engine.ListAll:       `c.status = 'open'`,
	engine.ListUnread:    `c.status = 'open' AND c.unread > 0`,
	engine.ListUnreplied: `c.status = 'open' AND c.unreplied = 1`,
	engine.ListQueued:    `c.state = 'queued'`,
	engine.ListClosed:    `c.status = 'closed'`,
}

// likeEscaper makes a text match itself in LIKE … ESCAPE '\'.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// where is a SQL condition with its arguments.
type where struct {
	sql  []string
	args []any
}

func (w *where) add(cond string, args ...any) {
	w.sql = append(w.sql, cond)
	w.args = append(w.args, args...)
}

func (w *where) String() string {
	if len(w.sql) == 0 {
		return "1"
	}
	return strings.Join(w.sql, " AND ")
}

// filterWhere is the part of a list filter every list shares: shops, search
// text and dates.
func filterWhere(f engine.ListFilter) *where {
	w := &where{}
	if len(f.ShopIDs) > 0 {
		w.add(`c.shop_id IN ?`, f.ShopIDs)
	}
	if !f.From.IsZero() {
		w.add(`c.last_at >= ?`, f.From.UTC())
	}
	if !f.To.IsZero() {
		w.add(`c.started_at < ?`, f.To.UTC())
	}
	if f.Query != "" {
		like := "%" + likeEscaper.Replace(f.Query) + "%"
		// The matching conversations are found once per statement (a scan
		// of buyers and one of messages) and probed while the covering
		// index is read: the unary + keeps SQLite from driving the query
		// from the matches, which costs a table lookup each.
		w.add(`+c.id IN (SELECT c2.id FROM conversations c2 JOIN buyers b ON b.id = c2.buyer_id
    WHERE b.name LIKE ? ESCAPE '\' OR b.external_id LIKE ? ESCAPE '\'
  UNION ALL SELECT m.conversation_id FROM messages m WHERE m.text LIKE ? ESCAPE '\')`, like, like, like)
	}
	return w
}

// agentCondition limits a list to an agent's conversations; the queue is everyone's.
func agentCondition(f engine.ListFilter, l engine.List) (string, []any) {
	if f.AgentID == 0 || l == engine.ListQueued {
		return "1", nil
	}
	return "c.agent_id = ?", []any{f.AgentID}
}

// countRow is a group of conversations alike for every list.
type countRow struct {
	State     string
	Unreplied bool
	Unread    int
	AgentID   int64
	N         int
}

// List returns a page of a conversation list and the counts of every list
// under the filter's shops, agent, search text and dates (CV-1). f is
// normalized (engine.Desk.List does it). The counts come from one pass over
// a covering index, grouped by what the lists depend on; which group belongs
// in which list is engine.List.Has.
func (s *Store) List(ctx context.Context, f engine.ListFilter) (engine.Page, error) {
	w := filterWhere(f)
	db := s.db.WithContext(ctx)

	var groups []countRow
	err := db.Raw(`SELECT c.state, c.unreplied, c.unread, c.agent_id, COUNT(*) AS n FROM conversations c WHERE `+w.String()+`
GROUP BY c.state, c.unreplied, c.unread, c.agent_id`, w.args...).Scan(&groups).Error
	if err != nil {
		return engine.Page{}, fmt.Errorf("store: count conversations: %w", err)
	}
	var p engine.Page
	counts := []*int{&p.Counts.All, &p.Counts.Unread, &p.Counts.Unreplied, &p.Counts.Queued, &p.Counts.Closed}
	for _, g := range groups {
		c := engine.Conversation{State: engine.ConversationState(g.State), Unreplied: g.Unreplied, Unread: g.Unread, AgentID: g.AgentID}
		for i, l := range engine.Lists {
			if l.Has(c) && (f.AgentID == 0 || l == engine.ListQueued || c.AgentID == f.AgentID) {
				*counts[i] += g.N
			}
		}
	}
	p.Total = p.Counts.Of(f.List)
	if f.Offset >= p.Total {
		p.Items = []engine.Conversation{}
		return p, nil
	}

	cond, a := agentCondition(f, f.List)
	w.add(listConditions[f.List]+` AND `+cond, a...)
	order := `c.last_at DESC, c.id DESC`
	if f.List == engine.ListQueued {
		order = `c.priority DESC, c.queued_at, c.id`
	}
	var vs []conversationView
	err = db.Raw(conversationSelect+` WHERE `+w.String()+` ORDER BY `+order+` LIMIT ? OFFSET ?`,
		append(w.args, f.Limit, f.Offset)...).Scan(&vs).Error
	if err != nil {
		return engine.Page{}, fmt.Errorf("store: list conversations: %w", err)
	}
	p.Items = conversations(vs)
	return p, nil
}

// LongestWaiting returns the unreplied open conversation whose buyer has
// waited longest (ties: lowest ID), of an agent (0: anyone, the queue
// included) in the shops (empty: all); ErrNotFound when nobody waits.
func (s *Store) LongestWaiting(ctx context.Context, agentID int64, shopIDs []int64) (engine.Conversation, error) {
	w := &where{}
	w.add(`c.unreplied = 1 AND c.status = 'open'`)
	if agentID != 0 {
		w.add(`c.agent_id = ?`, agentID)
	}
	if len(shopIDs) > 0 {
		w.add(`c.shop_id IN ?`, shopIDs)
	}
	var v conversationView
	res := s.db.WithContext(ctx).Raw(conversationSelect+` WHERE `+w.String()+` ORDER BY c.waiting_since, c.id LIMIT 1`, w.args...).Scan(&v)
	switch {
	case res.Error != nil:
		return engine.Conversation{}, fmt.Errorf("store: longest waiting: %w", res.Error)
	case res.RowsAffected == 0:
		return engine.Conversation{}, fmt.Errorf("store: longest waiting: %w", ErrNotFound)
	}
	return v.conversation(), nil
}
