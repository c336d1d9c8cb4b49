package engine

import (
	"context"
	"fmt"
)

// MaxSuggestions is how many recommended replies the assist panel shows.
const MaxSuggestions = 3

// Suggest recommends replies for the latest buyer message of a conversation
// (AS-2): the recognised intent and up to MaxSuggestions KB answers with their
// confidence, best first, each the entry's answer for the state of the
// conversation's order (SA-3) with its variables filled from the buyer, the
// shop, the agent and that order. A conversation with no buyer message gets
// an empty Assist.
//
// With an LLM (LM-2, LM-3), Suggest still answers at once: Reranking says
// the LLM reorders the suggestions, Drafting that it drafts a reply from
// them (when at least one has every value), and each result comes later
// as an AssistUpdated notice carrying the whole Assist with everything
// arrived so far. A draft's push comes whether it succeeded or not.
func (d *Desk) Suggest(ctx context.Context, conversationID int64) (Assist, error) {
	msgs, err := d.convs.Messages(ctx, conversationID)
	if err != nil {
		return Assist{}, fmt.Errorf("engine: suggest: %w", err)
	}
	c, err := d.convs.Conversation(ctx, conversationID)
	if err != nil {
		return Assist{}, fmt.Errorf("engine: suggest: %w", err)
	}
	a := Assist{ConversationID: conversationID, Suggestions: []Suggestion{}, SendFloor: d.sendFloor}
	a.Order = d.orderContext(ctx, c, msgs)
	last, ok := lastBuyerMessage(msgs)
	if !ok {
		return a, nil
	}
	a.MessageID, a.Query = last.ID, last.Text
	shop := Shop{ID: c.ShopID, Name: c.ShopName}
	if d.shops != nil {
		if sh, err := d.shops.Shop(ctx, c.ShopID); err == nil {
			shop = sh
		}
	}
	var agents []Agent
	if d.agents != nil {
		agents, _ = d.agents.Agents(ctx)
	}
	vars := ConversationVars(shop, c, agents, a.Order)
	pool, err := d.suggest(ctx, c.ShopID, last.Text, vars, a.Order.State, RerankCandidates)
	if err != nil {
		return Assist{}, err
	}
	a.Suggestions = pool[:min(len(pool), MaxSuggestions)]
	if len(a.Suggestions) > 0 && a.Suggestions[0].Confidence >= d.threshold {
		a.Intent = a.Suggestions[0].Intent
		a.Scenario = d.scenario(shop, a.Intent, a.Order, vars)
	}
	r, dr := d.reranker.get(), d.drafter.get()
	a.Reranking = r != nil && len(pool) > 1
	req, from := draftRequest(a, shop.Locale)
	a.Drafting = dr != nil && len(from) > 0
	if a.Reranking || a.Drafting {
		up := &assistUpdates{a: a, notify: d.notify}
		if a.Reranking {
			d.rerank(up, r, a.Query, pool)
		}
		if a.Drafting {
			d.draft(up, dr, req, from)
		}
	}
	return a, nil
}

// orderContext is the order a conversation is about (PickOrder), from the
// buyer's orders; none when the desk reads no orders.
func (d *Desk) orderContext(ctx context.Context, c Conversation, msgs []Message) OrderContext {
	if d.orders == nil {
		return OrderContext{}
	}
	buyer, err := d.convs.Buyer(ctx, c.BuyerID)
	if err != nil {
		return OrderContext{}
	}
	orders, err := d.orders.BuyerOrders(ctx, c.ShopID, buyer.ExternalID)
	if err != nil {
		return OrderContext{}
	}
	return PickOrder(msgs, orders, d.clock.Now())
}

// SuggestFor recommends up to MaxSuggestions replies for a text in a shop's KB,
// best first; entries that are disabled or have no answer are skipped.
// Variables are left as they are (see Suggestion.Missing).
func (d *Desk) SuggestFor(ctx context.Context, shopID int64, text string) ([]Suggestion, error) {
	return d.suggest(ctx, shopID, text, nil, "", MaxSuggestions)
}

// suggest returns up to n suggestions, best first, with the answers for an
// order in state (none: "").
func (d *Desk) suggest(ctx context.Context, shopID int64, text string, vars Vars, state OrderStatus, n int) ([]Suggestion, error) {
	hits, err := d.search.Search(ctx, shopID, text, n*2)
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
		answer, missing, ok := pickAnswer(e.AnswersFor(state), vars)
		if !ok {
			continue
		}
		out = append(out, Suggestion{
			EntryID:    e.ID,
			Question:   e.Question,
			Intent:     e.Intent,
			Category:   e.Category,
			Answer:     answer,
			Missing:    missing,
			Operations: e.Operations,
			NeverAuto:  e.NeverAuto,
			Confidence: h.Confidence,
		})
		if len(out) == n {
			break
		}
	}
	return out, nil
}

// lastBuyerMessage returns the buyer's latest text: a card the buyer sent
// (an order card) names an order, it asks nothing to match in the KB.
func lastBuyerMessage(msgs []Message) (Message, bool) {
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Sender == SenderBuyer && !msgs[i].Type.IsCard() {
			return msgs[i], true
		}
	}
	return Message{}, false
}

// pickAnswer renders the first of answers whose variables all have values;
// when every one lacks some, it returns the first rendered as far as it
// goes, with the names still missing (KB-2: never sent as it is).
func pickAnswer(answers []Answer, vars Vars) (text string, missing []string, ok bool) {
	if len(answers) == 0 {
		return "", nil, false
	}
	for _, a := range answers {
		if out, miss := Render(a.Text, vars); len(miss) == 0 {
			return out, []string{}, true
		}
	}
	text, missing = Render(answers[0].Text, vars)
	return text, missing, true
}

// scenario is the built-in recommendation for an intent in a conversation
// (SA-1), its scripts rendered for the order; nil when the intent has none.
func (d *Desk) scenario(shop Shop, intent string, order OrderContext, vars Vars) *ScenarioView {
	sc, ok := d.scenarios.For(shop, intent)
	if !ok {
		return nil
	}
	step, ok := sc.Step(order.State)
	if !ok {
		return nil
	}
	v := &ScenarioView{Intent: intent, Name: sc.Name, Order: order, Operations: step.Operations, Rules: []RuleView{}}
	for _, s := range step.Scripts {
		text, missing := Render(s, vars)
		if missing == nil {
			missing = []string{}
		}
		v.Scripts = append(v.Scripts, Script{Text: text, Missing: missing})
	}
	for _, r := range d.scenarios.Rules(shop, intent, order.State) {
		v.Rules = append(v.Rules, RuleView{ID: r.ID, Text: r.Words(shop.Locale), Source: r.Source, Date: r.Date})
	}
	return v
}
