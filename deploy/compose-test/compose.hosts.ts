// The deployment run for real: `npm run test:compose` (deploy/compose-test/run.sh).
// Four machines, each a container with its own Docker daemon and network stack (hosts.ts):
// host A, host B and the witness of the two-host deployment, and `solo` for the single-host
// quickstart. On each, the README's commands run verbatim in a copy of the repository; then the
// deployment's promises are checked (promises.ts) and the failover scenarios run against the
// containers (scenarios/). Every scenario prints FIGURES <name> {json}.
// Not a *.test.ts file: `npm test` does not run it. COMPOSE_SCENARIOS=0 skips the scenarios.
import { describe } from "bun:test";
import { SCENARIOS } from "./context.ts";
import { describePromises } from "./promises.ts";
import { registerHostCrashes } from "./scenarios/hostCrashes.ts";
import { registerNatsStopped } from "./scenarios/natsStopped.ts";
import { registerPersistenceKilledMidBatch } from "./scenarios/persistenceKilledMidBatch.ts";
import { registerPostgresPrimaryRestarted } from "./scenarios/postgresPrimaryRestarted.ts";
import { registerSetupAndTeardown } from "./setup.ts";

registerSetupAndTeardown();
describePromises();
describe.if(SCENARIOS)("failover against containers", () => {
  registerHostCrashes();
  registerNatsStopped();
  registerPostgresPrimaryRestarted();
  registerPersistenceKilledMidBatch();
});
