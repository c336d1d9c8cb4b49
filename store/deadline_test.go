package store

import (
	"context"
	"testing"
	"time"

	"replydesk/engine"
	"replydesk/preset"
)

type movingClock struct{ t time.Time }

func (c *movingClock) Now() time.Time { return c.t }

// TestMT5_TheQueueShowsAndIsServedByDeadline: a Douyin shop serving its
// queue by deadline (routing.order=deadline) gives a free agent the
// conversation closest to missing the 3-minute clock, not the oldest one
// (which began before 08:00, outside the clock's window: only its 24 hours
// run); the queue shows each one's deadline. By arrival, the oldest goes
// first. On a fake clock.
func TestMT5_TheQueueShowsAndIsServedByDeadline(t *testing.T) {
	for _, order := range []string{"deadline", "arrival"} {
		t.Run(order, func(t *testing.T) {
			s, _ := openTest(t)
			ctx := context.Background()
			shop, _ := s.CreateShop(ctx, engine.Shop{Name: "抖音店", Platform: "douyin", Locale: "zh-CN"})
			if err := s.SetShopSettings(ctx, shop.ID, map[string]string{"routing.order": order}); err != nil {
				t.Fatal(err)
			}
			settings, err := engine.NewSettings(ctx, s, 0.8)
			if err != nil {
				t.Fatal(err)
			}
			kpis, _ := preset.KPIs()
			clocks := engine.NewClocks(settings, s, kpis)
			clock := &movingClock{time.Date(2026, 3, 10, 7, 0, 0, 0, shanghai)}
			d := engine.NewDesk(engine.Deps{Conversations: s, Agents: s, Clock: clock, Notifier: nopNotifier{}, Outbox: nopNotifier{}, Clocks: clocks})
			agent, err := d.CreateAgent(ctx, engine.Agent{Name: "小美", Status: engine.AgentOffline, Capacity: 1, Role: engine.RoleAgent})
			if err != nil {
				t.Fatal(err)
			}
			early, _, err := d.ReceiveBuyerMessage(ctx, shop.ID, "early", "", "在吗")
			if err != nil {
				t.Fatal(err)
			}
			clock.t = time.Date(2026, 3, 10, 10, 1, 0, 0, shanghai)
			late, _, _ := d.ReceiveBuyerMessage(ctx, shop.ID, "late", "", "什么时候发货")
			clock.t = clock.t.Add(time.Minute)

			p, err := d.List(ctx, engine.ListFilter{List: engine.ListQueued})
			if err != nil || len(p.Items) != 2 {
				t.Fatalf("%+v %v", p, err)
			}
			byID := map[int64]engine.Conversation{}
			for _, c := range p.Items {
				byID[c.ID] = c
			}
			if c := byID[late.ID]; c.DeadlineKey != "douyin_3min_human_reply" || !c.Deadline.Equal(time.Date(2026, 3, 10, 10, 4, 0, 0, shanghai)) {
				t.Errorf("late: %v %s", c.Deadline, c.DeadlineKey)
			}
			if c := byID[early.ID]; c.DeadlineKey != engine.KeyResponse24h || !c.Deadline.Equal(time.Date(2026, 3, 11, 7, 0, 0, 0, shanghai)) {
				t.Errorf("early: %v %s", c.Deadline, c.DeadlineKey)
			}
			want := early.ID
			if order == "deadline" {
				want = late.ID
				if p.Items[0].ID != late.ID {
					t.Errorf("the queue is shown in the order it is served: %d first", p.Items[0].ID)
				}
			}
			if _, err := d.SetAgentStatus(ctx, agent.ID, engine.AgentOnline); err != nil {
				t.Fatal(err)
			}
			got, _ := s.Conversation(ctx, want)
			if got.State != engine.StateActive || got.AgentID != agent.ID {
				t.Errorf("%s: conversation %d is %s", order, want, got.State)
			}
		})
	}
}
