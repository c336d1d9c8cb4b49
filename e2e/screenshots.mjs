// `make screenshots`: PNGs of the agent window and the buyer simulator, in
// zh-CN and en, written to screenshots/ (ignored by git).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { App, buyerSays, importChatLog, launchBrowser, openBuyer, openWindow, showDashboard } from "./harness.mjs";
import { receptionShots } from "./screenshots-reception.mjs";
import { robotShots } from "./screenshots-robot.mjs";
import { scenarioShots } from "./screenshots-scenario.mjs";

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "screenshots");
mkdirSync(out, { recursive: true });

const app = await new App().start();
const browser = await launchBrowser();
try {
  for (const locale of ["zh-CN", "en"]) {
    const win = await openWindow(browser, app, locale);
    await win.screenshot({ path: path.join(out, `window-empty-${locale}.png`) });
  }
  const zh = await openBuyer(browser, app, "shot-buyer-1", "zh-CN", "小王");
  await buyerSays(zh, "在吗");
  await buyerSays(zh, "什么时候发货 😀");
  const other = await openBuyer(browser, app, "shot-buyer-2", "zh-CN", "李女士");
  await buyerSays(other, "可以开专票吗");
  const third = await openBuyer(browser, app, "shot-buyer-3", "zh-CN", "tester");
  await buyerSays(third, "<img src=x onerror=alert(1)> 这是什么");

  for (const locale of ["zh-CN", "en"]) {
    const win = await openWindow(browser, app, locale);
    await win.getByTestId("conversation-item").filter({ hasText: "小王" }).click();
    await win.getByTestId("suggestion").first().waitFor();
    await win.screenshot({ path: path.join(out, `window-assist-${locale}.png`) });
    await win.getByTestId("suggestion-text").first().click();
    await win.screenshot({ path: path.join(out, `window-editing-${locale}.png`) });
  }
  const win = await openWindow(browser, app, "zh-CN");
  await win.getByTestId("conversation-item").filter({ hasText: "小王" }).click();
  await win.getByTestId("suggestion-send").first().waitFor();
  await win.getByTestId("suggestion-send").first().click();
  for (const locale of ["zh-CN", "en"]) {
    const sim = await openBuyer(browser, app, "shot-buyer-1", locale);
    await sim.locator('[data-sender="agent"]').first().waitFor();
    await sim.screenshot({ path: path.join(out, `simulator-${locale}.png`) });
  }
  await cardShots(browser, app);
  await toolShots(browser, app);
  const sim = await openBuyer(browser, app, "shot-buyer-4", "zh-CN");
  await sim.getByTestId("sim-send").click();
  await sim.getByTestId("sim-error").waitFor();
  await sim.screenshot({ path: path.join(out, "simulator-error-zh-CN.png") });
  await deskShots(browser, app);
  // Before kbShots, which deletes the 什么时候发货 entry the scenarios answer from.
  await scenarioShots(browser, app, out);
  await kbShots(browser, app);
  await settingsShots(browser, app);
  // Last: it allows auto-send, which would answer the buyers of the pictures above.
  await receptionShots(browser, app, out);
  await feedbackShots(browser, app);
  await dashboardShots(browser, app);
  // Last of all: it switches the robot on and the agent offline.
  await robotShots(browser, app, out);
  console.log(`screenshots written to ${out}`);
} catch (err) {
  // What every page showed when a step failed, to see why.
  let n = 0;
  for (const context of browser.contexts()) {
    for (const page of context.pages()) {
      await page.screenshot({ path: path.join(out, `failed-${++n}.png`) }).catch(() => {});
    }
  }
  throw err;
} finally {
  await browser.close();
  await app.stop();
  app.cleanup();
}

