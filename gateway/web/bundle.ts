// Bundles the browser client (TypeScript + d3-geo + topojson-client from node_modules) with
// Bun.build, in memory: `npm ci && npm start` is enough, there is no separate build step.
import { join } from "node:path";
import { WebBundleError } from "./errors.ts";

const ENTRY = join(import.meta.dir, "client", "main.ts");

export async function bundleClient(): Promise<string> {
  const result = await Bun.build({ entrypoints: [ENTRY], target: "browser", minify: true, sourcemap: "none" });
  if (!result.success || result.outputs.length === 0) {
    const messages = result.logs.map((l) => String(l.message ?? l)).join("; ");
    throw new WebBundleError(`bundling the web client failed: ${messages}`);
  }
  return result.outputs[0].text();
}
