package store

import (
	"context"
	"fmt"
	"strings"

	"replydesk/engine"
)

var _ engine.ReplayStore = (*Store)(nil)

// replayFilter is the WHERE clause on buyer messages m of a replay query,
// with its arguments.
func replayFilter(q engine.ReplayQuery) (string, []any) {
	where := `m.sender = ?`
	args := []any{engine.SenderBuyer}
	if !q.From.IsZero() {
		where += ` AND m.created_at >= ?`
		args = append(args, q.From.UTC())
	}
	if !q.To.IsZero() {
		where += ` AND m.created_at < ?`
		args = append(args, q.To.UTC())
	}
	switch q.Source {
	case engine.ReplayLive:
		where += ` AND m.source = ''`
	case engine.ReplayImport:
		where += ` AND m.source = ?`
		args = append(args, engine.SourceImport)
	}
	return where, args
}

// CountReplay counts the buyer messages of a shop that a replay query
// selects.
func (s *Store) CountReplay(ctx context.Context, q engine.ReplayQuery) (int, error) {
	where, args := replayFilter(q)
	var n int64
	err := s.db.WithContext(ctx).Raw(`SELECT COUNT(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id
WHERE c.shop_id = ? AND `+where, append([]any{q.ShopID}, args...)...).Scan(&n).Error
	if err != nil {
		return 0, fmt.Errorf("store: count replay: %w", err)
	}
	return int(n), nil
}

// ReplayPage returns up to limit conversations of the query's shop with a
// buyer message it selects, of ID above after, in ID order, each with all
// its messages (oldest first) and its buyer's orders.
func (s *Store) ReplayPage(ctx context.Context, q engine.ReplayQuery, after int64, limit int) ([]engine.ReplayConversationData, error) {
	fail := func(err error) ([]engine.ReplayConversationData, error) {
		return nil, fmt.Errorf("store: replay page: %w", err)
	}
	where, args := replayFilter(q)
	db := s.db.WithContext(ctx)
	var ids []int64
	err := db.Raw(`SELECT c.id FROM conversations c WHERE c.shop_id = ? AND c.id > ?
  AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND `+where+`)
ORDER BY c.id LIMIT ?`, append(append([]any{q.ShopID, after}, args...), limit)...).Scan(&ids).Error
	if err != nil || len(ids) == 0 {
		if err != nil {
			return fail(err)
		}
		return nil, nil
	}
	in := strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")
	idArgs := make([]any, len(ids))
	for i, id := range ids {
		idArgs[i] = id
	}
	var convs []conversationView
	if err := db.Raw(conversationSelect+` WHERE c.id IN (`+in+`) ORDER BY c.id`, idArgs...).Scan(&convs).Error; err != nil {
		return fail(err)
	}
	var msgs []messageRow
	if err := db.Raw(`SELECT id, conversation_id, sender, type, text, entry_id, agent_id, payload, created_at
FROM messages WHERE conversation_id IN (`+in+`) ORDER BY conversation_id, id`, idArgs...).Scan(&msgs).Error; err != nil {
		return fail(err)
	}
	buyers := map[int64]bool{}
	var buyerArgs []any
	for _, c := range convs {
		if !buyers[c.BuyerID] {
			buyers[c.BuyerID] = true
			buyerArgs = append(buyerArgs, c.BuyerID)
		}
	}
	var orders []orderRow
	if len(buyerArgs) > 0 {
		bin := strings.TrimSuffix(strings.Repeat("?,", len(buyerArgs)), ",")
		if err := db.Raw(`SELECT * FROM orders WHERE buyer_id IN (`+bin+`) ORDER BY updated_at DESC, id DESC`, buyerArgs...).Scan(&orders).Error; err != nil {
			return fail(err)
		}
	}
	byBuyer := map[int64][]engine.Order{}
	for _, o := range orders {
		byBuyer[o.BuyerID] = append(byBuyer[o.BuyerID], o.order())
	}
	out := make([]engine.ReplayConversationData, len(convs))
	at := map[int64]int{}
	for i, c := range convs {
		out[i] = engine.ReplayConversationData{Conversation: c.conversation(), Orders: byBuyer[c.BuyerID]}
		at[c.ID] = i
	}
	for _, m := range msgs {
		if i, ok := at[m.ConversationID]; ok {
			out[i].Messages = append(out[i].Messages, m.message())
		}
	}
	return out, nil
}
