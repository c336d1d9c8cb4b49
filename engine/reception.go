package engine

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// ReceptionDeps are the parts Reception works with; all are required but
// Notifier's DecisionNotifier, Outbox, Calendar, Screener, Router and Log.
type ReceptionDeps struct {
	Store     ReceptionStore
	Agents    Agents
	Entries   Entries
	Retriever Retriever
	Settings  *Settings
	Views     *Views
	Clock     Clock
	Notifier  Notifier
	// Outbox delivers the replies to the buyers' live channels (the
	// simulator's pages; callbacks are queued by the store).
	Outbox Outbox
	// Calendar tells statutory holidays for working hours (RB-1).
	Calendar Calendar
	// Screener finds sensitive words in automatic replies (RB-10).
	Screener Screener
	// Router serves the queue after transfers (RB-8).
	Router Router
	// Scenarios are the built-in scenarios and platform rules (SA-1 –
	// SA-8); nil has none.
	Scenarios *ScenarioBook
	// Gate is the database's write gate, shared with the webhook: the
	// decisions wait their turn with its requests instead of being starved
	// by them. Nil writes without waiting.
	Gate *WriteGate
	// Log reports failures the worker goes on after; nil drops them.
	Log func(msg string, args ...any)
}

// Reception decides every buyer message once (Decide) and writes what the
// decision does. Buyer messages reach it from the Desk as they are stored
// (Received) and, at Start, from the store (those stored while it was not
// running). Decisions are made in batches, one message per conversation at
// a time, in arrival order; a shop's burst wait (assist.burst_wait) holds a
// conversation's lines until the buyer pauses.
type Reception struct {
	d ReceptionDeps

	mu      sync.Mutex
	pending map[int64]Pending // by message ID
	wake    chan struct{}
	cancel  context.CancelFunc
	done    chan struct{}

	drafter portSlot[Drafter]
}

// NewReception returns a reception over deps; Start runs its worker.
func NewReception(deps ReceptionDeps) *Reception {
	if deps.Log == nil {
		deps.Log = func(string, ...any) {}
	}
	return &Reception{d: deps, pending: map[int64]Pending{}, wake: make(chan struct{}, 1)}
}

// Received queues a stored buyer message for its decision and wakes the
// worker; it never blocks.
func (r *Reception) Received(c Conversation, m Message) {
	r.mu.Lock()
	r.pending[m.ID] = Pending{MessageID: m.ID, ConversationID: c.ID, ShopID: c.ShopID, At: m.CreatedAt}
	r.mu.Unlock()
	r.poke()
}

func (r *Reception) poke() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// Pending counts the messages waiting for a decision.
func (r *Reception) Pending() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.pending)
}

// maxBatch is the most decisions written in one transaction.
const maxBatch = 256

// Load queues the buyer messages the store holds undecided. Start calls it.
func (r *Reception) Load(ctx context.Context) error {
	for {
		undecided, err := r.d.Store.UndecidedMessages(ctx, 1000)
		if err != nil {
			return fmt.Errorf("engine: reception: %w", err)
		}
		r.mu.Lock()
		added := 0
		for _, p := range undecided {
			if _, ok := r.pending[p.MessageID]; !ok {
				r.pending[p.MessageID] = p
				added++
			}
		}
		r.mu.Unlock()
		if len(undecided) < 1000 || added == 0 {
			return nil
		}
	}
}

// Start queues the undecided messages and runs the worker until Stop.
func (r *Reception) Start(ctx context.Context) error {
	if err := r.Load(ctx); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	r.mu.Lock()
	r.cancel, r.done = cancel, make(chan struct{})
	done := r.done
	r.mu.Unlock()
	go r.run(ctx, done)
	r.poke()
	return nil
}

// Stop stops the worker after the batch it is writing and waits for it.
func (r *Reception) Stop() {
	r.mu.Lock()
	cancel, done := r.cancel, r.done
	r.cancel, r.done = nil, nil
	r.mu.Unlock()
	if cancel != nil {
		cancel()
		<-done
	}
}

// idleCheck is how often the worker looks for held messages that became
// due (a burst wait) when nothing wakes it.
const idleCheck = 250 * time.Millisecond

