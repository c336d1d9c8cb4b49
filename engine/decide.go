package engine

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Reception decides, once for every buyer message, who answers it and why
// (SPEC AS-4 – AS-9, RB-12): Decide is a pure function of the facts and the
// clock; the Reception worker (reception.go) gathers the facts and writes
// what Decide returns in one transaction.

// Outcome is what reception did with a buyer message.
type Outcome string

const (
	// OutcomeSuggest: nothing automatic; the agent gets suggestions.
	OutcomeSuggest Outcome = "suggest"
	// OutcomeAssist: assist sent an answer on its own, on behalf of the
	// agent serving the conversation (AS-5).
	OutcomeAssist Outcome = "assist"
	// OutcomeHandoff: automatic replies could not answer; the conversation
	// waits for a human, with a tag and a system message (AS-8, AS-9).
	OutcomeHandoff Outcome = "handoff"
	// OutcomeMerged: a line of a buyer's burst, decided with the burst's
	// last line.
	OutcomeMerged Outcome = "merged"
	// OutcomeRobot: the robot answered from the KB (RB-3).
	OutcomeRobot Outcome = "robot"
	// OutcomeFallback: the robot could not answer and sent the fallback
	// reply; the conversation waits for a human (RB-5).
	OutcomeFallback Outcome = "fallback"
	// OutcomeAway: the buyer kept writing after the fallback; the away
	// reply went, once (RB-5).
	OutcomeAway Outcome = "away"
	// OutcomePredict: the order-prediction card went to the buyer, as the
	// serving agent or the robot, for the buyer to tell the order (SA-2).
	OutcomePredict Outcome = "predict"
)

// Sent reports whether the outcome sends a reply to the buyer.
func (o Outcome) Sent() bool {
	return o == OutcomeAssist || o == OutcomeRobot || o == OutcomeFallback || o == OutcomeAway || o == OutcomePredict
}

// Reception reports whether the outcome is intelligent reception (智能接待:
// an answer from the KB, by assist or the robot); fallback, away and
// greeting replies are not (SPEC §1, MT-4).
func (o Outcome) Reception() bool { return o == OutcomeAssist || o == OutcomeRobot }

// Reason says why a decision was made: a key the window translates, with
// its arguments (see ReasonText for the words).
type Reason struct {
	Key  string            `json:"key"`
	Args map[string]string `json:"args,omitempty"`
}

// Attention is why a conversation waits for a human, shown as a tag in the
// lists (AS-8); empty when it needs nothing special. A human reply clears it.
type Attention string

const (
	// AttentionAssist: assist could not answer or stopped (AS-8, AS-9).
	AttentionAssist Attention = "assist_stopped"
	// AttentionRobot: the robot could not answer and sent its fallback (RB-5).
	AttentionRobot Attention = "robot_fallback"
	// AttentionScene: a scene rule sent the message to a human (RB-9);
	// AttentionComplaint when the rule is the complaint intent.
	AttentionScene     Attention = "scene_rule"
	AttentionComplaint Attention = "complaint"
	// AttentionHuman: the buyer asked for a human or rated a robot reply
	// unsolved (RB-8).
	AttentionHuman Attention = "human_requested"
	// AttentionSensitive: an automatic reply held a sensitive word and was
	// not sent (RB-10).
	AttentionSensitive Attention = "sensitive"
)

// PresenceTTL is how long an agent's window's last report of what it shows
// holds: a window that stops reporting (crashed, asleep) neither blocks
// auto-send in the conversation it showed nor lets assist answer for an
// agent who is not there.
const PresenceTTL = 6 * time.Second

// View is what an agent's window last reported: the conversation it shows
// (0 for none), whether the window is in front, and when; Since is when the
// window last reported something else (the agent acted in it).
type View struct {
	ConversationID int64     `json:"conversationId"`
	Focused        bool      `json:"focused"`
	At             time.Time `json:"at"`
	Since          time.Time `json:"since"`
}

