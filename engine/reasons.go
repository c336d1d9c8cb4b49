package engine

import (
	"strings"
)

// reasonTexts are the words of each decision reason and notice, by locale,
// for what Go writes itself: the system messages agents read in the
// conversation and the command-line tools. The window translates the same
// keys in its own language files. {name} is replaced by the argument name.
var reasonTexts = map[string]map[string]string{
	"zh-CN": {
		"auto_sent":                 "已自动发送：置信度 {confidence} ≥ {threshold}，知识库问题「{entry}」",
		"auto_sent_draft":           "已自动发送 AI 草稿：置信度 {confidence} ≥ {threshold}，依据知识库问题「{entry}」的回答撰写",
		"robot_sent_draft":          "机器人已回复 AI 草稿：置信度 {confidence} ≥ {threshold}，依据知识库问题「{entry}」的回答撰写",
		"closed":                    "未发送：会话已结束",
		"human_replied":             "未发送：人工客服已回复",
		"buyer_card":                "未发送：买家发来的是卡片",
		"assist_off":                "未发送：本店未开启辅助回复",
		"no_agent":                  "未发送：会话在排队，还没有客服接待",
		"auto_send_off":             "未发送：本店未允许自动发送",
		"agent_auto_send_off":       "未发送：{agent} 关闭了自动发送",
		"agent_not_online":          "未发送：{agent} 不在线",
		"window_silent":             "未发送：{agent} 的窗口没有响应",
		"viewing":                   "未发送：{agent} 正在看这个会话",
		"auto_stopped":              "未发送：此会话的自动回复已停止，等待人工回复",
		"no_match":                  "未发送：知识库中没有匹配的回答",
		"never_auto":                "未发送：「{entry}」设置为禁止自动回复",
		"below_threshold":           "未发送：置信度 {confidence} 低于 {threshold}（「{entry}」）",
		"missing_variables":         "未发送：「{entry}」的回答缺少 {variables}",
		"repeat":                    "未发送：同样的回复已在此会话中自动发送过",
		"merged":                    "与买家的下一句一起回答",
		"action_urge_warehouse":     "已通知平台催促仓库发货（订单 {order}）",
		"action_create_after_sales": "已通知平台为订单 {order} 创建售后申请",
		"predict_order":             "已发送订单预测卡片（{orders} 笔订单），请买家确认要咨询的订单",
		"rule_forbids":              "未发送：「{entry}」的回答含平台规则不允许的承诺 {words}",
		"notice_unsolved":           "买家认为机器人的回答没有解决问题（{reason}），已转人工并优先排队，请尽快回复。",
		"unsolved_too_long":         "太长不读",
		"unsolved_not_useful":       "答案没用",
		"unsolved_irrelevant":       "答非所问",
		"unsolved_other":            "其他",
		"auto_reply_off":            "未发送：本店关闭了全局自动回复",
		"off_window":                "未发送：现在是本店关闭自动回复的时段",
		"robot_working_hours":       "未发送：机器人只在非工作时间接待，现在是工作时间",
		"scene_rule":                "未自动回复：命中场景规则 {rule}，已转人工",
		"asked_human":               "买家要求人工，已转人工并优先排队",
		"sensitive":                 "未发送：「{entry}」的回答含敏感词 {words}",
		"robot_sent":                "机器人已回复：置信度 {confidence} ≥ {threshold}，知识库问题「{entry}」",
		"robot_fallback":            "机器人无法回答，已发送兜底回复（{why}）",
		"robot_away":                "买家继续追问，已发送非工作时间自动回复",
		"robot_silent":              "机器人不再回复，等待人工",
		"notice_robot_fallback":     "机器人无法回答买家的这条消息（{why}），已发送兜底回复，请尽快回复。",
		"notice_robot_handoff":      "机器人已转人工（{why}），会话优先排队，请尽快回复。",
		"notice_assist_cannot":      "辅助回复无法回答买家的这条消息（{why}），请尽快回复。",
		"notice_repeat_stop":        "同一条自动回复（「{entry}」）将在此会话中第二次发出，此会话的自动回复已停止，请尽快人工回复。",
	},
	"en": {
		"auto_sent":                 "auto-sent: confidence {confidence} ≥ {threshold}, entry {entry}",
		"auto_sent_draft":           "auto-sent an AI draft: confidence {confidence} ≥ {threshold}, written from the answer of entry {entry}",
		"robot_sent_draft":          "robot sent an AI draft: confidence {confidence} ≥ {threshold}, written from the answer of entry {entry}",
		"closed":                    "not sent: the conversation is closed",
		"human_replied":             "not sent: a human already replied",
		"buyer_card":                "not sent: the buyer sent a card",
		"assist_off":                "not sent: assist is off for this shop",
		"no_agent":                  "not sent: the conversation is queued; no agent serves it yet",
		"auto_send_off":             "not sent: auto-send is off for this shop",
		"agent_auto_send_off":       "not sent: {agent} turned auto-send off",
		"agent_not_online":          "not sent: {agent} is not online",
		"window_silent":             "not sent: {agent}'s window stopped responding",
		"viewing":                   "not sent: {agent} was looking at this conversation",
		"auto_stopped":              "not sent: automatic replies stopped in this conversation until someone replies",
		"no_match":                  "not sent: nothing in the KB matches",
		"never_auto":                "not sent: entry {entry} is marked never auto-reply",
		"below_threshold":           "not sent: confidence {confidence} below {threshold} (entry {entry})",
		"missing_variables":         "not sent: the answer of entry {entry} needs {variables}",
		"repeat":                    "not sent: this reply was already sent in this conversation",
		"merged":                    "answered with the buyer's next line",
		"action_urge_warehouse":     "The platform was asked to urge the warehouse (order {order})",
		"action_create_after_sales": "The platform was asked to create an after-sales request for order {order}",
		"predict_order":             "sent the order-prediction card ({orders} orders) for the buyer to confirm the order",
		"rule_forbids":              "not sent: the answer of entry {entry} makes a promise the platform's rules forbid: {words}",
		"notice_unsolved":           "The buyer says the robot's answer did not solve the problem ({reason}); the conversation is first in the queue. Please reply soon.",
		"unsolved_too_long":         "too long",
		"unsolved_not_useful":       "not useful",
		"unsolved_irrelevant":       "irrelevant",
		"unsolved_other":            "other",
		"auto_reply_off":            "not sent: the shop's global auto-reply switch is off",
		"off_window":                "not sent: the shop turns automatic replies off at this time",
		"robot_working_hours":       "not sent: the robot works only outside working hours",
		"scene_rule":                "not answered automatically: scene rule {rule}; handed to a human",
		"asked_human":               "the buyer asked for a human: handed over, first in the queue",
		"sensitive":                 "not sent: the answer of entry {entry} holds the sensitive word(s) {words}",
		"robot_sent":                "robot answered: confidence {confidence} ≥ {threshold}, entry {entry}",
		"robot_fallback":            "the robot could not answer and sent the fallback reply ({why})",
		"robot_away":                "the buyer kept writing: the away reply went out",
		"robot_silent":              "the robot answers no more here; waiting for a human",
		"notice_robot_fallback":     "The robot could not answer the buyer's message ({why}) and sent the fallback reply. Please reply soon.",
		"notice_robot_handoff":      "The robot handed the conversation to a human ({why}); it is first in the queue. Please reply soon.",
		"notice_assist_cannot":      "Assist could not answer the buyer's message ({why}). Please reply soon.",
		"notice_repeat_stop":        "The same automatic reply (entry {entry}) would have gone out twice in this conversation, so automatic replies stopped here. Please reply soon.",
	},
}

