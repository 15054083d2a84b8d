# Two commands set everything up on a machine with only python3 and make:
#   make demo   build the graph of seeds/ into out/ and show what it holds
#   make test   run the test suite (what CI runs)
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
KG      := $(BIN)/kg
STORE   := out/store

.PHONY: demo test venv test-venv browser virtuoso docs bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Bytecode compiled once, as a wheel install would: a cold `kg` process then skips compiling
# the sources (0.1 s), also where PYTHONDONTWRITEBYTECODE is set.
venv: $(BIN)/python
	$(BIN)/pip install --quiet -e .
	$(BIN)/python -m compileall -q kg

test-venv: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/python -m compileall -q kg

demo: venv
	rm -rf $(STORE)
	$(KG) build seeds/ --store $(STORE)
	$(KG) export --store $(STORE) --format turtle -o out/graph.ttl
	$(KG) export --store $(STORE) --format trig -o out/graph.trig
	$(KG) viz --store $(STORE) -o out/graph.html
	$(KG) validate --store $(STORE)
	$(KG) stats --store $(STORE)
	$(KG) query --store $(STORE) --name honours-of-unit --param unit=惠济区

# The HTML pages are tested in Debian's Chromium; install it when it is missing.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver >/dev/null; }

# The push and query tests run against a real Virtuoso too, from Debian's package; the
# tests start their own server on loopback, so the package's service is not needed.
virtuoso:
	@command -v virtuoso-t >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq virtuoso-opensource >/dev/null; }

test: test-venv browser virtuoso
	$(BIN)/python -m pytest

docs: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[docs]'
	$(BIN)/python -m pylode ontology/lgkg.ttl -o docs/ontology.html

# Two runs: 1,000 articles with everything (the page too), then 10,000 for the store size,
# the build ratios and each named query's median against rdflib on the same data.
bench: venv
	$(BIN)/python bench/run.py --articles 1000 --out bench/results-1000.md
	$(BIN)/python bench/run.py --articles 10000 --rdflib-budget 900 --skip-viz --out bench/results.md

clean:
	rm -rf out $(VENV)
