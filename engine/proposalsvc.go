package engine

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ErrDecided: a proposal or review item was accepted, rejected, fixed or
// dismissed already (by someone else, a moment ago).
var ErrDecided = errors.New("it was decided already")

// ProposalStore keeps the proposals (store.Store).
type ProposalStore interface {
	// AddProposal stores a proposal, merging it into a pending one of the
	// same key (or, for a new entry, a near wording: NearProposal); one of
	// a key decided before is dropped (added false).
	AddProposal(ctx context.Context, p Proposal) (stored Proposal, added bool, err error)
	// Proposals lists a shop's proposals in a status ("" for all), the
	// most recently updated first.
	Proposals(ctx context.Context, shopID int64, status ProposalStatus, limit int) ([]Proposal, error)
	// Proposal returns one; ErrNotFound.
	Proposal(ctx context.Context, id int64) (Proposal, error)
	// DecideProposal accepts or rejects a pending proposal; ErrDecided
	// when it is not pending.
	DecideProposal(ctx context.Context, id int64, status ProposalStatus, by string, at time.Time, changeID int64) (Proposal, error)
}

// ConversationReader reads a conversation and its messages (store.Store).
type ConversationReader interface {
	Conversation(ctx context.Context, id int64) (Conversation, error)
	// Messages returns a conversation's messages, oldest first.
	Messages(ctx context.Context, conversationID int64) ([]Message, error)
}

// SentReply is an agent's reply as it was sent, and where its text came
// from: FromEntryID is the recommendation the agent took it from (0 when
// typed by hand), Edited whether the agent changed that text first.
type SentReply struct {
	Message     Message
	FromEntryID int64
	Edited      bool
	// Agent names who sent it.
	Agent string
}

// ProposalDeps are the parts Proposals works with; all are required.
type ProposalDeps struct {
	Store         ProposalStore
	Conversations ConversationReader
	Entries       Entries
	Retriever     Retriever
	Settings      *Settings
	KB            *KB
	Clock         Clock
}

// Proposals proposes KB changes from the replies agents send (FB-1) and
// applies the accepted ones (FB-4).
type Proposals struct{ d ProposalDeps }

// NewProposals returns the proposals over deps.
func NewProposals(deps ProposalDeps) *Proposals { return &Proposals{d: deps} }

// MaxProposals is the most proposals List returns.
const MaxProposals = 500

// Sent looks at a reply an agent sent and proposes a KB change when it
// teaches the KB something (Propose): the buyer's message it answered is
// the newest non-trivial buyer text since the conversation's previous
// reply. It returns the proposal as stored (merged into an earlier one of
// the same key, or near wording) and whether there is one; a proposal of a
// key rejected before is not made again.
func (p *Proposals) Sent(ctx context.Context, r SentReply) (Proposal, bool, error) {
	if r.Message.Sender != SenderAgent || r.Message.Type != MessageText {
		return Proposal{}, false, nil
	}
	c, err := p.d.Conversations.Conversation(ctx, r.Message.ConversationID)
	if err != nil {
		return Proposal{}, false, fmt.Errorf("engine: propose: %w", err)
	}
	msgs, err := p.d.Conversations.Messages(ctx, c.ID)
	if err != nil {
		return Proposal{}, false, fmt.Errorf("engine: propose: %w", err)
	}
	question := AnsweredQuestion(msgs, r.Message.ID)
	if question == "" {
		return Proposal{}, false, nil
	}
	hits, err := p.d.Retriever.Search(ctx, c.ShopID, question, 3)
	if err != nil {
		return Proposal{}, false, fmt.Errorf("engine: propose: %w", err)
	}
	ids := []int64{}
	if r.FromEntryID != 0 {
		ids = append(ids, r.FromEntryID)
	}
	if len(hits) > 0 {
		ids = append(ids, hits[0].EntryID)
	}
	entries, err := p.d.Entries.Entries(ctx, ids)
	if err != nil {
		return Proposal{}, false, fmt.Errorf("engine: propose: %w", err)
	}
	f := ProposalFacts{Question: question, Reply: r.Message.Text, Edited: r.Edited, Hits: hits,
		Threshold: p.d.Settings.For(c.ShopID).Threshold}
	for i := range entries {
		e := &entries[i]
		if e.ShopID != c.ShopID {
			continue
		}
		if e.ID == r.FromEntryID {
			f.From = e
		}
		if len(hits) > 0 && e.ID == hits[0].EntryID {
			f.Top = e
		}
	}
	prop, ok := Propose(f)
	if !ok {
		return Proposal{}, false, nil
	}
	now := p.d.Clock.Now().UTC()
	prop.ShopID, prop.Count, prop.Status = c.ShopID, 1, ProposalPending
	prop.ConversationID, prop.MessageID, prop.Agent = c.ID, r.Message.ID, r.Agent
	prop.CreatedAt, prop.UpdatedAt = now, now
	stored, added, err := p.d.Store.AddProposal(ctx, prop)
	if err != nil {
		return Proposal{}, false, fmt.Errorf("engine: propose: %w", err)
	}
	return stored, added, nil
}

// AnsweredQuestion returns the buyer's question a reply (the message
// replyID) answers: the newest buyer text after the conversation's
// previous reply (Sender.Replies; a trivial one, 「好的」「稍等」, is no
// answer) that is not trivial (TrivialQuestion), "" when there is none.
func AnsweredQuestion(msgs []Message, replyID int64) string {
	end := len(msgs)
	for i, m := range msgs {
		if m.ID == replyID {
			end = i
			break
		}
	}
	for i := end - 1; i >= 0; i-- {
		m := msgs[i]
		if m.Sender.Replies() && !TrivialReply(m.Text) {
			break
		}
		if m.Sender == SenderBuyer && m.Type == MessageText && !TrivialQuestion(m.Text) {
			return strings.TrimSpace(m.Text)
		}
	}
	return ""
}

