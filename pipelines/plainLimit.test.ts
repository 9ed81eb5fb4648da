// A plain (not gzipped) source is capped like a gzip one: a file or an HTTP body past
// maxPlainBytes fails with SourceTooLargeError instead of streaming on without end.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { SourceTooLargeError } from "./errors.ts";
import { openSource } from "./openSource.ts";
import { DEFAULT_MAX_PLAIN_BYTES } from "./plainLimit.ts";
import type { OpenedSource } from "./types.ts";

async function drain(src: OpenedSource): Promise<number> {
  let n = 0;
  for await (const chunk of src.stream) n += chunk.length;
  return n;
}

let dir = "";
let server: ReturnType<typeof Bun.serve>;
let endlessChunksSent = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "covidmesh-plain-"));
  writeFileSync(join(dir, "big.csv"), Buffer.alloc(200_000, 0x61));
  writeFileSync(join(dir, "exact.csv"), Buffer.alloc(100_000, 0x61));
  writeFileSync(join(dir, "big.csv.gz"), gzipSync(Buffer.alloc(200_000, 0x61)));
  server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch() {
      // A body that never ends: 16 KiB chunks for as long as the client reads.
      const chunk = new Uint8Array(16 * 1024).fill(0x62);
      return new Response(
        new ReadableStream({
          pull(controller) {
            endlessChunksSent++;
            controller.enqueue(chunk);
          },
        }),
      );
    },
  });
});

afterAll(() => {
  server.stop(true);
  rmSync(dir, { recursive: true, force: true });
});

describe("plain source size cap", () => {
  test("a plain file past maxPlainBytes fails with SourceTooLargeError, naming the cap", async () => {
    const src = await openSource({ file: join(dir, "big.csv") }, { maxPlainBytes: 100_000 });
    expect(src.gzip).toBe(false);
    const err = await drain(src).catch((e) => e);
    expect(err).toBeInstanceOf(SourceTooLargeError);
    expect(err.message).toContain("100000 bytes");
    expect(err.message).toContain("plain");
  });

  test("a file of exactly the cap is read whole", async () => {
    expect(await drain(await openSource({ file: join(dir, "exact.csv") }, { maxPlainBytes: 100_000 }))).toBe(100_000);
  });

  test("a gzip source is bounded by the decompression caps, not by the plain cap", async () => {
    const src = await openSource({ file: join(dir, "big.csv.gz") }, { maxPlainBytes: 1_000 });
    expect(src.gzip).toBe(true);
    expect(await drain(src)).toBe(200_000);
  });

  test("an HTTP body that never ends stops at the cap", async () => {
    const src = await openSource({ url: `http://127.0.0.1:${server.port}/endless.csv` }, { maxPlainBytes: 1_000_000 });
    await expect(drain(src)).rejects.toBeInstanceOf(SourceTooLargeError);
    // The read stopped at the chunk that crossed the cap (Bun's fetch may hand over what it
    // buffered meanwhile as one chunk), not somewhere later.
    expect(src.bytesRead()).toBeGreaterThan(1_000_000);
    expect(src.bytesRead()).toBeLessThan(8 * 1_000_000);
    expect(endlessChunksSent).toBeGreaterThan(0);
  });

  test("the default cap is 4 GiB", () => {
    expect(DEFAULT_MAX_PLAIN_BYTES).toBe(4 * 1024 ** 3);
  });
});
