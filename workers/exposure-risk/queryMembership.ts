// When a risk worker takes queries. The pool shares one NATS queue group across hosts, and NATS
// hands each request to one member: a member that cannot answer (a fresh process whose snapshot
// is not loaded yet, e.g. restarted while the database is down) would answer 503 for regions its
// peers can answer. So an instance joins the group only once it holds data, and stays in it from
// then on (a later failed rebuild keeps the previous snapshot, which still answers).
import type { Logger } from "../../mesh/mod.ts";
import type { Server } from "../../mesh/mod.ts";

export interface QueryMembership {
  /** Joins the queue group if not yet a member and `ready()` says there is data. */
  check(): void;
  joined(): boolean;
  /** Leaves the group (drains the subscriptions) and never joins again. */
  stop(): Promise<void>;
}

export function createQueryMembership(opts: { ready: () => boolean; join: () => Server[]; logger: Logger }): QueryMembership {
  let servers: Server[] | null = null;
  let stopped = false;
  let waitingLogged = false;
  return {
    check() {
      if (servers || stopped) return;
      if (!opts.ready()) {
        if (!waitingLogged) opts.logger.warn("no data loaded: not taking queries until a snapshot with data is loaded (other instances answer meanwhile)");
        waitingLogged = true;
        return;
      }
      servers = opts.join();
      opts.logger.info("snapshot with data loaded: taking queries");
    },
    joined: () => servers !== null,
    async stop() {
      stopped = true;
      await Promise.all((servers ?? []).map((s) => s.stop()));
    },
  };
}
