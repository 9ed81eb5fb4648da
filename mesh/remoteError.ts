// How an error crosses a request/reply hop: a small JSON payload flagged by `Mesh-Error: 1`,
// turned back into a MeshRemoteError on the requesting side.
import { findServiceError } from "../domain/mod.ts";
import { z } from "zod";
import type { MessageDef } from "./types.ts";

/** Errors travel back over request/reply as this payload (header Mesh-Error: 1). */
export const remoteErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  status: z.number().int().optional(),
});
export type RemoteErrorPayload = z.infer<typeof remoteErrorSchema>;

export const remoteErrorDef: MessageDef<RemoteErrorPayload> = {
  type: "mesh.remote-error",
  version: 1,
  schema: remoteErrorSchema,
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
