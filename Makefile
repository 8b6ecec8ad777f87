# The two commands a newcomer needs: `make run` and `make test`.
# Everything else (the virtual environment, its packages) is built on first use: `run` installs only
# what serving needs, `test` adds the test tools (Playwright, schemathesis, ...) on its first use.
PYTHON ?= python3
VENV := .venv
SERVE_STAMP := $(VENV)/.installed-serve
TEST_STAMP := $(VENV)/.installed-test
# `make run PORT=8080` (or PORT in the environment); unset: DATELINE_PORT, else 8000.
PORT ?=
# `make test` runs the tests in this many pytest-xdist worker processes (0: serially, in one process).
# Two per CPU: much of a test's time is spent waiting on PostgreSQL or on a server it started. On two
# busy cores 4 workers took 52 % of the serial time, 3 took 65 %; on quieter ones 4 took 92 %, 2 took
# 103 % (bench/suite_wall_time.py, the same 159 tests back to back; see its docstring to measure).
# Each test has its own database, each worker its own template (see README).
TEST_WORKERS ?= $(shell echo $$((2 * $$(nproc 2>/dev/null || echo 1))))
# What `make lint` checks and formats.
LINTED := service tests migrations bench

.PHONY: run test lint openapi sdk test-prerequisites clean

run: $(SERVE_STAMP)
	$(VENV)/bin/dateline serve $(if $(PORT),--port $(PORT))

test: $(TEST_STAMP) test-prerequisites
	$(VENV)/bin/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# ruff's findings and its formatting (both pinned in pyproject.toml's test extra), changing nothing.
lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check $(LINTED)
	$(VENV)/bin/ruff format --check $(LINTED)

openapi: $(SERVE_STAMP)
	$(VENV)/bin/dateline openapi > openapi/openapi.json

# sdk/python and sdk/typescript/src/schema.ts from openapi/openapi.json, with the pinned generators
# (the `test` extra, sdk/typescript/package-lock.json): run it after `make openapi`.
sdk: $(TEST_STAMP)
	cd sdk/typescript && npm ci --no-audit --no-fund --loglevel=error
	$(VENV)/bin/python sdk/generate.py

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "Dateline needs Python 3.11 or newer as '$(PYTHON)'. Install it (Debian 12, Ubuntu 24.04: apt-get install python3 python3-venv)," >&2; \
	  echo "or name another interpreter: make PYTHON=python3.12 ..." >&2; exit 1; }
	@$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	  echo "'$(PYTHON) -m venv' failed: install the venv module (Debian, Ubuntu: apt-get install python3-venv)" >&2; exit 1; }

$(SERVE_STAMP): pyproject.toml | $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml $(SERVE_STAMP)
	$(VENV)/bin/pip install --quiet -e '.[test]'
	touch $@

# What the suite needs besides Python: Node 20+ and npm (the TypeScript SDK tests, and the OpenAPI lint
# of openapi/lint), Debian's chromium (the embed's browser tests), PostgreSQL's server binaries
# (deploy/restore-drill.sh's pg_basebackup, initdb, pg_ctl; the replica tests) and Debian's varnish with
# varnish-modules' xkey (tests/edge). Each missing one is named with how to install it.
test-prerequisites:
	@missing=0; \
	major=$$(node --version 2>/dev/null | sed 's/^v\([0-9]*\).*/\1/'); \
	if [ -z "$$major" ] || [ "$$major" -lt 20 ] || ! command -v npm >/dev/null; then missing=1; \
	  echo "make test needs Node.js 20 or newer and npm (found: $$(node --version 2>/dev/null || echo none))." >&2; \
	  echo "  Debian 13, Ubuntu 24.04: apt-get install nodejs npm. Debian 12 ships Node 18: install Node 20+" >&2; \
	  echo "  from NodeSource's Debian packages or the Node.js project's binaries." >&2; fi; \
	if [ ! -x /usr/bin/chromium ]; then missing=1; \
	  echo "make test needs Debian's chromium at /usr/bin/chromium: apt-get install chromium" >&2; \
	  echo "  (never 'playwright install': the browser tests drive the system's chromium)." >&2; fi; \
	pg=0; for f in /usr/lib/postgresql/*/bin/pg_basebackup; do [ -x "$$f" ] && pg=1; done; \
	if [ $$pg = 0 ]; then missing=1; \
	  echo "make test needs the PostgreSQL server binaries (the restore drill, replicas): apt-get install postgresql" >&2; fi; \
	xkey=; for vmod in /usr/lib/*/varnish/vmods/libvmod_xkey.so; do [ -e "$$vmod" ] && xkey=1; done; \
	if [ ! -x /usr/sbin/varnishd ] || [ -z "$$xkey" ]; then missing=1; \
	  echo "make test needs Debian's varnish and varnish-modules (xkey) for tests/edge:" >&2; \
	  echo "  apt-get install varnish varnish-modules" >&2; fi; \
	exit $$missing

clean:
	rm -rf $(VENV) .pytest_cache
