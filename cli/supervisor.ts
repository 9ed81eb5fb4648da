// Runs services as child processes (`covid-mesh serve …`) and restarts one that exits without
// being asked to, after a backoff that grows while it keeps failing. Children write their JSON
// log lines to our stdout/stderr, so `npm start` shows one log of the whole system.
import type { Subprocess } from "bun";
import type { Logger } from "../mesh/mod.ts";

export interface ServiceSpec {
  /** Shown in log lines, e.g. "storage" or "covid-data". */
  name: string;
  argv: string[];
  env: Record<string, string | undefined>;
  /** Messages the child sends over IPC (process.send). */
  onMessage?(message: unknown): void;
  /**
   * Run the child at this OS niceness increment (`nice -n`), from its first instruction on, so
   * every thread it starts inherits it (a setpriority after the spawn would miss those). 0: as we run.
   */
  nice?: number;
}

export interface SupervisedChild {
  name: string;
  /** The running process's pid (changes on restart); null while it is down. */
  pid(): number | null;
  restarts(): number;
}

export interface Supervisor {
  children: SupervisedChild[];
  /** Resolves with the child's new pid once it was restarted after `previousPid` exited. */
  restarted(name: string, previousPid: number, timeoutMs?: number): Promise<number>;
  stop(): Promise<void>;
}

export interface SupervisorOptions {
  logger: Logger;
  /** First restart delay; doubles per quick failure, up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** A child that ran this long before exiting restarts after backoffMs again. */
  healthyAfterMs?: number;
  /** SIGTERM, then SIGKILL after this long. */
  stopTimeoutMs?: number;
  /**
   * Each line a child writes (stdout and stderr), e.g. to collect its log in a test. Unset: the
   * children write to this process's stdout and stderr directly.
   */
  onLine?: (child: string, line: string) => void;
}

/** Splits a child's output stream into lines for onLine. */
async function forwardLines(stream: ReadableStream<Uint8Array>, emit: (line: string) => void): Promise<void> {
  const decoder = new TextDecoder();
  let rest = "";
  for await (const chunk of stream) {
    rest += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = rest.indexOf("\n")) >= 0) {
      emit(rest.slice(0, nl));
      rest = rest.slice(nl + 1);
    }
  }
  if (rest) emit(rest);
}

export function startSupervisor(specs: ServiceSpec[], opts: SupervisorOptions): Supervisor {
  const log = opts.logger;
  const backoffMs = opts.backoffMs ?? 500;
  const maxBackoffMs = opts.maxBackoffMs ?? 10_000;
  const healthyAfterMs = opts.healthyAfterMs ?? 30_000;
  let stopping = false;
  const waiters = new Set<() => void>();

  const states = specs.map((spec) => {
    const state = {
      spec,
      proc: null as Subprocess | null,
      restarts: 0,
      delay: backoffMs,
      timer: undefined as ReturnType<typeof setTimeout> | undefined,
    };
    return state;
  });

  function spawnChild(state: (typeof states)[number]): void {
    const { spec } = state;
    const startedAt = Date.now();
    const onLine = opts.onLine;
    const argv = spec.nice ? ["nice", "-n", String(spec.nice), ...spec.argv] : spec.argv;
    const proc = Bun.spawn(argv, {
      env: spec.env,
      stdin: "ignore",
      stdout: onLine ? "pipe" : "inherit",
      stderr: onLine ? "pipe" : "inherit",
      ...(spec.onMessage ? { ipc: (m: unknown) => spec.onMessage!(m) } : {}),
    });
    if (onLine) {
      for (const stream of [proc.stdout, proc.stderr]) {
        if (stream instanceof ReadableStream) void forwardLines(stream, (line) => onLine(spec.name, line)).catch(() => {});
      }
    }
    state.proc = proc;
    for (const w of waiters) w();
    log.info({ child: spec.name, pid: proc.pid, restarts: state.restarts, nice: spec.nice ?? 0 }, "service process started");
    void proc.exited.then((code) => {
      if (state.proc === proc) state.proc = null;
      if (stopping) return;
      const ranMs = Date.now() - startedAt;
      if (ranMs >= healthyAfterMs) state.delay = backoffMs;
      log.error({ child: spec.name, pid: proc.pid, code, signal: proc.signalCode, ranMs, restartInMs: state.delay }, "service process exited; restarting it");
      state.timer = setTimeout(() => {
        if (stopping) return;
        state.restarts++;
        spawnChild(state);
      }, state.delay);
      state.delay = Math.min(maxBackoffMs, state.delay * 2);
    });
  }

  for (const s of states) spawnChild(s);

  return {
    children: states.map((s) => ({ name: s.spec.name, pid: () => s.proc?.pid ?? null, restarts: () => s.restarts })),
    async restarted(name, previousPid, timeoutMs = 60_000) {
      const s = states.find((x) => x.spec.name === name);
      if (!s) throw new TypeError(`no supervised service "${name}"`);
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const pid = s.proc?.pid;
        if (pid !== undefined && pid !== previousPid) return pid;
        await new Promise<void>((resolve) => {
          const wake = () => (waiters.delete(wake), resolve());
          waiters.add(wake);
          setTimeout(wake, 200);
        });
      }
      throw new Error(`service "${name}" was not restarted within ${timeoutMs} ms`);
    },
    async stop() {
      stopping = true;
      for (const s of states) clearTimeout(s.timer);
      const running = states.map((s) => s.proc).filter((p): p is Subprocess => p !== null);
      for (const p of running) p.kill("SIGTERM");
      const timeout = opts.stopTimeoutMs ?? 15_000;
      await Promise.all(
        running.map(async (p) => {
          const timer = setTimeout(() => {
            log.warn({ pid: p.pid }, "service process did not stop in time; killing it");
            p.kill("SIGKILL");
          }, timeout);
          await p.exited;
          clearTimeout(timer);
        }),
      );
    },
  };
}
