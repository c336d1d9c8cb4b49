package kbfile

import (
	"strings"

	"replydesk/engine"
)

// templateEntries are the example entries of the templates: one answering
// by order status over several rows, one a scene never answered
// automatically, one a shop's own question with no core intent.
func templateEntries(lang string) []engine.Entry {
	if lang == "zh-CN" {
		return []engine.Entry{
			{
				Question: "什么时候发货",
				Similar:  []string{"什么时候发货啊", "几天能发货", "怎么还不发货", "催一下发货"},
				Answers: []engine.Answer{
					{Text: "亲，您的订单 {order.id} 已付款成功，我们会在 {order.promise_ship_at} 前为您发出，请耐心等待～", When: []engine.OrderStatus{engine.OrderPaid}},
					{Text: "非常抱歉亲，您的订单还没有发出，已为您催促仓库优先发货，给您带来不便深表歉意！", When: []engine.OrderStatus{engine.OrderOverdue}},
					{Text: "亲，您的订单已经发出啦，快递公司：{order.courier}，运单号：{order.tracking_no}，可在订单详情里查看物流～", When: []engine.OrderStatus{engine.OrderShipped, engine.OrderDelivered}},
					{Text: "亲，麻烦发一下您的订单号，我马上帮您查询发货时间～"},
				},
				Category: engine.CategoryOrder, Intent: "ship_time", Enabled: true,
				Operations: []engine.Operation{engine.OpOrderCard, engine.OpUrgeWarehouse},
			},
			{
				Question: "我要投诉",
				Similar:  []string{"投诉你们", "我要打12315", "你们这服务太差了"},
				Answers:  []engine.Answer{{Text: "非常抱歉给您带来了不好的体验，已为您转接专员处理，请稍等～"}},
				Category: engine.CategoryAfterSales, Intent: "complaint", Enabled: true, NeverAuto: true,
				Operations: []engine.Operation{engine.OpTransferHuman},
			},
			{
				Question: "这款衣服是纯棉的吗",
				Similar:  []string{"什么材质的", "是纯棉吗", "面料是什么"},
				Answers:  []engine.Answer{{Text: "亲，这款是100%纯棉面料，柔软透气，可以放心购买哦～"}},
				Category: engine.CategoryProduct, Enabled: true,
			},
		}
	}
	return []engine.Entry{
		{
			Question: "When will my order ship?",
			Similar:  []string{"when do you ship", "how long until it ships", "why hasn't it shipped yet", "please ship my order"},
			Answers: []engine.Answer{
				{Text: "Your order {order.id} is paid, and we will ship it before {order.promise_ship_at}. Thank you for waiting!", When: []engine.OrderStatus{engine.OrderPaid}},
				{Text: "We are very sorry: your order has not shipped yet. We have asked the warehouse to send it first thing.", When: []engine.OrderStatus{engine.OrderOverdue}},
				{Text: "Your order is on its way with {order.courier}, tracking number {order.tracking_no}.", When: []engine.OrderStatus{engine.OrderShipped, engine.OrderDelivered}},
				{Text: "Could you send me your order number? I'll check when it ships right away."},
			},
			Category: engine.CategoryOrder, Intent: "ship_time", Enabled: true,
			Operations: []engine.Operation{engine.OpOrderCard, engine.OpUrgeWarehouse},
		},
		{
			Question: "I want to file a complaint",
			Similar:  []string{"I want to complain", "your service is terrible", "let me talk to a manager"},
			Answers:  []engine.Answer{{Text: "We are sorry for the bad experience. A specialist will take over in a moment."}},
			Category: engine.CategoryAfterSales, Intent: "complaint", Enabled: true, NeverAuto: true,
			Operations: []engine.Operation{engine.OpTransferHuman},
		},
		{
			Question: "Is this shirt 100% cotton?",
			Similar:  []string{"what is the material", "is it cotton", "what fabric is it"},
			Answers:  []engine.Answer{{Text: "Yes, it is 100% cotton: soft and breathable."}},
			Category: engine.CategoryProduct, Enabled: true,
		},
	}
}

