# SLRT Intake. `make run` to serve, `make test` to test, `make lint` to lint; see README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint install migrate env bench clean chromium

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall whenever the dependency list changes.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

.env:
	$(BIN)/slrt init-env

env: $(STAMP) .env

migrate: env
	$(BIN)/slrt migrate

run: migrate
	$(BIN)/slrt run

# The browser tests drive Debian's Chromium; root with apt gets it installed here.
chromium:
	@if [ -n "$$CHROMIUM_PATH" ] || command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Debian's chromium for the browser tests"; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-noto-color-emoji \
		|| { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-noto-color-emoji; }; \
	else \
		echo "The browser tests need Chromium. Install Debian's package: sudo apt-get install chromium" >&2; \
		echo "(or set CHROMIUM_PATH to a Chromium binary), then run make test again." >&2; \
		exit 1; \
	fi

# pytest-xdist workers, each on databases of its own: two per core, since much of the
# suite waits on servers, subprocesses and the databases rather than on the CPU. A worker
# that runs out of tests takes some from the one with the most left (`worksteal`; the
# order of the tests is in tests/fixtures/scheduling.py). The 20 slowest tests are listed
# at the end: where the next cut of the suite's time is.
PYTEST_WORKERS ?= $(shell echo $$(( $$(nproc) * 2 )))

# Bytecode is written even where the environment says not to (PYTHONDONTWRITEBYTECODE):
# pytest keeps each test module's rewritten asserts there, which saves every worker seconds
# of collecting on the next run.
test: $(STAMP) chromium
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist worksteal --durations=20 $(PYTEST_ARGS)

# Style and format (ruff), types (mypy), and the import contracts between packages (import-linter).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy backend bot dialogs
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis tests/artifacts
