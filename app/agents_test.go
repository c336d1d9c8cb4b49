package app

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"replydesk/engine"
	"replydesk/store"
)

type quiet struct{}

func (quiet) MessageAdded(engine.Conversation, engine.Message)             {}
func (quiet) ConversationChanged(engine.Conversation)                      {}
func (quiet) AssistUpdated(engine.Assist)                                  {}
func (quiet) Deliver(context.Context, int64, engine.Buyer, engine.Message) {}

func TestChatAndAgentServicesGiveTheUIKeys_CV1_CV2(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "replydesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	shop, _ := st.CreateShop(ctx, engine.Shop{Name: "店"})
	desk := engine.NewDesk(engine.Deps{Conversations: st, Agents: st, Notifier: quiet{}, Outbox: quiet{}, Clock: engine.SystemClock{}})
	if _, err := desk.Start(ctx, "me"); err != nil {
		t.Fatal(err)
	}
	chat, agents := NewChatService(desk, st, st), NewAgentService(desk)

	key := func(what string, err error, want string) {
		t.Helper()
		var ae *Error
		if !errors.As(err, &ae) || ae.Key != want {
			t.Errorf("%s: want %s, got %v", what, want, err)
		}
	}
	_, err = chat.LongestWaiting(0, nil)
	key("nobody waiting", err, "error.none_waiting")
	c, _, err := desk.ReceiveBuyerMessage(ctx, shop.ID, "b1", "小王", "在吗")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := chat.LongestWaiting(0, nil); err != nil || got.ID != c.ID {
		t.Errorf("%+v %v", got, err)
	}
	p, err := chat.List(engine.ListFilter{List: engine.ListAll})
	if err != nil || p.Total != 1 || p.Items[0].AgentName != "me" {
		t.Fatalf("%+v %v", p, err)
	}
	_, err = chat.List(engine.ListFilter{List: "nope"})
	key("unknown list", err, "error.list_unknown")
	if _, err := chat.Close(c.ID); err != nil {
		t.Fatal(err)
	}
	_, err = chat.Transfer(c.ID, 0)
	key("transfer a closed conversation", err, "error.conversation_closed")
	_, err = agents.CreateAgent(AgentRequest{Name: " "})
	key("agent without a name", err, "error.agent_name_empty")
	other, err := agents.CreateAgent(AgentRequest{Name: "小李", Capacity: 3})
	if err != nil || other.Capacity != 3 || other.Role != engine.RoleAgent {
		t.Fatalf("%+v %v", other, err)
	}
	if me, err := agents.SwitchAgent(other.ID); err != nil || me.ID != other.ID || me.Status != engine.AgentOnline {
		t.Errorf("%+v %v", me, err)
	}
	if cur, err := agents.CurrentAgent(); err != nil || cur.ID != other.ID {
		t.Errorf("%+v %v", cur, err)
	}
	key("delete the current agent", agents.DeleteAgent(other.ID), "error.agent_is_current")
	_, err = agents.SetStatus(other.ID, "busy")
	key("bad status", err, "error.agent_status_invalid")
	if all, err := agents.Agents(); err != nil || len(all) != 2 {
		t.Errorf("%+v %v", all, err)
	}
}
