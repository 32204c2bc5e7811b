# Two entry points: `make run` serves the app, `make test` runs the test suite.
# Each creates the virtualenv and installs what it needs on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python

# llama-cpp-python compiles from source: use every core, and skip the parts we never load.
export CMAKE_BUILD_PARALLEL_LEVEL ?= $(shell nproc)
export CMAKE_ARGS ?= -DLLAVA_BUILD=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF \
	-DLLAMA_BUILD_TOOLS=OFF -DLLAMA_BUILD_SERVER=OFF
export HF_HUB_OFFLINE ?= 1
export GRADIO_ANALYTICS_ENABLED ?= False

.PHONY: run test install install-dev system-deps clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.app-installed: requirements.txt | $(PY)
	$(PY) -m pip install -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install -r requirements-dev.txt
	touch $(VENV)/.app-installed $@

install: $(VENV)/.app-installed
install-dev: $(VENV)/.dev-installed

system-deps:
	bash scripts/install-system-deps.sh

run: install
	$(PY) app.py

test: install-dev system-deps
	$(PY) -m pytest

clean:
	rm -rf $(VENV) .pytest_cache
