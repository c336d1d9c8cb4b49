package enginetest

import (
	"time"

	"replydesk/engine"
)

var none engine.Agent

var _ = add(
	scenario{"CV-2 new conversations are balanced across online agents", func(r *rig) {
		a := r.agent("阿里", engine.AgentOnline, 5)
		b := r.agent("Bob", engine.AgentOnline, 5)
		away := r.agent("Away", engine.AgentAway, 5)
		off := r.agent("Off", engine.AgentOffline, 5)
		c1, c2, c3, c4 := r.say("b1", "在吗"), r.say("b2", "在吗"), r.say("b3", "在吗"), r.say("b4", "在吗")
		// Equals: the one idle longest, then the lowest ID.
		r.served(map[engine.Conversation]engine.Agent{c1: a, c2: b, c3: a, c4: b})
		r.active(map[engine.Agent]int{a: 2, b: 2, away: 0, off: 0})
		if c1.State != engine.StateActive || c1.AgentID != a.ID {
			r.t.Errorf("the window is told of the new conversation as assigned: %+v", c1)
		}
		// A follow-up stays with its agent.
		if again := r.say("b1", "发货了吗"); again.ID != c1.ID || again.AgentID != a.ID {
			r.t.Errorf("follow-up: %+v", again)
		}
		r.rec.mu.Lock()
		told := len(r.rec.Agents)
		r.rec.mu.Unlock()
		if told == 0 {
			r.t.Error("the window was not told about the agents' load")
		}
		// Fewest active wins over idle time: an agent with fewer conversations gets the next.
		r.d.Close(r.ctx, c2.ID)
		c5 := r.say("b5", "hi")
		r.served(map[engine.Conversation]engine.Agent{c5: b})
	}},

	scenario{"CV-2 capacity is respected and the rest queue in arrival order", func(r *rig) {
		a := r.agent("A", engine.AgentOnline, 1)
		b := r.agent("B", engine.AgentOnline, 2)
		c1, c2, c3, c4, c5 := r.say("b1", "1"), r.say("b2", "2"), r.say("b3", "3"), r.say("b4", "4"), r.say("b5", "5")
		r.active(map[engine.Agent]int{a: 1, b: 2})
		r.served(map[engine.Conversation]engine.Agent{c1: a, c2: b, c3: b, c4: none, c5: none})
		p := r.list(engine.ListFilter{List: engine.ListQueued})
		r.sameIDs("queue", p.Items, c4, c5)
		if p.Counts.Queued != 2 || p.Total != 2 {
			r.t.Errorf("counts %+v total %d", p.Counts, p.Total)
		}
		// More capacity takes the head of the queue at once.
		capacity := 2
		if _, err := r.d.UpdateAgent(r.ctx, engine.AgentPatch{ID: a.ID, Capacity: &capacity}); err != nil {
			r.t.Fatal(err)
		}
		r.served(map[engine.Conversation]engine.Agent{c4: a, c5: none})
		if got, ok := r.rec.changedLast(c4.ID); !ok || got.AgentID != a.ID {
			r.t.Errorf("the window was not told c4 was assigned: %+v", got)
		}
	}},

	scenario{"CV-2 with every agent offline or away conversations queue; an agent coming online takes them in order", func(r *rig) {
		a := r.agent("A", engine.AgentOffline, 2)
		b := r.agent("B", engine.AgentAway, 1)
		c1, c2, c3, c4 := r.say("b1", "1"), r.say("b2", "2"), r.say("b3", "3"), r.say("b4", "4")
		r.served(map[engine.Conversation]engine.Agent{c1: none, c2: none, c3: none, c4: none})
		r.status(a, engine.AgentOnline)
		r.served(map[engine.Conversation]engine.Agent{c1: a, c2: a, c3: none, c4: none})
		r.status(b, engine.AgentOnline)
		r.served(map[engine.Conversation]engine.Agent{c3: b, c4: none})
		// A freed slot takes the next in the queue.
		if _, err := r.d.Close(r.ctx, c1.ID); err != nil {
			r.t.Fatal(err)
		}
		r.served(map[engine.Conversation]engine.Agent{c4: a})
		// Going away keeps the conversations but takes no new ones.
		r.status(a, engine.AgentAway)
		c5 := r.say("b5", "5")
		r.served(map[engine.Conversation]engine.Agent{c2: a, c4: a, c5: none})
	}},

	scenario{"RB-8 a buyer asking for a human goes first in the queue", func(r *rig) {
		a := r.agent("A", engine.AgentOnline, 1)
		c1, c2, c3 := r.say("b1", "1"), r.say("b2", "2"), r.say("b3", "转人工")
		got, err := r.d.RequestHuman(r.ctx, c3.ID)
		if err != nil || !got.Priority || got.State != engine.StateQueued {
			r.t.Fatalf("%+v %v", got, err)
		}
		r.sameIDs("queue", r.list(engine.ListFilter{List: engine.ListQueued}).Items, c3, c2)
		r.d.Close(r.ctx, c1.ID)
		r.served(map[engine.Conversation]engine.Agent{c3: a, c2: none})
		// Asking again while served keeps the agent.
		if got, err := r.d.RequestHuman(r.ctx, c3.ID); err != nil || got.AgentID != a.ID || !got.Priority {
			r.t.Errorf("%+v %v", got, err)
		}
		_, err = r.d.RequestHuman(r.ctx, c1.ID)
		r.is("request a human in a closed conversation", err, engine.ErrClosed)
		_, err = r.d.RequestHuman(r.ctx, 999)
		r.is("unknown conversation", err, engine.ErrNotFound)
	}},

	scenario{"CV-2 an agent transfers a conversation to another agent", func(r *rig) {
		a := r.agent("A", engine.AgentOnline, 1)
		b := r.agent("B", engine.AgentOnline, 1)
		off := r.agent("Off", engine.AgentOffline, 1)
		c1, c2 := r.say("b1", "1"), r.say("b2", "2")
		r.served(map[engine.Conversation]engine.Agent{c1: a, c2: b})
		// An explicit transfer may exceed the capacity; A's freed slot takes the next buyer.
		got, err := r.d.Transfer(r.ctx, c1.ID, b.ID)
		if err != nil || got.AgentID != b.ID || got.State != engine.StateActive {
			r.t.Fatalf("%+v %v", got, err)
		}
		r.active(map[engine.Agent]int{a: 0, b: 2})
		c3 := r.say("b3", "3")
		r.served(map[engine.Conversation]engine.Agent{c3: a})
		// To an agent who is offline, too.
		if _, err := r.d.Transfer(r.ctx, c2.ID, off.ID); err != nil {
			r.t.Fatal(err)
		}
		r.served(map[engine.Conversation]engine.Agent{c2: off})
		if same, err := r.d.Transfer(r.ctx, c2.ID, off.ID); err != nil || same.AgentID != off.ID {
			r.t.Errorf("a transfer to the same agent: %+v %v", same, err)
		}
		_, err = r.d.Transfer(r.ctx, c1.ID, 999)
		r.is("unknown agent", err, engine.ErrNotFound)
		_, err = r.d.Transfer(r.ctx, 999, a.ID)
		r.is("unknown conversation", err, engine.ErrNotFound)
		r.d.Close(r.ctx, c3.ID)
		_, err = r.d.Transfer(r.ctx, c3.ID, b.ID)
		r.is("closed conversation", err, engine.ErrClosed)
		r.served(map[engine.Conversation]engine.Agent{c1: b})
	}},

	scenario{"RB-8 a conversation handed back to the queue goes first, to another agent", func(r *rig) {
		a := r.agent("A", engine.AgentOnline, 2)
		b := r.agent("B", engine.AgentOnline, 1)
		c1, c2 := r.say("b1", "1"), r.say("b2", "2")
		r.served(map[engine.Conversation]engine.Agent{c1: a, c2: b})
		c3 := r.say("b3", "3") // A: c1, c3; B: c2 — everyone is full
		c4 := r.say("b4", "4") // queued
		r.served(map[engine.Conversation]engine.Agent{c3: a, c4: none})
		// A hands c1 back: only A has a free slot, so c1 waits, first in the
		// queue, and A's slot goes to the next one.
		got, err := r.d.Transfer(r.ctx, c1.ID, 0)
		if err != nil || got.State != engine.StateQueued || !got.Priority || got.AgentID != 0 {
			r.t.Fatalf("%+v %v", got, err)
		}
		r.served(map[engine.Conversation]engine.Agent{c4: a})
		r.sameIDs("queue", r.list(engine.ListFilter{List: engine.ListQueued}).Items, c1)
		// B's freed slot takes it.
		r.d.Close(r.ctx, c2.ID)
		r.served(map[engine.Conversation]engine.Agent{c1: b})
	}},

	scenario{"CV-2 a conversation a lone agent hands back stays queued until another agent or that agent by hand takes it", func(r *rig) {
		a := r.agent("A", engine.AgentOnline, 5)
		c1 := r.say("b1", "1")
		r.served(map[engine.Conversation]engine.Agent{c1: a})
		if got, err := r.d.Transfer(r.ctx, c1.ID, 0); err != nil || got.ReleasedBy != a.ID {
			r.t.Fatalf("handed back: %+v %v", got, err)
		}
		// Later routing — the buyer writing again, another buyer, the idle
		// sweep — does not give it back to A.
		r.say("b1", "还在吗")
		c2 := r.say("b2", "2")
		if _, err := r.d.CloseIdle(r.ctx); err != nil {
			r.t.Fatal(err)
		}
		r.served(map[engine.Conversation]engine.Agent{c1: none, c2: a})
		// A second agent coming online takes it.
		b := r.agent("B", engine.AgentOffline, 5)
		r.status(b, engine.AgentOnline)
		r.served(map[engine.Conversation]engine.Agent{c1: b})
		if got := r.conv(c1.ID); got.ReleasedBy != 0 {
			r.t.Errorf("still marked released after B took it: %+v", got)
		}
		// Handed back by B, it goes to A.
		r.d.Transfer(r.ctx, c1.ID, 0)
		r.served(map[engine.Conversation]engine.Agent{c1: a})
	}},

	scenario{"CV-2 an agent replying to a queued conversation takes it", func(r *rig) {
		a, err := r.d.Start(r.ctx, "os-user")
		if err != nil {
			r.t.Fatal(err)
		}
		capacity := 1
		if _, err := r.d.UpdateAgent(r.ctx, engine.AgentPatch{ID: a.ID, Capacity: &capacity}); err != nil {
			r.t.Fatal(err)
		}
		c1, c2 := r.say("b1", "1"), r.say("b2", "2")
		r.served(map[engine.Conversation]engine.Agent{c1: a, c2: none})
		r.reply(c2, engine.SenderAgent, "您好")
		r.served(map[engine.Conversation]engine.Agent{c2: a})
		r.active(map[engine.Agent]int{a: 2})
		// An intelligent reply does not take it.
		c3 := r.say("b3", "3")
		r.reply(c3, engine.SenderRobot, "机器人回复")
		r.served(map[engine.Conversation]engine.Agent{c3: none})
	}},

	scenario{"CV-1 the session gap closes a conversation; the buyer's next message opens a new one", func(r *rig) {
		a := r.agent("A", engine.AgentOnline, 1)
		c1 := r.say("b1", "在吗")
		r.clock.Add(engine.DefaultSessionGap - time.Minute)
		if again := r.say("b1", "还在吗"); again.ID != c1.ID {
			r.t.Fatalf("within the gap the conversation goes on: %+v", again)
		}
		// An agent reply does not end the buyer's silence.
		r.reply(c1, engine.SenderAgent, "在的")
		r.clock.Add(engine.DefaultSessionGap - 2*time.Second)
		c2 := r.say("b1", "又来了")
		if c2.ID == c1.ID {
			r.t.Fatal("a message after the gap went into the old conversation")
		}
		old := r.conv(c1.ID)
		if old.State != engine.StateClosed || old.Status != engine.StatusClosed || old.CloseReason != engine.ClosedIdle || old.ClosedAt.IsZero() {
			r.t.Errorf("old conversation: %+v", old)
		}
		if told, ok := r.rec.changedLast(c1.ID); !ok || told.State != engine.StateClosed {
			r.t.Errorf("the window was not told the old conversation closed: %+v", told)
		}
		// The old conversation freed A's only slot.
		r.served(map[engine.Conversation]engine.Agent{c2: a})
		if c2.Unread != 1 || !c2.StartedAt.Equal(r.clock.Now()) {
			r.t.Errorf("new conversation: %+v", c2)
		}
	}},

	scenario{"CV-1 CloseIdle sweeps the conversations past the session gap", func(r *rig) {
		a := r.agent("A", engine.AgentOnline, 1)
		c1 := r.say("b1", "1")
		r.clock.Add(time.Hour)
		c2, c3 := r.say("b2", "2"), r.say("b3", "3")
		r.served(map[engine.Conversation]engine.Agent{c1: a, c2: none, c3: none})
		r.clock.Add(engine.DefaultSessionGap - time.Hour - 3*time.Second)
		if closed, err := r.d.CloseIdle(r.ctx); err != nil || len(closed) != 0 {
			r.t.Fatalf("closed early: %v %v", ids(closed), err)
		}
		r.clock.Add(time.Second)
		closed, err := r.d.CloseIdle(r.ctx)
		if err != nil {
			r.t.Fatal(err)
		}
		r.sameIDs("closed", closed, c1)
		if closed[0].CloseReason != engine.ClosedIdle {
			r.t.Errorf("%+v", closed[0])
		}
		r.served(map[engine.Conversation]engine.Agent{c2: a, c3: none})
		r.clock.Add(time.Hour + 2*time.Second)
		closed, _ = r.d.CloseIdle(r.ctx)
		if len(closed) != 2 {
			r.t.Errorf("closed %v", ids(closed))
		}
		if again, _ := r.d.CloseIdle(r.ctx); len(again) != 0 {
			r.t.Errorf("closed twice: %v", ids(again))
		}
		if p := r.list(engine.ListFilter{}); p.Counts.All != 0 || p.Counts.Closed != 3 || p.Counts.Queued != 0 {
			r.t.Errorf("counts %+v", p.Counts)
		}
	}},

	scenario{"CV-1 an agent closes a conversation by hand", func(r *rig) {
		a := r.agent("A", engine.AgentOnline, 1)
		c1, c2 := r.say("b1", "1"), r.say("b2", "2")
		closed, err := r.d.Close(r.ctx, c1.ID)
		if err != nil || closed.State != engine.StateClosed || closed.CloseReason != engine.ClosedByAgent || closed.AgentID != a.ID {
			r.t.Fatalf("%+v %v", closed, err)
		}
		r.served(map[engine.Conversation]engine.Agent{c2: a})
		if again, err := r.d.Close(r.ctx, c1.ID); err != nil || !again.ClosedAt.Equal(closed.ClosedAt) {
			r.t.Errorf("closing twice: %+v %v", again, err)
		}
		_, err = r.d.Close(r.ctx, 999)
		r.is("unknown conversation", err, engine.ErrNotFound)
		c3 := r.say("b1", "我又来了")
		if c3.ID == c1.ID || c3.State != engine.StateQueued {
			r.t.Errorf("the buyer's next message opens a new, queued conversation: %+v", c3)
		}
	}},
)
