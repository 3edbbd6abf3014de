# Two commands on a fresh machine: `make demo` and `make test`. Each sets everything up first.
# `make test` is the fast suite (tests marked `slow` left out); `make test-all`, which CI runs,
# is everything.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test test-all lint bench bench-quick system-data test-browser clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -e '.[dev]'
	touch $(STAMP)

# WordNet and the LibreOffice thesaurus come from Debian packages (no download at run time).
system-data:
	@sh scripts/install-system-data.sh

# Debian's Chromium for the browser tests (Playwright drives it; no browser download).
test-browser:
	@sh scripts/install-test-browser.sh

demo: $(STAMP) system-data
	$(PY) -m unspun.demo

test: $(STAMP) system-data test-browser
	$(PY) -m pytest -q -m "not slow"

test-all: $(STAMP) system-data test-browser
	$(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/mypy

bench-quick: $(STAMP) system-data
	$(PY) -m benchmarks.retrieval --quick

bench: $(STAMP) system-data
	$(PY) -m benchmarks.retrieval

clean:
	rm -rf $(VENV) .unspun-demo .pytest_cache
