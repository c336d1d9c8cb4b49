package engine

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// The fuzz targets of the engine's validators check that any input is
// either refused with keyed problems, or accepted in a form that obeys the
// rules (the text rule of HasControl, the limits) and that the validator
// accepts again unchanged. `go test` replays the seeds and testdata/fuzz;
// `go test -run XXX -fuzz FuzzValidateText ./engine/` explores.

// textKeys are the keys ValidateText may give.
var textKeys = map[string]bool{"message_not_utf8": true, "message_empty": true, "message_control_character": true, "message_too_long": true}

func FuzzValidateText(f *testing.F) {
	for _, s := range []string{"", " ", "在吗", "a\u0000b\u0007c", "a\r\nb\rc\n", "\t", "\u0085", "\xff", "👨‍👩‍👧",
		strings.Repeat("好", MaxMessageRunes), strings.Repeat("好", MaxMessageRunes) + "\r\n", "\u2028\u200b\ufeff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out, err := ValidateText(in)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) || !textKeys[ie.Key] || ie.Detail == "" || out != "" {
				t.Fatalf("%q: refused with %#v, %q", in, err, out)
			}
			// A refusal is right: nothing would have passed.
			fine := utf8.ValidString(in) && strings.TrimSpace(NormalizeLines(in)) != "" &&
				!HasControl(NormalizeLines(in), true) && utf8.RuneCountInString(NormalizeLines(in)) <= MaxMessageRunes
			if fine {
				t.Fatalf("%q: a good text refused: %v", in, err)
			}
			return
		}
		switch {
		case out != NormalizeLines(in):
			t.Fatalf("%q: changed to %q beyond its line ends", in, out)
		case !utf8.ValidString(out), strings.TrimSpace(out) == "", HasControl(out, true), strings.Contains(out, "\r"),
			utf8.RuneCountInString(out) > MaxMessageRunes:
			t.Fatalf("%q: accepted as %q, which breaks the rules", in, out)
		}
		if again, err := ValidateText(out); err != nil || again != out {
			t.Fatalf("%q: accepted as %q, then %q %v", in, out, again, err)
		}
	})
}

// orderKeys are the keys of an order's problems.
var orderKeys = map[string]bool{"order_id_missing": true, "order_not_utf8": true, "order_too_long": true,
	"order_control_character": true, "order_status_missing": true, "order_unknown_status": true,
	"order_bad_amount": true, "order_bad_currency": true, "order_too_many_items": true,
	"order_item_name_missing": true, "order_bad_quantity": true, "order_duplicate_id": true, "order_bad_time": true}

func FuzzCheckOrders(f *testing.F) {
	f.Add("DY-1001", "paid", "cny", "T恤 白色 L", "TS-W-L", 2, int64(12990), int64(1750327200), "顺丰", "SF123", "上海市\r\n浦东新区", "DY-1002")
	f.Add(" ", "lost", "yuan", "", "", 0, int64(-1), int64(0), "", "", "", "")
	f.Add("a\u0000b", "shipped", "", "x\ty", "\u0085", 100000, int64(MaxAmountCents+1), int64(-62135596800), "\x7f", "\r", "a\u0007", " a ")
	f.Fuzz(func(t *testing.T, id, status, currency, item, sku string, qty int, cents, promise int64, courier, tracking, address, id2 string) {
		o := Order{ID: id, Status: OrderStatus(status), Currency: currency, AmountCents: cents,
			Items: []OrderItem{{Name: item, SKU: sku, Quantity: qty}}, Courier: courier, TrackingNo: tracking, Address: address}
		if promise != 0 {
			o.PromiseShipAt = time.Unix(promise, 0)
		}
		second := Order{ID: id2, Status: OrderPaid}
		checked, err := CheckOrders([]Order{o, second})
		if err != nil {
			var oe *OrdersError
			if !errors.As(err, &oe) || len(oe.Rows) == 0 || checked != nil {
				t.Fatalf("refused with %#v", err)
			}
			for _, r := range oe.Rows {
				if r.Row < 1 || r.Row > 2 || len(r.Problems) == 0 {
					t.Fatalf("bad row %+v", r)
				}
				for _, p := range r.Problems {
					if !orderKeys[p.Key] || p.Field == "" || p.Detail == "" {
						t.Fatalf("row %d: problem %+v", r.Row, p)
					}
				}
			}
			return
		}
		if len(checked) != 2 {
			t.Fatalf("%d orders back", len(checked))
		}
		for _, c := range checked {
			if problems := ValidateOrder(c); len(problems) > 0 {
				t.Fatalf("accepted %+v with problems %+v", c, problems)
			}
			if !reflect.DeepEqual(NormalizeOrder(c), c) {
				t.Fatalf("accepted %+v, not normalised", c)
			}
			texts := []string{c.ID, c.Currency, c.Courier, c.TrackingNo}
			for _, it := range c.Items {
				texts = append(texts, it.Name, it.SKU)
			}
			for _, s := range texts {
				if !utf8.ValidString(s) || HasControl(s, false) || s != strings.TrimSpace(s) {
					t.Fatalf("accepted the one-line value %q", s)
				}
			}
			if !utf8.ValidString(c.Address) || HasControl(c.Address, true) || strings.Contains(c.Address, "\r") {
				t.Fatalf("accepted the address %q", c.Address)
			}
		}
		if checked[0].ID == checked[1].ID {
			t.Fatalf("two orders %q accepted", checked[0].ID)
		}
		if again, err := CheckOrders(checked); err != nil || !reflect.DeepEqual(again, checked) {
			t.Fatalf("accepted %+v, then %+v %v", checked, again, err)
		}
	})
}

