// Where the Postgres server binaries (initdb, postgres) are, if this machine has them. Debian and
// Ubuntu keep them off PATH (/usr/lib/postgresql/<major>/bin), so PATH alone is not enough.
import { existsSync, readdirSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import { TestServerError } from "./errors.ts";

const hasServer = (dir: string) => existsSync(join(dir, "initdb")) && existsSync(join(dir, "postgres"));

/**
 * `wanted` (TEST_PG_BIN) names the directory, or is `none`: behave as a machine without Postgres.
 * Otherwise initdb on PATH, then `pg_config --bindir`, then the newest /usr/lib/postgresql/<major>/bin.
 */
export function findPostgresBin(wanted?: string): string | undefined {
  wanted = wanted?.trim();
  if (wanted === "none") return undefined;
  if (wanted) {
    if (!hasServer(wanted)) throw new TestServerError(`TEST_PG_BIN=${wanted} has no initdb and postgres`);
    return wanted;
  }
  const candidates: string[] = [];
  const initdb = Bun.which("initdb");
  if (initdb) candidates.push(dirname(realpathSync(initdb)));
  const pgConfig = Bun.which("pg_config");
  if (pgConfig) {
    const out = Bun.spawnSync([pgConfig, "--bindir"], { stdout: "pipe", stderr: "ignore" });
    if (out.exitCode === 0) candidates.push(out.stdout.toString().trim());
  }
  const debian = "/usr/lib/postgresql";
  if (existsSync(debian)) {
    const majors = readdirSync(debian)
      .filter((v) => /^\d+(\.\d+)?$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...majors.map((v) => join(debian, v, "bin")));
  }
  return candidates.find(hasServer);
}
