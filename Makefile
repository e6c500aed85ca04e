# Two entry points (see README): `make demo` and `make test`. Both create .venv first.
# Python >= 3.12 is required (Mesa >= 3.4); .python-version selects 3.12 under pyenv.
PYTHON ?= $(shell for p in python3.12 python3.13 python3; do command -v $$p && break; done)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup demo test lint bench readme-figures clean

$(BIN)/.installed: pyproject.toml setup.py
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "neuroagents needs Python >= 3.12; found " + sys.version.split()[0] + " at $(PYTHON). Install 3.12 (pyenv install 3.12) or run make PYTHON=/path/to/python3.12")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,viz]'
	@touch $@

setup: $(BIN)/.installed

demo: setup
	$(BIN)/neuroagents run runs/hopfield_demo.toml

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: setup lint
	$(BIN)/python -m pytest

# `make bench` runs every benchmark at full size (about 10 minutes on 2 cores, ~2 GB of
# memory for scale.py); `make bench QUICK=1` runs them at smoke sizes (about 2 minutes).
bench: setup
	@echo "Benchmarks$(if $(QUICK), (quick sizes: about 2 minutes), (full sizes: about 10 minutes; QUICK=1 for about 2))"
	@for b in benchmarks/[!_]*.py; do echo "== $$b"; \
		$(BIN)/python $$b $(if $(QUICK),--quick) || exit 1; done

# The README's benchmark table, rendered from benchmarks/results/*.json (which the
# full-size benchmarks write); tests/test_readme.py checks the README matches it.
readme-figures: setup
	$(BIN)/python benchmarks/readme_table.py --write

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
