// What a job may fetch: the hosts allowed for its source, the addresses those hosts may
// resolve to, and how long each phase of a fetch may take. Private, loopback, link-local and
// other non-public addresses are refused after DNS resolution (so a public name pointing at
// 127.0.0.1 or 169.254.169.254 is refused too), unless the operator listed the host as trusted.
import { lookup as dnsLookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { SourceFetchError } from "./errors.ts";
import { SourceNotAllowedError, SourceTimeoutError } from "./fetchErrors.ts";
import { registryHostsOf } from "./sourceHosts.ts";

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export interface FetchPolicy {
  /** Host names (or IP literals) this job may fetch from, lower case. */
  allowedHosts: readonly string[];
  /**
   * Hosts the operator listed (FETCH_ALLOWED_HOSTS): allowed for every source, and the only
   * ones that may resolve to non-public addresses (a mirror on the LAN, test servers).
   */
  trustedHosts: readonly string[];
  /** DNS lookup and TCP connect, per hop. */
  connectTimeoutMs: number;
  /** From the request to its response headers, per hop. */
  headersTimeoutMs: number;
  /** Longest pause between two chunks of the body. */
  idleReadMs: number;
  maxRedirects: number;
  /** Resolves a host name (tests inject one; default the system resolver). */
  lookup?: (host: string) => Promise<ResolvedAddress[]>;
}

export const DEFAULT_FETCH_TIMEOUTS = { connectTimeoutMs: 10_000, headersTimeoutMs: 30_000, idleReadMs: 60_000, maxRedirects: 5 } as const;

/** What configuration adds to the registry's hosts, and the per-hop timeouts (cli/fetchConfig.ts). */
export interface SourceFetchConfig {
  /** Hosts allowed for every source, and allowed to resolve to private addresses (FETCH_ALLOWED_HOSTS). */
  trustedHosts: readonly string[];
  /** Hosts added per source by configuration (the URLs of SCHEDULES, POLLERS, live mode). */
  sourceHosts: Readonly<Record<string, readonly string[]>>;
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  idleReadMs: number;
  maxRedirects: number;
}

/**
 * The policy for fetching one source's URLs, used by every service that fetches one (the
 * covid-data worker's jobs, the scheduler's change checks). Default: the registry's hosts of
 * that source only, public addresses only, the default timeouts.
 */
export function sourceFetchPolicy(source: string, config: Partial<SourceFetchConfig> = {}): FetchPolicy {
  const lower = (hosts: readonly string[]) => hosts.map((h) => h.toLowerCase());
  return {
    allowedHosts: lower([...registryHostsOf(source), ...(config.sourceHosts?.[source] ?? [])]),
    trustedHosts: lower(config.trustedHosts ?? []),
    connectTimeoutMs: config.connectTimeoutMs ?? DEFAULT_FETCH_TIMEOUTS.connectTimeoutMs,
    headersTimeoutMs: config.headersTimeoutMs ?? DEFAULT_FETCH_TIMEOUTS.headersTimeoutMs,
    idleReadMs: config.idleReadMs ?? DEFAULT_FETCH_TIMEOUTS.idleReadMs,
    maxRedirects: config.maxRedirects ?? DEFAULT_FETCH_TIMEOUTS.maxRedirects,
  };
}

/** Address ranges that are not the public internet (IANA special-purpose registries). */
const NON_PUBLIC = (() => {
  const b = new BlockList();
  for (const [net, bits] of [
    ["0.0.0.0", 8],
    ["10.0.0.0", 8],
    ["100.64.0.0", 10],
    ["127.0.0.0", 8],
    ["169.254.0.0", 16],
    ["172.16.0.0", 12],
    ["192.0.0.0", 24],
    ["192.0.2.0", 24],
    ["192.88.99.0", 24],
    ["192.168.0.0", 16],
    ["198.18.0.0", 15],
    ["198.51.100.0", 24],
    ["203.0.113.0", 24],
    ["224.0.0.0", 4],
    ["240.0.0.0", 4],
  ] as const)
    b.addSubnet(net, bits, "ipv4");
  for (const [net, bits] of [
    ["::", 128],
    ["::1", 128],
    ["64:ff9b:1::", 48],
    ["100::", 64],
    ["2001:db8::", 32],
    ["fc00::", 7],
    ["fe80::", 10],
    ["ff00::", 8],
  ] as const)
    b.addSubnet(net, bits, "ipv6");
  return b;
})();

/** False for private, loopback, link-local, CGNAT, documentation, multicast and unspecified addresses (IPv4-mapped too). */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return !NON_PUBLIC.check(address, family === 4 ? "ipv4" : "ipv6");
}

/** The URL's host name without IPv6 brackets, lower case. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
}

const listed = (list: readonly string[], host: string) => list.some((h) => h.toLowerCase() === host);

/** Refuses a URL whose scheme or host the policy does not allow (before any DNS). */
export function checkUrlAllowed(policy: FetchPolicy, url: URL): void {
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new SourceNotAllowedError(url.toString(), `scheme ${url.protocol} is not fetched`);
  }
  if (url.username || url.password) throw new SourceNotAllowedError(url.toString(), "credentials in URLs are not sent");
  const host = hostOf(url);
  if (!listed(policy.allowedHosts, host) && !listed(policy.trustedHosts, host)) {
    throw new SourceNotAllowedError(url.toString(), `host ${host} is not on this source's allow-list`);
  }
}

const systemLookup = async (host: string): Promise<ResolvedAddress[]> =>
  (await dnsLookup(host, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

/**
 * The address to connect to for an allowed URL: every address the name resolves to must be
 * public (unless the host is trusted), so that no answer of the resolver leads inside.
 */
export async function resolveAllowed(policy: FetchPolicy, url: URL, signal?: AbortSignal): Promise<ResolvedAddress> {
  const host = hostOf(url);
  const location = url.toString();
  let addresses: ResolvedAddress[];
  const literal = isIP(host);
  if (literal !== 0) {
    addresses = [{ address: host, family: literal === 6 ? 6 : 4 }];
  } else {
    const lookup = policy.lookup ?? systemLookup;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new SourceTimeoutError(location, "connect", policy.connectTimeoutMs)), policy.connectTimeoutMs);
    });
    try {
      signal?.throwIfAborted();
      addresses = await Promise.race([lookup(host), timeout]);
    } catch (err) {
      if (err instanceof SourceTimeoutError || (err as Error).name === "AbortError") throw err;
      throw new SourceFetchError(location, undefined, `cannot resolve ${host}`, { cause: err });
    } finally {
      clearTimeout(timer);
    }
  }
  if (addresses.length === 0) throw new SourceFetchError(location, undefined, `${host} has no address`);
  if (!listed(policy.trustedHosts, host)) {
    const inside = addresses.find((a) => !isPublicAddress(a.address));
    if (inside) throw new SourceNotAllowedError(location, `${host} resolves to a non-public address`);
  }
  return addresses[0]!;
}
