// A service process started by `npm start` exits when its parent is gone (killed with SIGKILL,
// say): otherwise it would keep the embedded database open under the next start's own children.
import type { Logger } from "../mesh/mod.ts";

/** The variable `npm start` sets in its children: the pid they belong to. */
export const PARENT_PID_ENV = "COVID_MESH_PARENT_PID";

export function exitWithParent(log: Logger, parentPid: string | undefined = process.env.COVID_MESH_PARENT_PID, everyMs = 1_000): void {
  const parent = Number(parentPid);
  if (!Number.isInteger(parent) || parent <= 0) return;
  const timer = setInterval(() => {
    // Re-parented (to init or a subreaper): the start that owned us is gone.
    if (process.ppid !== parent) {
      log.error({ parent }, "the covid-mesh start process is gone; exiting");
      process.exit(1);
    }
  }, everyMs);
  timer.unref();
}
