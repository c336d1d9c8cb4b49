package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"replydesk/engine"
)

var _ engine.ProposalStore = (*Store)(nil)

// proposalRow is a row of kb_proposals.
type proposalRow struct {
	ID             int64
	ShopID         int64
	Kind           string
	EntryID        int64
	Key            string
	Question       string
	Questions      jsonCol[[]string]
	Answer         string
	Why            string
	Count          int
	ConversationID int64
	MessageID      int64
	Agent          string
	Status         string
	CreatedAt      time.Time
	UpdatedAt      time.Time
	DecidedBy      string
	DecidedAt      *time.Time
	ChangeID       int64
	// EntryQuestion is read with the row (the entry's standard question
	// now), never written.
	EntryQuestion string `gorm:"->;-:migration"`
}

func (proposalRow) TableName() string { return "kb_proposals" }

func (r proposalRow) proposal() engine.Proposal {
	p := engine.Proposal{
		ID: r.ID, ShopID: r.ShopID, Kind: engine.ProposalKind(r.Kind), EntryID: r.EntryID, Question: r.Question,
		Questions: r.Questions.V, Answer: r.Answer, Why: r.Why, Count: r.Count, ConversationID: r.ConversationID,
		MessageID: r.MessageID, Agent: r.Agent, Status: engine.ProposalStatus(r.Status), CreatedAt: r.CreatedAt.UTC(),
		UpdatedAt: r.UpdatedAt.UTC(), DecidedBy: r.DecidedBy, ChangeID: r.ChangeID,
	}
	if p.Questions == nil {
		p.Questions = []string{}
	}
	if r.DecidedAt != nil {
		at := r.DecidedAt.UTC()
		p.DecidedAt = &at
	}
	return p
}

func proposalRowOf(p engine.Proposal) proposalRow {
	return proposalRow{
		ID: p.ID, ShopID: p.ShopID, Kind: string(p.Kind), EntryID: p.EntryID, Key: p.Key(), Question: p.Question,
		Questions: jsonCol[[]string]{p.Questions}, Answer: p.Answer, Why: p.Why, Count: p.Count,
		ConversationID: p.ConversationID, MessageID: p.MessageID, Agent: p.Agent, Status: string(p.Status),
		CreatedAt: p.CreatedAt.UTC(), UpdatedAt: p.UpdatedAt.UTC(), DecidedBy: p.DecidedBy, ChangeID: p.ChangeID,
	}
}

// AddProposal stores a proposal in one transaction (engine.ProposalStore):
// one of the same key already pending takes it in (engine.MergeProposal),
// as does, for a new entry, a pending one of a near wording
// (engine.NearProposal); one of the same key accepted or rejected before
// drops it (added false). It returns the proposal as stored.
func (s *Store) AddProposal(ctx context.Context, p engine.Proposal) (engine.Proposal, bool, error) {
	var out engine.Proposal
	added := false
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var same proposalRow
		err := tx.Where("shop_id = ? AND key = ?", p.ShopID, p.Key()).First(&same).Error
		switch {
		case err == nil && same.Status != string(engine.ProposalPending):
			return nil // decided before: never again
		case err == nil:
			return s.mergeProposal(tx, same.proposal(), p, &out, &added)
		case !errors.Is(err, gorm.ErrRecordNotFound):
			return err
		}
		if p.Kind == engine.ProposalNew {
			var rows []proposalRow
			if err := tx.Where("shop_id = ? AND kind = ? AND status = ?", p.ShopID, engine.ProposalNew, engine.ProposalPending).
				Order("id").Limit(500).Find(&rows).Error; err != nil {
				return err
			}
			pending := make([]engine.Proposal, len(rows))
			for i, r := range rows {
				pending[i] = r.proposal()
			}
			if i := engine.NearProposal(p, pending); i >= 0 {
				return s.mergeProposal(tx, pending[i], p, &out, &added)
			}
		}
		row := proposalRowOf(p)
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		out, added = row.proposal(), true
		return nil
	})
	if err != nil {
		return engine.Proposal{}, false, fmt.Errorf("store: add proposal: %w", err)
	}
	if added {
		out.EntryQuestion = s.entryQuestion(ctx, out.EntryID)
	}
	return out, added, nil
}

