package search

import (
	"context"
	"testing"
)

// docs is a Source over a slice, the test fake of the store.
type docs []Doc

func (s docs) EachDoc(ctx context.Context, fn func(Doc) error) error {
	for _, d := range s {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := fn(d); err != nil {
			return err
		}
	}
	return nil
}

// Identity implements Source: every test KB stands for the same database.
func (docs) Identity() string { return "test-db" }

// Seq implements Source: a test KB has had no change.
func (docs) Seq(context.Context) (int64, error) { return 0, nil }

var _ Source = docs(nil)

const (
	shopA = 1
	shopB = 2
)

// Entry IDs of smallKB.
const (
	sShipTime int64 = iota + 1
	sAddress
	sReturn
	sCarrier
	sInvoice
	sFreeShip
	sRefundTime
	sGenuine
	sSize
	sCoupon
	sLost
	sDamaged
	sHuabei
	sHuman
	sExchange
	sEnShip
	sEnRefund
	sEnAddress
)

// smallKB is a small shop KB with a few similar questions per entry, another
// shop's entries and a disabled entry.
var smallKB = docs{
	{EntryID: sShipTime, ShopID: shopA, Enabled: true, Question: "什么时候发货", Similar: []string{"多久发货", "几天能发出", "下单后多久发"}},
	{EntryID: sAddress, ShopID: shopA, Enabled: true, Question: "能改地址吗", Similar: []string{"可以修改收货地址吗", "地址填错了怎么办"}},
	{EntryID: sReturn, ShopID: shopA, Enabled: true, Question: "怎么退货", Similar: []string{"如何申请退货", "退货流程"}},
	{EntryID: sCarrier, ShopID: shopA, Enabled: true, Question: "发什么快递", Similar: []string{"用的哪家快递", "能发顺丰吗"}},
	{EntryID: sInvoice, ShopID: shopA, Enabled: true, Question: "有发票吗", Similar: []string{"可以开发票吗", "能开增值税专用发票吗"}},
	{EntryID: sFreeShip, ShopID: shopA, Enabled: true, Question: "包邮吗", Similar: []string{"运费多少", "需要邮费吗"}},
	{EntryID: sRefundTime, ShopID: shopA, Enabled: true, Question: "退款多久到账", Similar: []string{"钱什么时候退回来"}},
	{EntryID: sGenuine, ShopID: shopA, Enabled: true, Question: "是正品吗", Similar: []string{"会不会是假货"}},
	{EntryID: sSize, ShopID: shopA, Enabled: true, Question: "尺码怎么选", Similar: []string{"穿多大码合适"}},
	{EntryID: sCoupon, ShopID: shopA, Enabled: true, Question: "可以用优惠券吗", Similar: []string{"满减怎么算"}},
	{EntryID: sLost, ShopID: shopA, Enabled: true, Question: "快递丢件了怎么办", Similar: []string{"物流一直不动"}},
	{EntryID: sDamaged, ShopID: shopA, Enabled: true, Question: "收到商品破损怎么办", Similar: []string{"东西坏了"}},
	{EntryID: sHuabei, ShopID: shopA, Enabled: true, Question: "可以用花呗吗", Similar: []string{"支持花呗分期吗"}},
	{EntryID: sHuman, ShopID: shopA, Enabled: true, Question: "转人工客服", Similar: []string{"找人工"}},
	{EntryID: sExchange, ShopID: shopA, Enabled: true, Question: "怎么换货", Similar: []string{"尺码不合适能换吗"}},
	{EntryID: sEnShip, ShopID: shopA, Enabled: true, Question: "When will my order be shipped?", Similar: []string{"Shipping time", "How long until dispatch?"}},
	{EntryID: sEnRefund, ShopID: shopA, Enabled: true, Question: "How do I get a refund?", Similar: []string{"Refund policy", "I want my money back"}},
	{EntryID: sEnAddress, ShopID: shopA, Enabled: true, Question: "Can I change my shipping address?", Similar: []string{"Update delivery address"}},
	// Another shop with the same questions: never returned for shopA.
	{EntryID: 901, ShopID: shopB, Enabled: true, Question: "什么时候发货", Similar: []string{"啥时候发货"}},
	{EntryID: 902, ShopID: shopB, Enabled: true, Question: "可以开专票吗"},
	// A disabled entry matching common queries exactly.
	{EntryID: 990, ShopID: shopA, Enabled: false, Question: "啥时候发货啊", Similar: []string{"可以开专票吗", "几号能发"}},
}

