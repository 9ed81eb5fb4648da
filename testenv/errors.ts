// Errors of the test-server bootstrap (testenv/preload.ts): a server the run needed could not start.
export class TestServerError extends Error {
  override name = "TestServerError";
}
