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

// The robot's rows of the decision table (RB-1 – RB-12).
func TestDecideRobot(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	night := time.Date(2026, 12, 7, 23, 30, 0, 0, shanghai) // a Monday, after 23:00
	day := time.Date(2026, 12, 7, 10, 0, 0, 0, shanghai)
	set := DefaultShopSettings(0.85, "zh-CN")
	set.RobotEnabled = true
	queued := Conversation{ID: 3, ShopID: 1, State: StateQueued, Status: StatusOpen}
	buyer := Message{ID: 10, ConversationID: 3, Sender: SenderBuyer, Type: MessageText, Text: "什么时候发货", CreatedAt: night}
	good := &Match{EntryID: 5, Question: "发货时间", Intent: "ship_time", Confidence: 0.93, Answer: "48 小时内发货"}
	offline := []Agent{{ID: 7, Name: "Ann", Status: AgentOffline, Capacity: 5, AutoSend: true}}
	base := func() Facts {
		return Facts{Now: night, Settings: set, Conversation: queued, Message: buyer, Messages: []Message{buyer},
			Agents: offline, Text: buyer.Text, Match: good, Locale: "zh-CN"}
	}
	with := func(change func(f *Facts)) Facts {
		f := base()
		change(&f)
		return f
	}
	earlier := Message{ID: 2, ConversationID: 3, Sender: SenderBuyer, Text: "在吗"}
	rows := []struct {
		name      string
		facts     Facts
		outcome   Outcome
		reason    string
		sender    Sender // of the reply; "" for none
		transfer  bool
		attention Attention
	}{
		{"RB2 nobody online: the robot answers from the KB (RB3)", base(), OutcomeRobot, "robot_sent", SenderRobot, false, ""},
		{"RB1 robot off: nobody online, nothing is sent", with(func(f *Facts) { f.Settings.RobotEnabled = false }),
			OutcomeSuggest, "no_agent", "", false, ""},
		{"RB2 an online agent with room: the robot stays out", with(func(f *Facts) {
			f.Agents = []Agent{{ID: 7, Name: "Ann", Status: AgentOnline, Capacity: 5, Active: 2}}
		}), OutcomeSuggest, "no_agent", "", false, ""},
		{"RB2 every online agent at capacity and the buyer queued: the robot answers", with(func(f *Facts) {
			f.Agents = []Agent{{ID: 7, Name: "Ann", Status: AgentOnline, Capacity: 2, Active: 2}}
		}), OutcomeRobot, "robot_sent", SenderRobot, false, ""},
		{"RB12 a conversation an online agent serves is never the robot's", with(func(f *Facts) {
			f.Agents = []Agent{{ID: 7, Name: "Ann", Status: AgentOnline, Capacity: 2, Active: 2}}
			f.Conversation.State, f.Conversation.AgentID = StateActive, 7
		}), OutcomeSuggest, "auto_send_off", "", false, ""},
		{"RB12 once a human replied in it, the robot stays out", with(func(f *Facts) {
			f.Messages = []Message{earlier, {ID: 3, ConversationID: 3, Sender: SenderAgent, Text: "您好"}, buyer}
		}), OutcomeSuggest, "no_agent", "", false, ""},
		{"RB1 off_hours: in working hours the robot does not work", with(func(f *Facts) {
			f.Settings.RobotMode, f.Now = RobotOffHours, day
		}), OutcomeSuggest, "robot_working_hours", "", false, ""},
		{"RB1 off_hours: outside working hours it does", with(func(f *Facts) { f.Settings.RobotMode = RobotOffHours }),
			OutcomeRobot, "robot_sent", SenderRobot, false, ""},
		{"RB9 the global auto-reply switch off", with(func(f *Facts) { f.Settings.ReplyEnabled = false }),
			OutcomeSuggest, "auto_reply_off", "", false, ""},
		{"RB9 an off window", with(func(f *Facts) { f.Settings.OffWindows, _ = ParseWeek("23:00-23:59") }),
			OutcomeSuggest, "off_window", "", false, ""},
		{"RB9 a scene rule by keyword goes straight to a human, no reply", with(func(f *Facts) { f.Text = "再不发货我就打12315" }),
			OutcomeHandoff, "scene_rule", "", true, AttentionScene},
		{"RB9 the complaint intent is flagged as a complaint", with(func(f *Facts) {
			m := *good
			m.Intent, m.NeverAuto = "complaint", true
			f.Match, f.Text = &m, "你们服务太差了"
		}), OutcomeHandoff, "scene_rule", "", true, AttentionComplaint},
		{"RB8 asking for a human hands over, first in the queue", with(func(f *Facts) { f.Text, f.Match = "转人工", nil }),
			OutcomeHandoff, "asked_human", "", true, AttentionHuman},
		{"RB8 the ask_human answer announces the transfer that goes with it", with(func(f *Facts) {
			f.Text = "我要找客服"
			f.Match = &Match{EntryID: 2, Question: "转人工", Intent: "ask_human", Confidence: 0.95, Answer: "马上为您转接人工客服", Operations: []Operation{OpTransferHuman}}
		}), OutcomeRobot, "asked_human", SenderRobot, true, AttentionHuman},
		{"RB5 no confident answer: the fallback, tagged", with(func(f *Facts) { m := *good; m.Confidence = 0.4; f.Match = &m }),
			OutcomeFallback, "robot_fallback", SenderFallback, false, AttentionRobot},
		{"RB5 after the fallback the away reply, once", with(func(f *Facts) {
			f.Settings.Away = "非工作时间，明天为您处理"
			f.Messages = []Message{earlier, buyer}
			f.Prior = []DecisionRecord{{MessageID: 2, Outcome: OutcomeFallback}}
		}), OutcomeAway, "robot_away", SenderAway, false, ""},
		{"RB5 after the away reply, nothing", with(func(f *Facts) {
			f.Settings.Away = "非工作时间，明天为您处理"
			f.Prior = []DecisionRecord{{MessageID: 1, Outcome: OutcomeFallback}, {MessageID: 2, Outcome: OutcomeAway}}
		}), OutcomeSuggest, "robot_silent", "", false, ""},
		{"RB5 after the fallback, without an away reply, nothing", with(func(f *Facts) {
			f.Prior = []DecisionRecord{{MessageID: 2, Outcome: OutcomeFallback}}
		}), OutcomeSuggest, "robot_silent", "", false, ""},
		{"RB3 follow-ups are answered while the robot can", with(func(f *Facts) {
			f.Messages = []Message{earlier, {ID: 4, Sender: SenderRobot, Text: "在的", EntryID: 1}, buyer}
			f.Prior = []DecisionRecord{{MessageID: 2, Outcome: OutcomeRobot}}
		}), OutcomeRobot, "robot_sent", SenderRobot, false, ""},
		{"RB10 a sensitive word in the answer: the fallback instead", with(func(f *Facts) {
			f.Sensitive = func(text string) []string { return []string{"48 小时"} }
		}), OutcomeFallback, "robot_fallback", SenderFallback, false, AttentionSensitive},
		{"AS9 the same answer twice: the fallback", with(func(f *Facts) {
			f.Messages = []Message{earlier, {ID: 4, Sender: SenderRobot, Text: "48 小时内发货", EntryID: 5}, buyer}
		}), OutcomeFallback, "robot_fallback", SenderFallback, false, AttentionRobot},
	}
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			d := Decide(r.facts)
			if d.Outcome != r.outcome || d.Reason.Key != r.reason {
				t.Fatalf("decided %s/%s; want %s/%s", d.Outcome, d.Reason.Key, r.outcome, r.reason)
			}
			var sender Sender
			if d.Reply != nil {
				sender = d.Reply.Sender
			}
			if sender != r.sender || d.Transfer != r.transfer || d.Attention != r.attention {
				t.Errorf("reply from %q, transfer %v, attention %q; want %q, %v, %q", sender, d.Transfer, d.Attention, r.sender, r.transfer, r.attention)
			}
		})
	}
}

