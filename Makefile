# Routine commands. `make run` and `make test` work on a fresh clone with Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: run test lint format migrations-check messages compilemessages seed clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamps: reinstall only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_network
	$(MANAGE) runserver 127.0.0.1:8000

test: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: $(VENV)/.installed
	$(MANAGE) makemigrations --check --dry-run

# Updates locale/ru from the code and templates (needs GNU gettext);
# the compiled .mo is committed so a clone needs no gettext tools.
messages: $(VENV)/.installed
	$(MANAGE) makemessages --locale ru --ignore "$(VENV)/*" --ignore "staticfiles/*"

compilemessages: $(VENV)/.installed
	$(MANAGE) compilemessages --locale ru --ignore "$(VENV)/*"

seed: $(VENV)/.installed
	$(MANAGE) seed_network

clean:
	rm -rf $(VENV) staticfiles
