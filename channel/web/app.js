// The buyer simulator: plays one buyer of a shop. Every text from the server
// is put on the page with textContent, never as HTML.
"use strict";

const T = {
  "zh-CN": {
    title: "买家模拟器", shop: "店铺", name: "我的昵称", send: "发送", other: "English",
    placeholder: "输入消息,Enter 发送,Shift+Enter 换行",
    empty: "向店铺发送一条消息,客服会在回复台里看到它。",
    you: "我", seller: "客服", live: "已连接", offline: "连接中断,正在重连…",
    err_network: "发送失败:无法连接到回复台",
    message_empty: "消息不能为空", message_too_long: "消息太长了,最多 4000 个字",
    message_not_utf8: "消息不是有效的 UTF-8 文本", shop_not_found: "店铺不存在",
    message_control_character: "消息含有不可见的控制字符", name_invalid: "昵称最多 64 个字,且不能含有控制字符",
    defaultName: "体验买家",
    bot: "由聊天助手发送", orders: "我的订单", ordersEmpty: "还没有订单", ordersError: "订单加载失败",
    newOrder: "下一单", ask: "咨询此订单", hide: "收起",
    card_order_card: "订单", card_logistics_card: "物流", card_coupon_card: "店铺优惠券", card_address_card: "请核对收货地址",
    card_order_prediction_card: "您想咨询的是这个订单吗?", predict_hint: "我们猜您想问的是下面这笔订单",
    predict_confirm: "是这个订单", predict_others: "选其他订单({n})", predict_pick: "选这个", predict_chosen: "已选择",
    total: "实付", status: "状态", shipBy: "承诺发货", courier: "快递", tracking: "运单号",
    couponMin: "满 {min} 可用", couponAny: "无门槛", couponUntil: "有效期至 {time}",
    claim: "领取", claimed: "已领取", confirm: "确认", confirmed: "已确认", qty: "×{n}",
    st_unpaid: "待付款", st_paid: "待发货", st_overdue: "待发货", st_shipped: "运输中", st_delivered: "已签收", st_after_sales: "售后中",
    card_unknown_kind: "无法发送这种卡片", card_order_not_found: "没有找到这个订单", card_order_missing: "请选择订单",
    card_order_not_utf8: "订单号无效", bad_request: "请求无效",
    rateAsk: "解决你的问题了吗?", solved: "已解决", unsolved: "未解决", rateWhy: "哪里不满意?",
    reason_too_long: "太长不读", reason_not_useful: "答案没用", reason_irrelevant: "答非所问", reason_other: "其他",
    rateText: "还想说点什么(选填)", rateSubmit: "提交评价", rated: "已评价:{what}", quote: "“{text}”",
    sessionAsk: "为本次服务评分", sessionRated: "感谢评价:{score}/5", stars: "{n} 星",
    rating_target_not_found: "找不到要评价的回复", rating_reason_invalid: "请选择原因",
    rating_score_invalid: "评分是 1 到 5 星", rating_text_invalid: "评价最多 500 个字",
  },
  en: {
    title: "Buyer simulator", shop: "Shop", name: "My name", send: "Send", other: "中文",
    placeholder: "Type a message, Enter to send, Shift+Enter for a new line",
    empty: "Send the shop a message; the agent sees it in ReplyDesk.",
    you: "Me", seller: "Shop", live: "Connected", offline: "Disconnected, reconnecting…",
    err_network: "Not sent: ReplyDesk cannot be reached",
    message_empty: "The message is empty", message_too_long: "The message is too long: at most 4,000 characters",
    message_not_utf8: "The message is not valid UTF-8 text", shop_not_found: "There is no such shop",
    message_control_character: "The message holds an invisible control character", name_invalid: "The name must be at most 64 characters, without control characters",
    defaultName: "Trial buyer",
    bot: "Sent by the chat assistant", orders: "My orders", ordersEmpty: "No orders yet", ordersError: "The orders could not be loaded",
    newOrder: "Buy again", ask: "Ask about this order", hide: "Hide",
    card_order_card: "Order", card_logistics_card: "Shipping", card_coupon_card: "Shop coupon", card_address_card: "Please check the address",
    card_order_prediction_card: "Is this the order you mean?", predict_hint: "We think you are asking about this order",
    predict_confirm: "Yes, this order", predict_others: "Another order ({n})", predict_pick: "This one", predict_chosen: "Chosen",
    total: "Paid", status: "Status", shipBy: "Ships by", courier: "Courier", tracking: "Tracking no.",
    couponMin: "On orders of {min} or more", couponAny: "On any order", couponUntil: "Valid until {time}",
    claim: "Claim", claimed: "Claimed", confirm: "Confirm", confirmed: "Confirmed", qty: "×{n}",
    st_unpaid: "Awaiting payment", st_paid: "To be shipped", st_overdue: "To be shipped", st_shipped: "On its way", st_delivered: "Delivered", st_after_sales: "In after-sales",
    card_unknown_kind: "This card cannot be sent", card_order_not_found: "There is no such order", card_order_missing: "Choose an order",
    card_order_not_utf8: "The order number is not valid", bad_request: "The request is not valid",
    rateAsk: "Did this solve your problem?", solved: "Solved", unsolved: "Not solved", rateWhy: "What was wrong?",
    reason_too_long: "Too long", reason_not_useful: "Not useful", reason_irrelevant: "Irrelevant", reason_other: "Other",
    rateText: "Anything to add? (optional)", rateSubmit: "Send rating", rated: "Rated: {what}", quote: "\u201c{text}\u201d",
    sessionAsk: "Rate this conversation", sessionRated: "Thanks for rating: {score}/5", stars: "{n} stars",
    rating_target_not_found: "The reply rated was not found", rating_reason_invalid: "Choose a reason",
    rating_score_invalid: "A rating is 1 to 5 stars", rating_text_invalid: "At most 500 characters",
  },
};

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
let lang = params.get("lang") || localStorage.getItem("replydesk.sim.lang") || "zh-CN";
if (!T[lang]) lang = "zh-CN";
const t = (k, args) => (T[lang][k] || k).replace(/\{(\w+)\}/g, (_, a) => (args && a in args ? args[a] : ""));

