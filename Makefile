# Two commands do everything on a fresh machine with Python 3.11+:
#   make run    — .venv, install, migrate SQLite, load demo data, serve on http://127.0.0.1:8000
#   make test   — install test tools and a headless Chromium (Debian packages), run every test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-test browser lint bench migrations

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'

run: install
	$(BIN)/ocopfair migrate
	$(BIN)/ocopfair demo --if-empty
	$(BIN)/ocopfair serve --host $(HOST) --port $(PORT)

browser:
	@[ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] || sh scripts/install-tool.sh chromium chromium-driver

test: install-test browser
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: install-test
	$(BIN)/ruff check .

bench: install-test
	sh benchmarks/run_all.sh

# After changing models: write the next migration (review it, then commit it).
migrations: install
	$(BIN)/tortoise makemigrations
