package app

import (
	"context"
	"sync"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"replydesk/engine"
)

// MessageEvent is the payload of EventConversationMessage.
type MessageEvent struct {
	Conversation engine.Conversation `json:"conversation"`
	Message      engine.Message      `json:"message"`
}

// Events pushes events to the window. Until the window has started (and after
// it stops) events are dropped: Wails' EventsEmit kills the process when given
// a context that is not the app's.
type Events struct {
	mu  sync.RWMutex
	ctx context.Context
}

var (
	_ engine.Notifier      = (*Events)(nil)
	_ engine.AgentNotifier = (*Events)(nil)
)

func (e *Events) attach(ctx context.Context) {
	e.mu.Lock()
	e.ctx = ctx
	e.mu.Unlock()
}

func (e *Events) emit(name string, payload any) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	if e.ctx != nil {
		runtime.EventsEmit(e.ctx, name, payload)
	}
}

// MessageAdded implements engine.Notifier.
func (e *Events) MessageAdded(c engine.Conversation, m engine.Message) {
	e.emit(EventConversationMessage, MessageEvent{Conversation: c, Message: m})
}

// ConversationChanged implements engine.Notifier.
func (e *Events) ConversationChanged(c engine.Conversation) {
	e.emit(EventConversationUpdated, c)
}

// AssistUpdated implements engine.Notifier.
func (e *Events) AssistUpdated(a engine.Assist) {
	e.emit(EventAssistUpdated, a)
}

// AgentsChanged implements engine.AgentNotifier.
func (e *Events) AgentsChanged(agents []engine.Agent) {
	e.emit(EventAgentsChanged, agents)
}
