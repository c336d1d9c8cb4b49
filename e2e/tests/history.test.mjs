// The chat history end to end: a buyer writes, the agent answers, and the
// history is exported as CSV and xlsx into the data folder's exports (CV-5);
// a chat-log file is imported all or nothing, and its conversation shows in
// the Closed list as history (CV-7c).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, realpathSync } from "node:fs";
import path from "node:path";
import { App, buyerSays, launchBrowser, openBuyer, openWindow } from "../harness.mjs";

const question = "羽绒服可以机洗吗";
// Starts with "+": a spreadsheet must not take it for a formula.
const reply = "+1 亲，建议手洗哦～";

// Two messages of a past conversation; the bad file has a row with an
// unknown sender and one without a time, and imports nothing, row 2 included.
const goodLog = "\uFEFF买家ID,买家昵称,发送方,内容,时间\r\n" +
  "old-1,导入的买家,买家,去年买的还能保修吗,2026-01-05 10:00:00\r\n" +
  "old-1,导入的买家,客服,亲，一年内都可以保修～,2026-01-05 10:01:00\r\n";
const badLog = "buyer_id,buyer_name,sender,text,time\r\n" +
  "bad-1,不该出现,buyer,你好,2026-01-05 10:00:00\r\n" +
  "bad-1,不该出现,boss,你好,2026-01-05 10:01:00\r\n" +
  "bad-1,不该出现,buyer,你好,\r\n";

describe("chat history", () => {
  let app, browser, agent;
  const problems = [];

  before(async () => {
    app = await new App().start();
    browser = await launchBrowser();
    agent = await openWindow(browser, app);
    agent.setDefaultTimeout(20_000);
    agent.on("console", (m) => {
      if (m.type() === "error" && !/\/favicon\.ico$/.test(m.location().url)) problems.push(`console: ${m.text()}`);
    });
    agent.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    await agent.getByTestId("conversations-empty").waitFor();
    const buyer = await openBuyer(browser, app, "hist-1", "zh-CN", "洗衣服的");
    await buyerSays(buyer, question);
    await buyer.getByTestId("sim-message").first().waitFor();
    await buyer.context().close();
    await agent.getByTestId("conversation-item").filter({ hasText: "洗衣服的" }).click();
    const input = agent.getByTestId("reply-input");
    await input.fill(reply);
    await input.press("Enter");
    await agent.getByText(reply).first().waitFor();
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
    app?.cleanup();
  });

  const dialog = () => agent.getByTestId("history-dialog");

  test("CV-5 the history is exported as CSV and xlsx into the data folder's exports", async () => {
    const exportsDir = realpathSync(app.dataDir) + path.sep + "exports" + path.sep;
    await agent.getByTestId("open-history").click();
    await dialog().waitFor();
    const exportAs = async (format) => {
      await dialog().getByTestId(`history-format-${format}`).click();
      const before = (await dialog().getByTestId("history-export-path").count()) > 0
        ? await dialog().getByTestId("history-export-path").innerText() : "";
      await dialog().getByTestId("history-export").click();
      const shown = dialog().getByTestId("history-export-path");
      await agent.waitForFunction(
        ([prev, ext]) => {
          const el = document.querySelector('[data-testid="history-export-path"]');
          return el && el.textContent.trim() !== prev && el.textContent.trim().endsWith(ext);
        },
        [before.trim(), `.${format}`],
      );
      const written = (await shown.innerText()).trim();
      assert.ok(existsSync(written), `${written} exists`);
      assert.ok(realpathSync(written).startsWith(exportsDir), `${written} is under ${exportsDir}`);
      assert.match(await dialog().getByTestId("history-export-result").innerText(), /已导出 1 个会话、2 条消息/);
      return written;
    };

    const csvFile = await exportAs("csv");
    const bytes = readFileSync(csvFile);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], "a BOM, for Excel");
    const csv = bytes.toString("utf8");
    assert.ok(csv.includes(question), "the buyer's message is exported");
    assert.ok(csv.includes(`'${reply}`), "the reply is exported, defused as a formula");
    assert.ok(csv.includes("洗衣服的"), "with the buyer's name");
    assert.ok(csv.includes("回复台演示店"), "and the shop");

    const xlsxFile = await exportAs("xlsx");
    assert.equal(readFileSync(xlsxFile).subarray(0, 2).toString("latin1"), "PK", "an xlsx file is a zip");
    const xml = execFileSync("python3", ["-c",
      "import html, sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nprint(html.unescape(''.join(z.read(n).decode() for n in z.namelist() if n.startswith('xl/') and n.endswith('.xml'))))",
      xlsxFile]).toString("utf8");
    assert.ok(xml.includes(question), "the xlsx holds the buyer's message");
    assert.ok(xml.includes(`'${reply}`), "and the reply, defused");
  });

  test("CV-7c a chat log is imported all or nothing and shows as closed history", async () => {
    if (!(await dialog().isVisible())) {
      await agent.getByTestId("open-history").click();
      await dialog().waitFor();
    }
    await dialog().locator('.n-tabs-tab[data-name="import"]').click();
    const input = dialog().getByTestId("history-import-input");

    await input.setInputFiles({ name: "bad-log.csv", mimeType: "text/csv", buffer: Buffer.from(badLog) });
    await dialog().getByTestId("history-import-refused").waitFor();
    const rows = dialog().getByTestId("history-import-error-row");
    assert.deepEqual(await rows.evaluateAll((els) => els.map((e) => e.dataset.row)), ["3", "4"]);
    assert.match(await rows.nth(0).innerText(), /发送方：不是可识别的发送方/);
    assert.match(await rows.nth(1).innerText(), /时间：不能为空/);

    await input.setInputFiles({ name: "log.csv", mimeType: "text/csv", buffer: Buffer.from(goodLog) });
    await dialog().getByTestId("history-import-summary").waitFor();
    assert.match(await dialog().getByTestId("history-import-summary").innerText(), /已导入 1 位买家的 1 个会话、2 条消息；0 条/);

    // Again: nothing is added twice.
    await input.setInputFiles({ name: "log.csv", mimeType: "text/csv", buffer: Buffer.from(goodLog) });
    await agent.waitForFunction(() =>
      /1 位买家的 0 个会话|0 位买家的 0 个会话/.test(document.querySelector('[data-testid="history-import-summary"]')?.textContent ?? ""));
    assert.match(await dialog().getByTestId("history-import-summary").innerText(), /2 条消息之前已导入/);

    await dialog().getByTestId("history-close").click();
    await dialog().waitFor({ state: "hidden" });

    // History belongs to no agent: it is in the Closed list of all agents,
    // and neither queued nor open.
    await agent.getByTestId("list-mine-toggle").getByText("全部客服").click();
    await agent.locator('[data-testid="list-tab"][data-list="closed"]').click();
    const item = agent.getByTestId("conversation-item").filter({ hasText: "导入的买家" });
    await item.waitFor();
    await item.click();
    await agent.getByText("去年买的还能保修吗").first().waitFor();
    await agent.getByTestId("conversation-closed-note").filter({ hasText: "从文件导入的历史记录" }).waitFor();
    await agent.locator('[data-testid="list-tab"][data-list="all"]').click();
    await agent.getByTestId("conversation-item").filter({ hasText: "洗衣服的" }).waitFor();
    assert.equal(await agent.getByTestId("conversation-item").filter({ hasText: "导入的买家" }).count(), 0, "not among the open conversations");
    assert.equal(await agent.getByTestId("conversation-item").filter({ hasText: "不该出现" }).count(), 0);
  });

  test("the page logged no errors", () => {
    assert.deepEqual(problems, []);
  });
});
