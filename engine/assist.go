package engine

import (
	"context"
	"fmt"
)

const (
	// MaxSuggestions is how many recommended replies the assist panel shows.
	MaxSuggestions = 3
	// IntentConfidence is the confidence from which the best match names the
	// buyer's intent. Provisional until confidence is calibrated on data.
	IntentConfidence = 0.5
)

// Suggest recommends replies for the latest buyer message of a conversation
// (AS-2): the recognised intent and up to MaxSuggestions KB answers with their
// confidence, best first. A conversation with no buyer message gets an empty
// Assist.
func (d *Desk) Suggest(ctx context.Context, conversationID int64) (Assist, error) {
	msgs, err := d.convs.Messages(ctx, conversationID)
	if err != nil {
		return Assist{}, fmt.Errorf("engine: suggest: %w", err)
	}
	c, err := d.convs.Conversation(ctx, conversationID)
	if err != nil {
		return Assist{}, fmt.Errorf("engine: suggest: %w", err)
	}
	a := Assist{ConversationID: conversationID, Suggestions: []Suggestion{}}
	last, ok := lastBuyerMessage(msgs)
	if !ok {
		return a, nil
	}
	a.MessageID, a.Query = last.ID, last.Text
	a.Suggestions, err = d.SuggestFor(ctx, c.ShopID, last.Text)
	if err != nil {
		return Assist{}, err
	}
	if len(a.Suggestions) > 0 && a.Suggestions[0].Confidence >= IntentConfidence {
		a.Intent = a.Suggestions[0].Intent
	}
	return a, nil
}

// SuggestFor recommends up to MaxSuggestions replies for a text in a shop's KB,
// best first; entries that are disabled or have no answer are skipped.
func (d *Desk) SuggestFor(ctx context.Context, shopID int64, text string) ([]Suggestion, error) {
	hits, err := d.search.Search(ctx, shopID, text, MaxSuggestions*2)
	if err != nil {
		return nil, fmt.Errorf("engine: search: %w", err)
	}
	ids := make([]int64, len(hits))
	for i, h := range hits {
		ids[i] = h.EntryID
	}
	entries, err := d.entries.Entries(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("engine: hydrate entries: %w", err)
	}
	byID := make(map[int64]Entry, len(entries))
	for _, e := range entries {
		byID[e.ID] = e
	}
	out := []Suggestion{}
	for _, h := range hits {
		e, ok := byID[h.EntryID]
		if !ok || !e.Enabled || e.ShopID != shopID {
			continue
		}
		answers := e.AnswersFor("")
		if len(answers) == 0 {
			continue
		}
		out = append(out, Suggestion{
			EntryID:    e.ID,
			Question:   e.Question,
			Intent:     e.Intent,
			Category:   e.Category,
			Answer:     answers[0].Text,
			Confidence: h.Confidence,
		})
		if len(out) == MaxSuggestions {
			break
		}
	}
	return out, nil
}

func lastBuyerMessage(msgs []Message) (Message, bool) {
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Sender == SenderBuyer {
			return msgs[i], true
		}
	}
	return Message{}, false
}
