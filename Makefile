# foreigndesk: every set-up step lives here, so a fresh clone needs nothing done by hand.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
STAMP  := $(VENV)/.installed

.PHONY: demo test lint format bench install clean screenshot

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
	@echo "  Desk and admin: http://127.0.0.1:$(PORT)/admin/  user: editor  password: foreigndesk-demo"
	@echo
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

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP)
	$(BIN)/python -m foreigndesk.bench

clean:
	rm -rf $(VENV) data/*.sqlite3 .pytest_cache .mypy_cache .ruff_cache
