# Quick start:  make run   (set up and start the whole platform on the embedded defaults)
#               make test  (set up and run the whole test suite; it starts its own servers)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PACKAGES := contracts servicekit deploy/local services/profiles services/communities services/proposals services/notifications services/een-bridge
STAMP := $(VENV)/.installed

.PHONY: setup run test demo bench bench-een een-import asyncapi clean system-packages

# Debian packages the local stack runs as our own processes (never as system services).
system-packages:
	@if ! command -v redis-server >/dev/null || ! command -v nginx >/dev/null; then \
	  echo "installing redis-server and nginx (Debian packages)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq redis-server nginx >/dev/null; \
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

setup: system-packages $(STAMP) $(REDOCLY_STAMP)

run: setup
	$(PY) deploy/local/devstack.py run

test: setup
	$(PY) -m pytest

# Load demo users, communities and proposals into a running platform (make run in another terminal).
demo: setup
	$(PY) deploy/local/demo_data.py --gateway $${GATEWAY_URL:-http://127.0.0.1:8080}

bench: setup
	$(PY) benchmarks/run.py
	$(PY) benchmarks/een_import.py

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
	rm -rf .run $(VENV)
