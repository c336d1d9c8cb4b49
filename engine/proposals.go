package engine

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// The agents who answer by hand know what the KB lacks (FB-1): when an agent
// edits a recommendation before sending it, or answers by hand where the
// assistant had nothing confident, ReplyDesk proposes a KB change. Propose
// is the pure rule; Proposals (proposalsvc.go) gathers its facts when a
// reply is sent, keeps the proposals and applies the accepted ones.

// ProposalKind is what a proposal would change.
type ProposalKind string

const (
	// ProposalSimilar adds the buyer's message as a similar question of an
	// existing entry.
	ProposalSimilar ProposalKind = "similar"
	// ProposalNew makes a new entry: the buyer's message as its question,
	// the agent's reply as its answer.
	ProposalNew ProposalKind = "new"
)

// ProposalStatus is where a proposal is in its life.
type ProposalStatus string

const (
	ProposalPending  ProposalStatus = "pending"
	ProposalAccepted ProposalStatus = "accepted"
	// ProposalRejected: never proposed again (the same kind, entry and
	// question).
	ProposalRejected ProposalStatus = "rejected"
)

// Why a proposal was made (Proposal.Why).
const (
	// WhyEdited: the agent edited a recommendation, keeping its gist: the
	// buyer's message belongs to that entry.
	WhyEdited = "edited"
	// WhyRewritten: the agent replaced a recommendation's text with a reply
	// of its own: the reply answers something the entry does not.
	WhyRewritten = "rewritten"
	// WhyPicked: the agent sent a recommendation as it is that the
	// assistant was not confident of (or not first).
	WhyPicked = "picked"
	// WhyMatchedReply: the agent typed a reply close to an entry's answer
	// where the assistant was not confident of that entry.
	WhyMatchedReply = "matched_reply"
	// WhyManual: the agent answered by hand where the assistant had
	// nothing confident.
	WhyManual = "manual"
)

// Proposal is a proposed change of a shop's KB (FB-1), with the sent replies
// it was made from merged into it.
type Proposal struct {
	ID     int64        `json:"id"`
	ShopID int64        `json:"shopId"`
	Kind   ProposalKind `json:"kind"`
	// EntryID is the entry a similar question goes to (ProposalSimilar);
	// EntryQuestion its standard question as it is now ("" once deleted).
	EntryID       int64  `json:"entryId"`
	EntryQuestion string `json:"entryQuestion"`
	// Question is the buyer's message; Questions every distinct one merged
	// into the proposal, Question first.
	Question  string   `json:"question"`
	Questions []string `json:"questions"`
	// Answer is the agent's reply: the new entry's answer (ProposalNew), or
	// what was sent (ProposalSimilar).
	Answer string `json:"answer"`
	Why    string `json:"why"`
	// Count is how many sent replies made this proposal.
	Count int `json:"count"`
	// ConversationID and MessageID are the latest sent reply's.
	ConversationID int64          `json:"conversationId"`
	MessageID      int64          `json:"messageId"`
	Agent          string         `json:"agent"`
	Status         ProposalStatus `json:"status"`
	CreatedAt      time.Time      `json:"createdAt"`
	UpdatedAt      time.Time      `json:"updatedAt"`
	// DecidedBy, DecidedAt: who accepted or rejected it, when; ChangeID is
	// the KB change an acceptance made (kb_history).
	DecidedBy string     `json:"decidedBy,omitempty"`
	DecidedAt *time.Time `json:"decidedAt,omitempty"`
	ChangeID  int64      `json:"changeId,omitempty"`
}

// Key is what makes two proposals the same: their kind, entry and the key
// of their question (QuestionKey). Duplicates merge, and a rejected key is
// never proposed again.
func (p Proposal) Key() string { return ProposalKey(p.Kind, p.EntryID, p.Question) }

// ProposalKey is Proposal.Key of a kind, entry and question.
func ProposalKey(kind ProposalKind, entryID int64, question string) string {
	if kind == ProposalNew {
		entryID = 0
	}
	return string(kind) + ":" + strconv.FormatInt(entryID, 10) + ":" + QuestionKey(question)
}

// ProposalFacts are what Propose looks at for one sent reply.
type ProposalFacts struct {
	// Question is the buyer's message the reply answers; Reply the reply.
	Question string
	Reply    string
	// From is the entry the reply's text came from (a recommendation the
	// agent clicked), nil for a reply typed by hand; Edited says whether the
	// agent changed the text before sending.
	From   *Entry
	Edited bool
	// Hits are the KB's best entries for Question now, best first; Top is
	// the first hit's entry (nil when none, or deleted).
	Hits []Hit
	Top  *Entry
	// Threshold is the shop's confidence threshold (assist.threshold).
	Threshold float64
}

// Similarity thresholds of Propose.
const (
	// KeptGist is the TextSimilarity from which an edited recommendation
	// kept the answer's gist (an edit, not a rewrite).
	KeptGist = 0.35
	// CloseReply is the TextSimilarity from which a typed reply is taken for
	// an entry's answer.
	CloseReply = 0.5
)

