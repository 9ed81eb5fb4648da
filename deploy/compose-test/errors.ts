// Errors of the compose test's own machinery (a command failed, a wait ran out).
export class ComposeTestError extends Error {
  override name = "ComposeTestError";
}