// deskShots: the conversation lists with several agents (CV-1, CV-2): more
// buyers than the agent's capacity (5), so some queue; one conversation closed,
// one handed to a second agent, one handed back to the queue (priority). Then,
// in each language: every agent's conversations, the agent menu, the transfer
// menu and a closed conversation, read-only.
async function deskShots(browser, app) {
  for (const [id, name, text] of [
    ["shot-buyer-5", "张先生", "能改地址吗"],
    ["shot-buyer-6", "赵女士", "我要退货"],
    ["shot-buyer-7", "陈先生", "有优惠券吗"],
    ["shot-buyer-8", "周先生", "转人工"],
  ]) {
    const buyer = await openBuyer(browser, app, id, "zh-CN", name);
    await buyerSays(buyer, text);
    await buyer.getByTestId("sim-message").first().waitFor();
    await buyer.context().close();
  }
  const setup = await openWindow(browser, app, "zh-CN");
  const desk = (script, arg) => setup.evaluate(script, arg);
  const idOf = (buyer) => desk(async (name) => {
    const page = await window.go.app.ChatService.List({ shopIds: [], list: "all", agentId: 0, query: name, offset: 0, limit: 5 });
    return page.items.find((c) => c.buyerName === name).id;
  }, buyer);
  await desk((id) => window.go.app.ChatService.Close(id), await idOf("李女士"));
  const other = await desk(() => window.go.app.AgentService.CreateAgent({ name: "阿强", capacity: 5, role: "agent" }));
  await desk(([c, a]) => window.go.app.ChatService.Transfer(c, a), [await idOf("赵女士"), other.id]);
  await desk((c) => window.go.app.ChatService.Transfer(c, 0), await idOf("tester"));
  for (const [id, name, text] of [["shot-buyer-9", "吴女士", "尺码怎么选"], ["shot-buyer-10", "郑先生", "多久能到"]]) {
    const buyer = await openBuyer(browser, app, id, "zh-CN", name);
    await buyerSays(buyer, text);
    await buyer.getByTestId("sim-message").first().waitFor();
    await buyer.context().close();
  }
  await setup.close();

  for (const locale of ["zh-CN", "en"]) {
    const win = await openWindow(browser, app, locale);
    await win.getByTestId("conversation-item").first().waitFor();
    await win.getByTestId("list-mine-toggle").locator("input[value=all]").check({ force: true });
    await win.getByTestId("conversation-agent").first().waitFor();
    await win.getByTestId("conversation-item").filter({ hasText: "张先生" }).click();
    await win.getByTestId("suggestion").first().waitFor();
    await settle(win);
    await win.screenshot({ path: path.join(out, `window-lists-${locale}.png`) });
    await win.getByTestId("agent-switcher").click();
    await win.getByTestId("agent-menu").waitFor();
    await settle(win);
    await win.screenshot({ path: path.join(out, `window-agents-${locale}.png`) });
    await win.keyboard.press("Escape");
    await win.getByTestId("agent-menu").waitFor({ state: "hidden" });
    await win.getByTestId("transfer").click();
    await win.getByTestId("transfer-menu").waitFor();
    await settle(win);
    await win.screenshot({ path: path.join(out, `window-transfer-${locale}.png`) });
    await win.keyboard.press("Escape");
    await win.getByTestId("transfer-menu").waitFor({ state: "hidden" });
    await win.locator('[data-testid="list-tab"][data-list="closed"]').click();
    await win.getByTestId("conversation-item").filter({ hasText: "李女士" }).click();
    await win.getByTestId("conversation-closed-note").waitFor();
    await settle(win);
    await win.screenshot({ path: path.join(out, `window-closed-${locale}.png`) });
    await win.close();
  }
}

