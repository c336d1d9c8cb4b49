// Starts the ReplyDesk dev build (go build -tags dev) the way `wails dev`
// does, serving the window's page and its Go bindings on a loopback port, and
// opens Chromium pages for the agent window and the buyer simulator.
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const binary = process.env.REPLYDESK_DEV_BINARY || path.join(root, "build", "bin", "replydesk-dev");

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

async function waitForHTTP(url, proc, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`the app exited with ${proc.exitCode} before ${url} answered`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** An app process with its own data folder and ports. */
export class App {
  constructor(dataDir) {
    this.dataDir = dataDir || mkdtempSync(path.join(os.tmpdir(), "replydesk-e2e-"));
    this.ownsDir = !dataDir;
    this.log = "";
  }

  async start() {
    this.httpPort ??= await freePort();
    this.devPort ??= await freePort();
    this.proc = spawn(binary, [], {
      env: {
        ...process.env,
        REPLYDESK_DATA_DIR: this.dataDir,
        REPLYDESK_HTTP_ADDR: `127.0.0.1:${this.httpPort}`,
        devserver: `127.0.0.1:${this.devPort}`,
        assetdir: path.join(root, "frontend", "dist"),
        loglevel: "warning",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    for (const s of [this.proc.stdout, this.proc.stderr]) s.on("data", (d) => { this.log += d; });
    this.exited = new Promise((resolve) => this.proc.on("exit", (code, signal) => resolve({ code, signal })));
    await waitForHTTP(`${this.simulatorURL}api/shops`, this.proc);
    await waitForHTTP(this.windowURL, this.proc);
    return this;
  }

  get windowURL() { return `http://127.0.0.1:${this.devPort}/`; }
  get simulatorURL() { return `http://127.0.0.1:${this.httpPort}/simulator/`; }

  /** Stops the app as the desktop would (SIGTERM) and waits for it to exit. */
  async stop() {
    if (!this.proc || this.proc.exitCode !== null) return this.exited;
    this.proc.kill("SIGTERM");
    const timer = setTimeout(() => this.proc.kill("SIGKILL"), 15_000);
    const result = await this.exited;
    clearTimeout(timer);
    return result;
  }

  cleanup() {
    if (this.ownsDir) rmSync(this.dataDir, { recursive: true, force: true });
  }
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--disable-quic", "--no-first-run"],
  });
}

/** Opens the agent window's page, in the given language. */
export async function openWindow(browser, app, locale = "zh-CN") {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale });
  await ctx.addInitScript((l) => localStorage.setItem("replydesk.locale", l), locale);
  const page = await ctx.newPage();
  await page.goto(app.windowURL);
  await page.waitForFunction(() => window.go && window.go.app && window.go.app.ChatService);
  return page;
}

/** Opens the buyer simulator as a given buyer of the first shop. */
export async function openBuyer(browser, app, buyer, locale = "zh-CN", name = "") {
  const ctx = await browser.newContext({ viewport: { width: 440, height: 760 }, locale });
  const page = await ctx.newPage();
  const q = new URLSearchParams({ buyer, lang: locale });
  if (name) q.set("name", name);
  await page.goto(`${app.simulatorURL}?${q}`);
  await page.locator('[data-testid="sim-status"][data-state="live"]').waitFor();
  return page;
}

export async function buyerSays(page, text) {
  await page.getByTestId("sim-input").fill(text);
  await page.getByTestId("sim-input").press("Enter");
}

/**
 * rdctl runs the project's command-line tool on an app's data folder, e.g.
 * rdctl(app, "config", "-shop", "1", "assist.auto_send=on"); a running app
 * picks settings changed this way up within a second. Resolves with stdout.
 */
export function rdctl(app, command, ...args) {
  return new Promise((resolve, reject) => {
    execFile("go", ["run", "./cmd/rdctl", command, "-data", app.dataDir, ...args], { cwd: root }, (err, stdout, stderr) => {
      if (err) reject(new Error(`rdctl ${command}: ${stderr || err.message}`));
      else resolve(stdout);
    });
  });
}

/** Imports a chat-log file into a shop (by name; the first when none) through the window's chat-history dialog. */
export async function importChatLog(page, name, buffer, shop = "") {
  await page.getByTestId("open-history").click();
  const dialog = page.getByTestId("history-dialog");
  await dialog.waitFor();
  await dialog.locator('.n-tabs-tab[data-name="import"]').click();
  if (shop) {
    await dialog.getByTestId("history-import-shop").click();
    await page.locator(".n-base-select-option").filter({ hasText: shop }).click();
  }
  await dialog.getByTestId("history-import-input").setInputFiles({ name, mimeType: "text/csv", buffer });
  const summary = dialog.getByTestId("history-import-summary");
  await summary.waitFor();
  const text = await summary.innerText();
  await dialog.getByTestId("history-close").click();
  await dialog.waitFor({ state: "hidden" });
  return text;
}

/** Shows the dashboard (Ctrl+4) of the shop named shop, on the days from to to. */
export async function showDashboard(page, shop, from, to) {
  await page.keyboard.press("Control+4");
  const screen = page.getByTestId("metrics-screen");
  await screen.waitFor();
  await page.getByTestId("metrics-report").waitFor();
  await page.getByTestId("metrics-shop").click();
  await page.locator(".n-base-select-option").filter({ hasText: shop }).click();
  // The first day, then the last: a range is never reversed on the way.
  for (const [box, day] of [["metrics-from", from], ["metrics-to", to]]) {
    const input = page.getByTestId(box).locator("input");
    await input.click();
    await input.press("Control+a");
    await input.fill(day);
    await input.press("Enter");
    await page.keyboard.press("Escape");
  }
  await page.locator(`[data-testid="metrics-report"][data-from="${from}"][data-to="${to}"]`).waitFor();
  await page.getByTestId("metrics-range").click(); // out of the date box
  await page.waitForFunction(() => document.querySelector('[data-testid="metrics-screen"]')?.getAttribute("aria-busy") === "false");
}
