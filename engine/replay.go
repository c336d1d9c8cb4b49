package engine

import (
	"math"
	"strings"
	"time"
)

// Replay (FB-5) runs a shop's past buyer messages through the same decision
// as the live robot — Decide, with the robot's facts: the robot on, nobody
// online — with the KB as it is now, and sends and stores nothing. This
// file is its pure core: a past conversation in, what the robot would have
// sent out, at the shop's threshold and at every threshold of the grid,
// and whether each answer agrees with what the human agent replied. The
// worker around it (replayrun.go) reads the history in pages and matches
// the texts against the KB.

// ReplayBurst is what one decision of the robot looks at in a past
// conversation: the buyer's lines answered together (one, unless the shop
// waits for bursts: assist.burst_wait), the text they ask, the KB's best
// answer for it now, and the human's actual reply.
type ReplayBurst struct {
	// Lines are the buyer's messages, oldest first; the last is decided,
	// the others are merged into it.
	Lines []Message
	Text  string
	// Match is the KB's best answer for Text, rendered for the
	// conversation's order; nil for none. Answers are its entry's answers
	// as written, for the agreement (Agreement).
	Match   *Match
	Answers []string
	// Human is the first reply a human agent sent after the last line,
	// nil for none.
	Human *Message
	// Counted is how many of Lines are in the range replayed (the others
	// are context).
	Counted int
}

// ReplayInput is a past conversation as ReplayConversation takes it.
type ReplayInput struct {
	// Settings are the shop's as they are now; replay switches the robot
	// and the global auto-reply switch on and keeps the rest (mode and
	// working hours, off windows, scene rules, fallback, away reply,
	// greeting, burst wait, sensitive words).
	Settings     ShopSettings
	Shop         Shop
	Conversation Conversation
	Bursts       []ReplayBurst
	Calendar     Calendar
	Sensitive    func(text string) []string
	// Grid are the thresholds the curve is drawn at, lowest first
	// (ReplayGrid).
	Grid []float64
	// terms, when set, remembers the texts' terms across conversations
	// (the same answers and replies come back): the same results, faster.
	terms *termCache
}

// termCache remembers the term sets of texts for TextSimilarity; it is
// emptied when it holds maxCachedTexts. Not safe for concurrent use.
type termCache struct{ sets map[string]map[string]bool }

const maxCachedTexts = 50000

func (c *termCache) set(text string) map[string]bool {
	if s, ok := c.sets[text]; ok {
		return s
	}
	if c.sets == nil || len(c.sets) >= maxCachedTexts {
		c.sets = map[string]map[string]bool{}
	}
	s := termSet(text)
	c.sets[text] = s
	return s
}

// similarity is TextSimilarity; a nil cache remembers nothing.
func (c *termCache) similarity(a, b string) float64 {
	if c == nil {
		return TextSimilarity(a, b)
	}
	return setSimilarity(c.set(a), c.set(b))
}

// Verdict says whether the robot's answer agrees with the human's reply.
type Verdict string

const (
	// VerdictAgree: the human sent the same entry's answer, or a text
	// close to it.
	VerdictAgree Verdict = "agree"
	// VerdictDisagree: the human replied something else.
	VerdictDisagree Verdict = "disagree"
	// VerdictUnjudged: nothing to compare — no human reply, a trivial one
	// (「好的」), or a card the entry does not offer.
	VerdictUnjudged Verdict = "unjudged"
)

// AgreeSimilarity is the TextSimilarity from which a human reply is taken
// to say what the robot's answer says.
const AgreeSimilarity = 0.45

// Agreement judges the robot's answer from a match (rendered as answer,
// its entry's answers as written) against the human's actual reply:
//
//   - no human reply, or a trivial one (TrivialReply): unjudged;
//   - a card: agree when the entry offers that card as an operation,
//     unjudged otherwise;
//   - the reply came from the same entry (the agent clicked its
//     recommendation, edited or not): agree;
//   - its text is close to the robot's answer or to one of the entry's
//     answers (TextSimilarity ≥ AgreeSimilarity): agree;
//   - otherwise: disagree.
//
// A human's paraphrase of the same answer in other words counts as a
// disagreement: agreement is a lower bound, and the disagreements are
// listed for a person to look at.
func Agreement(m *Match, answers []string, human *Message) Verdict {
	return agreement(m, answers, human, nil)
}

