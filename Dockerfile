# Trawl: one image for the API (default command), the worker (`npm run worker`) and migrations (`npm run db:migrate`).
# The processes run TypeScript with tsx, a runtime dependency; `npm run build` (tsc + the prebuilt workflow bundle
# in dist/) needs devDependencies, so it runs in the build stage and only pruned production node_modules ship.

# ---- build: install everything, typecheck, bundle the workflows, then drop devDependencies ----
FROM node:20.20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build
RUN npm prune --omit=dev --no-audit --no-fund

# ---- runtime ----
FROM node:20.20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false
WORKDIR /app
# Sources, dist/workflow-bundle.js and the pruned node_modules, owned by root so the app cannot rewrite itself.
COPY --from=build /app /app
# Only the embedded-PGlite fallback (no DATABASE_URL) writes under the app directory.
RUN mkdir -p /app/.trawl && chown node:node /app/.trawl
# The node image's unprivileged user (uid 1000).
USER node
EXPOSE 3000
# Liveness of the API; the worker service overrides it in docker-compose.yml. Slim images have no curl: use node's fetch.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/v1/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["npm", "run", "api"]
