package engine

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// The full-auto robot (全自动机器人, RB-1 – RB-12) is one more outcome of
// Decide: robotTurn says whether a message is the robot's, decideRobot what
// it does with it.

// robotTurn reports whether the robot answers the message: it is on, a
// human never replied in the conversation (RB-12: the robot stays out of a
// conversation a human has been in), no online agent serves it, nobody is
// online or every online agent is at capacity and the buyer is queued
// (RB-2), and it is the robot's time (all day, or outside working hours;
// RB-1). When the robot is on but it is not its time, why names that.
func robotTurn(f Facts) (turn bool, why string) {
	s, c := f.Settings, f.Conversation
	if !s.RobotEnabled || lastHumanReply(f.Messages) != 0 {
		return false, ""
	}
	var online []Agent
	for _, a := range f.Agents {
		if a.Status == AgentOnline {
			online = append(online, a)
		}
	}
	if c.State == StateActive && slices.ContainsFunc(online, func(a Agent) bool { return a.ID == c.AgentID }) {
		return false, ""
	}
	if len(online) > 0 {
		saturated := !slices.ContainsFunc(online, func(a Agent) bool { return a.Active < a.Capacity })
		if !saturated || c.State != StateQueued {
			return false, ""
		}
	}
	if s.RobotMode == RobotOffHours && s.WorkingHours(f.Calendar).Working(f.Now) {
		return false, "robot_working_hours"
	}
	return true, ""
}

// robotHandedOff lists the reasons of robot decisions after which the robot
// stays silent in the conversation (a human takes it).
var robotHandedOff = []string{"scene_rule", "asked_human", "robot_silent"}

// decideRobot decides a message that is the robot's (RB-3 – RB-11):
//
//  1. a scene rule (RB-9): straight to a human, first in the queue, no reply;
//  2. after its fallback the robot sends the away reply once (when the shop
//     set one), then nothing (RB-5); after a hand-off to a human (asked
//     for, a scene rule, an unsolved rating), nothing;
//  3. the buyer asks for a human (转人工: the ask_human intent or words,
//     RB-8): to a human, first in the queue, with the entry's answer
//     announcing it when that answer may go on its own;
//  4. no confident answer (as for assist, sensitive words included): the
//     fallback reply, telling the buyer when people are back outside
//     working hours; the conversation waits for a human with a tag (RB-5);
//  5. otherwise the robot answers (RB-3), and an answer whose entry
//     transfers to a human transfers.
//
// The greeting (RB-11) goes before a reply to the buyer's first message.
func decideRobot(f Facts, d Decision) Decision {
	s := f.Settings
	set := func(o Outcome, key string, args ...string) {
		d.Outcome, d.Reason = o, reason(key, args...)
	}
	notice := func(key, why string, args []string) *Reason {
		r := &Reason{Key: key, Args: map[string]string{"why": why}}
		for i := 0; i+1 < len(args); i += 2 {
			r.Args[args[i]] = args[i+1]
		}
		return r
	}
	if rule, ok := sceneRule(f); ok {
		set(OutcomeHandoff, "scene_rule", "rule", rule.String())
		d.Transfer, d.Attention = true, sceneAttention(rule)
		d.Notice = notice("notice_robot_handoff", "scene_rule", []string{"rule", rule.String()})
		return d
	}
	switch f.Conversation.Attention {
	case AttentionHuman, AttentionScene, AttentionComplaint:
		// Handed to a human (asked for, a scene rule, an unsolved rating):
		// the robot waits with the buyer.
		set(OutcomeSuggest, "robot_silent")
		return d
	}
	for i := len(f.Prior) - 1; i >= 0; i-- {
		p := f.Prior[i]
		switch {
		case p.Outcome == OutcomeFallback:
			if s.Away != "" {
				set(OutcomeAway, "robot_away")
				d.Reply = &Reply{Sender: SenderAway, Text: s.Away}
				return d
			}
			set(OutcomeSuggest, "robot_silent")
			return d
		case p.Outcome == OutcomeAway || slices.Contains(robotHandedOff, p.Reason.Key):
			set(OutcomeSuggest, "robot_silent")
			return d
		}
	}
	first := true
	for _, m := range f.Messages {
		if m.Sender == SenderBuyer && m.ID < f.Message.ID {
			first = false
			break
		}
	}
	greet := func() {
		if first && s.Greeting != "" {
			d.Greeting = &Reply{Sender: SenderGreeting, Text: s.Greeting}
		}
	}
	if p, ok := predict(f, d, SenderRobot, 0); ok {
		return p
	}
	if asksForHuman(f) {
		set(OutcomeHandoff, "asked_human")
		d.Transfer, d.Attention = true, AttentionHuman
		d.Notice = notice("notice_robot_handoff", "asked_human", nil)
		if m := f.Match; m != nil && m.Intent == "ask_human" {
			if key, _ := unconfident(f); key == "" {
				d.Outcome = OutcomeRobot // the answer announces the transfer that goes with it
				d.Reply = &Reply{Sender: SenderRobot, Text: m.Answer, EntryID: m.EntryID}
			}
		}
		return d
	}
	if key, args := unconfident(f); key != "" {
		set(OutcomeFallback, "robot_fallback", append([]string{"why", key}, args...)...)
		text := s.Fallback
		if hours := s.WorkingHours(f.Calendar); !hours.Working(f.Now) {
			if next := hours.NextOpen(f.Now); !next.IsZero() {
				text += BackAt(f.Locale, next, f.Now)
			}
		}
		d.Reply = &Reply{Sender: SenderFallback, Text: text}
		d.Attention = AttentionRobot
		if key == "sensitive" {
			d.Attention = AttentionSensitive
		}
		d.Notice = notice("notice_robot_fallback", key, args)
		greet()
		return d
	}
	m := f.Match
	set(OutcomeRobot, "robot_sent", "confidence", fmtConf(m.Confidence), "threshold", fmtConf(s.Threshold), "entry", m.Question)
	if len(m.Basis) > 0 {
		d.Reason.Args["basis"] = basisArg(m.Basis)
	}
	d.Reply = &Reply{Sender: SenderRobot, Text: m.Answer, EntryID: m.EntryID}
	if m.Scenario == "" && slices.Contains(m.Operations, OpTransferHuman) {
		d.Transfer, d.Attention = true, AttentionHuman
	}
	greet()
	return d
}

