# Service mapping: every result of a study is rebuilt from its workbooks (the default study's: data/raw/).
# `make` alone lists the targets. Run on other data with: make all RAW_DIR=/path/to/workbooks
# Another study: make all STUDY=studies/talking_therapies (docs/study-definition.md).
#
# Each notebook has one rule: its stamp depends on the notebook, what it reads and the package,
# and the recipe is one line, `python -m hubmap run NAME -p PARAMETER VALUE ...`, which runs it
# with papermill, logs the run and writes the stamp (src/hubmap/running/). The last step renders
# every new executed notebook to HTML, in one process, and writes the report index.
# No Python runs while make reads this file, so `make help` is instant.
# The notebooks, their parameters and their order are declared in src/hubmap/shared/registry.py;
# tests/test_notebooks.py checks that the rules below agree with it.

SHELL := /bin/bash
.DEFAULT_GOAL := help
.SUFFIXES:
# Notebooks that do not depend on each other run side by side, one per core; JOBS=1 runs them in series.
JOBS ?= $(shell nproc 2>/dev/null || sysctl -n hw.ncpu 2>/dev/null || echo 2)
MAKEFLAGS += --jobs=$(JOBS) --output-sync=line

# ---- the study: its definition names its inputs and where its results go --------------------
STUDY ?= studies/resilience_hubs
ifeq ($(wildcard $(STUDY)/study.yaml),)
  $(error STUDY=$(STUDY): no study.yaml in that folder (a study's folder holds its definition; docs/study-definition.md))
endif
# A path the definition gives (a plain `key: path` line, checked when the study is read), from the
# repository; read with sed so that no Python runs here.
study_path = $(patsubst $(CURDIR)/%,%,$(patsubst $(CURDIR),.,$(abspath $(STUDY)/$(shell \
  sed -n 's/^$(1):[[:space:]]*\([^#[:space:]]\([^#]*[^#[:space:]]\)\{0,1\}\).*/\1/p' $(STUDY)/study.yaml))))
STUDY_NAME    := $(notdir $(abspath $(STUDY)))
STUDY_RAW     := $(call study_path,example_data)
STUDY_LOOKUP  := $(call study_path,title_lookup)
STUDY_MODEL   := $(call study_path,logic_model)
OUTPUTS       := $(patsubst ./,,$(call study_path,outputs)/)

# ---- paths and options (override on the command line) ---------------------------------------
RAW_DIR       ?= $(STUDY_RAW)
TITLE_LOOKUP  ?= $(STUDY_LOOKUP)
LOGIC_MODEL   ?= $(STUDY_MODEL)
PROCESSED_DIR ?= $(OUTPUTS)data/processed
REPORTS_DIR   ?= $(OUTPUTS)reports
FIGURES_DIR   ?= $(OUTPUTS)figures
TEMPLATE_OUT  ?= $(OUTPUTS)templates/$(STUDY_NAME)_mapping_template.xlsx
TABLES_DIR    := $(REPORTS_DIR)/tables
PROFILES_DIR  ?= $(REPORTS_DIR)/profiles
# A Hub mapped more than once is described by its latest round; AS_OF=2021-12-31 takes the round in force then.
AS_OF ?= latest
# Hub profiles name no other Hub (they leave the team); ANONYMISE_OTHERS=False names them.
ANONYMISE_OTHERS ?= True
ANONYMISE_VALUE := $(if $(filter 0 False false no,$(ANONYMISE_OTHERS)),False,True)
# A notice (an entry valid cell by cell but unusual together) is reported; STRICT=1 makes it an error.
STRICT ?= 0
STRICT_VALUE := $(if $(filter 1 True true yes,$(STRICT)),True,False)
BUILD         ?= $(OUTPUTS)build
STAMPS        := $(BUILD)/stamps

# ---- environment: the activated virtualenv or conda environment, else .venv -----------------
# (conda's base environment does not count: the project is never installed there.)
ifneq ($(VIRTUAL_ENV),)
  PYTHON ?= $(VIRTUAL_ENV)/bin/python
else ifneq ($(filter-out base,$(CONDA_DEFAULT_ENV)),)
  PYTHON ?= $(CONDA_PREFIX)/bin/python
endif
PYTHON ?= .venv/bin/python
ENV_STAMP := $(if $(filter .venv/bin/python,$(PYTHON)),.venv/.installed,$(BUILD)/environment.checked)

# The project's kernel, registered inside the environment itself (ipykernel's --sys-prefix), so that
# papermill, nbconvert, JupyterLab or VS Code started from that environment all find it.
ENV_PREFIX := $(abspath $(dir $(PYTHON))..)
KERNEL := $(ENV_PREFIX)/share/jupyter/kernels/hubmap/kernel.json
GIT_FILTER := $(BUILD)/nbstripout.installed
export PYDEVD_DISABLE_FILE_VALIDATION := 1
# Figure 4's layout engine (Graphviz in WebAssembly) keeps its compiled module here (figures/layout_engine.py).
export HUBMAP_WASM_CACHE := $(abspath $(BUILD))/wasmtime

PACKAGE := $(wildcard src/hubmap/*.py src/hubmap/*/*.py)
RUN := $(PYTHON) -m hubmap run --reports $(REPORTS_DIR) --stamps $(STAMPS) --jobs $(JOBS)
STUDY_OPTION := --study $(STUDY)
RAW_MANIFEST := $(BUILD)/raw_dir.sha256
SHA256 := $(shell command -v sha256sum >/dev/null 2>&1 && echo sha256sum || echo "shasum -a 256")
# Every option and input file that changes an output is a prerequisite, through a file rewritten
# only when its value (or the input's path or content) changes (the rules near the end).
ROUND := $(BUILD)/as_of
ANONYMISE := $(BUILD)/anonymise_others
STRICTNESS := $(BUILD)/strict
LOOKUP_DIGEST := $(BUILD)/title_lookup.sha256
MODEL_DIGEST := $(BUILD)/logic_model.sha256
STUDY_DIGEST := $(BUILD)/study.sha256
# Last in every rule: the study's definition, the package's code, and (order-only, after the bar) the
# kernel, which must exist but whose reinstalling changes no result.
EVERY_RUN := $(STUDY_DIGEST) $(PACKAGE) | $(KERNEL)

##@ Results
.PHONY: all
all: $(REPORTS_DIR)/index.html ## Regenerate every result from $(RAW_DIR) (sets up .venv if needed)
	@echo "All results are up to date. Start at $(REPORTS_DIR)/index.html"

.PHONY: figures
figures: $(STAMPS)/08_publication.done ## Rebuild the publication set (figures, captions, tables .docx, manifest)

.PHONY: profiles
profiles: $(STAMPS)/07_hub_profile.done ## Rebuild each unit's profile for its lead's accuracy check (HTML and .docx)

# HTML for every notebook that ran, then the index: the one output that records when and from
# what the results were built.
$(REPORTS_DIR)/index.html: $(STAMPS)/08_publication.done $(STAMPS)/07_hub_profile.done
	@$(PYTHON) -m hubmap report $(REPORTS_DIR) $(PROCESSED_DIR) $(FIGURES_DIR) $(TABLES_DIR) --profiles $(PROFILES_DIR) --as-of $(AS_OF) $(STUDY_OPTION)

# One rule per notebook: what it reads, then the one line that runs it.
$(STAMPS)/01_clean.done: notebooks/01_clean.ipynb $(RAW_MANIFEST) $(LOOKUP_DIGEST) $(STRICTNESS) $(EVERY_RUN)
	@$(RUN) 01_clean -p STUDY $(STUDY) -p RAW_DIR $(RAW_DIR) -p PROCESSED_DIR $(PROCESSED_DIR) -p TITLE_LOOKUP $(TITLE_LOOKUP) -p STRICT $(STRICT_VALUE)

$(STAMPS)/02_staffing.done: notebooks/02_staffing.ipynb $(STAMPS)/01_clean.done $(ROUND) $(EVERY_RUN)
	@$(RUN) 02_staffing -p STUDY $(STUDY) -p PROCESSED_DIR $(PROCESSED_DIR) -p TABLES_DIR $(TABLES_DIR) -p FIGURES_DIR $(FIGURES_DIR) -p AS_OF $(AS_OF)

$(STAMPS)/03_service_model.done: notebooks/03_service_model.ipynb $(STAMPS)/01_clean.done $(ROUND) $(EVERY_RUN)
	@$(RUN) 03_service_model -p STUDY $(STUDY) -p PROCESSED_DIR $(PROCESSED_DIR) -p TABLES_DIR $(TABLES_DIR) -p AS_OF $(AS_OF)

$(STAMPS)/04_interventions.done: notebooks/04_interventions.ipynb $(STAMPS)/01_clean.done $(ROUND) $(EVERY_RUN)
	@$(RUN) 04_interventions -p STUDY $(STUDY) -p PROCESSED_DIR $(PROCESSED_DIR) -p TABLES_DIR $(TABLES_DIR) -p FIGURES_DIR $(FIGURES_DIR) -p AS_OF $(AS_OF)

$(STAMPS)/05_logic_model.done: notebooks/05_logic_model.ipynb $(STAMPS)/01_clean.done $(ROUND) $(MODEL_DIGEST) $(EVERY_RUN)
	@$(RUN) 05_logic_model -p STUDY $(STUDY) -p PROCESSED_DIR $(PROCESSED_DIR) -p LOGIC_MODEL $(LOGIC_MODEL) -p TABLES_DIR $(TABLES_DIR) -p FIGURES_DIR $(FIGURES_DIR) -p AS_OF $(AS_OF)

$(STAMPS)/06_changes.done: notebooks/06_changes.ipynb $(STAMPS)/01_clean.done $(EVERY_RUN)
	@$(RUN) 06_changes -p STUDY $(STUDY) -p PROCESSED_DIR $(PROCESSED_DIR) -p TABLES_DIR $(TABLES_DIR) -p FIGURES_DIR $(FIGURES_DIR)

# Once per unit in the processed data (HUB set by the sweep); a unit whose data are unchanged is not run again.
$(STAMPS)/07_hub_profile.done: notebooks/07_hub_profile.ipynb $(STAMPS)/01_clean.done $(ROUND) $(ANONYMISE) $(EVERY_RUN)
	@$(RUN) 07_hub_profile -p STUDY $(STUDY) -p PROCESSED_DIR $(PROCESSED_DIR) -p ANONYMISE_OTHERS $(ANONYMISE_VALUE) -p PROFILES_DIR $(PROFILES_DIR) -p AS_OF $(AS_OF)

# 02 and 04 are listed first, so that under make -j the two longest notebooks start first and 03 fits beside them.
$(STAMPS)/08_publication.done: notebooks/08_publication.ipynb $(ROUND) $(MODEL_DIGEST) $(STAMPS)/02_staffing.done \
  $(STAMPS)/04_interventions.done $(STAMPS)/05_logic_model.done $(STAMPS)/06_changes.done \
  $(STAMPS)/03_service_model.done $(EVERY_RUN)
	@$(RUN) 08_publication -p STUDY $(STUDY) -p PROCESSED_DIR $(PROCESSED_DIR) -p TABLES_DIR $(TABLES_DIR) -p FIGURES_DIR $(FIGURES_DIR) -p LOGIC_MODEL $(LOGIC_MODEL) -p AS_OF $(AS_OF)

# A value, as a file rewritten only when it changes: the round the analyses describe (AS_OF), whether
# profiles name other units, whether notices are errors. (Output folders are places, not content: a
# work folder copied elsewhere, BUILD with it, stays up to date.)
value_file = @mkdir -p $(@D); echo "$(1)" | cmp -s - $@ || echo "$(1)" > $@
$(ROUND): FORCE
	$(call value_file,$(AS_OF))
$(ANONYMISE): FORCE
	$(call value_file,$(ANONYMISE_VALUE))
$(STRICTNESS): FORCE
	$(call value_file,$(STRICT_VALUE))

# An input file's path and checksum, rewritten only when either changes: pointing TITLE_LOOKUP or
# LOGIC_MODEL at another file re-runs what reads it, whatever the file's age.
file_digest = @mkdir -p $(@D); (echo "$(1)"; $(SHA256) < "$(1)") > $@.new; \
  cmp -s $@.new $@ && rm $@.new || mv $@.new $@
$(LOOKUP_DIGEST): FORCE
	$(call file_digest,$(TITLE_LOOKUP))
$(MODEL_DIGEST): FORCE
	$(call file_digest,$(LOGIC_MODEL))
$(STUDY_DIGEST): FORCE
	$(call file_digest,$(STUDY)/study.yaml)

# The raw workbooks' checksums, rewritten only when a workbook is added, removed or edited, so
# that notebook 01 re-runs then and only then, wherever RAW_DIR points.
$(RAW_MANIFEST): FORCE
	@mkdir -p $(@D); (cd "$(RAW_DIR)" 2>/dev/null && $(SHA256) -- * 2>/dev/null) > $@.new; \
	  cmp -s $@.new $@ && rm $@.new || mv $@.new $@

.PHONY: snapshot
snapshot: $(REPORTS_DIR)/index.html ## Keep this run's processed tables and result tables in DEST=folder, for a later compare
	@test -n "$(DEST)" || { echo "make snapshot DEST=folder: where to keep this run's tables" >&2; exit 2; }
	@$(PYTHON) -m hubmap snapshot $(DEST) --processed $(PROCESSED_DIR) --tables $(TABLES_DIR) $(STUDY_OPTION)

.PHONY: compare
compare: $(REPORTS_DIR)/index.html ## Compare this run with BASELINE=folder (a snapshot): what changed, in reports/compare/
	@test -n "$(BASELINE)" || { echo "make compare BASELINE=folder: a folder written by make snapshot" >&2; exit 2; }
	@$(PYTHON) -m hubmap compare $(BASELINE) --processed $(PROCESSED_DIR) --tables $(TABLES_DIR) --reports $(REPORTS_DIR) $(STUDY_OPTION)
	@$(PYTHON) -m hubmap report $(REPORTS_DIR) $(PROCESSED_DIR) $(FIGURES_DIR) $(TABLES_DIR) --profiles $(PROFILES_DIR) --as-of $(AS_OF) $(STUDY_OPTION) > /dev/null

.PHONY: check
check: $(KERNEL) ## Check the workbooks and the logic model; list unknown job titles once, in $(BUILD)/unknown_titles.csv
	@$(PYTHON) -m hubmap check $(RAW_DIR) --lookup $(TITLE_LOOKUP) --logic-model $(LOGIC_MODEL) \
	  --unknown-titles $(BUILD)/unknown_titles.csv $(if $(filter True,$(STRICT_VALUE)),--strict) $(STUDY_OPTION)

.PHONY: template
template: $(KERNEL) ## Write the study's blank mapping workbook to $(TEMPLATE_OUT)
	@$(PYTHON) -m hubmap template $(TEMPLATE_OUT) $(STUDY_OPTION)

##@ Working on the project
.PHONY: lab
lab: $(KERNEL) $(GIT_FILTER) ## Open JupyterLab with the project's kernel
	$(PYTHON) -m jupyterlab --notebook-dir=$(CURDIR) $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

.PHONY: test
test: $(KERNEL) ## Run the test suite (unit tests and the end-to-end pipeline test), in shuffled order
	$(PYTHON) -m pytest -q $(PYTEST_ARGS)

.PHONY: lint
lint: $(ENV_STAMP) ## Check the code's style with ruff: lint and format (src, tests, benchmarks, notebooks)
	$(PYTHON) -m ruff check
	$(PYTHON) -m ruff format --check

.PHONY: format
format: $(ENV_STAMP) ## Format the code with ruff (what `make lint` checks), and fix what ruff can fix
	$(PYTHON) -m ruff format
	$(PYTHON) -m ruff check --fix

.PHONY: test-fast
test-fast: $(KERNEL) ## Run the unit tests only (no pipeline, JupyterLab or browser tests)
	$(PYTHON) -m pytest -q -m "not pipeline and not browser" $(PYTEST_ARGS)

.PHONY: bench
bench: $(KERNEL) ## Time the pipeline at 4, 40 and 400 Hubs; writes benchmarks/RESULTS.md (slow)
	$(PYTHON) benchmarks/run.py $(BENCH_ARGS)

.PHONY: stress
stress: $(KERNEL) ## Run STRESS_RUNS (default 20) cold `make all` in parallel mode; count failures and differences
	$(PYTHON) benchmarks/stress.py --runs $(or $(STRESS_RUNS),20) $(STRESS_ARGS)

.PHONY: env
env: $(KERNEL) $(GIT_FILTER) ## Set up the environment (.venv from requirements.txt), the Jupyter kernel and the git filter

.PHONY: clean
clean: ## Remove every generated result (keeps .venv and data/raw)
	rm -rf $(STAMPS) $(RAW_MANIFEST) $(REPORTS_DIR)/index.html $(REPORTS_DIR)/notebooks $(REPORTS_DIR)/html \
	  $(REPORTS_DIR)/logs $(TABLES_DIR) $(REPORTS_DIR)/profiles $(REPORTS_DIR)/compare $(OUTPUTS)templates
	find $(PROCESSED_DIR) $(FIGURES_DIR) -mindepth 1 ! -name README.md -delete 2>/dev/null || true

.PHONY: distclean
distclean: clean ## Also remove .venv and the project kernel
	rm -rf .venv $(BUILD)

.PHONY: help
help: ## List the targets
	@awk 'BEGIN {FS = ":.*##"} /^##@/ {printf "\n%s\n", substr($$0, 5)} \
	  /^[a-zA-Z_-]+:.*##/ {printf "  make %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo; echo "Options: STUDY=$(STUDY)  RAW_DIR=$(RAW_DIR)  PROCESSED_DIR=$(PROCESSED_DIR)  PYTHON=$(PYTHON)  JOBS=$(JOBS)"

# ---- environment ------------------------------------------------------------------------------
# ipykernel leaves an empty folder in TMPDIR at each install, so it gets one of its own here.
$(KERNEL): $(ENV_STAMP)
	@rm -rf $(BUILD)/tmp && mkdir -p $(BUILD)/tmp
	@TMPDIR=$(abspath $(BUILD))/tmp $(PYTHON) -m ipykernel install --sys-prefix --name hubmap \
	  --display-name "Python (hubmap)" > /dev/null
	@rm -rf $(BUILD)/tmp
	@touch $@

.venv/.installed: requirements.txt pyproject.toml
	@echo "==> setting up .venv from requirements.txt (once)"
	@test -x .venv/bin/python || python3 -m venv .venv
	@.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@.venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

# An activated environment is used as it is: make only checks that the project is installed in it.
$(BUILD)/environment.checked: requirements.txt pyproject.toml
	@$(PYTHON) -c "import hubmap, papermill, pandera" 2>/dev/null || { echo "make: the active environment \
	($(PYTHON)) lacks the project; run 'pip install -r requirements.txt -e .' in it, or deactivate it so \
	that make builds .venv" >&2; exit 1; }
	@mkdir -p $(@D) && touch $@

# Notebooks reach git without outputs: nbstripout, as this clone's git filter (.gitattributes).
$(GIT_FILTER): $(ENV_STAMP)
	@if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then $(PYTHON) -m nbstripout --install; fi
	@mkdir -p $(@D) && touch $@

.PHONY: FORCE
FORCE:
