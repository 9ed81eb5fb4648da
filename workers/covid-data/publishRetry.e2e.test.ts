// A job whose batches cannot be stored for a moment (JetStream answers "no responders" while a
// node rejoins and a stream's leader is elected, as when a host returns) goes on once the
// stream is back, instead of failing its delivery and starting again: each batch keeps trying
// (PUBLISH_RETRY_MS) under its own Nats-Msg-Id, so nothing is stored twice.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { join } from "node:path";
import { ensureStreams, type Mesh } from "../../mesh/mod.ts";
import { connectTestMesh, uniqueContract } from "../../mesh/testSupport.ts";
import { runIngestJob } from "./runIngestJob.ts";

const LOOKUP = join(import.meta.dir, "../../sample/UID_ISO_FIPS_LookUp_Table.csv.gz");
const contract = uniqueContract("pubretry");
let mesh: Mesh;

beforeAll(async () => {
  mesh = await connectTestMesh(contract, "covid-data");
});

afterAll(async () => {
  for (const spec of Object.values(contract.streams)) await mesh?.jsm.streams.delete(spec.name).catch(() => {});
  await mesh?.close();
});

test("batches published while no stream stores them are stored once the streams are back, each once", async () => {
  const jobId = `pubretry-${Math.random().toString(36).slice(2, 10)}`;
  // No stream yet: every publish is answered "no responders" until they are provisioned.
  const running = runIngestJob(mesh, { jobId, source: "jhu-lookup", file: LOOKUP, requestedAt: new Date().toISOString() }, jobId, { files: "job" });
  await Bun.sleep(1_000);
  await ensureStreams(mesh);
  const p = await running;
  expect(p.batches).toBeGreaterThan(0);
  const data = await mesh.jsm.streams.info(contract.streams.data.name);
  // Every batch and the manifest, once each.
  expect(data.state.messages).toBe(p.batches + 1);
}, 60_000);