// A buyer is known by an id kept in this browser; ?buyer= plays another one.
let buyer = params.get("buyer") || localStorage.getItem("replydesk.sim.buyer");
if (!buyer) {
  buyer = "sim-" + Math.random().toString(36).slice(2, 10);
  localStorage.setItem("replydesk.sim.buyer", buyer);
}
let stream = null;
const shown = new Set();

function applyLang() {
  document.documentElement.lang = lang;
  document.title = t("title") + " · ReplyDesk";
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = t(el.dataset.i18nPlaceholder);
  $("lang").textContent = t("other");
  if (!$("name").value || Object.values(T).some((x) => x.defaultName === $("name").value)) $("name").value = t("defaultName");
  for (const el of document.querySelectorAll(".log .who")) el.textContent = el.dataset.mine ? t("you") : t("seller");
  rerender();
}

function showError(text) {
  $("error").textContent = text;
  $("error").hidden = !text;
}

// Every message on the page, to draw again when the language changes.
const messages = [];

function addMessage(m) {
  // System messages are for agents only (the server never sends them).
  if (shown.has(m.id) || m.sender === "system") return;
  shown.add(m.id);
  messages.push(m);
  const li = document.createElement("li");
  fillMessage(li, m);
  $("log").append(li);
  $("empty").hidden = true;
  renderSessionRating();
  li.scrollIntoView({ block: "end" });
}

