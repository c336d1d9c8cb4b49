package engine

import (
	"cmp"
	"slices"
	"time"
)

// Every waiting conversation runs against the shop's human-reply clocks:
// MT-1's 24 hours and the KPIs of the shop's platform (MT-5). The queue
// shows the time left on the strictest of them, and a shop can have the
// queue served by it (routing.order=deadline).

// KeyResponse24h names MT-1's clock among the KPIs' keys.
const KeyResponse24h = "response_24h"

// QueueOrder is how a shop's queued conversations are served (CV-2).
type QueueOrder string

const (
	// QueueByArrival: in the order they entered the queue.
	QueueByArrival QueueOrder = "arrival"
	// QueueByDeadline: the one closest to missing a human-reply clock first.
	QueueByDeadline QueueOrder = "deadline"
)

// Deadline is when a waiting buyer misses a human-reply clock.
type Deadline struct {
	At time.Time
	// Key is the clock's: KeyResponse24h or a KPI's key.
	Key string
}

// NextDeadline returns the earliest moment a session misses one of its
// running clocks, in the shop's time zone loc: MT-1's 24 hours from the
// buyer's first message while nothing answered it, or from a follow-up
// after a robot answer while no human answered that; and, for each KPI,
// its time from the buyer's wait (KPITurns) or, before any human reply,
// from the wait (KPISessions), when the wait began in the KPI's window.
// Robot and assist replies stop no human clock but MT-1's first one. ok is
// false when no clock runs.
func NextDeadline(f SessionFacts, kpis []KPI, loc *time.Location) (Deadline, bool) {
	var best Deadline
	ok := false
	consider := func(at int64, key string) {
		t := time.UnixMilli(at)
		if !ok || t.Before(best.At) {
			best, ok = Deadline{At: t, Key: key}, true
		}
	}
	if f.Start == 0 {
		return best, false
	}
	day := ResponseWindow.Milliseconds()
	switch {
	case f.Reply == 0:
		consider(f.Start+day, KeyResponse24h)
	case f.Followup != 0 && f.FollowupHuman == 0:
		consider(f.Followup+day, KeyResponse24h)
	}
	if f.Wait != 0 {
		for _, k := range kpis {
			if (k.Kind == KPITurns || (k.Kind == KPISessions && f.Human == 0)) && k.InWindow(f.Wait, loc) {
				consider(f.Wait+k.Clock().Milliseconds(), k.Key)
			}
		}
	}
	return best, ok
}

// QueueKey is when a queued conversation should be served by: its
// deadline when its shop orders the queue by deadline and a clock runs;
// otherwise MT-1's 24 hours from its arrival in the queue, so that
// arrival-ordered conversations keep their order among themselves and
// meet the others on the one clock every shop has.
func QueueKey(c Conversation, byDeadline bool) time.Time {
	if byDeadline && !c.Deadline.IsZero() {
		return c.Deadline
	}
	return c.QueuedAt.Add(ResponseWindow)
}

// OrderQueue sorts queued conversations in the order routing serves them:
// priority first (RB-8), then by QueueKey, then by arrival and ID. byDeadline
// says whether a shop orders its queue by deadline. With no such shop the
// order is the arrival order store.Queue returns.
func OrderQueue(queue []Conversation, byDeadline func(shopID int64) bool) {
	slices.SortStableFunc(queue, func(a, b Conversation) int {
		if a.Priority != b.Priority {
			if a.Priority {
				return -1
			}
			return 1
		}
		return cmp.Or(QueueKey(a, byDeadline(a.ShopID)).Compare(QueueKey(b, byDeadline(b.ShopID))),
			a.QueuedAt.Compare(b.QueuedAt), cmp.Compare(a.ID, b.ID))
	})
}