// paraphrases are colloquial buyer messages that must find their smallKB
// entry first.
var paraphrases = []struct {
	text string
	want int64
}{
	{"啥时候发货啊", sShipTime},
	{"几号能发", sShipTime},
	{"亲，今天拍下明天能发吗？", sShipTime},
	{"我想改下收货地址", sAddress},
	{"地址写错了", sAddress},
	{"可以开专票吗", sInvoice},
	{"发票怎么开", sInvoice},
	{"退货流程是什么", sReturn},
	{"你们发啥快递", sCarrier},
	{"包不包邮", sFreeShip},
	{"退款几天到账", sRefundTime},
	{"是不是正品啊", sGenuine},
	{"170穿多大码", sSize},
	{"有没有优惠券", sCoupon},
	{"包裹丢了", sLost},
	{"收到东西是坏的", sDamaged},
	{"能用花呗吗", sHuabei},
	{"我要人工", sHuman},
	{"大了能换吗", sExchange},
	{"when will my order ship", sEnShip},
	{"shipping time?", sEnShip},
	{"refunds", sEnRefund},
	{"I need to change the address", sEnAddress},
	{"ＥＭＳ包邮吗", sFreeShip},
}

// Entry IDs of evalKB.
const (
	eShipTime int64 = iota + 101
	ePreSale
	ePickCarrier
	eCarrier
	eSF
	eTransit
	eStuck
	eLost
	eSignedNotReceived
	eAddress
	eCancel
	eReturn
	eReturnFreight
	eReturnAddress
	eSevenDays
	eRefundTime
	eRefundWhere
	eExchange
	eExchangeSize
	eFreightIns
	eFreeShip
	eRemote
	eInvoice
	eSpecialInvoice
	eInvoiceWhen
	eGenuine
	eVerify
	eSize
	eColorDiff
	ePilling
	eCoupon
	eGetCoupon
	eFullReduction
	eHuabei
	eCreditCard
	ePriceProtect
	eDamaged
	eMissing
	eWrongItem
	eQuality
	eWarranty
	eGift
	eDiscount
	eHuman
	eComplain
	eCOD
	eMerge
	eWrongSpec
	eStock
	eMember
	eEnShip
	eEnRefund
	eEnAddress
)

