package kbfile

import (
	"bytes"
	"fmt"
	"testing"

	"replydesk/engine"
)

// bigKB is a KB of n entries with 5 similar questions each and one or two
// answers, some of them for an order status.
func bigKB(n int) []engine.Entry {
	entries := make([]engine.Entry, n)
	for i := range entries {
		e := engine.Entry{
			Question: fmt.Sprintf("第%d个问题：这件商品什么时候能发货呢", i),
			Category: engine.Categories[i%len(engine.Categories)],
			Enabled:  i%7 != 0,
			Answers:  []engine.Answer{{Text: fmt.Sprintf("亲，您好！关于第%d个问题，订单 {order.id} 会在 {order.promise_ship_at} 前发出，请耐心等待～", i)}},
		}
		for j := range 5 {
			e.Similar = append(e.Similar, fmt.Sprintf("问法%d-%d 啥时候发货呀，急用", i, j))
		}
		if i%3 == 0 {
			e.Answers = append(e.Answers, engine.Answer{Text: "已经发出啦，单号 {order.tracking_no}", When: []engine.OrderStatus{engine.OrderShipped}})
			e.Operations = []engine.Operation{engine.OpLogisticsCard}
		}
		entries[i] = e
	}
	return entries
}

// BenchmarkRead reads and validates a file of 10,000 entries with 50,000
// similar questions in each format.
func BenchmarkRead(b *testing.B) {
	entries := bigKB(10_000)
	for _, f := range Formats {
		var buf bytes.Buffer
		if err := Write(&buf, f, entries); err != nil {
			b.Fatal(err)
		}
		data := buf.Bytes()
		b.Run(string(f), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				got, err := Read(bytes.NewReader(data), f)
				if err != nil || len(got) != len(entries) {
					b.Fatalf("%d entries, %v", len(got), err)
				}
			}
		})
	}
}

// BenchmarkWrite writes the same KB in each format.
func BenchmarkWrite(b *testing.B) {
	entries := bigKB(10_000)
	for _, f := range Formats {
		b.Run(string(f), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var buf bytes.Buffer
				if err := Write(&buf, f, entries); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
