// Two pollers on one mesh watching one URL: one ingest job per change of the source, none
// while it stays the same (each check is one conditional request).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { connectTestMesh, deleteContractStreams, uniqueContract } from "../../mesh/testSupport.ts";
import { ensureStreams, type Mesh, openBucket, silentLogger } from "../../mesh/mod.ts";
import { openJobStore, type JobStore } from "../../jobs/mod.ts";
import { SourceNotAllowedError } from "../../pipelines/mod.ts";
import { SourceCheckError } from "./errors.ts";
import { pollOnce, type PollerDeps } from "./pollLoop.ts";

let etag = '"a"';
let requests = 0;
let server: ReturnType<typeof Bun.serve>;
let a: Mesh;
let b: Mesh;
let depsA: PollerDeps;
let depsB: PollerDeps;
let store: JobStore;
const spec = () => ({ source: "nyt-us-states", url: `http://127.0.0.1:${server.port}/us-states.csv`, intervalMs: 60_000 });

beforeAll(async () => {
  server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch(req) {
      requests++;
      if (req.headers.get("if-none-match") === etag) return new Response(null, { status: 304 });
      return new Response("date,state,fips,cases,deaths\n", { headers: { etag } });
    },
  });
  const contract = uniqueContract("poll");
  a = await connectTestMesh(contract, "poller-a");
  b = await connectTestMesh(contract, "poller-b");
  await ensureStreams(a);
  store = await openJobStore(a);
  const deps = async (mesh: Mesh): Promise<PollerDeps> => ({
    mesh,
    store: await openJobStore(mesh),
    state: await openBucket(mesh, mesh.contract.kv.state),
    logger: silentLogger,
    // The test publisher is on loopback: trusted, as FETCH_ALLOWED_HOSTS=127.0.0.1 would.
    access: { trustedHosts: ["127.0.0.1"] },
  });
  depsA = await deps(a);
  depsB = await deps(b);
});

afterAll(async () => {
  server.stop(true);
  await deleteContractStreams(a);
  await a.close();
  await b.close();
});

describe("change poller", () => {
  test("one job per change, whichever poller sees it; nothing while unchanged", async () => {
    const first = await Promise.all([pollOnce(spec(), depsA), pollOnce(spec(), depsB)]);
    expect(first.every((r) => r.changed)).toBe(true);
    expect(first[0].jobId).toBe(first[1].jobId!);
    expect(first.filter((r) => !r.enqueued!.duplicate)).toHaveLength(1);

    requests = 0;
    const quiet = await Promise.all([pollOnce(spec(), depsA), pollOnce(spec(), depsB), pollOnce(spec(), depsA)]);
    expect(quiet.every((r) => !r.changed)).toBe(true);
    expect(requests).toBe(3); // one conditional request per check, each answered 304

    etag = '"b"';
    const second = await pollOnce(spec(), depsB);
    expect(second.changed).toBe(true);
    expect(second.jobId).toStartWith("nyt-us-states-v2-");
    expect((await pollOnce(spec(), depsA)).changed).toBe(false);

    const info = await a.jsm.streams.info(a.contract.streams.ingestJobs.name);
    expect(info.state.messages).toBe(2);
    expect(await store.get(second.jobId!)).toMatchObject({ origin: "poll", state: "queued" });
  });

  test("without configured hosts a poller checks only the registry's hosts: a loopback URL is refused, unasked, and nothing is queued", async () => {
    requests = 0;
    const before = (await a.jsm.streams.info(a.contract.streams.ingestJobs.name)).state.messages;
    const fresh = { ...spec(), source: "nyt-us-counties" };
    const err = await pollOnce(fresh, { ...depsA, access: undefined }).catch((e) => e);
    expect(err).toBeInstanceOf(SourceCheckError);
    expect(err.cause).toBeInstanceOf(SourceNotAllowedError);
    expect(requests).toBe(0);
    expect((await a.jsm.streams.info(a.contract.streams.ingestJobs.name)).state.messages).toBe(before);
  });
});
