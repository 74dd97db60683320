# Hjemvej. `make run` and `make test` work on a fresh machine with only Python 3.11.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# Two stamps: what running needs (`make run`) and that plus the developer tools (`make test`, `make
# lint`). The run sync is --inexact, so a run after a test keeps the tools; switching reinstalls nothing.
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev
UV_VERSION := 0.13.8
PORT ?= 8000
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: install install-dev run test test-postgres lint format bench clean

UV := var/uv/bin/uv

$(UV):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Hjemvej kræver Python 3.11")'
	$(PYTHON) -m venv var/uv
	var/uv/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# Bytecode ahead of time: PYTHONDONTWRITEBYTECODE (set on some machines) would otherwise make every
# start compile everything it imports. For running, only what a start imports (about 900 of the 3,500
# installed files): `hjemvej check` imports the settings, every app and the URL map with writing on.
# The developer tools are compiled whole, as pytest and mypy import most of them.
$(RUN_STAMP): pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --no-dev --inexact --python $(PYTHON)
	$(BIN)/python -m compileall -q hjemvej
	PYTHONDONTWRITEBYTECODE= $(BIN)/hjemvej check
	touch $@

$(DEV_STAMP): pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --compile-bytecode --python $(PYTHON)
	$(BIN)/python -m compileall -q hjemvej
	touch $@

install: $(RUN_STAMP) ## what running needs (the locked runtime dependencies); then .venv/bin/hjemvej

install-dev: $(DEV_STAMP) ## that and the developer tools (pytest, mypy, ruff, Playwright …)

run: install ## set up the embedded database, add the demo data when it is empty, serve on 127.0.0.1:$(PORT)
	@# DEBUG off, as users see Hjemvej: the Danish error pages; WhiteNoise serves the static files.
	@# HJEMVEJ_DEBUG=1 make run shows Django's debug page instead (developers only).
	$(BIN)/hjemvej migrate --noinput
	$(BIN)/hjemvej demo --if-empty
	@echo
	@echo "Hjemvej kører på http://127.0.0.1:$(PORT)/  (stop med Ctrl+C)"
	@echo
	@echo "Demo-logins i Demo Kommune, alle med adgangskoden demo:"
	@echo "  raadgiver   sagsbehandler"
	@echo "  bostoette   bostøttemedarbejder"
	@echo "  boform      medarbejder på Herberget Havnely"
	@echo "  leder       leder"
	@echo "  oekonomi    økonom"
	@echo "  admin       administrator (også /admin/)"
	@echo
	$(BIN)/hjemvej runserver 127.0.0.1:$(PORT)

# The suite runs on every core (pytest-xdist; each worker has a database of its own):
# `make test WORKERS=0` runs it in one process.
WORKERS ?= auto
# pytest keeps the test modules it has rewritten (its assertions) as bytecode, unless
# PYTHONDONTWRITEBYTECODE is set: then every worker of every run parses and rewrites all of tests/
# again, twice the CPU of collecting (about 10 s instead of 5 s a worker).
PYTEST := PYTHONDONTWRITEBYTECODE= $(BIN)/pytest

test: install-dev ## the whole suite (SQLite unless DATABASE_URL is set)
	$(PYTEST) -n $(WORKERS)

# With DATABASE_URL set Hjemvej refuses to start without its keys; the suite's test databases get
# keys for tests only, unless the environment brings its own.
TEST_SECRET_KEY := test-secret-key-not-for-production
TEST_CPR_KEY := dGVzdC1jcHIta2V5LW5vdC1mb3ItcHJvZHVjdGlvbiE=

test-postgres: install-dev ## the whole suite against PostgreSQL (DATABASE_URL, default local trust auth)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/hjemvej} HJEMVEJ_REQUIRE_POSTGRES=1 \
	HJEMVEJ_SECRET_KEY=$${HJEMVEJ_SECRET_KEY:-$(TEST_SECRET_KEY)} HJEMVEJ_CPR_KEY=$${HJEMVEJ_CPR_KEY:-$(TEST_CPR_KEY)} \
	$(PYTEST) -n $(WORKERS)

lint: install-dev ## what CI checks: ruff lint and format, mypy strict, the import contract (floors)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy hjemvej tests benchmarks .ci/smoke.py .ci/every_test_ran.py
	$(BIN)/lint-imports --no-logo

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install-dev ## speed and memory against the targets (national-scale synthetic data)
	@# The throughput benchmark loads the production server with wrk (Debian's package): installed
	@# here when missing and the machine lets us (root with apt); otherwise it says what to install.
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } || true
	$(BIN)/python -m compileall -q hjemvej benchmarks
	$(BIN)/python -m benchmarks.run

# Front-end assets, vendored into the repository so a checkout needs no Node to run: only `make vendor`
# (run by hand when upgrading) needs npm. It takes exactly what the pages use from the npm tarballs.
DKFDS_VERSION := 11.2.0
HTMX_VERSION := 2
AXE_VERSION := 4
VENDOR_DIR := hjemvej/static/vendor
AXE_DIR := tests/browser/vendor

