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
    defaultName: "体验买家",
  },
  en: {
    title: "Buyer simulator", shop: "Shop", name: "My name", send: "Send", other: "中文",
    placeholder: "Type a message, Enter to send, Shift+Enter for a new line",
    empty: "Send the shop a message; the agent sees it in ReplyDesk.",
    you: "Me", seller: "Shop", live: "Connected", offline: "Disconnected, reconnecting…",
    err_network: "Not sent: ReplyDesk cannot be reached",
    message_empty: "The message is empty", message_too_long: "The message is too long: at most 4,000 characters",
    message_not_utf8: "The message is not valid UTF-8 text", shop_not_found: "There is no such shop",
    defaultName: "Trial buyer",
  },
};

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
let lang = params.get("lang") || localStorage.getItem("replydesk.sim.lang") || "zh-CN";
if (!T[lang]) lang = "zh-CN";
const t = (k) => T[lang][k] || k;

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
}

function showError(text) {
  $("error").textContent = text;
  $("error").hidden = !text;
}

function addMessage(m) {
  if (shown.has(m.id)) return;
  shown.add(m.id);
  const mine = m.sender === "buyer";
  const li = document.createElement("li");
  li.className = mine ? "mine" : "shop";
  li.dataset.testid = "sim-message";
  li.dataset.sender = m.sender;
  const who = document.createElement("span");
  who.className = "who";
  if (mine) who.dataset.mine = "1";
  who.textContent = mine ? t("you") : t("seller");
  const text = document.createElement("span");
  text.className = "text";
  text.textContent = m.text;
  li.append(who, text);
  $("log").append(li);
  $("empty").hidden = true;
  li.scrollIntoView({ block: "end" });
}

function shop() { return $("shop").value; }

async function loadHistory() {
  $("log").replaceChildren();
  shown.clear();
  $("empty").hidden = false;
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

async function send(ev) {
  ev.preventDefault();
  const text = $("text").value;
  $("send").disabled = true;
  try {
    const r = await fetch("api/messages", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ shop: Number(shop()), buyer, name: $("name").value.trim(), text }),
    });
    const body = await r.json();
    if (!r.ok) {
      showError(T[lang][body.error.key] || body.error.message);
      return;
    }
    showError("");
    $("text").value = "";
    addMessage(body);
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
  });
  await loadHistory();
  connect();
}

start();
