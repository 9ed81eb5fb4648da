// The gateway as every entry point starts it from the parsed configuration (`npm start`, the
// in-process system of the tests, `covid-mesh serve gateway`): one place maps Config to options.
import { gatewayIngestion, gatewayTuning, startGateway, type Gateway } from "../gateway/mod.ts";
import type { Logger, Mesh } from "../mesh/mod.ts";
import { adapters } from "../pipelines/mod.ts";
import type { Config } from "./config.ts";

export function startGatewayFromConfig(config: Config, mesh: Mesh, logger: Logger): Promise<Gateway> {
  return startGateway({
    mesh,
    port: config.PORT,
    hostname: config.HOST,
    requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
    logger,
    ...gatewayTuning(config),
    ...gatewayIngestion(config, Object.keys(adapters)),
  });
}
