// The simulated buyer's cards and orders (CV-7a). Loaded before app.js,
// whose t(), lang, $, buyer, shop() and post() these functions use when
// called. Every text from the server goes on the page with textContent.
"use strict";

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function money(cents, currency) {
  try {
    return new Intl.NumberFormat(lang, { style: "currency", currency: currency || "CNY" }).format(cents / 100);
  } catch {
    return (cents / 100).toFixed(2);
  }
}

function when(iso) {
  const at = Date.parse(iso || "");
  if (!iso || iso.startsWith("0001-") || Number.isNaN(at)) return "";
  return new Intl.DateTimeFormat(lang, { month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);
}

function statusText(s) { return T[lang]["st_" + s] || s; }

function itemsText(items) {
  return (items || []).map((it) => `${it.name} ${t("qty", { n: it.quantity })}`).join(lang === "en" ? ", " : "、");
}

function row(label, value, testid) {
  const r = el("div", "card-row");
  r.append(el("span", "card-label", label), el("span", "card-value", value));
  if (testid) r.dataset.testid = testid;
  return r;
}

// What the buyer did with a coupon or an address card is kept in this
// browser only: claiming and confirming are played, not sent.
const doneKey = (m) => `replydesk.sim.done.${shop()}.${buyer}.${m.id}`;

function actionButton(m, label, doneLabel, testid) {
  const b = el("button", "card-action", localStorage.getItem(doneKey(m)) ? t(doneLabel) : t(label));
  b.type = "button";
  b.dataset.testid = testid;
  b.disabled = !!localStorage.getItem(doneKey(m));
  b.addEventListener("click", () => {
    localStorage.setItem(doneKey(m), "1");
    b.textContent = t(doneLabel);
    b.disabled = true;
  });
  return b;
}

// The order-prediction card (SA-2): the buyer's open orders, the likeliest
// first. 「是这个订单」 confirms the first, 「选其他订单」 shows the others to
// pick from; either sends that order as the buyer's order card. The choice
// is remembered in this browser so the buttons stay spent.
function candidateRow(o, first) {
  const li = el("li", "candidate" + (first ? " candidate-first" : ""));
  li.dataset.testid = "sim-candidate";
  li.dataset.orderId = o.id;
  const head = el("div", "order-head");
  head.append(el("span", "order-id", o.id), el("span", "order-status", statusText(o.status)));
  li.append(head);
  const items = itemsText(o.items);
  if (items) li.append(el("div", "card-items", items));
  return li;
}

function renderPrediction(m, box) {
  const list = Array.isArray(m.payload.candidates) ? m.payload.candidates.filter((o) => o && o.id) : [];
  if (list.length === 0) return null;
  const chosen = localStorage.getItem(doneKey(m)) || "";
  box.append(el("div", "card-muted", t("predict_hint")));
  const buttons = [];
  const choose = async (o, button) => {
    buttons.forEach((b) => { b.disabled = true; });
    try {
      if (await post({ type: "order_card", order: o.id })) {
        localStorage.setItem(doneKey(m), o.id);
        button.textContent = t("predict_chosen");
        return;
      }
    } catch {
      showError(t("err_network"));
    }
    buttons.forEach((b) => { b.disabled = false; });
  };
  const button = (o, label, testid) => {
    const b = el("button", "card-action", chosen === o.id ? t("predict_chosen") : t(label));
    b.type = "button";
    b.dataset.testid = testid;
    b.disabled = chosen !== "";
    b.addEventListener("click", () => choose(o, b));
    buttons.push(b);
    return b;
  };
  const first = el("ol", "candidates");
  const top = candidateRow(list[0], true);
  top.append(button(list[0], "predict_confirm", "sim-confirm-order"));
  first.append(top);
  box.append(first);
  if (list.length > 1) {
    const others = el("ol", "candidates");
    others.dataset.testid = "sim-other-orders";
    const picked = list.slice(1).some((o) => o.id === chosen);
    others.hidden = !picked;
    for (const o of list.slice(1)) {
      const li = candidateRow(o, false);
      li.append(button(o, "predict_pick", "sim-pick-order"));
      others.append(li);
    }
    const toggle = el("button", "card-link", t("predict_others", { n: list.length - 1 }));
    toggle.type = "button";
    toggle.dataset.testid = "sim-show-other-orders";
    toggle.setAttribute("aria-expanded", String(!others.hidden));
    toggle.addEventListener("click", () => {
      others.hidden = !others.hidden;
      toggle.setAttribute("aria-expanded", String(!others.hidden));
    });
    box.append(toggle, others);
  }
  return box;
}

// renderCard draws a card message, or returns null when its payload is not
// a card this page knows (then its text is shown).
function renderCard(m) {
  const c = m.payload;
  if (!c || typeof c !== "object") return null;
  const box = el("div", "card");
  box.dataset.testid = "sim-card";
  box.dataset.kind = c.kind;
  box.append(el("div", "card-title", t("card_" + c.kind)));
  const o = c.order;
  switch (c.kind) {
    case "order_card":
      if (!o) return null;
      box.append(row("#", o.id, "sim-card-order"), el("div", "card-items", itemsText(o.items)),
        row(t("total"), money(o.amountCents, o.currency)), row(t("status"), statusText(o.status), "sim-card-status"));
      if (o.promiseShipAt && (o.status === "paid" || o.status === "overdue")) box.append(row(t("shipBy"), when(o.promiseShipAt)));
      return box;
    case "logistics_card":
      if (!o) return null;
      box.append(row("#", o.id), row(t("courier"), o.courier), row(t("tracking"), o.trackingNo, "sim-card-tracking"),
        row(t("status"), statusText(o.status), "sim-card-status"));
      return box;
    case "coupon_card": {
      const cp = c.coupon;
      if (!cp) return null;
      box.append(el("div", "card-big", money(cp.amountOffCents, cp.currency)),
        el("div", "card-items", cp.minSpendCents > 0 ? t("couponMin", { min: money(cp.minSpendCents, cp.currency) }) : t("couponAny")));
      const until = when(cp.expiresAt);
      if (until) box.append(el("div", "card-muted", t("couponUntil", { time: until })));
      box.append(actionButton(m, "claim", "claimed", "sim-coupon-claim"));
      return box;
    }
    case "order_prediction_card":
      return renderPrediction(m, box);
    case "address_card": {
      const a = c.address;
      if (!a) return null;
      box.append(row("#", a.orderId), el("div", "card-items", a.text), actionButton(m, "confirm", "confirmed", "sim-address-confirm"));
      return box;
    }
  }
  return null;
}

// The order list.
let orders = null;
let ordersFailed = false;

function toggleOrders() {
  const panel = $("orders");
  panel.hidden = !panel.hidden;
  $("orders-toggle").setAttribute("aria-expanded", String(!panel.hidden));
  if (!panel.hidden) loadOrders();
}

async function loadOrders() {
  try {
    const r = await fetch(`api/orders?shop=${encodeURIComponent(shop())}&buyer=${encodeURIComponent(buyer)}&name=${encodeURIComponent($("name").value.trim())}`);
    ordersFailed = !r.ok;
    orders = r.ok ? await r.json() : null;
  } catch {
    ordersFailed = true;
  }
  renderOrders();
}

async function newOrder() {
  $("new-order").disabled = true;
  try {
    const r = await fetch("api/orders", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ shop: Number(shop()), buyer, name: $("name").value.trim() }),
    });
    ordersFailed = !r.ok;
    if (r.ok) orders = await r.json();
  } catch {
    ordersFailed = true;
  } finally {
    $("new-order").disabled = false;
  }
  renderOrders();
}

