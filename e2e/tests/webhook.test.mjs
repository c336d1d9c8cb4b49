// The webhook connector end to end (CV-7b): the agent makes a shop's token and
// sets a callback in the Channels dialog; a system posts a buyer message with
// the token; the buyer reaches the agent, whose reply is delivered to the
// callback, signed with the secret.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import http from "node:http";
import { App, launchBrowser, openWindow } from "../harness.mjs";

/** A callback receiver: every POST it gets, with its headers and body. */
function receiver() {
  const got = [];
  let notify = () => {};
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (d) => { body += d; });
    req.on("end", () => {
      got.push({ headers: req.headers, body });
      res.writeHead(204).end();
      notify();
    });
  });
  return {
    got,
    listen: () => new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server.address().port))),
    close: () => new Promise((resolve) => server.close(resolve)),
    /** next waits until a delivery matches. */
    next: (match, timeoutMs = 15_000) => new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching delivery within ${timeoutMs} ms; got ${JSON.stringify(got)}`)), timeoutMs);
      const check = () => {
        const d = got.find(match);
        if (d) { clearTimeout(timer); notify = () => {}; resolve(d); }
      };
      notify = check;
      check();
    }),
  };
}

describe("webhook connector", () => {
  let app, browser, agent, hook, token, base;
  const secret = "e2e-secret-0123456789";

  before(async () => {
    app = await new App().start();
    browser = await launchBrowser();
    agent = await openWindow(browser, app);
    hook = receiver();
  });

  after(async () => {
    await hook?.close();
    await browser?.close();
    await app?.stop();
    app?.cleanup();
  });

  test("CV-7b a webhook buyer reaches the agent and the reply reaches the callback, signed", async () => {
    const port = await hook.listen();
    await agent.getByTestId("open-channels").click();
    const dialog = agent.getByTestId("channels-dialog");
    await dialog.getByTestId("webhook-token-status").waitFor();
    assert.match(await dialog.getByTestId("webhook-token-status").innerText(), /尚未生成/);
    await dialog.getByTestId("webhook-rotate").click();
    token = await dialog.getByTestId("webhook-token").inputValue();
    assert.ok(token.length >= 20, `token ${token}`);
    base = (await dialog.getByTestId("webhook-url").innerText()).trim();
    assert.equal(base, `http://127.0.0.1:${app.httpPort}/webhook/v1`);

    await dialog.getByTestId("webhook-callback-url").fill(`http://127.0.0.1:${port}/replydesk`);
    await dialog.getByTestId("webhook-secret").fill(secret);
    await dialog.getByTestId("webhook-callback-save").click();
    await dialog.getByTestId("webhook-callback-remove").waitFor();
    await agent.keyboard.press("Escape");

    const post = (body, auth = `Bearer ${token}`) => fetch(`${base}/messages`, {
      method: "POST",
      headers: { Authorization: auth, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    const msg = { buyer: "erp-buyer-7", name: "接口来的买家", text: "我的快递到哪了", id: "erp-msg-1" };
    const first = await post(msg);
    assert.equal(first.status, 201, await first.clone().text());
    // The same id again stores nothing new; a wrong token is refused.
    const again = await post(msg);
    assert.equal(again.status, 200);
    assert.equal((await again.json()).duplicate, true);
    const refused = await post({ ...msg, id: "erp-msg-2" }, "Bearer nope");
    assert.equal(refused.status, 401);

    const item = agent.getByTestId("conversation-item").filter({ hasText: "接口来的买家" });
    await item.waitFor();
    await item.click();
    await agent.getByTestId("chat-buyer").filter({ hasText: "接口来的买家" }).waitFor();
    assert.equal(await agent.getByTestId("message").count(), 1, "the duplicate was stored twice");

    const input = agent.getByTestId("reply-input");
    await input.fill("您好，包裹已在派送途中");
    await input.press("Enter");

    const d = await hook.next((x) => x.body.includes("包裹已在派送途中"));
    const body = JSON.parse(d.body);
    assert.equal(body.buyer, "erp-buyer-7");
    assert.equal(body.message.sender, "agent");
    const want = "sha256=" + createHmac("sha256", secret).update(d.body).digest("hex");
    assert.equal(d.headers["x-replydesk-signature"], want);
    assert.ok(d.headers["x-replydesk-delivery"]);
  });

  test("CV-7b a burst of 2,000 webhook messages reaches the window in batches and every conversation is listed", async () => {
    await agent.evaluate(() => {
      window.__batches = 0;
      window.__longest = 0;
      window.runtime.EventsOn("desk:batch", () => { window.__batches++; });
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
      }).observe({ type: "longtask", buffered: false });
    });
    const buyers = 1000;
    let next = 0;
    const started = Date.now();
    const worker = async () => {
      for (let i = next++; i < 2 * buyers; i = next++) {
        const r = await fetch(`${base}/messages`, {
          method: "POST",
          headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
          body: JSON.stringify({ buyer: `burst-${i % buyers}`, text: `第${i}条：什么时候发货`, id: `burst-${i}` }),
        });
        assert.equal(r.status, 201, await r.text());
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    const seconds = (Date.now() - started) / 1000;
    // Everyone's conversations (the agent serves 5 of them; the rest queue).
    // The first test's buyer is in the list too.
    await agent.getByTestId("list-mine-toggle").getByText("全部客服").click();
    await agent.waitForFunction(
      (want) => document.querySelector('[data-testid="list-tab"][data-list="all"] [data-testid="list-count"]')?.textContent?.trim() === want,
      String(buyers + 1), { timeout: 30_000 },
    );
    // Still answers at once: the reply box takes typing.
    await agent.getByTestId("reply-input").fill("还在");
    const { batches, longest } = await agent.evaluate(() => ({ batches: window.__batches, longest: window.__longest }));
    console.log(`# 2,000 webhook messages in ${seconds.toFixed(1)} s (${Math.round(2000 / seconds)}/s); the window got ${batches} batches; its longest task took ${Math.round(longest)} ms`);
    // Unbatched, each message would be an event of its own (and its
    // conversation's update another).
    assert.ok(batches > 0 && batches < 1000, `${batches} batches for 2,000 messages`);
  });
});
