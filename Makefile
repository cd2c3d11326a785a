# Parley: `make run` serves a demo, `make test` runs the whole suite. `make help` lists all.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install run test test-bench check lint format typecheck migrate clean bench bench-smoke bench-search

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

# The published Dixa clients used by the compatibility suite, each in its own environment
# (dixa-api-client and dixa both install a top-level package named `dixa`).
CLIENTS := $(VENV)/clients
CLIENT_PINS := dixa-api-client=dixa-api-client==2.4.15 dixa=dixa==0.1.0 tap-dixa=tap-dixa==1.0.10

$(STAMP): pyproject.toml Makefile
	@test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@for pin in $(CLIENT_PINS); do \
	  name=$${pin%%=*}; req=$${pin#*=}; \
	  test -x $(CLIENTS)/$$name/bin/python || $(PY) -m venv $(CLIENTS)/$$name; \
	  $(CLIENTS)/$$name/bin/python -m pip install --quiet "$$req" || exit 1; \
	done
	@touch $(STAMP)

install: $(STAMP) ## Create .venv if missing and install Parley with its dev tools

# Bytecode for src/ (an editable install is not compiled by pip, and PYTHONDONTWRITEBYTECODE
# may be set): without it every start of a server process compiles Parley's ~340 modules.
BYTECODE := $(BIN)/python -m compileall -q src >/dev/null

run: $(STAMP) ## Serve on 127.0.0.1:8000 (SQLite under ./.parley, demo organisation)
	@$(BYTECODE)
	$(BIN)/parley serve --demo

# The suite runs in TEST_JOBS worker processes (pytest-xdist); tests that share a server
# process or a browser stay on one worker (tests/conftest.py, SHARED_BY_PATH). Much of a
# test's time is spent waiting on PostgreSQL, Chromium or a server process, so more workers
# than cores pay. Bytecode is written for the suite, so pytest keeps its rewritten test
# modules between runs.
TEST_JOBS ?= 4
test: $(STAMP) ## Run the whole suite (SQLite and PostgreSQL), the benchmark smoke runs excepted
	@$(BYTECODE)
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/pytest -n $(TEST_JOBS) --dist loadgroup

test-bench: $(STAMP) ## The benchmark harness smoke runs (kept out of make test; CI runs them)
	$(BIN)/pytest -m bench_smoke tests/test_bench_smoke.py tests/uow/test_contention_smoke.py

lint: $(STAMP) ## ruff lint and format check, the layering contract (import-linter), dead code (vulture)
	$(BIN)/ruff check src tests migrations bench
	$(BIN)/ruff format --check src tests migrations bench
	$(BIN)/lint-imports
	$(BIN)/vulture

format: $(STAMP) ## Apply ruff formatting and fixes
	$(BIN)/ruff format src tests migrations bench
	$(BIN)/ruff check --fix src tests migrations bench

typecheck: $(STAMP) ## mypy strict on src/
	$(BIN)/mypy

check: lint typecheck test ## Lint, format check, mypy and tests

bench: $(STAMP) ## Full benchmark (large data, both stores, peers; ~30 min), updates bench/RESULTS.md
	$(BIN)/python -m pip install --quiet -e ".[dev,bench]"
	$(BIN)/python bench/run.py --scale large

bench-search: $(STAMP) ## Search latency at 1M messages, both stores (raw results in bench/out/search; see bench/SEARCH.md)
	$(BIN)/python bench/search_bench.py

bench-smoke: $(STAMP) ## Every benchmark scenario for ~1 s on tiny data (keeps the harness working)
	$(BIN)/python bench/run.py --smoke --strict

migrate: $(STAMP) ## Apply pending migrations to PARLEY_DATABASE_URL (default ./.parley)
	$(BIN)/parley db upgrade

clean: ## Remove the virtual environment and local data
	rm -rf $(VENV) .parley
