// One task at a time, and never a lost request: a call while the task runs makes it run once
// more after the current run (any number of such calls collapse into that one rerun). The task
// handles its own errors; a run that throws anyway does not stop the reruns.

export interface Coalescing {
  /** Runs the task, or, if it is running, asks for one more run; resolves when no run is due. */
  run(): Promise<void>;
  /** Resolves once no run is in progress or due. */
  idle(): Promise<void>;
}

export function coalescing(task: () => Promise<void>): Coalescing {
  let loading: Promise<void> | null = null;
  let again = false;
  return {
    run() {
      if (loading) {
        again = true;
        return loading;
      }
      loading = (async () => {
        do {
          again = false;
          await task().catch(() => {});
        } while (again);
      })().finally(() => (loading = null));
      return loading;
    },
    async idle() {
      while (loading) await loading;
    },
  };
}
