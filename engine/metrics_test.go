package engine

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// day0 is 09:00 on the day the sessions of these tables start (UTC).
var day0 = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC).UnixMilli()

const (
	minute = int64(60_000)
	hour   = 60 * minute
)

// script folds a session written as steps: a sender letter and its time
// in minutes after day0 — b buyer, a agent (agent 7), s assist, r robot,
// g greeting, f fallback, w away, y system ("b0 r0 b5 a7") — then ratings:
// "+" or "-" rates the newest robot reply solved or unsolved, "S4" scores
// the session.
func script(t *testing.T, steps string) SessionFacts {
	t.Helper()
	var f SessionFacts
	senders := map[byte]Sender{'b': SenderBuyer, 'a': SenderAgent, 's': SenderAssist, 'r': SenderRobot,
		'g': SenderGreeting, 'f': SenderFallback, 'w': SenderAway, 'y': SenderSystem}
	robotLast := false
	for _, step := range strings.Fields(steps) {
		switch step[0] {
		case '+', '-':
			f = f.RateReply(step[0] == '+', true, false, robotLast)
			continue
		case 'S':
			n, _ := strconv.Atoi(step[1:])
			f.Score = n
			continue
		}
		s, ok := senders[step[0]]
		minutes, err := strconv.ParseFloat(step[1:], 64)
		if !ok || err != nil {
			t.Fatalf("bad step %q", step)
		}
		agent := int64(0)
		if s == SenderAgent || s == SenderAssist {
			agent = 7
		}
		f, _, _ = f.Observe(s, day0+int64(minutes*float64(minute)), agent)
		if s != SenderSystem {
			robotLast = s == SenderRobot
		}
	}
	return f
}

func TestMT1_Response24h(t *testing.T) {
	late := day0 + 3*24*hour // every clock is up
	for _, c := range []struct {
		name   string
		steps  string
		now    int64
		want   Verdict
		reason string
	}{
		{"human within 24 h", "b0 a5", late, Met, "a human's first reply within 24 h answers the session"},
		{"human after 24 h", "b0 a1441", late, Missed, "24 h and one minute is too late"},
		{"human at exactly 24 h", "b0 a1440", late, Met, "24 h to the millisecond still counts"},
		{"assist auto-send", "b0 s0.1", late, Met, "assist's auto-send counts as answered (sessions +1, answered +1)"},
		{"robot, no follow-up", "b0 r0.1", late, Met, "a question the robot resolved counts as answered"},
		{"robot, follow-up, human in time", "b0 r0.1 b5 a60", late, Met, "after a follow-up a human answered within 24 h"},
		{"robot, follow-up, robot again", "b0 r0.1 b5 r5.1", late, Missed, "a follow-up needs a human: the robot's second answer is not one"},
		{"robot, follow-up, human late", "b0 r0.1 b5 a1446", late, Missed, "the human came 24 h and a minute after the follow-up"},
		{"robot, follow-up, human later", "b0 r0.1 b5 b6 a1444", late, Met, "counted from the follow-up, the first buyer message after the robot"},
		{"assist, follow-up, assist", "b0 s0.1 b5 s5.1", late, Met, "the follow-up rule is the robot's: assist speaks for the agent"},
		{"greeting only", "b0 g0", late, Missed, "a greeting is no reply"},
		{"fallback and away", "b0 f0 b1 w1", late, Missed, "fallback and away replies are no replies"},
		{"system note only", "b0 y1", late, Missed, "a system note is for agents"},
		{"unanswered, time left", "b0", day0 + 23*hour, Due, "no reply yet with time left: counted, not answered yet"},
		{"follow-up waiting, time left", "b0 r0 b5", day0 + 2*hour, Due, "a follow-up still within its 24 h"},
		{"no buyer message", "a0 a5", late, Uncounted, "a session the buyer never wrote in is none of the buyer's"},
		{"shop wrote first", "a0 b5 a6", late, Met, "the session starts with the buyer's first message"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Response24h(script(t, c.steps), c.now); got != c.want {
				t.Errorf("%s: %v, want %v (%s)", c.steps, got, c.want, c.reason)
			}
		})
	}
}

func TestMT2_FirstResponse(t *testing.T) {
	for _, c := range []struct {
		name   string
		steps  string
		want   time.Duration
		ok     bool
		reason string
	}{
		{"human", "b0 a3", 3 * time.Minute, true, "from the buyer's first message to the first human reply"},
		{"two buyer lines", "b0 b1 a3", 3 * time.Minute, true, "the oldest message waiting"},
		{"greeting first", "b0 g0 a4", 4 * time.Minute, true, "a greeting does not stop the clock"},
		{"assist only", "b0 s0.1", 0, false, "only assist answered: the session adds nothing (sessions +0)"},
		{"robot only", "b0 r0.1 b2 r2.1", 0, false, "only the robot answered: adds nothing"},
		{"robot then human on a follow-up", "b0 r0.1 b5 a7", 2 * time.Minute, true, "the human answered the follow-up, waiting since 5"},
		{"assist then human", "b0 s0 b10 a12", 2 * time.Minute, true, "the buyer waited for a human from 10"},
		{"human when nothing waits", "b0 r0.1 a30", 30 * time.Minute, true, "nothing waited: from the buyer's first message"},
		{"no reply", "b0", 0, false, "no human reply"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, ok := FirstResponse(script(t, c.steps))
			if got != c.want || ok != c.ok {
				t.Errorf("%s: %v %v, want %v %v (%s)", c.steps, got, ok, c.want, c.ok, c.reason)
			}
		})
	}
}

