// Cleanup that outlives the test process: if `bun test` ends without stopping its servers (SIGKILL,
// a crash, a signal during startup), a detached shell notices, stops every process listed in the
// run directory's `pids` file and removes the directory. The normal path stops the watchdog last.
import { spawn } from "node:child_process";
import { appendFileSync } from "node:fs";
import { join } from "node:path";

const SCRIPT = `
parent=$1; dir=$2
while kill -0 "$parent" 2>/dev/null; do sleep 1; done
[ -d "$dir" ] || exit 0
pids=$(cat "$dir/pids" 2>/dev/null)
if [ -n "$pids" ]; then kill -TERM $pids 2>/dev/null; sleep 3; kill -KILL $pids 2>/dev/null; fi
rm -rf "$dir"
`;

export interface Watchdog {
  /** Records a server's pid as soon as it is spawned, before it is ready. */
  track(pid: number): void;
  stop(): void;
}

export function startWatchdog(runDir: string): Watchdog {
  // Detached: its own process group, so a terminal's Ctrl-C does not stop it with the tests.
  const child = spawn("sh", ["-c", SCRIPT, "watchdog", String(process.pid), runDir], { detached: true, stdio: "ignore" });
  child.unref();
  return {
    track(pid) {
      appendFileSync(join(runDir, "pids"), `${pid}\n`);
    },
    stop() {
      if (child.exitCode !== null || !child.pid) return;
      try {
        process.kill(-child.pid, "SIGKILL"); // the group: the shell and its sleep
      } catch {
        // already gone
      }
    },
  };
}
