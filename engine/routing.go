package engine

import (
	"context"
	"errors"
	"fmt"
)

// Routing (CV-2). A new conversation is queued, then the queue is served: each
// queued conversation, priority first and then in arrival order, goes to the
// online agent under capacity with the fewest active conversations; between
// equals, the one that has waited longest since its last assignment, then the
// lowest ID. The queue is served again whenever a slot may have opened or an
// agent may have come online: a close, a transfer, a status or capacity
// change, a deleted agent, and every CloseIdle sweep. Explicit transfers and
// an agent replying to a queued conversation are the only ways past an
// agent's capacity or status.

// errNoAgents is returned by agent operations of a desk built without Agents.
var errNoAgents = errors.New("engine: this desk has no agents")

// pick returns the index of the agent routing gives the next conversation
// to, never the agent avoid, or -1 when none may take one.
func pick(agents []Agent, avoid int64) int {
	best := -1
	for i, a := range agents {
		if !a.takes() || a.ID == avoid {
			continue
		}
		if best < 0 || better(a, agents[best]) {
			best = i
		}
	}
	return best
}

// better reports whether a should get the next conversation before b.
func better(a, b Agent) bool {
	if a.Active != b.Active {
		return a.Active < b.Active
	}
	if !a.LastAssignedAt.Equal(b.LastAssignedAt) {
		return a.LastAssignedAt.Before(b.LastAssignedAt)
	}
	return a.ID < b.ID
}

// route serves the queue (see above), never giving a conversation back to
// the agent who released it. It returns the conversations assigned; the
// agents are told about when any was assigned or agentsChanged says their
// counts changed anyway. A desk without Agents routes nothing.
func (d *Desk) route(ctx context.Context, agentsChanged bool) ([]Conversation, error) {
	if d.agents == nil {
		return nil, nil
	}
	d.routing.Lock()
	defer d.routing.Unlock()
	agents, err := d.agents.Agents(ctx)
	if err != nil {
		return nil, fmt.Errorf("engine: route: %w", err)
	}
	free := 0
	for _, a := range agents {
		if a.takes() {
			free += a.Capacity - a.Active
		}
	}
	var assigned []Conversation
	if free > 0 {
		// Released conversations the free agents may not take are passed
		// over, so a few more than the free slots are read.
		queue, err := d.queue(ctx, free+releasedSlack)
		if err != nil {
			return nil, fmt.Errorf("engine: route: %w", err)
		}
		now := d.clock.Now()
		for _, c := range queue {
			i := pick(agents, c.ReleasedBy)
			if i < 0 {
				if pick(agents, 0) >= 0 {
					continue // only the agent to avoid is free: the next one may go to it
				}
				break
			}
			got, err := d.convs.Assign(ctx, c.ID, agents[i].ID, now)
			if errors.Is(err, ErrClosed) || errors.Is(err, ErrNotFound) {
				continue // closed or gone since the queue was read
			}
			if err != nil {
				d.tellAgents(agents, agentsChanged || len(assigned) > 0)
				return assigned, fmt.Errorf("engine: route: %w", err)
			}
			agents[i].Active++
			agents[i].LastAssignedAt = now
			assigned = append(assigned, got)
		}
	}
	d.tellAgents(agents, agentsChanged || len(assigned) > 0)
	return assigned, nil
}

// releasedSlack is how many queued conversations beyond the free slots
// routing reads, for those only their releasing agent could take.
const releasedSlack = 50

// deadlineQueueRead is how many queued conversations routing reads when a
// shop serves its queue by deadline: the store's arrival order says
// nothing of deadlines, so all of them (up to this many) are ordered here.
const deadlineQueueRead = 2000

// queue returns the queued conversations routing serves next, in order:
// the store's (priority, arrival) when no shop orders its queue by
// deadline, else OrderQueue's over the whole queue.
func (d *Desk) queue(ctx context.Context, n int) ([]Conversation, error) {
	if d.clocks == nil || !d.clocks.AnyByDeadline() {
		return d.convs.Queue(ctx, n)
	}
	queue, err := d.convs.Queue(ctx, max(n, deadlineQueueRead))
	if err != nil {
		return nil, err
	}
	d.clocks.StampAll(queue)
	OrderQueue(queue, d.clocks.ByDeadline)
	return queue[:min(n, len(queue))], nil
}

// settle serves the queue and tells the window about every conversation
// assigned. Routing failures are left for the next routing to retry.
func (d *Desk) settle(ctx context.Context, agentsChanged bool) []Conversation {
	assigned, _ := d.route(ctx, agentsChanged)
	for _, c := range assigned {
		d.notify.ConversationChanged(c)
	}
	return assigned
}

// ServeQueue serves the queue now (CV-2): queued conversations go to the
// agents who can take them, and the window is told. Reception calls it
// after a transfer to a human (RB-8).
func (d *Desk) ServeQueue(ctx context.Context) { d.settle(ctx, true) }

