// The smart assistant's scenarios end to end (SA-1 – SA-8): a buyer asks
// when the order ships; the buyer gets the order-prediction card and picks
// the order; the agent sees the prompt above the input box with the script
// for that order's state and one-click operations; an overdue order brings
// the platform's rule; a problem is reported with an image; an owner edits
// the shop's script where the robot is on.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { App, buyerSays, launchBrowser, openBuyer, openWindow, rdctl } from "../harness.mjs";

// The smallest PNG there is (1×1, transparent).
const png = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
  "base64",
);

describe("smart assistant scenarios", () => {
  let app, browser, agent;
  const prompt = () => agent.getByTestId("scenario-prompt");
  const item = (name) => agent.getByTestId("conversation-item").filter({ hasText: name });
  const chatWith = async (name) => {
    await item(name).click();
    await agent.getByTestId("chat-buyer").filter({ hasText: name }).waitFor();
  };

  /** A webhook buyer: orders first, then a message (the token is made once). */
  let token = "";
  const hook = async (path, body) => {
    if (!token) token = await agent.evaluate(() => window.go.app.ChannelService.RotateToken(1));
    const r = await fetch(`http://127.0.0.1:${app.httpPort}/webhook/v1/${path}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    assert.ok(r.ok, `${path}: ${r.status} ${await r.text()}`);
  };

  before(async () => {
    app = await new App().start();
    browser = await launchBrowser();
    agent = await openWindow(browser, app);
    await agent.getByTestId("conversations-empty").waitFor();
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
    app?.cleanup();
  });

  test("SA-1 SA-2 SA-3 a 催发货 question: the buyer confirms the predicted order, the prompt follows its state", async () => {
    const buyer = await openBuyer(browser, app, "sa1-buyer", "zh-CN", "小催");
    // The simulator's demo orders: delivered, in transit, paid (待发货).
    await buyer.getByTestId("sim-orders-toggle").click();
    const paid = buyer.getByTestId("sim-order").filter({ hasText: "待发货" });
    await paid.waitFor();
    const paidId = await paid.getAttribute("data-order-id");
    await buyer.getByTestId("sim-orders-toggle").click();

    await buyerSays(buyer, "什么时候发货啊");
    // SA-2: the first 催发货 of the conversation sends the prediction card, as the agent.
    const card = buyer.locator('[data-testid="sim-card"][data-kind="order_prediction_card"]');
    await card.waitFor();
    assert.ok((await card.getByTestId("sim-candidate").count()) >= 2, "the buyer's open orders are candidates");

    await chatWith("小催");
    await agent.locator('[data-testid="message-card"][data-kind="order_prediction_card"]').waitFor();
    // SA-1: above the input box, the intent and its recommendation, before the order is known.
    await prompt().waitFor();
    assert.equal(await prompt().getAttribute("data-intent"), "ship_time");
    assert.equal((await prompt().getByTestId("scenario-intent").innerText()).trim(), "催发货");
    assert.ok((await prompt().getByTestId("scenario-script").count()) >= 1);

    // The buyer picks the paid order among the others (or confirms the first).
    const top = await card.getByTestId("sim-candidate").first().getAttribute("data-order-id");
    if (top === paidId) {
      await card.getByTestId("sim-confirm-order").click();
    } else {
      await card.getByTestId("sim-show-other-orders").click();
      await card.locator(`[data-testid="sim-candidate"][data-order-id="${paidId}"] [data-testid="sim-pick-order"]`).click();
    }
    await buyer.locator('[data-testid="sim-message"][data-sender="buyer"] [data-testid="sim-card"][data-kind="order_card"]').waitFor();
    assert.equal(await card.getByTestId(top === paidId ? "sim-confirm-order" : "sim-pick-order").first().isDisabled(), true);

    // SA-3: the prompt now names that order, paid and within its promise.
    const order = prompt().locator(`[data-testid="scenario-order"][data-order-id="${paidId}"]`);
    await order.waitFor();
    assert.equal(await order.getAttribute("data-state"), "paid");
    assert.equal(await order.getAttribute("data-overdue"), "false");
    assert.equal(await prompt().getByTestId("scenario-rule").count(), 0, "no platform rule within the promise");
    const script = (await prompt().getByTestId("scenario-script").first().locator(".sp__text").innerText()).trim();
    assert.doesNotMatch(script, /[{}]/, "the script is rendered, no variable left");
    await buyer.context().close();
  });

  test("SA-4 the script is copied to edit once or sent as is; an operation sends its card", async () => {
    const buyer = await openBuyer(browser, app, "sa4-buyer", "zh-CN", "小四");
    await buyer.getByTestId("sim-orders-toggle").click();
    const shipped = buyer.getByTestId("sim-order").filter({ hasText: "运输中" });
    await shipped.waitFor();
    const orderId = await shipped.getAttribute("data-order-id");
    // Asking about the shipped order names it: no prediction card is needed.
    await shipped.getByTestId("sim-ask-order").click();
    await buyerSays(buyer, "怎么还没发货");

    await chatWith("小四");
    await prompt().locator(`[data-testid="scenario-order"][data-order-id="${orderId}"][data-state="shipped"]`).waitFor();
    const first = prompt().getByTestId("scenario-script").first();
    const text = (await first.locator(".sp__text").innerText()).trim();

    // Copy: into the input box, as free text, to edit before sending.
    await first.getByTestId("scenario-script-copy").click();
    const input = agent.getByTestId("reply-input");
    assert.equal((await input.inputValue()).trim(), text);
    await input.fill(`${text}（已加急）`);
    await input.press("Enter");
    const replies = buyer.locator('[data-testid="sim-message"][data-sender="agent"]');
    await replies.filter({ hasText: "（已加急）" }).waitFor();

    // Send: as it is, in one click.
    await first.getByTestId("scenario-script-send").click();
    await agent.waitForFunction(
      (t) => [...document.querySelectorAll('[data-testid="message"]')].filter((m) => m.textContent.includes(t)).length >= 2,
      text.slice(0, 10),
    );
    assert.equal(await replies.count(), 2);

    // An operation: the logistics card of that order, to the buyer.
    await prompt().locator('[data-testid="scenario-operation"][data-operation="logistics_card"]').click();
    const logistics = buyer.locator('[data-testid="sim-card"][data-kind="logistics_card"]');
    await logistics.waitFor();
    assert.match(await logistics.innerText(), new RegExp(orderId));
    await agent.locator('[data-testid="message-card"][data-kind="logistics_card"]').waitFor();

    // Esc hides the prompt for this message; it can be brought back.
    await prompt().getByTestId("scenario-dismiss").click();
    await agent.getByTestId("scenario-reopen").click();
    await prompt().waitFor();
    await buyer.context().close();
  });

  test("SA-8 an overdue order brings the platform's compensation rule, whatever is replied", async () => {
    const past = new Date(Date.now() - 26 * 3600 * 1000).toISOString();
    await hook("orders", {
      buyer: "sa8-buyer", name: "小八",
      orders: [{ id: "DY-SA8-1", status: "paid", amount: 59, items: [{ name: "保温杯 350ml", quantity: 1 }], promise_ship_at: past }],
    });
    await hook("messages", { buyer: "sa8-buyer", name: "小八", text: "说好的昨天发货，怎么还没发", id: "sa8-1" });
    await chatWith("小八");
    const order = prompt().locator('[data-testid="scenario-order"][data-order-id="DY-SA8-1"]');
    await order.waitFor();
    assert.equal(await order.getAttribute("data-overdue"), "true");
    await prompt().getByTestId("scenario-overdue").waitFor();
    const rule = prompt().getByTestId("scenario-rule");
    await rule.waitFor();
    assert.match(await rule.innerText(), /3\s*元|保证金/);
  });

  test("SA-5 a problem is reported with an image; bad input is refused with a clear error", async () => {
    await chatWith("小八");
    await prompt().getByTestId("scenario-report").click();
    const dialog = agent.getByTestId("report-dialog");
    await dialog.waitFor();
    assert.equal(await dialog.getByTestId("report-submit").isDisabled(), true, "a description is needed");
    await dialog.getByTestId("report-text").fill("超时订单的话术 <b>不该</b> 承诺今天发货");

    // Not an image: refused in the window.
    await dialog.getByTestId("report-image-input").setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("hi") });
    assert.match(await dialog.getByTestId("report-image-error").innerText(), /PNG/);
    // Named an image but is not one: refused by the backend, nothing stored.
    await dialog.getByTestId("report-image-input").setInputFiles({ name: "fake.png", mimeType: "image/png", buffer: Buffer.from("not a png at all") });
    await dialog.getByTestId("report-submit").click();
    assert.match(await dialog.getByTestId("report-error").innerText(), /没有提交：图片只能是 PNG、JPEG、GIF 或 WebP/);
    assert.equal(await dialog.getByTestId("report-item").count(), 0);

    // A real PNG goes.
    await dialog.getByTestId("report-image-input").setInputFiles({ name: "shot.png", mimeType: "image/png", buffer: png });
    assert.equal(await dialog.getByTestId("report-image-name").innerText(), "shot.png");
    await dialog.getByTestId("report-submit").click();
    const mine = dialog.getByTestId("report-item");
    await mine.first().waitFor();
    // The buyer-facing words are text, never HTML.
    assert.match(await mine.first().innerText(), /<b>不该<\/b>/);
    assert.equal(await mine.first().locator("b").count(), 0);
    const stored = await agent.evaluate(() => window.go.app.ScenarioService.Reports(1));
    assert.equal(stored.length, 1);
    assert.equal(stored[0].intent, "ship_time");
    assert.equal(stored[0].state, "overdue");
    assert.ok(stored[0].image, "the image was stored");
    await dialog.getByTestId("report-cancel").click();
  });

  test("SA-6 where the robot is on, an owner edits the shop's script; it applies at once and can be rolled back", async () => {
    await chatWith("小八");
    assert.equal(await prompt().getByTestId("scenario-edit").count(), 0, "the robot is off: no editing");
    await rdctl(app, "config", "-shop", "1", "robot.enabled=on");
    // settings:changed brings the edit button without reopening anything.
    await prompt().getByTestId("scenario-edit").click();
    const editor = agent.getByTestId("script-editor");
    await editor.waitFor();
    assert.equal(await editor.locator('[data-testid="script-state"][aria-current="true"]').getAttribute("data-state"), "overdue");
    await editor.getByTestId("script-input").first().fill("亲，非常抱歉订单 {order.id} 延迟了，今天一定为您加急发出！");
    await editor.getByTestId("script-save").click();
    await editor.getByTestId("script-change").first().waitFor();

    // The prompt shows the shop's script, rendered, at once.
    const own = prompt().getByTestId("scenario-script").filter({ hasText: "订单 DY-SA8-1 延迟了" });
    await own.waitFor();
    const history = await agent.evaluate(() => window.go.app.ScenarioService.ScenarioHistory(1, "ship_time"));
    assert.equal(history.length, 1);

    // Rolled back, the platform's script is back.
    await editor.getByTestId("script-rollback").first().click();
    await agent.locator(".n-popconfirm button").filter({ hasText: "回滚" }).click();
    await editor.getByTestId("script-change").nth(1).waitFor();
    await agent.keyboard.press("Escape");
    await editor.waitFor({ state: "hidden" });
    await own.waitFor({ state: "detached" });
  });
});
