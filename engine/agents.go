package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Agents lists the desk's agents by ID, each with how many conversations it
// serves now.
func (d *Desk) Agents(ctx context.Context) ([]Agent, error) {
	if d.agents == nil {
		return nil, errNoAgents
	}
	as, err := d.agents.Agents(ctx)
	if err != nil {
		return nil, fmt.Errorf("engine: agents: %w", err)
	}
	return as, nil
}

// CreateAgent adds an agent. Capacity 0 means DefaultCapacity, an empty role
// RoleAgent and an empty status AgentOffline. A bad field or a name another
// agent has (ignoring case and surrounding spaces) is refused with an
// *InputError. An agent created online takes queued conversations at once.
func (d *Desk) CreateAgent(ctx context.Context, a Agent) (Agent, error) {
	if d.agents == nil {
		return Agent{}, errNoAgents
	}
	a, err := a.normalize()
	if err != nil {
		return Agent{}, err
	}
	a.ID, a.Active, a.LastAssignedAt = 0, 0, time.Time{}
	a.AutoSend = true // the agent's own toggle starts on; the shop's setting decides
	if err := d.checkName(ctx, a); err != nil {
		return Agent{}, err
	}
	created, err := d.agents.CreateAgent(ctx, a)
	if err != nil {
		return Agent{}, fmt.Errorf("engine: create agent: %w", err)
	}
	d.settle(ctx, true)
	return d.reload(ctx, created), nil
}

// UpdateAgent changes an agent's name, status, capacity or role, checked as
// by CreateAgent. An agent who comes online or gets more capacity takes
// queued conversations at once; one who goes away or offline keeps its
// conversations but gets no new ones. ErrNotFound for an unknown agent.
func (d *Desk) UpdateAgent(ctx context.Context, p AgentPatch) (Agent, error) {
	if d.agents == nil {
		return Agent{}, errNoAgents
	}
	old, err := d.agents.Agent(ctx, p.ID)
	if err != nil {
		return Agent{}, fmt.Errorf("engine: update agent: %w", err)
	}
	a, err := p.Apply(old).normalize()
	if err != nil {
		return Agent{}, err
	}
	if err := d.checkName(ctx, a); err != nil {
		return Agent{}, err
	}
	d.routing.Lock()
	saved, err := d.agents.UpdateAgent(ctx, a)
	d.routing.Unlock()
	if err != nil {
		return Agent{}, fmt.Errorf("engine: update agent: %w", err)
	}
	d.settle(ctx, true)
	return d.reload(ctx, saved), nil
}

// SetAgentStatus sets an agent online, away or offline (see UpdateAgent).
func (d *Desk) SetAgentStatus(ctx context.Context, agentID int64, status AgentStatus) (Agent, error) {
	return d.UpdateAgent(ctx, AgentPatch{ID: agentID, Status: &status})
}

// DeleteAgent deletes an agent. Its open conversations go back to the queue
// with priority and are routed at once; closed ones keep its ID (and lose
// its name). The desk's current agent cannot be deleted (an *InputError
// with key agent_is_current). ErrNotFound for an unknown agent.
func (d *Desk) DeleteAgent(ctx context.Context, agentID int64) error {
	if d.agents == nil {
		return errNoAgents
	}
	current, err := d.agents.CurrentAgentID(ctx)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("engine: delete agent: %w", err)
	}
	if current == agentID {
		return &InputError{Key: "agent_is_current", Detail: "the agent at this desk cannot be deleted; switch to another agent first"}
	}
	d.routing.Lock()
	requeued, err := d.agents.DeleteAgent(ctx, agentID, d.clock.Now())
	d.routing.Unlock()
	if err != nil {
		return fmt.Errorf("engine: delete agent: %w", err)
	}
	assigned := map[int64]bool{}
	for _, c := range d.settle(ctx, true) {
		assigned[c.ID] = true
	}
	for _, c := range requeued {
		if !assigned[c.ID] {
			d.notify.ConversationChanged(c)
		}
	}
	return nil
}

// CurrentAgent returns the agent sitting at this desk; ErrNotFound before
// Start has chosen one.
func (d *Desk) CurrentAgent(ctx context.Context) (Agent, error) {
	if d.agents == nil {
		return Agent{}, errNoAgents
	}
	id, err := d.agents.CurrentAgentID(ctx)
	if err != nil {
		return Agent{}, fmt.Errorf("engine: current agent: %w", err)
	}
	a, err := d.agents.Agent(ctx, id)
	if err != nil {
		return Agent{}, fmt.Errorf("engine: current agent: %w", err)
	}
	return a, nil
}

