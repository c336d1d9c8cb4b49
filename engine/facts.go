package engine

import "time"

// The platforms' service metrics (MT-1 – MT-5) are computed from a few
// facts per session, recorded as its messages are written, in the same
// transaction (the store keeps them on the conversation): a metric is a
// query over facts, never a re-reading of every message. Observe is the one
// place that says how a message changes them; the live write paths, chat-log
// imports and the tests all go through it. The definitions (metrics.go)
// are pure functions of the facts.

// SessionFacts are what a session's metrics need. Times are Unix
// milliseconds, 0 for "never".
type SessionFacts struct {
	// Start is the buyer's first message: the session counts from then and
	// belongs to that day (in the shop's time zone). 0 for a session the
	// buyer never wrote in (an imported log of the shop's own messages):
	// such a session is no buyer's contact and counts nowhere.
	Start int64 `json:"start"`
	// Reply is the first reply to the buyer after Start by a human, assist
	// or the robot (Sender.Replies); greetings, away and fallback replies
	// are none.
	Reply int64 `json:"reply"`
	// Robot is the robot's first reply; Followup the buyer's first message
	// after it (a follow-up, MT-1), FollowupHuman the first human reply
	// after the follow-up.
	Robot         int64 `json:"robot"`
	Followup      int64 `json:"followup"`
	FollowupHuman int64 `json:"followupHuman"`
	// Human is the first human reply, HumanAgent its agent and HumanFrom
	// the buyer message it answered: the oldest one still waiting for a
	// reply then, or Start when none was (the robot had answered).
	Human      int64 `json:"human"`
	HumanAgent int64 `json:"humanAgent"`
	HumanFrom  int64 `json:"humanFrom"`
	// Wait is the oldest buyer message no reply has answered yet: the
	// buyer waits since then (the conversation's WaitingSince); 0 when no
	// one waits.
	Wait int64 `json:"wait"`
	// LastSender is the sender of the session's newest message (system
	// notes aside); LastUnsolved says that message, a robot reply, was
	// rated unsolved.
	LastSender   Sender `json:"lastSender"`
	LastUnsolved bool   `json:"lastUnsolved"`
	// RobotServed: the robot received the session (it replied, fell back
	// or handed off); RobotHandoff: it handed the session to a human (its
	// fallback, a scene rule, the buyer asking for a human, an answer that
	// transfers, an unsolved rating).
	RobotServed  bool `json:"robotServed"`
	RobotHandoff bool `json:"robotHandoff"`
	// Score is the buyer's rating of the session, 1–5 (0: none);
	// RepliesRated and RepliesUnsolved count the robot replies rated and
	// those rated unsolved.
	Score           int `json:"score"`
	RepliesRated    int `json:"repliesRated"`
	RepliesUnsolved int `json:"repliesUnsolved"`
}

// Turn is a wait of the buyer that a human reply ended: from the oldest
// buyer message waiting (From) to the reply (At), by AgentID. A wait ended
// by assist or the robot is no human turn; one never ended is the session's
// Wait. The platforms' N-minute human reply rates count turns (MT-5).
type Turn struct {
	ConversationID int64 `json:"conversationId"`
	// Start is the session's Start: a turn belongs to its session's day.
	Start   int64 `json:"start"`
	From    int64 `json:"from"`
	At      int64 `json:"at"`
	AgentID int64 `json:"agentId"`
}

// Ms is t in Unix milliseconds, 0 for the zero time.
func Ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// Observe returns the facts after a message from sender at the time at
// (Unix milliseconds), sent by agentID (a human's or assist's; 0 for
// others), and the human turn it ended, if any (ok). Messages are observed
// in the order they were written. Before the buyer's first message, a
// shop-side message is no reply: it only becomes the newest message.
func (f SessionFacts) Observe(sender Sender, at, agentID int64) (_ SessionFacts, turn Turn, ok bool) {
	switch sender {
	case SenderSystem:
		return f, turn, false // for agents only
	case SenderBuyer:
		if f.Start == 0 {
			f.Start = at
		}
		if f.Wait == 0 {
			f.Wait = at
		}
		if f.Robot != 0 && f.Followup == 0 {
			f.Followup = at
		}
	case SenderAgent, SenderAssist, SenderRobot:
		if f.Start == 0 {
			break
		}
		if f.Reply == 0 {
			f.Reply = at
		}
		switch sender {
		case SenderAgent:
			if f.Human == 0 {
				f.Human, f.HumanAgent, f.HumanFrom = at, agentID, f.Start
				if f.Wait != 0 {
					f.HumanFrom = f.Wait
				}
			}
			if f.Followup != 0 && f.FollowupHuman == 0 {
				f.FollowupHuman = at
			}
			if f.Wait != 0 {
				turn, ok = Turn{Start: f.Start, From: f.Wait, At: at, AgentID: agentID}, true
			}
		case SenderRobot:
			if f.Robot == 0 {
				f.Robot = at
			}
			f.RobotServed = true
		}
		f.Wait = 0
	case SenderFallback:
		if f.Start != 0 {
			f.RobotServed, f.RobotHandoff = true, true
		}
	}
	f.LastSender, f.LastUnsolved = sender, false
	return f, turn, ok
}

// RateReply returns the facts after the buyer rated a robot reply (RB-7):
// a first rating of it (first) adds to the rated replies, a change of mind
// moves it between solved and unsolved (wasUnsolved: its rating before).
// last says it is the session's newest message. An unsolved reply hands
// the session to a human (RB-8).
func (f SessionFacts) RateReply(solved, first, wasUnsolved, last bool) SessionFacts {
	if first {
		f.RepliesRated++
	} else if wasUnsolved {
		f.RepliesUnsolved--
	}
	if !solved {
		f.RepliesUnsolved++
		f.RobotHandoff = true
	}
	if last {
		f.LastUnsolved = !solved
	}
	return f
}

// ByRobot reports whether the robot made the decision: it answered, fell
// back, sent the away reply, or handed off (a hand-off with no agent
// serving; assist hands off only for the agent serving).
func (r DecisionRecord) ByRobot() bool {
	switch r.Outcome {
	case OutcomeRobot, OutcomeFallback, OutcomeAway:
		return true
	case OutcomeHandoff:
		return r.AgentID == 0
	}
	return false
}

// Decided returns the facts after a reception decision (its reply, if
// any, observed already): a decision of the robot means the robot received
// the session; a fallback, a hand-off or an answer that transfers means it
// handed the session to a human (RB-5, RB-8, RB-9).
func (f SessionFacts) Decided(r DecisionRecord, transfer bool) SessionFacts {
	if f.Start == 0 || !r.ByRobot() {
		return f
	}
	f.RobotServed = true
	if transfer || r.Outcome == OutcomeFallback || r.Outcome == OutcomeHandoff {
		f.RobotHandoff = true
	}
	return f
}
