// How an error crosses a request/reply hop: a small JSON payload flagged by `Mesh-Error: 1`,
// turned back into a MeshRemoteError on the requesting side.
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
 * Errors that carry a string `code` were thrown on purpose and their message is meant for the
 * caller; anything else is a bug whose text stays in the replier's log.
 */
export function toRemoteErrorPayload(err: unknown): RemoteErrorPayload {
  const e = (typeof err === "object" && err !== null ? err : {}) as { code?: unknown; status?: unknown; message?: unknown };
  const status = typeof e.status === "number" && Number.isInteger(e.status) ? e.status : undefined;
  if (typeof e.code === "string" && e.code !== "") {
    return { code: e.code, message: typeof e.message === "string" ? e.message : e.code, ...(status !== undefined ? { status } : {}) };
  }
  return { code: "internal", message: "internal error while handling the request", ...(status !== undefined ? { status } : {}) };
}
