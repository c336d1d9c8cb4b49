package engine

import (
	"testing"
	"time"
)

// The decision table: one row per rule of Decide, named by the SPEC's ID.
func TestDecide(t *testing.T) {
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	on := ShopSettings{AssistEnabled: true, AutoSend: true, Threshold: 0.85, ReplyEnabled: true}
	ann := Agent{ID: 7, Name: "Ann", Status: AgentOnline, Capacity: 5, AutoSend: true}
	conv := Conversation{ID: 3, ShopID: 1, State: StateActive, AgentID: 7, Status: StatusOpen}
	buyer := Message{ID: 10, ConversationID: 3, Sender: SenderBuyer, Type: MessageText, Text: "什么时候发货", CreatedAt: now}
	good := &Match{EntryID: 5, Question: "发货时间", Intent: "ship_time", Confidence: 0.93, Answer: "48 小时内发货"}
	elsewhere := map[int64]View{7: {ConversationID: 99, Focused: true, At: now.Add(-2 * time.Second)}}

	base := func() Facts {
		return Facts{Now: now, Settings: on, Conversation: conv, Message: buyer, Messages: []Message{buyer},
			Agents: []Agent{ann}, Views: elsewhere, Match: good}
	}
	with := func(change func(f *Facts)) Facts {
		f := base()
		change(&f)
		return f
	}
	sentEarlier := Message{ID: 4, ConversationID: 3, Sender: SenderAssist, Text: "48 小时内发货", EntryID: 5}
	earlierBuyer := Message{ID: 2, ConversationID: 3, Sender: SenderBuyer, Text: "在吗"}
	humanBefore := Message{ID: 8, ConversationID: 3, Sender: SenderAgent, Text: "您好"}

	rows := []struct {
		name      string
		facts     Facts
		outcome   Outcome
		reason    string
		reply     bool
		notice    string
		attention Attention
	}{
		{"AS5 auto-sends in a conversation the agent is not looking at", base(), OutcomeAssist, "auto_sent", true, "", ""},
		{"AS5 the conversation in front gets suggestions only",
			with(func(f *Facts) { f.Views = map[int64]View{7: {ConversationID: 3, Focused: true, At: now}} }),
			OutcomeSuggest, "viewing", false, "", ""},
		{"AS5 the conversation open in a window in the background is answered",
			with(func(f *Facts) { f.Views = map[int64]View{7: {ConversationID: 3, Focused: false, At: now}} }),
			OutcomeAssist, "auto_sent", true, "", ""},
		{"AS5 a window silent for longer than PresenceTTL sends nothing",
			with(func(f *Facts) {
				f.Views = map[int64]View{7: {ConversationID: 99, At: now.Add(-PresenceTTL - time.Second)}}
			}),
			OutcomeSuggest, "window_silent", false, "", ""},
		{"AS5 a window that never reported sends nothing",
			with(func(f *Facts) { f.Views = nil }), OutcomeSuggest, "window_silent", false, "", ""},
		{"AS5 a stale view of this conversation blocks nothing once it expires: still nothing, the agent is gone",
			with(func(f *Facts) {
				f.Views = map[int64]View{7: {ConversationID: 3, Focused: true, At: now.Add(-time.Minute)}}
			}),
			OutcomeSuggest, "window_silent", false, "", ""},
		{"AS1 assist off", with(func(f *Facts) { f.Settings.AssistEnabled = false }), OutcomeSuggest, "assist_off", false, "", ""},
		{"AS4 auto-send off for the shop", with(func(f *Facts) { f.Settings.AutoSend = false }), OutcomeSuggest, "auto_send_off", false, "", ""},
		{"AS4 the agent's own toggle off", with(func(f *Facts) { f.Agents = []Agent{{ID: 7, Name: "Ann", Status: AgentOnline}} }),
			OutcomeSuggest, "agent_auto_send_off", false, "", ""},
		{"AS5 the serving agent is away", with(func(f *Facts) {
			f.Agents = []Agent{{ID: 7, Name: "Ann", Status: AgentAway, AutoSend: true}}
		}), OutcomeSuggest, "agent_not_online", false, "", ""},
		{"AS5 a queued conversation has no agent for assist",
			with(func(f *Facts) { f.Conversation.State, f.Conversation.AgentID = StateQueued, 0 }), OutcomeSuggest, "no_agent", false, "", ""},
		{"RB12 a closed conversation", with(func(f *Facts) { f.Conversation.State = StateClosed }), OutcomeSuggest, "closed", false, "", ""},
		{"RB12 a human replied after the message", with(func(f *Facts) {
			f.Messages = append(f.Messages, Message{ID: 11, ConversationID: 3, Sender: SenderAgent, Text: "马上"})
		}), OutcomeSuggest, "human_replied", false, "", ""},
		{"AS2 a buyer's order card asks nothing", with(func(f *Facts) { f.Message.Type = MessageOrderCard }),
			OutcomeSuggest, "buyer_card", false, "", ""},
		{"AS8 nothing matched hands off", with(func(f *Facts) { f.Match = nil }),
			OutcomeHandoff, "no_match", false, "notice_assist_cannot", AttentionAssist},
		{"AS9 below the shop's threshold hands off", with(func(f *Facts) { m := *good; m.Confidence = 0.61; f.Match = &m }),
			OutcomeHandoff, "below_threshold", false, "notice_assist_cannot", AttentionAssist},
		{"AS9 exactly at the threshold is sent", with(func(f *Facts) { m := *good; m.Confidence = 0.85; f.Match = &m }),
			OutcomeAssist, "auto_sent", true, "", ""},
		{"RB9 an entry marked never auto-reply hands off", with(func(f *Facts) { m := *good; m.NeverAuto = true; f.Match = &m }),
			OutcomeHandoff, "never_auto", false, "notice_assist_cannot", AttentionAssist},
		{"KB2 an answer with an unfilled variable hands off", with(func(f *Facts) {
			m := *good
			m.Answer, m.Missing = "订单 {order.id} 48 小时内发货", []string{"order.id"}
			f.Match = &m
		}), OutcomeHandoff, "missing_variables", false, "notice_assist_cannot", AttentionAssist},
		{"AS9 the same automatic reply twice stops auto-reply here", with(func(f *Facts) {
			f.Messages = []Message{earlierBuyer, sentEarlier, buyer}
		}), OutcomeHandoff, "repeat", false, "notice_repeat_stop", AttentionAssist},
		{"AS7 after a hand-off, follow-ups wait for a human", with(func(f *Facts) {
			f.Messages = []Message{earlierBuyer, buyer}
			f.Prior = []DecisionRecord{{MessageID: 2, Outcome: OutcomeHandoff}}
		}), OutcomeSuggest, "auto_stopped", false, "", ""},
		{"AS7 a human reply after the hand-off lets assist answer again", with(func(f *Facts) {
			f.Messages = []Message{earlierBuyer, humanBefore, buyer}
			f.Prior = []DecisionRecord{{MessageID: 2, Outcome: OutcomeHandoff}}
		}), OutcomeAssist, "auto_sent", true, "", ""},
		{"AS7 follow-ups are answered while assist can", with(func(f *Facts) {
			f.Messages = []Message{earlierBuyer, {ID: 4, Sender: SenderAssist, Text: "在的", EntryID: 1}, buyer}
			f.Prior = []DecisionRecord{{MessageID: 2, Outcome: OutcomeAssist}}
		}), OutcomeAssist, "auto_sent", true, "", ""},
	}
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			d := Decide(r.facts)
			if d.Outcome != r.outcome || d.Reason.Key != r.reason {
				t.Fatalf("decided %s/%s; want %s/%s", d.Outcome, d.Reason.Key, r.outcome, r.reason)
			}
			if (d.Reply != nil) != r.reply {
				t.Fatalf("reply %+v; want a reply: %v", d.Reply, r.reply)
			}
			if r.reply && (d.Reply.Sender != SenderAssist || d.Reply.AgentID != 7 || d.Reply.Text != r.facts.Match.Answer || d.Reply.EntryID != 5) {
				t.Errorf("the reply %+v is not the entry's answer on Ann's behalf", d.Reply)
			}
			gotNotice := ""
			if d.Notice != nil {
				gotNotice = d.Notice.Key
			}
			if gotNotice != r.notice || d.Attention != r.attention {
				t.Errorf("notice %q attention %q; want %q %q", gotNotice, d.Attention, r.notice, r.attention)
			}
			if d.Outcome.Sent() != r.reply {
				t.Errorf("Outcome.Sent() = %v", d.Outcome.Sent())
			}
		})
	}
}