// List returns a shop's proposals in a status ("" for all), the most
// recently updated first, at most MaxProposals.
func (p *Proposals) List(ctx context.Context, shopID int64, status ProposalStatus) ([]Proposal, error) {
	ps, err := p.d.Store.Proposals(ctx, shopID, status, MaxProposals)
	if err != nil {
		return nil, fmt.Errorf("engine: proposals: %w", err)
	}
	if ps == nil {
		ps = []Proposal{}
	}
	return ps, nil
}

// Get returns one proposal; ErrNotFound.
func (p *Proposals) Get(ctx context.Context, id int64) (Proposal, error) {
	prop, err := p.d.Store.Proposal(ctx, id)
	if err != nil {
		return Proposal{}, fmt.Errorf("engine: proposal: %w", err)
	}
	return prop, nil
}

// AcceptProposal is a proposal accepted as it is or edited: the questions
// to add (nil: the proposal's), the entry they go to (0: the proposal's;
// for a new-entry proposal, an entry to add them to instead), and for a
// new entry its answer ("": the proposal's) and category ("": other).
type AcceptProposal struct {
	ID        int64    `json:"id"`
	EntryID   int64    `json:"entryId"`
	Questions []string `json:"questions"`
	Answer    string   `json:"answer"`
	Category  Category `json:"category"`
}

// Accept applies a pending proposal to the KB through KB.SaveFrom — the
// change is searchable at once (KB-4) and kept in the entry's history with
// the proposal as its origin (FB-4) — and marks it accepted. The questions
// go to the entry as similar questions (those it has already are skipped),
// or become a new entry (the first its standard question) with the answer.
// Errors: ErrNotFound (the proposal, or its entry deleted since), ErrDecided
// (no longer pending), an *InputError for no question, an *EntryError or
// ErrDuplicate from the save; nothing changes then.
func (p *Proposals) Accept(ctx context.Context, actor string, req AcceptProposal) (Proposal, Entry, error) {
	prop, err := p.d.Store.Proposal(ctx, req.ID)
	if err != nil {
		return Proposal{}, Entry{}, fmt.Errorf("engine: accept proposal: %w", err)
	}
	if prop.Status != ProposalPending {
		return prop, Entry{}, fmt.Errorf("engine: accept proposal %d: %w", req.ID, ErrDecided)
	}
	questions := prop.Questions
	if req.Questions != nil {
		questions = req.Questions
	}
	answer := prop.Answer
	if strings.TrimSpace(req.Answer) != "" {
		answer = req.Answer
	}
	target := req.EntryID
	if target == 0 && prop.Kind == ProposalSimilar {
		target = prop.EntryID
	}
	origin := OriginProposal + strconv.FormatInt(prop.ID, 10)
	saved, ch, err := addQuestions(ctx, p.d.KB, actor, origin, prop.ShopID, target, questions, answer, req.Category)
	if err != nil {
		return Proposal{}, Entry{}, fmt.Errorf("engine: accept proposal %d: %w", req.ID, err)
	}
	done, err := p.d.Store.DecideProposal(ctx, prop.ID, ProposalAccepted, actor, p.d.Clock.Now(), ch.ID)
	if err != nil {
		return Proposal{}, Entry{}, fmt.Errorf("engine: accept proposal %d: %w", req.ID, err)
	}
	return done, saved, nil
}

// Reject marks a pending proposal rejected: the same proposal (kind, entry,
// question) is never made again. ErrNotFound, ErrDecided.
func (p *Proposals) Reject(ctx context.Context, actor string, id int64) (Proposal, error) {
	done, err := p.d.Store.DecideProposal(ctx, id, ProposalRejected, actor, p.d.Clock.Now(), 0)
	if err != nil {
		return Proposal{}, fmt.Errorf("engine: reject proposal: %w", err)
	}
	return done, nil
}

// addQuestions adds questions to a shop's KB through kb.SaveFrom, with the
// origin in the history: as similar questions of the entry target (those
// it has already are skipped; when it has them all, nothing is saved and
// the change is empty), or, with target 0, as a new entry (the first
// question its standard question, answer its answer, category other when
// empty). An entry of another shop is ErrNotFound; no question is an
// *InputError.
func addQuestions(ctx context.Context, kb *KB, actor, origin string, shopID, target int64, questions []string, answer string, cat Category) (Entry, Change, error) {
	questions = cleanQuestions(questions)
	if len(questions) == 0 {
		return Entry{}, Change{}, &InputError{Key: "feedback_no_question", Detail: "pick at least one question to add"}
	}
	if target != 0 {
		e, err := kb.Entry(ctx, target)
		if err != nil {
			return Entry{}, Change{}, err
		}
		if e.ShopID != shopID {
			return Entry{}, Change{}, fmt.Errorf("entry %d is not the shop's: %w", target, ErrNotFound)
		}
		added := false
		for _, q := range questions {
			if !hasQuestion(e, q) {
				e.Similar = append(e.Similar, q)
				added = true
			}
		}
		if !added {
			return e, Change{}, nil
		}
		return kb.SaveFrom(ctx, actor, origin, e)
	}
	if strings.TrimSpace(answer) == "" {
		return Entry{}, Change{}, &InputError{Key: "feedback_no_answer", Detail: "a new entry needs an answer"}
	}
	if cat == "" {
		cat = CategoryOther
	}
	e := Entry{ShopID: shopID, Question: questions[0], Similar: questions[1:], Answers: []Answer{{Text: answer}},
		Category: cat, Enabled: true}
	return kb.SaveFrom(ctx, actor, origin, e)
}
