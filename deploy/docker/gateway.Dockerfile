# The API gateway: nginx serving the web client, built here from web/ with its locked
# dependencies. The gateway's configuration is mounted by docker-compose.yml.
FROM node:22-alpine AS web
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
RUN npm run build

FROM nginx:1.27-alpine
COPY --from=web /web/dist /usr/share/nginx/web
