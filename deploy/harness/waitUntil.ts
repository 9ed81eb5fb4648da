// Polling waits with a deadline: the harness waits on behaviour (a port, a health answer),
// never on fixed sleeps.
import { connect } from "node:net";
import { HarnessError, HarnessTimeoutError } from "./errors.ts";

export async function waitUntil(check: () => boolean | Promise<boolean>, opts: { what: string; timeoutMs: number; intervalMs?: number }): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (err) {
      if (err instanceof HarnessError) throw err; // a check that knows waiting cannot help
      last = err;
    }
    await Bun.sleep(opts.intervalMs ?? 100);
  }
  const why = last instanceof Error ? ` (last error: ${last.message})` : "";
  throw new HarnessTimeoutError(`${opts.what}: not within ${opts.timeoutMs} ms${why}`, { cause: last });
}

export function tcpOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ host, port }, () => {
      sock.destroy();
      resolve(true);
    });
    sock.on("error", () => resolve(false));
  });
}

/** GET `url`; true on a 2xx within `timeoutMs`. */
export async function httpOk(url: string, timeoutMs = 2_000): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}
