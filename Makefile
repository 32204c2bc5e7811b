# Two entry points: `make run` serves the app, `make test` runs the test suite (every tier).
# Each creates the virtualenv and installs what it needs on first use. Also: `make test-fast` (the unit
# tier, seconds) and `make lint` (ruff and mypy, configured in pyproject.toml).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python

# llama-cpp-python compiles from source: use every core, skip the parts we never load, and use
# ggml's own thread pool instead of OpenMP (OpenMP measured 2.5x slower per token when called
# from the server's worker threads). The CPU flags are fixed (AVX2, FMA, F16C) instead of
# -march=native: on a Xeon that reports AMX, the native build died with SIGILL on `tilezero`
# inside the sandbox, which does not grant AMX tile state.
export CMAKE_BUILD_PARALLEL_LEVEL ?= $(shell nproc)
export CMAKE_ARGS ?= -DGGML_OPENMP=OFF -DGGML_NATIVE=OFF -DGGML_SSE42=ON -DGGML_AVX=ON -DGGML_AVX2=ON \
	-DGGML_BMI2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DLLAVA_BUILD=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF \
	-DLLAMA_BUILD_TOOLS=OFF -DLLAMA_BUILD_SERVER=OFF
export HF_HUB_OFFLINE ?= 1
export GRADIO_ANALYTICS_ENABLED ?= False

# The same flags reach a Hugging Face Space through the --config-settings on the llama-cpp-python line of
# requirements.txt (a test keeps the two equal).
# pip's wheel cache does not know about CMAKE_ARGS, so the built wheel lives in a folder named
# after the version and the flags, and pip is pointed at it.
LLAMA_VERSION := $(shell sed -n 's/^llama-cpp-python[^=]*==\([0-9][0-9.]*\).*/\1/p' requirements.txt)
WHEELHOUSE := $(HOME)/.cache/product-description-generator/llama-$(LLAMA_VERSION)-$(shell echo "$(CMAKE_ARGS)" | md5sum | cut -c1-10)

.PHONY: run test test-fast lint bench install install-dev system-deps clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(WHEELHOUSE)/.built: | $(PY)
	$(PY) -m pip wheel --no-deps --no-cache-dir --no-binary llama-cpp-python \
		"llama-cpp-python==$(LLAMA_VERSION)" -w $(WHEELHOUSE)
	touch $@

$(VENV)/.app-installed: requirements.txt $(WHEELHOUSE)/.built | $(PY)
	$(PY) -m pip install --find-links $(WHEELHOUSE) -r requirements.txt
	$(PY) -m pip install --no-deps --force-reinstall $(WHEELHOUSE)/llama_cpp_python-*.whl
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt $(WHEELHOUSE)/.built | $(PY)
	$(PY) -m pip install --find-links $(WHEELHOUSE) -r requirements-dev.txt
	$(PY) -m pip install --no-deps --force-reinstall $(WHEELHOUSE)/llama_cpp_python-*.whl
	touch $(VENV)/.app-installed $@

install: $(VENV)/.app-installed
install-dev: $(VENV)/.dev-installed

system-deps:
	bash scripts/install-system-deps.sh

run: install
	$(PY) app.py

test: install-dev system-deps
	$(PY) -m pytest

test-fast: install-dev
	$(PY) -m pytest tests/unit -q

lint: install-dev
	$(VENV)/bin/ruff check .
	rm -f generator/web/components.pyi  # Gradio writes this stub at import; mypy would read it for the module
	$(VENV)/bin/mypy generator

bench: install-dev
	$(PY) -m benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
