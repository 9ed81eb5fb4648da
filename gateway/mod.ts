// Public API of the gateway: the Hono app over the mesh (the only HTTP surface).
export { createMeshPort } from "./meshPort.ts";
export { checkReadiness, type Readiness } from "./health/readiness.ts";
export type { MeshPort } from "./types.ts";
export { gatewayIngestion, gatewayTuning, startGateway, type Gateway, type GatewayTuning } from "./main.ts";