func agreement(m *Match, answers []string, human *Message, terms *termCache) Verdict {
	if m == nil || human == nil {
		return VerdictUnjudged
	}
	if human.Type.IsCard() {
		if op, ok := cardOperation[human.Type]; ok && contains(m.Operations, op) {
			return VerdictAgree
		}
		return VerdictUnjudged
	}
	if TrivialReply(human.Text) {
		return VerdictUnjudged
	}
	if human.EntryID != 0 && human.EntryID == m.EntryID {
		return VerdictAgree
	}
	best := terms.similarity(m.Answer, human.Text)
	for _, a := range answers {
		best = max(best, terms.similarity(a, human.Text))
	}
	if best >= AgreeSimilarity {
		return VerdictAgree
	}
	return VerdictDisagree
}

var cardOperation = map[MessageType]Operation{
	MessageOrderCard: OpOrderCard, MessageLogisticsCard: OpLogisticsCard, MessageCouponCard: OpCoupon,
	MessageAddressCard: OpAddressCard,
}

func contains[T comparable](xs []T, x T) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// ReplayStep is what the robot would have done with one burst.
type ReplayStep struct {
	// MessageID is the burst's last line; Lines how many lines it has,
	// Counted how many are in the range replayed.
	MessageID int64
	Lines     int
	Counted   int
	// Decision is the robot's at the shop's threshold: what it would have
	// sent (Reply, Greeting) and why.
	Decision Decision
	// Answered says, for each threshold of the grid, whether the robot
	// would have answered the burst from the KB (OutcomeRobot).
	Answered []bool
	// Verdict judges the KB's answer (the burst's Match) against the
	// human's reply (Agreement), whether or not it is sent.
	Verdict Verdict
}

// ReplayConversation replays a past conversation (FB-5): each burst is
// decided by Decide with the robot's facts — the robot on, nobody online,
// the conversation waiting for an agent — and the facts the robot's own
// earlier decisions in it would have made: its replies, fallback, away
// reply and greeting in the messages, its decisions as the prior ones, the
// attention and transfer they set. Human replies of the real history are
// not in the facts (nobody online: they would not have been there), so
// the robot decides each line as it would have, had it been on. Each
// decision's clock is its last line's time. It returns one step per burst,
// at the shop's threshold and, for Answered, at every threshold of the
// grid. It is a pure function of its input.
//
// The grid's decisions come from one replay per group of thresholds that
// compare alike with the bursts' confidences (a burst's decision depends on
// the threshold only through its match's confidence ≥ threshold), so a
// conversation of n bursts is replayed at most n+2 times, whatever the
// grid.
func ReplayConversation(in ReplayInput) []ReplayStep {
	steps := make([]ReplayStep, len(in.Bursts))
	confs := map[float64]bool{}
	for _, b := range in.Bursts {
		if b.Match != nil {
			confs[b.Match.Confidence] = true
		}
	}
	// A signature is how many of the distinct confidences are below the
	// threshold: thresholds of one signature decide every burst alike.
	signature := func(t float64) int {
		n := 0
		for c := range confs {
			if c < t {
				n++
			}
		}
		return n
	}
	done := map[int][]Decision{}
	decisions := func(t float64) []Decision {
		sig := signature(t)
		if ds, ok := done[sig]; ok {
			return ds
		}
		ds := simulate(in, t)
		done[sig] = ds
		return ds
	}
	at := decisions(in.Settings.Threshold)
	for i, b := range in.Bursts {
		steps[i] = ReplayStep{Lines: len(b.Lines), Counted: b.Counted, Decision: at[i], Answered: make([]bool, len(in.Grid)),
			Verdict: agreement(b.Match, b.Answers, b.Human, in.terms)}
		if n := len(b.Lines); n > 0 {
			steps[i].MessageID = b.Lines[n-1].ID
		}
	}
	for g, t := range in.Grid {
		for i, d := range decisions(t) {
			steps[i].Answered[g] = d.Outcome == OutcomeRobot
		}
	}
	return steps
}

