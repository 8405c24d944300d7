# sansan: every stage is a file target whose prerequisites are its inputs, its own module and
# the config it reads, so `make all` reruns only what changed. `make help` lists the targets.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DELETE_ON_ERROR:
.DEFAULT_GOAL := all
MAKEFLAGS += --no-builtin-rules --warn-undefined-variables

CORPUS ?= corpus
OUT ?= outputs
GOLD ?= ../shared/gold
# The newest Python >= 3.11 on the PATH makes .venv (python3 when none is newer).
PYTHON ?= $(or $(shell for p in python3.13 python3.12 python3.11 python3; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && { command -v $$p; break; }; done),python3)
VENV := .venv
PY := $(VENV)/bin/python
# A .venv whose Python is older than 3.11, or gone, is made again (it could never run sansan).
VENV_OK := $(shell test -x $(PY) && $(PY) -c 'import sys; print(int(sys.version_info >= (3, 11)))' 2>/dev/null)
ifneq ($(VENV_OK),1)
$(if $(wildcard $(VENV)),$(info sansan: $(VENV) has no usable Python >= 3.11; making it again)$(shell rm -rf $(VENV)))
endif
RUN := $(PY) -m pipeline
# Quoted, so a CORPUS (or OUT) path with spaces reaches the pipeline whole.
ARGS = --corpus '$(CORPUS)' --out '$(OUT)' --codebook '$(CODEBOOK)'

# Make sees the corpus, the code and the config; within a run the engine reruns only the
# per-article stages whose page or import closure changed (pipeline/engine/fingerprint.py).
CODE := $(shell find pipeline -name '*.py')
CONFIG_FILES := $(shell find config -type f)
CODEBOOK ?= config/codebook.toml
SOURCES ?= config/sources.toml
WORKERS ?= 1
ENGINE ?= local
ENGINE_ARGS = --workers $(WORKERS) --engine $(ENGINE)

TABLES := $(addprefix $(OUT)/,articles.csv figures.csv initiatives.csv sections.csv cells.csv matrix.csv errors.csv \
	review.csv keywords.csv series.csv conflicts.csv sansan.xlsx report.html)

## all: create the environment if missing, then run every stage on CORPUS into OUT (WORKERS=N processes; ENGINE=dask)
all: $(TABLES)

## setup: create .venv and install sansan with its dev tools (done by `all` and `test`)
setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "sansan needs Python >= 3.11: $(PYTHON) is $$($(PYTHON) -V 2>&1); run make PYTHON=/path/to/python3.11" >&2; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

$(OUT):
	@mkdir -p $@

# The corpus manifest is checked every run but rewritten only when the set or the content of
# the pages changes, so fresh clones (new file times) do not rebuild anything.
$(OUT)/corpus.tsv: FORCE $(VENV)/.installed | $(OUT)
	@$(RUN) manifest $(ARGS)

# CORPUS/labels.csv (the analyst's own cells) is in corpus.tsv's digests. The tables are
# written atomically by the run, so a failed run leaves the last good ones (.PRECIOUS: make
# must not delete them).
$(TABLES) &: $(OUT)/corpus.tsv $(CODE) $(CONFIG_FILES) $(CODEBOOK)
	$(RUN) run $(ARGS) $(ENGINE_ARGS)
.PRECIOUS: $(TABLES) $(OUT)/corpus.tsv

## parse: pages -> OUT/articles.jsonl, OUT/texts/, OUT/sections.jsonl
## segment: sentences and jieba tokens -> OUT/sentences.jsonl
## figures: numbers with units -> OUT/figures.jsonl
## initiatives: named programmes -> OUT/initiatives.jsonl
## classify: framework cells (outline, then CORPUS/labels.csv, then the models) -> OUT/cells.jsonl
parse segment figures initiatives classify: $(OUT)/corpus.tsv
	$(RUN) $@ $(ARGS) $(ENGINE_ARGS)

## tables: the SPEC tables (CSV, UTF-8 with BOM), errors.csv, sansan.xlsx and report.html in OUT
tables: $(TABLES)

## evaluate: article-grouped cross-validation over every GOLD article (default ../shared/gold): scores per source group -> OUT/evaluation.csv, confusion.csv, cv_errors.csv
evaluate: $(VENV)/.installed | $(OUT)
	$(RUN) evaluate $(ARGS) --gold $(GOLD)

## score: score the tables in OUT against GOLD (metadata, body; in-sample for what the models were trained on) -> OUT/score.csv
score: $(TABLES)
	$(RUN) score $(ARGS) --gold $(GOLD)

## models: train the figure, initiative and cell models on every GOLD article -> config/models/*.json
models: $(VENV)/.installed
	$(RUN) models $(ARGS) --gold $(GOLD)

## pin: raise the floors in tests/floors.json to the scores of the last `make evaluate` in OUT (never lowers one)
pin: $(VENV)/.installed
	$(RUN) pin $(ARGS)

## test: run the test suite (creates the environment if missing)
test: $(VENV)/.installed
	$(PY) -m pytest

## update: fetch what the sources in SOURCES published since the last run into CORPUS, then `make all`
update: $(VENV)/.installed
	$(RUN) fetch --sources $(SOURCES) --corpus '$(CORPUS)'
	$(MAKE) all CORPUS='$(CORPUS)' OUT='$(OUT)' CODEBOOK='$(CODEBOOK)'

## bench: run the benchmarks in bench/ (ratios against a baseline measured in the same run)
bench: $(VENV)/.installed
	$(PY) bench/run.py
	$(PY) bench/engine.py --dask
	$(PY) bench/hostile.py

## clean: remove OUT (generated tables); the corpus and .venv stay
clean:
	rm -rf $(OUT)

## help: list the targets
help:
	@grep -E '^## ' $(MAKEFILE_LIST) | sed 's/^## /  /'

FORCE:
.PHONY: all setup parse segment figures initiatives classify tables evaluate score models pin test update bench clean help FORCE
