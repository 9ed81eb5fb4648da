export class WebBundleError extends Error {
  override name = "WebBundleError";
}
