// Dependency rules between the packages (docs/architecture.md, "Dependency rules").
// `npm run lint:deps` checks them; `npm test` runs it first. Type-only imports count: the swc
// parser reads `import type` like any import, so a type-level cycle is a cycle too.
//
// Tests and test support (which wire several packages together on purpose), benches and
// one-off scripts are exempt from the direction and mod.ts rules, never from the cycle rule.
const TEST_OR_TOOL = ["\\.test\\.ts$", "\\.hosts\\.ts$", "(^|/)(testSupport|weeklyTestSupport)\\.ts$", "(^|/)scripts/", "^bench/", "^deploy/(bench|harness|compose-test)/"];

/** Where each library package may import from (besides itself). Roots (cli/, bench/, deploy/, testenv/) may import anything. */
// mesh/ reads domain/'s error taxonomy (only a ServiceError's code reaches a client); the gateway
// formats the Forecast Hub CSV with the one writer in models/forecast (a pure function, no I/O).
const MAY_IMPORT = {
  domain: [],
  mesh: ["domain"],
  sql: ["domain"],
  models: ["domain"],
  pipelines: ["domain", "models"],
  jobs: ["domain", "mesh"],
  gateway: ["domain", "mesh", "jobs", "models"],
  workers: ["domain", "mesh", "jobs", "sql", "models", "pipelines"],
};
const ALL = ["domain", "mesh", "sql", "models", "pipelines", "jobs", "gateway", "workers", "cli", "bench", "deploy", "testenv", "docs"];

const directionRules = Object.entries(MAY_IMPORT).map(([pkg, allowed]) => ({
  name: `${pkg}-imports-only-${allowed.length ? allowed.join("-") : "itself"}`,
  comment: `${pkg}/ may import ${allowed.length ? allowed.map((a) => `${a}/`).join(", ") : "nothing of ours"} (docs/architecture.md)`,
  severity: "error",
  from: { path: `^${pkg}/`, pathNot: TEST_OR_TOOL },
  to: { path: `^(${ALL.filter((p) => p !== pkg && !allowed.includes(p)).join("|")})/` },
}));

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "No import cycles, type-only imports included.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    ...directionRules,
    {
      name: "workers-do-not-import-each-other",
      comment: "Workers meet on subjects, never in code.",
      severity: "error",
      from: { path: "^workers/([^/]+)/", pathNot: TEST_OR_TOOL },
      to: { path: "^workers/", pathNot: "^workers/$1/" },
    },
    {
      name: "through-mod-ts-only",
      comment: "From outside a package, import its mod.ts (a sub-package's mod.ts, e.g. models/forecast/mod.ts, counts), never a file behind it.",
      severity: "error",
      from: { path: "^((?:workers/)?[^/]+)/", pathNot: TEST_OR_TOOL },
      to: {
        path: "^(domain|mesh|sql|models|pipelines|jobs|gateway|workers/[^/]+)/",
        pathNot: ["^$1/", "(^|/)mod\\.ts$"],
      },
    },
  ],
  options: {
    parser: "swc",
    includeOnly: `^(${ALL.join("|")})/`,
    doNotFollow: { path: "node_modules" },
    moduleSystems: ["es6"],
  },
};
