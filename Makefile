# Parley: `make run` serves a demo, `make test` runs the whole suite. `make help` lists all.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install run test check lint format typecheck migrate clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP) ## Create .venv if missing and install Parley with its dev tools

run: $(STAMP) ## Serve on 127.0.0.1:8000 (SQLite under ./.parley, demo organisation)
	$(BIN)/parley serve --demo

test: $(STAMP) ## Run the whole suite (SQLite and PostgreSQL)
	$(BIN)/pytest

lint: $(STAMP) ## ruff lint and format check
	$(BIN)/ruff check src tests migrations bench
	$(BIN)/ruff format --check src tests migrations bench

format: $(STAMP) ## Apply ruff formatting and fixes
	$(BIN)/ruff format src tests migrations bench
	$(BIN)/ruff check --fix src tests migrations bench

typecheck: $(STAMP) ## mypy strict on src/
	$(BIN)/mypy

check: lint typecheck test ## Lint, format check, mypy and tests

migrate: $(STAMP) ## Apply pending migrations to PARLEY_DATABASE_URL (default ./.parley)
	$(BIN)/parley db upgrade

clean: ## Remove the virtual environment and local data
	rm -rf $(VENV) .parley
