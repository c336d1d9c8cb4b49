package boot

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"replydesk/channel"
	"replydesk/engine"
)

func TestOperations_SA4_ActionsGoToTheCallbackAsSignedEventsWithANoteForAgents(t *testing.T) {
	r := newDeskRig(t)
	if err := r.a.Store.SetCallback(r.ctx, r.shop, engine.Callback{URL: "http://127.0.0.1:9/hook", Secret: "0123456789abcdef"}, r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	r.orders("b1", paid("DY-5001", r.clock.Now().Add(-time.Hour)))
	r.orders("b2", paid("DY-5002", r.clock.Now().Add(time.Hour)))
	c, _ := r.buyer("b1", "什么时候发货")
	res, err := r.a.Operations.Run(r.ctx, c.ID, engine.OpUrgeWarehouse, "DY-5001")
	if err != nil || res.Message == nil || res.Message.Sender != engine.SenderSystem || !strings.Contains(res.Message.Text, "DY-5001") {
		t.Fatalf("urge the warehouse: %+v %v", res, err)
	}
	heads, err := r.a.Store.NextDeliveries(r.ctx)
	if err != nil {
		t.Fatal(err)
	}
	var action *engine.Delivery
	for i := range heads {
		if heads[i].Event == "action" {
			action = &heads[i]
		}
	}
	if action == nil {
		// the shop's deliveries go in order: the action may wait behind a reply
		ds, _ := r.a.Store.Deliveries(r.ctx, r.shop)
		t.Fatalf("no action event among the outbox heads %+v (all: %+v)", heads, ds)
	}
	body, err := channel.Body(*action)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Event  string
		Buyer  string
		Action engine.Action
	}
	if err := json.Unmarshal(body, &got); err != nil || got.Event != "action" || got.Buyer != "b1" ||
		got.Action.Type != engine.OpUrgeWarehouse || got.Action.OrderID != "DY-5001" || got.Action.ConversationID != c.ID {
		t.Fatalf("the action event %s (%v)", body, err)
	}
	// Another buyer's order, an unknown operation: refused, nothing stored.
	before := len(r.messages(c))
	if _, err := r.a.Operations.Run(r.ctx, c.ID, engine.OpCreateAfterSales, "DY-5002"); err == nil {
		t.Error("an action on another buyer's order was accepted")
	}
	if _, err := r.a.Operations.Run(r.ctx, c.ID, "launch_rocket", "DY-5001"); err == nil {
		t.Error("an unknown operation was accepted")
	}
	if n := len(r.messages(c)); n != before {
		t.Errorf("refused operations stored %d messages", n-before)
	}
	// A card goes to the buyer; a transfer puts the conversation back first in the queue.
	if res, err := r.a.Operations.Run(r.ctx, c.ID, engine.OpOrderCard, "DY-5001"); err != nil || res.Message.Type != engine.MessageOrderCard {
		t.Errorf("order card: %+v %v", res, err)
	}
	if res, err := r.a.Operations.Run(r.ctx, c.ID, engine.OpTransferHuman, ""); err != nil || !res.Conversation.Priority {
		t.Errorf("transfer: %+v %v", res.Conversation, err)
	}
}

func TestScenarios_SA6_AnOwnerEditsTheScriptsWhereTheRobotIsOn(t *testing.T) {
	r := newDeskRig(t)
	shop, err := r.a.Store.Shop(r.ctx, r.shop)
	if err != nil {
		t.Fatal(err)
	}
	mine := []string{"亲，订单 {order.id} 会在 {order.promise_ship_at} 前发出，我们加急处理中～", "亲，仓库在打包啦～"}
	if _, err := r.a.Scenarios.SaveScripts(r.ctx, shop, "ship_time", engine.OrderPaid, mine, "Ann"); err == nil {
		t.Fatal("edited with the robot off")
	}
	r.set("robot.enabled", "on")
	for _, bad := range [][]string{{"a", "b", "c", "d"}, {"亲 {order.secret}"}} {
		if _, err := r.a.Scenarios.SaveScripts(r.ctx, shop, "ship_time", engine.OrderPaid, bad, "Ann"); err == nil {
			t.Errorf("scripts %q were accepted", bad)
		}
	}
	if _, err := r.a.Scenarios.SaveScripts(r.ctx, shop, "ship_time", engine.OrderPaid, mine, "Ann"); err != nil {
		t.Fatal(err)
	}
	// The robot answers with the shop's script, shop-wide.
	if _, err := r.a.Desk.SetAgentStatus(r.ctx, r.me.ID, engine.AgentOffline); err != nil {
		t.Fatal(err)
	}
	r.orders("b1", paid("DY-6001", r.clock.Now().Add(time.Hour)))
	c, _ := r.buyer("b1", "什么时候发货")
	r.decide()
	if rs := r.sent(c, engine.SenderRobot); len(rs) != 1 || !strings.Contains(rs[0].Text, "加急处理中") {
		t.Fatalf("the robot's answer after the edit: %+v", rs)
	}
	// Kept in the KB's history, with rollback to the preset.
	h, err := r.a.Scenarios.History(r.ctx, r.shop, "ship_time")
	if err != nil || len(h) != 1 || h[0].Actor != "Ann" || len(engine.ScriptsByState(h[0].After)[engine.OrderPaid]) != 2 {
		t.Fatalf("history %+v %v", h, err)
	}
	if err := r.a.Scenarios.Rollback(r.ctx, shop, "ship_time", h[0].ID, "Ann"); err != nil {
		t.Fatal(err)
	}
	sc, _ := r.a.Scenarios.Book().For(shop, "ship_time")
	if step, _ := sc.Step(engine.OrderPaid); strings.Contains(step.Scripts[0], "加急处理中") {
		t.Errorf("after the rollback the script is still the shop's: %q", step.Scripts[0])
	}
}

