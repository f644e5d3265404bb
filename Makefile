# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := app.py
# The address `make run` serves (Procfile.dev), so that links in mail lead back to it.
export SOLACE_SITE_URL ?= http://127.0.0.1:5000
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: run test test-postgres loadtest multihost lint format bench install install-test clean

# The production shape's services, as this machine and CI run them (docs/operations.md).
SOLACE_TEST_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/test
SOLACE_TEST_REDIS_URL ?= redis://127.0.0.1:6379/0

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

# Where `make run` serves, and so where links in mail (instance/outbox/) point: change
# both at once with `make run RUN_PORT=5001`. A SOLACE_SITE_URL of your own wins.
RUN_HOST ?= 127.0.0.1
RUN_PORT ?= 5000
export RUN_HOST RUN_PORT
export SOLACE_SITE_URL ?= http://$(RUN_HOST):$(RUN_PORT)

## run: install, migrate, load demo data on first start, build the index, serve on :5000
run: install
	flask db upgrade
	flask seed-vocabulary
	flask seed-demo --if-empty
	flask search rebuild --if-missing
	honcho start -f Procfile.dev

# The suite runs on every core (pytest-xdist), a test file to a worker: each test has its
# own database (a SQLite file, or a PostgreSQL schema) and Redis key prefix, so they
# never meet. `make test PYTEST_WORKERS=0` runs it in one process.
PYTEST_WORKERS ?= auto
PYTEST := pytest -n $(PYTEST_WORKERS) --dist loadfile

## test: install test dependencies, lint, run the whole suite
test: install-test
	ruff check .
	ruff format --check .
	$(PYTEST)

## test-postgres: the whole suite again against PostgreSQL (a schema per test) and Redis
test-postgres: install-test
	SOLACE_TEST_DATABASE_URL=$(SOLACE_TEST_DATABASE_URL) \
	SOLACE_TEST_REDIS_URL=$(SOLACE_TEST_REDIS_URL) \
	$(PYTEST) --ignore=tests/e2e/browser  # the browser journeys run once, in `make test`

## loadtest: gunicorn (4), 2 workers, PostgreSQL and Redis on loopback, 100 visitors, 60 s
## (ARGS="--backend postgres --hosts 2": two hosts behind HAProxy)
loadtest: install-test
	python loadtest/run.py $(ARGS)

## multihost: two hosts (gunicorn + worker each) behind HAProxy, postgres search, until Ctrl-C
multihost: install-test
	@command -v haproxy >/dev/null || { echo "HAProxy is missing: apt-get install haproxy"; exit 1; }
	python loadtest/multihost.py $(ARGS)

lint: install-test
	ruff check . && ruff format --check .

format: install-test
	ruff format . && ruff check --fix .

## bench: search and verification benchmarks (100,000 profiles; takes a few minutes), 500
## public checks (as they come, then all at once past a ceiling of 100 waiting), then
## page weight (< 100 KB a page) and Lighthouse in Chromium (.ci/install-browser.sh)
bench: install-test
	python bench/search_bench.py
	python bench/verify_bench.py
	python bench/public_check_bench.py
	python bench/public_check_bench.py --burst --ceiling 100
	python bench/page_weight.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
