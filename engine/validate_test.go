package engine

import (
	"errors"
	"slices"
	"testing"
	"time"
)

// controls are the characters of every kind the text rule refuses: C0, DEL
// and C1 controls, and noncharacters.
var controls = []string{"\x00", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\u0085", "\u009b", "\u009f",
	"\ufdd0", "\ufdef", "\ufffe", "\uffff", "\U0001fffe", "\U0010ffff"}

func TestValidateTextRefusesControlCharacters_CV7b(t *testing.T) {
	if _, err := ValidateText("a\u0000b\u0007c"); !hasKey(err, "message_control_character") {
		t.Fatalf("a\\u0000b\\u0007c: %v", err)
	}
	for _, c := range controls {
		if _, err := ValidateText("在吗" + c + "？"); !hasKey(err, "message_control_character") {
			t.Errorf("%q: %v", c, err)
		}
	}
	for in, want := range map[string]string{
		"第一行\n第二行\t完":              "第一行\n第二行\t完",
		"windows\r\nline":          "windows\nline",
		"old mac\rline":            "old mac\nline",
		"家庭 👨‍👩‍👧 ❤️":              "家庭 👨‍👩‍👧 ❤️",              // joiners and variation selectors are not controls
		"\ufffd\ufdcf\ufdf0\ufffc": "\ufffd\ufdcf\ufdf0\ufffc", // nor the neighbours of noncharacters
	} {
		got, err := ValidateText(in)
		if err != nil || got != want {
			t.Errorf("%q: got %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ValidateText("\r\n\t "); !hasKey(err, "message_empty") {
		t.Errorf("blank: %v", err)
	}
}

// TestTextRuleIsTheSameEverywhere checks that every place text enters
// applies HasControl's rule alike: a text that may span lines keeps "\n"
// and "\t" and refuses other controls; a one-line value refuses all.
func TestTextRuleIsTheSameEverywhere_CV7(t *testing.T) {
	type place struct {
		name  string
		lines bool
		key   string
		check func(s string) error
	}
	entry := func(mod func(e *Entry, s string)) func(string) error {
		return func(s string) error {
			e := Entry{Question: "发货", Answers: []Answer{{Text: "好的"}}, Category: CategoryOrder}
			mod(&e, s)
			_, err := CheckEntry(e)
			return err
		}
	}
	order := func(mod func(o *Order, s string)) func(string) error {
		return func(s string) error {
			o := Order{ID: "DY-1", Status: OrderPaid, Items: []OrderItem{{Name: "T恤", Quantity: 1}}}
			mod(&o, s)
			_, err := CheckOrders([]Order{o})
			return err
		}
	}
	chat := func(mod func(r *ChatRow, s string)) func(string) error {
		return func(s string) error {
			r := ChatRow{Row: 2, BuyerID: "b1", Sender: "buyer", Text: "在吗", Time: "2026-11-21 10:00:00"}
			mod(&r, s)
			_, err := CheckChats([]ChatRow{r}, time.UTC)
			return err
		}
	}
	places := []place{
		{"message", true, "message_control_character", func(s string) error { _, err := ValidateText(s); return err }},
		{"kb question", true, "kb_control_character", entry(func(e *Entry, s string) { e.Question = s })},
		{"kb similar", true, "kb_control_character", entry(func(e *Entry, s string) { e.Similar = []string{s} })},
		{"kb answer", true, "kb_control_character", entry(func(e *Entry, s string) { e.Answers[0].Text = s })},
		{"phrase text", true, "phrase_control_character", func(s string) error {
			return fieldErrs(ValidatePhrase(NormalizePhrase(QuickPhrase{Text: s})))
		}},
		{"phrase group", false, "phrase_control_character", func(s string) error {
			return fieldErrs(ValidatePhrase(NormalizePhrase(QuickPhrase{Text: "好的", Group: s})))
		}},
		{"buyer note", true, "buyer_control_character", func(s string) error { _, err := CheckBuyerNotes(BuyerNotes{Note: s}); return err }},
		{"buyer tag", false, "buyer_control_character", func(s string) error { _, err := CheckBuyerNotes(BuyerNotes{Tags: []string{s}}); return err }},
		{"buyer id", false, "buyer_invalid", func(s string) error { return CheckBuyerIdentity(s, "") }},
		{"buyer name", false, "name_invalid", func(s string) error { return CheckBuyerIdentity("b1", s) }},
		{"agent name", false, "agent_name_control_character", func(s string) error { _, err := Agent{Name: s}.normalize(); return err }},
		{"synonym", false, "kb_control_character", func(s string) error { _, err := CheckSynonyms([][]string{{"顺丰", s}}); return err }},
		{"order address", true, "order_control_character", order(func(o *Order, s string) { o.Address = s })},
		{"order id", false, "order_control_character", order(func(o *Order, s string) { o.ID = s })},
		{"order item", false, "order_control_character", order(func(o *Order, s string) { o.Items[0].Name = s })},
		{"order courier", false, "order_control_character", order(func(o *Order, s string) { o.Courier = s })},
		{"chat text", true, "message_control_character", chat(func(r *ChatRow, s string) { r.Text = s })},
		{"chat buyer", false, "history_control_character", chat(func(r *ChatRow, s string) { r.BuyerID = s })},
		{"chat session", false, "history_control_character", chat(func(r *ChatRow, s string) { r.Session = s })},
	}
	for _, p := range places {
		t.Run(p.name, func(t *testing.T) {
			for _, c := range controls {
				if err := p.check("前" + c + "后"); !hasKey(err, p.key) {
					t.Errorf("%q: %v, want %s", c, err, p.key)
				}
			}
			for _, c := range []string{"\n", "\t", "\r\n", "\r"} {
				err := p.check("前" + c + "后")
				switch {
				case p.lines && err != nil:
					t.Errorf("%q refused in a text that may span lines: %v", c, err)
				case !p.lines && !hasKey(err, p.key):
					t.Errorf("%q in a one-line value: %v, want %s", c, err, p.key)
				}
			}
			if err := p.check("前 👍🏽 后"); err != nil {
				t.Errorf("plain text refused: %v", err)
			}
		})
	}
}

func TestTextsThatMaySpanLinesAreStoredWithNewLines_CV7(t *testing.T) {
	e, err := CheckEntry(Entry{Question: "a\r\nb", Similar: []string{"c\rd"}, Answers: []Answer{{Text: "e\r\nf"}}, Category: CategoryOrder})
	if err != nil || e.Question != "a\nb" || e.Similar[0] != "c\nd" || e.Answers[0].Text != "e\nf" {
		t.Errorf("entry: %+v %v", e, err)
	}
	if n, err := CheckBuyerNotes(BuyerNotes{Note: "a\r\nb"}); err != nil || n.Note != "a\nb" {
		t.Errorf("note: %+v %v", n, err)
	}
	if p := NormalizePhrase(QuickPhrase{Text: "a\rb"}); p.Text != "a\nb" {
		t.Errorf("phrase: %q", p.Text)
	}
	if os, err := CheckOrders([]Order{{ID: "1", Status: OrderPaid, Address: "a\r\nb"}}); err != nil || os[0].Address != "a\nb" {
		t.Errorf("order: %+v %v", os, err)
	}
	convs, err := CheckChats([]ChatRow{{Row: 2, BuyerID: "b", Sender: "buyer", Text: "a\r\nb", Time: "2026-11-21 10:00:00"}}, time.UTC)
	if err != nil || convs[0].Messages[0].Text != "a\nb" {
		t.Errorf("chat: %+v %v", convs, err)
	}
}

// hasKey reports whether err is, or lists, a problem with key.
func hasKey(err error, key string) bool {
	var ie *InputError
	var ee *EntryError
	var oe *OrdersError
	var re *ImportRowsError
	var fe fieldErrors
	switch {
	case errors.As(err, &ie):
		return ie.Key == key
	case errors.As(err, &ee):
		return slices.ContainsFunc(ee.Problems, func(p FieldError) bool { return p.Key == key })
	case errors.As(err, &oe):
		for _, r := range oe.Rows {
			if slices.ContainsFunc(r.Problems, func(p FieldError) bool { return p.Key == key }) {
				return true
			}
		}
	case errors.As(err, &re):
		for _, r := range re.Rows {
			if slices.ContainsFunc(r.Problems, func(p FieldError) bool { return p.Key == key }) {
				return true
			}
		}
	case errors.As(err, &fe):
		return slices.ContainsFunc(fe, func(p FieldError) bool { return p.Key == key })
	}
	return false
}

type fieldErrors []FieldError

func (f fieldErrors) Error() string { return "field errors" }

func fieldErrs(fe []FieldError) error {
	if len(fe) == 0 {
		return nil
	}
	return fieldErrors(fe)
}