func (s *Store) mergeProposal(tx *gorm.DB, into, p engine.Proposal, out *engine.Proposal, added *bool) error {
	m := engine.MergeProposal(into, p)
	err := tx.Model(&proposalRow{}).Where("id = ?", m.ID).Updates(map[string]any{
		"questions": jsonCol[[]string]{m.Questions}, "count": m.Count, "conversation_id": m.ConversationID,
		"message_id": m.MessageID, "agent": m.Agent, "updated_at": m.UpdatedAt.UTC(),
	}).Error
	if err != nil {
		return err
	}
	*out, *added = m, true
	return nil
}

func (s *Store) entryQuestion(ctx context.Context, id int64) string {
	if id == 0 {
		return ""
	}
	var q string
	_ = s.db.WithContext(ctx).Raw(`SELECT question FROM kb_entries WHERE id = ?`, id).Scan(&q).Error
	return q
}

// Proposals returns up to limit proposals of a shop in a status (all
// statuses when empty), the most recently updated first, each with its
// entry's question as it is now.
func (s *Store) Proposals(ctx context.Context, shopID int64, status engine.ProposalStatus, limit int) ([]engine.Proposal, error) {
	q := s.db.WithContext(ctx).Table("kb_proposals p").
		Select("p.*, COALESCE(e.question, '') AS entry_question").
		Joins("LEFT JOIN kb_entries e ON e.id = p.entry_id").
		Where("p.shop_id = ?", shopID)
	if status != "" {
		q = q.Where("p.status = ?", status)
	}
	var rows []proposalRow
	if err := q.Order("p.updated_at DESC, p.id DESC").Limit(limit).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: proposals: %w", err)
	}
	out := make([]engine.Proposal, len(rows))
	for i, r := range rows {
		out[i] = r.proposal()
		out[i].EntryQuestion = r.EntryQuestion
	}
	return out, nil
}

// CountProposals counts a shop's pending proposals.
func (s *Store) CountProposals(ctx context.Context, shopID int64) (int, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&proposalRow{}).Where("shop_id = ? AND status = ?", shopID, engine.ProposalPending).Count(&n).Error
	if err != nil {
		return 0, fmt.Errorf("store: count proposals: %w", err)
	}
	return int(n), nil
}

// Proposal returns one proposal; ErrNotFound for none.
func (s *Store) Proposal(ctx context.Context, id int64) (engine.Proposal, error) {
	var r proposalRow
	if err := s.db.WithContext(ctx).First(&r, id).Error; err != nil {
		return engine.Proposal{}, notFound(err, fmt.Sprintf("proposal %d", id))
	}
	p := r.proposal()
	p.EntryQuestion = s.entryQuestion(ctx, p.EntryID)
	return p, nil
}

// DecideProposal accepts or rejects a pending proposal: its status, who,
// when and the KB change an acceptance made. ErrNotFound for an unknown
// proposal, engine.ErrDecided for one no longer pending.
func (s *Store) DecideProposal(ctx context.Context, id int64, status engine.ProposalStatus, by string, at time.Time, changeID int64) (engine.Proposal, error) {
	res := s.db.WithContext(ctx).Model(&proposalRow{}).Where("id = ? AND status = ?", id, engine.ProposalPending).
		Updates(map[string]any{"status": string(status), "decided_by": by, "decided_at": at.UTC(), "change_id": changeID})
	if res.Error != nil {
		return engine.Proposal{}, fmt.Errorf("store: decide proposal: %w", res.Error)
	}
	p, err := s.Proposal(ctx, id)
	if err != nil {
		return engine.Proposal{}, err
	}
	if res.RowsAffected == 0 {
		return p, fmt.Errorf("store: decide proposal %d: %w", id, engine.ErrDecided)
	}
	return p, nil
}
