package store

import (
	"context"
	"testing"

	"replydesk/engine"
	"replydesk/engine/enginetest"
)

// TestConversationsAndAgents_CV1_CV2 runs the routing, queue, session and
// list scenarios on SQLite.
func TestConversationsAndAgents_CV1_CV2(t *testing.T) {
	enginetest.Run(t, func(t *testing.T) enginetest.Backend {
		s, _ := openTest(t)
		ctx := context.Background()
		a, err := s.CreateShop(ctx, engine.Shop{Name: "店A"})
		if err != nil {
			t.Fatal(err)
		}
		b, err := s.CreateShop(ctx, engine.Shop{Name: "Shop B"})
		if err != nil {
			t.Fatal(err)
		}
		return enginetest.Backend{Conversations: s, Agents: s, Shops: [2]int64{a.ID, b.ID}}
	})
}