// Match is the best KB answer for a buyer message, rendered for the
// conversation's order (see Reception).
type Match struct {
	EntryID  int64
	Question string // the entry's standard question
	Intent   string
	// Confidence is the retriever's calibrated confidence in the entry.
	Confidence float64
	// Answer is the entry's answer for the order's state, its variables
	// filled as far as they have values; Missing names those without.
	Answer     string
	Missing    []string
	NeverAuto  bool
	Operations []Operation
	// Scenario names the built-in scenario the answer comes from (SA-7:
	// it outranks the KB's own answer); empty for the KB's answer.
	Scenario string
	// Predict are the buyer's open orders, the likeliest first, when the
	// scenario needs to know the order and the buyer has several and named
	// none: the order-prediction card goes instead of an answer (SA-2).
	Predict []Order
	// Rules are the platform rules that apply (SA-8): an automatic reply
	// never holds a phrase they forbid.
	Rules []PlatformRule
	// Basis says what Confidence was made of (Hit.Basis).
	Basis []Factor
}

// basisArg writes a match's basis compactly for a reason's arguments:
// "exact_question:1.00,model:0.93" (the window says it in words).
func basisArg(b []Factor) string {
	parts := make([]string, len(b))
	for i, f := range b {
		parts[i] = f.Key + ":" + strconv.FormatFloat(f.Value, 'f', 2, 64)
	}
	return strings.Join(parts, ",")
}

// DecisionRecord is a decision as it was kept: the window reads it on the
// message's tag, metrics and replay read it (see Decision).
type DecisionRecord struct {
	MessageID      int64     `json:"messageId"`
	ConversationID int64     `json:"conversationId"`
	ShopID         int64     `json:"shopId"`
	Outcome        Outcome   `json:"outcome"`
	Reason         Reason    `json:"reason"`
	EntryID        int64     `json:"entryId"`
	Intent         string    `json:"intent"`
	Confidence     float64   `json:"confidence"`
	Threshold      float64   `json:"threshold"`
	ReplyID        int64     `json:"replyId"`
	AgentID        int64     `json:"agentId"`
	DecidedAt      time.Time `json:"decidedAt"`
	// NoticeID is the system note the decision wrote for the agents (0 for
	// none) and Notice its reason, which the window words in its language.
	NoticeID int64   `json:"noticeId,omitempty"`
	Notice   *Reason `json:"notice,omitempty"`
}

// Facts are everything Decide looks at for one buyer message.
type Facts struct {
	Now      time.Time
	Settings ShopSettings
	// Conversation is the message's conversation as it is now.
	Conversation Conversation
	// Message is the buyer message decided; Messages is the whole
	// conversation, oldest first, Message included.
	Message  Message
	Messages []Message
	// Prior are the conversation's earlier decisions, oldest first.
	Prior []DecisionRecord
	// Agents are the desk's agents; Views what their windows last said.
	Agents []Agent
	Views  map[int64]View
	// Text is what the buyer asked: the message's text, or its burst's
	// lines joined.
	Text string
	// Match is the best answer for the text; nil for none.
	Match *Match
	// Calendar tells statutory holidays for the working hours (RB-1); nil
	// knows none.
	Calendar Calendar
	// Sensitive returns the sensitive words a text holds (RB-10); nil
	// finds none.
	Sensitive func(text string) []string
	// Locale is the shop's language, for the replies Decide writes itself.
	Locale string
}

// Reply is an automatic reply a decision sends.
type Reply struct {
	Sender  Sender
	Text    string
	EntryID int64
	// AgentID is the agent on whose behalf it goes (assist), 0 for none.
	AgentID int64
	// Type is MessageText when empty; a card's content is Payload.
	Type    MessageType
	Payload *Card
}