// humanWords are what buyers write to ask for a human (RB-8), lower case.
var humanWords = []string{"转人工", "人工客服", "找人工", "要人工", "真人", "人工服务", "接人工",
	"human agent", "real person", "talk to a human", "speak to a human", "live agent", "a human"}

// asksForHuman reports whether the buyer asks for a human: the ask_human
// intent at or above the threshold, or one of humanWords.
func asksForHuman(f Facts) bool {
	if m := f.Match; m != nil && m.Intent == "ask_human" && m.Confidence >= f.Settings.Threshold {
		return true
	}
	text := strings.ToLower(f.Text)
	return slices.ContainsFunc(humanWords, func(w string) bool { return strings.Contains(text, w) })
}

// BackAt is the sentence added to the fallback outside working hours: when
// people are back (next), said from now, in the shop's language.
func BackAt(locale string, next, now time.Time) string {
	next = next.In(next.Location())
	n := now.In(next.Location())
	days := int(time.Date(next.Year(), next.Month(), next.Day(), 0, 0, 0, 0, time.UTC).Sub(
		time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)).Hours() / 24)
	hm := next.Format("15:04")
	if strings.HasPrefix(locale, "en") {
		switch days {
		case 0:
			return fmt.Sprintf(" Our agents are back today at %s.", hm)
		case 1:
			return fmt.Sprintf(" Our agents are back tomorrow at %s.", hm)
		}
		return fmt.Sprintf(" Our agents are back on %s at %s.", next.Format("Mon, Jan 2"), hm)
	}
	switch days {
	case 0:
		return fmt.Sprintf("（人工客服今天 %s 上线）", hm)
	case 1:
		return fmt.Sprintf("（人工客服明天 %s 上线）", hm)
	}
	return fmt.Sprintf("（人工客服 %d月%d日 %s 上线）", next.Month(), next.Day(), hm)
}
