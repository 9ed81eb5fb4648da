// An HTTP GET under a fetch policy. Every hop (the URL, then each redirect, followed by hand)
// is checked against the allow-list, resolved, checked for non-public addresses, and then
// connected to *that* address (Host header and TLS server name keep the name), so a second
// DNS answer cannot lead somewhere else. Connect, response headers and every pause of the
// body have their own deadline: a server that never answers frees its slot quickly.
import { connect as netConnect } from "node:net";
import { SourceFetchError } from "./errors.ts";
import { SourceNotAllowedError, SourceTimeoutError } from "./fetchErrors.ts";
import { checkUrlAllowed, hostOf, resolveAllowed, type FetchPolicy, type ResolvedAddress } from "./fetchPolicy.ts";

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export interface GuardedResponse {
  response: Response;
  /** The URL that answered (after redirects). */
  url: URL;
  /** The body as chunks, each of which must arrive within the policy's idle-read time. */
  chunks(): AsyncGenerator<Uint8Array>;
}

function defaultPort(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
}

/** TCP connect to the resolved address within the connect timeout (then closed). */
function probeConnect(addr: ResolvedAddress, port: number, timeoutMs: number, location: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const sock = netConnect({ host: addr.address, port, family: addr.family });
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new SourceTimeoutError(location, "connect", timeoutMs));
    }, timeoutMs);
    sock.once("connect", () => {
      clearTimeout(timer);
      sock.destroy();
      resolve();
    });
    sock.once("error", (err) => {
      clearTimeout(timer);
      sock.destroy();
      reject(new SourceFetchError(location, undefined, `cannot connect (${(err as NodeJS.ErrnoException).code ?? err.message})`, { cause: err }));
    });
  });
}

export async function guardedFetch(start: URL, policy: FetchPolicy, init: { headers?: Headers; signal?: AbortSignal } = {}): Promise<GuardedResponse> {
  let url = start;
  for (let hop = 0; ; hop++) {
    const location = url.toString();
    checkUrlAllowed(policy, url);
    const addr = await resolveAllowed(policy, url, init.signal);
    await probeConnect(addr, defaultPort(url), policy.connectTimeoutMs, location);

    const pinned = new URL(url);
    pinned.hostname = addr.family === 6 ? `[${addr.address}]` : addr.address;
    const headers = new Headers(init.headers);
    headers.set("host", url.host);
    const ctrl = new AbortController();
    const onOuterAbort = () => ctrl.abort(init.signal?.reason);
    init.signal?.addEventListener("abort", onOuterAbort, { once: true });
    if (init.signal?.aborted) ctrl.abort(init.signal.reason);
    const headersTimer = setTimeout(() => ctrl.abort(new SourceTimeoutError(location, "headers", policy.headersTimeoutMs)), policy.headersTimeoutMs);

    let res: Response;
    try {
      res = await fetch(pinned, {
        redirect: "manual",
        headers,
        signal: ctrl.signal,
        ...(url.protocol === "https:" ? { tls: { serverName: hostOf(url) } } : {}),
      });
    } catch (err) {
      init.signal?.removeEventListener("abort", onOuterAbort);
      const reason = ctrl.signal.reason;
      if (reason instanceof SourceTimeoutError) throw reason;
      if (init.signal?.aborted) throw err;
      throw new SourceFetchError(location, undefined, (err as Error).message, { cause: err });
    } finally {
      clearTimeout(headersTimer);
    }

    const next = res.headers.get("location");
    if (REDIRECTS.has(res.status) && next) {
      await res.body?.cancel().catch(() => {});
      init.signal?.removeEventListener("abort", onOuterAbort);
      if (hop >= policy.maxRedirects) throw new SourceNotAllowedError(location, `more than ${policy.maxRedirects} redirects`);
      try {
        url = new URL(next, url);
      } catch (err) {
        throw new SourceFetchError(location, res.status, "redirect to an invalid URL", { cause: err });
      }
      continue;
    }

    const body = res.body;
    async function* chunks(): AsyncGenerator<Uint8Array> {
      if (!body) return;
      const reader = body.getReader();
      try {
        for (;;) {
          let timer: ReturnType<typeof setTimeout> | undefined;
          const idle = new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new SourceTimeoutError(location, "read", policy.idleReadMs)), policy.idleReadMs);
          });
          let step: { done: boolean; value?: Uint8Array };
          try {
            step = await Promise.race([reader.read(), idle]);
          } catch (err) {
            if (err instanceof SourceTimeoutError) ctrl.abort(err);
            const reason = ctrl.signal.reason;
            throw reason instanceof SourceTimeoutError ? reason : err;
          } finally {
            clearTimeout(timer);
          }
          if (step.done || !step.value) return;
          yield step.value;
        }
      } finally {
        init.signal?.removeEventListener("abort", onOuterAbort);
        await reader.cancel().catch(() => {});
      }
    }
    return { response: res, url, chunks };
  }
}
