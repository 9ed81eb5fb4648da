import { parseArgs } from "node:util";
import { connectMesh } from "../../mesh/mod.ts";
import type { Config } from "../config.ts";
import { readRecordedNatsUrl } from "../localNats.ts";
import { submitIngest } from "../ingestClient.ts";
import { createProgressView } from "../progress.ts";
import { contractOf, natsCredentialsOf } from "../natsConfig.ts";

export class UsageError extends Error {
  override name = "UsageError";
}

const USAGE = "usage: covid-mesh ingest <source> (--file PATH | --url URL) [--wait] [--json] [--quiet] [--timeout SECONDS]";

export async function ingestCommand(config: Config, argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      file: { type: "string" },
      url: { type: "string" },
      wait: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      quiet: { type: "boolean", default: false },
      timeout: { type: "string", default: "600" },
    },
  });
  const source = positionals[0];
  if (!source || positionals.length > 1) throw new UsageError(USAGE);
  if (!values.file === !values.url) throw new UsageError(`give exactly one of --file or --url\n${USAGE}`);

  const natsUrl = config.NATS_URL ?? readRecordedNatsUrl(config.dataDir);
  if (!natsUrl) {
    throw new UsageError(`no NATS_URL and no running system found (${config.dataDir}/nats.url): start one with \`npm start\` first`);
  }
  const mesh = await connectMesh({ servers: natsUrl.split(","), name: "covid-mesh-cli", contract: contractOf(config), ...natsCredentialsOf(config) });
  const t0 = performance.now();
  try {
    // Progress goes to stderr (stdout keeps the result, e.g. the --json line): a bar redrawn in
    // place on a terminal, plain lines when stderr is a file or a pipe.
    const view = values.wait && !values.quiet ? createProgressView({ tty: process.stderr.isTTY === true, write: (s) => process.stderr.write(s) }) : null;
    const job = await submitIngest(
      mesh,
      { source, file: values.file, url: values.url },
      { timeoutMs: Number(values.timeout) * 1000, onProgress: view ? (r) => view.update(r) : undefined },
    );
    if (!values.wait) {
      job.cancel();
      if (values.json) console.log(JSON.stringify({ job: job.job.jobId, source, state: "queued" }));
      else console.log(`queued ${job.job.jobId}`);
      return 0;
    }
    if (!values.json && !process.stderr.isTTY) console.error(`job ${job.job.jobId} queued; waiting…`);
    const ev = await job.done.finally(() => view?.end());
    const ms = Math.round(performance.now() - t0);
    const c = ev.counts ?? { accepted: 0, rejected: 0, unchanged: 0, revised: 0, regions: 0 };
    const result = {
      job: ev.jobId,
      source,
      accepted: c.accepted,
      rejected: c.rejected,
      unchanged: c.unchanged,
      ms,
      ...(ev.state === "failed" ? { state: "failed", error: ev.error ?? "unknown error" } : {}),
    };
    if (values.json) console.log(JSON.stringify(result));
    else {
      console.log(`${ev.state}: ${c.accepted} accepted (${c.revised} revised), ${c.unchanged} unchanged, ${c.rejected} rejected rows, ${c.regions} regions, ${ms} ms`);
      if (ev.error) console.log(`error: ${ev.error}`);
    }
    return ev.state === "done" ? 0 : 1;
  } finally {
    await mesh.close();
  }
}
