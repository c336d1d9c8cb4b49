// The dashboard end to end (MT-6): the golden day of testdata/metrics is
// imported as a chat log through the window, and the dashboard (Ctrl+4)
// shows the figures worked out by hand in testdata/metrics/golden-day.md,
// in Chinese and in English; its export is written to the exports folder.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, realpathSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { App, importChatLog, launchBrowser, openWindow, showDashboard } from "../harness.mjs";

const golden = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "testdata", "metrics", "golden-day.csv"));

describe("dashboard", () => {
  let app, browser, win;
  const problems = [];

  before(async () => {
    app = await new App().start();
    browser = await launchBrowser();
    win = await openWindow(browser, app);
    win.setDefaultTimeout(20_000);
    win.on("console", (m) => {
      if (m.type() === "error" && !/\/favicon\.ico$/.test(m.location().url)) problems.push(`console: ${m.text()}`);
    });
    win.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    await win.getByTestId("conversations-empty").waitFor();
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
    app?.cleanup();
  });

  const value = (key) => win.getByTestId(`metric-${key}`).innerText();

  test("MT-1 – MT-5 the golden day shows the figures worked out by hand", async () => {
    const summary = await importChatLog(win, "golden-day.csv", golden);
    assert.match(summary, /13 个会话、39 条消息/);
    await showDashboard(win, "回复台演示店", "2026-03-10", "2026-03-10");
    assert.match(await win.getByTestId("metrics-range").innerText(), /2026-03-10 至 2026-03-10.*Asia\/Shanghai/);
    assert.equal(await value("sessions"), "12");
    assert.equal(await value("response24h"), "66.7%");
    assert.equal(await value("firstResponse"), "3小时59分");
    assert.equal(await value("satisfaction"), "60.0%");
    assert.equal(await value("resolved"), "16.7%");
    assert.equal(await value("handoff"), "40.0%");
    assert.equal(await value("kpi-douyin_3min_human_reply"), "28.6%");
    assert.match(await win.getByTestId("metric-card-kpi-douyin_3min_human_reply").innerText(), /2 达标 \/ 7 计入/);
    assert.match(await win.getByTestId("metric-card-response24h").innerText(), /8 \/ 12 个会话/);
    // Six charts, each drawn on a canvas.
    assert.equal(await win.getByTestId("metrics-chart").count(), 6);
    await win.waitForFunction(() => document.querySelectorAll('[data-testid="metrics-chart"] canvas').length === 6);
    assert.match(await win.getByTestId("metrics-sources").innerText(), /milguo\.com/);

    // The day before holds the session that only went on into the 10th.
    await showDashboard(win, "回复台演示店", "2026-03-09", "2026-03-10");
    assert.equal(await value("sessions"), "13");
  });

  test("MT-6 the figures read the same in English", async () => {
    await win.getByTestId("locale-switch").getByText("English").click();
    await showDashboard(win, "回复台演示店", "2026-03-10", "2026-03-10");
    assert.equal(await value("firstResponse"), "3 h 59 min");
    assert.equal(await value("response24h"), "66.7%");
    assert.match(await win.getByTestId("metric-card-kpi-douyin_3min_human_reply").innerText(), /3-minute human reply rate/);
    assert.match(await win.getByTestId("metrics-agents").innerText(), /No agent/);
    await win.getByTestId("locale-switch").getByText("中文").click();
  });

  test("MT-6 a range without sessions says so", async () => {
    await showDashboard(win, "回复台演示店", "2025-06-01", "2025-06-07");
    assert.equal(await value("sessions"), "0");
    assert.equal(await value("response24h"), "—");
    await win.getByTestId("metrics-no-sessions").waitFor();
  });

  test("MT-6 the figures are exported to the exports folder", async () => {
    await showDashboard(win, "回复台演示店", "2026-03-10", "2026-03-10");
    await win.getByTestId("metrics-export-csv").click();
    const shown = win.getByTestId("metrics-export-path");
    await shown.waitFor();
    const written = (await shown.innerText()).trim();
    assert.ok(existsSync(written), `${written} exists`);
    assert.ok(realpathSync(written).startsWith(realpathSync(app.dataDir) + path.sep + "exports" + path.sep));
    const csv = readFileSync(written, "utf8");
    assert.match(csv, /^\uFEFF日期,会话数/);
    assert.match(csv, /\n2026-03-10,12,8,0,0\.666/);
    assert.match(csv, /\n合计,12,8,0,0\.666/);
  });

  test("the page logged no errors", () => {
    assert.deepEqual(problems, []);
  });
});