// helpRows are the rows of the template's explanation sheet.
func helpRows(lang string) [][]string {
	keys := func(labels []label, zh bool) string {
		names := make([]string, len(labels))
		for i, l := range labels {
			names[i] = l.key
			if zh {
				names[i] = l.zh + " " + l.key
			}
		}
		return strings.Join(names, "\n")
	}
	intents := make([]string, len(engine.Intents))
	for i, in := range engine.Intents {
		intents[i] = in.Key + " (" + string(in.Category) + ")"
	}
	vars := make([]string, len(engine.Variables))
	for i, v := range engine.Variables {
		vars[i] = "{" + v + "}"
	}
	if lang == "zh-CN" {
		return [][]string{
			{"列", "必填", "说明", "可填写的值"},
			{"分类 (category)", "否", "条目的分类；填写了核心意图时可留空，按意图自动归类。", keys(categoryLabels, true)},
			{"意图 (intent)", "否", "核心意图的键；店铺自己的问题留空。", strings.Join(intents, "\n")},
			{"标准问题 (question)", "是", "条目的标准问题，最多 200 字。同一条目的多行答案填写相同的标准问题，且必须上下相邻。", ""},
			{"相似问法 (similar)", "否", "买家的其他问法，单元格内每行一个（Alt+Enter 换行），最多 300 个，每个最多 200 字。", ""},
			{"答案 (answer)", "是", "一行一个答案，最多 1000 字。同一订单状态（或不限状态）最多 3 个答案：第一个为主答案，其余为推荐答案。答案中可以使用变量，发送时自动替换。", strings.Join(vars, "\n")},
			{"适用订单状态 (when)", "否", "这一行的答案适用的订单状态，多个用逗号或顿号分隔；留空表示不限订单状态。", keys(statusLabels, true)},
			{"推荐操作 (operations)", "否", "随条目推荐的操作按钮，多个用逗号或顿号分隔。", keys(operationLabels, true)},
			{"启用 (enabled)", "否", "是否启用该条目，留空为启用。", "是 / 否（也可填 true/false、1/0、yes/no）"},
			{"禁止自动回复 (never_auto)", "否", "为“是”时该条目只推荐给客服，从不自动发送（如投诉）。留空为否。", "是 / 否"},
			{},
			{"说明", "", "第一行是列名，列的顺序可以调整。条目的字段（分类、意图、推荐操作、启用、禁止自动回复）写在条目的第一行，后续行可以留空。导入前会检查每一行，有任何错误则整个文件都不会导入，并列出每个出错的行。按标准问题匹配：店铺已有相同标准问题的条目会被更新，其余新建。", ""},
		}
	}
	return [][]string{
		{"Column", "Required", "Meaning", "Values"},
		{"category", "no", "The entry's category; may be left empty when a core intent is given.", keys(categoryLabels, false)},
		{"intent", "no", "The key of a core intent; empty for the shop's own questions.", strings.Join(intents, "\n")},
		{"question", "yes", "The standard question, at most 200 characters. The rows of one entry repeat the same question and must be next to each other.", ""},
		{"similar", "no", "Other ways buyers ask it, one per line in the cell (Alt+Enter), at most 300 of at most 200 characters each.", ""},
		{"answer", "yes", "One answer per row, at most 1000 characters. At most 3 answers for each order status (or for any status): the first is the primary answer, the others are recommended. Answers may hold variables, filled when sent.", strings.Join(vars, "\n")},
		{"when", "no", "The order statuses the row's answer is for, separated by commas; empty for any order.", keys(statusLabels, false)},
		{"operations", "no", "Operation buttons recommended with the entry, separated by commas.", keys(operationLabels, false)},
		{"enabled", "no", "Whether the entry is used; empty means yes.", "true / false (or 1/0, yes/no)"},
		{"never_auto", "no", "When true the entry is only suggested to agents, never sent automatically (e.g. complaints). Empty means false.", "true / false"},
		{},
		{"Notes", "", "The first row names the columns, in any order. The entry's fields (category, intent, operations, enabled, never_auto) go on its first row; its further rows may leave them empty. Every row is checked before anything is imported: if any row is wrong, nothing is imported and every bad row is listed. Entries are matched by standard question: an entry the shop already has is updated, the others are created.", ""},
	}
}
