// Through the mesh into Postgres: a real file with injected faults (every good row lands, each
// bad one is quarantined with its reason), conditional HTTP re-fetches (an unchanged source costs
// one request and writes nothing), and a publisher's revision of a past value.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { submitIngest } from "../../cli/ingestClient.ts";
import { SHARED_DATA } from "../../cli/testSupport.ts";
import { startIngestionSystem, type IngestionSystem } from "./testSupport.ts";
import { dayOfIso } from "../../domain/mod.ts";
import { needsSharedData } from "../../testenv/sharedDataGate.ts";

const NYT = join(SHARED_DATA, "nyt/us-states.csv.gz");
// NYT's file ends its lines with CRLF: keep the text of each line without its terminator.
const shared = needsSharedData(NYT);
// Read at load only when present; without the file the tests that use it skip.
const lines = (shared.present ? gunzipSync(readFileSync(NYT)) : Buffer.alloc(0))
  .toString("utf8")
  .split(/\r?\n/)
  .filter((l) => l.length > 0);

let system: IngestionSystem;
let dir: string;

async function ingest(req: { source: string; file?: string; url?: string }) {
  const job = await submitIngest(system.client, req, { timeoutMs: 100_000 });
  return { ...(await job.done), jobId: job.job.jobId };
}

beforeAll(async () => {
  system = await startIngestionSystem();
  dir = mkdtempSync(join(tmpdir(), "covidmesh-faults-"));
});

afterAll(async () => {
  await system?.stop();
  rmSync(dir, { recursive: true, force: true });
});

shared.describe("a copy of a real file with injected faults", () => {
  test("every good row lands and each bad one is quarantined with the right reason", async () => {
    const faulty = [...lines];
    const set = (i: number, f: (fields: string[]) => string[]) => (faulty[i] = f(faulty[i].split(",")).join(","));
    set(1000, (f) => [...f, "7"]); // wrong column count
    set(2000, (f) => [f[0], f[1], f[2], "12x", f[4]]); // non-numeric value
    set(3000, (f) => [f[0], f[1], "99", f[3], f[4]]); // unknown region code
    set(4000, (f) => ["2020-02-30", f[1], f[2], f[3], f[4]]); // bad date
    faulty.splice(5000, 0, faulty[0]); // duplicated header (line 5001)
    const last = faulty.length - 1;
    faulty[last] = faulty[last].slice(0, faulty[last].length - 2); // truncated last line: no newline, value cut
    const file = join(dir, "us-states-faulty.csv.gz");
    writeFileSync(file, gzipSync(faulty.join("\n"))); // no final newline

    const ev = await ingest({ source: "nyt-us-states", file });
    expect(ev.state).toBe("done");
    const good = lines.length - 1 - 5; // data rows, minus 4 damaged rows and the truncated last one
    expect(ev.counts).toMatchObject({ accepted: good, rejected: 6 });
    expect(await system.storage.countObservations("nyt-us")).toBe(good);

    const q = await system.storage.listQuarantine(ev.jobId);
    expect(q.map((r) => [r.line, r.reason.split(":")[0]])).toEqual([
      [1001, "wrong column count"],
      [2001, 'non-numeric value "12x" for cases'],
      [3001, "unknown region code"],
      [4001, "bad date"],
      [5001, "duplicated header line"],
      [faulty.length, "truncated last line"],
    ]);
    for (const r of q) expect(r.raw).toBe(faulty[r.line - 1]);
    expect(q.every((r) => r.source === "nyt-us-states" && r.jobId === ev.jobId)).toBe(true);
    // The neighbours of each bad row are stored.
    for (const i of [999, 1001, 1999, 2001, 2999, 3001, 3999, 4001, faulty.length - 2]) {
      const [date, , fips, cases] = faulty[i].split(",");
      const uid = Number(fips) === 72 ? 630 : Number(fips) >= 60 ? null : 84_000_000 + Number(fips);
      if (uid === null) continue;
      expect((await system.storage.getObservation(uid, "nyt-us", dayOfIso(date)))?.cumCases).toBe(Number(cases));
    }
  });
});

shared.describe("sources over HTTP", () => {
  let server: ReturnType<typeof Bun.serve>;
  const requests: { path: string; conditional: boolean; status: number }[] = [];
  let current = readFileSync(NYT);
  let etag = '"v1"';

  beforeAll(() => {
    // Serves the real file with an ETag and Last-Modified, honouring If-None-Match, counting requests.
    server = Bun.serve({
      port: 0,
      hostname: "127.0.0.1",
      fetch(req) {
        const path = new URL(req.url).pathname;
        const conditional = req.headers.has("if-none-match") || req.headers.has("if-modified-since");
        const status = req.headers.get("if-none-match") === etag ? 304 : 200;
        requests.push({ path, conditional, status });
        if (status === 304) return new Response(null, { status, headers: { etag } });
        return new Response(current, { headers: { etag, "last-modified": "Thu, 30 Jun 2022 00:00:00 GMT", "content-type": "application/gzip" } });
      },
    });
  });
  afterAll(() => server?.stop(true));

  test("re-running an unchanged source makes one conditional request and writes zero rows", async () => {
    const url = `${server.url}nyt/us-states.csv.gz`;
    const source = "nyt-us-states";
    const before = await system.storage.countObservations("nyt-us");
    const first = await ingest({ source, url });
    expect(first.state).toBe("done");
    expect(first.counts!.accepted + first.counts!.unchanged).toBe(lines.length - 1);
    expect(await system.storage.getSourceValidators(url)).toEqual({ etag: '"v1"', lastModified: "Thu, 30 Jun 2022 00:00:00 GMT" });
    requests.length = 0;

    const again = await ingest({ source, url });
    expect(again.state).toBe("done");
    expect(again.counts).toMatchObject({ accepted: 0, unchanged: 0, revised: 0, rejected: 0 });
    expect(requests).toEqual([{ path: "/nyt/us-states.csv.gz", conditional: true, status: 304 }]);
    expect(await system.storage.jobSummary(again.jobId)).toMatchObject({ batchesDone: 0, rowsRead: 0, bytesRead: 0 });
    expect(await system.storage.countObservations("nyt-us")).toBe(Math.max(before, lines.length - 1));
  });

  test("a revised past value is fetched anew, updates the stored value and is counted as revised", async () => {
    const url = `${server.url}nyt/us-states.csv.gz`;
    const revised = [...lines];
    const i = revised.findIndex((l) => l.startsWith("2020-12-30,New York,36,"));
    revised[i] = "2020-12-30,New York,36,963650,37412";
    current = gzipSync(`${revised.join("\n")}\n`);
    etag = '"v2"';
    requests.length = 0;
    const ev = await ingest({ source: "nyt-us-states", url });
    expect(requests).toEqual([{ path: "/nyt/us-states.csv.gz", conditional: true, status: 200 }]);
    // The cumulative value of that day, and the daily differences on it and on the day after.
    expect(ev.counts).toMatchObject({ accepted: 2, revised: 2, unchanged: lines.length - 1 - 2 });
    expect(await system.storage.getObservation(84000036, "nyt-us", dayOfIso("2020-12-30"))).toMatchObject({ cumCases: 963_650, revision: 1 });
    expect(await system.storage.getSourceValidators(url)).toMatchObject({ etag: '"v2"' });
  });
});
