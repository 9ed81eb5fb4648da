#!/usr/bin/env bun
// covid-mesh CLI: start | ingest | migrate
import { loadConfig, ConfigError } from "./config.ts";
import { startCommand } from "./commands/start.ts";
import { ingestCommand, UsageError } from "./commands/ingest.ts";
import { migrateCommand } from "./commands/migrate.ts";
import { serveCommand } from "./commands/serve.ts";

const HELP = `covid-mesh — COVID-19 exposure risk by geolocation over a NATS mesh

  covid-mesh start                      start gateway and workers (embedded NATS/PGlite by default)
  covid-mesh ingest <source> --file PATH | --url URL [--wait] [--json]
                                        sources: jhu-us-cases, jhu-us-deaths, jhu-lookup
  covid-mesh serve <service>            run one service (gateway|persistence|covid-data|exposure-risk); needs NATS_URL
  covid-mesh migrate                    apply database migrations

Configuration is read from the environment; see README.md.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "help" || command === "--help" || command === "-h") {
    console.log(HELP);
    return command ? 0 : 2;
  }
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
    if (err instanceof UsageError || err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    console.error(err instanceof Error ? `${err.name}: ${err.message}` : err);
    process.exit(1);
  },
);