// kbShots: the knowledge-base screen of each demo shop, in its language: the
// list, an entry with order-aware answers and the hit test, its history after
// an edit, a refused import, and the deleted entries once it is deleted.
async function kbShots(browser, app) {
  const bad = path.join(mkdtempSync(path.join(os.tmpdir(), "rd-shots-")), "bad.csv");
  writeFileSync(bad, "question,answer,category\n,no question,general\nok?,fine,food\n");
  const shots = [
    { locale: "zh-CN", shop: "回复台演示店", entry: "什么时候发货", probe: "啥时候发货呀 急用" },
    { locale: "en", shop: "TikTok", entry: "When will my order ship", probe: "wen will u ship my order??" },
  ];
  for (const { locale, shop, entry, probe } of shots) {
    const win = await openWindow(browser, app, locale);
    await win.getByTestId("nav-kb").click();
    await win.getByTestId("kb-shop").click();
    await win.locator(".n-base-select-option").filter({ hasText: shop }).click();
    await win.getByTestId("kb-entry-row").first().waitFor();
    await win.screenshot({ path: path.join(out, `kb-list-${locale}.png`) });
    await win.getByTestId("kb-entry-row").filter({ hasText: entry }).first().click();
    await win.getByTestId("kb-hittest-input").fill(probe);
    await win.getByTestId("kb-hittest-run").click();
    await win.getByTestId("kb-hittest-result").first().waitFor();
    await win.screenshot({ path: path.join(out, `kb-entry-${locale}.png`) });
    const answer = win.getByTestId("kb-answer-text").first();
    await answer.fill((await answer.inputValue()) + " 😀");
    await win.getByTestId("kb-save").click();
    await win.getByTestId("kb-history-open").click();
    await win.getByTestId("kb-history-item").first().waitFor();
    await settle(win);
    await win.screenshot({ path: path.join(out, `kb-history-${locale}.png`) });
    await win.keyboard.press("Escape");
    await win.getByTestId("kb-import").click();
    await win.getByTestId("kb-import-input").setInputFiles(bad);
    await win.getByTestId("kb-import-errors").waitFor();
    await settle(win);
    await win.screenshot({ path: path.join(out, `kb-import-errors-${locale}.png`) });
    await win.keyboard.press("Escape");
    await win.getByTestId("kb-import-dialog").waitFor({ state: "hidden" });
    await win.getByTestId("kb-delete").click();
    await win.getByTestId("kb-delete-confirm").click();
    await win.locator('[data-testid="kb-empty"][data-empty="selection"]').waitFor();
    await win.getByTestId("kb-deleted").click();
    await win.getByTestId("kb-deleted-item").filter({ hasText: entry }).first().waitFor();
    await settle(win);
    await win.screenshot({ path: path.join(out, `kb-deleted-${locale}.png`) });
    await win.close();
  }
}

// settingsShots: the settings dialog with an LLM configured (LM-1), its key
// saved and the connection tested, against a fake OpenAI-compatible server
// that keeps the order it is given. Last, as it puts the LLM in use.
async function settingsShots(browser, app) {
  const llm = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      let order = [];
      try {
        const user = JSON.parse(body).messages.find((m) => m.role === "user");
        order = JSON.parse(user.content).candidates.map((c) => c.id);
      } catch {}
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({
        id: "shot", object: "chat.completion", created: 0, model: "qwen2.5:7b",
        choices: [{ index: 0, finish_reason: "stop",
          message: { role: "assistant", content: JSON.stringify({ order, none_fit: false }) } }],
      }));
    });
  });
  await new Promise((resolve) => llm.listen(0, "127.0.0.1", resolve));
  try {
    for (const locale of ["zh-CN", "en"]) {
      const win = await openWindow(browser, app, locale);
      await win.getByTestId("open-settings").click();
      await win.getByTestId("llm-base-url").waitFor();
      if (locale === "zh-CN") {
        await win.getByTestId("llm-enabled").click();
        await win.getByTestId("llm-base-url").fill(`http://127.0.0.1:${llm.address().port}/v1`);
        await win.getByTestId("llm-model").fill("qwen2.5:7b");
        await win.getByTestId("llm-key").fill("sk-screenshot");
        await win.getByTestId("llm-save").click();
        await win.getByTestId("settings-dialog").waitFor({ state: "hidden" });
        await win.locator(".n-message").waitFor({ state: "detached" });
        await win.getByTestId("open-settings").click();
      }
      await win.getByTestId("llm-key-status").waitFor();
      await win.getByTestId("llm-test").click();
      await win.getByTestId("llm-test-result").waitFor();
      await settle(win);
      await win.screenshot({ path: path.join(out, `settings-${locale}.png`) });
      await win.close();
    }
  } finally {
    llm.close();
  }
}

// settle lets a drawer or dialog finish sliding in, for a picture of it.
function settle(win) {
  return win.waitForTimeout(600);
}

