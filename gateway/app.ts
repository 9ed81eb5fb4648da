// The gateway application: REST in, mesh messages out. Tested in-process with app.request().
import { OpenAPIHono } from "@hono/zod-openapi";
import { problemResponse } from "./errors.ts";
import { ProblemError } from "./problem.ts";
import { registerRiskRoute } from "./risk/route.ts";
import { registerHealthRoutes } from "./health/route.ts";
import type { GatewayOptions, MeshPort } from "./types.ts";

export interface GatewayEnv {
  Variables: { mesh: MeshPort; correlationId: string; requestTimeoutMs: number };
}

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function createApp(opts: GatewayOptions): OpenAPIHono<GatewayEnv> {
  const app = new OpenAPIHono<GatewayEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const errors = result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
        throw new ProblemError(400, "Bad Request", errors.map((e) => `${e.path}: ${e.message}`).join("; "), { errors });
      }
    },
  });

  app.use("*", async (c, next) => {
    const incoming = c.req.header("x-correlation-id");
    const correlationId = incoming && CORRELATION_ID.test(incoming) ? incoming : crypto.randomUUID();
    c.set("correlationId", correlationId);
    c.set("mesh", opts.mesh);
    c.set("requestTimeoutMs", opts.requestTimeoutMs);
    await next();
    c.header("x-correlation-id", correlationId);
  });

  registerHealthRoutes(app, opts.version ?? "0.1.0");
  registerRiskRoute(app);

  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: { title: "covid-mesh", version: opts.version ?? "0.1.0", description: "COVID-19 exposure risk by geolocation." },
  });

  app.notFound((c) => problemResponse(c, new ProblemError(404, "Not Found", `no route for ${c.req.method} ${new URL(c.req.url).pathname}`)));
  app.onError((err, c) => problemResponse(c, err));
  return app;
}
