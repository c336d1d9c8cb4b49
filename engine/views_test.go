package engine

import (
	"testing"
	"time"
)

// TestViews_AS5_WhichWindowStandsForTheAgent: of an agent's windows, the
// one in front counts; several in front (the desktop window and dev-server
// pages), one showing a conversation, and of those the one the agent acted
// in last, however often the others report; silent windows expire.
func TestViews_AS5_WhichWindowStandsForTheAgent(t *testing.T) {
	t0 := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	type report struct {
		window  string
		conv    int64
		focused bool
		ago     time.Duration
	}
	for _, c := range []struct {
		name    string
		reports []report // in the order they came
		want    int64    // the conversation the agent's view shows
		front   bool
	}{
		{"one window", []report{{"a", 7, true, 0}}, 7, true},
		{"the window in front over a newer one behind", []report{{"a", 7, true, time.Second}, {"b", 9, false, 0}}, 7, true},
		{"two in front: the one a conversation was opened in, though the other reported since",
			[]report{{"desk", 0, true, 5 * time.Second}, {"page", 7, true, 3 * time.Second}, {"desk", 0, true, time.Second}}, 7, true},
		{"two in front: one showing a conversation, though the other came to front since",
			[]report{{"desk", 0, true, 5 * time.Second}, {"page", 7, true, 3 * time.Second}, {"desk", 0, false, 2 * time.Second}, {"desk", 0, true, time.Second}}, 7, true},
		{"two in front: the agent moved to the other window",
			[]report{{"a", 7, true, 5 * time.Second}, {"b", 9, true, 2 * time.Second}, {"a", 7, true, time.Second}}, 9, true},
		{"two in front, both new at once: the one showing a conversation",
			[]report{{"desk", 0, true, time.Second}, {"page", 7, true, time.Second}}, 7, true},
		{"the one in front went silent: the newest fresh one", []report{{"a", 7, true, 10 * time.Second}, {"b", 9, false, time.Second}}, 9, false},
		{"all silent: the newest, which Decide sees expired", []report{{"a", 7, true, 20 * time.Second}, {"b", 9, false, 10 * time.Second}}, 9, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			clock := &fakeClock{t: t0}
			v := NewViews(clock)
			for _, r := range c.reports {
				clock.t = t0.Add(-r.ago)
				v.Report(1, r.window, r.conv, r.focused)
			}
			clock.t = t0
			got := v.Snapshot()[1]
			if got.ConversationID != c.want || got.Focused != c.front {
				t.Errorf("view %+v; want conversation %d, in front %v", got, c.want, c.front)
			}
		})
	}
}
