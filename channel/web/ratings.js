// Ratings on the buyer simulator (RB-7): under each robot reply the buyer
// says whether it solved the problem (and if not, why, with optional words);
// at the end the buyer may rate the whole session 1–5. A rating given is
// shown in place of the buttons, and remembered in this browser (the
// history the page reads carries no ratings). Every text goes through t()
// and textContent.
"use strict";

const ratingReasons = ["too_long", "not_useful", "irrelevant", "other"];

function ratedKey(kind, id) { return `${shop()}:${buyer}:${kind}${id}`; }

function ratedStore() {
  try { return JSON.parse(localStorage.getItem("replydesk.sim.rated") || "{}"); } catch { return {}; }
}

function remember(key, value) {
  const all = ratedStore();
  all[key] = value;
  try { localStorage.setItem("replydesk.sim.rated", JSON.stringify(all)); } catch {}
}

function button(label, testid, onClick) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = label;
  b.dataset.testid = testid;
  b.addEventListener("click", onClick);
  return b;
}

async function postRating(body) {
  const r = await fetch("api/ratings", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ shop: Number(shop()), buyer, ...body }),
  });
  if (r.ok) return null;
  try {
    const e = (await r.json()).error;
    return T[lang][e.key] || e.message;
  } catch {
    return t("err_network");
  }
}

// ratedText says a reply's rating: 已解决, or 未解决 · 答非所问 · "words".
function ratedText(rt) {
  if (rt.solved) return t("rated", { what: t("solved") });
  const parts = [t("unsolved")];
  if (rt.reason) parts.push(t("reason_" + rt.reason));
  if (rt.text) parts.push(t("quote", { text: rt.text }));
  return t("rated", { what: parts.join(" · ") });
}

// rateControls returns what goes under a robot reply: its rating, or the
// buttons to give one.
function rateControls(m) {
  const box = document.createElement("div");
  box.className = "rate";
  box.dataset.testid = "sim-rate";
  const given = ratedStore()[ratedKey("m", m.id)];
  if (given) {
    const s = document.createElement("span");
    s.className = "rated " + (given.solved ? "ok" : "bad");
    s.dataset.testid = "sim-rating";
    s.dataset.solved = String(given.solved);
    s.textContent = ratedText(given);
    box.append(s);
    return box;
  }
  const ask = document.createElement("span");
  ask.className = "ask";
  ask.textContent = t("rateAsk");
  const error = document.createElement("span");
  error.className = "rate-error";
  error.setAttribute("role", "alert");
  const send = async (rt, buttons) => {
    buttons.forEach((b) => { b.disabled = true; });
    error.textContent = "";
    let problem;
    try {
      problem = await postRating({ message: m.id, solved: rt.solved, reason: rt.reason || "", text: rt.text || "" });
    } catch {
      problem = t("err_network");
    }
    if (problem) {
      error.textContent = problem;
      buttons.forEach((b) => { b.disabled = false; });
      return;
    }
    remember(ratedKey("m", m.id), rt);
    box.replaceWith(rateControls(m));
  };
  const solved = button(t("solved"), "sim-rate-solved", () => send({ solved: true }, [solved, unsolved]));
  const unsolved = button(t("unsolved"), "sim-rate-unsolved", () => {
    unsolved.setAttribute("aria-expanded", "true");
    const form = document.createElement("div");
    form.className = "rate-why";
    const label = document.createElement("span");
    label.className = "ask";
    label.textContent = t("rateWhy");
    form.append(label);
    let reason = "";
    const choices = ratingReasons.map((r) => {
      const b = button(t("reason_" + r), "sim-rate-reason", () => {
        reason = r;
        choices.forEach((c) => c.classList.toggle("on", c === b));
        submit.disabled = false;
      });
      b.dataset.reason = r;
      return b;
    });
    const words = document.createElement("textarea");
    words.rows = 2;
    words.maxLength = 500;
    words.placeholder = t("rateText");
    words.dataset.testid = "sim-rate-text";
    const submit = button(t("rateSubmit"), "sim-rate-submit", () =>
      send({ solved: false, reason, text: words.value.trim() }, [...choices, submit]));
    submit.disabled = true;
    const row = document.createElement("div");
    row.className = "choices";
    row.append(...choices);
    form.append(row, words, submit);
    solved.disabled = true;
    unsolved.disabled = true;
    box.append(form);
  });
  box.append(ask, solved, unsolved, error);
  return box;
}

// The session's rating, 1–5, at the end of the log once the shop has replied.
function renderSessionRating() {
  const bar = $("session-rate");
  const last = messages[messages.length - 1];
  const replied = messages.some((m) => m.sender !== "buyer");
  bar.hidden = !replied;
  if (!replied) return;
  const key = ratedKey("c", last.conversationId);
  const given = ratedStore()[key];
  const label = document.createElement("span");
  label.textContent = given ? t("sessionRated", { score: given }) : t("sessionAsk");
  label.dataset.testid = given ? "sim-session-rated" : "sim-session-ask";
  const stars = [1, 2, 3, 4, 5].map((n) => {
    const b = button("★", "sim-session-star", async () => {
      stars.forEach((s) => { s.disabled = true; });
      let problem;
      try {
        problem = await postRating({ score: n });
      } catch {
        problem = t("err_network");
      }
      if (problem) {
        showError(problem);
      } else {
        showError("");
        remember(key, n);
      }
      renderSessionRating();
    });
    b.dataset.score = String(n);
    b.title = t("stars", { n });
    b.setAttribute("aria-label", t("stars", { n }));
    if (given && n <= given) b.classList.add("on");
    return b;
  });
  bar.replaceChildren(label, ...stars);
}
