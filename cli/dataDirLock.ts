// One system per DATA_DIR: `npm start` holds DATA_DIR/covid-mesh.lock (its pid) while it runs.
// PGlite and the embedded NATS store are single-process; a second system on the same folder would
// corrupt the database under the first one. A lock left by a killed process is recovered: its pid
// no longer runs (or runs something else, the pid having been reused).
import { openSync, writeSync, closeSync, readFileSync, rmSync, mkdirSync } from "node:fs";
import { join } from "node:path";

export class DataDirLockedError extends Error {
  override name = "DataDirLockedError";
  constructor(
    message: string,
    readonly holder: LockHolder,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface LockHolder {
  pid: number;
  startedAt: string;
  /** The gateway URL, once the holder knows it. */
  url?: string;
  /** The process's start time in clock ticks since boot (Linux): tells a reused pid apart. */
  procStart?: string;
  command?: string;
  /** Processes the holder started that outlive it if it is killed (the embedded nats-server). */
  children?: Array<{ pid: number; procStart?: string }>;
}

export interface DataDirLock {
  path: string;
  /** Records the gateway URL in the lock, so that a refused second start can name it. */
  update(fields: Partial<Omit<LockHolder, "pid">>): void;
  release(): void;
}

export const lockPath = (dataDir: string) => join(dataDir, "covid-mesh.lock");

/** The start time of `pid` from /proc (field 22 of stat), or undefined without /proc. */
export function procStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

/** Does the lock's holder still run? A pid that now belongs to a newer process does not count. */
export function holderAlive(holder: Pick<LockHolder, "pid" | "procStart">): boolean {
  const { pid } = holder;
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: it runs, as another user.
    if ((err as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const start = procStartTime(pid);
  return holder.procStart === undefined || start === undefined || start === holder.procStart;
}

function readHolder(path: string): LockHolder | null {
  try {
    const h = JSON.parse(readFileSync(path, "utf8")) as LockHolder;
    return typeof h.pid === "number" ? h : null;
  } catch {
    return null; // half-written or garbage: treated as stale
  }
}

/**
 * Takes the lock or throws DataDirLockedError naming the running system. Creation is atomic
 * (O_EXCL), so two starts racing cannot both win; a stale lock is removed and taken again.
 */
export function acquireDataDirLock(dataDir: string, info: Omit<LockHolder, "pid" | "startedAt"> = {}): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = lockPath(dataDir);
  let holder: LockHolder = {
    pid: process.pid,
    procStart: procStartTime(process.pid),
    startedAt: new Date().toISOString(),
    command: process.argv.slice(1).join(" "),
    ...info,
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, "wx");
      try {
        writeSync(fd, JSON.stringify(holder));
      } finally {
        closeSync(fd);
      }
      let released = false;
      return {
        path,
        update(fields) {
          if (released) return;
          holder = { ...holder, ...fields };
          // Rewritten in place: the file stays ours (same pid), only its fields change.
          const fd = openSync(path, "w");
          try {
            writeSync(fd, JSON.stringify(holder));
          } finally {
            closeSync(fd);
          }
        },
        release() {
          if (released) return;
          released = true;
          if (readHolder(path)?.pid === process.pid) rmSync(path, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const other = readHolder(path);
      if (other && holderAlive(other)) {
        const where = other.url ? ` serving ${other.url}` : "";
        throw new DataDirLockedError(
          `another covid-mesh (pid ${other.pid}${where}, started ${other.startedAt}) is running on ${dataDir}; stop it first, or give this one its own DATA_DIR`,
          other,
        );
      }
      // Stale: its process is gone. Stop what it left running on this folder, remove the lock
      // and try again (another start may win the race).
      for (const child of other?.children ?? []) {
        if (holderAlive(child)) {
          try {
            process.kill(child.pid, "SIGTERM");
          } catch {
            // gone meanwhile
          }
        }
      }
      rmSync(path, { force: true });
    }
  }
  throw new DataDirLockedError(`could not take the lock ${path}: other starts keep taking it`, { pid: -1, startedAt: "" });
}
