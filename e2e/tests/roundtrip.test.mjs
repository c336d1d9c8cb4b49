// The walking skeleton end to end: a buyer writes in the simulator, the agent
// sees it pushed into the window, reads the assist suggestions and replies
// three ways; the buyer sees every reply; the data survives a restart.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { App, buyerSays, launchBrowser, openBuyer, openWindow } from "../harness.mjs";

describe("buyer → agent → buyer", () => {
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

  test("AS-2 a buyer message is pushed to the window and gets intent and top-3 suggestions", async () => {
    const items = agent.getByTestId("conversation-item");
    assert.equal(await items.count(), 0, "a new desk starts with no conversations");

    const buyer = await openBuyer(browser, app, "e2e-buyer-1");
    await buyerSays(buyer, "什么时候发货");

    // Pushed, not polled: the window is not reloaded.
    await items.first().waitFor();
    await items.first().getByTestId("unread-badge").waitFor();
    await items.first().click();

    const msgs = agent.getByTestId("message");
    await msgs.filter({ hasText: "什么时候发货" }).first().waitFor();
    await assert.doesNotReject(agent.getByTestId("unread-badge").waitFor({ state: "detached" }));

    const intent = agent.getByTestId("assist-intent");
    await intent.filter({ hasText: /催发货|ship/i }).waitFor();
    const suggestions = agent.getByTestId("suggestion");
    await suggestions.first().waitFor();
    assert.equal(await suggestions.count(), 3);
    const conf = await agent.getByTestId("suggestion-confidence").first().innerText();
    assert.match(conf, /\d+\s*%/);
    const top = await agent.getByTestId("suggestion-text").first().innerText();
    assert.match(top, /发货/, "the best suggestion answers the shipping question");
    await buyer.context().close();
  });

  test("AS-3 send a suggestion as is, edit one first, and reply freely with Enter", async () => {
    const buyer = await openBuyer(browser, app, "e2e-buyer-2");
    await buyerSays(buyer, "能改地址吗");
    const item = agent.getByTestId("conversation-item").filter({ hasText: "能改地址吗" });
    await item.click();
    await agent.getByTestId("message").filter({ hasText: "能改地址吗" }).waitFor();

    // 1. The send button sends the suggestion as it is.
    await agent.getByTestId("suggestion").first().waitFor();
    const answer = (await agent.getByTestId("suggestion-text").first().innerText()).trim();
    await agent.getByTestId("suggestion-send").first().click();
    const replies = buyer.locator('[data-testid="sim-message"][data-sender="agent"]');
    await replies.filter({ hasText: answer.slice(0, 12) }).waitFor();

    // 2. Clicking the text puts it in the input box to edit before sending.
    await agent.getByTestId("suggestion-text").first().click();
    const input = agent.getByTestId("reply-input");
    assert.equal((await input.inputValue()).trim(), answer);
    await input.fill(answer + "(已为您备注)");
    await input.press("Enter");
    await replies.filter({ hasText: "(已为您备注)" }).waitFor();
    // The buyer may see the reply before the agent's window has settled.
    await agent.waitForFunction(() => document.querySelector('[data-testid="reply-input"]')?.value === "");

    // 3. A free reply; Shift+Enter makes a new line instead of sending.
    await input.fill("第一行");
    await input.press("Shift+Enter");
    await input.pressSequentially("第二行");
    // Had Shift+Enter sent 第一行, the box would have been emptied.
    assert.equal(await input.inputValue(), "第一行\n第二行", "Shift+Enter made a new line and did not send");
    await input.press("Enter");
    await replies.filter({ hasText: "第二行" }).waitFor();
    assert.equal(await replies.count(), 3);
    // The agent's side shows the three replies too (pushed, so wait for the third).
    const ours = agent.locator('[data-testid="message"][data-sender="agent"]');
    await ours.nth(2).waitFor();
    assert.equal(await ours.count(), 3);
    await buyer.context().close();
  });

  test("CV-7a buyer text is shown as text, never as HTML", async () => {
    const buyer = await openBuyer(browser, app, "e2e-buyer-3");
    const hostile = "<img src=x onerror=alert(1)>";
    let dialogs = 0;
    agent.on("dialog", (d) => { dialogs++; d.dismiss(); });
    await buyerSays(buyer, hostile);
    await agent.getByTestId("conversation-item").filter({ hasText: hostile }).click();
    const msg = agent.getByTestId("message").filter({ hasText: hostile });
    await msg.waitFor();
    assert.equal(await msg.locator("img").count(), 0);
    await buyer.getByTestId("sim-message").filter({ hasText: hostile }).waitFor();
    assert.equal(await buyer.locator('[data-testid="sim-log"] img').count(), 0);
    assert.equal(dialogs, 0);
    await buyer.context().close();
  });

  test("CV-7a bad buyer input is refused on the buyer page and stored nowhere", async () => {
    const buyer = await openBuyer(browser, app, "e2e-buyer-4");
    const before = await agent.getByTestId("conversation-item").count();
    await buyer.getByTestId("sim-send").click(); // empty
    await buyer.getByTestId("sim-error").filter({ hasText: /不能为空/ }).waitFor();
    await buyer.getByTestId("sim-input").fill("长".repeat(4001));
    await buyer.getByTestId("sim-send").click();
    await buyer.getByTestId("sim-error").filter({ hasText: /太长/ }).waitFor();
    assert.equal(await buyer.getByTestId("sim-message").count(), 0);
    // Nothing reached the desk: a good message afterwards is the buyer's only one.
    await buyerSays(buyer, "emoji 也行 😀👍 mixed 中英");
    const item = agent.getByTestId("conversation-item").filter({ hasText: "😀👍" });
    await item.waitFor();
    assert.equal(await agent.getByTestId("conversation-item").count(), before + 1);
    await item.click();
    assert.equal(await agent.getByTestId("message").count(), 1);
    await buyer.context().close();
  });

  test("CV-7a the conversations and messages survive a restart", async () => {
    const stopped = await app.stop();
    assert.equal(stopped.code, 0, `clean exit, got ${JSON.stringify(stopped)}\n${app.log}`);
    await app.start();
    await agent.goto(app.windowURL);
    await agent.getByTestId("conversation-item").filter({ hasText: "第二行" }).click();
    await agent.getByTestId("message").filter({ hasText: "能改地址吗" }).waitFor();
    assert.equal(await agent.locator('[data-testid="message"][data-sender="agent"]').count(), 3);
    const buyer = await openBuyer(browser, app, "e2e-buyer-2");
    await buyer.locator('[data-testid="sim-message"][data-sender="agent"]').nth(2).waitFor();
  });
});
