package enginetest

import (
	"strings"

	"replydesk/engine"
)

var _ = add(
	scenario{"agents have defaults and are checked", func(r *rig) {
		a, err := r.d.CreateAgent(r.ctx, engine.Agent{Name: "  小李  "})
		if err != nil {
			r.t.Fatal(err)
		}
		if a.ID == 0 || a.Name != "小李" || a.Capacity != engine.DefaultCapacity || a.Role != engine.RoleAgent || a.Status != engine.AgentOffline || a.Active != 0 {
			r.t.Errorf("%+v", a)
		}
		boss := r.agent("Boss", engine.AgentOnline, 3)
		bad := map[string]engine.Agent{
			"agent_name_taken":       {Name: " 小李"},
			"agent_name_empty":       {Name: "  "},
			"agent_name_too_long":    {Name: strings.Repeat("名", engine.MaxAgentNameRunes+1)},
			"agent_name_not_utf8":    {Name: "\xff"},
			"agent_capacity_invalid": {Name: "x", Capacity: -1},
			"agent_status_invalid":   {Name: "y", Status: "busy"},
			"agent_role_invalid":     {Name: "z", Role: "boss"},
		}
		for key, in := range bad {
			_, err := r.d.CreateAgent(r.ctx, in)
			r.inputError("create "+key, err, key)
		}
		_, err = r.d.CreateAgent(r.ctx, engine.Agent{Name: "boss"})
		r.inputError("a name differing in case", err, "agent_name_taken")
		_, err = r.d.CreateAgent(r.ctx, engine.Agent{Name: "big", Capacity: engine.MaxCapacity + 1})
		r.inputError("capacity", err, "agent_capacity_invalid")
		// Patches.
		name, role := "小李子", engine.RoleOwner
		got, err := r.d.UpdateAgent(r.ctx, engine.AgentPatch{ID: a.ID, Name: &name, Role: &role})
		if err != nil || got.Name != name || got.Role != engine.RoleOwner || got.Capacity != engine.DefaultCapacity {
			r.t.Errorf("%+v %v", got, err)
		}
		same := "Boss"
		if _, err := r.d.UpdateAgent(r.ctx, engine.AgentPatch{ID: boss.ID, Name: &same}); err != nil {
			r.t.Errorf("keeping one's own name: %v", err)
		}
		_, err = r.d.UpdateAgent(r.ctx, engine.AgentPatch{ID: boss.ID, Name: &name})
		r.inputError("another's name", err, "agent_name_taken")
		_, err = r.d.UpdateAgent(r.ctx, engine.AgentPatch{ID: 999, Name: &name})
		r.is("unknown agent", err, engine.ErrNotFound)
		_, err = r.d.SetAgentStatus(r.ctx, boss.ID, "busy")
		r.inputError("status", err, "agent_status_invalid")
		all, err := r.d.Agents(r.ctx)
		if err != nil || len(all) != 2 || all[0].ID != a.ID || all[1].Name != "Boss" || all[1].Capacity != 3 || all[1].Status != engine.AgentOnline {
			r.t.Errorf("%+v %v", all, err)
		}
	}},

	scenario{"the desk's current agent: started, switched, stopped", func(r *rig) {
		_, err := r.d.CurrentAgent(r.ctx)
		r.is("before start", err, engine.ErrNotFound)
		me, err := r.d.Start(r.ctx, "  os-user ")
		if err != nil || me.Name != "os-user" || me.Role != engine.RoleOwner || me.Status != engine.AgentOnline {
			r.t.Fatalf("%+v %v", me, err)
		}
		again, err := r.d.Start(r.ctx, "someone-else")
		if err != nil || again.ID != me.ID {
			r.t.Fatalf("a second start keeps the agent: %+v %v", again, err)
		}
		if all, _ := r.d.Agents(r.ctx); len(all) != 1 {
			r.t.Fatalf("%+v", all)
		}
		c1 := r.say("b1", "1")
		r.served(map[engine.Conversation]engine.Agent{c1: me})
		other := r.agent("Other", engine.AgentOffline, 5)
		got, err := r.d.SwitchAgent(r.ctx, other.ID)
		if err != nil || got.ID != other.ID || got.Status != engine.AgentOnline {
			r.t.Fatalf("%+v %v", got, err)
		}
		if cur, _ := r.d.CurrentAgent(r.ctx); cur.ID != other.ID {
			r.t.Errorf("current %+v", cur)
		}
		if prev, _ := r.b.Agents.Agent(r.ctx, me.ID); prev.Status != engine.AgentOffline || prev.Active != 1 {
			r.t.Errorf("the previous agent goes offline with its conversations: %+v", prev)
		}
		c2 := r.say("b2", "2")
		r.served(map[engine.Conversation]engine.Agent{c2: other})
		_, err = r.d.SwitchAgent(r.ctx, 999)
		r.is("unknown agent", err, engine.ErrNotFound)
		if cur, _ := r.d.CurrentAgent(r.ctx); cur.ID != other.ID {
			r.t.Errorf("a failed switch changed the current agent: %+v", cur)
		}
		r.inputError("delete the current agent", r.d.DeleteAgent(r.ctx, other.ID), "agent_is_current")
		// A deleted agent's conversations go back to the queue, first, and on to an online agent.
		if err := r.d.DeleteAgent(r.ctx, me.ID); err != nil {
			r.t.Fatal(err)
		}
		_, err = r.b.Agents.Agent(r.ctx, me.ID)
		r.is("deleted agent", err, engine.ErrNotFound)
		r.served(map[engine.Conversation]engine.Agent{c1: other})
		r.is("delete twice", r.d.DeleteAgent(r.ctx, me.ID), engine.ErrNotFound)
		if err := r.d.Stop(r.ctx); err != nil {
			r.t.Fatal(err)
		}
		if cur, _ := r.d.CurrentAgent(r.ctx); cur.Status != engine.AgentOffline {
			r.t.Errorf("stopped: %+v", cur)
		}
		// The next start sets the current agent online again.
		if back, err := r.d.Start(r.ctx, "os-user"); err != nil || back.ID != other.ID || back.Status != engine.AgentOnline {
			r.t.Errorf("%+v %v", back, err)
		}
	}},

	scenario{"a desk with agents but none chosen starts as the first owner", func(r *rig) {
		r.agent("Agent", engine.AgentOffline, 5)
		owner, err := r.d.CreateAgent(r.ctx, engine.Agent{Name: "Owner", Role: engine.RoleOwner})
		if err != nil {
			r.t.Fatal(err)
		}
		me, err := r.d.Start(r.ctx, "os-user")
		if err != nil || me.ID != owner.ID {
			r.t.Errorf("%+v %v", me, err)
		}
	}},
)