func TestScenarios_SA5_AReportWithAnImage(t *testing.T) {
	r := newDeskRig(t)
	var img bytes.Buffer
	if err := png.Encode(&img, image.NewRGBA(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	rep, err := r.a.Scenarios.Report(r.ctx, engine.ScenarioReportInput{ShopID: r.shop, Intent: "ship_time", State: engine.OrderOverdue,
		Text: "超时订单的话术不该说今天发", Image: img.Bytes()}, r.me.ID)
	if err != nil || rep.ID == 0 || !strings.HasSuffix(rep.Image, ".png") {
		t.Fatalf("report: %+v %v", rep, err)
	}
	if b, err := os.ReadFile(filepath.Join(r.a.Paths.Data, ReportsFolder, rep.Image)); err != nil || !bytes.Equal(b, img.Bytes()) {
		t.Errorf("the image in the data folder: %v", err)
	}
	for _, bad := range []engine.ScenarioReportInput{
		{ShopID: r.shop, Intent: "ship_time", Text: "  "},
		{ShopID: r.shop, Intent: "ship_time", Text: "看图", Image: []byte("<html>not an image</html>")},
		{ShopID: r.shop, Intent: "ship_time", Text: "看图", Image: append(img.Bytes(), make([]byte, engine.MaxReportImage)...)},
		{ShopID: r.shop, Intent: "greeting", Text: "这个意图没有方案"},
	} {
		if _, err := r.a.Scenarios.Report(r.ctx, bad, r.me.ID); err == nil {
			t.Errorf("report %q (%d image bytes) was accepted", bad.Text, len(bad.Image))
		}
	}
	if rs, _ := r.a.Scenarios.Reports(r.ctx, r.shop); len(rs) != 1 {
		t.Errorf("%d reports; want the one accepted", len(rs))
	}
	// It waits in the feedback inbox, the review queue, with its image.
	items, err := r.a.Review.List(r.ctx, r.shop, engine.ReviewOpen)
	if err != nil {
		t.Fatal(err)
	}
	var got []engine.ReviewItem
	for _, it := range items {
		if it.Kind == engine.ReviewScenario {
			got = append(got, it)
		}
	}
	if len(got) != 1 || got[0].RefID != rep.ID || got[0].Text != rep.Text || got[0].Payload["image"] != rep.Image ||
		got[0].Payload["state"] != string(engine.OrderOverdue) || got[0].Reason != "ship_time" || got[0].CreatedBy != r.me.Name {
		t.Errorf("review queue's scenario items: %+v", got)
	}
	// The reviewer sees the image; a name that is not a report's reads nothing.
	if u, err := r.a.Scenarios.ReportImage(rep.Image); err != nil || u != "data:image/png;base64,"+base64.StdEncoding.EncodeToString(img.Bytes()) {
		t.Errorf("ReportImage: %.40q %v", u, err)
	}
	for _, bad := range []string{"../" + rep.Image, "lock", "000000000000000000000000.png"} {
		if _, err := r.a.Scenarios.ReportImage(bad); !errors.Is(err, engine.ErrNotFound) {
			t.Errorf("ReportImage(%q): %v; want not found", bad, err)
		}
	}
}
