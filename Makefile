# Resilience Hubs service-mapping analysis: every result is rebuilt from data/raw/.
# `make` alone lists the targets. Run on other data with: make all RAW_DIR=/path/to/workbooks

SHELL := /bin/bash
.DEFAULT_GOAL := help
# Independent notebooks (02-04 need only 01) run side by side, one per core; JOBS=1 to run in series.
JOBS ?= $(shell nproc 2>/dev/null || echo 1)
MAKEFLAGS += --jobs=$(JOBS) --output-sync=line
.SUFFIXES:

# ---- paths and options (override on the command line) -----------------------------
RAW_DIR       ?= data/raw
PROCESSED_DIR ?= data/processed
TITLE_LOOKUP  ?= data/lookups/job_titles.csv
REPORTS_DIR   ?= reports
FIGURES_DIR   ?= figures
TEMPLATE_OUT  ?= templates/hub_mapping_template.xlsx

BUILD      ?= build
STAMPS     := $(BUILD)/stamps
EXEC_DIR   := $(REPORTS_DIR)/notebooks
HTML_DIR   := $(REPORTS_DIR)/html
LOG_DIR    := $(REPORTS_DIR)/logs
TABLES_DIR := $(REPORTS_DIR)/tables
RUN_LOG    := $(LOG_DIR)/run.log

# ---- environment: an active env that already has the project, else .venv -----------
ACTIVE_PY := $(firstword $(wildcard $(VIRTUAL_ENV)/bin/python $(CONDA_PREFIX)/bin/python))
ifneq ($(ACTIVE_PY),)
  ifeq ($(shell $(ACTIVE_PY) -c 'import hubmap, papermill, pandera; from importlib.metadata import entry_points; \
    assert entry_points(group="papermill.engine", name="hubmap")' 2>/dev/null && echo ok),ok)
    PYTHON := $(ACTIVE_PY)
  endif
endif
ifndef PYTHON
  PYTHON := .venv/bin/python
  ENV_STAMP := .venv/.installed
endif

# Jupyter finds the project's kernel first, whatever kernels the user has installed.
JUPYTER_PREFIX := $(abspath $(BUILD))/jupyter
export JUPYTER_PATH := $(JUPYTER_PREFIX)/share/jupyter
KERNEL := $(JUPYTER_PATH)/kernels/hubmap/kernel.json
export PYDEVD_DISABLE_FILE_VALIDATION := 1

