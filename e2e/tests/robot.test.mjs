// The full-auto robot end to end (RB-1 – RB-7): an owner switches it on for
// the whole day with rdctl; with nobody online it answers the buyer,
// labelled for the buyer (由聊天助手发送) and for agents (机器人); the buyer
// rates the reply 未解决 and the rating reaches the agent's window and the
// review queue; once a human has replied in the conversation the robot
// never answers there again.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { App, buyerSays, launchBrowser, openBuyer, openWindow, rdctl } from "../harness.mjs";

describe("full-auto robot", () => {
  let app, browser, agent, buyer, me;

  /** The reception decisions of a conversation, read as the window reads them. */
  const decisions = (id) => agent.evaluate(async (cid) => (await window.go.app.ChatService.Open(cid)).decisions, id);
  const buyerLines = () => buyer.locator('[data-testid="sim-message"][data-sender="buyer"]');
  const robotLines = () => buyer.locator('[data-testid="sim-message"][data-sender="robot"]');

  before(async () => {
    app = await new App().start();
    browser = await launchBrowser();
    agent = await openWindow(browser, app);
    await agent.getByTestId("conversations-empty").waitFor();
    await rdctl(app, "config", "-shop", "1", "robot.enabled=on", "robot.mode=all_day");
    // Nobody online: the robot's time (RB-2).
    me = await agent.evaluate(async () => {
      const me = await window.go.app.AgentService.CurrentAgent();
      await window.go.app.AgentService.SetStatus(me.id, "offline");
      return me;
    });
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
    app?.cleanup();
  });

  test("RB-2 RB-4 with nobody online the robot answers from the KB, labelled for the buyer and for agents", async () => {
    // The setting rdctl changed reaches the running app within 2 seconds; the buyer writes after it.
    await agent.waitForFunction(async () => (await window.go.app.ReceptionService.ShopSettings(1)).settings.robotEnabled === true, undefined, { polling: 200 });
    buyer = await openBuyer(browser, app, "rb-1", "zh-CN", "夜猫子");
    await buyerSays(buyer, "什么时候发货");
    const reply = robotLines().first();
    await reply.waitFor({ timeout: 20_000 });
    assert.equal(await reply.getByTestId("sim-bot-label").innerText(), "由聊天助手发送");

    await agent.getByTestId("list-mine-toggle").locator("input[value=all]").check({ force: true });
    await agent.getByTestId("conversation-item").filter({ hasText: "夜猫子" }).click();
    const tag = agent.getByTestId("robot-tag").first();
    await tag.waitFor();
    assert.match(await tag.innerText(), /机器人/);
  });

  test("RB-7 the buyer rates the robot's reply unsolved: the agent sees it, and it waits in the review queue", async () => {
    await buyer.getByTestId("sim-rate-unsolved").first().click();
    await buyer.locator('[data-testid="sim-rate-reason"][data-reason="irrelevant"]').click();
    await buyer.getByTestId("sim-rate-text").fill("我问的是哪天发");
    await buyer.getByTestId("sim-rate-submit").click();
    await buyer.locator('[data-testid="sim-rating"][data-solved="false"]').waitFor();

    await agent.locator('[data-testid="reply-rating"][data-solved="false"]').waitFor();
    await agent.keyboard.press("Control+3");
    await agent.locator('.n-tabs-tab[data-name="review"]').click();
    const item = agent.locator('[data-testid="review-item"][data-kind="rating"]').first();
    await item.waitFor();
    assert.match(await item.innerText(), /答非所问/);
    assert.match(await item.innerText(), /我问的是哪天发/);
    await agent.keyboard.press("Control+1");
  });

  test("RB-1 once a human has replied, the robot never answers in that conversation again", async () => {
    await agent.evaluate((id) => window.go.app.AgentService.SetStatus(id, "online"), me.id);
    const conversation = await agent.getByTestId("conversation-item").filter({ hasText: "夜猫子" }).getAttribute("data-conversation-id");
    const input = agent.getByTestId("reply-input");
    await input.fill("我来帮您看看，稍等");
    await input.press("Enter");
    await buyer.locator('[data-testid="sim-message"][data-sender="agent"]').first().waitFor();
    // The agent goes offline again: nobody online, as when the robot answered.
    await agent.evaluate((id) => window.go.app.AgentService.SetStatus(id, "offline"), me.id);

    await buyerSays(buyer, "什么时候发货");
    await buyerLines().nth(1).waitFor();
    // Every buyer message gets its one decision; wait for the second's.
    await agent.waitForFunction(
      async (cid) => ((await window.go.app.ChatService.Open(cid)).decisions ?? []).length >= 2,
      Number(conversation),
      { polling: 200 },
    );
    const all = await decisions(Number(conversation));
    const last = all.reduce((a, b) => (b.messageId > a.messageId ? b : a));
    assert.notEqual(last.outcome, "robot", `the robot answered over the human: ${JSON.stringify(last)}`);
    assert.equal(await robotLines().count(), 1);
  });
});
