// Helpers for tests that talk to the shared nats-server: unique contracts per run and cleanup.
import { connectMesh } from "./connection.ts";
import { createContract, type Contract } from "./subjects.ts";
import type { Mesh } from "./types.ts";

// TEST_NATS_URL is set by testenv/preload.ts (the machine's server or one the run started).
export const TEST_NATS_URL = process.env.TEST_NATS_URL ?? process.env.NATS_URL ?? "nats://127.0.0.1:4222";

/** A contract whose subjects and streams no other test run shares. */
export function uniqueContract(tag = "t"): Contract {
  return createContract(`${tag}${crypto.randomUUID().replace(/-/g, "").slice(0, 10)}`);
}

export function connectTestMesh(contract: Contract, name = "mesh-test", servers = TEST_NATS_URL): Promise<Mesh> {
  return connectMesh({ servers, name, contract });
}

/** Deletes every stream whose name starts with the contract's stream prefix, and its KV buckets. */
export async function deleteContractStreams(mesh: Mesh): Promise<void> {
  const prefix = `${mesh.contract.prefix.toUpperCase().replace(/-/g, "_")}_`;
  for await (const name of mesh.jsm.streams.names()) {
    if (name.startsWith(prefix) || name.startsWith(`KV_${prefix}`)) await mesh.jsm.streams.delete(name).catch(() => false);
  }
}

/** Polls until `check` is true; throws with `what` after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await Bun.sleep(25);
  }
  throw new Error(`timed out waiting for ${what}`);
}
