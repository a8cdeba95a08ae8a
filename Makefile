# Quick start:  make run   (set up and start the whole platform on the embedded defaults)
#               make test  (set up and run the whole test suite; it starts its own servers)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PACKAGES := contracts servicekit deploy/local services/profiles services/communities services/proposals services/notifications services/een-bridge
STAMP := $(VENV)/.installed

.PHONY: setup run test demo bench bench-web bench-een een-import asyncapi clean system-packages web web-check web-dev

# Debian packages the local stack runs as our own processes (never as system services),
# and the Chromium the browser tests drive (Playwright cannot download browsers here).
system-packages:
	@if ! command -v redis-server >/dev/null || ! command -v nginx >/dev/null || ! test -x /usr/bin/chromium; then \
	  echo "installing redis-server, nginx and chromium (Debian packages)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq redis-server nginx chromium >/dev/null; \
	fi

$(STAMP): requirements.lock requirements-dev.lock $(foreach p,$(PACKAGES),$(p)/pyproject.toml)
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.lock
	$(PY) -m pip install -q --no-deps $(foreach p,$(PACKAGES),-e $(p))
	touch $(STAMP)

# Redocly CLI, pinned by tools/redocly/package-lock.json: lints the OpenAPI documents in the tests.
# Needs Node.js 20.19+ and npm (on the development machines and CI); reinstalled when the lockfile changes.
REDOCLY_STAMP := tools/redocly/node_modules/.installed

$(REDOCLY_STAMP): tools/redocly/package.json tools/redocly/package-lock.json
	@command -v npm >/dev/null || { echo "npm (Node.js 20.19 or later) is needed for tools/redocly"; exit 1; }
	cd tools/redocly && npm ci --prefer-offline --no-audit --no-fund --loglevel=error
	touch $(REDOCLY_STAMP)

# The web client (web/): its locked dependencies, and its build, redone when a source changed.
WEB_STAMP := web/node_modules/.installed
WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) web/index.html web/vite.config.ts \
	web/tsconfig.json web/tsconfig.app.json web/tsconfig.node.json

$(WEB_STAMP): web/package.json web/package-lock.json
	@command -v npm >/dev/null || { echo "npm (Node.js 20.19 or later) is needed for web/"; exit 1; }
	cd web && npm ci --prefer-offline --no-audit --no-fund --loglevel=error
	touch $(WEB_STAMP)

web/dist/index.html: $(WEB_STAMP) $(WEB_SOURCES)
	cd web && npm run build --silent

web: web/dist/index.html

# The client's own checks: types, lint, unit tests, API types current with the services.
web-check: $(WEB_STAMP) $(STAMP)
	cd web && npm run typecheck && npm run lint && npm test --silent && OI_PYTHON=../$(PY) npm run check:api

# Vite's dev server on http://127.0.0.1:5173/, the API proxied to the gateway of `make run`.
web-dev: $(WEB_STAMP)
	cd web && npm run dev -- --host 127.0.0.1

setup: system-packages $(STAMP) $(REDOCLY_STAMP) $(WEB_STAMP)

run: setup web
	$(PY) deploy/local/devstack.py run

test: setup web-check web
	$(PY) -m pytest

# Load demo users, communities and proposals into a running platform (make run in another terminal).
demo: setup
	$(PY) deploy/local/demo_data.py --gateway $${GATEWAY_URL:-http://127.0.0.1:8080}

bench: setup web
	$(PY) benchmarks/run.py
	$(PY) benchmarks/een_import.py
	$(PY) benchmarks/bench_documents_upload.py
	$(PY) benchmarks/bench_calendar_feed.py
	$(PY) benchmarks/web_client.py

# The web client's bundle size and time to interactive in Chromium.
bench-web: setup web
	$(PY) benchmarks/web_client.py

# The EEN import alone (20,000 simulated POD profiles until all are proposals).
bench-een: setup
	$(PY) benchmarks/een_import.py

# With `make run` going: import the whole simulated POD now (progress bar, summary).
een-import: setup
	POD_BASE_URL=$${POD_BASE_URL:-http://127.0.0.1:8190} POD_USERNAME=$${POD_USERNAME:-oi-bridge} \
	POD_PASSWORD=$${POD_PASSWORD:-pod-secret} MONGO_DB=een_bridge $(PY) -m een_bridge.cli import --full

# Regenerate the committed AsyncAPI documents from the code (a test checks they are current).
asyncapi: setup
	$(PY) deploy/local/asyncapi.py --write

clean:
	rm -rf .run $(VENV) web/node_modules web/dist
