// Container healthcheck support for `covid-mesh serve`: while the service's NATS connection
// answers a round trip, a file is touched every few seconds; deploy/healthcheck.ts reads its age.
// A file, not a port: workers serve no HTTP, and the check must not open a NATS connection of its own.
import { rmSync, writeFileSync } from "node:fs";
import type { Mesh } from "../mesh/mod.ts";

export interface HealthHeartbeat {
  close(): Promise<void>;
}

export function startHealthHeartbeat(mesh: Mesh, file: string, everyMs = 5_000): HealthHeartbeat {
  let closed = false;
  const beat = async () => {
    if (closed || mesh.nc.isClosed()) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), Math.min(everyMs, 3_000))));
    try {
      const ok = await Promise.race([
        mesh.nc.flush().then(
          () => true,
          () => false,
        ),
        deadline,
      ]);
      if (ok && !closed) writeFileSync(file, `${new Date().toISOString()}\n`);
    } finally {
      clearTimeout(timer);
    }
  };
  void beat();
  const interval = setInterval(() => void beat(), everyMs);
  return {
    async close() {
      closed = true;
      clearInterval(interval);
      rmSync(file, { force: true });
    },
  };
}