// evalKB is a 53-entry shop KB with the similar questions an operator would
// add; many entries share words (发货, 退, 快递, 发票, 几天…) so that ranking
// matters. It measures retrieval quality (see TestParaphraseQuality).
var evalKB = docs{
	{EntryID: eShipTime, ShopID: shopA, Enabled: true, Question: "什么时候发货", Similar: []string{"多久发货", "下单后几天发出"}},
	{EntryID: ePreSale, ShopID: shopA, Enabled: true, Question: "预售商品什么时候发货", Similar: []string{"预售多久能发", "预定的什么时候到"}},
	{EntryID: ePickCarrier, ShopID: shopA, Enabled: true, Question: "可以指定快递吗", Similar: []string{"能选快递公司吗", "可以发指定的快递吗"}},
	{EntryID: eCarrier, ShopID: shopA, Enabled: true, Question: "发什么快递", Similar: []string{"默认哪家快递", "用的什么物流"}},
	{EntryID: eSF, ShopID: shopA, Enabled: true, Question: "能发顺丰吗", Similar: []string{"顺丰要加钱吗", "可以改发顺丰吗"}},
	{EntryID: eTransit, ShopID: shopA, Enabled: true, Question: "快递几天能到", Similar: []string{"多久能收到", "发货后几天到"}},
	{EntryID: eStuck, ShopID: shopA, Enabled: true, Question: "物流一直不更新怎么办", Similar: []string{"物流不动了", "快递信息好几天没变"}},
	{EntryID: eLost, ShopID: shopA, Enabled: true, Question: "快递丢件了怎么办", Similar: []string{"包裹丢了", "快递说件丢了"}},
	{EntryID: eSignedNotReceived, ShopID: shopA, Enabled: true, Question: "显示签收了但没收到", Similar: []string{"没收到货却显示已签收", "快递被别人签收了"}},
	{EntryID: eAddress, ShopID: shopA, Enabled: true, Question: "可以修改收货地址吗", Similar: []string{"地址填错了", "怎么改地址"}},
	{EntryID: eCancel, ShopID: shopA, Enabled: true, Question: "发货前可以取消订单吗", Similar: []string{"不想要了能取消吗", "怎么取消订单"}},
	{EntryID: eReturn, ShopID: shopA, Enabled: true, Question: "怎么申请退货", Similar: []string{"退货流程", "我要退货"}},
	{EntryID: eReturnFreight, ShopID: shopA, Enabled: true, Question: "退货运费谁出", Similar: []string{"退货邮费谁承担", "退回去要我出运费吗"}},
	{EntryID: eReturnAddress, ShopID: shopA, Enabled: true, Question: "退货地址是哪里", Similar: []string{"退货寄到哪", "退回的地址"}},
	{EntryID: eSevenDays, ShopID: shopA, Enabled: true, Question: "支持七天无理由退货吗", Similar: []string{"不喜欢可以退吗", "七天无理由"}},
	{EntryID: eRefundTime, ShopID: shopA, Enabled: true, Question: "退款多久到账", Similar: []string{"退款几天到", "钱什么时候退回来"}},
	{EntryID: eRefundWhere, ShopID: shopA, Enabled: true, Question: "退款退到哪里", Similar: []string{"钱退到哪个账户", "退款原路返回吗"}},
	{EntryID: eExchange, ShopID: shopA, Enabled: true, Question: "怎么换货", Similar: []string{"换货流程", "可以换一个吗"}},
	{EntryID: eExchangeSize, ShopID: shopA, Enabled: true, Question: "尺码不合适可以换吗", Similar: []string{"大了能换小一码吗", "换尺码"}},
	{EntryID: eFreightIns, ShopID: shopA, Enabled: true, Question: "有运费险吗", Similar: []string{"送运费险吗", "运费险怎么理赔"}},
	{EntryID: eFreeShip, ShopID: shopA, Enabled: true, Question: "包邮吗", Similar: []string{"免运费吗", "需要邮费吗"}},
	{EntryID: eRemote, ShopID: shopA, Enabled: true, Question: "偏远地区包邮吗", Similar: []string{"新疆西藏发货吗", "偏远地区运费多少"}},
	{EntryID: eInvoice, ShopID: shopA, Enabled: true, Question: "可以开发票吗", Similar: []string{"能开发票吗", "发票怎么开"}},
	{EntryID: eSpecialInvoice, ShopID: shopA, Enabled: true, Question: "可以开专票吗", Similar: []string{"能开增值税专用发票吗"}},
	{EntryID: eInvoiceWhen, ShopID: shopA, Enabled: true, Question: "发票什么时候开", Similar: []string{"发票多久能收到", "电子发票什么时候发"}},
	{EntryID: eGenuine, ShopID: shopA, Enabled: true, Question: "是正品吗", Similar: []string{"保证正品吗", "会不会是假货"}},
	{EntryID: eVerify, ShopID: shopA, Enabled: true, Question: "怎么辨别真假", Similar: []string{"怎么验证防伪", "防伪码怎么查"}},
	{EntryID: eSize, ShopID: shopA, Enabled: true, Question: "尺码怎么选", Similar: []string{"我该穿多大码", "身高170体重60穿什么码"}},
	{EntryID: eColorDiff, ShopID: shopA, Enabled: true, Question: "衣服有色差吗", Similar: []string{"实物和图片颜色一样吗", "有没有色差"}},
	{EntryID: ePilling, ShopID: shopA, Enabled: true, Question: "会不会起球", Similar: []string{"起球吗", "面料容易起球吗"}},
	{EntryID: eCoupon, ShopID: shopA, Enabled: true, Question: "可以用优惠券吗", Similar: []string{"优惠券怎么用", "能用券吗"}},
	{EntryID: eGetCoupon, ShopID: shopA, Enabled: true, Question: "怎么领优惠券", Similar: []string{"哪里领券", "有没有优惠券"}},
	{EntryID: eFullReduction, ShopID: shopA, Enabled: true, Question: "满减怎么算", Similar: []string{"满减活动怎么参加", "凑单满减"}},
	{EntryID: eHuabei, ShopID: shopA, Enabled: true, Question: "可以用花呗吗", Similar: []string{"支持花呗分期吗", "能花呗付款吗"}},
	{EntryID: eCreditCard, ShopID: shopA, Enabled: true, Question: "可以用信用卡吗", Similar: []string{"能刷信用卡吗"}},
	{EntryID: ePriceProtect, ShopID: shopA, Enabled: true, Question: "降价了能退差价吗", Similar: []string{"买贵了能补差价吗", "有价保吗"}},
	{EntryID: eDamaged, ShopID: shopA, Enabled: true, Question: "收到商品破损怎么办", Similar: []string{"东西坏了", "收到的货压坏了"}},
	{EntryID: eMissing, ShopID: shopA, Enabled: true, Question: "少发了怎么办", Similar: []string{"漏发了", "少了一件"}},
	{EntryID: eWrongItem, ShopID: shopA, Enabled: true, Question: "发错货了怎么办", Similar: []string{"收到的不是我买的", "颜色发错了"}},
	{EntryID: eQuality, ShopID: shopA, Enabled: true, Question: "质量有问题怎么办", Similar: []string{"用了几天坏了", "质量问题能退吗"}},
	{EntryID: eWarranty, ShopID: shopA, Enabled: true, Question: "保修多久", Similar: []string{"有保修吗", "质保期多长"}},
	{EntryID: eGift, ShopID: shopA, Enabled: true, Question: "赠品怎么没有", Similar: []string{"赠品什么时候发", "没收到赠品"}},
	{EntryID: eDiscount, ShopID: shopA, Enabled: true, Question: "能便宜点吗", Similar: []string{"可以优惠点吗", "能打折吗"}},
	{EntryID: eHuman, ShopID: shopA, Enabled: true, Question: "转人工客服", Similar: []string{"人工客服", "找真人"}},
	{EntryID: eComplain, ShopID: shopA, Enabled: true, Question: "怎么投诉", Similar: []string{"我要投诉", "投诉电话"}},
	{EntryID: eCOD, ShopID: shopA, Enabled: true, Question: "可以货到付款吗", Similar: []string{"支持到付吗"}},
	{EntryID: eMerge, ShopID: shopA, Enabled: true, Question: "多件可以合并发货吗", Similar: []string{"两个订单能一起发吗", "合并付款"}},
	{EntryID: eWrongSpec, ShopID: shopA, Enabled: true, Question: "修改订单规格", Similar: []string{"拍错了颜色能改吗", "拍错尺码了"}},
	{EntryID: eStock, ShopID: shopA, Enabled: true, Question: "有现货吗", Similar: []string{"还有货吗", "什么时候补货"}},
	{EntryID: eMember, ShopID: shopA, Enabled: true, Question: "会员有什么优惠", Similar: []string{"会员折扣多少", "怎么成为会员"}},
	{EntryID: eEnShip, ShopID: shopA, Enabled: true, Question: "When will my order be shipped?",
		Similar: []string{"Shipping time", "How long until dispatch?"}},
	{EntryID: eEnRefund, ShopID: shopA, Enabled: true, Question: "How do I get a refund?",
		Similar: []string{"Refund policy", "I want my money back"}},
	{EntryID: eEnAddress, ShopID: shopA, Enabled: true, Question: "Can I change my shipping address?",
		Similar: []string{"Update delivery address"}},
}