async function askAbout(o, button) {
  button.disabled = true;
  try {
    if (await post({ type: "order_card", order: o.id })) toggleOrders();
  } catch {
    showError(t("err_network"));
  } finally {
    button.disabled = false;
  }
}

function renderOrders() {
  const list = $("order-list");
  if (!list) return;
  list.replaceChildren();
  $("orders-error").hidden = !ordersFailed;
  $("orders-error").textContent = t("ordersError");
  $("orders-empty").hidden = ordersFailed || orders === null || orders.length > 0;
  for (const o of orders || []) {
    const li = el("li", "order");
    li.dataset.testid = "sim-order";
    li.dataset.orderId = o.id;
    const head = el("div", "order-head");
    head.append(el("span", "order-id", o.id), el("span", "order-status", statusText(o.status)));
    li.append(head, el("div", "card-items", itemsText(o.items)));
    const facts = [money(o.amountCents, o.currency)];
    if (o.trackingNo) facts.push(`${o.courier} ${o.trackingNo}`);
    else if (o.promiseShipAt) facts.push(`${t("shipBy")} ${when(o.promiseShipAt)}`);
    li.append(el("div", "card-muted", facts.join(" · ")));
    const ask = el("button", "card-action", t("ask"));
    ask.type = "button";
    ask.dataset.testid = "sim-ask-order";
    ask.addEventListener("click", () => askAbout(o, ask));
    li.append(ask);
    list.append(li);
  }
}
