// NATS URLs may carry credentials (nats://user:password@host:4222, as compose files write them),
// but the client does not read them from the URL: split them off into user/pass options.
import { MeshConnectError } from "./errors.ts";

export interface NatsServers {
  servers: string[];
  user?: string;
  pass?: string;
}

export function splitNatsCredentials(servers: string | string[]): NatsServers {
  const list = (Array.isArray(servers) ? servers : servers.split(",")).map((s) => s.trim()).filter(Boolean);
  let user: string | undefined;
  let pass: string | undefined;
  const out = list.map((raw) => {
    const withScheme = raw.includes("://") ? raw : `nats://${raw}`;
    let url: URL;
    try {
      url = new URL(withScheme);
    } catch (err) {
      throw new MeshConnectError(`"${raw.replace(/\/\/[^@/]*@/, "//***@")}" is not a NATS URL`, { cause: err });
    }
    if (!url.username) return raw;
    const u = decodeURIComponent(url.username);
    const p = decodeURIComponent(url.password);
    if (user !== undefined && (u !== user || p !== pass)) {
      throw new MeshConnectError("the NATS URLs carry different credentials; use one user for all servers");
    }
    user = u;
    pass = p;
    return `${url.protocol}//${url.host}`;
  });
  return { servers: out, ...(user !== undefined ? { user, pass } : {}) };
}

/**
 * The reply-inbox prefix of a NATS user: `_INBOX_<user>`, so that the server's permissions can
 * let each user subscribe to its own replies only (deploy/nats/permissions.ts). Users whose
 * name is not a plain subject token keep the shared `_INBOX`.
 */
export function inboxPrefixOf(user: string): string {
  return /^[A-Za-z0-9_-]+$/.test(user) ? `_INBOX_${user}` : "_INBOX";
}
