# Two commands do everything on a fresh machine with Python 3.11+:
#   make run    — .venv, install, migrate SQLite, load demo data, serve on http://127.0.0.1:8000
#   make test   — install test tools and a headless Chromium (Debian packages), run every test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-test browser lint check bench migrations

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

# Playwright's driver needs libatomic.so.1, which a minimal Debian does not have.
browser:
	@[ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && [ -e /usr/lib/x86_64-linux-gnu/libatomic.so.1 -o -e /usr/lib/aarch64-linux-gnu/libatomic.so.1 ] \
		|| sh scripts/install-tool.sh chromium chromium-driver libatomic1

test: install-test browser
	$(MAKE) --no-print-directory check
	$(BIN)/python -m pytest

lint: install-test
	$(MAKE) --no-print-directory check

# What `make lint` checks; each step prints what it found and says what to do.
check:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python scripts/check_api_imports.py
	$(BIN)/mypy
	$(BIN)/python scripts/check_size.py

bench: install-test
	sh benchmarks/run_all.sh

# After changing models: write the next migration (review it, then commit it).
migrations: install
	$(BIN)/tortoise makemigrations
