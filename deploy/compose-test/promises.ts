// What the deployment promises, checked on the machines: compose refuses to start without the
// secrets, the single-host quickstart answers, the README's commands bring up both hosts and the
// witness with every healthcheck healthy, only the gateway is public, the services run without
// privileges, data flows through the mesh to both gateways, and host B's replica streams from A.
import { describe, expect } from "bun:test";
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { httpOk, tcpOpen, waitUntil } from "../harness/waitUntil.ts";
import { answers, host, QUICKSTART_RISK, readmeCommand, run, SAMPLE } from "./context.ts";
import { asOperator, containerOf, containers, installProbe, probe, psql, waitHealthy } from "./deployment.ts";
import type { TestHost } from "./hosts.ts";

export function describePromises(): void {
  describe("compose deployment", () => {
    run.test(
      "compose refuses to start without the secrets",
      async () => {
        const cases: Array<[TestHost, string]> = [
          [host.a, "-f compose.yaml -f compose.host-a.yaml"],
          [host.b, "-f compose.yaml -f compose.host-b.yaml"],
          [host.witness, "-f compose.witness.yaml"],
          [host.solo, "-f compose.yaml -f compose.single.yaml"],
        ];
        for (const [h, files] of cases) {
          const r = await h.compose(`${files} up -d`, { allowFail: true });
          expect(r.code).not.toBe(0);
          expect(r.stderr).toMatch(/required variable [A-Z_]+ is missing a value: run deploy\/gen-env\.sh/);
          expect((await h.sh("docker ps -aq")).stdout.trim()).toBe("");
        }
      },
      120_000,
    );

    run.test(
      "single-host quickstart: one compose command, then /v1/risk answers",
      async () => {
        const h = host.solo;
        const started = Date.now();
        await h.sh("deploy/gen-env.sh secrets > covid-mesh.secrets");
        await h.sh("deploy/gen-env.sh single covid-mesh.secrets > .env && docker compose up -d --build", { timeoutMs: 900_000 });
        const upMs = Date.now() - started;
        const cfg = await h.compose("config -q");
        expect(cfg.stderr.trim()).toBe("");
        await waitUntil(() => httpOk(h.gatewayUrl + QUICKSTART_RISK, 5_000), { what: "quickstart answers /v1/risk", timeoutMs: 300_000, intervalMs: 1_000 });
        const answeringMs = Date.now() - started;
        const res = await fetch(h.gatewayUrl + QUICKSTART_RISK);
        expect(res.status).toBe(200);
        const body = (await res.json()) as { eventRisk?: { probability?: number }; region?: unknown };
        expect(body.region).toBeDefined();
        expect(body.eventRisk?.probability).toBeGreaterThanOrEqual(0);
        expect(body.eventRisk?.probability).toBeLessThanOrEqual(1);
        const all = await waitHealthy(h, 120_000);
        const sample = all.find((c) => c.service === "sample")!;
        await waitUntil(async () => !(await containerOf(h, "sample")).running, { what: "sample job finished", timeoutMs: 300_000, intervalMs: 2_000 });
        expect((await containerOf(h, "sample")).exitCode).toBe(0);
        run.report("quickstart", {
          composeUpMs: upMs,
          answeringRiskMs: answeringMs,
          containers: all.length,
          eventRiskProbability: body.eventRisk?.probability,
          sampleContainer: sample.name,
        });
        // Down again (frees the machine for the two-host run); nothing of it stays.
        await h.compose("down -v -t 5");
        expect((await h.sh("docker ps -aq; docker volume ls -q")).stdout.trim()).toBe("");
      },
      1_200_000,
    );

    run.test(
      "two hosts and the witness come up with the README's commands; every healthcheck turns healthy",
      async () => {
        await host.a.sh("deploy/gen-env.sh secrets > covid-mesh.secrets");
        for (const h of [host.b, host.witness]) copyFileSync(join(host.a.dir, "covid-mesh.secrets"), join(h.dir, "covid-mesh.secrets")); // scp
        const ms: Record<string, number> = {};
        let s = Date.now();
        await host.witness.sh(readmeCommand("witness", false));
        ms.witnessUp = Date.now() - s;
        s = Date.now();
        await host.a.sh(readmeCommand("host-a", true), { timeoutMs: 900_000 });
        ms.hostAUpWithBuild = Date.now() - s;
        s = Date.now();
        await host.b.sh(readmeCommand("host-b", true), { timeoutMs: 900_000 });
        ms.hostBUpWithBuild = Date.now() - s;
        s = Date.now();
        const healthy: Record<string, string[]> = {};
        for (const h of [host.witness, host.a, host.b]) {
          const cs = await waitHealthy(h, 300_000);
          // Every container has a healthcheck (image or compose) but B's socat relay.
          expect(cs.filter((c) => c.health === "" && c.service !== "pg-primary").map((c) => c.name)).toEqual([]);
          expect(cs.every((c) => c.running)).toBe(true);
          healthy[h.name] = cs
            .filter((c) => c.health === "healthy")
            .map((c) => c.service)
            .sort();
        }
        ms.allHealthyAfterUp = Date.now() - s;
        expect(healthy.a).toEqual(["covid-data", "exposure-risk", "gateway", "nats", "persistence", "postgres", "reports", "scheduler", "social-activity"]);
        expect(healthy.b).toEqual(["covid-data", "exposure-risk", "gateway", "nats", "persistence", "postgres", "reports", "scheduler", "social-activity"]);
        expect(healthy.witness).toEqual(["nats"]);
        for (const h of [host.a, host.b]) await installProbe(h);
        run.report("clusterUp", ms);
      },
      1_800_000,
    );

    run.test(
      "docker compose config is clean on each machine",
      async () => {
        for (const h of [host.a, host.b, host.witness]) {
          const r = await h.compose("config -q");
          expect(r.code).toBe(0);
          expect(r.stderr.trim()).toBe("");
        }
      },
      60_000,
    );

    run.test(
      "only the gateway publishes a port on the public side; NATS routes and Postgres on the private address only",
      async () => {
        const published: Record<string, Record<string, string[]>> = {};
        for (const h of [host.a, host.b, host.witness]) {
          published[h.name] = {};
          for (const c of await containers(h)) if (c.ports.length > 0) published[h.name]![c.service] = c.ports;
        }
        expect(published.a).toEqual({ gateway: ["0.0.0.0:8080->8080/tcp"], nats: [`${host.a.privateAddr}:6222->6222/tcp`], postgres: [`${host.a.privateAddr}:5432->5432/tcp`] });
        expect(published.b).toEqual({ gateway: ["0.0.0.0:8080->8080/tcp"], nats: [`${host.b.privateAddr}:6222->6222/tcp`] });
        expect(published.witness).toEqual({ nats: [`${host.witness.privateAddr}:6222->6222/tcp`] });
        // From outside, on the public addresses: the gateway answers, nothing else does.
        const open: Record<string, number[]> = {};
        for (const h of [host.a, host.b, host.witness]) {
          open[h.name] = [];
          for (const port of [8080, 4222, 5432, 6222, 8222]) if (await tcpOpen(h.publicAddr, port)) open[h.name]!.push(port);
        }
        expect(open).toEqual({ a: [8080], b: [8080], witness: [] });
        // On the private network, host B reaches A's Postgres and routes.
        const priv = await host.b.sh(`for p in 5432 6222 4222; do if timeout 3 bash -c "</dev/tcp/${host.a.privateAddr}/$p" 2>/dev/null; then echo $p; fi; done`);
        expect(priv.stdout.trim().split("\n")).toEqual(["5432", "6222"]);
      },
      120_000,
    );

    run.test(
      "the services run as non-root with cap_drop: ALL and no capabilities",
      async () => {
        for (const h of [host.a, host.b]) {
          const apps = (await containers(h)).filter((c) => !["nats", "postgres", "pg-primary"].includes(c.service));
          expect(apps.length).toBe(7);
          for (const c of apps) {
            expect(c.user).toBe("bun");
            expect(c.capDrop).toEqual(["ALL"]);
            expect(c.securityOpt).toContain("no-new-privileges:true");
            const ids = await h.sh(`docker exec ${c.name} sh -c 'id -u; grep CapEff /proc/1/status'`);
            const [uid, capLine] = ids.stdout.trim().split("\n");
            expect(uid).toBe("1000");
            expect(capLine).toMatch(/CapEff:\s+0+$/);
          }
        }
      },
      120_000,
    );

    run.test(
      "sample data through the mesh; both gateways answer; the data stream has 3 replicas",
      async () => {
        const s = Date.now();
        for (const [source, file] of [
          ["jhu-lookup", SAMPLE.lookup],
          ["jhu-us-cases", SAMPLE.cases],
        ] as const) {
          // As the operator: covid-data's own NATS user may not queue file jobs (docs/security.md).
          const r = await asOperator(host.a, "covid-data", `bun cli/main.ts ingest ${source} --file ${file} --wait --json`, { timeoutMs: 300_000 });
          const ev = JSON.parse(r.stdout.trim().split("\n").at(-1)!) as { state?: string; rejected: number };
          expect(ev.rejected).toBe(0);
        }
        for (const h of [host.a, host.b]) await waitUntil(() => answers(h), { what: `host ${h.name} answers /v1/risk`, timeoutMs: 120_000, intervalMs: 1_000 });
        const streams = await probe<{ numReplicas: number; followers: unknown[] }>(host.a, "streams");
        expect(streams.numReplicas).toBe(3);
        expect(streams.followers.length).toBe(2);
        run.report("sampleIngested", { ingestAndAnswerMs: Date.now() - s, streamReplicas: streams.numReplicas });
      },
      600_000,
    );

    run.test(
      "host B's replica streams from host A",
      async () => {
        await waitUntil(async () => (await psql(host.a, "select application_name || ':' || state from pg_stat_replication")) === "host_b:streaming", {
          what: "host_b streaming on A",
          timeoutMs: 60_000,
          intervalMs: 1_000,
        });
        expect(await psql(host.b, "select pg_is_in_recovery()")).toBe("t");
        expect(await psql(host.b, "select status || ' ' || sender_host from pg_stat_wal_receiver")).toBe(`streaming ${host.a.privateAddr}`);
        const rowsA = await psql(host.a, "select count(*) from observations");
        await waitUntil(async () => (await psql(host.b, "select count(*) from observations")) === rowsA, { what: "replica has A's rows", timeoutMs: 60_000, intervalMs: 1_000 });
        expect(Number(rowsA)).toBeGreaterThan(0);
      },
      180_000,
    );
  });
}
