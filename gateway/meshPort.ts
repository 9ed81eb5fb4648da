// The real MeshPort: each call is one request/reply over NATS with the request's deadline.
import { request, type Mesh } from "../mesh/mod.ts";
import { messages } from "../mesh/messages.ts";
import type { MeshPort } from "./types.ts";

export function createMeshPort(mesh: Mesh): MeshPort {
  const s = mesh.contract.subjects;
  return {
    async risk(query, ctx) {
      const reply = await request(mesh, s.riskQuery, messages.riskQuery, query, messages.riskAnswer, ctx);
      return reply.value;
    },
    async storageHealth(ctx) {
      const reply = await request(mesh, s.storageHealth, messages.storageHealthQuery, {}, messages.storageHealth, ctx);
      return reply.value;
    },
    async natsConnected(timeoutMs) {
      if (mesh.nc.isClosed()) return false;
      // A flush is a real round trip to the server: it fails or stalls while disconnected.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const deadline = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
      try {
        return await Promise.race([mesh.nc.flush().then(() => true, () => false), deadline]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
