package engine

import (
	"context"
	"strings"
	"time"
)

// The assist panel's drafts (LM-3): Suggest starts a draft in the
// background, and AssistUpdated brings it (see assistUpdates in rerank.go).

// Draft is an LLM's draft reply shown in the assist panel, marked as a
// draft: the agent sends or edits it like a suggestion.
type Draft struct {
	Text string `json:"text"`
	// EntryIDs are the KB entries whose answers it was written from, best first.
	EntryIDs []int64 `json:"entryIds"`
}

// DefaultDraftBudget is how long a draft is given when the Drafter does not
// tell its budget (llm.DefaultBudget).
const DefaultDraftBudget = 1500 * time.Millisecond

// draftBudget is how long a Drafter's drafts are waited for.
func draftBudget(dr Drafter) time.Duration {
	if b, ok := dr.(interface{ Budget() time.Duration }); ok && b.Budget() > 0 {
		return b.Budget()
	}
	return DefaultDraftBudget
}

// draftOrder are the facts of a conversation's order for a draft; nil when
// no order is known.
func draftOrder(oc OrderContext, locale string) *DraftOrder {
	if oc.Order == nil {
		return nil
	}
	v := OrderVars(*oc.Order, locale)
	return &DraftOrder{ID: v["order.id"], Status: v["order.status"], PromiseShipAt: v["order.promise_ship_at"],
		Courier: v["order.courier"], TrackingNo: v["order.tracking_no"]}
}

// SetDrafter puts an LLM drafter in use, or none (nil): for the assist
// panel's drafts (Suggest), and for the desk's Reception (its Receiver,
// when that is a *Reception) to send drafts where a shop allows it.
// Everything works without one (LM-4).
func (d *Desk) SetDrafter(dr Drafter) {
	d.drafter.set(dr)
	if r, ok := d.reception.(*Reception); ok {
		r.SetDrafter(dr)
	}
}

// draft writes a draft for the assist panel in the background from the
// suggestions shown whose variables all have values, and pushes the Assist
// with it (Assist.Draft, Drafting false). A failure, or a draft that fails
// CheckDraft, pushes the Assist with Drafting false and no draft, and
// changes nothing else: the window can rely on one push ending Drafting.
// After the LLM's rerank judged that no suggestion fits (NoneFit), a draft
// written from them is not shown. It never delays Suggest.
func (d *Desk) draft(up *assistUpdates, dr Drafter, req DraftRequest, from []int64) {
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), draftBudget(dr))
		defer cancel()
		text, err := dr.Draft(ctx, req)
		if err == nil {
			text, err = CheckDraft(text, req.Query)
		}
		up.apply(true, func(a *Assist) {
			a.Drafting = false
			if err == nil && !a.NoneFit {
				a.Draft = &Draft{Text: text, EntryIDs: from}
			}
		})
	}()
}

// draftRequest is what the panel's draft is written from: the buyer's
// message, the shown suggestions whose variables all have values (a text
// with a value missing must not reach a buyer, nor an LLM that would copy
// its braces), the order's facts and the shop's language. from are the
// suggestions' entries; none means no draft.
func draftRequest(a Assist, locale string) (req DraftRequest, from []int64) {
	req = DraftRequest{Query: a.Query, Order: draftOrder(a.Order, locale), Locale: locale}
	for _, s := range a.Suggestions {
		if len(s.Missing) == 0 && strings.TrimSpace(s.Answer) != "" {
			req.Answers = append(req.Answers, s.Answer)
			from = append(from, s.EntryID)
		}
	}
	return req, from
}
