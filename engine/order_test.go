package engine

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestCheckOrdersNormalisesAndNamesEveryProblem_CV7b(t *testing.T) {
	good := Order{ID: " DY-1 ", Status: "paid", Currency: "cny", AmountCents: 100,
		Items: []OrderItem{{Name: " T恤 ", Quantity: 1}}, PromiseShipAt: time.Date(2025, 6, 19, 18, 0, 0, 0, time.FixedZone("CST", 8*3600))}
	out, err := CheckOrders([]Order{good})
	if err != nil || out[0].ID != "DY-1" || out[0].Currency != "CNY" || out[0].Items[0].Name != "T恤" || out[0].PromiseShipAt.Location() != time.UTC {
		t.Fatalf("%+v %v", out, err)
	}
	cases := []struct {
		name  string
		order Order
		field string
		key   string
	}{
		{"no id", Order{Status: "paid"}, "id", "order_id_missing"},
		{"long id", Order{ID: strings.Repeat("x", MaxOrderIDRunes+1), Status: "paid"}, "id", "order_too_long"},
		{"control character", Order{ID: "a\tb", Status: "paid"}, "id", "order_control_character"},
		{"no status", Order{ID: "1"}, "status", "order_status_missing"},
		{"unknown status", Order{ID: "1", Status: "lost"}, "status", "order_unknown_status"},
		{"negative amount", Order{ID: "1", Status: "paid", AmountCents: -1}, "amount", "order_bad_amount"},
		{"huge amount", Order{ID: "1", Status: "paid", AmountCents: MaxAmountCents + 1}, "amount", "order_bad_amount"},
		{"bad currency", Order{ID: "1", Status: "paid", Currency: "yuan"}, "currency", "order_bad_currency"},
		{"item without name", Order{ID: "1", Status: "paid", Items: []OrderItem{{Quantity: 1}}}, "items[0].name", "order_item_name_missing"},
		{"zero quantity", Order{ID: "1", Status: "paid", Items: []OrderItem{{Name: "a"}}}, "items[0].quantity", "order_bad_quantity"},
		{"too many items", Order{ID: "1", Status: "paid", Items: make([]OrderItem, MaxOrderItems+1)}, "items", "order_too_many_items"},
		{"long address", Order{ID: "1", Status: "paid", Address: strings.Repeat("址", MaxAddressRunes+1)}, "address", "order_too_long"},
		{"long tracking number", Order{ID: "1", Status: "paid", TrackingNo: strings.Repeat("9", MaxTrackingRunes+1)}, "tracking_no", "order_too_long"},
		{"not utf-8", Order{ID: "1", Status: "paid", Courier: "\xff"}, "courier", "order_not_utf8"},
		// A zone's offset carries these out of the four-digit years the
		// database keeps.
		{"after the year 9999", Order{ID: "1", Status: "paid", PromiseShipAt: time.Date(9999, 12, 31, 23, 59, 59, 0, time.FixedZone("", -23*3600))}, "promise_ship_at", "order_bad_time"},
		{"before 1970", Order{ID: "1", Status: "paid", PromiseShipAt: time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC)}, "promise_ship_at", "order_bad_time"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := CheckOrders([]Order{good, tc.order})
			var oe *OrdersError
			if !errors.As(err, &oe) || len(oe.Rows) != 1 || oe.Rows[0].Row != 2 {
				t.Fatalf("%v", err)
			}
			for _, p := range oe.Rows[0].Problems {
				if p.Field == tc.field && p.Key == tc.key && p.Detail != "" {
					return
				}
			}
			t.Fatalf("%+v lacks %s %s", oe.Rows[0].Problems, tc.field, tc.key)
		})
	}
}

func TestCheckOrdersRefusesRepeatedNumbersAndBadBatches_CV7b(t *testing.T) {
	_, err := CheckOrders([]Order{{ID: "1", Status: "paid"}, {ID: "2", Status: "paid"}, {ID: " 1", Status: "shipped"}})
	var oe *OrdersError
	if !errors.As(err, &oe) || len(oe.Rows) != 1 || oe.Rows[0].Row != 3 || oe.Rows[0].Problems[0].Key != "order_duplicate_id" {
		t.Fatalf("%v", err)
	}
	var ie *InputError
	if _, err := CheckOrders(nil); !errors.As(err, &ie) || ie.Key != "orders_missing" {
		t.Fatalf("%v", err)
	}
	many := make([]Order, MaxOrdersAtOnce+1)
	for i := range many {
		many[i] = Order{ID: fmt.Sprint(i), Status: OrderPaid}
	}
	if _, err := CheckOrders(many); !errors.As(err, &ie) || ie.Key != "orders_too_many" {
		t.Fatalf("%v", err)
	}
}

func TestOrdersErrorKeepsRowsInOrder_CV7b(t *testing.T) {
	e := &OrdersError{}
	e.Add(3, "c", FieldError{Field: "id"})
	e.Add(1, "a", FieldError{Field: "id"})
	e.Add(3, "c", FieldError{Field: "status"})
	if len(e.Rows) != 2 || e.Rows[0].Row != 1 || e.Rows[1].Row != 3 || len(e.Rows[1].Problems) != 2 || e.Error() != "2 orders are invalid; nothing was changed" {
		t.Fatalf("%+v %s", e.Rows, e.Error())
	}
}

func TestMessageKeyTravelsInTheContext_CV7b(t *testing.T) {
	ctx := t.Context()
	if MessageKeyFrom(ctx) != nil {
		t.Fatal("a key from nowhere")
	}
	k := &MessageKey{ID: "x"}
	got := MessageKeyFrom(WithMessageKey(ctx, k))
	if got != k || got.Recorded() {
		t.Fatal(got)
	}
	got.MarkRecorded()
	if !k.Recorded() {
		t.Fatal("not recorded")
	}
}

func TestParseAmountReadsDecimalsOnly_CV7b(t *testing.T) {
	for in, want := range map[string]int64{"129.9": 12990, "30": 3000, "0.01": 1, "-5": -500, ".5": 50, "5.": 500,
		"1.299e2": 12990, "1E+02": 10000, "010": 1000, "+7": 700} {
		if got, ok := ParseAmount(in); !ok || got != want {
			t.Errorf("%q: %d %v, want %d", in, got, ok, want)
		}
	}
	// Not amounts: more than two decimals, not decimal notation, beyond
	// int64, and exponents that would take math/big a tenth of a second
	// each (a webhook batch of them took seconds).
	for _, in := range []string{"", "1.234", "1/2", "0x10", "0b11", "1_000", "1,000", " 5", "Inf", "NaN", "1e999999",
		"1e-999999", "1e100", "99999999999999999999", "1e", strings.Repeat("9", 65)} {
		if got, ok := ParseAmount(in); ok {
			t.Errorf("%q: read as %d", in, got)
		}
	}
}