func TestMT3_Satisfaction(t *testing.T) {
	for _, c := range []struct {
		name             string
		steps            string
		rated, satisfied bool
		reason           string
	}{
		{"human, score 5", "b0 a1 S5", true, true, "4 and 5 are satisfied"},
		{"human, score 4", "b0 a1 S4", true, true, "4 and 5 are satisfied"},
		{"human, score 3", "b0 a1 S3", true, false, "3 and below are not"},
		{"robot, score 5", "b0 r0 S5", true, true, "sessions of intelligent reception count too"},
		{"assist, score 1", "b0 s0 S1", true, false, "sessions of intelligent reception count too"},
		{"robot reply solved, no score", "b0 r0 +", true, true, "replies rated, no score: satisfied when none was unsolved"},
		{"robot replies solved and unsolved, no score", "b0 r0 + b1 r1 -", true, false, "one unsolved reply: not satisfied"},
		{"score decides over replies", "b0 r0 - a5 S5", true, true, "the buyer's score of the session decides"},
		{"not rated", "b0 a1", false, false, "no rating: not counted"},
	} {
		t.Run(c.name, func(t *testing.T) {
			rated, satisfied := Satisfaction(script(t, c.steps))
			if rated != c.rated || satisfied != c.satisfied {
				t.Errorf("%s: %v %v, want %v %v (%s)", c.steps, rated, satisfied, c.rated, c.satisfied, c.reason)
			}
		})
	}
}

func TestMT4_ResolvedByReception(t *testing.T) {
	for _, c := range []struct {
		name   string
		steps  string
		want   bool
		reason string
	}{
		{"robot last", "b0 r0", true, "the last message is the robot's and the buyer did not follow up"},
		{"assist last", "b0 s0", true, "assist's auto-send is intelligent reception"},
		{"robot answered the follow-up", "b0 r0 b1 r1", true, "the last message is intelligent reception"},
		{"buyer followed up", "b0 r0 b1", false, "the buyer followed up"},
		{"greeting last", "b0 g0", false, "greetings never count"},
		{"robot then greeting", "b0 r0 g0", false, "the last message is a greeting"},
		{"fallback last", "b0 f0", false, "fallback replies are not intelligent reception"},
		{"away last", "b0 f0 b1 w1", false, "away replies never count"},
		{"human last", "b0 r0 a3", false, "a human had the last word"},
		{"system note after the robot", "b0 r0 y1", true, "system notes are for agents, not the last message"},
		{"last robot reply rated unsolved", "b0 r0 -", false, "the buyer said it was not solved"},
		{"earlier unsolved, later answer", "b0 r0 - b1 r1", true, "the newest answer was not rated"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := ResolvedByReception(script(t, c.steps)); got != c.want {
				t.Errorf("%s: %v, want %v (%s)", c.steps, got, c.want, c.reason)
			}
		})
	}
}

func TestMT6_RobotHandoff(t *testing.T) {
	for _, c := range []struct {
		steps             string
		served, handedOff bool
	}{
		{"b0 r0", true, false},
		{"b0 r0 -", true, true},
		{"b0 f0", true, true},
		{"b0 s0", false, false},
		{"b0 a1", false, false},
	} {
		if served, handedOff := RobotHandoff(script(t, c.steps)); served != c.served || handedOff != c.handedOff {
			t.Errorf("%s: %v %v, want %v %v", c.steps, served, handedOff, c.served, c.handedOff)
		}
	}
	// A decision of the robot without a reply: a scene rule's hand-off.
	f := script(t, "b0")
	f = f.Decided(DecisionRecord{Outcome: OutcomeHandoff, Reason: Reason{Key: "scene_rule"}}, true)
	if served, handedOff := RobotHandoff(f); !served || !handedOff {
		t.Errorf("robot hand-off: %v %v", served, handedOff)
	}
	// Assist's hand-off (an agent serves) is not the robot's.
	f = script(t, "b0").Decided(DecisionRecord{Outcome: OutcomeHandoff, AgentID: 3}, false)
	if served, _ := RobotHandoff(f); served {
		t.Error("assist's hand-off counted for the robot")
	}
}

func TestMT1_ObserveRecordsHumanTurns(t *testing.T) {
	var f SessionFacts
	var turns []Turn
	for _, m := range []struct {
		s  Sender
		at int64
	}{{SenderBuyer, 0}, {SenderBuyer, 1}, {SenderAgent, 2}, {SenderAgent, 3}, {SenderBuyer, 4}, {SenderRobot, 5}, {SenderBuyer, 6}, {SenderAgent, 9}} {
		var t Turn
		var ok bool
		f, t, ok = f.Observe(m.s, day0+m.at*minute, 7)
		if ok {
			turns = append(turns, t)
		}
	}
	want := []Turn{{Start: day0, From: day0, At: day0 + 2*minute, AgentID: 7}, {Start: day0, From: day0 + 6*minute, At: day0 + 9*minute, AgentID: 7}}
	if len(turns) != 2 || turns[0] != want[0] || turns[1] != want[1] {
		t.Errorf("turns %+v, want %+v (a second human line ends no wait; the robot ended the wait at 4)", turns, want)
	}
}