// Propose decides whether a sent reply proposes a KB change, and which
// (FB-1). Nothing is proposed when the buyer's message or the reply is
// trivial (TrivialQuestion, TrivialReply: 「好的」「在的」「ok」, emoji, very
// short), or when the KB already answers the message confidently with the
// entry the reply came from. Otherwise:
//
//   - a recommendation sent as it is, that the assistant was not confident
//     of or did not rank first (WhyPicked), or edited keeping its gist
//     (TextSimilarity to one of the entry's answers ≥ KeptGist, WhyEdited):
//     the message becomes a similar question of that entry — unless it is
//     one of the entry's questions already;
//   - a recommendation rewritten (WhyRewritten): a new entry with the reply;
//   - a reply typed by hand where the assistant was confident: nothing (the
//     agent chose otherwise; that is for the review queue, FB-3);
//   - typed by hand, close to the best entry's answer (≥ CloseReply,
//     WhyMatchedReply): a similar question of that entry;
//   - typed by hand otherwise (WhyManual): a new entry with the reply.
func Propose(f ProposalFacts) (Proposal, bool) {
	if TrivialQuestion(f.Question) || TrivialReply(f.Reply) {
		return Proposal{}, false
	}
	var top Hit
	if len(f.Hits) > 0 {
		top = f.Hits[0]
	}
	confident := len(f.Hits) > 0 && top.Confidence >= f.Threshold
	similar := func(e *Entry, why string) (Proposal, bool) {
		if hasQuestion(*e, f.Question) {
			return Proposal{}, false
		}
		return Proposal{ShopID: e.ShopID, Kind: ProposalSimilar, EntryID: e.ID, EntryQuestion: e.Question,
			Question: f.Question, Questions: []string{f.Question}, Answer: f.Reply, Why: why}, true
	}
	newEntry := func(why string) (Proposal, bool) {
		return Proposal{Kind: ProposalNew, Question: f.Question, Questions: []string{f.Question}, Answer: f.Reply, Why: why}, true
	}
	if e := f.From; e != nil {
		switch {
		case confident && top.EntryID == e.ID:
			return Proposal{}, false
		case !f.Edited:
			return similar(e, WhyPicked)
		case answerSimilarity(*e, f.Reply) >= KeptGist:
			return similar(e, WhyEdited)
		}
		p, ok := newEntry(WhyRewritten)
		p.ShopID = e.ShopID
		return p, ok
	}
	if confident {
		return Proposal{}, false
	}
	if f.Top != nil && answerSimilarity(*f.Top, f.Reply) >= CloseReply {
		return similar(f.Top, WhyMatchedReply)
	}
	return newEntry(WhyManual)
}

// hasQuestion reports whether text is one of the entry's questions, once
// both are keys (QuestionKey).
func hasQuestion(e Entry, text string) bool {
	k := QuestionKey(text)
	return slices.ContainsFunc(e.Questions(), func(q string) bool { return QuestionKey(q) == k })
}

// answerSimilarity is the highest TextSimilarity of text to one of the
// entry's answers.
func answerSimilarity(e Entry, text string) float64 {
	best := 0.0
	for _, a := range e.Answers {
		best = max(best, TextSimilarity(a.Text, text))
	}
	return best
}

// MergeProposal merges a new proposal p into an existing one: the count
// grows, the latest reply is p's, and p's question joins the questions when
// it is another. The existing one keeps its kind, entry and answer.
func MergeProposal(into, p Proposal) Proposal {
	into.Count += max(p.Count, 1)
	into.ConversationID, into.MessageID, into.Agent, into.UpdatedAt = p.ConversationID, p.MessageID, p.Agent, p.UpdatedAt
	for _, q := range p.Questions {
		k := QuestionKey(q)
		if !slices.ContainsFunc(into.Questions, func(x string) bool { return QuestionKey(x) == k }) {
			into.Questions = append(into.Questions, q)
		}
	}
	return into
}

// MergesNear is the TextSimilarity from which a proposed new entry merges
// into a pending one of another wording (「能开发票吗」 and 「可以开发票吗」).
const MergesNear = 0.6

// NearProposal returns the index of the pending new-entry proposal among
// pending that p (a new entry) should merge into, -1 for none: the one
// whose questions come nearest to p's, at MergesNear or above.
func NearProposal(p Proposal, pending []Proposal) int {
	if p.Kind != ProposalNew {
		return -1
	}
	best, at := MergesNear, -1
	for i, x := range pending {
		if x.Kind != ProposalNew || x.Status != ProposalPending {
			continue
		}
		for _, q := range x.Questions {
			if s := TextSimilarity(q, p.Question); s >= best {
				best, at = s, i
			}
		}
	}
	return at
}

// cleanQuestions trims the questions, drops blank ones and repeats (by
// QuestionKey), keeping their order.
func cleanQuestions(qs []string) []string {
	out := make([]string, 0, len(qs))
	seen := map[string]bool{}
	for _, q := range qs {
		q = strings.TrimSpace(q)
		k := QuestionKey(q)
		if q == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, q)
	}
	return out
}
