// Public API of the compose checks (used by deploy/compose/compose.test.ts).
export type { ComposeFile, ComposeService, Env, SchemaIssue } from "./types.ts";
export { ComposeError, ComposeInterpolationError, ComposeMergeError } from "./errors.ts";
export { interpolateString, interpolateDocument, referencedVariables } from "./interpolate.ts";
export { combineComposeFiles, loadComposeConfig, parseComposeFile, parseEnvFile } from "./load.ts";
export { composeValidator, type ComposeValidator } from "./schema.ts";
