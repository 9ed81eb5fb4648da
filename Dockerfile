# One image, several entrypoints: `covid-mesh serve <gateway|persistence|covid-data|exposure-risk>`.
# Small (Bun slim base, production dependencies only), runs as the non-root `bun` user, and
# carries its own healthcheck (deploy/healthcheck.ts: HEALTH_FILE freshness, plus HEALTH_URL
# for the gateway).
ARG BUN_IMAGE=oven/bun:1-slim

FROM ${BUN_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN bun install --production --ignore-scripts

FROM ${BUN_IMAGE}
WORKDIR /app
ENV NODE_ENV=production \
    HEALTH_FILE=/tmp/covid-mesh.health
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY domain ./domain
COPY mesh ./mesh
COPY jobs ./jobs
COPY sql ./sql
COPY models ./models
COPY pipelines ./pipelines
COPY workers ./workers
COPY gateway ./gateway
COPY cli ./cli
COPY sample ./sample
COPY deploy/healthcheck.ts ./deploy/healthcheck.ts
USER bun
ENTRYPOINT ["bun", "cli/main.ts"]
CMD ["serve", "gateway"]
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 CMD ["bun", "deploy/healthcheck.ts"]
