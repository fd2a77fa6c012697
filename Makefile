# Two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export GX_ANALYTICS_ENABLED ?= false

.PHONY: run test test-unit lint bench lock clean

# The folders install as honlea.<folder> (pyproject.toml), which an editable install serves through
# setuptools' import finder; its one notice (folders named like the package, "honlea", could shadow it:
# there are none) is the only thing silenced.
EDITABLE_NOTICE := ignore::UserWarning:setuptools.command.editable_wheel

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	PYTHONWARNINGS=$(EDITABLE_NOTICE) $(BIN)/pip install --quiet --constraint requirements.lock --editable '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/honlea demo --out data/inbox
	$(BIN)/honlea run --inbox data/inbox --warehouse duckdb:///data/honlea.duckdb

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/pytest

# for developers: the unit tests alone (no Prefect server, PostgreSQL or browser); `make test` runs all
test-unit: $(STAMP)
	$(BIN)/pytest -m "not integration" tests/unit

# SCALE: 100k (a quick look), 1m (the default), 10m (csv: the PostgreSQL publish rate only)
SCALE ?= 1m
bench: $(STAMP)
	$(BIN)/python bench/full_run.py --scale $(SCALE)

lock: $(STAMP)
	$(BIN)/pip freeze --exclude-editable | grep -v '^honlea-warehouse' > requirements.lock

clean:
	rm -rf $(VENV) data
