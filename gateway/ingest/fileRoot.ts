// File ingestion through the public API is off unless a folder is configured, and then only
// paths inside it are accepted (no `..` escapes): the path is read by covid-data workers.
import { isAbsolute, relative, resolve } from "node:path";
import { ProblemError } from "../problem.ts";

export function allowedFile(file: string, root: string | undefined): string {
  if (!root) {
    throw new ProblemError(403, "Forbidden", "this gateway does not accept file paths (set INGEST_FILE_ROOT to allow files under one folder)");
  }
  const base = resolve(root);
  const target = resolve(base, file);
  const rel = relative(base, target);
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) {
    throw new ProblemError(403, "Forbidden", `file paths must lie inside the ingest root ${base}`);
  }
  return target;
}
