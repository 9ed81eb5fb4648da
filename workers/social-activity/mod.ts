// Public API of the social-activity worker: device pings → k-anonymous presence counts.
export { startSocialActivityWorker, type SocialActivityWorker, type SocialActivityWorkerOptions } from "./main.ts";
