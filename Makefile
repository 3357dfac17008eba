# foreigndesk: every set-up step lives here, so a fresh clone needs nothing done by hand.
SHELL  := /bin/bash
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
STAMP  := $(VENV)/.installed

.PHONY: demo test lint format bench install clean screenshot lighthouse stack stack-down stack-check

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/foreigndesk migrate --no-input
	$(BIN)/foreigndesk demo
	@echo
	@echo "  foreigndesk is running at http://127.0.0.1:$(PORT)/"
	@echo "  The desk: http://127.0.0.1:$(PORT)/desk/  and the admin: http://127.0.0.1:$(PORT)/admin/"
	@echo "  Logins (password foreigndesk-demo for each): translator, editor, admin"
	@echo "  (the task worker runs beside it: imports from the desk, and the schedule every minute)"
	@echo
	@$(BIN)/foreigndesk worker --no-reload & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(BIN)/foreigndesk runserver 127.0.0.1:$(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Refresh the README's picture of the article page (taken by the browser tests).
screenshot: $(STAMP)
	FOREIGNDESK_README_SCREENSHOT=docs/article-page.png $(BIN)/python -m pytest -q foreigndesk/reader/tests/test_browser.py -k accessible

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The benchmark behind DESIGN.md's budgets (README, "Benchmarks"). wrk drives the load; without it
# (and without root to install it) a slower Python load generator stands in. BENCH_ARGS passes
# options through, e.g. BENCH_ARGS="--count 1000 --duration 3 --only web".
bench: $(STAMP)
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk) \
		|| echo "wrk could not be installed; the Python load generator will stand in"
	$(BIN)/python -m bench $(BENCH_ARGS)

lighthouse: $(STAMP)
	.ci/lighthouse

clean:
	rm -rf $(VENV) data/*.sqlite3 .pytest_cache .mypy_cache .ruff_cache .hypothesis

# A production stack on loopback ports (nginx, Varnish, gunicorn, PostgreSQL, Redis, two workers);
# see deploy/stack. `make stack-check` brings it up on a fresh database, checks it and stops it.
stack: $(STAMP)
	deploy/stack up

stack-down:
	deploy/stack down

stack-check: $(STAMP)
	deploy/stack check