// A reason reads in words an agent understands, in the shop's language.
func TestReasonText_AS9(t *testing.T) {
	f := Facts{Now: time.Now(), Settings: ShopSettings{AssistEnabled: true, AutoSend: true, Threshold: 0.85, ReplyEnabled: true},
		Conversation: Conversation{ID: 3, State: StateActive, AgentID: 7},
		Message:      Message{ID: 10, Sender: SenderBuyer, Type: MessageText},
		Agents:       []Agent{{ID: 7, Name: "Ann", Status: AgentOnline, AutoSend: true}},
		Views:        map[int64]View{7: {At: time.Now()}},
		Match:        &Match{EntryID: 5, Question: "发货时间", Confidence: 0.93, Answer: "48 小时内发货"}}
	d := Decide(f)
	if got := ReasonText(d.Reason, "en"); got != "auto-sent: confidence 0.93 ≥ 0.85, entry 发货时间" {
		t.Errorf("en: %q", got)
	}
	if got := ReasonText(d.Reason, "zh-CN"); got != "已自动发送：置信度 0.93 ≥ 0.85，知识库问题「发货时间」" {
		t.Errorf("zh-CN: %q", got)
	}
	f.Match.Confidence = 0.61
	d = Decide(f)
	if got := ReasonText(d.Reason, "en"); got != "not sent: confidence 0.61 below 0.85 (entry 发货时间)" {
		t.Errorf("en: %q", got)
	}
	if got := ReasonText(*d.Notice, "en"); got != "Assist could not answer the buyer's message (confidence 0.61 below 0.85 (entry 发货时间)). Please reply soon." {
		t.Errorf("notice: %q", got)
	}
	for _, k := range ReasonKeys() {
		if ReasonText(Reason{Key: k}, "zh-CN") == k || ReasonText(Reason{Key: k}, "en") == k {
			t.Errorf("reason %q has no text in one language", k)
		}
	}
}
