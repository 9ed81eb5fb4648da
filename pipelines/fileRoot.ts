// Files a job may read when a root is configured: only regular files inside the root, checked
// on the real path as the worker sees it. A symlink anywhere below the root is refused (a link
// inside the root can point anywhere), and the file is then opened with O_NOFOLLOW so a link
// swapped in after the check is refused too.
import { constants } from "node:fs";
import { realpath } from "node:fs/promises";
import { isAbsolute, join, relative, resolve } from "node:path";
import { SourceFetchError, SourceNotFoundError } from "./errors.ts";
import { SourceNotAllowedError } from "./fetchErrors.ts";

/** open(2) flags for reading a checked file: a symlink as last component fails with ELOOP. */
export const NO_FOLLOW_READ = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

/** The real path of `file` if it lies inside `root` with no symlink on the way; throws otherwise. */
export async function fileInsideRoot(file: string, root: string): Promise<string> {
  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch (err) {
    throw new SourceFetchError(root, undefined, "the ingest root is not readable", { cause: err });
  }
  const rel = relative(resolve(root), resolve(resolve(root), file));
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) throw new SourceNotAllowedError(file, "outside the ingest root");
  const expected = join(realRoot, rel);
  let real: string;
  try {
    real = await realpath(expected);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") throw new SourceNotFoundError(file, undefined, { cause: err });
    throw new SourceFetchError(file, undefined, "cannot resolve the path", { cause: err });
  }
  if (real !== expected) throw new SourceNotAllowedError(file, "the path goes through a symbolic link");
  return real;
}
