# Two commands on a fresh machine: `make build` and `make test`. Only python3, make and git needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home
export DAGSTER_DISABLE_TELEMETRY := 1

.PHONY: setup build test test-fast lint format lock ui bench snapshot clean browser

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

test: setup browser
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

ui: setup
	$(BIN)/dagster dev -w workspace.yaml -h 127.0.0.1 -p 3000

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
