# The two commands of the README:
#   make run    set up .venv with what the app needs, then launch MixScope
#   make test   set up .venv with the test tools too, then lint and run the whole test suite
# Each step is redone only when its inputs change (pyproject.toml, the torch installer), so a
# second run starts at once. PyTorch is installed first, by tools/install_torch.sh: the CPU
# build where there is no NVIDIA GPU.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
TORCH_STAMP := $(VENV)/.torch-installed
APP_STAMP := $(VENV)/.app-installed
TEST_STAMP := $(VENV)/.test-installed
PIP_INSTALL := $(PY) -m pip install --progress-bar on

.PHONY: run test lint system

run: $(APP_STAMP) system
	$(VENV)/bin/mixscope $(ARGS)

test: $(TEST_STAMP) system
	$(PY) -m ruff check .
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(TEST_STAMP)
	$(PY) -m ruff check .

# After the install, so that Qt's display plugin can be asked which libraries it lacks.
system:
	@sh tools/check_system.sh $(PY)

$(TORCH_STAMP): tools/install_torch.sh
	@echo "==> Creating $(VENV) (the first time takes a few minutes: PyTorch, Qt, transformers)"
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) --upgrade pip
	sh tools/install_torch.sh $(PY) --progress-bar on
	touch $@

$(APP_STAMP): pyproject.toml $(TORCH_STAMP)
	@echo "==> Installing MixScope and what the app needs into $(VENV)"
	$(PIP_INSTALL) -e .
	touch $@

$(TEST_STAMP): $(APP_STAMP)
	@echo "==> Installing the test tools (pytest, ruff, hypothesis, ray) into $(VENV)"
	$(PIP_INSTALL) -e ".[test]"
	touch $@
