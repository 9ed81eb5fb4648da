import type { Contract } from "../../mesh/mod.ts";

export type DataKind = "regions" | "observations" | "quarantine" | "manifests" | "mobility" | "weekly";

/** `[prefix.]covid.<kind>.<dataset>` → kind and dataset, or null for anything else. */
export function parseDataSubject(contract: Contract, subject: string): { kind: DataKind; dataset: string } | null {
  const rest = contract.prefix ? subject.slice(contract.prefix.length + 1) : subject;
  const [root, kind, dataset, extra] = rest.split(".");
  if (root !== "covid" || !dataset || extra !== undefined) return null;
  if (kind === "regions" || kind === "observations" || kind === "quarantine" || kind === "manifests" || kind === "mobility" || kind === "weekly") return { kind, dataset };
  return null;
}
