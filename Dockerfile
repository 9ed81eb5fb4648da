# One image, several entrypoints: `covid-mesh serve <gateway|persistence|covid-data|exposure-risk>`.
FROM oven/bun:1-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN bun install --production --ignore-scripts

FROM oven/bun:1-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY mesh ./mesh
COPY sql ./sql
COPY models ./models
COPY pipelines ./pipelines
COPY workers ./workers
COPY gateway ./gateway
COPY cli ./cli
COPY sample ./sample
USER bun
ENTRYPOINT ["bun", "cli/main.ts"]
CMD ["serve", "gateway"]
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD bun -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))" || exit 1
