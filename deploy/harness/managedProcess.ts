// Child processes of the harness. Each runs in its own process group (detached), so killing a
// "host" kills every process it started, children included, and nothing else. Children that
// leave the group (Postgres makes every backend a session leader) are found through /proc and
// signalled too: a kill is every process at once, like a host losing power. Output goes to a
// log file per process (left in the run directory to read after a failure).
import { spawn } from "node:child_process";
import { appendFileSync, closeSync, openSync, readdirSync, readFileSync } from "node:fs";
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
  /**
   * Signals the process group and, unless `tree` is false, every descendant (a kill); returns
   * the descendants' pids. `tree: false` is for signals with a meaning, like a shutdown request.
   */
  signal(sig: NodeJS.Signals, opts?: { tree?: boolean }): number[];
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
  const signal = (sig: NodeJS.Signals, opts: { tree?: boolean } = {}): number[] => {
    if (!running || pid <= 0) return [];
    const below = opts.tree === false ? [] : descendants(pid);
    for (const target of [-pid, ...below]) {
      // the group, and children that left it
      try {
        process.kill(target, sig);
      } catch {
        // already gone
      }
    }
    return below;
  };
  return {
    name: spec.name,
    pid,
    exited,
    alive: () => running,
    signal,
    async stop(graceMs = 5_000) {
      if (!running) return;
      signal("SIGTERM", { tree: false });
      const gone = await Promise.race([exited.then(() => true), Bun.sleep(graceMs).then(() => false)]);
      if (!gone) {
        signal("SIGKILL");
        await exited;
      }
    },
  };
}

/** Pids of every descendant of `root` (Linux /proc; none elsewhere). */
export function descendants(root: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync("/proc").filter((e) => /^\d+$/.test(e));
  } catch {
    return [];
  }
  const children = new Map<number, number[]>();
  for (const e of entries) {
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses.
      const stat = readFileSync(`/proc/${e}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(e));
      children.set(ppid, list);
    } catch {
      // exited meanwhile
    }
  }
  const out: number[] = [];
  const stack = [root];
  while (stack.length > 0) {
    for (const c of children.get(stack.pop()!) ?? []) {
      out.push(c);
      stack.push(c);
    }
  }
  return out;
}

/** True while `pid` runs (a zombie, dead but not yet reaped, does not count). */
export function pidAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
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
