# Two entry points (see README): `make demo` and `make test`. Both create .venv first.
# `make test-fast` skips the slow scientific checks; `make test-mesa4` runs the core suite
# on Mesa 4 in .venv-mesa4.
# Python >= 3.12 is required (Mesa >= 3.4); .python-version selects 3.12 under pyenv.
PYTHON ?= $(shell for p in python3.12 python3.13 python3; do command -v $$p && break; done)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup demo test test-fast audit test-mesa4 lint docs bench readme-figures browser screenshots clean

$(BIN)/.installed: pyproject.toml setup.py
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "neuroagents needs Python >= 3.12; found " + sys.version.split()[0] + " at $(PYTHON). Install 3.12 (pyenv install 3.12) or run make PYTHON=/path/to/python3.12")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,viz,peers,docs]'
	@touch $@

setup: $(BIN)/.installed

demo: setup
	$(BIN)/neuroagents run runs/hopfield_demo.toml

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The parameter audit (marked audit: every parameter of every shipped experiment varied
# once, most of an hour here) runs with `make audit`, not in `make test`.
test: setup lint
	$(BIN)/python -m pytest -m "not audit"

# Everything but the tests marked slow (the scientific checks at larger sizes, and the
# browser tests): the README says how long each target takes here.
test-fast: setup lint
	$(BIN)/python -m pytest -m "not slow and not audit"

audit: setup
	$(BIN)/python -m pytest -m audit -p no:cacheprovider

# The core suite (not the systems, not the browser view; no slow checks) on Mesa 4 (the
# pre-release 4.0.0a0), in its own venv; CI runs it
# after `make test`. Mesa 4 removed batch_run and seed=; the tests that need them skip.
MESA4 := mesa==4.0.0a0
MESA4_BIN := .venv-mesa4/bin
$(MESA4_BIN)/.installed: pyproject.toml setup.py
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "neuroagents needs Python >= 3.12")'
	$(PYTHON) -m venv .venv-mesa4
	$(MESA4_BIN)/python -m pip install --quiet --upgrade pip
	$(MESA4_BIN)/python -m pip install --quiet -e '.[test,viz]' '$(MESA4)'
	@touch $@

test-mesa4: $(MESA4_BIN)/.installed
	$(MESA4_BIN)/python -c 'import mesa; print("Mesa", mesa.__version__)'
	$(MESA4_BIN)/python -m pytest -m "not slow and not audit" -p no:cacheprovider --ignore=tests/models --ignore=tests/viz

# The documentation site (mkdocs.yml): the docs pages and an API reference from the
# docstrings, built with --strict (a broken link or cross-reference fails) into site/.
docs: setup
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

# `make bench` runs every benchmark at full size (about 25 minutes on 2 cores, ~11 GB of
# memory for scale.py); `make bench QUICK=1` runs them at smoke sizes (about 2 minutes).
bench: setup
	@echo "Benchmarks$(if $(QUICK), (quick sizes: about 2 minutes), (full sizes: about 25 minutes; QUICK=1 for about 2))"
	@for b in benchmarks/[!_]*.py; do echo "== $$b"; \
		$(BIN)/python $$b $(if $(QUICK),--quick) || exit 1; done

# The README's benchmark table, rendered from benchmarks/results/*.json (which the
# full-size benchmarks write); tests/test_readme.py checks the README matches it.
readme-figures: setup
	$(BIN)/python benchmarks/readme_table.py --write
	$(BIN)/python docs/render_numbers.py --write

# The browser tests (tests/viz/test_browser.py) drive the system's Chromium through
# Playwright, which never downloads a browser here: this installs Debian's `chromium`
# (as root, else with sudo). CI runs it before `make test`.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && \
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# The README's screenshots of the browser view (docs/figures/view_*.png), taken by the
# browser test in Chromium.
screenshots: setup browser
	NEUROAGENTS_SCREENSHOTS=docs/figures $(BIN)/python -m pytest tests/viz/test_browser.py -q

clean:
	rm -rf $(VENV) .venv-mesa4 .pytest_cache .ruff_cache .hypothesis site build/site-src
