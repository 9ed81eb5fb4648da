// Least privilege on NATS: one user per service, each allowed to publish and subscribe only on
// the subjects of its own work (derived from the contract, mesh/subjects.ts), the JetStream API
// calls that work needs, and its own reply inbox. deploy/nats/users.conf is rendered from this
// (`bun deploy/nats/permissions.ts > deploy/nats/users.conf`; a test keeps the two equal), and
// nats.conf and single.conf include it. Passwords come from the environment, one per user.
//
// What no service but the CLI (the operator) can do: publish a file job that names any path
// (subjects.ingestFileJobs), delete or purge a stream, or read another user's replies.
// Provisioning (stream create/update) is left to the workers: the gateway only uses streams.
import { createContract, type Contract } from "../../mesh/mod.ts";
import { inboxPrefixOf } from "../../mesh/mod.ts";

export const NATS_USERS = ["gateway", "covid-data", "persistence", "exposure-risk", "reports", "social-activity", "scheduler", "cli"] as const;
export type NatsUser = (typeof NATS_USERS)[number];

export interface UserPermissions {
  publish: string[];
  subscribe: string[];
  /** May answer requests it received (publish once to their reply subject). */
  allowResponses: boolean;
}

/** Environment variable of a user's password in the NATS server's environment (and compose's .env). */
export function passwordVar(user: NatsUser): string {
  return `NATS_${user.toUpperCase().replace(/-/g, "_")}_PASSWORD`;
}

const API = "$JS.API";

/** Stream info, and create/update for services that provision (never delete or purge). */
function streamApi(streams: string[], provision: boolean): string[] {
  return streams.flatMap((s) => [`${API}.STREAM.INFO.${s}`, ...(provision ? [`${API}.STREAM.CREATE.${s}`, `${API}.STREAM.UPDATE.${s}`] : [])]);
}

/** A durable pull consumer: create (old and new API forms), info, pull, ack; and its dead letters. */
function durableApi(c: Contract, stream: string, durable: string): string[] {
  return [
    `${API}.CONSUMER.CREATE.${stream}.${durable}`,
    `${API}.CONSUMER.CREATE.${stream}.${durable}.>`,
    `${API}.CONSUMER.DURABLE.CREATE.${stream}.${durable}`,
    `${API}.CONSUMER.INFO.${stream}.${durable}`,
    `${API}.CONSUMER.MSG.NEXT.${stream}.${durable}`,
    `$JS.ACK.${stream}.${durable}.>`,
    // A message past MaxDeliver is read back (by sequence) and stored as a dead letter.
    `${API}.STREAM.MSG.GET.${stream}`,
    `${API}.DIRECT.GET.${stream}`,
    c.subjects.deadLetter(stream, durable),
  ];
}

/** The advisory a worker pool watches for its consumer's messages past MaxDeliver. */
const maxDeliveries = (stream: string, durable: string) => `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${stream}.${durable}`;

/** A KV bucket: open (info, create when missing), get, put/create/update, watch one key. */
function kvApi(bucket: string): { publish: string[]; subscribe: string[] } {
  const stream = `KV_${bucket}`;
  return {
    publish: [
      `${API}.STREAM.INFO.${stream}`,
      `${API}.STREAM.CREATE.${stream}`,
      `${API}.STREAM.MSG.GET.${stream}`,
      `${API}.DIRECT.GET.${stream}`,
      `${API}.DIRECT.GET.${stream}.>`,
      // Watchers are ordered (ephemeral) consumers on the bucket's stream.
      `${API}.CONSUMER.CREATE.${stream}`,
      `${API}.CONSUMER.CREATE.${stream}.>`,
      `${API}.CONSUMER.INFO.${stream}.>`,
      `${API}.CONSUMER.DELETE.${stream}.>`,
      `${API}.CONSUMER.MSG.NEXT.${stream}.>`,
      `$JS.FC.${stream}.>`,
      `$KV.${bucket}.>`,
    ],
    subscribe: [],
  };
}

function merge(...parts: Array<{ publish?: string[]; subscribe?: string[] }>): { publish: string[]; subscribe: string[] } {
  const publish = new Set<string>();
  const subscribe = new Set<string>();
  for (const p of parts) {
    for (const s of p.publish ?? []) publish.add(s);
    for (const s of p.subscribe ?? []) subscribe.add(s);
  }
  return { publish: [...publish], subscribe: [...subscribe] };
}

