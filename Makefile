# Newsroom: `make run` serves the demo site, `make test` runs the whole suite.
SHELL := /bin/bash
PORT ?= 8000
VENV ?= .venv
BIN := $(VENV)/bin
SAMPLES ?= ../shared/samples

# The newest Python >= 3.12 on this machine (PATH, then pyenv); PYTHON=... overrides.
PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 \
	$$(command -v pyenv >/dev/null && for v in 3.14 3.13 3.12; do pyenv prefix $$v 2>/dev/null | sed 's|$$|/bin/python3|'; done) \
	$$(ls -d /root/.pyenv/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; break; }; done)

DEV_ENV := DEBUG=1 SECURE_HTTPS=0

.PHONY: run test test-cluster venv migrate demo lint format conformance bench clean

$(BIN)/.installed: requirements.txt requirements-dev.txt
	@test -n "$(PYTHON)" || { echo "No Python >= 3.12 found: install one or pass PYTHON=/path/to/python3.12"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $@

venv: $(BIN)/.installed

migrate: venv
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput

# The demo's pictures get every rendition before `make run` says the site is ready (left to the worker, pages
# linked missing files for a minute or two); a second run finds them made and decodes nothing.
demo: migrate
	$(DEV_ENV) $(BIN)/python manage.py load_demo
	$(DEV_ENV) $(BIN)/python manage.py make_renditions

# `make run` serves the site as readers get it (DEBUG off: the site's own 404 and 500 pages, static files from
# whitenoise's collected copy), on plain HTTP on this machine only; `make run DEBUG=1` for Django's debug pages.
DEBUG ?= 0
RUN_ENV = DEBUG=$(DEBUG) SECRET_KEY=local-make-run-only-not-a-secret-0123456789abcdef SECURE_HTTPS=0 \
	ALLOWED_HOSTS=127.0.0.1,localhost SERVE_MEDIA=1 NEWSROOM_REQUIRE_2FA=0 EMAIL_BACKEND=$(or $(EMAIL_BACKEND),file)

run: demo
	@$(RUN_ENV) $(BIN)/python manage.py collectstatic --noinput -v0
	@echo
	@echo "  Newsroom is running at http://127.0.0.1:$(PORT)/"
	@echo "  Admin: http://127.0.0.1:$(PORT)/admin/"
	@echo "    editor / editor   (can publish, schedule and withdraw)"
	@echo "    writer / writer   (drafts and review only)"
	@echo "  A task worker runs beside it (imports, renditions, purges, polled sources); both stop with Ctrl-C."
	@echo "  Debug mode is $(if $(filter 1 true yes on,$(DEBUG)),on,off: the site's own error pages; make run DEBUG=1 for Django's)."
	@echo "  Mail (newsletter confirmations and editions) is written to mail/, one file each, not sent: EMAIL_BACKEND=smtp make run to send."
	@echo
	@$(RUN_ENV) $(BIN)/python manage.py run_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	$(RUN_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: venv
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Several machines on loopback (tests/cluster): two app instances sharing no disk, a worker each, SeaweedFS, two
# Varnish nodes, one PostgreSQL (DATABASE_URL: the cluster makes a database of its own there) and Redis.
test-cluster: venv
	@test -n "$(DATABASE_URL)" || { echo "make test-cluster needs DATABASE_URL=postgres://..."; exit 1; }
	$(BIN)/python -m pytest -m cluster -p no:randomly -s tests/cluster $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

conformance: venv
	$(BIN)/python -m conformance --samples "$(SAMPLES)"

# Benchmarks measure on the current DATABASE_URL (default: a throwaway SQLite file), never in tests.
BENCH_DB ?= sqlite:////tmp/newsroom-bench.sqlite3
BENCH_ENV := DATABASE_URL=$(BENCH_DB) DEBUG=0 SECRET_KEY=bench-only-secret-key-0123456789abcdef SECURE_HTTPS=0 ALLOWED_HOSTS=localhost

bench: venv
	$(BENCH_ENV) $(BIN)/python manage.py migrate -v0
	$(BENCH_ENV) $(BIN)/python manage.py bench_import --count 10000
	$(BENCH_ENV) $(BIN)/python manage.py bench_related --articles 10000

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
