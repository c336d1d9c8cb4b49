// Assist auto-send end to end (AS-4 – AS-9): an owner allows auto-send in
// 聊天助手 → 辅助回复; while the agent reads one conversation, confident
// answers go out by themselves in the others, tagged 自动发送 for agents only;
// what assist cannot answer, or would send twice, waits for the agent with a
// 需人工 tag and a system message.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { App, buyerSays, launchBrowser, openBuyer, openWindow, rdctl } from "../harness.mjs";

describe("assist auto-send", () => {
  let app, browser, agent;
  const buyers = [];

  const item = (name) => agent.getByTestId("conversation-item").filter({ hasText: name });
  const chatWith = async (name) => {
    await item(name).click();
    await agent.getByTestId("chat-buyer").filter({ hasText: name }).waitFor();
  };
  /** A buyer writes in the simulator; resolves with the buyer's page. */
  const buyer = async (id, name, text) => {
    const page = await openBuyer(browser, app, id, "zh-CN", name);
    buyers.push(page);
    await buyerSays(page, text);
    return page;
  };
  /** say sends a line and waits until the simulator shows it sent. */
  const say = async (page, text) => {
    const before = await page.locator('[data-testid="sim-message"][data-sender="buyer"]').count();
    await buyerSays(page, text);
    await page.locator('[data-testid="sim-message"][data-sender="buyer"]').nth(before).waitFor();
  };
  /** The simulator shows the n-th (0-based) reply assist sent to this buyer. */
  const assistReply = (page, n) => page.locator('[data-testid="sim-message"][data-sender="assist"]').nth(n);
  const countIs = (list, n) => agent.waitForFunction(
    ([l, want]) => document.querySelector(`[data-testid="list-tab"][data-list="${l}"] [data-testid="list-count"]`)?.textContent?.trim() === want,
    [list, String(n)],
  );

  before(async () => {
    app = await new App().start();
    browser = await launchBrowser();
    agent = await openWindow(browser, app);
    await agent.getByTestId("conversations-empty").waitFor();
    // Room for every buyer of this file: the default capacity (5) would queue some.
    await agent.evaluate(async () => {
      const me = await window.go.app.AgentService.CurrentAgent();
      await window.go.app.AgentService.UpdateAgent({ id: me.id, capacity: 20 });
    });
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
    app?.cleanup();
  });

  test("AS-5 auto-send answers in the conversation the agent is not reading, not in the one it reads, and says why", async () => {
    // An owner allows auto-send for the shop, in the window.
    await agent.getByTestId("open-assistant").click();
    const dialog = agent.getByTestId("assistant-dialog");
    await dialog.getByTestId("assistant-auto-send").waitFor();
    assert.equal(await dialog.getByTestId("assistant-auto-send").getAttribute("aria-checked"), "false");
    assert.match(await dialog.getByTestId("assistant-threshold-default").innerText(), /默认 0\.\d\d/);
    await dialog.getByTestId("assistant-auto-send").click();
    await dialog.getByTestId("assistant-save").click();
    await dialog.waitFor({ state: "hidden" });
    // Switching auto-send on offers a replay of the shop's history first (FB-5); not now.
    await agent.getByText("先用历史消息回放一下？").waitFor();
    await agent.getByRole("button", { name: "以后再说" }).click();
    await agent.getByText("先用历史消息回放一下？").waitFor({ state: "hidden" });
    assert.equal(await agent.getByTestId("auto-send-toggle").count(), 0, "no conversation is open yet");

    const a = await buyer("as5-a", "正在看的", "在吗");
    const b = await buyer("as5-b", "没在看的", "在吗");
    await item("没在看的").waitFor();
    await chatWith("正在看的");
    await agent.locator('[data-testid="auto-send-toggle"][data-on="true"]').waitFor();

    await say(a, "包邮吗");
    await say(b, "包邮吗");

    // B is answered on its own: the buyer sees the reply, with no tag.
    const replyB = assistReply(b, 1);
    await replyB.waitFor();
    assert.match(await replyB.innerText(), /包邮/);
    assert.doesNotMatch(await b.locator("body").innerText(), /自动发送/);

    // A, in front of the agent, is not; its decision says why, live.
    const why = agent.locator('[data-testid="message-decision"][data-reason="viewing"]');
    await why.waitFor();
    assert.equal((await why.innerText()).trim(), "未发送：你正在看这个会话");
    assert.equal(await assistReply(a, 1).count(), 0);

    // In B the reply carries 自动发送, and its reason.
    await chatWith("没在看的");
    const tag = agent.getByTestId("auto-sent-tag").last();
    await tag.waitFor();
    assert.equal((await tag.innerText()).trim(), "自动发送");
    await tag.click();
    assert.match(
      await agent.getByTestId("auto-sent-reason").innerText(),
      // The reason, then what the confidence rests on, in words.
      /^已自动发送：置信度 \d\.\d\d ≥ \d\.\d\d，知识库问题「包邮吗？」 · 代你发送\n置信度依据：与这个问题的某个问法完全一致；/,
    );
  });

  test("AS-7 after an auto-send the conversation is unread, not unreplied; a follow-up is answered too", async () => {
    await rdctl(app, "config", "-shop", "1", "assist.auto_send=on");
    const viewed = await buyer("as7-a", "七号正在看", "在吗");
    const other = await buyer("as7-b", "七号没在看", "在吗");
    await item("七号没在看").waitFor();
    await chatWith("七号正在看");
    await say(viewed, "谢谢"); // the agent has its conversation in front

    await say(other, "可以开发票吗");
    await assistReply(other, 1).waitFor();
    const row = item("七号没在看");
    await row.getByTestId("unread-badge").waitFor();
    // The buyer may see the reply a batch (50 ms) before the window does.
    await row.getByTestId("conversation-unreplied").waitFor({ state: "detached" });
    assert.equal(await row.getByTestId("conversation-unreplied").count(), 0, "answered: not waiting for a reply");
    await agent.locator('[data-testid="list-tab"][data-list="unreplied"]').click();
    await item("七号正在看").waitFor();
    assert.equal(await item("七号没在看").count(), 0, "not in 未回复");
    await agent.locator('[data-testid="list-tab"][data-list="unread"]').click();
    await item("七号没在看").waitFor();
    await agent.locator('[data-testid="list-tab"][data-list="all"]').click();

    // The buyer follows up: assist keeps answering.
    await say(other, "从哪里发货");
    await assistReply(other, 2).waitFor();
    assert.match(await assistReply(other, 2).innerText(), /发货/);
    assert.equal(await item("七号没在看").getByTestId("conversation-unreplied").count(), 0);
  });

  test("AS-8 what assist cannot answer waits in 未回复 with a tag and a system message", async () => {
    await rdctl(app, "config", "-shop", "1", "assist.auto_send=on");
    const viewed = await buyer("as8-a", "八号正在看", "在吗");
    const other = await buyer("as8-b", "八号没在看", "在吗");
    await item("八号没在看").waitFor();
    await chatWith("八号正在看");
    await say(viewed, "谢谢");

    await say(other, "包邮吗");
    await assistReply(other, 1).waitFor();
    await say(other, "你们老板养的猫会不会后空翻呀 哈哈哈");

    const row = item("八号没在看");
    await row.getByTestId("conversation-attention").waitFor();
    assert.equal((await row.getByTestId("conversation-attention").innerText()).trim(), "需人工");
    await row.getByTestId("conversation-unreplied").waitFor();
    await agent.locator('[data-testid="list-tab"][data-list="unreplied"]').click();
    await item("八号没在看").getByTestId("conversation-attention").waitFor();
    await chatWith("八号没在看");
    const note = agent.locator('[data-testid="message"][data-sender="system"]');
    await note.waitFor();
    assert.match(await note.innerText(), /辅助回复无法回答买家的这条消息（.+），请尽快回复。/);
    assert.match(await note.innerText(), /仅客服可见/);
    const why = agent.locator('[data-testid="message-decision"][data-outcome="handoff"]');
    assert.match(await why.innerText(), /^未发送：/);
    assert.equal(await assistReply(other, 2).count(), 0, "nothing more went to the buyer");
    assert.equal(await other.locator('[data-testid="sim-message"][data-sender="system"]').count(), 0, "the buyer never sees system notes");

    // Answering it clears the tag.
    await agent.getByTestId("reply-input").fill("哈哈，我帮您问问～");
    await agent.getByTestId("reply-input").press("Enter");
    await agent.locator('.head [data-testid="conversation-attention"]').waitFor({ state: "detached" });
    await agent.locator('[data-testid="list-tab"][data-list="all"]').click();
  });

  test("AS-9 the same automatic reply is not sent twice: auto-reply stops and a system message says so", async () => {
    await rdctl(app, "config", "-shop", "1", "assist.auto_send=on");
    const viewed = await buyer("as9-a", "九号正在看", "在吗");
    const other = await buyer("as9-b", "九号没在看", "在吗");
    await item("九号没在看").waitFor();
    await chatWith("九号正在看");
    await say(viewed, "谢谢");

    await say(other, "包邮吗");
    await assistReply(other, 1).waitFor();
    await say(other, "包邮吗");
    await item("九号没在看").getByTestId("conversation-attention").waitFor();
    assert.equal(await assistReply(other, 2).count(), 0, "the second is not auto-sent");

    await chatWith("九号没在看");
    const note = agent.locator('[data-testid="message"][data-sender="system"]');
    await note.waitFor();
    assert.match(await note.innerText(), /同一条自动回复（「包邮吗？」）将在此会话中第二次发出，此会话的自动回复已停止，请尽快人工回复。/);
    const why = agent.locator('[data-testid="message-decision"][data-reason="repeat"]');
    assert.equal((await why.innerText()).trim(), "未发送：同样的回复已在此会话中自动发送过");
    assert.equal(await agent.getByTestId("auto-sent-tag").count(), 2, "the greeting and the first answer");
  });
});
