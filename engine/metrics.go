package engine

import "time"

// The definitions of the platforms' service metrics (SPEC MT-1 – MT-4, and
// seeds/003: how assist and the robot count), each a pure function of one
// session's facts and, where a clock runs, of now (Unix milliseconds).

// ResponseWindow is the 24 hours of the response rate (MT-1).
const ResponseWindow = 24 * time.Hour

// Verdict is where a session (or a turn) stands against a clock.
type Verdict int

const (
	// Uncounted: the measure does not apply to it.
	Uncounted Verdict = iota
	// Met: answered in time.
	Met
	// Missed: not answered in time.
	Missed
	// Due: not answered yet, but its time is not up: it counts among
	// the sessions, not yet among the answered ones.
	Due
)

// Response24h says whether a session was answered within 24 hours (MT-1):
// its first reply — by a human, by assist's auto-send or by the robot —
// came within 24 h of the buyer's first message; and if the buyer followed
// up after a robot answer, a human replied within 24 h of the follow-up.
// Greetings, away and fallback replies answer nothing. A session without a
// buyer message is Uncounted; one whose 24 h are not up yet is Due.
func Response24h(f SessionFacts, now int64) Verdict {
	day := ResponseWindow.Milliseconds()
	switch {
	case f.Start == 0:
		return Uncounted
	case f.Reply == 0 && now-f.Start <= day:
		return Due
	case f.Reply == 0 || f.Reply-f.Start > day:
		return Missed
	case f.Followup == 0:
		return Met
	case f.FollowupHuman != 0 && f.FollowupHuman-f.Followup <= day:
		return Met
	case f.FollowupHuman == 0 && now-f.Followup <= day:
		return Due
	}
	return Missed
}

// FirstResponse is a session's first response time (MT-2): from the buyer
// message the first human reply answered (the oldest one waiting then;
// the buyer's first message when assist or the robot had answered all) to
// that reply. ok is false for a session without a human reply — one
// answered only by assist or the robot adds nothing to the average.
func FirstResponse(f SessionFacts) (time.Duration, bool) {
	if f.Start == 0 || f.Human == 0 {
		return 0, false
	}
	return time.Duration(f.Human-f.HumanFrom) * time.Millisecond, true
}

// Satisfaction says whether a session was rated and, if so, whether the
// buyer was satisfied (MT-3). Every rated session counts, served by humans
// or by intelligent reception. The session's score decides when the buyer
// gave one (4 or 5: satisfied). A session whose robot replies were rated
// but which has no score counts too: satisfied when every rated reply was
// solved, not when any was unsolved.
func Satisfaction(f SessionFacts) (rated, satisfied bool) {
	switch {
	case f.Start == 0:
		return false, false
	case f.Score > 0:
		return true, f.Score >= 4
	case f.RepliesRated > 0:
		return true, f.RepliesUnsolved == 0
	}
	return false, false
}

// ResolvedByReception says whether intelligent reception resolved a session
// (智能接待解决, MT-4): its last message is an answer of assist or the robot
// and the buyer did not follow up — nor rated that answer unsolved.
// Greetings, away and fallback replies are no intelligent reception.
func ResolvedByReception(f SessionFacts) bool {
	return f.Start != 0 && (f.LastSender == SenderAssist || f.LastSender == SenderRobot) && !f.LastUnsolved
}

// RobotHandoff says whether the robot received a session (served) and
// whether it handed it to a human (MT-6: the robot's hand-off rate).
func RobotHandoff(f SessionFacts) (served, handedOff bool) {
	if f.Start == 0 || !f.RobotServed {
		return false, false
	}
	return true, f.RobotHandoff
}
