package engine

import (
	"sync"
	"time"
)

// Views keeps what each agent's windows last said they show (AS-5). An
// agent may have several windows on one desk (the dev build's window and a
// page on its dev server, later several desks): each reports on its own.
type Views struct {
	mu    sync.Mutex
	views map[int64]map[string]View // agent → window → view
	clock Clock
}

// NewViews returns an empty registry on clock.
func NewViews(clock Clock) *Views { return &Views{views: map[int64]map[string]View{}, clock: clock} }

// Report records that an agent's window (named by the window, any string
// stable for its life) shows a conversation (0: none) and whether it is in
// front, now. A window reports every few seconds; what it said holds for
// PresenceTTL.
func (v *Views) Report(agentID int64, window string, conversationID int64, focused bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.views[agentID] == nil {
		v.views[agentID] = map[string]View{}
	}
	now := v.clock.Now()
	since := now
	if was, ok := v.views[agentID][window]; ok && was.ConversationID == conversationID && was.Focused == focused {
		since = was.Since
	}
	v.views[agentID][window] = View{ConversationID: conversationID, Focused: focused, At: now, Since: since}
}

// Snapshot returns each agent's view as its windows make it: of the views
// still within PresenceTTL, the one in front — one showing a conversation
// before one showing none, then the one the agent acted in last (its view
// changed last), then the newest —, else the newest; an agent whose
// windows all went silent has its newest view, which Decide sees expired.
// Views silent for a minute are forgotten.
//
// Several windows in front happen where focus is not one (the desktop
// window and pages on its dev server, each in front of its own screen): a
// conversation shown in one of them counts as watched, whatever the others
// report or however their focus comes and goes — the safe side, where
// nothing is sent on its own; of two showing conversations, the one the
// agent last opened a conversation in.
func (v *Views) Snapshot() map[int64]View {
	now := v.clock.Now()
	v.mu.Lock()
	defer v.mu.Unlock()
	out := make(map[int64]View, len(v.views))
	for agent, windows := range v.views {
		var best View
		for w, x := range windows {
			if now.Sub(x.At) > time.Minute && len(windows) > 1 {
				delete(windows, w)
				continue
			}
			if best.At.IsZero() || x.before(best, now) {
				best = x
			}
		}
		out[agent] = best
	}
	return out
}

// before says whether view x stands for its agent rather than view y, now.
func (x View) before(y View, now time.Time) bool {
	xFront := now.Sub(x.At) <= PresenceTTL && x.Focused
	yFront := now.Sub(y.At) <= PresenceTTL && y.Focused
	switch {
	case xFront != yFront:
		return xFront
	case xFront && (x.ConversationID != 0) != (y.ConversationID != 0):
		return x.ConversationID != 0
	case xFront && !x.Since.Equal(y.Since):
		return x.Since.After(y.Since)
	default:
		return x.At.After(y.At)
	}
}
