// Package kbgen makes synthetic knowledge bases of any size for benchmarks:
// entries whose questions are short buyer-like sentences built from an
// e-commerce vocabulary, the frequent words more often than the rare ones,
// as in real KBs. The same seed gives the same KB.
package kbgen

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"replydesk/engine"
)

var domain = strings.Fields(`
	发货 快递 物流 退货 退款 换货 地址 修改 发票 专票 包邮 运费 优惠券 满减 花呗
	尺码 颜色 色差 正品 假货 破损 漏发 错发 补发 签收 拒收 丢件 售后 客服 人工
	订单 取消 付款 支付 价格 降价 差价 价保 赠品 包装 质量 保修 维修 说明书 会员
	积分 活动 预售 现货 库存 补货 顺丰 中通 圆通 韵达 申通 邮政 京东 偏远 新疆
	衣服 裤子 鞋子 外套 手机 耳机 充电器 杯子 面膜 口红 洗发水 零食 茶叶 玩具 书包
	大号 小号 偏大 偏小 身高 体重 材质 面料 起球 掉色 缩水 味道 保质期 生产日期
	羽绒服 卫衣 衬衫 连衣裙 牛仔裤 运动鞋 拖鞋 帽子 围巾 手套 袜子 内衣 睡衣 背包
	电池 屏幕 数据线 蓝牙 音箱 键盘 鼠标 台灯 插座 电饭煲 锅 碗 筷子 毛巾 枕头 被子`)

var general = strings.Fields(`
	什么时候 多久 几天 怎么 如何 可以 能不能 是不是 有没有 为什么 哪里 多少 还是
	今天 明天 昨天 下单 收到 寄回 申请 处理 查询 显示 一直 已经 还没 马上 尽快
	我 你们 这个 那个 一下 一个 请问 亲 吗 呢 啊 吧 了 的 给 帮 看 要 想 能 会 在
	买 拍 发 换 退 补 送 用 穿 洗 问 说 找 等 到 过 好 坏 大 小 新 旧 快 慢`)

// KB returns n entries of a shop with similar questions each.
func KB(shopID int64, n, similar int, seed uint64) []engine.Entry {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	zg := rand.NewZipf(r, 1.1, 2, uint64(len(general)-1))
	out := make([]engine.Entry, n)
	for i := range out {
		e := engine.Entry{
			ShopID:   shopID,
			Question: fmt.Sprintf("%s %d", Sentence(r, zg), i),
			Answers:  []engine.Answer{{Text: fmt.Sprintf("亲,关于第 %d 个问题:%s", i, Sentence(r, zg))}},
			Category: engine.Categories[i%len(engine.Categories)],
			Enabled:  true,
		}
		for j := 0; j < similar; j++ {
			e.Similar = append(e.Similar, Sentence(r, zg))
		}
		out[i] = e
	}
	return out
}

// Queries returns n buyer-like queries from the same vocabulary.
func Queries(n int, seed uint64) []string {
	r := rand.New(rand.NewPCG(seed, seed^0x51ab))
	zg := rand.NewZipf(r, 1.1, 2, uint64(len(general)-1))
	out := make([]string, n)
	for i := range out {
		out[i] = Sentence(r, zg)
	}
	return out
}

// Sentence joins one or two domain words and two to four general words.
func Sentence(r *rand.Rand, zg *rand.Zipf) string {
	words := make([]string, 0, 6)
	for n := 1 + r.IntN(2); n > 0; n-- {
		words = append(words, domain[r.IntN(len(domain))])
	}
	for n := 2 + r.IntN(3); n > 0; n-- {
		words = append(words, general[zg.Uint64()])
	}
	r.Shuffle(len(words), func(i, j int) { words[i], words[j] = words[j], words[i] })
	return strings.Join(words, "")
}