// cardShots: the simulated buyer's orders and the cards exchanged (CV-7a),
// in the simulator and in the window.
async function cardShots(browser, app) {
  const buyer = await openBuyer(browser, app, "shot-buyer-5", "zh-CN", "小周");
  await buyer.getByTestId("sim-orders-toggle").click();
  const shipped = buyer.getByTestId("sim-order").filter({ hasText: "运输中" });
  await shipped.waitFor();
  const orderId = await shipped.getAttribute("data-order-id");
  await shipped.getByTestId("sim-ask-order").click();
  await buyer.context().close();
  const win = await openWindow(browser, app, "zh-CN");
  await win.getByTestId("conversation-item").filter({ hasText: `[订单] ${orderId}` }).click();
  await win.getByTestId("send-coupon").click();
  await win.locator('[data-testid="message-card"][data-kind="coupon_card"]').waitFor();
  const id = await win.evaluate(async (q) => {
    const page = await window.go.app.ChatService.List({ shopIds: [], list: "all", agentId: 0, query: q, offset: 0, limit: 1 });
    return page.items[0].id;
  }, orderId);
  await win.evaluate(([c, o]) => window.go.app.ChatService.SendCard(c, "logistics_card", o), [id, orderId]);
  await win.evaluate(([c, o]) => window.go.app.ChatService.SendCard(c, "address_card", o), [id, orderId]);
  await win.context().close();
  for (const locale of ["zh-CN", "en"]) {
    const w = await openWindow(browser, app, locale);
    await w.getByTestId("conversation-item").filter({ hasText: "小周" }).click();
    await w.locator('[data-testid="message-card"][data-kind="address_card"]').waitFor();
    await w.screenshot({ path: path.join(out, `window-cards-${locale}.png`) });
    await w.context().close();
    const sim = await openBuyer(browser, app, "shot-buyer-5", locale);
    await sim.locator('[data-testid="sim-card"][data-kind="address_card"]').waitFor();
    await sim.screenshot({ path: path.join(out, `simulator-cards-${locale}.png`) });
    await sim.getByTestId("sim-orders-toggle").click();
    await sim.getByTestId("sim-order").first().waitFor();
    await sim.screenshot({ path: path.join(out, `simulator-orders-${locale}.png`) });
    await sim.context().close();
  }
}

// toolShots: the agent's tools on 小周's conversation, in each language —
// the quick phrase picker and drawer (CV-3), the buyer panel with orders,
// tags and a note (CV-4), the chat history dialog: export done and an import
// refused row by row (CV-5, CV-7c), and the Channels dialog with a token just
// made (CV-7b).
async function toolShots(browser, app) {
  const setup = await openWindow(browser, app, "zh-CN");
  await setup.evaluate(async () => {
    const page = await window.go.app.ChatService.List({ shopIds: [], list: "all", agentId: 0, query: "小周", offset: 0, limit: 1 });
    const c = page.items[0];
    await window.go.app.ChatService.UpdateBuyer(c.buyerId, { tags: ["VIP", "回头客"], note: "喜欢红色，尺码 L。\n上次物流慢，已补偿优惠券。", followUp: true });
  });
  await setup.context().close();
  const badLog = Buffer.from("buyer_id,buyer_name,sender,text,time\nb1,小王,buyer,在吗,2026-11-20 10:00:00\nb1,小王,客服甲,您好,2026-11-20 10:01:00\n,小李,buyer,发货了吗,not a time\n");
  for (const locale of ["zh-CN", "en"]) {
    const win = await openWindow(browser, app, locale);
    await win.getByTestId("conversation-item").filter({ hasText: "小周" }).click();
    const input = win.getByTestId("reply-input");
    await input.fill("/");
    await win.getByTestId("phrase-option").first().waitFor();
    await win.screenshot({ path: path.join(out, `window-phrases-picker-${locale}.png`) });
    await input.press("Escape");
    await input.fill("");
    await win.getByTestId("phrases-button").click();
    await win.getByTestId("phrase-item").first().waitFor();
    await win.waitForTimeout(400); // the drawer slides in
    await win.screenshot({ path: path.join(out, `window-phrases-drawer-${locale}.png`) });
    await win.keyboard.press("Escape");
    await win.getByTestId("phrase-drawer").waitFor({ state: "hidden" });

    await win.getByTestId("aside-tab-buyer").click();
    await win.getByTestId("buyer-name").waitFor();
    await win.screenshot({ path: path.join(out, `window-buyer-${locale}.png`) });
    await win.getByTestId("aside-tab-assist").click();

    await win.keyboard.press("Alt+h");
    const history = win.getByTestId("history-dialog");
    await history.waitFor();
    await history.getByTestId("history-export").click();
    await history.getByTestId("history-export-result").waitFor();
    await win.waitForTimeout(300);
    await win.screenshot({ path: path.join(out, `history-export-${locale}.png`) });
    await history.locator('.n-tabs-tab[data-name="import"]').click();
    await win.waitForTimeout(500); // the tabs' cross-fade
    await history.getByTestId("history-import-input").setInputFiles({ name: "chats.csv", mimeType: "text/csv", buffer: badLog });
    await history.getByTestId("history-import-error-row").first().waitFor();
    await win.waitForTimeout(300);
    await win.screenshot({ path: path.join(out, `history-import-errors-${locale}.png`) });
    await win.keyboard.press("Escape");
    await history.waitFor({ state: "hidden" });

    await win.getByTestId("open-channels").click();
    const channels = win.getByTestId("channels-dialog");
    await channels.getByTestId("webhook-rotate").click();
    if (await channels.getByText(locale === "en" ? "Make a new one" : "重新生成", { exact: true }).count()) {
      await channels.getByText(locale === "en" ? "Make a new one" : "重新生成", { exact: true }).click();
    }
    await channels.getByTestId("webhook-new-token").waitFor();
    await win.waitForTimeout(400); // the confirmation fades out
    await win.screenshot({ path: path.join(out, `channels-${locale}.png`) });
    await win.context().close();
  }
}

