/** An answerable "no": carried back over request/reply with its code and HTTP status. */
export class RiskQueryError extends Error {
  override name = "RiskQueryError";
  constructor(readonly code: string, readonly status: number, message: string, options?: ErrorOptions) {
    super(message, options);
  }
}
