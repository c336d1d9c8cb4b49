package app

import (
	"context"

	"replydesk/engine"
)

// CurrentAgent tells which agent sits at the desk.
type CurrentAgent interface {
	CurrentAgent(ctx context.Context) (engine.Agent, error)
}

// PhraseService is bound to the window: the quick phrases (常用语, CV-3) of
// the agent at the desk — the shop's and the agent's own — and their
// insertion into the input box.
type PhraseService struct {
	ctx  context.Context
	me   CurrentAgent
	book *engine.PhraseBook
}

// NewPhraseService returns the phrase service over a phrase book; me tells
// whose phrases they are.
func NewPhraseService(book *engine.PhraseBook, me CurrentAgent) *PhraseService {
	return &PhraseService{ctx: context.Background(), me: me, book: book}
}

// List returns the phrases of a shop the current agent sees: shop-wide and
// its own (Personal), by sort and ID.
func (s *PhraseService) List(shopID int64) ([]engine.QuickPhrase, error) {
	me, err := s.me.CurrentAgent(s.ctx)
	if err != nil {
		return nil, wrap(err)
	}
	ps, err := s.book.List(s.ctx, me, shopID)
	return ps, wrap(err)
}

// Save creates (id 0) or updates a phrase: personal makes it the current
// agent's own, else it is shop-wide (owners only: error.phrase_owner_only).
// A bad phrase is error.phrase_invalid with its fields; another agent's
// phrase is not found.
func (s *PhraseService) Save(p engine.QuickPhrase) (engine.QuickPhrase, error) {
	me, err := s.me.CurrentAgent(s.ctx)
	if err != nil {
		return engine.QuickPhrase{}, wrap(err)
	}
	saved, err := s.book.Save(s.ctx, me, p)
	return saved, wrap(err)
}

// Delete deletes a phrase of the current agent, or a shop-wide one for an owner.
func (s *PhraseService) Delete(id int64) error {
	me, err := s.me.CurrentAgent(s.ctx)
	if err != nil {
		return wrap(err)
	}
	return wrap(s.book.Delete(s.ctx, me, id))
}

// Use returns a phrase rendered for a conversation's input box, its
// variables filled where the conversation knows them; Missing names those
// still to fill in. It counts the use.
func (s *PhraseService) Use(id, conversationID int64) (engine.Inserted, error) {
	me, err := s.me.CurrentAgent(s.ctx)
	if err != nil {
		return engine.Inserted{}, wrap(err)
	}
	in, err := s.book.Use(s.ctx, me, id, conversationID)
	return in, wrap(err)
}

// Variables lists the variables a phrase may hold, such as buyer.name.
func (s *PhraseService) Variables() []string {
	return engine.Variables
}
