/** An answerable "no" of the social-activity service, carried back over request/reply. */
export class ActivityError extends Error {
  override name = "ActivityError";
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
