// Desktop smoke test: the production binary opens a real window under Xvfb,
// the screen is not blank, and SIGTERM closes it cleanly.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const binary = process.env.REPLYDESK_BINARY || path.join(root, "build", "bin", "replydesk");
const shots = path.join(root, "screenshots");

// A blank or one-colour screen has a handful of colours; rendered text,
// anti-aliased, has hundreds.
const minColours = 200;

function screenColours(file) {
  execFileSync("import", ["-window", "root", file]);
  return Number(execFileSync("identify", ["-format", "%k", file]).toString());
}

test("the production window opens under Xvfb, shows the app, and closes cleanly", async () => {
  assert.ok(existsSync(binary), `build the binary first: ${binary}`);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "replydesk-smoke-"));
  let log = "";
  const proc = spawn(binary, [], {
    env: { ...process.env, REPLYDESK_DATA_DIR: dataDir, REPLYDESK_HTTP_ADDR: "127.0.0.1:0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  for (const s of [proc.stdout, proc.stderr]) s.on("data", (d) => { log += d; });
  const exited = new Promise((resolve) => proc.on("exit", (code, signal) => resolve({ code, signal })));
  try {
    // The window is shown once the page has loaded; wait for a picture that is not blank.
    const file = path.join(shots, "desktop-smoke.png");
    execFileSync("mkdir", ["-p", shots]);
    let colours = 0;
    for (let i = 0; i < 60 && colours < minColours; i++) {
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(proc.exitCode, null, `the app exited early:\n${log}`);
      colours = screenColours(file);
    }
    assert.ok(colours >= minColours, `the screen stayed blank (${colours} colours)\n${log}`);
    assert.match(log, /replydesk started/);
  } finally {
    proc.kill("SIGTERM");
    const timer = setTimeout(() => proc.kill("SIGKILL"), 15_000);
    const result = await exited;
    clearTimeout(timer);
    rmSync(dataDir, { recursive: true, force: true });
    assert.deepEqual(result, { code: 0, signal: null }, `unclean exit\n${log}`);
    assert.match(log, /replydesk stopped/);
  }
});
