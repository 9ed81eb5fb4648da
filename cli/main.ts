#!/usr/bin/env bun
// covid-mesh CLI: start | ingest | migrate
import { loadConfig, ConfigError } from "./config.ts";
import { startCommand } from "./commands/start.ts";
import { ingestCommand, UsageError } from "./commands/ingest.ts";
import { migrateCommand } from "./commands/migrate.ts";
import { serveCommand } from "./commands/serve.ts";
import { backtestCommand } from "./commands/backtest.ts";
import { BacktestUsageError } from "./backtest/errors.ts";
import { adapters } from "../pipelines/mod.ts";

const HELP = `covid-mesh — COVID-19 exposure risk by geolocation over a NATS mesh

  covid-mesh start                      start gateway and workers (embedded NATS/PGlite by default; services in child processes)
  covid-mesh ingest <source> --file PATH | --url URL [--wait] [--json] [--quiet]
                                        sources: ${Object.keys(adapters).join(", ")}
  covid-mesh serve <service>[,<service>…] [--name NAME] [--sample-first]
                                        run one service, or a group in one process (gateway|persistence|covid-data|exposure-risk|reports|social-activity|scheduler); needs NATS_URL
  covid-mesh migrate                    apply database migrations
  covid-mesh backtest --source <id> --file PATH [--file PATH] --from DATE --to DATE [--level state|country|county] [--select-from DATE] [--json]
  covid-mesh backtest --source covidhub-hosp --vintages FILE --from DATE --to DATE [--peer FILE]... [--ed FILE|--no-ed] [--choices] [--json]
                                        score COVIDhub-baseline and covid-mesh forecasts from files (no system needed)

Configuration is read from the environment; see README.md.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "help" || command === "--help" || command === "-h") {
    console.log(HELP);
    return command ? 0 : 2;
  }
  // The backtest reads files only: it needs no configuration.
  if (command === "backtest") return backtestCommand(rest);
  const config = loadConfig();
  switch (command) {
    case "start":
      await startCommand(config);
      return -1; // keeps running
    case "ingest":
      return ingestCommand(config, rest);
    case "serve":
      await serveCommand(config, rest);
      return -1; // keeps running
    case "migrate":
      await migrateCommand(config);
      return 0;
    default:
      console.error(`unknown command "${command}"\n\n${HELP}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err) => {
    if (err instanceof UsageError || err instanceof ConfigError || err instanceof BacktestUsageError) {
      console.error(err.message);
      process.exit(2);
    }
    console.error(err instanceof Error ? `${err.name}: ${err.message}${causesOf(err)}` : err);
    process.exit(1);
  },
);

/** The messages of what caused `err` (a driver's "connect ECONNREFUSED …" under StorageUnavailableError), one line each. */
function causesOf(err: Error): string {
  let text = "";
  for (let c = err.cause, depth = 0; c instanceof Error && depth < 5; c = c.cause, depth++) text += `\n  caused by ${c.name}: ${c.message}`;
  return text;
}
