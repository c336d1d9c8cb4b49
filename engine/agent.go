package engine

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// AgentStatus is whether an agent takes conversations (SPEC §1).
type AgentStatus string

const (
	// AgentOnline: new conversations are routed to the agent, up to its capacity.
	AgentOnline AgentStatus = "online"
	// AgentAway: the agent keeps its conversations but gets no new ones.
	AgentAway AgentStatus = "away"
	// AgentOffline: like away; the desk is closed or another agent sits at it.
	AgentOffline AgentStatus = "offline"
)

// AgentStatuses lists the statuses an agent may have.
var AgentStatuses = []AgentStatus{AgentOnline, AgentAway, AgentOffline}

// AgentRole is what an agent may change (SPEC §1).
type AgentRole string

const (
	// RoleOwner is the shop's main account or an admin (店铺主账号 / 总管理员).
	RoleOwner AgentRole = "owner"
	// RoleAgent is a customer-service agent (客服专员).
	RoleAgent AgentRole = "agent"
)

// AgentRoles lists the roles an agent may have.
var AgentRoles = []AgentRole{RoleOwner, RoleAgent}

const (
	// DefaultCapacity is how many conversations an agent serves at once
	// unless told otherwise (接待上限).
	DefaultCapacity = 5
	// MaxCapacity bounds an agent's capacity.
	MaxCapacity = 200
	// MaxAgentNameRunes bounds an agent's name, in characters.
	MaxAgentNameRunes = 40
)

// Agent is a human customer-service agent.
type Agent struct {
	ID     int64       `json:"id"`
	Name   string      `json:"name"`
	Status AgentStatus `json:"status"`
	// Capacity is the most conversations routing gives the agent at once;
	// an explicit transfer may exceed it.
	Capacity int       `json:"capacity"`
	Role     AgentRole `json:"role"`
	// Active counts the conversations the agent serves now (StateActive).
	Active int `json:"active"`
	// LastAssignedAt is when the agent last got a conversation, zero if
	// never: between agents equally busy, the one idle longest gets the next.
	LastAssignedAt time.Time `json:"lastAssignedAt,omitzero"`
	// AutoSend is the agent's own "allow auto-send" toggle in the chat
	// view (AS-4): off, assist never answers on this agent's behalf, even
	// where the shop allows it. On for a new agent.
	AutoSend bool `json:"autoSend"`
}

// AgentPatch changes some of an agent's fields; nil fields stay as they are.
type AgentPatch struct {
	ID       int64        `json:"id"`
	Name     *string      `json:"name,omitempty"`
	Status   *AgentStatus `json:"status,omitempty"`
	Capacity *int         `json:"capacity,omitempty"`
	Role     *AgentRole   `json:"role,omitempty"`
	AutoSend *bool        `json:"autoSend,omitempty"`
}

// Apply returns a with the patch's fields set.
func (p AgentPatch) Apply(a Agent) Agent {
	if p.Name != nil {
		a.Name = *p.Name
	}
	if p.Status != nil {
		a.Status = *p.Status
	}
	if p.Capacity != nil {
		a.Capacity = *p.Capacity
	}
	if p.Role != nil {
		a.Role = *p.Role
	}
	if p.AutoSend != nil {
		a.AutoSend = *p.AutoSend
	}
	return a
}

// normalize trims the agent's name, fills in the default capacity, role and
// status, and checks every field; it returns an *InputError naming the first
// problem.
func (a Agent) normalize() (Agent, error) {
	a.Name = strings.TrimSpace(a.Name)
	switch {
	case !utf8.ValidString(a.Name):
		return a, &InputError{Key: "agent_name_not_utf8", Detail: "the agent's name is not valid UTF-8 text"}
	case a.Name == "":
		return a, &InputError{Key: "agent_name_empty", Detail: "the agent needs a name"}
	case utf8.RuneCountInString(a.Name) > MaxAgentNameRunes:
		return a, &InputError{Key: "agent_name_too_long", Detail: fmt.Sprintf("an agent's name has at most %d characters", MaxAgentNameRunes)}
	case HasControl(a.Name, false):
		return a, &InputError{Key: "agent_name_control_character", Detail: "the agent's name holds an invisible control character"}
	}
	if a.Capacity == 0 {
		a.Capacity = DefaultCapacity
	}
	if a.Capacity < 1 || a.Capacity > MaxCapacity {
		return a, &InputError{Key: "agent_capacity_invalid", Detail: fmt.Sprintf("capacity must be between 1 and %d", MaxCapacity)}
	}
	if a.Role == "" {
		a.Role = RoleAgent
	}
	if !slices.Contains(AgentRoles, a.Role) {
		return a, &InputError{Key: "agent_role_invalid", Detail: fmt.Sprintf("unknown role %q", a.Role)}
	}
	if a.Status == "" {
		a.Status = AgentOffline
	}
	if !slices.Contains(AgentStatuses, a.Status) {
		return a, &InputError{Key: "agent_status_invalid", Detail: fmt.Sprintf("unknown status %q", a.Status)}
	}
	return a, nil
}

// takes reports whether routing may give the agent another conversation.
func (a Agent) takes() bool {
	return a.Status == AgentOnline && a.Active < a.Capacity
}
