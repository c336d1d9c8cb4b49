package boot

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"replydesk/engine"
	"replydesk/preset"
)

// Benchmarks of the feedback loop on this machine's cores (FB-2, FB-5):
//
//	go test -run X -bench FB -benchtime 1x ./internal/boot/
//
// The history is made of the demo shop's preset KB: half of the buyer
// messages are its questions as buyers write them (a particle, 「亲」, 「请问」
// around a similar question; a few thousand wordings), half are questions it
// has no entry for, nearly all written once (a product and an order
// number in them): the texts are not a handful repeated, so the search runs
// for most messages.

// benchHistory is n buyer messages of the Chinese demo shop, imported as
// past conversations of four buyer lines each, every line answered by an
// agent (with the KB's answer where there is one, else a reply of its own).
func benchHistory(b *testing.B, a *App, n int) {
	b.Helper()
	ctx := context.Background()
	kb, err := preset.KB("zh-CN", 1)
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 5))
	type known struct{ q, a string }
	var questions []known
	for _, e := range kb {
		for _, q := range e.Questions() {
			questions = append(questions, known{q, e.Answers[0].Text})
		}
	}
	pre := []string{"", "", "亲，", "请问", "你好，", "老板，"}
	post := []string{"", "", "呀", "？", "啊", "呢", "，急"}
	products := []string{"卫衣", "羽绒服", "牛仔裤", "连衣裙", "运动鞋", "双肩包", "保温杯", "蓝牙耳机", "充电宝", "台灯"}
	asks := []string{"%s有没有加绒的款", "%s能不能便宜一点", "%s是什么面料做的", "%s和图片颜色一样吗", "%s适合多大年龄",
		"%s可以定制logo吗", "%s有没有赠品", "%s能不能先用后付"}
	t0 := time.Date(2026, 10, 1, 1, 0, 0, 0, time.UTC)
	var convs []engine.ImportedConversation
	flush := func() {
		if _, err := a.Store.ImportConversations(ctx, 1, convs); err != nil {
			b.Fatal(err)
		}
		convs = convs[:0]
	}
	for i := 0; i < n/4; i++ {
		at := t0.Add(time.Duration(i) * 97 * time.Second)
		c := engine.ImportedConversation{BuyerExternalID: fmt.Sprintf("bench-%d", i)}
		for j := range 4 {
			var q, reply string
			if rng.IntN(2) == 0 {
				k := questions[rng.IntN(len(questions))]
				q = pre[rng.IntN(len(pre))] + k.q + post[rng.IntN(len(post))]
				reply = k.a
				if rng.IntN(8) == 0 {
					reply = "这个我帮您问一下仓库，稍后回复您"
				}
			} else {
				q = fmt.Sprintf(asks[rng.IntN(len(asks))], products[rng.IntN(len(products))]) + fmt.Sprintf("，订单尾号%04d", rng.IntN(10000))
				reply = "亲，这个需要看具体款式，我帮您确认一下"
			}
			c.Messages = append(c.Messages,
				engine.ImportedMessage{Sender: engine.SenderBuyer, Text: q, At: at.Add(time.Duration(2*j) * time.Minute)},
				engine.ImportedMessage{Sender: engine.SenderAgent, Text: reply, At: at.Add(time.Duration(2*j+1) * time.Minute)})
		}
		convs = append(convs, c)
		if len(convs) == 2000 {
			flush()
		}
	}
	if len(convs) > 0 {
		flush()
	}
}

func openBenchApp(b *testing.B) *App {
	b.Helper()
	a, err := Open(context.Background(), Options{Paths: testPaths(b.TempDir()), Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Keychain: noKeychain{}})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { a.Close() })
	return a
}

// BenchmarkFB5_Replay100k replays 100,000 past buyer messages (25,000
// conversations) of the demo shop through the robot's decision, on every
// core (target: ≤ 60 s on 2 cores).
func BenchmarkFB5_Replay100k(b *testing.B) {
	if testing.Short() {
		b.Skip("imports 200,000 messages")
	}
	a := openBenchApp(b)
	setup := time.Now()
	benchHistory(b, a, 100_000)
	b.Logf("imported 100,000 buyer messages (200,000 messages) in %.1f s", time.Since(setup).Seconds())
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		rep, err := a.Replayer.Run(context.Background(), engine.ReplayRequest{ReplayQuery: engine.ReplayQuery{ShopID: 1}}, nil)
		if err != nil {
			b.Fatal(err)
		}
		if rep.Messages != 100_000 {
			b.Fatalf("replayed %d messages", rep.Messages)
		}
		el := time.Since(start)
		b.ReportMetric(el.Seconds(), "s/replay")
		b.ReportMetric(float64(rep.Messages)/el.Seconds(), "msgs/s")
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.Logf("%d messages in %.1f s on %d cores (%.0f/s): coverage %.1f%% at %.2f, agreement %.1f%%, suggested %+v; heap %d MiB",
			rep.Messages, el.Seconds(), runtime.GOMAXPROCS(0), float64(rep.Messages)/el.Seconds(), 100*rep.Coverage, rep.Threshold,
			100*rep.Agreement, rep.Suggestion, ms.HeapInuse>>20)
	}
}

// BenchmarkFB2_Analyze10k groups the newest 10,000 unanswered questions of
// the demo shop (each distinct text searched again, then grouped) and looks
// for overlapping entries (target: ≤ 10 s on 2 cores).
func BenchmarkFB2_Analyze10k(b *testing.B) {
	a := openBenchApp(b)
	ctx := context.Background()
	st := a.Store
	rng := rand.New(rand.NewPCG(9, 9))
	products := []string{"卫衣", "羽绒服", "牛仔裤", "连衣裙", "运动鞋", "双肩包", "保温杯", "蓝牙耳机", "充电宝", "台灯"}
	asks := []string{"%s有没有加绒的款", "%s能不能便宜一点", "%s是什么面料做的", "%s和图片颜色一样吗", "%s适合多大年龄",
		"%s可以定制logo吗", "%s有没有赠品", "%s能不能先用后付", "%s支持花呗分期吗", "%s可以放驿站吗"}
	tails := []string{"", "呀", "？", "亲", "，着急", "，在线等"}
	// 10,000 buyer messages the robot decided without a confident match.
	var ds []engine.DecisionWrite
	for i := range 10_000 {
		text := fmt.Sprintf(asks[rng.IntN(len(asks))], products[rng.IntN(len(products))]) + tails[rng.IntN(len(tails))]
		if rng.IntN(4) == 0 {
			text += fmt.Sprintf("，尾号%d", rng.IntN(100000))
		}
		r, err := a.Store.AddBuyerMessage(ctx, engine.BuyerMessage{ShopID: 1, BuyerExternalID: fmt.Sprintf("u%d", i), Text: text,
			At: time.Now().Add(-time.Duration(rng.IntN(60*24)) * time.Minute)})
		if err != nil {
			b.Fatal(err)
		}
		ds = append(ds, engine.DecisionWrite{Record: engine.DecisionRecord{MessageID: r.Message.ID, ConversationID: r.Conversation.ID,
			ShopID: 1, Outcome: engine.OutcomeSuggest, Reason: engine.Reason{Key: "below_threshold"}, Confidence: 0.3, Threshold: 0.76,
			DecidedAt: time.Now()}, Guard: engine.Guard{State: r.Conversation.State, LastMessageID: r.Message.ID}})
		if len(ds) == 500 {
			if _, err := st.WriteDecisions(ctx, ds); err != nil {
				b.Fatal(err)
			}
			ds = ds[:0]
		}
	}
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		an, err := a.Unanswered.Analyze(ctx, 1, nil)
		if err != nil {
			b.Fatal(err)
		}
		el := time.Since(start)
		b.ReportMetric(el.Seconds(), "s/analysis")
		b.Logf("%d unanswered messages in %d groups (the largest %d), %d overlaps, in %.2f s on %d cores", an.Messages, len(an.Groups),
			an.Groups[0].Size, len(an.Overlaps), el.Seconds(), runtime.GOMAXPROCS(0))
	}
}
