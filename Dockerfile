# Matchflow API and worker image: one image, two commands (see docker-compose.yml).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci: exactly the locked versions (the lock lists every platform's optional binaries).
RUN npm ci --no-fund --no-audit
COPY tsconfig.json tsconfig.build.json ./
COPY core core
COPY domain domain
COPY db db
COPY activities activities
COPY workflows workflows
COPY worker worker
COPY api api
COPY scripts scripts
# The console's pages and scripts, served as they are (no build step).
COPY console console
RUN npx tsc -p tsconfig.build.json && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8080
WORKDIR /app
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY --from=build /app/console console
COPY package.json ./
USER node
EXPOSE 8080
# The API by default; the worker service runs `node dist/worker/main.js`.
CMD ["node", "dist/api/main.js"]