PACKAGE := $(sort $(wildcard src/hubmap/*.py))

# Raw inputs are tracked by content: adding, removing or editing a workbook (or pointing
# RAW_DIR at other workbooks) rewrites this file; otherwise it keeps its timestamp.
RAW_MANIFEST := $(BUILD)/inputs/raw_dir.sha256
$(shell mkdir -p $(BUILD)/inputs; \
  { (cd "$(RAW_DIR)" 2>/dev/null && find . -maxdepth 1 -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum); \
  } > $(RAW_MANIFEST).new; \
  cmp -s $(RAW_MANIFEST).new $(RAW_MANIFEST) && rm -f $(RAW_MANIFEST).new || mv $(RAW_MANIFEST).new $(RAW_MANIFEST))

# Run one notebook with papermill. Engine `hubmap` is papermill's own, except that the finished
# kernel is stopped at once. Rendering happens once, for all, in the report step.
# $(1): notebook name; $(2): -p parameters; $(3): log-run options naming its inputs.
# Every run, good or bad, goes into the run log. On failure the executed copy (with the
# failing cell) stays in $(EXEC_DIR), make prints why and where, and no stamp is written,
# so the next run tries again.
define run_notebook
	@mkdir -p $(EXEC_DIR) $(LOG_DIR) $(STAMPS)
	@echo "==> running notebooks/$(1).ipynb"
	@rm -f $(STAMPS)/$(1).done
	@start=$$(date +%s); status=ok; \
	$(PYTHON) -m papermill notebooks/$(1).ipynb $(EXEC_DIR)/$(1).ipynb -k hubmap --engine hubmap --no-progress-bar \
	  --log-level WARNING $(2) > $(LOG_DIR)/$(1).log 2>&1 || status=failed; \
	$(PYTHON) -m hubmap log-run $(RUN_LOG) notebooks/$(1).ipynb $$status $$(( $$(date +%s) - start )) \
	  $(LOG_DIR)/$(1).log $(3); \
	if [ $$status = failed ]; then \
	  $(PYTHON) -m hubmap notebook-error $(EXEC_DIR)/$(1).ipynb 2>&1 | tee -a $(RUN_LOG) >&2; \
	  echo "make: notebooks/$(1).ipynb failed; papermill's log: $(LOG_DIR)/$(1).log; run log: $(RUN_LOG)" >&2; \
	  exit 1; fi
	@touch $(STAMPS)/$(1).done
endef

##@ Results
# 02 and 04 first: they draw the figures that 05 assembles, and 03 fits beside 05.
ANALYSES := 02_staffing 04_interventions 03_service_model
PROCESSED_INPUTS = --inputs $(foreach t,service_model staffing interventions sources,$(PROCESSED_DIR)/$(t).csv)

.PHONY: all
NOTEBOOK_STAMPS := $(STAMPS)/01_clean.done $(ANALYSES:%=$(STAMPS)/%.done) $(STAMPS)/05_publication.done

all: $(REPORTS_DIR)/index.html ## Regenerate every result from $(RAW_DIR) (sets up .venv if needed)
	@echo "All results are up to date. Start at $(REPORTS_DIR)/index.html"

# Render the notebooks that ran (one process for all), then write the index: the one
# output that records when and from what it was built.
$(REPORTS_DIR)/index.html: $(NOTEBOOK_STAMPS)
	@$(PYTHON) -m hubmap report "$(REPORTS_DIR)" "$(PROCESSED_DIR)" "$(FIGURES_DIR)" "$(TABLES_DIR)"

$(STAMPS)/01_clean.done: notebooks/01_clean.ipynb $(PACKAGE) $(RAW_MANIFEST) $(TITLE_LOOKUP) $(KERNEL)
	$(call run_notebook,01_clean,-p RAW_DIR "$(abspath $(RAW_DIR))" -p PROCESSED_DIR "$(abspath $(PROCESSED_DIR))" -p TITLE_LOOKUP "$(abspath $(TITLE_LOOKUP))",--inputs $(TITLE_LOOKUP) --include $(RAW_MANIFEST))

# The analyses read only the processed tables, so they run in parallel under make -j.
# 02 and 04 also draw the manuscript's figures, each once, into FIGURES_DIR.
ANALYSIS_PARAMS = -p PROCESSED_DIR "$(abspath $(PROCESSED_DIR))" -p TABLES_DIR "$(abspath $(TABLES_DIR))"
$(STAMPS)/02_staffing.done $(STAMPS)/04_interventions.done: \
  ANALYSIS_PARAMS += -p FIGURES_DIR "$(abspath $(FIGURES_DIR))"
$(ANALYSES:%=$(STAMPS)/%.done): $(STAMPS)/%.done: notebooks/%.ipynb $(STAMPS)/01_clean.done $(PACKAGE) $(KERNEL)
	$(call run_notebook,$*,$(ANALYSIS_PARAMS),$(PROCESSED_INPUTS))

.PHONY: figures
figures: $(STAMPS)/05_publication.done ## Rebuild the publication set (figures, captions, tables .docx, manifest)
	@$(PYTHON) -m hubmap report "$(REPORTS_DIR)" "$(PROCESSED_DIR)" "$(FIGURES_DIR)" "$(TABLES_DIR)"

# 05 puts captions, manuscript tables and the manifest around the figures 02 and 04 saved.
$(STAMPS)/05_publication.done: notebooks/05_publication.ipynb $(STAMPS)/02_staffing.done \
  $(STAMPS)/04_interventions.done $(PACKAGE) $(KERNEL)
	$(call run_notebook,05_publication,-p PROCESSED_DIR "$(abspath $(PROCESSED_DIR))" -p FIGURES_DIR "$(abspath $(FIGURES_DIR))",$(PROCESSED_INPUTS))

.PHONY: check
check: $(KERNEL) ## Check the workbooks in RAW_DIR without writing anything
	@$(PYTHON) -m hubmap check "$(RAW_DIR)" --lookup "$(TITLE_LOOKUP)"

.PHONY: template
template: $(KERNEL) ## Write a blank mapping workbook to $(TEMPLATE_OUT)
	@$(PYTHON) -m hubmap template $(TEMPLATE_OUT)

##@ Working on the project
.PHONY: test
test: $(KERNEL) ## Run the test suite (unit tests and the end-to-end pipeline test), in shuffled order
	$(PYTHON) -m pytest -q $(PYTEST_ARGS)

.PHONY: test-fast
test-fast: $(KERNEL) ## Run the unit tests only (no pipeline, JupyterLab or browser tests)
	$(PYTHON) -m pytest -q -m "not pipeline and not browser" $(PYTEST_ARGS)

.PHONY: stress
stress: $(KERNEL) ## Run STRESS_RUNS (default 20) cold `make all` in parallel mode; count failures and differences
	$(PYTHON) benchmarks/stress.py --runs $(or $(STRESS_RUNS),20) $(STRESS_ARGS)

.PHONY: bench
bench: $(KERNEL) ## Time the pipeline at 4, 40 and 400 Hubs; writes benchmarks/RESULTS.md (slow)
	$(PYTHON) benchmarks/run.py $(BENCH_ARGS)

.PHONY: lab
lab: $(KERNEL) ## Open JupyterLab with the project's kernel
	$(PYTHON) -m jupyterlab --notebook-dir=$(CURDIR) $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

.PHONY: env
env: $(KERNEL) ## Set up the environment (.venv from requirements.txt) and the Jupyter kernel

.PHONY: clean
clean: ## Remove every generated result (keeps .venv and data/raw)
	rm -rf $(STAMPS) $(BUILD)/inputs $(REPORTS_DIR)/index.html $(REPORTS_DIR)/notebooks $(REPORTS_DIR)/html $(REPORTS_DIR)/logs \
	  $(TABLES_DIR) templates
	find $(PROCESSED_DIR) $(FIGURES_DIR) -mindepth 1 ! -name README.md -delete 2>/dev/null || true

.PHONY: distclean
distclean: clean ## Also remove .venv and the project kernel
	rm -rf .venv $(BUILD)

.PHONY: help
help: ## List the targets
	@awk 'BEGIN {FS = ":.*##"} /^##@/ {printf "\n%s\n", substr($$0, 5)} \
	  /^[a-zA-Z_-]+:.*##/ {printf "  make %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo; echo "Options: RAW_DIR=$(RAW_DIR)  PROCESSED_DIR=$(PROCESSED_DIR)  PYTHON=$(PYTHON)"

# ---- environment ---------------------------------------------------------------------
$(KERNEL): $(ENV_STAMP)
	@$(PYTHON) -m ipykernel install --prefix $(JUPYTER_PREFIX) --name hubmap \
	  --display-name "Python (hubmap)" > /dev/null
	@touch $@

.venv/.installed: requirements.txt pyproject.toml
	@echo "==> setting up .venv from requirements.txt (once)"
	@test -x .venv/bin/python || python3 -m venv .venv
	@.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@.venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@
