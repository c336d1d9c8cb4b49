// `make screenshots`: PNGs of the agent window and the buyer simulator, in
// zh-CN and en, written to screenshots/ (ignored by git).
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { App, buyerSays, launchBrowser, openBuyer, openWindow } from "./harness.mjs";

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "screenshots");
mkdirSync(out, { recursive: true });

const app = await new App().start();
const browser = await launchBrowser();
try {
  for (const locale of ["zh-CN", "en"]) {
    const win = await openWindow(browser, app, locale);
    await win.screenshot({ path: path.join(out, `window-empty-${locale}.png`) });
  }
  const zh = await openBuyer(browser, app, "shot-buyer-1", "zh-CN", "小王");
  await buyerSays(zh, "在吗");
  await buyerSays(zh, "什么时候发货 😀");
  const other = await openBuyer(browser, app, "shot-buyer-2", "zh-CN", "李女士");
  await buyerSays(other, "可以开专票吗");
  const third = await openBuyer(browser, app, "shot-buyer-3", "zh-CN", "tester");
  await buyerSays(third, "<img src=x onerror=alert(1)> 这是什么");

  for (const locale of ["zh-CN", "en"]) {
    const win = await openWindow(browser, app, locale);
    await win.getByTestId("conversation-item").filter({ hasText: "发货" }).click();
    await win.getByTestId("suggestion").first().waitFor();
    await win.screenshot({ path: path.join(out, `window-assist-${locale}.png`) });
    await win.getByTestId("suggestion-text").first().click();
    await win.screenshot({ path: path.join(out, `window-editing-${locale}.png`) });
  }
  const win = await openWindow(browser, app, "zh-CN");
  await win.getByTestId("conversation-item").filter({ hasText: "发货" }).click();
  await win.getByTestId("suggestion-send").first().waitFor();
  await win.getByTestId("suggestion-send").first().click();
  for (const locale of ["zh-CN", "en"]) {
    const sim = await openBuyer(browser, app, "shot-buyer-1", locale);
    await sim.locator('[data-sender="agent"]').first().waitFor();
    await sim.screenshot({ path: path.join(out, `simulator-${locale}.png`) });
  }
  const sim = await openBuyer(browser, app, "shot-buyer-4", "zh-CN");
  await sim.getByTestId("sim-send").click();
  await sim.getByTestId("sim-error").waitFor();
  await sim.screenshot({ path: path.join(out, "simulator-error-zh-CN.png") });
  console.log(`screenshots written to ${out}`);
} finally {
  await browser.close();
  await app.stop();
  app.cleanup();
}
