# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := app.py
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: run test lint format bench install install-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,postgres]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

## run: install, migrate, load demo data on first start, build the index, serve on :5000
run: install
	flask db upgrade
	flask seed-vocabulary
	flask seed-demo --if-empty
	flask search rebuild --if-missing
	honcho start -f Procfile.dev

## test: install test dependencies, lint, run the whole suite
test: install-test
	ruff check .
	ruff format --check .
	pytest

lint: install-test
	ruff check . && ruff format --check .

format: install-test
	ruff format . && ruff check --fix .

## bench: search and verification benchmarks (100,000 profiles; takes a few minutes)
bench: install-test
	python bench/search_bench.py
	python bench/verify_bench.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
