// Quick phrases end to end (CV-3): the agent types `/` and a few letters in the
// reply box, picks a preset phrase with the keyboard and sends it — the buyer
// reads it with their name filled in; then the agent writes a personal
// phrase in the 常用语 drawer and uses it.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { App, buyerSays, launchBrowser, openBuyer, openWindow } from "../harness.mjs";

describe("quick phrases", () => {
  let app, browser, agent, buyer;

  before(async () => {
    app = await new App().start();
    browser = await launchBrowser();
    agent = await openWindow(browser, app);
    buyer = await openBuyer(browser, app, "phrase-buyer-1", "zh-CN", "张三");
    await buyerSays(buyer, "在吗");
    await agent.getByTestId("conversation-item").filter({ hasText: "张三" }).click();
    await agent.getByTestId("message").filter({ hasText: "在吗" }).waitFor();
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
    app?.cleanup();
  });

  const buyerSees = (text) => buyer.getByTestId("sim-message").filter({ hasText: text }).first().waitFor();

  test("CV-3 / opens the picker; the keyboard picks a preset phrase; Enter sends it with the buyer's name", async () => {
    const input = agent.getByTestId("reply-input");
    await input.fill("/问候");
    const options = agent.getByTestId("phrase-option");
    await options.first().waitFor();
    assert.equal(await options.count(), 3, "the shop's three 问候 presets");
    assert.equal(await options.nth(0).getAttribute("aria-selected"), "true");
    await input.press("ArrowDown");
    assert.equal(await options.nth(1).getAttribute("aria-selected"), "true");
    await input.press("ArrowUp");
    await input.press("Enter"); // inserts, does not send
    await agent.getByTestId("phrase-picker").waitFor({ state: "detached" });
    const filled = "亲爱的张三，您好，欢迎光临回复台演示店，请问有什么可以帮您？";
    await agent.waitForFunction((t) => document.querySelector('[data-testid="reply-input"]')?.value === t, filled);
    assert.equal(await agent.getByTestId("message").filter({ hasText: "亲爱的张三" }).count(), 0, "not sent yet");

    await input.press("Enter");
    await agent.getByTestId("message").filter({ hasText: filled }).waitFor();
    await buyerSees(filled);
    assert.equal(await input.inputValue(), "");

    // Esc closes the picker and leaves the text; a variable without a value stays for the agent.
    await input.fill("/物流");
    await options.first().waitFor();
    await input.press("Escape");
    await agent.getByTestId("phrase-picker").waitFor({ state: "detached" });
    assert.equal(await input.inputValue(), "/物流");
    await input.fill("/单号");
    await options.first().waitFor();
    await input.press("Tab");
    await agent.waitForFunction(() => document.querySelector('[data-testid="reply-input"]')?.value.includes("{order.tracking_no}"));
    await agent.locator(".n-message").filter({ hasText: "请先补全：运单号" }).waitFor();
    await input.press("Enter"); // refused: the buyer never sees a raw variable
    await agent.locator(".n-message").filter({ hasText: "请先填好花括号里的变量" }).waitFor();
    assert.match(await input.inputValue(), /\{order\.tracking_no\}/);
    await input.fill("");
  });

  test("CV-3 a personal phrase written in the drawer is listed under 我的 and inserted with one click", async () => {
    await agent.getByTestId("phrases-button").click();
    const drawer = agent.getByTestId("phrase-drawer");
    await drawer.getByTestId("phrase-item").first().waitFor();
    await drawer.getByTestId("phrase-add").click();
    await drawer.getByTestId("phrase-text").fill("");
    await drawer.getByTestId("phrase-var-buyer.name").click();
    await drawer.getByTestId("phrase-text").press("End");
    await drawer.getByTestId("phrase-text").pressSequentially("，我是您的专属客服小助手");
    await drawer.getByTestId("phrase-group").fill("我的开场");
    await drawer.getByTestId("phrase-scope-mine").click();
    await drawer.getByTestId("phrase-save").click();
    await drawer.getByTestId("phrase-editor").waitFor({ state: "detached" });

    const mine = drawer.getByTestId("phrase-item").filter({ hasText: "专属客服小助手" });
    await mine.waitFor();
    assert.match(await drawer.getByTestId("phrase-tab-mine").innerText(), /我的 \(1\)/);
    assert.match(await drawer.innerText(), /我的开场/);
    await mine.getByTestId("phrase-insert").click();
    await drawer.waitFor({ state: "detached" });

    const input = agent.getByTestId("reply-input");
    const filled = "张三，我是您的专属客服小助手";
    await agent.waitForFunction((t) => document.querySelector('[data-testid="reply-input"]')?.value === t, filled);
    await input.press("Enter");
    await buyerSees(filled);

    // It is in the `/` picker too, marked as the agent's own.
    await input.fill("/专属");
    const option = agent.getByTestId("phrase-option");
    await option.first().waitFor();
    assert.equal(await option.count(), 1);
    assert.match(await option.first().innerText(), /我的/);
    await input.press("Escape");
    await input.fill("");
  });

  test("CV-3 a bad phrase is refused with a clear error and nothing is saved", async () => {
    await agent.getByTestId("phrases-button").click();
    const drawer = agent.getByTestId("phrase-drawer");
    await drawer.getByTestId("phrase-add").click();
    await drawer.getByTestId("phrase-text").fill("您好 {buyer.nickname}");
    await drawer.getByTestId("phrase-save").click();
    await drawer.getByTestId("phrase-save-error").filter({ hasText: "使用了不认识的变量" }).waitFor();
    const phrases = await agent.evaluate(() => window.go.app.PhraseService.List(1));
    assert.ok(!phrases.some((p) => p.text.includes("nickname")), "the refused phrase was not stored");
  });
});
