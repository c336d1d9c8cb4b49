// The buyer simulator as a realistic buyer (CV-7a): the buyer's orders, an
// order card sent from the simulator reaching the agent, cards sent by the
// agent rendered as cards on the buyer's page, and the robot's label.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { App, buyerSays, launchBrowser, openBuyer, openWindow } from "../harness.mjs";

describe("buyer simulator cards", () => {
  let app, browser, agent;

  before(async () => {
    app = await new App().start();
    browser = await launchBrowser();
    agent = await openWindow(browser, app);
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
    app?.cleanup();
  });

  test("CV-7a the buyer sees demo orders and asks about one: the agent gets an order card", async () => {
    const buyer = await openBuyer(browser, app, "e2e-card-buyer", "zh-CN", "小周");
    await buyer.getByTestId("sim-orders-toggle").click();
    const orders = buyer.getByTestId("sim-order");
    await orders.first().waitFor();
    assert.equal(await orders.count(), 3, "a new simulated buyer gets three demo orders");
    const states = await buyer.locator('[data-testid="sim-order"] .order-status').allInnerTexts();
    assert.deepEqual(new Set(states), new Set(["已签收", "运输中", "待发货"]));

    // "New order" adds one on top.
    await buyer.getByTestId("sim-new-order").click();
    await orders.nth(3).waitFor();

    const shipped = orders.filter({ hasText: "运输中" });
    const orderId = await shipped.getAttribute("data-order-id");
    await shipped.getByTestId("sim-ask-order").click();
    const sent = buyer.locator('[data-testid="sim-message"][data-sender="buyer"] [data-testid="sim-card"][data-kind="order_card"]');
    await sent.waitFor();
    assert.match(await sent.innerText(), new RegExp(orderId));
    assert.equal(await buyer.getByTestId("sim-orders").isHidden(), true, "the list closes once asked");

    // The agent's list reads like "[订单] 123", the conversation shows the card.
    await agent.getByTestId("conversation-item").filter({ hasText: `[订单] ${orderId}` }).click();
    const card = agent.locator('[data-testid="message-card"][data-kind="order_card"]');
    await card.waitFor();
    assert.match(await card.innerText(), new RegExp(orderId));
    assert.match(await card.innerText(), /帆布托特包/);
    await buyer.context().close();
  });

  test("CV-7a cards the agent sends are rendered as cards on the buyer's page", async () => {
    const buyer = await openBuyer(browser, app, "e2e-card-buyer-2", "zh-CN", "小吴");
    await buyer.getByTestId("sim-orders-toggle").click();
    const shipped = buyer.getByTestId("sim-order").filter({ hasText: "运输中" });
    await shipped.waitFor();
    const orderId = await shipped.getAttribute("data-order-id");
    await buyer.getByTestId("sim-orders-toggle").click();
    await buyerSays(buyer, "我的快递到哪了");

    await agent.getByTestId("conversation-item").filter({ hasText: "我的快递到哪了" }).click();
    await agent.getByTestId("message").filter({ hasText: "我的快递到哪了" }).waitFor();

    // The coupon from the reply bar.
    await agent.getByTestId("send-coupon").click();
    await agent.locator('[data-testid="message-card"][data-kind="coupon_card"]').waitFor();
    const coupon = buyer.locator('[data-testid="sim-card"][data-kind="coupon_card"]');
    await coupon.waitFor();
    assert.match(await coupon.innerText(), /满 ¥99\.00 可用/);
    await coupon.getByTestId("sim-coupon-claim").click();
    assert.equal(await coupon.getByTestId("sim-coupon-claim").innerText(), "已领取");
    assert.equal(await coupon.getByTestId("sim-coupon-claim").isDisabled(), true);

    // A logistics card (the buyer panel's buttons call the same bound method).
    const convId = await agent.evaluate(async (text) => {
      const page = await window.go.app.ChatService.List({ shopIds: [], list: "all", agentId: 0, query: text, offset: 0, limit: 10 });
      return page.items[0].id;
    }, "我的快递到哪了");
    await agent.evaluate(([id, order]) => window.go.app.ChatService.SendCard(id, "logistics_card", order), [convId, orderId]);
    const logistics = buyer.locator('[data-testid="sim-card"][data-kind="logistics_card"]');
    await logistics.waitFor();
    assert.match(await logistics.getByTestId("sim-card-tracking").innerText(), /7531\d{10}/);
    await agent.locator('[data-testid="message-card"][data-kind="logistics_card"]').waitFor();

    // Another buyer's order is refused with a clear error.
    const err = await agent.evaluate(async (id) => {
      try {
        await window.go.app.ChatService.SendCard(id, "order_card", "no-such-order");
        return "";
      } catch (e) {
        return e.key;
      }
    }, convId);
    assert.equal(err, "error.card_order_not_found");
    await buyer.context().close();
  });

  test("RB-4 the buyer sees robot replies labelled, and never system messages", async () => {
    const ctx = await browser.newContext({ viewport: { width: 440, height: 760 } });
    const buyer = await ctx.newPage();
    // No path sends robot replies yet: the history is played back to the page.
    await buyer.route("**/simulator/api/history*", (route) =>
      route.fulfill({
        contentType: "application/json",
        body: JSON.stringify([
          { id: 1, conversationId: 1, sender: "buyer", type: "text", text: "在吗", createdAt: "2026-11-21T10:00:00Z" },
          { id: 2, conversationId: 1, sender: "robot", type: "text", text: "您好,在的", createdAt: "2026-11-21T10:00:01Z" },
          { id: 3, conversationId: 1, sender: "system", type: "text", text: "内部提醒", createdAt: "2026-11-21T10:00:02Z" },
          { id: 4, conversationId: 1, sender: "assist", type: "text", text: "自动回复", createdAt: "2026-11-21T10:00:03Z" },
        ]),
      }),
    );
    await buyer.goto(`${app.simulatorURL}?buyer=e2e-robot&lang=zh-CN`);
    const msgs = buyer.getByTestId("sim-message");
    await msgs.nth(2).waitFor();
    assert.deepEqual(await msgs.evaluateAll((els) => els.map((e) => e.dataset.sender)), ["buyer", "robot", "assist"]);
    const labels = buyer.getByTestId("sim-bot-label");
    assert.equal(await labels.count(), 1, "only the robot's reply is labelled (assist auto-sends are not, AS-6)");
    assert.equal(await labels.innerText(), "由聊天助手发送");
    await buyer.getByTestId("sim-lang").click();
    assert.equal(await labels.innerText(), "Sent by the chat assistant");
    await ctx.close();
  });
});
