import { afterEach, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { acquireDataDirLock, DataDirLockedError, lockPath, procStartTime, type LockHolder } from "./dataDirLock.ts";

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "covidmesh-lock-"));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A pid that ran and is gone: a process started and killed. */
async function deadPid(): Promise<number> {
  const p = Bun.spawn(["sleep", "30"]);
  const pid = p.pid;
  p.kill("SIGKILL");
  await p.exited;
  return pid;
}

test("the lock records this process; a second take on the same folder is refused, naming the holder", () => {
  const dir = tempDir();
  const lock = acquireDataDirLock(dir);
  lock.update({ url: "http://127.0.0.1:8080" });
  const held = JSON.parse(readFileSync(lockPath(dir), "utf8")) as LockHolder;
  expect(held.pid).toBe(process.pid);
  let err: unknown;
  try {
    acquireDataDirLock(dir);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(DataDirLockedError);
  expect((err as Error).message).toContain(`pid ${process.pid}`);
  expect((err as Error).message).toContain("http://127.0.0.1:8080");
  expect((err as DataDirLockedError).holder.pid).toBe(process.pid);
  lock.release();
  expect(existsSync(lockPath(dir))).toBe(false);
  acquireDataDirLock(dir).release(); // free again
});

test("a lock left by a killed process is recovered", async () => {
  const dir = tempDir();
  const pid = await deadPid();
  writeFileSync(lockPath(dir), JSON.stringify({ pid, startedAt: "2026-01-01T00:00:00Z" }));
  const lock = acquireDataDirLock(dir);
  expect((JSON.parse(readFileSync(lockPath(dir), "utf8")) as LockHolder).pid).toBe(process.pid);
  lock.release();
});

test("a lock whose pid now belongs to another (newer) process is stale", () => {
  const dir = tempDir();
  // This process's pid, but a start time it does not have: the pid was reused.
  writeFileSync(lockPath(dir), JSON.stringify({ pid: process.pid, procStart: "1", startedAt: "2026-01-01T00:00:00Z" }));
  if (procStartTime(process.pid) === undefined) return; // no /proc: pid reuse cannot be told apart
  const lock = acquireDataDirLock(dir);
  lock.release();
});

test("an unreadable (half-written) lock is stale", () => {
  const dir = tempDir();
  writeFileSync(lockPath(dir), '{"pid":');
  acquireDataDirLock(dir).release();
});

test("a running covid-mesh start refuses a second start on the same DATA_DIR and exits at once with a message", async () => {
  const dir = tempDir();
  // A holder that runs: a live process's pid and start time, as `npm start` writes them.
  const sleeper = Bun.spawn(["sleep", "60"]);
  try {
    writeFileSync(lockPath(dir), JSON.stringify({ pid: sleeper.pid, procStart: procStartTime(sleeper.pid), startedAt: new Date().toISOString(), url: "http://127.0.0.1:18080" }));
    const second = Bun.spawn(["bun", join(import.meta.dir, "main.ts"), "start"], {
      env: { ...process.env, DATA_DIR: dir, NATS_URL: "", DATABASE_URL: "", LOG_LEVEL: "silent" },
      stdout: "pipe",
      stderr: "pipe",
    });
    const code = await second.exited;
    const stderr = await new Response(second.stderr).text();
    expect(code).not.toBe(0);
    expect(stderr).toContain(`pid ${sleeper.pid}`);
    expect(stderr).toContain("http://127.0.0.1:18080");
    // The running system's lock is untouched.
    expect((JSON.parse(readFileSync(lockPath(dir), "utf8")) as LockHolder).pid).toBe(sleeper.pid);
  } finally {
    sleeper.kill("SIGKILL");
  }
}, 60_000);
