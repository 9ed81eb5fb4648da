// Who is at the other end, for the rate limit: the peer address, or — when the peer is one of
// our own proxies (TRUSTED_PROXIES) — the address that proxy says it forwarded for. An
// X-Forwarded-For from anyone else is ignored: a client could otherwise name a fresh address
// per request and never be limited. IPv6 addresses count per /64 (one customer's usual
// allocation), so a client cannot rotate through its 2^64 addresses for fresh buckets.
import { BlockList, isIP } from "node:net";

export class TrustedProxyConfigError extends Error {
  override name = "TrustedProxyConfigError";
}

/** A set of addresses and CIDR ranges (IPv4 and IPv6). */
export interface ProxyList {
  readonly size: number;
  has(address: string): boolean;
}

export function createProxyList(entries: readonly string[]): ProxyList {
  const list = new BlockList();
  let size = 0;
  for (const raw of entries) {
    const entry = raw.trim();
    if (entry === "") continue;
    const [addr, bits] = entry.split("/");
    const family = isIP(addr);
    const max = family === 4 ? 32 : 128;
    const prefix = bits === undefined ? max : Number(bits);
    if (family === 0 || !/^\d{0,3}$/.test(bits ?? "") || !Number.isInteger(prefix) || prefix < 0 || prefix > max) {
      throw new TrustedProxyConfigError(`TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range`);
    }
    list.addSubnet(addr, prefix, family === 4 ? "ipv4" : "ipv6");
    size++;
  }
  return {
    size,
    has(address) {
      const family = isIP(address);
      return family !== 0 && size > 0 && list.check(address, family === 4 ? "ipv4" : "ipv6");
    },
  };
}

/** Parses the comma-separated TRUSTED_PROXIES value. */
export function proxyListFromConfig(value: string | undefined): ProxyList {
  return createProxyList((value ?? "").split(","));
}

/** The eight 16-bit groups of an IPv6 address (valid per isIP), or null. */
function ipv6Groups(address: string): number[] | null {
  let text = address;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const o = v4[1].split(".").map(Number);
    text = `${text.slice(0, -v4[1].length)}${((o[0] << 8) | o[1]).toString(16)}:${((o[2] << 8) | o[3]).toString(16)}`;
  }
  const [head, tail] = text.split("::");
  const parse = (s: string | undefined) => (s ? s.split(":").map((g) => Number.parseInt(g, 16)) : []);
  const h = parse(head);
  const t = parse(tail);
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill(0), ...t];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

/**
 * The rate-limit bucket of an address: IPv4 as is, an IPv4-mapped IPv6 address as its IPv4
 * address, other IPv6 addresses by their /64 prefix. Null for anything that is not an address.
 */
export function addressBucket(address: string): string | null {
  const a = address.trim();
  const family = isIP(a);
  if (family === 4) return a;
  if (family !== 6) return null;
  const g = ipv6Groups(a);
  if (!g) return null;
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return `${g[6] >> 8}.${g[6] & 0xff}.${g[7] >> 8}.${g[7] & 0xff}`;
  return `${g
    .slice(0, 4)
    .map((x) => x.toString(16))
    .join(":")}::/64`;
}

/**
 * The client's address: walking X-Forwarded-For from the right (the hop nearest to us), every
 * address our trusted proxies added is skipped; the first one they did not add is the client.
 * Without a trusted peer the header is not read at all.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | null, proxies: ProxyList): string | undefined {
  if (peer === undefined || proxies.size === 0 || !proxies.has(peer) || !forwardedFor) return peer;
  const hops = forwardedFor
    .split(",")
    .map((h) => h.trim())
    .filter((h) => h !== "");
  let client = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    // A hop that is not an address (spoofed junk in front of our proxy's entry) ends the walk.
    if (isIP(hops[i]) === 0) break;
    client = hops[i];
    if (!proxies.has(client)) break;
  }
  return client;
}
