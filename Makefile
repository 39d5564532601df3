# Two commands for a newcomer: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Tests run on PostgreSQL (the local cluster); `make test-sqlite` runs them on SQLite.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres
PYTEST_ARGS ?=
# Both cores: the suite runs in two pytest-xdist workers, each with its own test database.
PYTEST_WORKERS ?= 2

.PHONY: run test test-sqlite install install-dev browser-deps pdf-deps migrate demo lint check clean bench-data bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed pdf-deps
install-dev: $(VENV)/.installed-dev

# Browser tests (tests/browser) drive Debian's Chromium: Playwright cannot download its own browsers
# here. A no-op when it is already installed; set CHROMIUM_PATH to use another binary.
CHROMIUM_PATH ?= /usr/bin/chromium
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

browser-deps: $(CHROMIUM_PATH)

$(CHROMIUM_PATH):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium
	@test -x $@ || { echo "$@ is still missing after installing chromium" >&2; exit 1; }

# WeasyPrint (the PDF documents) lays text out with Debian's Pango and subsets fonts with HarfBuzz;
# DejaVu has every glyph the documents use. A no-op when all are installed.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core

pdf-deps:
	@missing=$$(for p in $(PDF_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; fi

migrate: install pdf-deps
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo_data

# The huey worker (escalation check every minute, notification deliveries) runs beside the dev
# server on a SQLite queue file, and stops with it.
run: demo
	$(BIN)/python manage.py run_huey & worker=$$!; trap 'kill $$worker' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: install-dev browser-deps pdf-deps
	DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

test-sqlite: install-dev browser-deps pdf-deps
	DATABASE_URL=sqlite:///$(CURDIR)/test.sqlite3 $(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# Benchmarks (see README "Performance"): generated data at full and 1/10 scale, then gunicorn under load.
# Each database is dropped and rebuilt; the numbers land in bench/RESULTS.md.
BENCH_SERVER_URL ?= postgres://postgres@127.0.0.1:5432

bench-data: install
	for spec in "bench_large 20" "bench_small 2"; do set -- $$spec; \
	  psql $(BENCH_SERVER_URL)/postgres -qc "DROP DATABASE IF EXISTS $$1" -c "CREATE DATABASE $$1" && \
	  DATABASE_URL=$(BENCH_SERVER_URL)/$$1 $(BIN)/python manage.py migrate --noinput -v0 && \
	  DATABASE_URL=$(BENCH_SERVER_URL)/$$1 $(BIN)/python manage.py generate_load_data --sites $$2 --years 5 || exit 1; \
	done

bench: install
	$(BIN)/python bench/run_all.py

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: install-dev
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache
