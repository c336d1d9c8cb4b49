package boot

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"testing"
	"time"

	"replydesk/engine"
	"replydesk/internal/kbgen"
)

// BenchmarkSuggest_SA1 measures what the order context and the scenario
// add to a suggestion (SA-1): the shop's KB has 10,000 generated entries
// beside the preset, and the same two lines (an order number, then
// 什么时候发货) come from a buyer with no orders and from one with 50 (the
// orders read, the one named picked, and the scenario rendered for its
// state). It reports each one's p50 and p99 and
// the difference of the p99s, added-p99-ms.
func BenchmarkSuggest_SA1(b *testing.B) {
	ctx := context.Background()
	a, err := Open(ctx, Options{Paths: testPaths(b.TempDir()), Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Keychain: noKeychain{}})
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	if _, err := a.Desk.Start(ctx, "Ann"); err != nil {
		b.Fatal(err)
	}
	if _, err := a.KB.Import(ctx, "bench", 1, kbgen.KB(1, 10_000, 5, 1), nil); err != nil {
		b.Fatal(err)
	}
	now := time.Now()
	var orders []engine.Order
	for i := range 50 {
		o := paid(fmt.Sprintf("DY20261207%04d", i), now.Add(time.Duration(i-25)*time.Hour))
		if i%3 == 0 {
			o.Status = engine.OrderDelivered
		}
		orders = append(orders, o)
	}
	checked, err := engine.CheckOrders(orders)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := a.Store.UpsertOrders(ctx, 1, "b50", "", checked, now); err != nil {
		b.Fatal(err)
	}
	conv := map[string]int64{}
	for _, buyer := range []string{"b0", "b50"} {
		for _, text := range []string{"订单 DY202612070040", "什么时候发货"} {
			c, _, err := a.Desk.ReceiveBuyerMessage(ctx, 1, buyer, "", text)
			if err != nil {
				b.Fatal(err)
			}
			conv[buyer] = c.ID
		}
	}
	if as, err := a.Desk.Suggest(ctx, conv["b50"]); err != nil || as.Order.Order == nil || as.Scenario == nil {
		b.Fatalf("the 50-order buyer's assist has no order or scenario: %+v %v %+v", as.Order, err, as.Suggestions)
	}
	took := map[string][]time.Duration{}
	b.ResetTimer()
	for b.Loop() {
		for _, buyer := range []string{"b0", "b50"} {
			start := time.Now()
			if _, err := a.Desk.Suggest(ctx, conv[buyer]); err != nil {
				b.Fatal(err)
			}
			took[buyer] = append(took[buyer], time.Since(start))
		}
	}
	b.StopTimer()
	pct := func(d []time.Duration, p float64) float64 {
		slices.Sort(d)
		return float64(d[min(len(d)-1, int(float64(len(d))*p))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(took["b0"], 0.5), "no-orders-p50-ms")
	b.ReportMetric(pct(took["b0"], 0.99), "no-orders-p99-ms")
	b.ReportMetric(pct(took["b50"], 0.5), "50-orders-p50-ms")
	b.ReportMetric(pct(took["b50"], 0.99), "50-orders-p99-ms")
	b.ReportMetric(pct(took["b50"], 0.99)-pct(took["b0"], 0.99), "added-p99-ms")
}
