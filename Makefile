# Quid: `make run` serves the API with demo data; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := server
export QUID_BIND ?= 127.0.0.1:8000

.PHONY: run test venv clean bench

# The virtualenv; Debian's python3 needs python3-venv for it.
$(BIN)/python:
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || scripts/ensure-system-packages python3-venv
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-server: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[server]'
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[server,dev]'
	@touch $@ $(VENV)/.installed-server

venv: $(VENV)/.installed-server

run: $(VENV)/.installed-server
	$(BIN)/flask db upgrade
	$(BIN)/flask seed-demo
	@echo
	@echo "Demo logins (every demo account has the same password):"
	@$(BIN)/flask demo-logins
	@echo
	@echo "API:       http://$(QUID_BIND)/api/v1/   docs: http://$(QUID_BIND)/api/v1/docs"
	exec $(BIN)/gunicorn -c deploy/gunicorn.conf.py 'server:create_app()'

test: $(VENV)/.installed-dev
	scripts/ensure-system-packages postgresql
	$(BIN)/python -m pytest -n 2 --dist loadfile

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis

# Benchmarks (not part of the tests): leaderboard and /me under gunicorn with wrk.
bench: $(VENV)/.installed-dev
	scripts/ensure-system-packages wrk
	$(BIN)/python -m bench.run
