# Routine commands. `make run` and `make test` work on a fresh clone with Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: run serve test lint format migrations-check messages compilemessages seed backup restore clean

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

# Production: gunicorn behind a reverse proxy, static files by whitenoise.
# Needs DJANGO_DEBUG=0, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and DATABASE_URL (see README).
serve: $(VENV)/.installed
	$(MANAGE) migrate --noinput
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(BIN)/gunicorn network_portal.wsgi --config gunicorn.conf.py

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

# Backups land in backups/ with the time in the name. PostgreSQL: pg_dump's custom
# format; any other database: Django's dumpdata (gzipped JSON). See README, «Backups».
# The kept counts (survey tallies, progress figures) are left out of the JSON: loaddata
# fills them as it writes the answers and results, and the restore counts them afresh.
DUMPDATA_EXCLUDES := --exclude contenttypes --exclude auth.permission --exclude sessions \
	--exclude admin.logentry --exclude axes --exclude surveys.pendingimport \
	--exclude surveys.tally --exclude surveys.responsetally \
	--exclude models_catalog.progressentry --exclude models_catalog.progresscount
RECOUNT := from models_catalog.progress_counts import recount_progress; recount_progress()
STAMP := $(shell date +%Y%m%d-%H%M%S)

backup: $(VENV)/.installed
	@mkdir -p backups
	@case "$$DATABASE_URL" in \
	  postgres*) pg_dump --format=custom --no-owner --file "backups/portal-$(STAMP).dump" "$$DATABASE_URL" \
	     && echo "backups/portal-$(STAMP).dump" ;; \
	  *) $(MANAGE) dumpdata --natural-foreign --natural-primary $(DUMPDATA_EXCLUDES) \
	     --output "backups/portal-$(STAMP).json.gz" && echo "backups/portal-$(STAMP).json.gz" ;; \
	esac

# make restore FILE=backups/portal-….dump (or .json.gz) into an empty database.
restore: $(VENV)/.installed
	@test -n "$(FILE)" || { echo "Name the backup: make restore FILE=backups/…"; exit 2; }
	@case "$(FILE)" in \
	  *.dump) pg_restore --clean --if-exists --no-owner --dbname "$$DATABASE_URL" "$(FILE)" ;; \
	  *) $(MANAGE) migrate --noinput && $(MANAGE) loaddata "$(FILE)" \
	     && $(MANAGE) recount_tallies >/dev/null && $(MANAGE) shell --verbosity 0 -c "$(RECOUNT)" ;; \
	esac

seed: $(VENV)/.installed
	$(MANAGE) seed_network

clean:
	rm -rf $(VENV) staticfiles