// evalParaphrases are colloquial buyer messages and the evalKB entry that
// answers them; all are measured (hit@1, MRR), none is required.
var evalParaphrases = []struct {
	text string
	want int64
}{
	{"啥时候发货啊", eShipTime},
	{"几号能发", eShipTime},
	{"我想改下收货地址", eAddress},
	{"可以开专票吗", eSpecialInvoice},
	{"亲，今天拍下明天能发货吗？", eShipTime},
	{"预售的啥时候发", ePreSale},
	{"能不能发中通", ePickCarrier},
	{"你们发的啥快递", eCarrier},
	{"可以发顺丰不", eSF},
	{"大概几天能收到", eTransit},
	{"物流好几天没动了", eStuck},
	{"包裹是不是丢了", eLost},
	{"显示签收了我没拿到", eSignedNotReceived},
	{"地址写错了", eAddress},
	{"订单不想要了", eCancel},
	{"怎么退货", eReturn},
	{"退回去运费谁付", eReturnFreight},
	{"退货寄哪里", eReturnAddress},
	{"七天无理由能退吗", eSevenDays},
	{"退款几天到账", eRefundTime},
	{"钱多久能退回来", eRefundTime},
	{"退款退到哪", eRefundWhere},
	{"想换个货", eExchange},
	{"衣服大了能换小号吗", eExchangeSize},
	{"有没有运费险", eFreightIns},
	{"包不包邮", eFreeShip},
	{"新疆包邮吗", eRemote},
	{"可以开发票不", eInvoice},
	{"发票啥时候开", eInvoiceWhen},
	{"是不是正品啊", eGenuine},
	{"怎么查真假", eVerify},
	{"170穿多大码", eSize},
	{"颜色和图片一样吗", eColorDiff},
	{"这个起不起球", ePilling},
	{"优惠券能用吗", eCoupon},
	{"券在哪领", eGetCoupon},
	{"满减怎么弄", eFullReduction},
	{"能用花呗吗", eHuabei},
	{"信用卡能付吗", eCreditCard},
	{"刚买就降价了", ePriceProtect},
	{"收到东西是坏的", eDamaged},
	{"少了一件", eMissing},
	{"发错颜色了", eWrongItem},
	{"质量太差了坏了", eQuality},
	{"保修几年", eWarranty},
	{"赠品呢", eGift},
	{"便宜点吧", eDiscount},
	{"我要人工", eHuman},
	{"我要投诉你们", eComplain},
	{"能货到付款吗", eCOD},
	{"两单一起发", eMerge},
	{"拍错颜色了", eWrongSpec},
	{"还有货吗", eStock},
	{"会员能打几折", eMember},
	{"ＥＭＳ包邮吗", eFreeShip},
	{"when will my order ship", eEnShip},
	{"shipping time?", eEnShip},
	{"refunds", eEnRefund},
	{"I need to change the address", eEnAddress},
	{"what's the refund policy 退款", eEnRefund},
}

func openKB(t testing.TB, src docs) *Index {
	t.Helper()
	ix, err := OpenMem(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	// the shops' models, trained now rather than in the background, so
	// that every search of the test sees the same ones
	for _, shop := range []int64{shopA, shopB} {
		if _, err := ix.Calibration(context.Background(), shop); err != nil {
			t.Fatal(err)
		}
	}
	return ix
}
