# The two commands of the README: `make serve` and `make test`. Everything else is a helper of theirs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# An editable install has no bytecode, and Python compiles every module anew on each run when it
# may not write it (PYTHONDONTWRITEBYTECODE): a cold `openness validate` would pay for that. A wheel
# gets it from pip at install time. `make bench` compiles again, after edits to src/.
BYTECODE = $(BIN)/python -m compileall -q src/openness
# mkdocs-material prints an end-of-life notice before every build; this is the switch the notice
# itself names. Builds print what needs attention, and a summary.
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve site test lint typecheck unit fuzz bench release clean

# Create the virtual environment and install the locked dependencies, then this package (editable).
$(STAMP): requirements.lock pyproject.toml hatch_build.py src/openness/_compose.c
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BYTECODE)
	touch $@

# `make serve PORT=8001` serves on another port; a taken port is said at once, before the build.
PORT ?= 8000
serve: $(STAMP)
	@$(BIN)/python scripts/port_free.py "$(PORT)"
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:$(PORT)

site: $(STAMP)
	$(BIN)/mkdocs build --strict --site-dir site

lint: $(STAMP)
	$(BIN)/ruff check src scripts tests benchmarks examples hatch_build.py
	$(BIN)/ruff format --check src scripts tests benchmarks examples hatch_build.py

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/python -m pytest

test: lint typecheck unit site

# The fuzz tests with many examples each (`make test` runs a few): every command, mutated real files.
FUZZ_EXAMPLES ?= 2000
fuzz: $(STAMP)
	OPENNESS_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -q -p no:cacheprovider tests/test_fuzz.py tests/test_cli_fuzz.py

bench: $(STAMP)
	$(BYTECODE)
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

release: $(STAMP)
	$(BIN)/python scripts/release.py $(VERSION)

clean:
	rm -rf $(VENV) site
