# Hjemvej. `make run` and `make test` work on a fresh machine with only Python 3.11.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
UV_VERSION := 0.13.8
PORT ?= 8000
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: install run test test-postgres lint format bench clean

UV := var/uv/bin/uv

$(UV):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Hjemvej kræver Python 3.11")'
	$(PYTHON) -m venv var/uv
	var/uv/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(STAMP): pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --compile-bytecode --python $(PYTHON)
	@# Bytecode ahead of time: PYTHONDONTWRITEBYTECODE would otherwise make every start compile.
	$(BIN)/python -m compileall -q hjemvej
	touch $(STAMP)

install: $(STAMP) ## the virtual environment with the locked dependencies; then .venv/bin/hjemvej

run: install ## set up the embedded database and serve on 127.0.0.1:$(PORT)
	$(BIN)/hjemvej migrate --noinput
	@echo
	@echo "Hjemvej kører på http://127.0.0.1:$(PORT)/  (stop med Ctrl+C)"
	@echo
	HJEMVEJ_DEBUG=1 $(BIN)/hjemvej runserver 127.0.0.1:$(PORT)

test: install ## the whole suite (SQLite unless DATABASE_URL is set)
	$(BIN)/pytest

test-postgres: install ## the whole suite against PostgreSQL (DATABASE_URL, default local trust auth)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/hjemvej} HJEMVEJ_REQUIRE_POSTGRES=1 $(BIN)/pytest

lint: install ## what CI checks: ruff lint and format, mypy strict
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy hjemvej tests benchmarks

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install ## speed and memory against the targets (national-scale synthetic data)
	$(BIN)/python -m compileall -q hjemvej benchmarks
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) var/uv var/bench .pytest_cache .mypy_cache .ruff_cache
