# Two commands on a fresh machine: `make build` and `make test`. Only python3, make and git needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home
export DAGSTER_DISABLE_TELEMETRY := 1

PORT ?= 3000
# The oldest DuckDB that must open a release's database file (eujapan/publish/database.py
# STORAGE_VERSION); installed beside the project, only for the test that opens a release with it.
DUCKDB_COMPAT_VERSION := 1.1.3
DUCKDB_COMPAT := .venv-duckdb-$(DUCKDB_COMPAT_VERSION)

.PHONY: setup build test test-fast lint format lock ui sql bench snapshot clean browser duckdb-compat

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Installs are keyed on the lock file, so `make` re-syncs only when it changes.
$(VENV)/.synced: requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"
	$(BIN)/uv pip sync --quiet --compile-bytecode --python $(BIN)/python requirements.txt
	# compat mode: a plain .pth to this folder, so Frictionless finds the frictionless_eujapan plugin
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -C editable_mode=compat -e .
	touch $@

setup: $(VENV)/.synced
	mkdir -p "$(DAGSTER_HOME)"
	test -f "$(DAGSTER_HOME)/dagster.yaml" || cp pipeline/dagster_home/dagster.yaml "$(DAGSTER_HOME)/dagster.yaml"

build: setup
	$(BIN)/eujapan build

# Headless Chromium renders the release page in the tests; Debian's package, installed once.
browser:
	command -v chromium >/dev/null || (apt-get update && apt-get install -y --no-install-recommends chromium fonts-dejavu-core)

# A small separate environment with the old DuckDB, so the suite can open a release with it.
$(DUCKDB_COMPAT)/.installed:
	$(PYTHON) -m venv $(DUCKDB_COMPAT)
	$(DUCKDB_COMPAT)/bin/python -m pip install --quiet "duckdb==$(DUCKDB_COMPAT_VERSION)"
	touch $@

duckdb-compat: $(DUCKDB_COMPAT)/.installed

test: setup browser duckdb-compat
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/dagster definitions validate -w workspace.yaml
	$(BIN)/python -m pytest -q -rs

test-fast: setup
	$(BIN)/python -m pytest -q -m "not slow"

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Re-resolve the pinned dependency trees after editing pyproject.toml. Existing pins are kept
# where they still fit. requirements-bench.txt adds the `bench` extra (spaCy) for `make bench`.
lock: $(BIN)/python
	$(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -o requirements.txt
	$(BIN)/uv pip compile pyproject.toml --extra dev --extra bench --python-version 3.11 --generate-hashes -o requirements-bench.txt

# Record the extraction output of every text as the new snapshot; commit it on its own, saying
# why the output changed (tests/unit/eujapan/extract/test_extraction_snapshot.py).
snapshot: setup
	EUJAPAN_UPDATE_SNAPSHOT=1 $(BIN)/python -m pytest -q -rs tests/unit/eujapan/extract/test_extraction_snapshot.py

# Not part of `make test`. N=1000,10000 by default (e.g. `make bench N=500`); QUICK=1: one run, N=200.
# Bytecode is compiled first so that no run pays for compiling sources (see benchmarks/RESULTS.md).
# The benchmark compares extraction with spaCy's tokenizer: its lock adds the `bench` extra.
bench: setup
	$(BIN)/uv pip sync --quiet --compile-bytecode --python $(BIN)/python requirements-bench.txt
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -C editable_mode=compat -e .
	rm -f $(VENV)/.synced
	$(BIN)/python -m compileall -q eujapan pipeline schemas benchmarks
	$(BIN)/python -m benchmarks.run $(if $(N),--sizes $(N)) $(if $(QUICK),--quick)

# `make ui PORT=3001` when 3000 is taken.
ui: setup
	$(BIN)/dagster dev -w workspace.yaml -h 127.0.0.1 -p $(PORT)

# Read-only SQL on the latest release (`make sql Q="SELECT ..."` runs one statement and exits).
sql: setup
	$(BIN)/eujapan sql $(if $(Q),-c "$(Q)")

clean:
	rm -rf $(VENV) $(DUCKDB_COMPAT) .pytest_cache .ruff_cache
