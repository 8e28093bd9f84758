# Samendenk: `make run` serves the site, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
# E-mail links, the sitemap and the Wagtail site follow the port served (unless set).
export SITE_URL ?= http://$(HOST):$(PORT)
STAMP := $(VENV)/.installed
DEDUCE := $(VENV)/deduce-cache/cache/lookup_structs.pickle

.PHONY: run test test-unit test-browser lint format venv migrate demo messages worker clean prod-local

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

# deduce's lookup structures (about 90 s, once per virtualenv): quotes are anonymised in the
# worker, which loads them; nothing builds them during a request.
$(DEDUCE): | $(STAMP)
	$(BIN)/python -m core.anonymise --build

venv: $(STAMP) $(DEDUCE)

node_modules/axe-core/axe.min.js: package.json
	@if command -v npm >/dev/null 2>&1; then npm install --no-audit --no-fund --silent; \
	else echo "npm not found: browser accessibility checks will be skipped"; fi

migrate: venv
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo --if-empty

run: demo
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@echo "Samendenk draait op http://$(HOST):$(PORT)/ (Ctrl-C stopt)"
	@$(BIN)/python manage.py worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/daphne -b $(HOST) -p $(PORT) website.asgi:application

worker: venv
	$(BIN)/python manage.py worker

# The production layout (gunicorn pages, two socket processes, worker) behind nginx on
# port 8080 over plain HTTP; needs DATABASE_URL, REDIS_URL and nginx (README, Production).
prod-local: venv
	PORT=$(if $(filter command line environment,$(origin PORT)),$(PORT),8080) $(BIN)/python deploy/run_local.py

# The suite runs twice: the main run (including async consumer tests), then the
# browser tests, because Playwright's sync API and pytest-asyncio do not share a process.
test: venv node_modules/axe-core/axe.min.js
	@mkdir -p var
	$(BIN)/python -m pytest -m "not browser" $(PYTEST_ARGS)
	TEST_SQLITE_FILE=$(CURDIR)/var/test-browser.sqlite3 $(BIN)/python -m pytest -m browser \
		-p no:asyncio tests/browser $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "no browser tests collected"; exit 0; else exit $$rc; fi

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: venv
	cd community && ../$(BIN)/python ../manage.py makemessages -l nl --no-obsolete
	cd groups && ../$(BIN)/python ../manage.py makemessages -l nl --no-obsolete
	cd search && ../$(BIN)/python ../manage.py makemessages -l nl --no-obsolete
	$(BIN)/python manage.py makemessages -l nl --no-obsolete --ignore=community --ignore=groups \
		--ignore=search --ignore=.venv --ignore=node_modules --ignore=bench --ignore=tests
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) node_modules static_collected
