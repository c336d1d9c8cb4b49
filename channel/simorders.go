package channel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math/rand/v2"
	"net/http"
	"time"
	"unicode/utf8"

	"replydesk/engine"
)

// The simulated buyer's orders. The simulator is a demo and training tool
// (CV-7a): so that a trainee can ask about an order, a simulated buyer who
// has none is given a few made-up orders in typical states, and can place
// more. Real buyers' orders come from the webhook or file imports.

// demoAddress is where the made-up orders go.
const demoAddress = "浙江省杭州市西湖区文三路 398 号 3 幢 501 室"

// demoCatalog is what the made-up orders buy.
var demoCatalog = []struct {
	name, sku string
	cents     int64
}{
	{"纯棉短袖T恤 白色 L", "TS-WHT-L", 6490},
	{"帆布托特包 米色", "BAG-CVS-BG", 5900},
	{"不锈钢保温杯 500ml 黑色", "CUP-500-BK", 8900},
	{"无线蓝牙耳机 降噪版", "EAR-ANC-01", 19900},
	{"加厚珊瑚绒睡衣套装 M", "PJ-CRL-M", 12800},
	{"儿童防晒帽 粉色", "HAT-KID-PK", 3900},
}

// demoOrders returns the orders a new simulated buyer starts with: one paid
// and waiting to ship (promised in 2 days), one shipped, one delivered. Their
// numbers come from the shop and buyer, so seeding twice changes nothing.
func demoOrders(shopID int64, buyer string, now time.Time) []engine.Order {
	h := fnv.New64a()
	fmt.Fprintf(h, "%d/%s", shopID, buyer)
	base := h.Sum64() % 1e16
	id := func(i int) string { return fmt.Sprintf("69%016d%d", base, i) }
	item := func(i, q int) (engine.OrderItem, int64) {
		p := demoCatalog[i]
		return engine.OrderItem{Name: p.name, SKU: p.sku, Quantity: q}, p.cents * int64(q)
	}
	tee, teeCents := item(0, 2)
	bag, bagCents := item(1, 1)
	cup, cupCents := item(2, 1)
	return []engine.Order{
		{ID: id(1), Status: engine.OrderDelivered, AmountCents: cupCents, Currency: "CNY", Items: []engine.OrderItem{cup},
			Courier: "顺丰速运", TrackingNo: fmt.Sprintf("SF%013d", base%1e13), Address: demoAddress},
		{ID: id(2), Status: engine.OrderShipped, AmountCents: bagCents, Currency: "CNY", Items: []engine.OrderItem{bag},
			Courier: "中通快递", TrackingNo: fmt.Sprintf("7531%010d", base%1e10), Address: demoAddress},
		{ID: id(3), Status: engine.OrderPaid, AmountCents: teeCents, Currency: "CNY", Items: []engine.OrderItem{tee},
			PromiseShipAt: now.Add(48 * time.Hour).Truncate(time.Hour), Address: demoAddress},
	}
}

// newDemoOrder returns a made-up order just paid, promised to ship in 2 days.
func newDemoOrder(now time.Time) engine.Order {
	p := demoCatalog[rand.IntN(len(demoCatalog))]
	q := 1 + rand.IntN(2)
	return engine.Order{ID: fmt.Sprintf("69%017d", rand.Int64N(1e17)), Status: engine.OrderPaid,
		AmountCents: p.cents * int64(q), Currency: "CNY",
		Items:         []engine.OrderItem{{Name: p.name, SKU: p.sku, Quantity: q}},
		PromiseShipAt: now.Add(48 * time.Hour).Truncate(time.Hour), Address: demoAddress}
}

// okName returns a nickname to keep, or "" for one the webhook would refuse
// (engine.CheckBuyerIdentity).
func okName(name string) string {
	if engine.CheckBuyerIdentity("b", name) != nil {
		return ""
	}
	return name
}

// buyerOrders returns the simulated buyer's orders, latest changed first,
// after giving a buyer who has none its demo orders (demoOrders), named
// name when it is new. A buyer with orders gets nothing more, so the page's
// orders list and the buyer's first message (post) may both call it.
// ErrNotFound when the shop does not exist.
func (s *Simulator) buyerOrders(ctx context.Context, shop int64, buyer, name string) ([]engine.Order, error) {
	list, err := s.history.BuyerOrders(ctx, shop, buyer)
	if err != nil || len(list) > 0 {
		return list, err
	}
	now := time.Now()
	if _, err := s.history.UpsertOrders(ctx, shop, buyer, okName(name), demoOrders(shop, buyer, now), now); err != nil {
		return nil, err
	}
	return s.history.BuyerOrders(ctx, shop, buyer)
}

func (s *Simulator) orders(w http.ResponseWriter, r *http.Request) {
	shop, buyer, ok := buyerParams(r)
	if !ok {
		writeError(w, http.StatusBadRequest, "bad_request", "give shop and buyer")
		return
	}
	list, err := s.buyerOrders(r.Context(), shop, buyer, r.URL.Query().Get("name"))
	s.writeOrders(w, list, err)
}

type newOrderRequest struct {
	Shop  int64  `json:"shop"`
	Buyer string `json:"buyer"`
	Name  string `json:"name"`
}

func (s *Simulator) newOrder(w http.ResponseWriter, r *http.Request) {
	if !isJSON(r.Header.Get("Content-Type")) {
		writeError(w, http.StatusUnsupportedMediaType, "bad_content_type", "send the request as application/json")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 4<<10))
	if err != nil {
		writeError(w, http.StatusRequestEntityTooLarge, "bad_request", "the request is too large")
		return
	}
	var req newOrderRequest
	if !utf8.Valid(body) || json.Unmarshal(body, &req) != nil || engine.CheckBuyerIdentity(req.Buyer, "") != nil {
		writeError(w, http.StatusBadRequest, "bad_request", "the request is not the JSON object {shop, buyer, name}")
		return
	}
	now := time.Now()
	if _, err := s.history.UpsertOrders(r.Context(), req.Shop, req.Buyer, okName(req.Name), []engine.Order{newDemoOrder(now)}, now); err != nil {
		s.writeOrders(w, nil, err)
		return
	}
	list, err := s.history.BuyerOrders(r.Context(), req.Shop, req.Buyer)
	s.writeOrders(w, list, err)
}

func (s *Simulator) writeOrders(w http.ResponseWriter, list []engine.Order, err error) {
	switch {
	case err == nil:
		if list == nil {
			list = []engine.Order{}
		}
		writeJSON(w, http.StatusOK, list)
	case errors.Is(err, engine.ErrNotFound):
		writeError(w, http.StatusNotFound, "shop_not_found", "there is no such shop")
	default:
		s.log.Error("simulator: orders", "err", err)
		writeError(w, http.StatusInternalServerError, "internal", "the orders could not be read")
	}
}
