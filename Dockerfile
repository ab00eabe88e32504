# syntax=docker/dockerfile:1
# One image for all CountyFlow processes; the command picks the app (see docker-compose.yml):
#   node dist/services/<gateway|identity|catalog|orders|logistics>/main.js   (one bundle per service, scripts/bundle.mjs)
#   node dist/scripts/migrate.js && node dist/scripts/seed.js
# Build: docker build -t countyflow:local .   (or: docker compose build)

# Node 22: the project needs >= 20.19, and some dependencies (cookie 2, content-disposition 3, file-type 22) declare >= 22.
ARG NODE_IMAGE=node:22-bookworm-slim

# ---- build: all dependencies, compile TypeScript to dist/ with SWC, bundle each service, the web app with Vite ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# ---- production dependencies only -------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund \
 && npm cache clean --force

# ---- runtime ----------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
# Production: the apps refuse to start with a secret published in the repository (JWT_SECRET, PAYMENT_WEBHOOK_SECRET,
# CARRIER_WEBHOOK_SECRET, a database password) or a simulator on; pass secrets of your own (README, "Running in production").
# No --enable-source-maps (NODE_OPTIONS): it parses the source map of every loaded module at boot, node_modules'
# included (about 13 MB per app); the apps map their own stack frames when one is printed (libs/kernel stack-traces.ts).
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/dist ./dist
# The built web app, served by the gateway at / (WEB_DIST_DIR defaults to apps/web/dist)
COPY --from=build /app/apps/web/dist ./apps/web/dist
# Photos on local storage (MEDIA_DIR in docker-compose.yml, a volume): the apps run as node and write there
RUN mkdir -p /var/lib/countyflow/media && chown node:node /var/lib/countyflow/media
USER node
EXPOSE 3000 3001 3002 3003 3004
CMD ["node", "dist/services/gateway/main.js"]