// entryKeys are the keys of an entry's problems.
var entryKeys = map[string]bool{"kb_question_missing": true, "kb_not_utf8": true, "kb_too_long": true,
	"kb_control_character": true, "kb_too_many_similar": true, "kb_answer_missing": true, "kb_unknown_variable": true,
	"kb_unknown_status": true, "kb_too_many_answers": true, "kb_category_missing": true, "kb_unknown_category": true,
	"kb_unknown_intent": true, "kb_unknown_operation": true, "kb_duplicate_question": true}

func FuzzCheckEntry(f *testing.F) {
	f.Add("什么时候发货", "几天发货\n怎么还不发", "亲，订单 {order.id} 会在 {order.promise_ship_at} 前发出", "paid", "请发订单号", "", "order", "ship_time", "order_card")
	f.Add(" ", "", "", "", "", "", "", "", "")
	f.Add("a\u0000", "x\x1fy", "{buyer.nam}", "lost", "\r\n", "b\r\nc", "none", "nope", "refund_now")
	f.Fuzz(func(t *testing.T, question, similar, answer, when, answer2, when2, category, intent, ops string) {
		e := Entry{Question: question, Similar: strings.Split(similar, "\n"), Category: Category(category), Intent: intent,
			Answers: []Answer{{Text: answer}, {Text: answer2}}}
		if when != "" {
			e.Answers[0].When = []OrderStatus{OrderStatus(when)}
		}
		if when2 != "" {
			e.Answers[1].When = []OrderStatus{OrderStatus(when2)}
		}
		for _, op := range strings.Split(ops, ",") {
			e.Operations = append(e.Operations, Operation(op))
		}
		checked, err := CheckEntries(1, []Entry{e, {Question: "另一个问题", Answers: []Answer{{Text: "好"}}, Category: CategoryOther}})
		if err != nil {
			var re *RowsError
			if !errors.As(err, &re) || len(re.Rows) == 0 || checked != nil {
				t.Fatalf("refused with %#v", err)
			}
			for _, r := range re.Rows {
				for _, p := range r.Problems {
					if !entryKeys[p.Key] || p.Field == "" || p.Detail == "" {
						t.Fatalf("row %d: problem %+v", r.Row, p)
					}
				}
			}
			return
		}
		c := checked[0]
		if problems := ValidateEntry(c); len(problems) > 0 {
			t.Fatalf("accepted %+v with problems %+v", c, problems)
		}
		if !reflect.DeepEqual(NormalizeEntry(c), c) {
			t.Fatalf("accepted %+v, not normalised", c)
		}
		texts := append([]string{c.Question}, c.Similar...)
		for _, a := range c.Answers {
			texts = append(texts, a.Text)
		}
		for _, s := range texts {
			if s == "" || !utf8.ValidString(s) || HasControl(s, true) || strings.Contains(s, "\r") || s != strings.TrimSpace(s) {
				t.Fatalf("accepted the text %q", s)
			}
		}
		if again, err := CheckEntries(1, checked); err != nil || !reflect.DeepEqual(again, checked) {
			t.Fatalf("accepted %+v, then %+v %v", checked, again, err)
		}
	})
}

// plainAmount is an amount every reader must take.
var plainAmount = regexp.MustCompile(`^-?[0-9]{1,15}(\.[0-9]{0,2})?$`)

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"129.9", "30", "-5", ".5", "1.299e2", "1e999999", "1/2", "0x10", "1_000", "1.234", "9223372036854775807"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cents, ok := ParseAmount(s)
		if !ok {
			if plainAmount.MatchString(s) {
				t.Fatalf("%q refused", s)
			}
			return
		}
		// Written as the webhook writes amounts, it reads back the same.
		sign, abs := "", cents
		if cents < 0 {
			sign, abs = "-", -cents
		}
		if abs < 0 { // math.MinInt64
			return
		}
		back := fmt.Sprintf("%s%d.%02d", sign, abs/100, abs%100)
		if again, ok := ParseAmount(back); !ok || again != cents {
			t.Fatalf("%q: %d cents, written %q, read %d %v", s, cents, back, again, ok)
		}
	})
}
