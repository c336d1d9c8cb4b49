package engine_test

import (
	"testing"

	"replydesk/engine"
	"replydesk/engine/enginetest"
)

// TestConversationsAndAgents_CV1_CV2 runs the routing, queue, session and
// list scenarios on the in-memory store.
func TestConversationsAndAgents_CV1_CV2(t *testing.T) {
	enginetest.Run(t, func(t *testing.T) enginetest.Backend {
		m := engine.NewMemStore()
		return enginetest.Backend{Conversations: m, Agents: m, Shops: [2]int64{1, 2}}
	})
}