// ReasonKeys lists every reason and notice key, for the window's language
// files to be checked against.
func ReasonKeys() []string {
	var keys []string
	for k := range reasonTexts["en"] {
		keys = append(keys, k)
	}
	return keys
}

// ReasonText says r in the words of locale (zh-CN unless it starts with
// "en"). A notice's {why} is the text of the reason it names, without its
// "not sent:" lead. An unknown key is returned as it is.
func ReasonText(r Reason, locale string) string {
	texts := reasonTexts["zh-CN"]
	if strings.HasPrefix(locale, "en") {
		texts = reasonTexts["en"]
	}
	t, ok := texts[r.Key]
	if !ok {
		return r.Key
	}
	pairs := make([]string, 0, 2*len(r.Args))
	for k, v := range r.Args {
		if k == "reason" {
			if t, ok := texts["unsolved_"+v]; ok {
				v = t
			}
		}
		if k == "why" {
			inner := Reason{Key: v, Args: map[string]string{}}
			for ik, iv := range r.Args {
				if ik != "why" {
					inner.Args[ik] = iv
				}
			}
			v = strings.TrimSpace(trimLead(ReasonText(inner, locale)))
		}
		pairs = append(pairs, "{"+k+"}", v)
	}
	return strings.NewReplacer(pairs...).Replace(t)
}

// trimLead drops the "not sent:" lead of a reason's text.
func trimLead(s string) string {
	for _, lead := range []string{"未发送：", "not sent: "} {
		if rest, ok := strings.CutPrefix(s, lead); ok {
			return rest
		}
	}
	return s
}
