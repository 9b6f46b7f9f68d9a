# One image for every deployable: `npm run build` bundles each entry point into dist/, and each
# service in compose.yaml runs its own `node dist/<path>/main.js` (no TypeScript loader at run time).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund && npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# dist/ plus what it reads at run time: the npm packages (patched), the schema files, the console
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/schema ./schema
COPY --from=build /app/console/dist ./console/dist
USER node
