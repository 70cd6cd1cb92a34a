# The two commands of the quick start are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.12 || command -v python3.13 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test lint install migrate seed worker bench check clean messages backup restore

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Python 3.12+ is needed (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python requirements/base.txt requirements/dev.txt
	$(BIN)/pip install --quiet -r requirements/dev.txt
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo

run: seed
	@if [ -n "$$REDIS_URL" ]; then \
		echo "Starting a Celery worker on $$REDIS_URL"; \
		$(BIN)/celery -A config worker --loglevel=INFO --concurrency=2 & \
		trap "kill $$! 2>/dev/null" EXIT; \
	fi; \
	echo "Serving on http://127.0.0.1:$(PORT)/ — log in as demo-admin, demo-college, demo-teacher,"; \
	echo "demo-engineer, demo-student or demo-evaluator with the password demo-pass-2026"; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

check: install
	$(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.production \
	SECRET_KEY=$$(openssl rand -hex 40) ALLOWED_HOSTS=portal.example.org \
	CREDENTIAL_SIGNING_KEY=$$(openssl rand -base64 32 | tr '+/' '-_') \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

# Backups of the PostgreSQL database named by DATABASE_URL, in pg_dump's custom format (every
# table, sequence and constraint; compressed). `make backup` writes var/backups/<timestamp>.dump
# (or BACKUP=path); `make restore BACKUP=path` loads one into the database DATABASE_URL names,
# replacing what is there (create an empty database first to restore beside the live one).
BACKUP ?= var/backups/chanjiao-$(shell date -u +%Y%m%dT%H%M%SZ).dump

backup:
	@test -n "$$DATABASE_URL" || { echo "DATABASE_URL must name the PostgreSQL database to back up"; exit 2; }
	@mkdir -p "$(dir $(BACKUP))"
	pg_dump --format=custom --no-owner --no-privileges --file="$(BACKUP)" "$$DATABASE_URL"
	@echo "Backed up to $(BACKUP)"

restore:
	@test -n "$$DATABASE_URL" || { echo "DATABASE_URL must name the PostgreSQL database to restore into"; exit 2; }
	@test -f "$(BACKUP)" || { echo "BACKUP must name a dump made by make backup"; exit 2; }
	pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error \
		--dbname="$$DATABASE_URL" "$(BACKUP)"
	@echo "Restored $(BACKUP)"

# The benchmark needs PostgreSQL (a database of its own: seed_scale empties it), Redis for
# the worker measurement, and wrk for the API load (installed from Debian when missing).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/chanjiao_bench
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/3
# SCALE=10 seeds ten times the colleges, learners and evidence (20 million evidence rows).
# TINY=1 (what CI runs) seeds one college and runs every step once, briefly: it fails when the
# bench breaks (an error, a failed request), and prints the figures without holding them to targets.
SCALE ?= 1
BENCH_ARGS ?=
ifdef TINY
SCALE := 0.005
BENCH_ARGS += --tiny
endif

bench: install
	@command -v wrk >/dev/null || apt-get install -y -qq wrk
	@psql "$(BENCH_DATABASE_URL)" -c "SELECT 1" >/dev/null 2>&1 || \
		psql "$(dir $(BENCH_DATABASE_URL))postgres" -c "CREATE DATABASE $(notdir $(BENCH_DATABASE_URL))"
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python manage.py seed_scale --scale $(SCALE)
	DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL) $(BIN)/python manage.py bench $(BENCH_ARGS)

# Refresh the Simplified Chinese catalogue after changing visible strings (needs gettext).
messages: install
	$(BIN)/python manage.py makemessages -l zh_Hans --ignore=.venv --ignore=var --ignore=tests --no-obsolete
	$(BIN)/python manage.py compilemessages -l zh_Hans --ignore=.venv

worker: install
	$(BIN)/celery -A config worker --loglevel=INFO

clean:
	rm -rf $(VENV) var/db.sqlite3 var/static
