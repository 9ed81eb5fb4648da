// Exposure-risk worker: answers risk queries over request/reply in a queue group (a pool shares
// the load) from an in-memory snapshot, rebuilt whenever new observations are committed.
import { listen, serve, type Mesh } from "../../mesh/mod.ts";
import { messages } from "../../mesh/messages.ts";
import { silentLogger, type Logger } from "../../mesh/logger.ts";
import type { Storage } from "../../sql/mod.ts";
import { answerRiskQuery } from "./answer.ts";
import { buildSnapshot, type Snapshot } from "./snapshot.ts";

export interface ExposureRiskWorkerOptions {
  mesh: Mesh;
  storage: Storage;
  ascertainment: number;
  dataset?: string;
  /** Coalesces bursts of commit events into one rebuild. */
  rebuildDebounceMs?: number;
  logger?: Logger;
}

export interface ExposureRiskWorker {
  stop(): Promise<void>;
  /** Rebuilds now and resolves when the new snapshot is live. */
  rebuild(): Promise<void>;
  snapshot(): Snapshot | null;
}

export async function startExposureRiskWorker(opts: ExposureRiskWorkerOptions): Promise<ExposureRiskWorker> {
  const { mesh, storage } = opts;
  const log = opts.logger ?? silentLogger;
  const dataset = opts.dataset ?? "jhu-us";
  const c = mesh.contract;
  let current: Snapshot | null = null;
  let building: Promise<void> | null = null;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const rebuild = async (): Promise<void> => {
    if (building) {
      again = true; // data committed during a build: build once more afterwards
      return building;
    }
    building = (async () => {
      do {
        again = false;
        const t0 = performance.now();
        try {
          current = await buildSnapshot(storage, dataset);
          log.info({ regions: current.series.size, ms: Math.round(performance.now() - t0) }, "risk snapshot rebuilt");
        } catch (err) {
          log.error({ err }, "risk snapshot rebuild failed; keeping the previous one");
        }
      } while (again);
    })().finally(() => (building = null));
    return building;
  };

  await rebuild();

  const service = serve(mesh, c.subjects.riskQuery, {
    queue: c.queues.exposureRisk,
    request: messages.riskQuery,
    response: messages.riskAnswer,
    handler: async (q) => answerRiskQuery(current, q, opts.ascertainment),
    logger: log,
  });

  // Every instance hears every commit (no queue group): each holds its own snapshot.
  const commits = listen(mesh, c.subjects.observationsCommitted, messages.observationsCommitted, () => {
    clearTimeout(timer);
    timer = setTimeout(() => void rebuild(), opts.rebuildDebounceMs ?? 250);
  }, { logger: log });

  return {
    snapshot: () => current,
    rebuild,
    async stop() {
      clearTimeout(timer);
      await commits.stop();
      await service.stop();
      await building;
    },
  };
}
