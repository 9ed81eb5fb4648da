// How an error crosses a request/reply hop: a small JSON payload flagged by `Mesh-Error: 1`,
// turned back into a MeshRemoteError on the requesting side.
import { findServiceError } from "../domain/mod.ts";
import { jsonCodec } from "./codecs/json.ts";
import { remoteErrorSchema, type RemoteErrorPayload } from "./messages.ts";
import type { MessageDef } from "./types.ts";

export const remoteErrorDef: MessageDef<RemoteErrorPayload> = {
  type: "mesh.remote-error",
  version: 1,
  codec: jsonCodec(remoteErrorSchema),
};

/**
 * A ServiceError (or an error it caused) was meant for the caller: its code and message go back.
 * Anything else is a bug or an outage whose text (a SQLSTATE, a socket error, a stack) stays in
 * the replier's log: the caller hears `internal`.
 */
export function toRemoteErrorPayload(err: unknown): RemoteErrorPayload {
  const known = findServiceError(err);
  if (known) return { code: known.code, message: known.message };
  return { code: "internal", message: "internal error while handling the request" };
}
