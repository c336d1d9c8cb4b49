// The workstation's lists and agents end to end (CV-1, CV-2, CV-8): counts
// pushed as buyers write, one key to the buyer who has waited longest, search,
// transfer back to the queue, close, and a second agent at the same desk.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { App, buyerSays, launchBrowser, openBuyer, openWindow } from "../harness.mjs";

describe("conversation lists and agents", () => {
  let app, browser, agent;
  const count = (list) => agent.locator(`[data-testid="list-tab"][data-list="${list}"] [data-testid="list-count"]`);
  const countIs = (list, n) => agent.waitForFunction(
    ([l, want]) => document.querySelector(`[data-testid="list-tab"][data-list="${l}"] [data-testid="list-count"]`)?.textContent?.trim() === want,
    [list, String(n)],
  );
  const buyerShown = (name) => agent.getByTestId("chat-buyer").filter({ hasText: name }).waitFor();

  before(async () => {
    app = await new App().start();
    browser = await launchBrowser();
    agent = await openWindow(browser, app);
    await agent.getByTestId("conversations-empty").waitFor();
    for (const [id, name, text] of [
      ["desk-1", "先来的", "在吗 有人吗"],
      ["desk-2", "后到的", "发票怎么开"],
      ["desk-3", "最后的", "能改地址吗"],
    ]) {
      const buyer = await openBuyer(browser, app, id, "zh-CN", name);
      await buyerSays(buyer, text);
      await buyer.getByTestId("sim-message").first().waitFor();
      await buyer.context().close();
    }
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
    app?.cleanup();
  });

  test("CV-1 the lists count what is pushed; Alt+W opens the buyer who has waited longest", async () => {
    await agent.getByTestId("conversation-item").nth(2).waitFor();
    await countIs("all", 3);
    await countIs("unreplied", 3);
    assert.equal((await count("queued").innerText()).trim(), "0");

    await agent.keyboard.press("Alt+w");
    await buyerShown("先来的");
    const input = agent.getByTestId("reply-input");
    await input.fill("在的，请问有什么可以帮您？");
    await input.press("Enter");
    await countIs("unreplied", 2);

    // The button does the same; the next one waiting longest is the second buyer.
    await agent.getByTestId("jump-longest").click();
    await buyerShown("后到的");

    await agent.getByTestId("list-search").fill("地址");
    await agent.waitForFunction(() => document.querySelectorAll('[data-testid="conversation-item"]').length === 1);
    assert.match(await agent.getByTestId("conversation-item").innerText(), /最后的/);
    await countIs("all", 1);
    await agent.getByTestId("list-search").press("Escape");
    await agent.waitForFunction(() => document.querySelectorAll('[data-testid="conversation-item"]').length === 3);
  });

  test("CV-2 a conversation goes back to the queue, another is closed and read-only", async () => {
    // Away, the agent gets no conversation from the queue.
    await agent.getByTestId("agent-switcher").click();
    await agent.locator('[data-testid="agent-status"][data-status="away"]').click();
    await agent.locator('[data-testid="agent-switcher"][data-status="away"]').waitFor();

    await agent.getByTestId("conversation-item").filter({ hasText: "后到的" }).click();
    await buyerShown("后到的");
    await agent.getByTestId("transfer").click();
    await agent.locator('[data-testid="transfer-option"][data-agent-id="0"]').click();
    await countIs("queued", 1);
    await agent.getByTestId("chat-state").and(agent.locator('[data-state="queued"]')).waitFor();
    await agent.locator('[data-testid="list-tab"][data-list="queued"]').click();
    await agent.getByTestId("conversation-item").filter({ hasText: "后到的" }).getByTestId("conversation-priority").waitFor();

    // Back online, routing does not hand it back to the agent who released
    // it; answering it takes it.
    await agent.getByTestId("agent-switcher").click();
    await agent.locator('[data-testid="agent-status"][data-status="online"]').click();
    await agent.locator('[data-testid="agent-switcher"][data-status="online"]').waitFor();
    await countIs("queued", 1);
    const input = agent.getByTestId("reply-input");
    await input.fill("我来继续为您处理");
    await input.press("Enter");
    await countIs("queued", 0);
    await agent.getByTestId("chat-state").and(agent.locator('[data-state="active"]')).waitFor();

    await agent.locator('[data-testid="list-tab"][data-list="all"]').click();
    await agent.getByTestId("conversation-item").filter({ hasText: "最后的" }).click();
    await buyerShown("最后的");
    await agent.getByTestId("close-conversation").click();
    await agent.getByTestId("close-confirm").click();
    await agent.getByTestId("conversation-closed-note").waitFor();
    assert.equal(await agent.getByTestId("reply-input").count(), 0, "a closed conversation cannot be answered");
    await countIs("closed", 1);
    await agent.locator('[data-testid="list-tab"][data-list="closed"]').click();
    await agent.getByTestId("conversation-item").filter({ hasText: "最后的" }).waitFor();
  });

  test("CV-2 an agent is added, the current one goes away, and the desk switches to the new one", async () => {
    await agent.locator('[data-testid="list-tab"][data-list="all"]').click();
    await agent.getByTestId("agent-switcher").click();
    await agent.getByTestId("agent-new-name").fill("二号客服");
    await agent.getByTestId("agent-create").click();
    const other = agent.getByTestId("agent-switch").filter({ hasText: "二号客服" });
    await other.waitFor();

    await agent.locator('[data-testid="agent-status"][data-status="away"]').click();
    await agent.locator('[data-testid="agent-switcher"][data-status="away"]').waitFor();

    await agent.getByTestId("agent-switcher").click();
    await other.click();
    await agent.getByTestId("agent-current").filter({ hasText: "二号客服" }).waitFor();
    await agent.locator('[data-testid="agent-switcher"][data-status="online"]').waitFor();
    // The list is now the new agent's: empty, until a new buyer is routed to it
    // (the previous agent is offline, keeping its conversations).
    await agent.getByTestId("conversations-empty").waitFor();
    const buyer = await openBuyer(browser, app, "desk-4", "zh-CN", "新来的");
    await buyerSays(buyer, "有优惠券吗");
    await agent.getByTestId("conversation-item").filter({ hasText: "新来的" }).waitFor();
    assert.equal(await agent.getByTestId("conversation-item").count(), 1);
    await buyer.context().close();

    // Everyone's conversations name the agent serving them.
    await agent.getByTestId("list-mine-toggle").locator("input[value=all]").check({ force: true });
    await agent.getByTestId("conversation-item").filter({ hasText: "先来的" }).getByTestId("conversation-agent").waitFor();
    assert.equal(await agent.getByTestId("conversation-item").filter({ hasText: "新来的" }).getByTestId("conversation-agent").count(), 0);
  });
});
