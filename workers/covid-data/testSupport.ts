// Test support: only the ingestion path of the system (covid-data worker → JetStream →
// persistence pool → Postgres, or PGlite on a run without Postgres), each service on its own NATS connection under a random subject
// prefix. The exposure-risk pool is left out: its rebuilds after every commit would compete
// for this 2-core machine with the ingestion under test.
import { connectMesh, createContract, ensureStreams, type Mesh } from "../../mesh/mod.ts";
import { testConfig } from "../../cli/testSupport.ts";
import type { IngestLimits } from "../../pipelines/mod.ts";
import type { Storage } from "../../sql/mod.ts";
import { createTestDatabase, type TestDatabase } from "../../sql/testSupport.ts";
import { startPersistenceWorker } from "../persistence/main.ts";
import { startCovidDataWorker } from "./main.ts";
import type { SourceAccessConfig } from "./sourceAccess.ts";

export interface IngestionSystem {
  client: Mesh;
  storage: Storage;
  db: TestDatabase;
  stop(): Promise<void>;
}

/** Test servers listen on loopback: the tests trust it, as FETCH_ALLOWED_HOSTS would. */
export const LOOPBACK_ACCESS: Partial<SourceAccessConfig> = { trustedHosts: ["127.0.0.1", "localhost", "::1"] };

export async function startIngestionSystem(
  opts: { persistenceConcurrency?: number; ingestConcurrency?: number; limits?: IngestLimits; access?: Partial<SourceAccessConfig> } = {},
): Promise<IngestionSystem> {
  const config = testConfig();
  const db = await createTestDatabase("covidmesh_ingest"); // Postgres, or PGlite on a run without one
  const storage = db.open();
  const closers: Array<() => Promise<unknown>> = [async () => db.drop(), async () => config.cleanup(), () => storage.close()];
  const stop = async () => {
    for (const close of closers.reverse()) await close().catch(() => {});
  };
  try {
    await storage.migrate();
    const contract = createContract(config.MESH_PREFIX);
    const connect = async (name: string) => {
      const m = await connectMesh({ servers: config.NATS_URL!.split(","), name, contract });
      closers.push(() => m.close());
      return m;
    };
    const client = await connect("test-client");
    await ensureStreams(client);
    closers.push(async () => {
      for (const spec of Object.values(contract.streams)) await client.jsm.streams.delete(spec.name).catch(() => {});
    });
    const persistence = await startPersistenceWorker({ mesh: await connect("persistence"), storage, concurrency: opts.persistenceConcurrency ?? 4 });
    closers.push(() => persistence.stop());
    const covidData = await startCovidDataWorker({
      mesh: await connect("covid-data"),
      concurrency: opts.ingestConcurrency ?? 2,
      limits: opts.limits,
      access: opts.access ?? LOOPBACK_ACCESS,
    });
    closers.push(() => covidData.stop());
    return { client, storage, db, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