// SwitchAgent makes another agent the one sitting at this desk, for desks
// shared by several people: the previous agent goes offline (keeping its
// conversations) and the new one comes online, taking queued conversations.
// Switching to the current agent only sets it online. ErrNotFound for an
// unknown agent, and then nothing changes.
func (d *Desk) SwitchAgent(ctx context.Context, agentID int64) (Agent, error) {
	if d.agents == nil {
		return Agent{}, errNoAgents
	}
	if _, err := d.agents.Agent(ctx, agentID); err != nil {
		return Agent{}, fmt.Errorf("engine: switch agent: %w", err)
	}
	previous, err := d.agents.CurrentAgentID(ctx)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return Agent{}, fmt.Errorf("engine: switch agent: %w", err)
	}
	if err := d.agents.SetCurrentAgentID(ctx, agentID); err != nil {
		return Agent{}, fmt.Errorf("engine: switch agent: %w", err)
	}
	if previous != 0 && previous != agentID {
		if _, err := d.SetAgentStatus(ctx, previous, AgentOffline); err != nil && !errors.Is(err, ErrNotFound) {
			return Agent{}, err
		}
	}
	return d.SetAgentStatus(ctx, agentID, AgentOnline)
}

// Start opens the desk: it makes sure there is a current agent — the one
// chosen before; else the first owner, else the first agent; else a new
// owner named defaultName (the OS user's name) — sets it online, closes the
// conversations past the session gap and serves the queue. It returns the
// current agent.
func (d *Desk) Start(ctx context.Context, defaultName string) (Agent, error) {
	if d.agents == nil {
		return Agent{}, errNoAgents
	}
	id, err := d.agents.CurrentAgentID(ctx)
	if err == nil {
		if _, err = d.agents.Agent(ctx, id); err != nil {
			id = 0
		}
	}
	if err != nil && !errors.Is(err, ErrNotFound) {
		return Agent{}, fmt.Errorf("engine: start: %w", err)
	}
	if id == 0 {
		if id, err = d.firstAgent(ctx, defaultName); err != nil {
			return Agent{}, fmt.Errorf("engine: start: %w", err)
		}
	}
	a, err := d.SwitchAgent(ctx, id)
	if err != nil {
		return Agent{}, err
	}
	if _, err := d.CloseIdle(ctx); err != nil {
		return Agent{}, err
	}
	return d.reload(ctx, a), nil
}

// Stop closes the desk: the current agent goes offline, keeping its
// conversations. A desk with no current agent has nothing to do.
func (d *Desk) Stop(ctx context.Context) error {
	if d.agents == nil {
		return nil
	}
	id, err := d.agents.CurrentAgentID(ctx)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("engine: stop: %w", err)
	}
	_, err = d.SetAgentStatus(ctx, id, AgentOffline)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}

// firstAgent picks the agent a desk with no current agent starts with,
// creating it when there is none.
func (d *Desk) firstAgent(ctx context.Context, defaultName string) (int64, error) {
	agents, err := d.agents.Agents(ctx)
	if err != nil {
		return 0, err
	}
	for _, a := range agents {
		if a.Role == RoleOwner {
			return a.ID, nil
		}
	}
	if len(agents) > 0 {
		return agents[0].ID, nil
	}
	name := strings.TrimSpace(strings.ToValidUTF8(defaultName, ""))
	if utf8.RuneCountInString(name) > MaxAgentNameRunes {
		name = string([]rune(name)[:MaxAgentNameRunes])
	}
	if name == "" {
		name = "agent"
	}
	a, err := Agent{Name: name, Role: RoleOwner, Status: AgentOffline, AutoSend: true}.normalize()
	if err != nil {
		return 0, err
	}
	created, err := d.agents.CreateAgent(ctx, a)
	return created.ID, err
}

// checkName refuses a name another agent has.
func (d *Desk) checkName(ctx context.Context, a Agent) error {
	agents, err := d.agents.Agents(ctx)
	if err != nil {
		return fmt.Errorf("engine: agents: %w", err)
	}
	for _, o := range agents {
		if o.ID != a.ID && strings.EqualFold(strings.TrimSpace(o.Name), a.Name) {
			return &InputError{Key: "agent_name_taken", Detail: fmt.Sprintf("another agent is called %q", o.Name)}
		}
	}
	return nil
}

// reload returns the agent as stored now (with its Active count after
// routing), or a when it cannot be read.
func (d *Desk) reload(ctx context.Context, a Agent) Agent {
	if got, err := d.agents.Agent(ctx, a.ID); err == nil {
		return got
	}
	return a
}
