// Screenshots of the smart assistant (SA-1 – SA-8), part of `make screenshots`:
// the order-prediction card in the window and the simulator (SA-2), the
// prompt above the input box for an overdue order with the platform's rule
// (SA-1, SA-3, SA-8) and a buyer's text that looks like HTML, the report
// dialog with its error (SA-5) and the script editor (SA-6) — in zh-CN and
// en. Run on its own with
// `node screenshots-scenario.mjs` (under xvfb-run) to make only these.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { App, buyerSays, launchBrowser, openBuyer, openWindow, rdctl } from "./harness.mjs";

// settle lets a dialog, tooltip or popover finish appearing.
const settle = (win) => win.waitForTimeout(600);

export async function scenarioShots(browser, app, out) {
  const shot = (win, name) => win.screenshot({ path: path.join(out, name) });
  const setup = await openWindow(browser, app, "zh-CN");
  // Earlier pictures may have filled the agent's capacity: make room, so new buyers are served.
  await setup.evaluate(async () => {
    const me = await window.go.app.AgentService.CurrentAgent();
    await window.go.app.AgentService.UpdateAgent({ id: me.id, capacity: 50 });
    // …and be online: the prediction card goes to a buyer an agent serves.
    await window.go.app.AgentService.SetStatus(me.id, "online");
  });

  // SA-2: a buyer with several open orders asks when it ships; the prediction card goes.
  const buyer = await openBuyer(browser, app, "shot-sa-predict", "zh-CN", "小催");
  await buyer.getByTestId("sim-orders-toggle").click();
  await buyer.getByTestId("sim-order").first().waitFor();
  await buyer.getByTestId("sim-orders-toggle").click();
  await buyerSays(buyer, "亲 我的东西什么时候发货呀？");
  await buyer.locator('[data-testid="sim-card"][data-kind="order_prediction_card"]').waitFor();
  await buyer.context().close();

  // SA-8: an overdue paid order, through the webhook; the buyer's text looks like HTML.
  const token = await setup.evaluate(() => window.go.app.ChannelService.RotateToken(1));
  const hook = async (what, body) => {
    const r = await fetch(`http://127.0.0.1:${app.httpPort}/webhook/v1/${what}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!r.ok) throw new Error(`${what}: ${r.status} ${await r.text()}`);
  };
  const past = new Date(Date.now() - 30 * 3600 * 1000).toISOString();
  await hook("orders", {
    buyer: "shot-sa-overdue", name: "王女士",
    orders: [{ id: "DY6921450038812", status: "paid", amount: 129.9, items: [{ name: "纯棉短袖T恤 白色 L", quantity: 2 }], promise_ship_at: past }],
  });
  await hook("messages", { buyer: "shot-sa-overdue", name: "王女士", text: "<b>说好昨天发货</b>，怎么还没发？", id: "shot-sa-1" });

  for (const locale of ["zh-CN", "en"]) {
    const win = locale === "zh-CN" ? setup : await openWindow(browser, app, locale);
    const open = async (name) => {
      await win.getByTestId("conversation-item").filter({ hasText: name }).click();
      await win.getByTestId("chat-buyer").filter({ hasText: name }).waitFor();
    };

    await open("小催");
    await win.locator('[data-testid="message-card"][data-kind="order_prediction_card"]').waitFor();
    await win.getByTestId("scenario-prompt").waitFor();
    await settle(win);
    await shot(win, `scenario-prediction-${locale}.png`);

    await open("王女士");
    await win.getByTestId("scenario-rule").waitFor();
    await settle(win);
    await shot(win, `scenario-prompt-overdue-${locale}.png`);

    // SA-5: the report dialog, a description typed and an image of the wrong type picked.
    await win.getByTestId("scenario-report").click();
    const dialog = win.getByTestId("report-dialog");
    await dialog.waitFor();
    await dialog.getByTestId("report-text").fill(locale === "zh-CN" ? "超时的订单，推荐话术还在说「会尽快发货」，应该先道歉并说明补偿。" : "The order is overdue but the script still says it will ship soon; it should apologise first.");
    await dialog.getByTestId("report-image-input").setInputFiles({ name: "screen.bmp", mimeType: "image/bmp", buffer: Buffer.from("BM") });
    await dialog.getByTestId("report-image-error").waitFor();
    await settle(win);
    await shot(win, `scenario-report-${locale}.png`);
    await dialog.getByTestId("report-cancel").click();
    await dialog.waitFor({ state: "hidden" });

    if (win !== setup) await win.close();
  }

  // SA-6: the script editor, where the robot is on (switched off again after).
  await rdctl(app, "config", "-shop", "1", "robot.enabled=on");
  for (const locale of ["zh-CN", "en"]) {
    const win = await openWindow(browser, app, locale);
    await win.getByTestId("conversation-item").filter({ hasText: "王女士" }).click();
    await win.getByTestId("scenario-edit").click();
    await win.getByTestId("script-editor").waitFor();
    await win.getByTestId("script-input").first().waitFor();
    await settle(win);
    await shot(win, `scenario-editor-${locale}.png`);
    await win.close();
  }
  await rdctl(app, "config", "-shop", "1", "robot.enabled=off");

  for (const locale of ["zh-CN", "en"]) {
    const sim = await openBuyer(browser, app, "shot-sa-predict", locale);
    const card = sim.locator('[data-testid="sim-card"][data-kind="order_prediction_card"]');
    await card.waitFor();
    await card.getByTestId("sim-show-other-orders").click();
    await settle(sim);
    await sim.screenshot({ path: path.join(out, `simulator-prediction-${locale}.png`) });
    await sim.context().close();
  }
  await setup.close();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "screenshots");
  mkdirSync(out, { recursive: true });
  const app = await new App().start();
  const browser = await launchBrowser();
  try {
    await scenarioShots(browser, app, out);
    console.log(`screenshots written to ${out}`);
  } finally {
    await browser.close();
    await app.stop();
    app.cleanup();
  }
}