// Decision is what happens with a buyer message.
type Decision struct {
	Outcome Outcome
	Reason  Reason
	// Greeting is sent before the reply, on a buyer's first message while
	// the robot answers (RB-11); nil for none.
	Greeting *Reply
	// Reply is sent to the buyer; nil when nothing is.
	Reply *Reply
	// Transfer hands the conversation to a human with priority in the
	// queue (RB-8): it is queued again, first, unless an online agent
	// serves it.
	Transfer bool
	// Notice is a system message to the agents; nil for none.
	Notice *Reason
	// Attention tags the conversation; empty leaves its tag as it is.
	Attention Attention
	// The match the decision was made on, for the record.
	EntryID    int64
	Intent     string
	Confidence float64
	Threshold  float64
	// AgentID is the agent serving the conversation, 0 for none.
	AgentID int64
}

// Record is the decision as kept for the buyer message m.
func (d Decision) Record(m Message, shopID int64, at time.Time) DecisionRecord {
	return DecisionRecord{
		MessageID: m.ID, ConversationID: m.ConversationID, ShopID: shopID, Outcome: d.Outcome, Reason: d.Reason,
		EntryID: d.EntryID, Intent: d.Intent, Confidence: d.Confidence, Threshold: d.Threshold, AgentID: d.AgentID,
		DecidedAt: at, Notice: d.Notice,
	}
}

// Decide decides what happens with a buyer message (AS-4 – AS-9, RB-1 –
// RB-12). The rules, in order — the first that applies decides:
//
//  1. a closed conversation, or a human reply after the message: nothing
//     automatic (RB-12);
//  2. a card the buyer sent (an order card asks nothing to answer): nothing;
//  3. the shop's global auto-reply switch off, or one of its off windows
//     (RB-9): nothing automatic;
//  4. the robot's turn (robotTurn: on, in its time, nobody online or every
//     online agent at capacity and the buyer queued, no human in the
//     conversation, RB-1, RB-2, RB-12): the robot decides (decideRobot);
//  5. assist off for the shop (AS-1), or no agent serves the conversation:
//     nothing from assist;
//  6. auto-send off for the shop or for the serving agent (AS-4), the agent
//     not online, the agent's window silent for PresenceTTL, or showing this
//     conversation in front (AS-5): suggestions only;
//  7. automatic replies stopped in this conversation by an earlier decision
//     and no human has replied since: suggestions only (AS-7);
//  8. a scene rule (RB-9), or no confident answer — nothing matched,
//     confidence below the shop's threshold, an entry marked never
//     auto-reply, an answer whose variables have no value, the answer
//     already sent on its own in this conversation (or an LLM draft of it,
//     LM-3), or a sensitive word in it (RB-10) — hands off: no reply, a tag and a system message asking
//     the agent to reply (AS-8, AS-9);
//  9. otherwise assist sends the answer on the agent's behalf (AS-5); an
//     answer whose entry transfers to a human transfers (its operation
//     runs with it).
//
// Where the shop allows it, the worker may then send an LLM draft in place
// of the answer (Draftable, WithDraft: a post-step, LM-3).
func Decide(f Facts) Decision {
	d := Decision{Threshold: f.Settings.Threshold}
	c := f.Conversation
	if m := f.Match; m != nil {
		d.EntryID, d.Intent, d.Confidence = m.EntryID, m.Intent, m.Confidence
	}
	suggest := func(key string, args ...string) Decision {
		d.Outcome, d.Reason = OutcomeSuggest, reason(key, args...)
		return d
	}
	if c.State == StateClosed {
		return suggest("closed")
	}
	if humanRepliedAfter(f.Messages, f.Message.ID) {
		return suggest("human_replied")
	}
	if f.Message.Type.IsCard() && (f.Match == nil || f.Match.Scenario == "") {
		return suggest("buyer_card")
	}
	if !f.Settings.ReplyEnabled {
		return suggest("auto_reply_off")
	}
	if (Hours{Week: f.Settings.OffWindows, Location: f.Settings.WorkingHours(nil).Location}).Working(f.Now) {
		return suggest("off_window")
	}
	turn, why := robotTurn(f)
	if turn {
		return decideRobot(f, d)
	}
	if !f.Settings.AssistEnabled {
		return suggest("assist_off")
	}
	agent, ok := servingAgent(c, f.Agents)
	if !ok {
		if why != "" {
			return suggest(why)
		}
		return suggest("no_agent")
	}
	d.AgentID = agent.ID
	if agent.Status == AgentOnline {
		if p, ok := predict(f, d, SenderAgent, agent.ID); ok {
			return p
		}
	}
	switch view := f.Views[agent.ID]; {
	case !f.Settings.AutoSend:
		return suggest("auto_send_off")
	case !agent.AutoSend:
		return suggest("agent_auto_send_off", "agent", agent.Name)
	case agent.Status != AgentOnline:
		return suggest("agent_not_online", "agent", agent.Name, "status", string(agent.Status))
	case view.At.IsZero() || f.Now.Sub(view.At) > PresenceTTL:
		return suggest("window_silent", "agent", agent.Name)
	case view.Focused && view.ConversationID == c.ID:
		return suggest("viewing", "agent", agent.Name)
	}
	if stoppedSinceHuman(f.Prior, f.Messages) {
		return suggest("auto_stopped")
	}
	handoff := func(key string, args ...string) Decision {
		d.Outcome, d.Reason, d.Attention = OutcomeHandoff, reason(key, args...), AttentionAssist
		d.Notice = &Reason{Key: "notice_assist_cannot", Args: map[string]string{"why": key}}
		for k, v := range d.Reason.Args {
			d.Notice.Args[k] = v
		}
		return d
	}
	if rule, ok := sceneRule(f); ok {
		d = handoff("scene_rule", "rule", rule.String())
		d.Attention = sceneAttention(rule)
		return d
	}
	if key, args := unconfident(f); key != "" {
		d = handoff(key, args...)
		switch key {
		case "repeat":
			d.Notice = &Reason{Key: "notice_repeat_stop", Args: d.Reason.Args}
		case "sensitive":
			d.Attention = AttentionSensitive
		}
		return d
	}
	m := f.Match
	d.Outcome = OutcomeAssist
	d.Reason = reason("auto_sent", "confidence", fmtConf(m.Confidence), "threshold", fmtConf(f.Settings.Threshold), "entry", m.Question)
	if len(m.Basis) > 0 {
		d.Reason.Args["basis"] = basisArg(m.Basis)
	}
	d.Reply = &Reply{Sender: SenderAssist, Text: m.Answer, EntryID: m.EntryID, AgentID: agent.ID}
	// An entry's answer that announces a transfer comes with it; a
	// scenario's operations are buttons for the agent, not announced.
	d.Transfer = m.Scenario == "" && slices.Contains(m.Operations, OpTransferHuman)
	if d.Transfer {
		d.Attention = AttentionHuman
	}
	return d
}