// fillMessage draws a message: who wrote it, then its text or its card.
// The buyer sees the robot's replies labelled (RB-4); replies auto-sent by
// assist carry no label (AS-6); greetings, away and fallback replies come
// from the shop like an agent's.
function fillMessage(li, m) {
  const mine = m.sender === "buyer";
  li.className = mine ? "mine" : "shop";
  li.dataset.testid = "sim-message";
  li.dataset.sender = m.sender;
  li.dataset.type = m.type || "text";
  const who = document.createElement("span");
  who.className = "who";
  if (mine) who.dataset.mine = "1";
  who.textContent = mine ? t("you") : t("seller");
  li.replaceChildren(who);
  if (m.sender === "robot") {
    const bot = document.createElement("span");
    bot.className = "bot";
    bot.dataset.testid = "sim-bot-label";
    bot.textContent = t("bot");
    li.append(bot);
  }
  const card = m.payload ? renderCard(m) : null;
  if (card) {
    li.classList.add("has-card");
    li.append(card);
  } else {
    const text = document.createElement("span");
    text.className = "text";
    text.textContent = m.text;
    li.append(text);
  }
  // The buyer rates each robot reply (RB-7; ratings.js).
  if (m.sender === "robot") li.append(rateControls(m));
}

function rerender() {
  const items = $("log").children;
  messages.forEach((m, i) => items[i] && fillMessage(items[i], m));
  renderSessionRating();
  renderOrders();
}

function shop() { return $("shop").value; }

async function loadHistory() {
  $("log").replaceChildren();
  shown.clear();
  messages.length = 0;
  $("empty").hidden = false;
  renderSessionRating();
  const r = await fetch(`api/history?shop=${encodeURIComponent(shop())}&buyer=${encodeURIComponent(buyer)}`);
  if (r.ok) (await r.json()).forEach(addMessage);
}

function connect() {
  if (stream) stream.close();
  stream = new EventSource(`api/events?shop=${encodeURIComponent(shop())}&buyer=${encodeURIComponent(buyer)}`);
  stream.addEventListener("open", () => { $("status").textContent = t("live"); $("status").dataset.state = "live"; });
  stream.addEventListener("error", () => { $("status").textContent = t("offline"); $("status").dataset.state = "offline"; });
  stream.addEventListener("message", (e) => addMessage(JSON.parse(e.data)));
}

// post sends a buyer message (text, or an order card) and shows it; it
// returns whether it was stored.
async function post(fields) {
  const r = await fetch("api/messages", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ shop: Number(shop()), buyer, name: $("name").value.trim(), ...fields }),
  });
  const body = await r.json();
  if (!r.ok) {
    showError(T[lang][body.error.key] || body.error.message);
    return false;
  }
  showError("");
  addMessage(body);
  return true;
}

async function send(ev) {
  ev.preventDefault();
  const text = $("text").value;
  $("send").disabled = true;
  try {
    if (await post({ text })) $("text").value = "";
  } catch {
    showError(t("err_network"));
  } finally {
    $("send").disabled = false;
    $("text").focus();
  }
}

async function start() {
  applyLang();
  const saved = params.get("name") || localStorage.getItem("replydesk.sim.name");
  if (saved) $("name").value = saved;
  $("name").addEventListener("change", () => localStorage.setItem("replydesk.sim.name", $("name").value.trim()));
  $("lang").addEventListener("click", () => {
    lang = lang === "en" ? "zh-CN" : "en";
    localStorage.setItem("replydesk.sim.lang", lang);
    applyLang();
  });
  $("form").addEventListener("submit", send);
  $("orders-toggle").addEventListener("click", toggleOrders);
  $("new-order").addEventListener("click", newOrder);
  $("text").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) send(e);
  });
  const shops = await (await fetch("api/shops")).json();
  for (const s of shops) {
    const o = document.createElement("option");
    o.value = s.id;
    o.textContent = s.name;
    $("shop").append(o);
  }
  const wanted = params.get("shop") || localStorage.getItem("replydesk.sim.shop");
  if (wanted && shops.some((s) => String(s.id) === wanted)) $("shop").value = wanted;
  $("shop").addEventListener("change", () => {
    localStorage.setItem("replydesk.sim.shop", shop());
    loadHistory();
    connect();
    if (!$("orders").hidden) loadOrders();
  });
  await loadHistory();
  connect();
}

start();
