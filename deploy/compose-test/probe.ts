#!/usr/bin/env bun
// The operator's view from inside a deployment: the compose test copies deploy/ into a running
// gateway container and runs `bun deploy/compose-test/probe.ts <command>` there, where the
// container's network reaches this host's NATS node and the primary (the client ports are on the
// internal network only), with the operator's credentials the test passes in (NATS_USER,
// NATS_PASSWORD, DATABASE_URL: see deployment.ts). Prints one JSON line.
//   submit SOURCE FILE     store an ingest job (retried until JetStream stores it), don't wait
//   events JOBID [MS]      the states of the job's events, in stream order (waits up to MS,
//                          default 15 s, for a final state to be stored)
//   job JOBID              the job's summary in the database (null before it started)
//   rows DATASET           observations stored for a dataset
//   deliveries             the persistence consumer's counters
//   progress JOBID         deliveries and job together (one round trip for the test)
//   dlq                    dead letters
//   streams                the data stream's replicas (configured, and followers seen)
import { connectMesh, createContract } from "../../mesh/mod.ts";
import { createPostgresStorage } from "../../sql/mod.ts";
import { deadLetterCount, jobEventStates, persistenceDeliveries, submitWithRetry } from "../harness/jobs.ts";

const [command, ...args] = process.argv.slice(2);
const needsMesh = ["submit", "events", "deliveries", "dlq", "streams", "progress"].includes(command ?? "");
const needsDb = ["job", "rows", "progress"].includes(command ?? "");
const mesh = needsMesh
  ? await connectMesh({
      servers: process.env.NATS_URL!.split(","),
      name: "compose-test-probe",
      contract: createContract(process.env.MESH_PREFIX ?? ""),
      ...(process.env.NATS_USER ? { user: process.env.NATS_USER, pass: process.env.NATS_PASSWORD ?? "" } : {}),
    })
  : null;
const storage = needsDb ? createPostgresStorage(process.env.DATABASE_URL!) : null;

async function main(): Promise<unknown> {
  switch (command) {
    case "submit": {
      const s = await submitWithRetry(mesh!, args[0]!, args[1]!, { withinMs: 120_000 });
      s.job.cancel();
      return { jobId: s.job.job.jobId, attempts: s.attempts, storedAt: s.storedAt };
    }
    case "events":
      return jobEventStates(mesh!, args[0]!, args[1] === undefined ? undefined : Number(args[1]));
    case "job":
      return storage!.jobSummary(args[0]!);
    case "rows":
      return storage!.countObservations(args[0]);
    case "deliveries":
      return persistenceDeliveries(mesh!);
    case "progress": {
      const [deliveries, job] = await Promise.all([persistenceDeliveries(mesh!), storage!.jobSummary(args[0]!)]);
      return { deliveries, job };
    }
    case "dlq":
      return deadLetterCount(mesh!);
    case "streams": {
      const info = await mesh!.jsm.streams.info(mesh!.contract.streams.data.name);
      return { numReplicas: info.config.num_replicas, leader: info.cluster?.leader, followers: (info.cluster?.replicas ?? []).map((r) => ({ name: r.name, current: r.current })) };
    }
    default:
      throw new Error(`unknown probe command ${command}`);
  }
}

try {
  console.log(JSON.stringify(await main()));
} finally {
  await mesh?.close().catch(() => {});
  await storage?.close().catch(() => {});
}
process.exit(0);
