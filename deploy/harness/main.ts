#!/usr/bin/env bun
// `bun deploy/harness/main.ts`: brings the two-host topology up on loopback addresses and keeps
// it running until Ctrl-C, to try failovers by hand (the failover tests drive the same code).
import { startTopology } from "./topology.ts";

const t0 = performance.now();
const topology = await startTopology();
console.log(`two-host topology up in ${((performance.now() - t0) / 1000).toFixed(1)} s; run directory ${topology.runDir}`);
for (const h of Object.values(topology.hosts)) {
  console.log(`host ${h.id}: gateway ${h.gatewayUrl}  nats ${h.natsUrl}  postgres ${h.postgresUrl}`);
}
console.log(`witness: nats ${topology.natsUrl("witness")}\nCtrl-C stops everything (HARNESS_KEEP=1 keeps the run directory).`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await topology.close();
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
