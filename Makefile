# The two commands of the README:
#   make run    set up .venv when needed, then launch MixScope
#   make test   set up .venv when needed, then lint and run the whole test suite
# .venv is rebuilt only when pyproject.toml changes, so a second run starts at once.

PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed
PY := $(VENV)/bin/python

.PHONY: run test lint system

run: system $(STAMP)
	$(PY) main.py $(ARGS)

test: system $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(PY) -m ruff check .

system:
	@sh tools/check_system.sh

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)