func (d *Desk) tellAgents(agents []Agent, changed bool) {
	if n, ok := d.notify.(AgentNotifier); ok && changed {
		n.AgentsChanged(agents)
	}
}

// Close closes a conversation by hand (CV-1): it leaves the lists but
// Closed, its agent's slot is free for the queue, and the buyer's next
// message opens a new conversation. Closing a closed conversation changes
// nothing. ErrNotFound when it does not exist.
func (d *Desk) Close(ctx context.Context, conversationID int64) (Conversation, error) {
	c, err := d.convs.CloseConversation(ctx, conversationID, ClosedByAgent, d.clock.Now())
	if err != nil {
		return Conversation{}, fmt.Errorf("engine: close conversation: %w", err)
	}
	d.notify.ConversationChanged(c)
	d.settle(ctx, c.AgentID != 0)
	return c, nil
}

// CloseIdle closes every open conversation whose buyer has been silent for
// the session gap (CV-1), tells the window, and serves the queue (which also
// retries any routing that failed). It returns the conversations closed.
// main calls it now and then; the gap is also applied at once to the buyer
// who writes again (ReceiveBuyerMessage).
func (d *Desk) CloseIdle(ctx context.Context) ([]Conversation, error) {
	now := d.clock.Now()
	closed, err := d.convs.CloseIdle(ctx, now.Add(-d.gap), now)
	if err != nil {
		return nil, fmt.Errorf("engine: close idle conversations: %w", err)
	}
	for _, c := range closed {
		d.notify.ConversationChanged(c)
	}
	d.settle(ctx, len(closed) > 0)
	return closed, nil
}

// Transfer hands a conversation to another agent (CV-2). toAgentID 0 puts
// it back in the queue with priority (RB-8), where it goes first — to any
// online agent under capacity but the one who handed it back. Any other ID
// names the agent who serves it from now on, whatever that agent's status
// and capacity: an explicit transfer may exceed the capacity. Transferring
// to the agent already serving it changes nothing. ErrNotFound for an
// unknown conversation or agent, ErrClosed for a closed conversation.
func (d *Desk) Transfer(ctx context.Context, conversationID, toAgentID int64) (Conversation, error) {
	if d.agents == nil {
		return Conversation{}, errNoAgents
	}
	before, err := d.convs.Conversation(ctx, conversationID)
	if err != nil {
		return Conversation{}, fmt.Errorf("engine: transfer: %w", err)
	}
	switch {
	case before.State == StateClosed:
		return Conversation{}, fmt.Errorf("engine: transfer conversation %d: %w", conversationID, ErrClosed)
	case toAgentID != 0 && before.State == StateActive && before.AgentID == toAgentID:
		return before, nil
	}
	if toAgentID != 0 {
		if _, err := d.agents.Agent(ctx, toAgentID); err != nil {
			return Conversation{}, fmt.Errorf("engine: transfer to agent %d: %w", toAgentID, err)
		}
	}
	d.routing.Lock()
	var c Conversation
	if toAgentID == 0 {
		c, err = d.convs.Requeue(ctx, conversationID, d.clock.Now())
	} else {
		c, err = d.convs.Assign(ctx, conversationID, toAgentID, d.clock.Now())
	}
	d.routing.Unlock()
	if err != nil {
		return Conversation{}, fmt.Errorf("engine: transfer: %w", err)
	}
	assigned := d.settle(ctx, true)
	for _, a := range assigned {
		if a.ID == c.ID {
			return a, nil // settle told the window
		}
	}
	d.notify.ConversationChanged(c)
	return c, nil
}

// RequestHuman marks a conversation whose buyer asked for a human, or rated
// a robot answer unsolved, as priority (RB-8): queued, it goes before the
// conversations without priority; served, it keeps its agent. ErrClosed for
// a closed conversation, ErrNotFound for an unknown one.
func (d *Desk) RequestHuman(ctx context.Context, conversationID int64) (Conversation, error) {
	c, err := d.convs.Prioritize(ctx, conversationID)
	if err != nil {
		return Conversation{}, fmt.Errorf("engine: request a human: %w", err)
	}
	d.notify.ConversationChanged(c)
	if c.State == StateQueued {
		for _, a := range d.settle(ctx, false) {
			if a.ID == c.ID {
				return a, nil
			}
		}
	}
	return c, nil
}

// take gives a queued conversation to the desk's current agent, and tells
// the agents; the caller tells about the conversation.
func (d *Desk) take(ctx context.Context, conversationID int64) (Conversation, error) {
	if d.agents == nil {
		return Conversation{}, errNoAgents
	}
	id, err := d.agents.CurrentAgentID(ctx)
	if err != nil {
		return Conversation{}, err
	}
	d.routing.Lock()
	c, err := d.convs.Assign(ctx, conversationID, id, d.clock.Now())
	d.routing.Unlock()
	if err != nil {
		return Conversation{}, err
	}
	d.settle(ctx, true)
	return c, nil
}