// unconfident says why the best match may not be sent on its own — the
// reason key and its arguments — or "" when it may: nothing matched, an
// entry marked never auto-reply, confidence below the threshold, variables
// without value, the same answer already sent on its own in the
// conversation (AS-9; or an LLM draft of it, LM-3), a sensitive word in it
// (RB-10).
func unconfident(f Facts) (string, []string) {
	m := f.Match
	switch {
	case m == nil:
		return "no_match", nil
	case m.NeverAuto:
		return "never_auto", []string{"entry", m.Question}
	case m.Confidence < f.Settings.Threshold:
		return "below_threshold", []string{"confidence", fmtConf(m.Confidence), "threshold", fmtConf(f.Settings.Threshold), "entry", m.Question,
			"basis", basisArg(m.Basis)}
	case len(m.Missing) > 0:
		return "missing_variables", []string{"entry", m.Question, "variables", joinVars(m.Missing)}
	case sentBefore(f.Messages, m) || sentDraftBefore(f.Prior, m.EntryID):
		return "repeat", []string{"entry", m.Question}
	}
	if f.Sensitive != nil {
		if words := f.Sensitive(m.Answer); len(words) > 0 {
			return "sensitive", []string{"entry", m.Question, "words", strings.Join(words, ", ")}
		}
	}
	if words := Forbidden(m.Rules, m.Answer); len(words) > 0 {
		return "rule_forbids", []string{"entry", m.Question, "words", strings.Join(words, ", ")}
	}
	return "", nil
}

