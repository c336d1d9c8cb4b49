package enginetest

import (
	"strings"
	"time"

	"replydesk/engine"
)

var _ = add(
	scenario{"CV-1 lists and counts: All, Unread, Unreplied (AS-7, AS-8), Queued, Closed", func(r *rig) {
		a := r.agent("A", engine.AgentOnline, 5)
		b := r.agent("B", engine.AgentOnline, 5)
		c1 := r.say("b1", "在吗") // A: unread, unreplied
		c2 := r.say("b2", "在吗") // B: read and answered
		if _, _, err := r.d.Open(r.ctx, c2.ID); err != nil {
			r.t.Fatal(err)
		}
		r.reply(c2, engine.SenderAgent, "在的")
		c3 := r.say("b3", "包邮吗") // A: auto-sent answer, not opened (AS-7)
		c3 = r.reply(c3, engine.SenderAssist, "包邮")
		c4 := r.say("b4", "你好") // B: opened, only a greeting
		r.d.Open(r.ctx, c4.ID)
		c4 = r.reply(c4, engine.SenderGreeting, "欢迎光临")
		c5 := r.say("b5", "bye") // A, closed
		r.d.Close(r.ctx, c5.ID)
		c7 := r.sayIn(1, "b7", "hello") // B, other shop
		r.status(a, engine.AgentAway)
		r.status(b, engine.AgentAway)
		c6 := r.say("b6", "有人吗") // queued
		r.served(map[engine.Conversation]engine.Agent{c1: a, c2: b, c3: a, c4: b, c7: b, c6: none})
		if c3.Unread == 0 || c3.Unreplied || !c3.WaitingSince.IsZero() {
			r.t.Errorf("an auto-sent answer leaves the conversation unread but not unreplied: %+v", c3)
		}
		if !c4.Unreplied || c4.WaitingSince.IsZero() || c4.Unread != 0 {
			r.t.Errorf("a greeting is no reply: %+v", c4)
		}

		p := r.list(engine.ListFilter{})
		want := engine.ListCounts{All: 6, Unread: 4, Unreplied: 4, Queued: 1, Closed: 1}
		if p.Counts != want || p.Total != 6 {
			r.t.Errorf("counts %+v total %d, want %+v", p.Counts, p.Total, want)
		}
		r.sameIDs("all, newest activity first", p.Items, c6, c7, c4, c3, c2, c1)
		for list, items := range map[engine.List][]engine.Conversation{
			engine.ListUnread:    {c6, c7, c3, c1},
			engine.ListUnreplied: {c6, c7, c4, c1},
			engine.ListQueued:    {c6},
			engine.ListClosed:    {c5},
		} {
			p := r.list(engine.ListFilter{List: list})
			r.sameIDs(string(list), p.Items, items...)
			if p.Total != len(items) {
				r.t.Errorf("%s: total %d", list, p.Total)
			}
		}
		// One agent's lists; the queue is everyone's.
		if p := r.list(engine.ListFilter{AgentID: a.ID}); p.Counts != (engine.ListCounts{All: 2, Unread: 2, Unreplied: 1, Queued: 1, Closed: 1}) {
			r.t.Errorf("A's counts %+v", p.Counts)
		}
		p = r.list(engine.ListFilter{AgentID: b.ID, List: engine.ListUnreplied})
		r.sameIDs("B's unreplied", p.Items, c7, c4)
		if p.Counts != (engine.ListCounts{All: 3, Unread: 1, Unreplied: 2, Queued: 1, Closed: 0}) {
			r.t.Errorf("B's counts %+v", p.Counts)
		}
		r.sameIDs("B's queue", r.list(engine.ListFilter{AgentID: b.ID, List: engine.ListQueued}).Items, c6)
		// Shops (CV-6).
		if p := r.list(engine.ListFilter{ShopIDs: []int64{r.b.Shops[1]}}); p.Counts != (engine.ListCounts{All: 1, Unread: 1, Unreplied: 1}) {
			r.t.Errorf("second shop's counts %+v", p.Counts)
		}
		if p := r.list(engine.ListFilter{ShopIDs: r.b.Shops[:]}); p.Counts != want {
			r.t.Errorf("both shops' counts %+v", p.Counts)
		}
		// Pages.
		p = r.list(engine.ListFilter{Offset: 2, Limit: 2})
		r.sameIDs("page 2", p.Items, c4, c3)
		if p.Total != 6 {
			r.t.Errorf("total %d", p.Total)
		}
		if p := r.list(engine.ListFilter{Offset: 100}); p.Items == nil || len(p.Items) != 0 || p.Total != 6 {
			r.t.Errorf("past the end: %+v", p)
		}
		if p := r.list(engine.ListFilter{Limit: 100000}); len(p.Items) != 6 {
			r.t.Errorf("a huge limit is capped, not refused: %d", len(p.Items))
		}
		_, err := r.d.List(r.ctx, engine.ListFilter{List: "nope"})
		r.inputError("unknown list", err, "list_unknown")
		_, err = r.d.List(r.ctx, engine.ListFilter{From: T0, To: T0})
		r.inputError("empty date range", err, "date_range_invalid")
		_, err = r.d.List(r.ctx, engine.ListFilter{Query: strings.Repeat("好", engine.MaxQueryRunes+1)})
		r.inputError("long query", err, "query_too_long")
		_, err = r.d.List(r.ctx, engine.ListFilter{Query: "\xff"})
		r.inputError("bad query", err, "query_not_utf8")
	}},

	scenario{"CV-1 the conversation whose buyer has waited longest", func(r *rig) {
		a := r.agent("A", engine.AgentOnline, 5)
		b := r.agent("B", engine.AgentOnline, 5)
		c1 := r.say("b1", "1") // A
		c2 := r.say("b2", "2") // B, waiting since now
		since2 := r.clock.Now()
		c3 := r.say("b3", "3") // A
		r.reply(c1, engine.SenderAgent, "ok")
		r.say("b1", "1 again") // c1 waits again, since now
		longest := func(agent engine.Agent, shops []int64, want engine.Conversation) {
			r.t.Helper()
			got, err := r.d.LongestWaiting(r.ctx, agent.ID, shops)
			if want.ID == 0 {
				r.is("nobody waiting", err, engine.ErrNotFound)
				return
			}
			if err != nil || got.ID != want.ID {
				r.t.Errorf("agent %d: got %d (%v), want %d", agent.ID, got.ID, err, want.ID)
			}
		}
		longest(none, nil, c2)
		longest(a, nil, c3)
		longest(b, nil, c2)
		// A follow-up does not reset the wait.
		if again := r.say("b2", "还在吗"); !again.WaitingSince.Equal(since2) {
			r.t.Errorf("waiting since %v, want %v", again.WaitingSince, since2)
		}
		longest(none, nil, c2)
		// An auto-sent answer ends it.
		r.reply(c2, engine.SenderAssist, "在的")
		longest(none, nil, c3)
		longest(b, nil, engine.Conversation{})
		// Queued conversations count for "everyone"; closed ones never.
		r.status(a, engine.AgentAway)
		r.status(b, engine.AgentAway)
		c4 := r.say("b4", "queued")
		r.d.Close(r.ctx, c3.ID)
		longest(none, nil, c1)
		r.reply(c1, engine.SenderAgent, "ok")
		longest(none, nil, c4)
		longest(none, []int64{r.b.Shops[1]}, engine.Conversation{})
		longest(none, r.b.Shops[:], c4)
	}},

	scenario{"CV-1 search over conversations by buyer, text and date", func(r *rig) {
		r.agent("A", engine.AgentOnline, 5)
		say := func(ext, name, text string) engine.Conversation {
			r.t.Helper()
			r.clock.Add(time.Second)
			c, _, err := r.d.ReceiveBuyerMessage(r.ctx, r.b.Shops[0], ext, name, text)
			if err != nil {
				r.t.Fatal(err)
			}
			return c
		}
		wang := say("wang", "小王", "什么时候发货")
		r.reply(wang, engine.SenderAgent, "今天顺丰发出")
		r.clock.Add(47 * time.Hour)
		alice := say("alice-01", "Alice", "Where is my PARCEL? 100% paid")
		r.clock.Add(time.Hour)
		zhang := say("zs-3", "张三", "我要退款")
		r.d.Close(r.ctx, zhang.ID)
		search := func(f engine.ListFilter, want ...engine.Conversation) engine.Page {
			r.t.Helper()
			p := r.list(f)
			r.sameIDs("search "+f.Query, p.Items, want...)
			return p
		}
		search(engine.ListFilter{Query: "小王"}, wang)
		search(engine.ListFilter{Query: "ALICE"}, alice)
		search(engine.ListFilter{Query: "parcel"}, alice)
		search(engine.ListFilter{Query: "  发货 "}, wang)
		search(engine.ListFilter{Query: "顺丰"}, wang) // the shop's replies too
		search(engine.ListFilter{Query: "100%"}, alice)
		search(engine.ListFilter{Query: "%"}, alice) // not a wildcard
		search(engine.ListFilter{Query: "_"})
		search(engine.ListFilter{Query: "nobody"})
		// Closed conversations are found in the Closed list; the counts tell where.
		p := search(engine.ListFilter{Query: "zs-3"})
		if p.Counts != (engine.ListCounts{Closed: 1}) {
			r.t.Errorf("counts %+v", p.Counts)
		}
		search(engine.ListFilter{Query: "退款", List: engine.ListClosed}, zhang)
		// Dates: activity within [From, To).
		day := T0.Add(24 * time.Hour)
		search(engine.ListFilter{From: day}, alice)
		search(engine.ListFilter{To: day}, wang)
		// Started before From, but went on after it.
		search(engine.ListFilter{From: T0.Add(1500 * time.Millisecond), To: day}, wang)
		search(engine.ListFilter{From: day, To: day.Add(23 * time.Hour)})
		search(engine.ListFilter{From: day, To: r.clock.Now(), List: engine.ListClosed})
		search(engine.ListFilter{From: day, To: r.clock.Now().Add(time.Second), List: engine.ListClosed}, zhang)
		search(engine.ListFilter{Query: "PARCEL", To: day})
	}},
)
