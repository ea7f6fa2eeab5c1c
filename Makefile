# Two commands for a new user (see README):  make   and   make test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PIP_VERSION := 26.3
KERNEL := rb-analysis

.PHONY: all setup parse code run test verify bench scale demo lint verify-raw lock clean

all: run

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is required")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "pip==$(PIP_VERSION)"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[test]"
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python ($(KERNEL))" >/dev/null
	touch $(STAMP)

setup: $(STAMP)

parse: setup
	$(BIN)/analysis parse

# The corpus coded once (codes.parquet, matches.parquet): the notebooks, the tests and verify read it
code: parse
	$(BIN)/analysis code --corpus

run: code
	$(BIN)/analysis run

test: code
	bash scripts/ensure-browser.sh $(BIN)/python
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest --nbval
	$(BIN)/analysis verify

verify: code
	$(BIN)/analysis verify

bench: setup
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[test,bench]"
	$(BIN)/python benchmarks/run_benchmarks.py --sizes 10 100 1000

# All notebooks, unchanged, on the seeds and the 10x and 100x benchmark corpora (not in CI):
# runtimes and every figure's size into benchmarks/results.md
scale: setup
	$(BIN)/python benchmarks/scale_notebooks.py --factors 1 10 100

# Validation on a corpus of one's own, end to end (examples/own_corpus/README.md): the seeds
# plus four synthetic sources added with `analysis add`, in a temporary copy of the project
demo: setup
	$(BIN)/python scripts/demo_own_corpus.py

lint: setup
	$(BIN)/ruff check src tests

lock: setup
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e' > constraints.txt.new
	@echo "review constraints.txt.new, then move it over constraints.txt"

clean:
	rm -rf $(VENV) data/processed/*.parquet
