import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import pino from "pino";
import { startSupervisor } from "./supervisor.ts";

function collectingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  return { lines, log: pino({ level: "info" }, { write: (l: string) => void lines.push(JSON.parse(l)) }) };
}

test("a child that exits on its own is restarted, with a log line; its output reaches onLine; stop() does not restart", async () => {
  const { lines, log } = collectingLogger();
  const output: string[] = [];
  const sup = startSupervisor(
    [{ name: "short", argv: [process.execPath, "-e", "console.log('hello from ' + process.pid); setTimeout(() => process.exit(3), 200)"], env: process.env }],
    { logger: log, backoffMs: 50, onLine: (child, line) => output.push(`${child}: ${line}`) },
  );
  const child = sup.children[0];
  const first = child.pid()!;
  const second = await sup.restarted("short", first, 60_000);
  expect(second).not.toBe(first);
  expect(child.restarts()).toBeGreaterThanOrEqual(1);
  const exit = lines.find((l) => l.msg === "service process exited; restarting it" && l.pid === first);
  expect(exit).toMatchObject({ child: "short", code: 3 });
  await sup.stop();
  const restartsAtStop = child.restarts();
  await Bun.sleep(500);
  expect(child.restarts()).toBe(restartsAtStop);
  expect(child.pid()).toBeNull();
  expect(output).toContain(`short: hello from ${first}`);
}, 120_000);

test("stop() ends a running child with SIGTERM, and SIGKILL when it ignores it", async () => {
  const { log } = collectingLogger();
  const sup = startSupervisor(
    [{ name: "stubborn", argv: [process.execPath, "-e", "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000); console.log('up')"], env: process.env }],
    { logger: log, stopTimeoutMs: 500, onLine: () => {} },
  );
  const pid = sup.children[0].pid()!;
  await Bun.sleep(1_000); // let it install its handler
  await sup.stop();
  expect(() => process.kill(pid, 0)).toThrow();
}, 60_000);

test("a child given a niceness runs at it (nice -n: from its first instruction)", async () => {
  const { log } = collectingLogger();
  const own = Number(readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ")[16]);
  const output: string[] = [];
  // Field 19 of /proc/<pid>/stat (17 after the command) is the niceness.
  const script = "const f = require('fs').readFileSync('/proc/self/stat','utf8').split(') ')[1].split(' '); console.log('nice ' + f[16]); setInterval(() => {}, 1000)";
  const sup = startSupervisor([{ name: "niced", argv: [process.execPath, "-e", script], env: process.env, nice: 10 }], {
    logger: log,
    onLine: (_child, line) => output.push(line),
  });
  const deadline = Date.now() + 30_000;
  while (!output.some((l) => l.startsWith("nice ")) && Date.now() < deadline) await Bun.sleep(50);
  await sup.stop();
  expect(output).toContain(`nice ${Math.min(19, own + 10)}`);
}, 60_000);
