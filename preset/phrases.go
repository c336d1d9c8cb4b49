package preset

import "replydesk/engine"

// phrases are the shop-wide quick phrases (CV-3) a shop starts with, by
// locale. Their variables are filled from the conversation when an agent
// inserts one.
var phrases = map[string][]engine.QuickPhrase{
	"zh-CN": {
		{Group: "问候", Text: "亲爱的{buyer.name}，您好，欢迎光临{shop.name}，请问有什么可以帮您？"},
		{Group: "问候", Text: "亲，在的哦，请稍等，马上为您查询~"},
		{Group: "问候", Text: "感谢您的耐心等待，还有其他可以帮您的吗？"},
		{Group: "物流", Text: "亲，您的订单已经发出，快递单号是{order.tracking_no}，请留意物流信息哦~"},
		{Group: "物流", Text: "亲，我们会在承诺时间内尽快为您发货，发货后会第一时间通知您。"},
		{Group: "物流", Text: "物流信息一般在发货后 24 小时内更新，请您耐心等待一下哦。"},
		{Group: "售后", Text: "非常抱歉给您带来不便，麻烦您拍一下商品问题的照片发给我，我马上为您处理。"},
		{Group: "售后", Text: "亲，您可以在订单页面申请退货退款，我们收到退货后会尽快为您退款。"},
		{Group: "结束", Text: "感谢您对{shop.name}的支持，祝您生活愉快，再见~"},
	},
	"en": {
		{Group: "Greeting", Text: "Hi {buyer.name}, welcome to {shop.name}! How can I help you today?"},
		{Group: "Greeting", Text: "I'm here — one moment please, let me check that for you."},
		{Group: "Greeting", Text: "Thank you for waiting. Is there anything else I can help with?"},
		{Group: "Shipping", Text: "Your order has shipped! The tracking number is {order.tracking_no}."},
		{Group: "Shipping", Text: "We will ship your order within the promised time and let you know as soon as it leaves."},
		{Group: "Shipping", Text: "Tracking details usually appear within 24 hours after shipping. Thanks for your patience."},
		{Group: "After-sales", Text: "I'm sorry for the trouble. Could you send me a photo of the problem? I'll sort it out right away."},
		{Group: "After-sales", Text: "You can request a return and refund from the order page; we refund as soon as the return arrives."},
		{Group: "Closing", Text: "Thank you for shopping at {shop.name}. Have a great day!"},
	},
}

// Phrases returns the preset quick phrases of a locale, in order (Sort set),
// nil for a locale without presets. The caller owns the slice.
func Phrases(locale string) []engine.QuickPhrase {
	src := phrases[locale]
	if src == nil {
		return nil
	}
	out := make([]engine.QuickPhrase, len(src))
	for i, p := range src {
		p.Sort = i
		out[i] = p
	}
	return out
}
