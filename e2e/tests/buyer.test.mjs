// The buyer panel end to end (CV-4): a shop's system reports a buyer's
// orders through the webhook API, the buyer writes, and the agent sees the
// orders with their state and logistics in the Buyer tab beside the chat,
// tags the buyer, writes a note and flags a follow-up — all still there
// after the window is reloaded.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { App, launchBrowser, openWindow } from "../harness.mjs";

describe("buyer panel", () => {
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

  /** post sends a webhook request as the shop's own system would. */
  async function post(token, path, body) {
    const r = await fetch(`http://127.0.0.1:${app.httpPort}/webhook/v1/${path}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    assert.ok(r.status === 200 || r.status === 201, `${path}: ${r.status} ${await r.clone().text()}`);
    return r.json();
  }

  /** openBuyerTab opens the buyer's conversation and shows the Buyer tab with Alt+B. */
  async function openBuyerTab(name) {
    const item = agent.getByTestId("conversation-item").filter({ hasText: name });
    await item.waitFor();
    await item.click();
    await agent.getByTestId("chat-buyer").filter({ hasText: name }).waitFor();
    await agent.keyboard.press("Alt+b");
    const panel = agent.getByTestId("buyer-panel");
    await panel.getByTestId("buyer-name").filter({ hasText: name }).waitFor();
    return panel;
  }

  test("CV-4 orders with state and logistics, tags, note and follow-up are shown and kept", async () => {
    const { shopId, token } = await agent.evaluate(async () => {
      const shops = await window.go.app.ChatService.Shops();
      const token = await window.go.app.ChannelService.RotateToken(shops[0].id);
      return { shopId: shops[0].id, token };
    });
    const buyer = { shop: shopId, buyer: "panel-buyer-1", name: "面板买家" };
    await post(token, "orders", {
      ...buyer,
      orders: [
        { id: "DY2001", status: "paid", amount: 59.9, currency: "CNY", items: [{ name: "帆布包", quantity: 1 }],
          promise_ship_at: "2030-01-02T10:00:00Z", address: "上海市浦东新区世纪大道 1 号" },
        { id: "DY2002", status: "shipped", amount: 129, currency: "CNY", items: [{ name: "纯棉T恤", sku: "red-L", quantity: 2 }],
          courier: "顺丰", tracking_no: "SF998877", address: "上海市浦东新区世纪大道 1 号" },
      ],
    });
    await post(token, "messages", { ...buyer, text: "我的快递到哪了", id: "panel-msg-1" });

    let panel = await openBuyerTab("面板买家");
    assert.equal(await panel.getByTestId("buyer-external-id").innerText(), "panel-buyer-1");
    const orders = panel.getByTestId("buyer-order");
    await orders.first().waitFor();
    assert.equal(await orders.count(), 2);
    const shipped = orders.filter({ hasText: "DY2002" });
    assert.equal(await shipped.getByTestId("order-status").innerText(), "已发货");
    assert.equal(await shipped.getByTestId("order-tracking").innerText(), "SF998877");
    assert.match(await shipped.getByTestId("order-logistics").innerText(), /顺丰/);
    assert.match(await shipped.getByTestId("order-items").innerText(), /纯棉T恤 ×2/);
    assert.match(await shipped.getByTestId("order-amount").innerText(), /129\.00/);
    const paid = orders.filter({ hasText: "DY2001" });
    assert.equal(await paid.getByTestId("order-status").innerText(), "已付款未发货");
    assert.match(await paid.getByTestId("order-promise").innerText(), /2030/);
    assert.match(await paid.getByTestId("order-logistics").innerText(), /暂无物流信息/);

    // The shipped order's logistics goes to the buyer as a card.
    await shipped.getByTestId("order-send-logistics").click();
    await agent.waitForFunction(() => document.querySelectorAll('[data-testid="message"]').length === 2);

    // Tag, note (saved with Ctrl+S), follow-up.
    const tagInput = panel.getByTestId("buyer-tag-input");
    await tagInput.fill("VIP");
    await tagInput.press("Enter");
    await panel.getByTestId("buyer-tag").filter({ hasText: "VIP" }).waitFor();
    await panel.getByTestId("buyer-save-state").filter({ hasText: "已保存" }).waitFor();
    const note = panel.getByTestId("buyer-note");
    await note.fill("喜欢红色，尺码 L；<b>不是HTML</b>");
    await note.press("Control+s");
    await panel.getByTestId("buyer-save-state").filter({ hasText: "已保存" }).waitFor();
    await panel.getByTestId("buyer-follow-up").click();
    await agent.waitForFunction(() =>
      document.querySelector('[data-testid="buyer-follow-up"]')?.classList.contains("n-switch--active"));
    await panel.getByTestId("buyer-save-state").filter({ hasText: "已保存" }).waitFor();
    // The list flags the buyer too.
    await agent.getByTestId("conversation-item").filter({ hasText: "面板买家" }).getByTestId("conversation-follow-up").waitFor();

    // Reloading the window keeps everything.
    await agent.reload();
    await agent.waitForFunction(() => window.go && window.go.app && window.go.app.ChatService);
    panel = await openBuyerTab("面板买家");
    await panel.getByTestId("buyer-tag").filter({ hasText: "VIP" }).waitFor();
    assert.equal(await panel.getByTestId("buyer-note").inputValue(), "喜欢红色，尺码 L；<b>不是HTML</b>");
    assert.ok(await panel.getByTestId("buyer-follow-up").evaluate((el) => el.classList.contains("n-switch--active")));
    // The note is text, never HTML.
    assert.equal(await panel.locator("b").count(), 0);
    // Alt+B goes back to the assist panel.
    await agent.keyboard.press("Alt+b");
    await panel.waitFor({ state: "hidden" });
  });
});
