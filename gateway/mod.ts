// Public API of the gateway: the Hono app over the mesh (the only HTTP surface).
export { gatewayIngestion, gatewayTuning, startGateway, type Gateway, type GatewayTuning } from "./main.ts";
