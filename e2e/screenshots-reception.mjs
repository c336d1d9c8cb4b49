// Screenshots of reception (AS-1, AS-4 – AS-9), part of `make screenshots`:
// the chat assistant's settings (as the owner, and read-only), the agent's
// auto-send toggle (and where the shop does not allow it), the auto-sent tag
// and its reason, a buyer message's decision, a hand-off with its system
// message and 需人工 tag, the order the conversation is about (overdue), and
// the notifications menu — in zh-CN and en.
import path from "node:path";
import { buyerSays, openBuyer, openWindow } from "./harness.mjs";

// settle lets a dialog, tooltip or popover finish appearing.
const settle = (win) => win.waitForTimeout(600);

export async function receptionShots(browser, app, out) {
  const shot = (win, name) => win.screenshot({ path: path.join(out, name) });
  const setup = await openWindow(browser, app, "zh-CN");
  // Earlier pictures filled the agent's capacity: make room, so new buyers are served.
  await setup.evaluate(async () => {
    const me = await window.go.app.AgentService.CurrentAgent();
    await window.go.app.AgentService.UpdateAgent({ id: me.id, capacity: 50, autoSend: true });
  });

  // The owner allows auto-send in shop 1 (the picture shows it switched on, before saving).
  for (const locale of ["zh-CN", "en"]) {
    const win = locale === "zh-CN" ? setup : await openWindow(browser, app, locale);
    await win.getByTestId("open-assistant").click();
    const dialog = win.getByTestId("assistant-dialog");
    await dialog.getByTestId("assistant-auto-send").waitFor();
    if (locale === "zh-CN") {
      await dialog.getByTestId("assistant-auto-send").click();
      await dialog.getByTestId("assistant-threshold").fill("0.9");
      await dialog.getByTestId("assistant-threshold").press("Enter");
    }
    await settle(win);
    await shot(win, `assistant-settings-${locale}.png`);
    await dialog.getByTestId(locale === "zh-CN" ? "assistant-save" : "assistant-cancel").click();
    await dialog.waitFor({ state: "hidden" });
    if (locale === "zh-CN") {
      // Auto-send switched on: the replay offer (FB-5), pictured, then declined.
      await win.getByText("先用历史消息回放一下？").waitFor();
      await settle(win);
      await shot(win, `replay-offer-${locale}.png`);
      await win.getByRole("button", { name: "以后再说" }).click();
      await win.getByText("先用历史消息回放一下？").waitFor({ state: "hidden" });
    }
    if (win !== setup) {
      await win.close();
    }
  }

  // An order past its promised ship time, for the buyer who will ask about it.
  const token = await setup.evaluate(() => window.go.app.ChannelService.RotateToken(1));
  const base = app.simulatorURL.replace(/simulator\/$/, "");
  const post = (url, body, auth) => fetch(base + url, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(auth ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const promised = new Date(Date.now() - 26 * 3600 * 1000).toISOString();
  const r = await post("webhook/v1/orders", { buyer: "shot-qian", orders: [
    { id: "DY20261120889", status: "paid", amount: 89, items: [{ name: "纯棉T恤 白色 L", quantity: 1 }], promise_ship_at: promised, address: "杭州市西湖区" },
  ] }, true);
  if (!r.ok) throw new Error(`orders: ${r.status} ${await r.text()}`);

  // The agent reads 小林's conversation; the others are answered on their own, or handed off.
  const lin = await openBuyer(browser, app, "shot-lin", "zh-CN", "小林");
  await buyerSays(lin, "在吗");
  await setup.getByTestId("conversation-item").filter({ hasText: "小林" }).click();
  await setup.getByTestId("chat-buyer").filter({ hasText: "小林" }).waitFor();
  const zhou = await openBuyer(browser, app, "shot-zhou", "zh-CN", "周女士");
  await buyerSays(zhou, "包邮吗");
  await zhou.locator('[data-sender="assist"]').first().waitFor();
  await buyerSays(zhou, "可以开发票吗");
  await zhou.locator('[data-sender="assist"]').nth(1).waitFor();
  await buyerSays(lin, "包邮吗");
  const sun = await openBuyer(browser, app, "shot-sun", "zh-CN", "孙先生");
  await buyerSays(sun, "从哪里发货");
  await sun.locator('[data-sender="assist"]').first().waitFor();
  await buyerSays(sun, "你们老板养的猫会不会后空翻呀");
  const qian = await openBuyer(browser, app, "shot-qian", "zh-CN", "钱女士");
  await buyerSays(qian, "订单 DY20261120889 怎么还没发货");
  // A buyer of the TikTok shop, which does not allow auto-send.
  await post("simulator/api/messages", { shop: 2, buyer: "shot-emma", name: "Emma", text: "Is shipping free?" });
  await setup.getByTestId("conversation-item").filter({ hasText: "孙先生" }).getByTestId("conversation-attention").waitFor();
  for (const page of [lin, zhou, sun, qian]) await page.context().close();
  await setup.getByTestId("conversation-item").filter({ hasText: "Emma" }).waitFor();

  for (const locale of ["zh-CN", "en"]) {
    const win = await openWindow(browser, app, locale);
    const open = async (name) => {
      await win.getByTestId("conversation-item").filter({ hasText: name }).click();
      await win.getByTestId("chat-buyer").filter({ hasText: name }).waitFor();
    };
    await open("周女士");
    await win.getByTestId("auto-sent-tag").last().click();
    await win.getByTestId("auto-sent-reason").waitFor();
    await win.getByTestId("suggestion").first().waitFor();
    await settle(win);
    await shot(win, `window-auto-sent-${locale}.png`);

    await open("小林");
    await win.locator('[data-testid="message-decision"][data-reason="viewing"]').waitFor();
    await win.getByTestId("auto-send-toggle").hover();
    await win.locator(".n-tooltip").waitFor();
    await settle(win);
    await shot(win, `window-decision-toggle-${locale}.png`);

    await win.locator('[data-testid="list-tab"][data-list="unreplied"]').click();
    await open("孙先生");
    await win.locator('[data-testid="message"][data-sender="system"]').waitFor();
    await win.mouse.move(640, 500);
    await settle(win);
    await shot(win, `window-handoff-${locale}.png`);
    await win.locator('[data-testid="list-tab"][data-list="all"]').click();

    await open("钱女士");
    await win.locator('[data-testid="assist-order"][data-overdue="true"]').waitFor();
    await settle(win);
    await shot(win, `window-order-context-${locale}.png`);
    await win.getByTestId("aside-tab-buyer").click();
    await win.getByTestId("order-current").waitFor();
    await settle(win);
    await shot(win, `window-order-buyer-${locale}.png`);
    await win.getByTestId("aside-tab-assist").click();

    await open("Emma");
    await win.locator('[data-testid="auto-send-toggle"][data-blocked="true"]').hover();
    await win.locator(".n-tooltip").waitFor();
    await settle(win);
    await shot(win, `window-auto-send-blocked-${locale}.png`);

    await win.getByTestId("notify-button").click();
    await win.getByTestId("notify-menu").waitFor();
    await settle(win);
    await shot(win, `window-notify-menu-${locale}.png`);
    await win.keyboard.press("Escape");
    await win.close();
  }

  // An agent who is not the owner sees the settings, read-only.
  const other = await setup.evaluate(async () => {
    const all = await window.go.app.AgentService.Agents();
    const a = all.find((x) => x.role === "agent") ?? (await window.go.app.AgentService.CreateAgent({ name: "阿强", capacity: 5, role: "agent" }));
    return a.id;
  });
  const before = await setup.evaluate(() => window.go.app.AgentService.CurrentAgent());
  await setup.evaluate((id) => window.go.app.AgentService.SwitchAgent(id), other);
  await setup.close();
  for (const locale of ["zh-CN", "en"]) {
    const win = await openWindow(browser, app, locale);
    await win.getByTestId("open-assistant").click();
    await win.getByTestId("assistant-read-only").waitFor();
    await settle(win);
    await shot(win, `assistant-settings-readonly-${locale}.png`);
    if (locale === "en") {
      await win.evaluate((id) => window.go.app.AgentService.SwitchAgent(id), before.id);
    }
    await win.close();
  }
}
