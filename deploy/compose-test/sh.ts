// Running commands for the compose test: the machine's `docker`, and commands on a test host
// (a Docker-in-Docker container: `docker exec` into it runs its own docker CLI and daemon).
import { ComposeTestError } from "./errors.ts";

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs argv; throws ComposeTestError on a non-zero exit unless `allowFail`. */
export async function run(argv: string[], opts: { input?: string | Blob; allowFail?: boolean; timeoutMs?: number } = {}): Promise<RunResult> {
  const t0 = Date.now();
  const proc = Bun.spawn(argv, { stdin: opts.input === undefined ? "ignore" : "pipe", stdout: "pipe", stderr: "pipe" });
  if (opts.input !== undefined) {
    const sink = proc.stdin as import("bun").FileSink;
    sink.write(typeof opts.input === "string" ? opts.input : new Uint8Array(await opts.input.arrayBuffer()));
    await sink.end();
  }
  const timer = setTimeout(() => proc.kill("SIGKILL"), opts.timeoutMs ?? 900_000);
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  clearTimeout(timer);
  const r = { code, stdout, stderr, ms: Date.now() - t0 };
  if (code !== 0 && !opts.allowFail) {
    throw new ComposeTestError(`${argv.join(" ").slice(0, 300)} exited ${code}: ${stderr.slice(-2000) || stdout.slice(-2000)}`);
  }
  return r;
}

export const docker = (args: string[], opts?: Parameters<typeof run>[1]) => run(["docker", ...args], opts);
