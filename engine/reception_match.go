package engine

import (
	"context"
	"strings"
)

// match finds the best answer for text in the shop's KB, rendered for the
// conversation's order and the agent serving it; nil when nothing matched.
// For a scenario intent the scenario's script for the order's state comes
// first (SA-7), and the platform's rules apply (SA-8); when the scenario
// needs the order and the buyer named none of several, the match carries
// the candidates for the order-prediction card (SA-2). A buyer's order card
// is matched as the answer to the buyer's question before it.
func (r *Reception) match(ctx context.Context, snap Snapshot, text string, agents []Agent) (*Match, error) {
	if snap.Message.Type.IsCard() {
		text = pendingQuestion(snap.Messages, snap.Message.ID)
	}
	if strings.TrimSpace(text) == "" {
		return nil, nil
	}
	hits, err := r.d.Retriever.Search(ctx, snap.Shop.ID, text, 1)
	if err != nil || len(hits) == 0 {
		return nil, err
	}
	entries, err := r.d.Entries.Entries(ctx, []int64{hits[0].EntryID})
	if err != nil {
		return nil, err
	}
	if len(entries) == 0 || !entries[0].Enabled || entries[0].ShopID != snap.Shop.ID {
		return nil, nil
	}
	e := entries[0]
	now := r.d.Clock.Now()
	order := PickOrder(snap.Messages, snap.Orders, now)
	m := &Match{EntryID: e.ID, Question: e.Question, Intent: e.Intent, Confidence: hits[0].Confidence,
		NeverAuto: e.NeverAuto, Operations: e.Operations, Basis: hits[0].Basis}
	answers := e.AnswersFor(order.State)
	if sc, ok := r.d.Scenarios.For(snap.Shop, e.Intent); ok {
		if step, ok := sc.Step(order.State); ok {
			answers = make([]Answer, len(step.Scripts))
			for i, s := range step.Scripts {
				answers[i] = Answer{Text: s}
			}
			m.Operations, m.Scenario = step.Operations, sc.Name
		}
		if e.Intent == "ship_time" && order.Order == nil && order.Candidates > 1 {
			m.Predict = PredictOrders(snap.Orders, e.Intent, now)
		}
	}
	if snap.Message.Type.IsCard() && m.Scenario == "" {
		return nil, nil // a card answers only a scenario's question
	}
	m.Rules = r.d.Scenarios.Rules(snap.Shop, e.Intent, order.State)
	vars := ConversationVars(snap.Shop, snap.Conversation, agents, order)
	answer, missing, ok := pickAnswer(answers, vars)
	if !ok {
		return nil, nil
	}
	m.Answer, m.Missing = answer, missing
	return m, nil
}

// pendingQuestion is the buyer's last text before the message id, when no
// human replied since: the question a buyer's order card answers.
func pendingQuestion(msgs []Message, id int64) string {
	for i := len(msgs) - 1; i >= 0; i-- {
		m := msgs[i]
		switch {
		case m.ID >= id:
		case m.Sender == SenderAgent:
			return ""
		case m.Sender == SenderBuyer && !m.Type.IsCard():
			return m.Text
		}
	}
	return ""
}
