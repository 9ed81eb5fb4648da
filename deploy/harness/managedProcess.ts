// Child processes of the harness. Each runs in its own process group (detached), so killing a
// "host" kills every process it started, children included, and nothing else. Output goes to a
// log file per process (left in the run directory to read after a failure).
import { spawn } from "node:child_process";
import { appendFileSync, closeSync, openSync, readFileSync } from "node:fs";
import { CommandFailedError } from "./errors.ts";

export interface SpawnSpec {
  name: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  logFile: string;
  cwd?: string;
  /** Run as this user when the harness is root (Postgres refuses to run as root). */
  asUser?: string;
}

export interface ManagedProcess {
  name: string;
  pid: number;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  alive(): boolean;
  /** Signals the whole process group. */
  signal(sig: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

/** The command line, wrapped in setpriv (exec: same pid, no extra process) to drop root. */
function commandLine(spec: { command: string; args: string[]; asUser?: string }): [string, string[]] {
  if (spec.asUser && isRoot()) {
    return ["setpriv", ["--reuid", spec.asUser, "--regid", spec.asUser, "--init-groups", "--", spec.command, ...spec.args]];
  }
  return [spec.command, spec.args];
}

export function spawnManaged(spec: SpawnSpec): ManagedProcess {
  const fd = openSync(spec.logFile, "a");
  const [command, args] = commandLine(spec);
  const child = spawn(command, args, { env: spec.env, cwd: spec.cwd, detached: true, stdio: ["ignore", fd, fd] });
  closeSync(fd);
  let running = true;
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => {
      running = false;
      resolve(code);
    });
    child.once("error", () => {
      running = false;
      resolve(-1);
    });
  });
  const pid = child.pid ?? -1;
  const signal = (sig: NodeJS.Signals) => {
    if (!running || pid <= 0) return;
    try {
      process.kill(-pid, sig); // the group: the process and anything it forked
    } catch {
      // already gone
    }
  };
  return {
    name: spec.name,
    pid,
    exited,
    alive: () => running,
    signal,
    async stop(graceMs = 5_000) {
      if (!running) return;
      signal("SIGTERM");
      const gone = await Promise.race([exited.then(() => true), Bun.sleep(graceMs).then(() => false)]);
      if (!gone) {
        signal("SIGKILL");
        await exited;
      }
    },
  };
}

/** Runs a command to completion; throws CommandFailedError with its output on a non-zero exit. */
export async function runCommand(spec: Omit<SpawnSpec, "logFile"> & { logFile?: string; timeoutMs?: number }): Promise<string> {
  const [command, args] = commandLine(spec);
  const child = spawn(command, args, { env: spec.env, cwd: spec.cwd, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (b: Buffer) => (output += b.toString()));
  child.stderr!.on("data", (b: Buffer) => (output += b.toString()));
  const timeoutMs = spec.timeoutMs ?? 120_000;
  const code = await Promise.race([
    new Promise<number | null>((resolve) => {
      child.once("exit", resolve);
      child.once("error", () => resolve(-1));
    }),
    Bun.sleep(timeoutMs).then(() => "timeout" as const),
  ]);
  if (code === "timeout") child.kill("SIGKILL");
  if (spec.logFile) {
    appendFileSync(spec.logFile, `$ ${spec.name}\n${output}\n`);
  }
  if (code !== 0) {
    throw new CommandFailedError(`${spec.name} failed (${code === "timeout" ? `timed out after ${timeoutMs} ms` : `exit ${code}`}):\n${output.trim()}`);
  }
  return output;
}

export function readLog(file: string, lastLines = 40): string {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-lastLines).join("\n");
  } catch {
    return "";
  }
}
