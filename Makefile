# Quid: `make run` serves the API with demo data; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := server
export QUID_BIND ?= 127.0.0.1:8000

# What Kivy's SDL2 needs to draw, on a display or headless (SDL_VIDEODRIVER=offscreen).
GRAPHICS_PACKAGES := libegl1 libgl1 libegl-mesa0 libgl1-mesa-dri
# On a desktop, Kivy's text fields copy and paste through xclip.
DESKTOP_PACKAGES := $(GRAPHICS_PACKAGES) xclip

.PHONY: run test test-fast lint format venv clean bench screenshots app android-source simulate

# The virtualenv; Debian's python3 needs python3-venv for it.
$(BIN)/python:
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || scripts/ensure-system-packages python3-venv
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-server: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[server]'
	@touch $@

$(VENV)/.installed-app: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[server,mobile]'
	@touch $@ $(VENV)/.installed-server

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[server,mobile,dev]'
	@touch $@ $(VENV)/.installed-server $(VENV)/.installed-app

venv: $(VENV)/.installed-server

run: $(VENV)/.installed-app
	$(BIN)/flask db upgrade
	$(BIN)/flask seed-demo
	@echo
	@echo "Demo logins (every demo account has the same password):"
	@$(BIN)/flask demo-logins
	@echo
	@echo "API:       http://$(QUID_BIND)/api/v1/   docs: http://$(QUID_BIND)/api/v1/docs"
	@if [[ -n "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}" ]]; then scripts/ensure-system-packages $(DESKTOP_PACKAGES); fi
	exec scripts/serve-and-open-app $(BIN) http://$(QUID_BIND)

# The app alone, against a server already running (QUID_SERVER, default the local one).
app: $(VENV)/.installed-app
	scripts/ensure-system-packages $(DESKTOP_PACKAGES)
	$(BIN)/python -m mobile --server $${QUID_SERVER:-http://$(QUID_BIND)}

# The real OpenID provider the single sign-on tests sign in against (Node.js, from its lock file).
OIDC_PROVIDER := tests/support/oidc_provider
$(OIDC_PROVIDER)/node_modules/.installed: $(OIDC_PROVIDER)/package-lock.json
	@command -v node >/dev/null || scripts/ensure-system-packages nodejs npm
	npm ci --prefix $(OIDC_PROVIDER) --no-audit --no-fund --loglevel=error
	@touch $@

test: $(VENV)/.installed-dev $(OIDC_PROVIDER)/node_modules/.installed lint
	scripts/ensure-system-packages postgresql redis-server $(GRAPHICS_PACKAGES)
	$(BIN)/python -m pytest -n 2 --dist loadfile

# The quick loop while developing: the server's tests on SQLite alone, no app, no PostgreSQL.
test-fast: $(VENV)/.installed-dev
	QUID_TEST_BACKENDS=sqlite $(BIN)/python -m pytest -n 2 --dist loadfile --ignore-glob='tests/test_app_*'

# ruff: lint (pyflakes, pycodestyle, bugbear, pyupgrade), import order and format, as
# configured in pyproject.toml. `make format` rewrites; `make lint` only checks.
lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Every main screen of the app, rendered headless against the demo data.
screenshots: $(VENV)/.installed-dev $(OIDC_PROVIDER)/node_modules/.installed
	scripts/ensure-system-packages $(GRAPHICS_PACKAGES)
	PYTHONPATH=. $(BIN)/python scripts/render-screenshots docs/screenshots

# What buildozer packages for Android (see mobile/buildozer.spec): the app, shared/ and main.py.
android-source:
	rm -rf build/android-source
	mkdir -p build/android-source
	cp -r mobile shared build/android-source/
	cp mobile/main.py build/android-source/main.py
	find build/android-source -name '__pycache__' -prune -exec rm -rf {} +

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis $(OIDC_PROVIDER)/node_modules

# Benchmarks (not part of the tests): the API's main reads and writes, and search, under gunicorn with wrk (docs/performance.md).
# BENCH_ARGS passes wrk's time per endpoint and turns to every part, e.g. BENCH_ARGS="--seconds 9 --rounds 3".
BENCH_ARGS ?=
bench: $(VENV)/.installed-dev
	scripts/ensure-system-packages wrk postgresql
	$(BIN)/python -m bench.run --database sqlite $(BENCH_ARGS)
	$(BIN)/python -m bench.run --database postgresql $(BENCH_ARGS)
	$(BIN)/python -m bench.search --database sqlite $(BENCH_ARGS)
	$(BIN)/python -m bench.search --database postgresql $(BENCH_ARGS)

# The fair game: a simulated firm plays the real API; results, charts and report in docs/fair-game.
simulate: $(VENV)/.installed-dev
	$(BIN)/python -m bench.simulate --seed 7 --out docs/fair-game