.PHONY: vendor

vendor: ## download DKFDS, htmx and axe-core with npm pack and copy what is used into the repository
	@command -v npm >/dev/null || { echo "make vendor kræver npm (Node.js)"; exit 1; }
	@set -eu; root="$(CURDIR)"; tmp="$$(mktemp -d)"; trap 'rm -rf "$$tmp"' EXIT; cd "$$tmp"; \
	npm pack --silent "dkfds@$(DKFDS_VERSION)" "htmx.org@$(HTMX_VERSION)" "axe-core@$(AXE_VERSION)" >/dev/null; \
	for name in dkfds htmx.org axe-core; do \
	  tgz="$$(ls $$name-[0-9]*.tgz)"; mkdir "$$name"; tar xzf "$$tgz" -C "$$name"; \
	  eval "$$(echo $$name | tr -d .-)_version=$$(echo $$tgz | sed "s/^$$name-//; s/\.tgz$$//")"; \
	  eval "$$(echo $$name | tr -d .-)_sha=$$(sha256sum $$tgz | cut -d' ' -f1)"; \
	done; \
	src=dkfds/package/dist; out="$$root/$(VENDOR_DIR)/dkfds"; \
	rm -rf "$$out" "$$root/$(VENDOR_DIR)/htmx"; mkdir -p "$$out/css" "$$out/js" "$$out/img"; \
	sed '/^\/\*# sourceMappingURL=/d' "$$src/css/dkfds.min.css" > "$$out/css/dkfds.min.css"; \
	sed '/^\/\/# sourceMappingURL=/d' "$$src/js/dkfds.min.js" > "$$out/js/dkfds.min.js"; \
	grep -o 'url([^)]*)' "$$src/css/dkfds.min.css" | sed "s/^url(//; s/)$$//; s/[\"']//g; s/[?#].*//" \
	  | grep -v '^data:' | sort -u | while read -r ref; do \
	    case "$$ref" in ../*) rel="$${ref#../}";; *) rel="css/$$ref";; esac; \
	    case "$$rel" in *..*) echo "Uventet sti i dkfds.min.css: $$ref"; exit 1;; esac; \
	    install -D -m 644 "$$src/$$rel" "$$out/$$rel"; \
	  done; \
	cp "$$src/img/all-svg-icons.svg" "$$out/img/"; cp dkfds/package/LICENSE.md "$$out/LICENSE.md"; \
	mkdir -p "$$root/$(VENDOR_DIR)/htmx" "$$root/$(AXE_DIR)"; \
	cp htmx.org/package/dist/htmx.min.js htmx.org/package/LICENSE "$$root/$(VENDOR_DIR)/htmx/"; \
	cp axe-core/package/axe.min.js "$$root/$(AXE_DIR)/axe.min.js"; \
	cp axe-core/package/LICENSE "$$root/$(AXE_DIR)/LICENSE-axe-core"; \
	{ \
	  echo "# Vendored front-end assets"; echo; \
	  echo "Written by \`make vendor\` from the npm registry (\`npm pack\`); do not edit by hand. A checkout needs"; \
	  echo "no Node to run: only \`make vendor\`, run when upgrading, needs npm. Only the files the pages use are"; \
	  echo "copied, with their relative paths, so the stylesheet's \`url()\`s resolve."; echo; \
	  echo "| package | version | licence | sha256 of the npm tarball | files |"; \
	  echo "|---|---|---|---|---|"; \
	  echo "| dkfds (Det Fælles Designsystem) | $$dkfds_version | MIT; IBM Plex Sans fonts OFL-1.1; icons Apache-2.0 (see \`dkfds/LICENSE.md\`) | \`$$dkfds_sha\` | \`dkfds/css/dkfds.min.css\`, \`dkfds/js/dkfds.min.js\`, the fonts and icons the stylesheet references, \`dkfds/img/all-svg-icons.svg\` |"; \
	  echo "| htmx.org | $$htmxorg_version | 0BSD (\`htmx/LICENSE\`) | \`$$htmxorg_sha\` | \`htmx/htmx.min.js\` |"; \
	  echo "| axe-core | $$axecore_version | MPL-2.0 (\`$(AXE_DIR)/LICENSE-axe-core\`; source: https://github.com/dequelabs/axe-core) | \`$$axecore_sha\` | \`$(AXE_DIR)/axe.min.js\` (browser tests only, not served) |"; \
	  echo; \
	  echo "The \`sourceMappingURL\` comments are removed from \`dkfds.min.css\` and \`dkfds.min.js\` because the"; \
	  echo "source maps are not vendored; the files are otherwise as published."; \
	} > "$$root/$(VENDOR_DIR)/README.md"; \
	echo "Vendored dkfds $$dkfds_version, htmx.org $$htmxorg_version, axe-core $$axecore_version:"; \
	du -sh "$$root/$(VENDOR_DIR)" "$$root/$(AXE_DIR)"

clean:
	rm -rf $(VENV) var/uv var/bench .pytest_cache .mypy_cache .ruff_cache