// feedbackShots: the feedback screen (FB-1 – FB-5) in each language: a
// proposal made by an edited suggestion and one by a reply typed by hand,
// a report in the review queue, the unanswered questions analysed, and a
// replay of an imported chat log with its curve.
async function feedbackShots(browser, app) {
  const setup = await openWindow(browser, app, "zh-CN");
  setup.setDefaultTimeout(20_000);
  for (const [id, name, text] of [["shot-fb-1", "驿站", "快递放驿站可以吗"], ["shot-fb-2", "起球了", "衣服起球了怎么办"]]) {
    const buyer = await openBuyer(browser, app, id, "zh-CN", name);
    await buyerSays(buyer, text);
    await buyer.getByTestId("sim-message").first().waitFor();
    await buyer.context().close();
  }
  // Questions the KB has no entry for, in a few wordings each: the unanswered questions to group.
  const unanswered = ["衣服会缩水吗", "洗了会不会缩水", "这件衣服缩水严重吗", "有没有大码", "有加大码吗", "有没有大码的呀",
    "能便宜点吗", "可以便宜一点吗", "你们家衣服会缩水吗"];
  for (const [i, text] of unanswered.entries()) {
    const r = await fetch(`${app.simulatorURL}api/messages`, {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ shop: 1, buyer: `shot-unanswered-${i}`, name: `顾客${i + 1}`, text }),
    });
    if (!r.ok) throw new Error(`simulator: ${r.status} ${await r.text()}`);
  }
  await setup.getByTestId("list-mine-toggle").locator("input[value=all]").check({ force: true });
  await setup.getByTestId("conversation-item").filter({ hasText: "驿站" }).click();
  await setup.getByTestId("suggestion-text").first().click();
  const input = setup.getByTestId("reply-input");
  await input.fill((await input.inputValue()) + " 放驿站的话也会短信通知您～");
  await input.press("Enter");
  await setup.getByText("放驿站的话也会短信通知您").first().waitFor();
  await setup.getByTestId("conversation-item").filter({ hasText: "起球了" }).click();
  await setup.getByTestId("suggestion").first().waitFor();
  await setup.getByTestId("suggestion-report").first().click();
  await setup.locator('[data-reason="irrelevant"]').click();
  await setup.getByTestId("report-send").click();
  await setup.getByTestId("report-dialog").waitFor({ state: "hidden" });
  await input.fill("亲，起球是面料的正常现象，可以用剃毛器轻轻处理，介意的话支持7天无理由退换");
  await input.press("Enter");
  await setup.getByText("剃毛器").first().waitFor();
  // A past month of the shop: buyers ask what the KB answers (the agent
  // replied with its answer, or now and then something else) and what it
  // does not.
  let csv = "\uFEFF买家ID,买家昵称,发送方,内容,时间\r\n";
  const asks = ["什么时候发货呀", "能开发票吗", "可以发顺丰吗", "衣服起球了怎么办", "有没有赠品", "多久能到", "在吗", "怎么退货"];
  const kbAnswer = await setup.evaluate(async (qs) => {
    const out = {};
    for (const q of qs) {
      const r = await window.go.app.KBService.HitTest({ shopId: 1, text: q });
      out[q] = r && r[0] && r[0].confidence >= 0.5 ? r[0].entry.answers[0].text : "";
    }
    return out;
  }, asks);
  for (let i = 0; i < 120; i++) {
    const q = asks[i % asks.length];
    const day = `2026-10-${String(1 + (i % 28)).padStart(2, "0")}`;
    const own = "这个我去问一下仓库，稍后回复您";
    const reply = kbAnswer[q] && i % 9 !== 0 ? kbAnswer[q] : own;
    csv += `shot-log-${i},导入买家${i},买家,${q},${day} 10:00:00\r\n`;
    csv += `shot-log-${i},导入买家${i},客服,"${reply.replaceAll('"', '""')}",${day} 10:01:00\r\n`;
  }
  await setup.getByTestId("open-history").click();
  const dialog = setup.getByTestId("history-dialog");
  await dialog.locator('.n-tabs-tab[data-name="import"]').click();
  await dialog.getByTestId("history-import-input").setInputFiles({ name: "log.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await dialog.getByTestId("history-import-summary").waitFor();
  // An agent's report of a scenario's script (SA-5), waiting in the review queue beside the others.
  await setup.evaluate(() => window.go.app.ScenarioService.Report({
    shopId: 1, intent: "ship_time", state: "overdue", conversationId: 0, uploadId: "",
    text: "超时未发货的话术还在说今天发，买家更生气了",
  }));
  await setup.close();

  for (const locale of ["zh-CN", "en"]) {
    const win = await openWindow(browser, app, locale);
    win.setDefaultTimeout(20_000);
    await win.getByTestId("nav-feedback").click();
    await win.getByTestId("proposal").first().waitFor();
    await win.getByTestId("proposal").nth(1).waitFor();
    await settle(win);
    await win.screenshot({ path: path.join(out, `feedback-proposals-${locale}.png`) });
    await win.getByTestId("proposal-edit").first().click();
    await win.getByTestId("change-editor").waitFor();
    await settle(win);
    await win.screenshot({ path: path.join(out, `feedback-edit-${locale}.png`) });
    await win.keyboard.press("Escape");
    await win.getByTestId("change-editor").waitFor({ state: "hidden" });
    await win.locator('.n-tabs-tab[data-name="review"]').click();
    await win.getByTestId("review-item").first().waitFor();
    await settle(win);
    await win.screenshot({ path: path.join(out, `feedback-review-${locale}.png`) });
    await win.locator('.n-tabs-tab[data-name="unanswered"]').click();
    await win.getByTestId("analyse").click();
    await win.locator('[data-testid="unanswered-groups"], [data-testid="unanswered-empty"]').first().waitFor();
    await settle(win);
    await win.screenshot({ path: path.join(out, `feedback-unanswered-${locale}.png`) });
    await win.locator('.n-tabs-tab[data-name="replay"]').click();
    await win.getByTestId("replay-source").click();
    await win.locator(".n-base-select-option").nth(2).click();
    await win.getByTestId("replay-target").click();
    await win.locator(".n-base-select-option").filter({ hasText: "85%" }).click();
    await win.getByTestId("replay-start").click();
    await win.getByTestId("replay-report").waitFor();
    await win.getByTestId("disagreement").first().waitFor();
    await settle(win);
    await win.screenshot({ path: path.join(out, `feedback-replay-${locale}.png`) });
    await win.close();
  }
}

// monthLog is a chat log of the 29 days before the golden day (2026-02-09 to
// 2026-03-09), 6 to 14 sessions a day of every kind the metrics tell apart:
// human replies fast and slow, assist only, the robot alone or followed up,
// the robot's fallback; some rated. Times in China time.
function monthLog() {
  const rows = ["buyer_id,buyer_name,sender,text,time,session,rating"];
  const pad = (n) => String(n).padStart(2, "0");
  for (let d = 0; d < 29; d++) {
    const day = new Date(Date.UTC(2026, 1, 9 + d));
    const date = `${day.getUTCFullYear()}-${pad(day.getUTCMonth() + 1)}-${pad(day.getUTCDate())}`;
    const n = 6 + ((d * 7) % 9);
    for (let i = 0; i < n; i++) {
      const id = `m${d}-${i}`;
      const base = (9 + ((i * 37 + d) % 13)) * 60 + ((i * 13 + d * 7) % 60);
      const at = (min) => `${date}T${pad(Math.floor(min / 60) % 24)}:${pad(min % 60)}:00+08:00`;
      const row = (sender, text, min, rating = "") => rows.push(`${id},买家${d}-${i},${sender},${text},${at(min)},${id},${rating}`);
      switch ((d + i) % 6) {
        case 0:
          row("buyer", "在吗", base);
          row("agent", "在的亲", base + 1 + (i % 3), i % 2 ? "5" : "");
          break;
        case 1:
          row("buyer", "可以便宜点吗", base);
          row("agent", "已经是最低价了", base + 8 + ((d * 5 + i) % 40), (d + i) % 4 === 1 ? "3" : "");
          break;
        case 2:
          row("buyer", "包邮吗", base);
          row("assist", "全国包邮哦", base);
          break;
        case 3:
          row("buyer", "几天能到", base);
          row("robot", "一般3天送到", base, i % 3 ? "solved" : "");
          break;
        case 4:
          row("buyer", "能改地址吗", base);
          row("robot", "下单后24小时内可以修改", base);
          row("buyer", "超过24小时了", base + 2);
          row("agent", "我来帮您改", base + 4 + (d % 5));
          break;
        default:
          row("buyer", "你们是正品吗", base);
          row("fallback", "抱歉目前人工客服不在线", base);
          if (i % 2) row("robot", "我们保证正品", base + 1, d % 3 ? "unsolved:not_useful" : "unsolved:too_long");
      }
    }
  }
  return Buffer.from(rows.join("\r\n") + "\r\n");
}

// dashboardShots: the dashboard (MT-6) of the Douyin demo shop over a range
// without sessions, the golden day, the month before it and a year; and of
// the TikTok Shop demo shop in English, on the golden day and the month.
async function dashboardShots(browser, app) {
  const golden = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "testdata", "metrics", "golden-day.csv"));
  const shots = [
    { locale: "zh-CN", shop: "回复台演示店" },
    { locale: "en", shop: "TikTok" },
  ];
  for (const { locale, shop } of shots) {
    const win = await openWindow(browser, app, locale);
    // Tall enough for the whole dashboard, which scrolls inside the window.
    await win.setViewportSize({ width: 1280, height: 1720 });
    if (locale === "zh-CN") {
      // Today's live conversations of the shots above: agents, the KB's
      // recognised entries.
      await win.keyboard.press("Control+4");
      await win.getByTestId("metrics-report").waitFor();
      await win.getByTestId("metrics-preset-1").click();
      await win.waitForFunction(() => document.querySelector('[data-testid="metrics-screen"]')?.getAttribute("aria-busy") === "false");
      await win.getByTestId("metrics-range").click();
      await settle(win);
      await win.screenshot({ path: path.join(out, `dashboard-today-${locale}.png`), fullPage: true });
      await win.keyboard.press("Control+1");
    }
    await importChatLog(win, "golden-day.csv", golden, shop);
    await importChatLog(win, "month.csv", monthLog(), shop);
    if (locale === "zh-CN") {
      await showDashboard(win, shop, "2025-06-01", "2025-06-07");
      await settle(win);
      await win.screenshot({ path: path.join(out, `dashboard-empty-${locale}.png`), fullPage: true });
    }
    await showDashboard(win, shop, "2026-03-10", "2026-03-10");
    await settle(win);
    await win.screenshot({ path: path.join(out, `dashboard-day-${locale}.png`), fullPage: true });
    await showDashboard(win, shop, "2026-02-09", "2026-03-10");
    await settle(win);
    await win.screenshot({ path: path.join(out, `dashboard-month-${locale}.png`), fullPage: true });
    if (locale === "zh-CN") {
      await showDashboard(win, shop, "2025-03-11", "2026-03-10");
      await settle(win);
      await win.screenshot({ path: path.join(out, `dashboard-year-${locale}.png`), fullPage: true });
    }
    await win.close();
  }
}