// predict decides the order-prediction card (SA-2): the buyer asks a
// scenario question about an order at or above the threshold, has several
// open orders and named none, and no card went in the conversation yet.
// The card goes from sender (the serving agent, or the robot).
func predict(f Facts, d Decision, sender Sender, agentID int64) (Decision, bool) {
	m := f.Match
	if m == nil || len(m.Predict) < 2 || m.Confidence < f.Settings.Threshold {
		return d, false
	}
	for _, x := range f.Messages {
		if x.Type == MessageOrderPrediction {
			return d, false
		}
	}
	d.Outcome, d.Reason = OutcomePredict, reason("predict_order", "entry", m.Question, "orders", strconv.Itoa(len(m.Predict)))
	card := PredictionCard(m.Predict)
	d.Reply = &Reply{Sender: sender, AgentID: agentID, Type: MessageOrderPrediction, Payload: card, Text: card.Summary()}
	return d, true
}

// sceneRule returns the first scene rule the message meets: its best
// match's intent (at or above the threshold), or a keyword in its text.
func sceneRule(f Facts) (SceneRule, bool) {
	text := strings.ToLower(f.Text)
	for _, r := range f.Settings.SceneRules {
		switch {
		case r.Intent != "" && f.Match != nil && f.Match.Intent == r.Intent && f.Match.Confidence >= f.Settings.Threshold:
			return r, true
		case r.Keyword != "" && strings.Contains(text, strings.ToLower(r.Keyword)):
			return r, true
		}
	}
	return SceneRule{}, false
}

func sceneAttention(r SceneRule) Attention {
	if r.Intent == "complaint" {
		return AttentionComplaint
	}
	return AttentionScene
}

func reason(key string, args ...string) Reason {
	r := Reason{Key: key}
	if len(args) > 0 {
		r.Args = make(map[string]string, len(args)/2)
		for i := 0; i+1 < len(args); i += 2 {
			r.Args[args[i]] = args[i+1]
		}
	}
	return r
}

func fmtConf(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) }

func joinVars(vars []string) string {
	s := ""
	for i, v := range vars {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("{%s}", v)
	}
	return s
}

// servingAgent returns the agent serving an active conversation.
func servingAgent(c Conversation, agents []Agent) (Agent, bool) {
	if c.State != StateActive || c.AgentID == 0 {
		return Agent{}, false
	}
	for _, a := range agents {
		if a.ID == c.AgentID {
			return a, true
		}
	}
	return Agent{}, false
}

// humanRepliedAfter reports whether an agent wrote in the conversation
// after the buyer message id.
func humanRepliedAfter(msgs []Message, id int64) bool {
	for i := len(msgs) - 1; i >= 0 && msgs[i].ID > id; i-- {
		if msgs[i].Sender == SenderAgent {
			return true
		}
	}
	return false
}

// lastHumanReply returns the ID of the newest agent message, 0 for none.
func lastHumanReply(msgs []Message) int64 {
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Sender == SenderAgent {
			return msgs[i].ID
		}
	}
	return 0
}

// stoppedSinceHuman reports whether an earlier decision handed the
// conversation off after the newest human reply: automatic replies stay
// stopped until a human answers (AS-7).
func stoppedSinceHuman(prior []DecisionRecord, msgs []Message) bool {
	human := lastHumanReply(msgs)
	for i := len(prior) - 1; i >= 0; i-- {
		if prior[i].MessageID < human {
			return false
		}
		if prior[i].Outcome == OutcomeHandoff {
			return true
		}
	}
	return false
}

// sentBefore reports whether the answer m would send was already sent on
// its own in the conversation (AS-9).
func sentBefore(msgs []Message, m *Match) bool {
	for _, x := range msgs {
		if (x.Sender == SenderAssist || x.Sender == SenderRobot) && x.EntryID == m.EntryID && x.Text == m.Answer {
			return true
		}
	}
	return false
}
