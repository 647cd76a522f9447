# The two commands that set everything up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The suite runs in one process per core; a class or module keeps its tests (and its shared
# fixtures, such as a demo loaded once) in one process. `make test PARALLEL=` runs in one.
PARALLEL ?= -n auto --dist loadscope
HOST ?= 127.0.0.1
PORT ?= 8000

# The local demo runs in production mode over plain HTTP on the loopback address.
RUN_ENV := HTTPS=false

.PHONY: install run serve demo test test-fast test-browser lint format messages bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Cohesion needs Python 3.11 or newer.")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: install
	$(RUN_ENV) $(BIN)/cohesion migrate --noinput
	$(RUN_ENV) $(BIN)/cohesion demo
	$(RUN_ENV) $(BIN)/cohesion serve --host $(HOST) --port $(PORT)

demo: install
	$(RUN_ENV) $(BIN)/cohesion migrate --noinput
	$(RUN_ENV) $(BIN)/cohesion demo --reset

# The whole suite, browser tests included; installs Chromium and axe-core when they are missing.
# The browser tests run on their own: Playwright keeps an event loop running in the test
# process, where the tests that serve the application start loops of their own.
test: install
	@bash scripts/browser-deps.sh
	$(BIN)/pytest $(PARALLEL) -m "not browser"
	$(BIN)/pytest $(PARALLEL) -m browser

test-fast: install
	$(BIN)/pytest $(PARALLEL) -m "not browser"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Extract the strings to translate (needs GNU gettext) and compile the catalogues.
messages: install
	cd cohesion && ../$(BIN)/cohesion makemessages --all --no-obsolete --no-location --ignore 'static/*'
	$(BIN)/pybabel compile --domain django --directory cohesion/locale --statistics

clean:
	rm -rf $(VENV) node_modules .pytest_cache

# Benchmarks; each prints one JSON line with its figures (PostgreSQL too when it is reachable).
PG_BENCH_URL := postgres://postgres@127.0.0.1:5432/postgres
bench: install
	$(BIN)/python bench/gv100ad_import.py
	$(BIN)/python bench/statistics_import.py
	$(BIN)/python bench/profile_page.py
	$(BIN)/cohesion bench opinion-map
	$(BIN)/cohesion bench votes --participants 200
	$(BIN)/cohesion bench live --participants 1000
	$(BIN)/cohesion bench lottery
	$(BIN)/cohesion bench seating
	$(BIN)/python bench/strategy_documents.py
	$(BIN)/python bench/monitoring_dashboard.py
	if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then \
	  DATABASE_URL=$(PG_BENCH_URL) $(BIN)/python bench/gv100ad_import.py; \
	  DATABASE_URL=$(PG_BENCH_URL) $(BIN)/python bench/statistics_import.py; \
	  DATABASE_URL=$(PG_BENCH_URL) $(BIN)/python bench/profile_page.py; \
	  DATABASE_URL=$(PG_BENCH_URL) $(BIN)/cohesion bench votes --participants 200; fi
	python3 bench/first_page.py --runs 3
	python3 bench/first_page.py --runs 4 --warm