/** Every user's allow-lists for a contract (the deployment's has no prefix). */
export function natsPermissions(c: Contract = createContract()): Record<NatsUser, UserPermissions> {
  const s = c.subjects;
  const st = c.streams;
  const allStreams = Object.values(st).map((x) => x.name);
  const jobsKv = kvApi(c.kv.jobs);
  const stateKv = kvApi(c.kv.state);
  // Every connection: JetStream account info, and replies to its own requests only.
  const base = (user: NatsUser) => ({ publish: [`${API}.INFO`], subscribe: [`${inboxPrefixOf(user)}.>`] });
  // Workers provision every stream of the contract at start (deploy order does not matter).
  const provisioner = { publish: streamApi(allStreams, true) };
  const jobEvents = { publish: [s.jobEventsAll] };
  // The request/reply subjects the exposure-risk pool answers and the gateway asks on: one list,
  // so that a new query is granted to both ends at once.
  const riskQueries = [
    s.riskQuery,
    s.riskRegions,
    s.riskRegionsBatch,
    s.riskBatch,
    s.riskStatus,
    s.regionSearch,
    s.regionGet,
    s.timeseries,
    s.forecastGet,
    s.hospForecastGet,
    s.clustersList,
    s.weeklyGet,
  ];

  const users: Record<NatsUser, { publish: string[]; subscribe: string[] }> = {
    gateway: merge(
      base("gateway"),
      jobsKv,
      { publish: streamApi([st.ingestJobs.name, st.reports.name, st.activity.name], false) },
      {
        // URL jobs (and files under INGEST_FILE_ROOT, which the worker checks against its own root),
        // pushed reports; requests to the workers. Never subjects.ingestFileJobs.
        publish: [s.ingestJobs, s.reportsSubmitted, ...riskQueries, s.storageHealth, s.activityPings, s.activityQuery],
        subscribe: [s.observationsCommitted, s.riskSnapshotUpdated],
      },
    ),
    "covid-data": merge(base("covid-data"), provisioner, jobsKv, jobEvents, {
      publish: [...durableApi(c, st.ingestJobs.name, c.consumers.ingest), ...durableApi(c, st.ingestJobs.name, c.consumers.ingestFiles), ...s.persistAll, s.sourceValidators],
      subscribe: [maxDeliveries(st.ingestJobs.name, c.consumers.ingest), maxDeliveries(st.ingestJobs.name, c.consumers.ingestFiles)],
    }),
    persistence: merge(base("persistence"), provisioner, jobsKv, jobEvents, {
      publish: [
        ...durableApi(c, st.data.name, c.consumers.persistence),
        s.observationsCommitted,
        `${API}.STREAM.MSG.GET.${st.jobEvents.name}`,
        `${API}.DIRECT.GET.${st.jobEvents.name}`,
      ],
      subscribe: [s.storageHealth, s.sourceValidators, maxDeliveries(st.data.name, c.consumers.persistence)],
    }),
    "exposure-risk": merge(base("exposure-risk"), provisioner, {
      publish: [s.riskSnapshotUpdated, s.riskModelsUpdated],
      subscribe: [s.observationsCommitted, s.riskModelsUpdated, s.riskSnapshotUpdated, ...riskQueries],
    }),
    reports: merge(base("reports"), provisioner, jobsKv, jobEvents, {
      publish: [...durableApi(c, st.reports.name, c.consumers.reports), ...s.persistAll],
      subscribe: [maxDeliveries(st.reports.name, c.consumers.reports)],
    }),
    // The device salt is a local secret of this service (DEVICE_SALT), never in NATS; the state
    // bucket only to purge where older versions kept it.
    "social-activity": merge(base("social-activity"), provisioner, stateKv, {
      publish: [...durableApi(c, st.activity.name, c.consumers.activity), s.activityPresence],
      subscribe: [s.activityPings, s.activityQuery, s.observationsCommitted, maxDeliveries(st.activity.name, c.consumers.activity)],
    }),
    // Scheduled and polled URL jobs; poller validators in the state bucket.
    scheduler: merge(base("scheduler"), provisioner, jobsKv, stateKv, { publish: [s.ingestJobs] }),
    // The operator: file jobs naming any path, URL jobs, waiting on them (job events, the job
    // record), and reading stream and consumer state (`covid-mesh ingest`, the compose probe).
    cli: merge(base("cli"), provisioner, jobsKv, {
      publish: [
        s.ingestJobs,
        s.ingestFileJobs,
        `${API}.STREAM.NAMES`,
        `${API}.STREAM.LIST`,
        `${API}.CONSUMER.INFO.>`,
        `${API}.CONSUMER.LIST.>`,
        `${API}.CONSUMER.NAMES.>`,
        `${API}.STREAM.MSG.GET.>`,
        `${API}.DIRECT.GET.>`,
        `${API}.CONSUMER.CREATE.${st.jobEvents.name}`,
        `${API}.CONSUMER.CREATE.${st.jobEvents.name}.>`,
        `${API}.CONSUMER.DELETE.${st.jobEvents.name}.>`,
        `${API}.CONSUMER.MSG.NEXT.${st.jobEvents.name}.>`,
        `$JS.FC.${st.jobEvents.name}.>`,
      ],
      subscribe: [s.jobEventsAll],
    }),
  };
  const responders: NatsUser[] = ["persistence", "exposure-risk", "social-activity"];
  return Object.fromEntries(NATS_USERS.map((u) => [u, { ...users[u], allowResponses: responders.includes(u) }])) as Record<NatsUser, UserPermissions>;
}

const quote = (subject: string) => JSON.stringify(subject);

/** The `users` list of nats-server's authorization block, passwords as $NATS_<USER>_PASSWORD. */
export function renderUsersConf(c: Contract = createContract()): string {
  const perms = natsPermissions(c);
  const lines = [
    "# Generated by deploy/nats/permissions.ts from the subject contract: do not edit by hand",
    "# (bun deploy/nats/permissions.ts > deploy/nats/users.conf). One user per service; each",
    "# password comes from the server's environment (deploy/gen-env.sh writes them).",
    "users: [",
  ];
  for (const user of NATS_USERS) {
    const p = perms[user];
    lines.push(`  { user: ${quote(user)}, password: $${passwordVar(user)}, permissions: {`);
    lines.push(`      publish: { allow: [${p.publish.map(quote).join(", ")}] }`);
    lines.push(`      subscribe: { allow: [${p.subscribe.map(quote).join(", ")}] }`);
    if (p.allowResponses) lines.push("      allow_responses: true");
    lines.push("  } }");
  }
  lines.push("]");
  return `${lines.join("\n")}\n`;
}

if (import.meta.main) process.stdout.write(renderUsersConf());
