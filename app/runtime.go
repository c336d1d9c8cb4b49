package app

import (
	"context"
	"sync"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"replydesk/engine"
)

// MessageEvent is one new message of a DeskBatch, with its conversation.
type MessageEvent struct {
	Conversation engine.Conversation `json:"conversation"`
	Message      engine.Message      `json:"message"`
}

// Events pushes events to the window. Until the window has started (and after
// it stops) events are dropped: Wails' EventsEmit kills the process when given
// a context that is not the app's.
//
// What buyers and routing change (messages, conversation summaries, agents'
// workloads) is not pushed one by one but gathered for BatchEvery and pushed
// as one EventDeskBatch: a burst of a thousand webhook messages a second is
// about twenty events for the window, not three thousand.
type Events struct {
	mu  sync.Mutex
	ctx context.Context
	// send is runtime.EventsEmit; tests replace it.
	send func(ctx context.Context, name string, payload ...any)
	// every is how long changes are gathered; 0 means BatchEvery.
	every time.Duration

	pending DeskBatch
	convAt  map[int64]int // conversation ID → index in pending.Conversations
	timer   *time.Timer
	// stamp sets a conversation's deadline (engine.Clocks.Stamp); nil
	// leaves it.
	stamp func(engine.Conversation) engine.Conversation
}

// SetStamp has every conversation pushed to the window stamped with its
// deadline by fn (engine.Clocks.Stamp).
func (e *Events) SetStamp(fn func(engine.Conversation) engine.Conversation) {
	e.mu.Lock()
	e.stamp = fn
	e.mu.Unlock()
}

// BatchEvery is how long Events gathers desk changes before pushing them:
// short enough to feel immediate, long enough to merge a burst.
const BatchEvery = 50 * time.Millisecond

// DeskBatch is the payload of EventDeskBatch: new messages in the order they
// were added, then the newest summary of every conversation that changed
// (those of the messages included) and, when agents changed, every agent.
// The window applies the messages first and the summaries after them.
type DeskBatch struct {
	Messages      []MessageEvent        `json:"messages"`
	Conversations []engine.Conversation `json:"conversations"`
	Agents        []engine.Agent        `json:"agents"`
	// Decisions are reception's decisions on buyer messages (the tags on
	// them), in the order they were made.
	Decisions []engine.DecisionRecord `json:"decisions"`
	// Ratings are buyers' ratings of robot replies and sessions (RB-7).
	Ratings []engine.Rating `json:"ratings"`
}

var (
	_ engine.Notifier         = (*Events)(nil)
	_ engine.AgentNotifier    = (*Events)(nil)
	_ engine.DecisionNotifier = (*Events)(nil)
	_ engine.RatingNotifier   = (*Events)(nil)
	_ engine.SettingsNotifier = (*Events)(nil)
)

func (e *Events) attach(ctx context.Context) {
	e.mu.Lock()
	e.ctx = ctx
	if ctx == nil {
		e.dropLocked()
	}
	e.mu.Unlock()
}

func (e *Events) emit(name string, payload any) {
	e.mu.Lock()
	ctx, send := e.ctx, e.sender()
	e.mu.Unlock()
	if ctx != nil {
		send(ctx, name, payload)
	}
}

func (e *Events) sender() func(ctx context.Context, name string, payload ...any) {
	if e.send != nil {
		return e.send
	}
	return runtime.EventsEmit
}

// gather adds to the pending batch under the lock and makes sure a flush is
// scheduled; nothing is gathered while no window listens.
func (e *Events) gather(add func(b *DeskBatch)) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.ctx == nil {
		return
	}
	add(&e.pending)
	if e.timer == nil {
		every := e.every
		if every <= 0 {
			every = BatchEvery
		}
		e.timer = time.AfterFunc(every, e.flush)
	}
}

// summary records c as the newest summary of its conversation.
func (e *Events) summary(b *DeskBatch, c engine.Conversation) {
	if e.convAt == nil {
		e.convAt = map[int64]int{}
	}
	if i, ok := e.convAt[c.ID]; ok {
		b.Conversations[i] = c
		return
	}
	e.convAt[c.ID] = len(b.Conversations)
	b.Conversations = append(b.Conversations, c)
}

// flush pushes what was gathered as one EventDeskBatch.
func (e *Events) flush() {
	e.mu.Lock()
	b, ctx, send, stamp := e.pending, e.ctx, e.sender(), e.stamp
	e.dropLocked()
	e.mu.Unlock()
	if stamp != nil {
		for i := range b.Conversations {
			b.Conversations[i] = stamp(b.Conversations[i])
		}
		for i := range b.Messages {
			b.Messages[i].Conversation = stamp(b.Messages[i].Conversation)
		}
	}
	if ctx != nil && (len(b.Messages) > 0 || len(b.Conversations) > 0 || b.Agents != nil || len(b.Decisions) > 0 || len(b.Ratings) > 0) {
		send(ctx, EventDeskBatch, b)
	}
}

func (e *Events) dropLocked() {
	if e.timer != nil {
		e.timer.Stop()
		e.timer = nil
	}
	e.pending = DeskBatch{}
	e.convAt = nil
}

// MessageAdded implements engine.Notifier.
func (e *Events) MessageAdded(c engine.Conversation, m engine.Message) {
	e.gather(func(b *DeskBatch) {
		b.Messages = append(b.Messages, MessageEvent{Conversation: c, Message: m})
		e.summary(b, c)
	})
}

// ConversationChanged implements engine.Notifier.
func (e *Events) ConversationChanged(c engine.Conversation) {
	e.gather(func(b *DeskBatch) { e.summary(b, c) })
}

// AssistUpdated implements engine.Notifier.
func (e *Events) AssistUpdated(a engine.Assist) {
	e.emit(EventAssistUpdated, a)
}

// AgentsChanged implements engine.AgentNotifier.
func (e *Events) AgentsChanged(agents []engine.Agent) {
	if agents == nil {
		agents = []engine.Agent{}
	}
	e.gather(func(b *DeskBatch) { b.Agents = agents })
}

// Decided implements engine.DecisionNotifier.
func (e *Events) Decided(c engine.Conversation, r engine.DecisionRecord) {
	e.gather(func(b *DeskBatch) {
		b.Decisions = append(b.Decisions, r)
		e.summary(b, c)
	})
}

// Rated implements engine.RatingNotifier.
func (e *Events) Rated(c engine.Conversation, r engine.Rating) {
	e.gather(func(b *DeskBatch) {
		b.Ratings = append(b.Ratings, r)
		e.summary(b, c)
	})
}

// SettingsChanged implements engine.SettingsNotifier.
func (e *Events) SettingsChanged() {
	e.emit(EventSettingsChanged, struct{}{})
}