// simulate decides every burst of a conversation at threshold t, the
// robot's earlier decisions in it making the facts of the later ones.
func simulate(in ReplayInput, t float64) []Decision {
	s := in.Settings
	s.RobotEnabled, s.ReplyEnabled, s.Threshold = true, true, t
	conv := in.Conversation
	conv.State, conv.Status, conv.AgentID, conv.AgentName = StateQueued, StatusOpen, 0, ""
	conv.Attention, conv.Priority, conv.ClosedAt, conv.CloseReason = "", false, time.Time{}, ""
	var msgs []Message
	var prior []DecisionRecord
	var id int64
	add := func(m Message) Message {
		id++
		m.ID = id
		msgs = append(msgs, m)
		return m
	}
	out := make([]Decision, len(in.Bursts))
	for i, b := range in.Bursts {
		if len(b.Lines) == 0 {
			out[i] = Decision{Outcome: OutcomeSuggest, Reason: reason("closed"), Threshold: t}
			continue
		}
		var last Message
		for j, l := range b.Lines {
			l.ConversationID = conv.ID
			last = add(l)
			if j < len(b.Lines)-1 {
				prior = append(prior, DecisionRecord{MessageID: last.ID, ConversationID: conv.ID, ShopID: conv.ShopID,
					Outcome: OutcomeMerged, Threshold: t, DecidedAt: l.CreatedAt})
			}
		}
		f := Facts{Now: last.CreatedAt, Settings: s, Conversation: conv, Message: last, Messages: msgs, Prior: prior,
			Text: b.Text, Match: b.Match, Calendar: in.Calendar, Sensitive: in.Sensitive, Locale: in.Shop.Locale}
		d := Decide(f)
		out[i] = d
		prior = append(prior, d.Record(last, conv.ShopID, f.Now))
		for _, r := range []*Reply{d.Greeting, d.Reply} {
			if r != nil {
				add(Message{ConversationID: conv.ID, Sender: r.Sender, Type: MessageText, Text: r.Text, EntryID: r.EntryID, CreatedAt: f.Now})
			}
		}
		if d.Notice != nil {
			add(Message{ConversationID: conv.ID, Sender: SenderSystem, Type: MessageText, Text: d.Notice.Key, CreatedAt: f.Now})
		}
		if d.Attention != "" {
			conv.Attention = d.Attention
		}
		if d.Transfer {
			conv.State, conv.Priority = StateQueued, true
		}
	}
	return out
}

// ReplayBursts cuts a past conversation's messages (oldest first, every
// sender) into the bursts the robot would decide: each buyer line alone,
// or with a burst wait, the lines that follow each other within it
// (answered as one, as the live reception does). Each burst gets its
// text (its text lines joined with spaces), the first human reply after
// it (Human) and how many of its lines were sent in [from, to) (a zero
// bound is open). Matches are left to the caller.
func ReplayBursts(msgs []Message, wait time.Duration, from, to time.Time) []ReplayBurst {
	var out []ReplayBurst
	var cur *ReplayBurst
	for _, m := range msgs {
		if m.Sender != SenderBuyer {
			continue
		}
		if cur != nil {
			prev := cur.Lines[len(cur.Lines)-1]
			if wait <= 0 || m.CreatedAt.Sub(prev.CreatedAt) >= wait {
				cur = nil
			}
		}
		if cur == nil {
			out = append(out, ReplayBurst{})
			cur = &out[len(out)-1]
		}
		cur.Lines = append(cur.Lines, m)
		if (from.IsZero() || !m.CreatedAt.Before(from)) && (to.IsZero() || m.CreatedAt.Before(to)) {
			cur.Counted++
		}
	}
	// Texts and human replies, now that the bursts are whole.
	at := 0
	for i := range out {
		b := &out[i]
		var lines []string
		for _, l := range b.Lines {
			if !l.Type.IsCard() && strings.TrimSpace(l.Text) != "" {
				lines = append(lines, l.Text)
			}
		}
		b.Text = strings.Join(lines, " ")
		lastID := b.Lines[len(b.Lines)-1].ID
		for at < len(msgs) && msgs[at].ID != lastID {
			at++
		}
		for j := at + 1; j < len(msgs); j++ {
			if msgs[j].Sender == SenderAgent {
				h := msgs[j]
				b.Human = &h
				break
			}
		}
	}
	return out
}

// ReplayGrid is the thresholds replay draws its curve at: every hundredth
// from MinThreshold to MaxThreshold, the range the shop's threshold may
// take.
func ReplayGrid() []float64 {
	var g []float64
	for i := int(math.Round(MinThreshold * 100)); i <= int(math.Round(MaxThreshold*100)); i++ {
		g = append(g, float64(i)/100)
	}
	return g
}