func (r *Reception) run(ctx context.Context, done chan struct{}) {
	defer close(done)
	tick := time.NewTicker(idleCheck)
	defer tick.Stop()
	for {
		// The batch's own context is not cancelled by Stop: a batch being
		// written is finished.
		if _, err := r.RunDue(context.WithoutCancel(ctx)); err != nil {
			r.d.Log("reception: decide", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-r.wake:
		case <-tick.C:
		}
	}
}

// RunDue decides every pending message that is due at the clock's now —
// all of them, unless a shop's burst wait holds a conversation whose buyer
// wrote less than that long ago — and returns how many were decided. The
// worker calls it; tests call it on a fake clock.
func (r *Reception) RunDue(ctx context.Context) (int, error) {
	total := 0
	for {
		batch := r.due()
		if len(batch) == 0 {
			return total, nil
		}
		n, err := r.decide(ctx, batch)
		total += n
		if err != nil {
			return total, err
		}
	}
}

// burstItem is one conversation's due work: the message to decide and the
// earlier lines of its burst, decided as merged into it.
type burstItem struct {
	last   Pending
	merged []Pending
}

// due takes the due work of up to maxBatch conversations out of pending:
// one message per conversation (its oldest), or, for a shop with a burst
// wait, the conversation's whole burst once the buyer has paused.
func (r *Reception) due() []burstItem {
	now := r.d.Clock.Now()
	r.mu.Lock()
	defer r.mu.Unlock()
	byConv := map[int64][]Pending{}
	for _, p := range r.pending {
		byConv[p.ConversationID] = append(byConv[p.ConversationID], p)
	}
	convs := make([]int64, 0, len(byConv))
	for c, ps := range byConv {
		slices.SortFunc(ps, func(a, b Pending) int { return int(a.MessageID - b.MessageID) })
		convs = append(convs, c)
	}
	// Oldest first across conversations.
	slices.SortFunc(convs, func(a, b int64) int { return int(byConv[a][0].MessageID - byConv[b][0].MessageID) })
	var out []burstItem
	for _, c := range convs {
		if len(out) == maxBatch {
			break
		}
		ps := byConv[c]
		wait := r.d.Settings.For(ps[0].ShopID).BurstWait()
		if wait <= 0 {
			out = append(out, burstItem{last: ps[0]})
			delete(r.pending, ps[0].MessageID)
			continue
		}
		last := ps[len(ps)-1]
		if now.Sub(last.At) < wait {
			continue // the buyer may still be typing
		}
		out = append(out, burstItem{last: last, merged: ps[:len(ps)-1]})
		for _, p := range ps {
			delete(r.pending, p.MessageID)
		}
	}
	return out
}

// maxStale is how many times a message whose conversation changed while it
// was decided is decided again before it waits for the next round.
const maxStale = 3

// prepared is a decision ready to write: the write, the work it came
// from (empty for a merged line) and the conversation's buyer. A decision
// whose reply may go as an LLM draft (LM-3) keeps its facts and decision
// for WithDraft and the number of its draft (draft ≥ 0); the merged lines
// of its burst have drafting set too, to be written with it.
type prepared struct {
	write DecisionWrite
	item  burstItem
	buyer Buyer

	drafting bool
	draft    int
	facts    Facts
	decision Decision
}

// decide decides a batch and writes it; messages whose facts went stale are
// decided again. It returns how many were written. The decisions that wait
// for an LLM draft (see receptiondraft.go) are written after the others,
// at most one draft budget later.
func (r *Reception) decide(ctx context.Context, batch []burstItem) (int, error) {
	written := 0
	for attempt := 0; len(batch) > 0; attempt++ {
		var drafts *draftRun
		if attempt == 0 {
			drafts = r.newDraftRun(ctx, len(batch))
		}
		ps, err := r.prepare(ctx, batch, drafts)
		if err != nil {
			drafts.stop()
			r.requeue(batch)
			return written, err
		}
		if len(ps) == 0 {
			drafts.stop()
			return written, nil
		}
		var now, later []prepared
		for _, p := range ps {
			if p.drafting {
				later = append(later, p)
			} else {
				now = append(now, p)
			}
		}
		stale, n, err := r.write(ctx, now)
		written += n
		if err != nil {
			drafts.stop()
			r.requeue(batch)
			return written, err
		}
		if len(later) > 0 {
			texts := drafts.wait()
			drafts.stop()
			for i := range later {
				later[i].useDraft(texts)
			}
			more, n, err := r.write(ctx, later)
			written += n
			if err != nil {
				r.requeue(itemsOf(later))
				return written, err
			}
			stale = append(stale, more...)
		}
		drafts.stop()
		if attempt+1 >= maxStale {
			r.requeue(stale)
			return written, nil
		}
		batch = stale
	}
	return written, nil
}

// write writes prepared decisions in one transaction and shows the ones
// written; it returns the work whose facts went stale and how many were
// written. Nothing to write writes nothing.
func (r *Reception) write(ctx context.Context, ps []prepared) (stale []burstItem, written int, err error) {
	if len(ps) == 0 {
		return nil, 0, nil
	}
	writes := make([]DecisionWrite, len(ps))
	for i, p := range ps {
		writes[i] = p.write
	}
	var res []Written
	write := func() { res, err = r.d.Store.WriteDecisions(ctx, writes) }
	if r.d.Gate != nil {
		if gerr := r.d.Gate.Do(ctx, write); gerr != nil {
			err = gerr
		}
	} else {
		write()
	}
	if err != nil {
		return nil, 0, fmt.Errorf("engine: reception: write decisions: %w", err)
	}
	transferred := false
	for i, w := range res {
		switch {
		case w.Stale:
			if ps[i].item.last.MessageID != 0 {
				stale = append(stale, ps[i].item)
			}
		case w.Done:
			written++
			transferred = transferred || ps[i].write.Transfer
			r.tell(ctx, ps[i], w)
		}
	}
	if transferred && r.d.Router != nil {
		r.d.Router.ServeQueue(ctx)
	}
	return stale, written, nil
}

// useDraft puts the decision's draft, when it came and passes WithDraft,
// in place of its reply's text; otherwise the decision stays as it is.
func (p *prepared) useDraft(texts map[int]string) {
	if p.draft < 0 || p.write.Reply == nil {
		return
	}
	text, ok := texts[p.draft]
	if !ok {
		return
	}
	d, ok := WithDraft(p.facts, p.decision, text)
	if !ok {
		return
	}
	p.write.Record.Reason = d.Reason
	reply := *p.write.Reply
	reply.Text = d.Reply.Text
	p.write.Reply = &reply
}

// itemsOf returns the work prepared decisions came from.
func itemsOf(ps []prepared) []burstItem {
	var out []burstItem
	for _, p := range ps {
		if p.item.last.MessageID != 0 {
			out = append(out, p.item)
		}
	}
	return out
}

// requeue puts work back in pending, for the next round.
func (r *Reception) requeue(items []burstItem) {
	r.mu.Lock()
	for _, it := range items {
		for _, p := range append(it.merged, it.last) {
			r.pending[p.MessageID] = p
		}
	}
	r.mu.Unlock()
	if len(items) > 0 {
		r.poke()
	}
}

// prepare gathers the facts of each item and decides it. Merged lines of a
// burst are written as their own decisions right before the last line's.
// A decision whose reply may go as a draft (Draftable) has its draft
// started on drafts (nil: none are).
func (r *Reception) prepare(ctx context.Context, batch []burstItem, drafts *draftRun) ([]prepared, error) {
	agents, err := r.d.Agents.Agents(ctx)
	if err != nil {
		return nil, err
	}
	views := r.d.Views.Snapshot()
	now := r.d.Clock.Now()
	var out []prepared
	for _, it := range batch {
		snap, err := r.d.Store.Snapshot(ctx, it.last.MessageID)
		if errors.Is(err, ErrNotFound) {
			continue // deleted meanwhile (its shop or conversation)
		}
		if err != nil {
			return nil, err
		}
		set := r.d.Settings.For(snap.Shop.ID)
		text := burstText(snap.Messages, it)
		match, err := r.match(ctx, snap, text, agents)
		if err != nil {
			return nil, err
		}
		facts := Facts{
			Now: now, Settings: set, Conversation: snap.Conversation, Message: snap.Message, Messages: snap.Messages,
			Prior: snap.Prior, Agents: agents, Views: views, Text: text, Match: match, Calendar: r.d.Calendar,
			Locale: snap.Shop.Locale,
		}
		if r.d.Screener != nil {
			shop := snap.Shop.ID
			facts.Sensitive = func(text string) []string { return r.d.Screener.Sensitive(shop, text) }
		}
		d := Decide(facts)
		job := -1
		if drafts != nil && Draftable(facts, d) {
			order := draftOrder(PickOrder(snap.Messages, snap.Orders, now), snap.Shop.Locale)
			job = drafts.start(DraftRequest{Query: text, Answers: []string{match.Answer}, Order: order, Locale: snap.Shop.Locale})
		}
		guard := Guard{State: snap.Conversation.State, AgentID: snap.Conversation.AgentID}
		if n := len(snap.Messages); n > 0 {
			guard.LastMessageID = snap.Messages[n-1].ID
		}
		for _, p := range it.merged {
			m := Decision{Outcome: OutcomeMerged, Reason: reason("merged", "message", fmt.Sprint(it.last.MessageID)), Threshold: set.Threshold}
			// A stale line comes back with its burst's last line.
			out = append(out, prepared{write: DecisionWrite{Record: m.Record(Message{ID: p.MessageID, ConversationID: p.ConversationID}, snap.Shop.ID, now), Guard: guard},
				drafting: job >= 0, draft: -1})
		}
		w := DecisionWrite{Record: d.Record(snap.Message, snap.Shop.ID, now), Guard: guard, Attention: d.Attention, Transfer: d.Transfer}
		reply := func(r *Reply) *Message {
			if r == nil {
				return nil
			}
			m := &Message{ConversationID: snap.Conversation.ID, Sender: r.Sender, Type: r.Type,
				Text: r.Text, EntryID: r.EntryID, AgentID: r.AgentID, Payload: r.Payload, CreatedAt: now}
			if m.Type == "" {
				m.Type = MessageText
			}
			return m
		}
		w.Greeting, w.Reply = reply(d.Greeting), reply(d.Reply)
		if d.Notice != nil {
			w.Notice = &Message{ConversationID: snap.Conversation.ID, Sender: SenderSystem, Type: MessageText,
				Text: ReasonText(*d.Notice, snap.Shop.Locale), CreatedAt: now}
		}
		p := prepared{write: w, item: it, buyer: snap.Buyer, draft: job}
		if job >= 0 {
			p.drafting, p.facts, p.decision = true, facts, d
		}
		out = append(out, p)
	}
	return out, nil
}

// burstText is the text a decision matches: the buyer message's, or for a
// burst, its lines joined.
func burstText(msgs []Message, it burstItem) string {
	if len(it.merged) == 0 {
		for _, m := range msgs {
			if m.ID == it.last.MessageID {
				return m.Text
			}
		}
		return ""
	}
	ids := map[int64]bool{it.last.MessageID: true}
	for _, p := range it.merged {
		ids[p.MessageID] = true
	}
	var lines []string
	for _, m := range msgs {
		if ids[m.ID] && !m.Type.IsCard() {
			lines = append(lines, m.Text)
		}
	}
	return strings.Join(lines, " ")
}

// ConversationVars are the variables an answer in a conversation is
// rendered with: the buyer's and shop's names, the serving agent's name and
// the order context's order.
func ConversationVars(shop Shop, c Conversation, agents []Agent, order OrderContext) Vars {
	vars := Vars{"buyer.name": c.BuyerName, "shop.name": shop.Name}
	for _, a := range agents {
		if a.ID == c.AgentID && c.AgentID != 0 {
			vars["agent.name"] = a.Name
		}
	}
	if order.Order != nil {
		for k, v := range OrderVars(*order.Order, shop.Locale) {
			vars[k] = v
		}
	}
	return vars
}

// tell shows a written decision: the reply goes to the buyer's live
// channel, the window hears of the messages and the decision.
func (r *Reception) tell(ctx context.Context, p prepared, res Written) {
	c, w := res.Conversation, p.write
	for _, m := range []Message{res.Greeting, res.Reply} {
		if m.ID != 0 && r.d.Outbox != nil {
			r.d.Outbox.Deliver(ctx, c.ShopID, p.buyer, m)
		}
	}
	told := false
	for _, m := range []Message{res.Greeting, res.Reply, res.Notice} {
		if m.ID != 0 {
			r.d.Notifier.MessageAdded(c, m)
			told = true
		}
	}
	if !told && (w.Attention != "" || w.Transfer) {
		r.d.Notifier.ConversationChanged(c)
	}
	if dn, ok := r.d.Notifier.(DecisionNotifier); ok {
		rec := w.Record
		rec.ReplyID, rec.NoticeID = res.Reply.ID, res.Notice.ID
		dn.Decided(c, rec)
	}
}
