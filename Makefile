# Weiquan: `make demo` to try it, `make test` to check it. Run `make help` for the rest.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV   := .venv
PY     := $(VENV)/bin/python
WQ     := $(VENV)/bin/weiquan
STAMP  := $(VENV)/.weiquan-setup
PORT   ?= 8000
CI     ?=
CHROMIUM := /usr/bin/chromium
PG_DEFAULT_URL := postgres://postgres@127.0.0.1:5432/weiquan
# Extra pytest arguments, e.g. `make test PYTEST_ARGS="-x -k demo"`.
PYTEST_ARGS ?=

.PHONY: help setup demo test test-sqlite test-postgres cluster-test lint messages

help:
	@echo "make demo      set up, migrate, seed demo data, serve with the worker on http://127.0.0.1:$(PORT)/"
	@echo "make test      the whole test suite on SQLite and on PostgreSQL side by side (and browser tests with Chromium)"
	@echo "make cluster-test  the production topology on this machine under 60 s of load and faults (needs root)"
	@echo "make lint      ruff, import contracts, mypy, no import cycles, app boundaries"
	@echo "make messages  compile every app's translation catalogs"
	@echo "make setup     create .venv and install the project with its dev tools"

# The stamp makes setup instant when nothing changed; editing pyproject.toml reinstalls.
$(STAMP): pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $(STAMP)

setup: $(STAMP)

# The web server and the worker together (one Ctrl+C stops both); the sweeps run every few seconds so that what
# happens in the background (notifications, SLA breaches, publication, analytics) shows at once.
DEMO_SWEEP_INTERVAL ?= 3

demo: setup
	$(WQ) migrate --no-input
	$(WQ) demo
	$(WQ) run --port $(PORT) --sweep-interval $(DEMO_SWEEP_INTERVAL)

# The browser tests need Debian's chromium; without it they are skipped out loud (and CI fails instead).
HAVE_CHROMIUM := $(wildcard $(CHROMIUM))
E2E_SKIP := $(if $(HAVE_CHROMIUM),,--ignore=tests/e2e -m "not e2e")

# The two passes run at the same time (each in its own process, on its own database and temporary folders), their
# output captured to var/test-logs/ and printed whole, one pass after the other, once both have finished; either
# failing fails the target. `make test-sqlite` and `make test-postgres` still run one pass alone. When the PostgreSQL
# pass runs, the SQLite pass leaves it the tests that touch no database (decision 0036).
TEST_LOGS := var/test-logs

test: setup
	@start=$$(date +%s); \
	if [ -n "$(HAVE_CHROMIUM)" ]; then echo "Browser tests: included ($(CHROMIUM))"; \
	elif [ "$(CI)" = "true" ]; then echo "Browser tests: $(CHROMIUM) is missing, and CI=true requires them" >&2; exit 1; \
	else echo "Browser tests: skipped (no $(CHROMIUM))"; fi; \
	mkdir -p $(TEST_LOGS); \
	echo "Running the SQLite and PostgreSQL passes side by side (output in $(TEST_LOGS)/, printed when both end)"; \
	postgres_runs=; \
	if [[ "$${DATABASE_URL:-}" == postgres* ]] || [ "$(CI)" = "true" ] || \
	   $(PY) -c "import socket; socket.create_connection(('127.0.0.1', 5432), 2).close()" 2>/dev/null; then \
	  postgres_runs=1; \
	fi; \
	WEIQUAN_TEST_POSTGRES_PASS_RUNS=$$postgres_runs \
	  $(MAKE) --no-print-directory test-sqlite >$(TEST_LOGS)/sqlite.log 2>&1 & sqlite=$$!; \
	$(MAKE) --no-print-directory test-postgres >$(TEST_LOGS)/postgres.log 2>&1 & postgres=$$!; \
	sqlite_rc=0; wait $$sqlite || sqlite_rc=$$?; \
	postgres_rc=0; wait $$postgres || postgres_rc=$$?; \
	cat $(TEST_LOGS)/sqlite.log; cat $(TEST_LOGS)/postgres.log; \
	verdict() { if [ "$$1" = 0 ]; then echo passed; else echo "FAILED (exit $$1)"; fi; }; \
	echo "SQLite pass: $$(verdict $$sqlite_rc); PostgreSQL pass: $$(verdict $$postgres_rc)"; \
	[ $$sqlite_rc = 0 ] && [ $$postgres_rc = 0 ] || { echo "make test: failed after $$(( $$(date +%s) - start ))s" >&2; exit 1; }; \
	echo "make test: passed in $$(( $$(date +%s) - start ))s"

# pytest exits 5 when it collected nothing: like any other failure, that fails the target.
test-sqlite: setup
	@echo "== SQLite =="
	env -u DATABASE_URL $(PY) -m pytest -p no:cacheprovider $(E2E_SKIP) $(PYTEST_ARGS)

test-postgres: setup
	@url="$${DATABASE_URL:-}"; \
	if [[ "$$url" != postgres* ]]; then \
	  if $(PY) -c "import socket; socket.create_connection(('127.0.0.1', 5432), 2).close()" 2>/dev/null; then \
	    url="$(PG_DEFAULT_URL)"; \
	  elif [ "$(CI)" = "true" ]; then \
	    echo "PostgreSQL: no server on 127.0.0.1:5432, and CI=true requires it" >&2; exit 1; \
	  else \
	    echo "PostgreSQL: skipped (no server on 127.0.0.1:5432)"; exit 0; \
	  fi; \
	fi; \
	echo "== PostgreSQL ($${url##*@}) =="; \
	DATABASE_URL="$$url" $(PY) -m pytest -p no:cacheprovider $(E2E_SKIP) $(PYTEST_ARGS)

# PostgreSQL primary + replica, PgBouncer, Redis, 2 web nodes behind HAProxy, 2 workers, under var/cluster/; see
# docs/deploy/topology.md. Not part of `make test` (a 20-second version with one node and one worker is).
CLUSTER_ARGS ?=
cluster-test: setup
	$(PY) -m weiquan.core.testing.cluster_load --seconds 60 --clients 50 --web 2 --workers 2 $(CLUSTER_ARGS)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(PY) tools/check_import_cycles.py
	$(PY) tools/check_app_boundaries.py

messages: setup
	@found=0; for locale in weiquan/*/locale; do \
	  [ -d "$$locale" ] || continue; found=1; app=$$(dirname "$$locale"); \
	  echo "compiling $$app"; \
	  (cd "$$app" && DJANGO_SETTINGS_MODULE=weiquan.settings "$(CURDIR)/$(VENV)/bin/django-admin" compilemessages -v0); \
	done; [ $$found = 1 ] || { echo "no catalogs found under weiquan/*/locale" >&2; exit 1; }