func TestDecideRobot_RB5_RB11_TheFallbackSaysWhenPeopleAreBackAndTheGreetingGoesFirst(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	set := DefaultShopSettings(0.85, "zh-CN")
	set.RobotEnabled, set.Greeting = true, "您好，欢迎光临"
	buyer := Message{ID: 10, ConversationID: 3, Sender: SenderBuyer, Type: MessageText, Text: "这个能防水吗"}
	f := Facts{Now: time.Date(2026, 12, 7, 23, 30, 0, 0, shanghai), Settings: set, Locale: "zh-CN",
		Conversation: Conversation{ID: 3, State: StateQueued}, Message: buyer, Messages: []Message{buyer}, Text: buyer.Text}
	d := Decide(f)
	if d.Outcome != OutcomeFallback || d.Reply.Text != set.Fallback+"（人工客服明天 09:00 上线）" {
		t.Errorf("the fallback at night: %s %q", d.Outcome, d.Reply.Text)
	}
	if d.Greeting == nil || d.Greeting.Text != set.Greeting || d.Greeting.Sender != SenderGreeting {
		t.Errorf("the greeting on a first message: %+v", d.Greeting)
	}
	if d.Notice == nil || ReasonText(*d.Notice, "zh-CN") != "机器人无法回答买家的这条消息（知识库中没有匹配的回答），已发送兜底回复，请尽快回复。" {
		t.Errorf("the notice: %+v", d.Notice)
	}
	// In working hours (robot all day, nobody online) the fallback says no more.
	f.Now = time.Date(2026, 12, 7, 10, 0, 0, 0, shanghai)
	if d := Decide(f); d.Reply.Text != set.Fallback {
		t.Errorf("the fallback in working hours: %q", d.Reply.Text)
	}
	// No greeting on a later message.
	f.Messages = []Message{{ID: 2, Sender: SenderBuyer, Text: "在吗"}, buyer}
	if d := Decide(f); d.Greeting != nil {
		t.Errorf("a greeting on a later message: %+v", d.Greeting)
	}
}

func TestDecideRobot_RB8_AfterAHandOffTheRobotWaits(t *testing.T) {
	set := DefaultShopSettings(0.85, "zh-CN")
	set.RobotEnabled = true
	buyer := Message{ID: 10, ConversationID: 3, Sender: SenderBuyer, Type: MessageText, Text: "人呢"}
	for _, a := range []Attention{AttentionHuman, AttentionScene, AttentionComplaint} {
		f := Facts{Now: time.Now(), Settings: set, Conversation: Conversation{ID: 3, State: StateQueued, Attention: a},
			Message: buyer, Messages: []Message{buyer}, Text: buyer.Text,
			Match: &Match{EntryID: 1, Question: "在吗", Intent: "greeting", Confidence: 0.99, Answer: "在的"}}
		if d := Decide(f); d.Reason.Key != "robot_silent" || d.Reply != nil {
			t.Errorf("attention %q: %s/%s", a, d.Outcome, d.Reason.Key)
		}
	}
}

type stepClock struct{ t time.Time }

func (c *stepClock) Now() time.Time { return c.t }
