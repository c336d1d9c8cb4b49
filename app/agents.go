package app

import (
	"context"

	"replydesk/engine"
)

// AgentService is bound to the window: the desk's agents, their status and
// capacity, and the agent sitting at this desk (CV-2).
type AgentService struct {
	ctx  context.Context
	desk *engine.Desk
}

// NewAgentService returns the agent service over a desk.
func NewAgentService(desk *engine.Desk) *AgentService {
	return &AgentService{ctx: context.Background(), desk: desk}
}

// AgentRequest is a new agent. Capacity 0 means the default (5), an empty
// role "agent". A new agent is offline until it is set online or switched to.
type AgentRequest struct {
	Name     string           `json:"name"`
	Capacity int              `json:"capacity"`
	Role     engine.AgentRole `json:"role"`
}

// Agents lists every agent by ID, each with how many conversations it serves.
func (s *AgentService) Agents() ([]engine.Agent, error) {
	as, err := s.desk.Agents(s.ctx)
	return as, wrap(err)
}

// CreateAgent adds an agent; a bad or taken name, capacity or role is an
// invalid error naming the problem.
func (s *AgentService) CreateAgent(req AgentRequest) (engine.Agent, error) {
	a, err := s.desk.CreateAgent(s.ctx, engine.Agent{Name: req.Name, Capacity: req.Capacity, Role: req.Role})
	return a, wrap(err)
}

// UpdateAgent changes the fields the patch sets: name, status, capacity, role.
func (s *AgentService) UpdateAgent(p engine.AgentPatch) (engine.Agent, error) {
	a, err := s.desk.UpdateAgent(s.ctx, p)
	return a, wrap(err)
}

// SetStatus sets an agent online, away or offline. Online, it takes queued
// conversations at once; away or offline, it keeps its conversations but
// gets no new ones.
func (s *AgentService) SetStatus(agentID int64, status engine.AgentStatus) (engine.Agent, error) {
	a, err := s.desk.SetAgentStatus(s.ctx, agentID, status)
	return a, wrap(err)
}

// DeleteAgent deletes an agent; its open conversations go back to the queue,
// first. The agent at this desk cannot be deleted.
func (s *AgentService) DeleteAgent(agentID int64) error {
	return wrap(s.desk.DeleteAgent(s.ctx, agentID))
}

// CurrentAgent returns the agent sitting at this desk.
func (s *AgentService) CurrentAgent() (engine.Agent, error) {
	a, err := s.desk.CurrentAgent(s.ctx)
	return a, wrap(err)
}

// SwitchAgent makes another agent the one at this desk: the previous one goes
// offline (keeping its conversations), the new one comes online.
func (s *AgentService) SwitchAgent(agentID int64) (engine.Agent, error) {
	a, err := s.desk.SwitchAgent(s.ctx, agentID)
	return a, wrap(err)
}
