package boot

import (
	"strings"
	"testing"
	"time"

	"replydesk/engine"
)

// orders gives a buyer orders, as the webhook does.
func (r *deskRig) orders(buyer string, os ...engine.Order) {
	r.t.Helper()
	checked, err := engine.CheckOrders(os)
	if err != nil {
		r.t.Fatal(err)
	}
	if _, err := r.a.Store.UpsertOrders(r.ctx, r.shop, buyer, "", checked, r.clock.Now()); err != nil {
		r.t.Fatal(err)
	}
}

func paid(id string, promise time.Time) engine.Order {
	return engine.Order{ID: id, Status: engine.OrderPaid, AmountCents: 12990, Currency: "CNY",
		Items: []engine.OrderItem{{Name: "T恤", Quantity: 1}}, PromiseShipAt: promise}
}

func TestScenario_SA3_SA7_SA8_TheRobotAnswersByTheOrdersStateAsTimePasses(t *testing.T) {
	r := newRobotRig(t)
	promise := r.clock.Now().Add(time.Hour)
	r.orders("b1", paid("DY-1001", promise))
	c, m := r.buyer("b1", "什么时候发货")
	r.decide()
	d := r.decision(c, m)
	reply := r.sent(c, engine.SenderRobot)
	if d.Outcome != engine.OutcomeRobot || len(reply) != 1 || !strings.Contains(reply[0].Text, "DY-1001") || !strings.Contains(reply[0].Text, "前为您发货") {
		t.Fatalf("a paid order within its promised time: %+v %+v", d, reply)
	}
	// The promised time passes mid-conversation: the order is overdue.
	r.clock.Add(2 * time.Hour)
	_, m2 := r.buyer("b1", "到底什么时候发货啊")
	r.decide()
	reply = r.sent(c, engine.SenderRobot)
	if d := r.decision(c, m2); d.Outcome != engine.OutcomeRobot || len(reply) != 2 || !strings.Contains(reply[1].Text, "超过承诺的发货时间") {
		t.Fatalf("past the promised time: %+v %v", d, reply)
	}
	// The agent sees the order overdue and the Douyin rule, whatever is replied (SA-8).
	a, err := r.a.Desk.Suggest(r.ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if a.Scenario == nil || a.Scenario.Order.State != engine.OrderOverdue || !a.Scenario.Order.Overdue || len(a.Scenario.Rules) != 1 ||
		!strings.Contains(a.Scenario.Rules[0].Text, "3 元") || len(a.Scenario.Operations) == 0 {
		t.Fatalf("the scenario the agent sees: %+v", a.Scenario)
	}
	// The order ships between two messages: the answer follows.
	r.orders("b1", engine.Order{ID: "DY-1001", Status: engine.OrderShipped, Courier: "中通快递", TrackingNo: "75318312368713",
		Items: []engine.OrderItem{{Name: "T恤", Quantity: 1}}})
	_, m3 := r.buyer("b1", "我的订单什么时候发货")
	r.decide()
	reply = r.sent(c, engine.SenderRobot)
	if d := r.decision(c, m3); d.Outcome != engine.OutcomeRobot || !strings.Contains(reply[len(reply)-1].Text, "75318312368713") {
		t.Errorf("after it shipped: %+v %v", d, reply[len(reply)-1].Text)
	}
}

func TestScenario_SA2_TheOrderPredictionCardThenTheBuyersChoice(t *testing.T) {
	r := newRobotRig(t)
	r.orders("b1", paid("DY-2001", r.clock.Now().Add(48*time.Hour)))
	r.clock.Add(time.Minute)
	r.orders("b1", paid("DY-2002", r.clock.Now().Add(48*time.Hour)))
	c, m := r.buyer("b1", "什么时候发货")
	r.decide()
	d := r.decision(c, m)
	cards := r.sent(c, engine.SenderRobot)
	if d.Outcome != engine.OutcomePredict || len(cards) != 1 || cards[0].Type != engine.MessageOrderPrediction ||
		cards[0].Payload == nil || len(cards[0].Payload.Candidates) != 2 || cards[0].Payload.Candidates[0].ID != "DY-2002" {
		t.Fatalf("two paid orders: %+v, %+v", d, cards)
	}
	// The buyer picks the other order (an order card): the robot answers for it.
	_, pick, err := r.a.Desk.ReceiveBuyerCard(r.ctx, r.shop, "b1", "", "DY-2001")
	if err != nil {
		t.Fatal(err)
	}
	r.decide()
	d = r.decision(c, pick)
	replies := r.sent(c, engine.SenderRobot)
	if d.Outcome != engine.OutcomeRobot || !strings.Contains(replies[len(replies)-1].Text, "DY-2001") {
		t.Fatalf("after the buyer picked DY-2001: %+v %q", d, replies[len(replies)-1].Text)
	}
	// The card went once.
	_, again := r.buyer("b1", "那另一单什么时候发货")
	r.decide()
	if d := r.decision(c, again); d.Outcome == engine.OutcomePredict {
		t.Error("the prediction card went twice")
	}
}

func TestScenario_SA2_WithOneOrderThereIsNoCard(t *testing.T) {
	r := newRobotRig(t)
	r.orders("b1", paid("DY-3001", r.clock.Now().Add(48*time.Hour)))
	c, m := r.buyer("b1", "什么时候发货")
	r.decide()
	if d := r.decision(c, m); d.Outcome != engine.OutcomeRobot || !strings.Contains(r.sent(c, engine.SenderRobot)[0].Text, "DY-3001") {
		t.Errorf("one order: %+v", d)
	}
}

func TestScenario_SA2_InAssistTheCardGoesAsTheServingAgent(t *testing.T) {
	r := newDeskRig(t)
	r.orders("b1", paid("DY-4001", r.clock.Now().Add(48*time.Hour)), paid("DY-4002", r.clock.Now().Add(48*time.Hour)))
	c, _ := r.buyer("b1", "在吗")
	r.decide()
	r.view(c.ID, true) // Ann looks at it: the card goes all the same, as her
	_, m := r.buyer("b1", "什么时候发货")
	r.decide()
	d := r.decision(c, m)
	cards := r.sent(c, engine.SenderAgent)
	if d.Outcome != engine.OutcomePredict || len(cards) != 1 || cards[0].AgentID != r.me.ID || cards[0].Type != engine.MessageOrderPrediction {
		t.Fatalf("in assist: %+v %+v", d, cards)
	}
}
