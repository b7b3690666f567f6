# Two set-up commands: `make run` and `make test`. Both create .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run serve test bench fuzz lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall when the project metadata changes; editable, so code edits need no reinstall.
$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,postgres]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/secondround take warmup --practice

# The browser app on 127.0.0.1:8765; opens the printed address (with its launch token). Ctrl-C stops it.
serve: $(STAMP)
	$(BIN)/secondround serve

# Two worker processes (pytest-xdist), each file's tests in one of them (its module fixtures,
# servers and browsers stay together): the suite takes about half the time on a 2-core machine.
test: $(STAMP)
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

bench: $(STAMP)
	$(BIN)/python tests/benchmarks/run_all.py

# A longer, bounded fuzz campaign (issue 16): FUZZ_EXAMPLES cases per target (1,500 unless set),
# the figures written to fuzz-report.json and printed.
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz FUZZ_REPORT=fuzz-report.json $(BIN)/python -m pytest -q -p no:cacheprovider tests/fuzz
	@cat fuzz-report.json

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) build *.egg-info
