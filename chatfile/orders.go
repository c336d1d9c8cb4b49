package chatfile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"replydesk/engine"
)

// orderColumns are the columns of an order file (CSV or xlsx), named as
// the webhook's order fields.
var orderColumns = []column{
	{name: "buyer_id", aliases: []string{"buyer", "买家id", "买家账号"}, required: true},
	{name: "buyer_name", aliases: []string{"name", "买家昵称", "昵称"}},
	{name: "id", aliases: []string{"order_id", "订单号"}, required: true},
	{name: "status", aliases: []string{"状态", "订单状态"}, required: true},
	{name: "amount", aliases: []string{"金额"}},
	{name: "currency", aliases: []string{"币种"}},
	{name: "items", aliases: []string{"商品"}},
	{name: "promise_ship_at", aliases: []string{"承诺发货时间"}},
	{name: "courier", aliases: []string{"快递公司"}},
	{name: "tracking_no", aliases: []string{"运单号"}},
	{name: "address", aliases: []string{"地址", "收货地址"}},
}

// ReadOrders reads the rows of an order file. CSV and xlsx have a header
// row naming the columns as the webhook names an order's fields: buyer_id,
// buyer_name, id, status, amount (yuan, at most 2 decimals), currency,
// items, promise_ship_at (RFC 3339 or local "2006-01-02 15:04:05"),
// courier, tracking_no, address. An items cell lists one item a line (or
// separated by ";"), "name*2" for two. JSON is an array of objects with
// those keys, items as [{"name", "sku", "quantity"}]. Values that cannot
// be converted are the rows' Problems; the rest is checked by
// engine.CheckOrderRows.
func ReadOrders(b []byte, f Format, loc *time.Location) ([]engine.OrderRow, error) {
	if err := checkSize(b); err != nil {
		return nil, err
	}
	if f == JSON {
		return readOrdersJSON(b, loc)
	}
	t, err := readTable(b, f, orderColumns, nil)
	if err != nil {
		return nil, err
	}
	out := make([]engine.OrderRow, len(t.rows))
	for i := range t.rows {
		r := engine.OrderRow{Row: t.nums[i], BuyerID: t.cell(i, "buyer_id"), BuyerName: t.cell(i, "buyer_name")}
		r.Order = engine.Order{ID: t.cell(i, "id"), Status: engine.OrderStatus(t.cell(i, "status")), Currency: t.cell(i, "currency"),
			Courier: t.cell(i, "courier"), TrackingNo: t.cell(i, "tracking_no"), Address: t.cell(i, "address")}
		r.Order.AmountCents, r.Problems = amount(t.cell(i, "amount"), r.Problems)
		r.Order.PromiseShipAt, r.Problems = promise(t.cell(i, "promise_ship_at"), loc, r.Problems)
		r.Order.Items, r.Problems = items(t.cell(i, "items"), r.Problems)
		out[i] = r
	}
	return out, nil
}

type jsonOrder struct {
	BuyerID   flexString `json:"buyer_id"`
	BuyerName flexString `json:"buyer_name"`
	ID        flexString `json:"id"`
	Status    string     `json:"status"`
	Amount    flexString `json:"amount"`
	Currency  string     `json:"currency"`
	Items     []struct {
		Name     string `json:"name"`
		SKU      string `json:"sku"`
		Quantity *int   `json:"quantity"`
	} `json:"items"`
	PromiseShipAt string `json:"promise_ship_at"`
	Courier       string `json:"courier"`
	TrackingNo    string `json:"tracking_no"`
	Address       string `json:"address"`
}

func readOrdersJSON(b []byte, loc *time.Location) ([]engine.OrderRow, error) {
	b = bytes.TrimPrefix(b, []byte{0xEF, 0xBB, 0xBF})
	trimmed := bytes.TrimSpace(b)
	if len(trimmed) == 0 {
		return nil, fileErr("history_file_empty", "the file is empty")
	}
	var raws []json.RawMessage
	if trimmed[0] == '{' {
		var wrap struct {
			Orders []json.RawMessage `json:"orders"`
		}
		if err := json.Unmarshal(b, &wrap); err != nil {
			return nil, jsonErr(b, err)
		}
		raws = wrap.Orders
	} else if err := json.Unmarshal(b, &raws); err != nil {
		return nil, jsonErr(b, err)
	}
	out := make([]engine.OrderRow, len(raws))
	for i, raw := range raws {
		r := engine.OrderRow{Row: i + 1}
		var o jsonOrder
		if err := strictJSON(raw, &o); err != nil {
			r.Problems = append(r.Problems, engine.FieldError{Key: "history_bad_row", Detail: "the row " + err.Error()})
			out[i] = r
			continue
		}
		r.BuyerID, r.BuyerName = string(o.BuyerID), string(o.BuyerName)
		r.Order = engine.Order{ID: string(o.ID), Status: engine.OrderStatus(o.Status), Currency: o.Currency,
			Courier: o.Courier, TrackingNo: o.TrackingNo, Address: o.Address, Items: []engine.OrderItem{}}
		r.Order.AmountCents, r.Problems = amount(string(o.Amount), r.Problems)
		r.Order.PromiseShipAt, r.Problems = promise(o.PromiseShipAt, loc, r.Problems)
		for _, it := range o.Items {
			q := 1
			if it.Quantity != nil {
				q = *it.Quantity
			}
			r.Order.Items = append(r.Order.Items, engine.OrderItem{Name: it.Name, SKU: it.SKU, Quantity: q})
		}
		out[i] = r
	}
	return out, nil
}

func amount(s string, problems []engine.FieldError) (int64, []engine.FieldError) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, problems
	}
	cents, ok := engine.ParseAmount(s)
	if !ok {
		return 0, append(problems, engine.FieldError{Field: "amount", Key: "order_bad_amount",
			Detail: fmt.Sprintf("%q is not an amount with at most 2 decimals", strings.ToValidUTF8(s, "?"))})
	}
	return cents, problems
}

func promise(s string, loc *time.Location, problems []engine.FieldError) (time.Time, []engine.FieldError) {
	if strings.TrimSpace(s) == "" {
		return time.Time{}, problems
	}
	t, ok := engine.ParseChatTime(s, loc)
	if !ok {
		return time.Time{}, append(problems, engine.FieldError{Field: "promise_ship_at", Key: "order_bad_time",
			Detail: fmt.Sprintf("%q is not a time such as 2026-11-21 18:00:00", strings.ToValidUTF8(s, "?"))})
	}
	return t, problems
}

// itemQuantity finds "*2", "×2" or " x2" at the end of an item.
var itemQuantity = regexp.MustCompile(`\s*[*×xX]\s*(\d+)\s*$`)

func items(s string, problems []engine.FieldError) ([]engine.OrderItem, []engine.FieldError) {
	out := []engine.OrderItem{}
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == ';' || r == '；' }) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		q := 1
		if m := itemQuantity.FindStringSubmatchIndex(part); m != nil {
			n, err := strconv.Atoi(part[m[2]:m[3]])
			if err != nil {
				n = 0
			}
			q, part = n, strings.TrimSpace(part[:m[0]])
		}
		out = append(out, engine.OrderItem{Name: part, Quantity: q})
	}
	return out, problems
}
