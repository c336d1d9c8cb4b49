package store

import (
	"context"
	"fmt"

	"replydesk/engine"
)

// RobotHolding returns a shop's open conversations that only the robot has
// answered: no human has replied in them. An owner switching the robot off
// sees them, so that people take them over without a gap (RB-1).
func (s *Store) RobotHolding(ctx context.Context, shopID int64) ([]engine.Conversation, error) {
	var vs []conversationView
	err := s.db.WithContext(ctx).Raw(conversationSelect+` WHERE c.shop_id = ? AND c.state <> ?
  AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.sender IN (?, ?, ?))
  AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.sender = ?)
ORDER BY c.last_at DESC, c.id DESC`, shopID, engine.StateClosed, engine.SenderRobot, engine.SenderFallback, engine.SenderAway,
		engine.SenderAgent).Scan(&vs).Error
	if err != nil {
		return nil, fmt.Errorf("store: robot holding: %w", err)
	}
	return conversations(vs), nil
}
