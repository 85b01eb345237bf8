# polihon in a container: the simulators (`polihon serve`), a conformance run (`polihon run`) and the bundled
# reference participants, from one image. docs/en/docker.md says how to build and run it; docker-compose.yml uses it.
#   docker build -t polihon:local .
# Node 20 on Debian 12, pinned by tag (pin the digest too where builds must be reproducible to the byte).
FROM node:20.19.5-bookworm-slim

# POLIHON_NO_BROWSER=missing: the image has no Chromium, so `ui` steps are skipped, each saying so, rather than
# failing the run as a harness error (guide §5.5); install chromium-headless-shell in a derived image to run them.
ENV NODE_ENV=production \
    POLIHON_NO_BROWSER=missing \
    NPM_CONFIG_UPDATE_NOTIFIER=false

WORKDIR /app

# dependencies first, from the lock file alone, so a source change does not reinstall them
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY . .
# compiled once here (decision 0005): at run time build/ is only read, so the sources and build/ stay root's; the
# user `node` writes only reports/ and .polihon/ (journal spill files, the test CA)
RUN node scripts/build.mjs \
    && mkdir -p reports .polihon \
    && chown node:node reports .polihon

USER node

# `polihon serve` defaults: the simulators from 7400, the first (dms) answering /__polihon/health; a container that
# serves elsewhere sets POLIHON_HEALTH_URL. No curl in the slim image: node's own fetch.
ENV POLIHON_HEALTH_URL=http://127.0.0.1:7400/__polihon/health
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
    CMD ["node", "-e", "fetch(process.env.POLIHON_HEALTH_URL).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# every simulator and the control API on every interface of the container: publish them to the host's loopback
# (-p 127.0.0.1:7400-7405:7400-7405) to keep them on the developer's machine
EXPOSE 7400-7405
ENTRYPOINT ["node", "/app/bin/polihon.mjs"]
CMD ["serve", "--host", "0.0.0.0", "--control-host", "0.0.0.0", "--port", "7400"]
