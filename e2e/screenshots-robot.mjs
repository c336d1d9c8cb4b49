// Screenshots of the full-auto robot (RB-1 – RB-10), part of `make
// screenshots`: the 全自动机器人 tab of 聊天助手; with nobody online, a robot
// reply the buyer rated 未解决 in the simulator and in the agent's window;
// an agent's draft held back by a sensitive word — in zh-CN and en. It
// switches the robot on and the agent offline, so it runs after every other
// picture. Run on its own with `node screenshots-robot.mjs` (under
// xvfb-run) to make only these.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { App, buyerSays, launchBrowser, openBuyer, openWindow, rdctl } from "./harness.mjs";

// settle lets a dialog, tooltip or popover finish appearing.
const settle = (win) => win.waitForTimeout(600);

export async function robotShots(browser, app, out) {
  const shot = (page, name) => page.screenshot({ path: path.join(out, name) });

  // The robot's settings, as its owner sees them before switching it on.
  for (const locale of ["zh-CN", "en"]) {
    const win = await openWindow(browser, app, locale);
    await win.getByTestId("open-assistant").click();
    const dialog = win.getByTestId("assistant-dialog");
    await dialog.getByTestId("assistant-tab-robot").click();
    await settle(win);
    await shot(win, `robot-settings-${locale}.png`);
    await dialog.getByTestId("assistant-cancel").click();
    await dialog.waitFor({ state: "hidden" });
    await win.close();
  }

  // Nobody online, the robot on all day: it answers, and the buyer rates it.
  await rdctl(app, "config", "-shop", "1", "robot.enabled=on", "robot.mode=all_day");
  const setup = await openWindow(browser, app, "zh-CN");
  await setup.evaluate(async () => {
    const me = await window.go.app.AgentService.CurrentAgent();
    await window.go.app.AgentService.SetStatus(me.id, "offline");
  });
  await setup.waitForFunction(async () => (await window.go.app.ReceptionService.ShopSettings(1)).settings.robotEnabled === true, undefined, { polling: 200 });
  const buyer = await openBuyer(browser, app, "shot-robot", "zh-CN", "夜猫子");
  await buyerSays(buyer, "可以开发票吗");
  await buyer.locator('[data-testid="sim-message"][data-sender="robot"]').first().waitFor({ timeout: 20_000 });
  await buyer.getByTestId("sim-rate-unsolved").first().click();
  await buyer.locator('[data-testid="sim-rate-reason"][data-reason="not_useful"]').click();
  await buyer.getByTestId("sim-rate-text").fill("我要的是专票");
  await settle(buyer);
  await shot(buyer, "simulator-robot-rating-zh-CN.png");
  await buyer.getByTestId("sim-rate-submit").click();
  await buyer.locator('[data-testid="sim-rating"][data-solved="false"]').waitFor();
  await buyer.context().close();
  await setup.close();

  for (const locale of ["zh-CN", "en"]) {
    const win = await openWindow(browser, app, locale);
    await win.getByTestId("list-mine-toggle").locator("input[value=all]").check({ force: true });
    await win.getByTestId("conversation-item").filter({ hasText: "夜猫子" }).click();
    await win.locator('[data-testid="reply-rating"][data-solved="false"]').waitFor();
    await win.getByTestId("robot-tag").first().click(); // its reason, opened
    await settle(win);
    await shot(win, `window-robot-${locale}.png`);
    // A draft with a sensitive word, held back on Enter.
    const input = win.getByTestId("reply-input");
    await input.fill("亲，加微信 abc123 私聊更方便"); // the shop's preset list is Chinese
    await input.press("Enter");
    await win.locator('[data-testid="sensitive-warning"][data-held="true"]').waitFor();
    await settle(win);
    await shot(win, `window-sensitive-${locale}.png`);
    await win.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "screenshots");
  mkdirSync(out, { recursive: true });
  const app = await new App().start();
  const browser = await launchBrowser();
  try {
    await robotShots(browser, app, out);
    console.log(`screenshots written to ${out}`);
  } finally {
    await browser.close();
    await app.stop();
    app.cleanup();
  }
}
