"""Source text of the pipeline's notebooks. `python tools/notebooks_src.py` rewrites notebooks/."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from nbgen import write_notebook  # noqa: E402

from hubmap.export import PASTEABLE_ROWS  # noqa: E402  (the prose quotes the package's own limits)
from hubmap.figure_plan import HUBS_PER_PANEL, MAX_TILE_HUBS  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

ILLUSTRATIVE = """
> **About the data.** The workbooks shipped in `data/raw/` are an *illustrative example*: four
> invented Hubs (Hub A–D) with invented numbers, consistent with the qualitative findings of
> Allsopp et al. (2024) but **not** the study's data, which are not public. The banner below
> says which data this run actually used.
"""

SETUP = """
from IPython.display import Markdown, display
import pandas as pd

from hubmap.paths import resolve
pd.set_option("display.max_rows", 200)
pd.set_option("display.max_colwidth", 80)
"""

NOTEBOOKS = {}

NOTEBOOKS["01_clean"] = [
    ("md", """
# 1. Cleaning and validating the mapping workbooks

Site researchers record each Hub's **service model**, **staffing** and **interventions** in one
mapping workbook per Hub (the template is specified in `docs/template.md`). This notebook reads every
workbook in `RAW_DIR`, normalises what people write in different ways (job titles, Agenda for Change
bands, hours instead of whole-time equivalents, yes/no variants, stray spaces, Hub identifiers),
validates the result against the schemas in `hubmap.validation`, and writes tidy tables to
`PROCESSED_DIR`. Every value it changes is recorded in the cleaning log.
""" + ILLUSTRATIVE),
    ("params", """
# Parameters (papermill overrides these; relative paths are resolved from the repository root)
RAW_DIR = "data/raw"
PROCESSED_DIR = "data/processed"
TITLE_LOOKUP = "data/lookups/job_titles.csv"
"""),
    ("code", SETUP + """
from hubmap import cleaning, validation, storage
from hubmap.examples import data_notice

raw_dir, processed_dir, title_lookup = resolve(RAW_DIR), resolve(PROCESSED_DIR), resolve(TITLE_LOOKUP)
"""),
    ("md", """
## Reading, cleaning and validating

`clean_and_validate` reads each workbook cell by cell. A value it cannot interpret stops the run
with a message naming the file, sheet, row and column and what was expected; nothing is written
in that case, so the previous processed tables stay as they were.
"""),
    ("code", """
tables = cleaning.clean_and_validate(raw_dir, title_lookup)
display(Markdown(data_notice(tables["sources"])))
"""),
    ("md", """
## What was read

Rows per Hub in each processed table, and the number of cleaning-log entries behind them.
"""),
    ("code", """
cleaning.records_per_hub(tables)
"""),
    ("md", """
## Cleaning log

How many values each cleaning rule changed at each Hub. The full log, with the file, sheet, row
and column of each change and the value before and after, follows and is saved as
`cleaning_log.csv`.
"""),
    ("code", """
cleaning.log_summary(tables["cleaning_log"])
"""),
    ("code", """
tables["cleaning_log"]
"""),
    ("md", """
## Writing the processed tables

The tables, the data dictionary (every column, its type, unit, allowed values and meaning) and the
list of source workbooks with their checksums are written together: all are replaced, or none.
"""),
    ("code", """
outputs = {**tables, "data_dictionary": validation.data_dictionary()}
written = storage.write_csv_set(processed_dir, outputs)
pd.DataFrame({"file": [p.name for p in written], "rows": [len(outputs[p.stem]) for p in written]})
"""),
    ("md", "## Data dictionary"),
    ("code", """
validation.data_dictionary()
"""),
]


READ = """
from hubmap.storage import read_processed
tables = read_processed(resolve(PROCESSED_DIR))
notice = data_notice(tables["sources"])
display(Markdown(notice))
"""

# Notebooks 02-04 share their parameters and their output helpers; 02 and 04 also draw the
# manuscript's figures, once, into FIGURES_DIR.
ANALYSIS_PARAMS = """
PROCESSED_DIR = "data/processed"
TABLES_DIR = "reports/tables"
"""
FIGURE_PARAMS = ANALYSIS_PARAMS + """FIGURES_DIR = "figures"
"""
ANALYSIS_IMPORTS = """from hubmap.export import save_table
from hubmap.examples import data_notice
"""


def analysis_opening(modules: str, tables: str, draws_figures: bool) -> list:
    """The cells notebooks 02-04 open with: parameters, imports, then the processed tables and the data notice."""
    imports = f"\nfrom hubmap import {modules}\n" + ANALYSIS_IMPORTS
    if draws_figures:
        imports += "from hubmap.figure_plan import show_saved\n"
    return [("params", FIGURE_PARAMS if draws_figures else ANALYSIS_PARAMS),
            ("code", SETUP + imports),
            ("code", READ + tables)]


def findings_cells(call: str) -> list:
    """A 'Main findings' section: bullet sentences that `call` computes from the data."""
    return [("md", "## Main findings\n\nComputed from the tables below; they change when the data change."),
            ("code", f"""
display(Markdown("\\n".join(f"- {{line}}" for line in {call})))
""")]


NOTEBOOKS["02_staffing"] = [
    ("md", f"""
# 2. Staffing by Hub

Who staffs each Hub: whole-time equivalent (WTE) and headcount by professional group, the clinical
share, seniority on the NHS Agenda for Change (AfC) bands, vacancies, and staffing relative to the
size of the eligible workforce. Every number comes from the processed staffing table written by
notebook 1; every table is saved as tidy CSV, and as Markdown and LaTeX for the manuscript while it
is short enough to paste (up to {PASTEABLE_ROWS} rows).
""" + ILLUSTRATIVE),
    *analysis_opening("figures, staffing", """
staff, service = tables["staffing"], tables["service_model"]
tables_dir = resolve(TABLES_DIR)
""", draws_figures=True),
    *findings_cells("staffing.findings(staff, service)"),
    ("md", """
## WTE and headcount by professional group

Filled and vacant posts together. Groups a Hub does not have appear as 0, in the same order at every Hub.
"""),
    ("code", """
by_group = staffing.wte_by_group(staff)
save_table(by_group, tables_dir, "staffing_by_group")
wte_table = staffing.wide(by_group, "professional_group", "wte")
save_table(wte_table, tables_dir, "staffing_wte_by_group_manuscript")
save_table(staffing.wide(by_group, "professional_group", "headcount", "{:.0f}"), tables_dir,
           "staffing_headcount_by_group_manuscript")
wte_table
"""),
    ("md", "## Clinical and non-clinical WTE"),
    ("code", """
split = staffing.clinical_split(staff)
save_table(split, tables_dir, "staffing_clinical_split")
split
"""),
    ("md", """
## Seniority

WTE by AfC band in pay order (medical posts, on separate pay scales, in their own column), and the
share of clinical WTE on AfC bands at band 7 or above, the study's "experienced clinicians".
The share is computed on clinical posts only.
"""),
    ("code", """
bands = staffing.band_profile(staff)
save_table(bands, tables_dir, "staffing_by_band")
band_table = staffing.wide(bands, "band", "wte")
save_table(band_table, tables_dir, "staffing_by_band_manuscript")
band_table
"""),
    ("code", """
experienced = staffing.experienced_share(staff)
save_table(experienced, tables_dir, "staffing_experienced_share")
experienced
"""),
    ("md", "## Filled and vacant posts"),
    ("code", """
status = staffing.post_status(staff)
save_table(status, tables_dir, "staffing_post_status")
status.pivot(index="hub_id", columns="post_status", values="posts")
"""),
    ("md", """
## WTE per 1,000 eligible staff

Only where the Hub recorded the size of its eligible workforce; otherwise shown as missing.
"""),
    ("code", """
per_1000 = staffing.wte_per_thousand(staff, service)
save_table(per_1000, tables_dir, "staffing_wte_per_1000", float_format="{:.3f}")
per_1000
"""),
    ("md", """
## Figure 1: staffing

(a) WTE by professional group, filled and vacant posts together; (b) WTE by AfC band, in the same
rows. Totals, cell values, hatching and every Hub's name are drawn while they fit on the page; with
many Hubs the names are thinned and a colour key replaces the cell values (the tables above hold
every value). Drawn once here and saved to `FIGURES_DIR` as PDF, SVG and 300-dpi PNG; what follows
is the saved PNG itself. Notebook 5 adds its caption.
"""),
    ("code", """
png = figures.publish(figures.staffing_figure(staff), resolve(FIGURES_DIR), "figure1_staffing", notice)
show_saved(png)
"""),
]

NOTEBOOKS["03_service_model"] = [
    ("md", """
# 3. Service model by Hub

How each Hub is set up: host, region, when it launched and was mapped, who may use it, how staff
reach it, when it is open, how it delivers support, which screening measures it uses, and whether
its clinical records are kept apart from the employer's. One column per Hub, as in a paper's
service-model table.
""" + ILLUSTRATIVE),
    *analysis_opening("services", """
service = tables["service_model"]
""", draws_figures=False),
    ("code", """
table = services.service_model_table(service)
save_table(table, resolve(TABLES_DIR), "service_model")
table
"""),
]

NOTEBOOKS["04_interventions"] = [
    ("md", """
# 4. Interventions, and fidelity to the national model

What each Hub offers, by category, level and provider, and how each Hub compares with the
NHSE&I (2020) model's four core components (proactive outreach; team-based training and support;
rapid clinical assessment; onward referral) plus rapid access to mental health support, and with
the adaptations Allsopp et al. (2024) found at every Hub (formulation-based psychological
assessment; direct therapy; a standalone clinical records system).

*Not offered* means the Hub recorded that it does not offer it; *not recorded* means the
workbook left it blank. The two are never merged.
""" + ILLUSTRATIVE),
    *analysis_opening("figures, services", """
service, interventions = tables["service_model"], tables["interventions"]
tables_dir = resolve(TABLES_DIR)
""", draws_figures=True),
    *findings_cells("services.findings(service, interventions)"),
    ("md", f"""
## Intervention matrix

Interventions grouped by category down the side, Hubs across. An intervention a Hub both delivers
and refers out for is shown once, as *in-house and external*. Up to {MAX_TILE_HUBS} Hubs there is one tile per Hub,
in panels of at most {HUBS_PER_PANEL} Hubs; with more, the figure counts the Hubs with each status instead, and
the per-Hub matrix is in the tables. This is Figure 2 of the publication set: drawn once here, saved
to `FIGURES_DIR` (PDF, SVG, 300-dpi PNG) and shown from the saved PNG.
"""),
    ("code", """
matrix = services.intervention_matrix(interventions, service)
save_table(matrix, tables_dir, "intervention_matrix")
save_table(services.matrix_wide(matrix), tables_dir, "intervention_matrix_manuscript")
png = figures.publish(figures.intervention_figure(matrix), resolve(FIGURES_DIR), "figure2_interventions", notice)
show_saved(png)
"""),
    ("md", "## Interventions per category, level and provider"),
    ("code", """
counts = services.category_counts(interventions, service)
save_table(counts, tables_dir, "intervention_category_counts")
counts
"""),
    ("code", """
levels = services.level_counts(interventions, service)
providers = services.provider_counts(interventions, service)
save_table(levels, tables_dir, "intervention_level_counts")
save_table(providers, tables_dir, "intervention_provider_counts")
display(levels, providers)
"""),
    ("md", """
## Fidelity to the national model, and adaptations

Figure 3 of the publication set, saved to `FIGURES_DIR` like Figure 2.
"""),
    ("code", """
fidelity = services.fidelity_matrix(service)
save_table(fidelity, tables_dir, "fidelity")
save_table(services.fidelity_wide(fidelity), tables_dir, "fidelity_manuscript")
png = figures.publish(figures.fidelity_figure(fidelity), resolve(FIGURES_DIR), "figure3_fidelity", notice)
show_saved(png)
"""),
]


NOTEBOOKS["05_publication"] = [
    ("md", """
# 5. Publication set

What an author uploads with the manuscript, all in `FIGURES_DIR`:

- every figure as **PDF** and **SVG** (vector) and **PNG** (300 dpi), 85 mm or 170 mm wide, labels at
  8 pt, fonts embedded as TrueType, Okabe–Ito colours paired with hatches or symbols, no title inside
  the image (titles and legends are in `captions.md`). Notebooks 2 and 4 draw and save the figures,
  each once; this notebook assembles everything else around them and shows them as saved;
- `captions.md`: a title and legend per figure, every number computed from the data;
- `manuscript_tables.docx`: the service-model, staffing, intervention and fidelity tables in one Word
  document a co-author can edit;
- `manifest.csv`: for each file, the notebook that made it, the checksums of the processed tables it
  used, and its own checksum.

Files carry no creation dates or random identifiers, so the same data give the same bytes.
""" + ILLUSTRATIVE),
    ("params", """
PROCESSED_DIR = "data/processed"
FIGURES_DIR = "figures"
"""),
    ("code", SETUP + """
from hubmap import publication
from hubmap.examples import data_notice
from hubmap.figure_plan import show_saved
"""),
    ("code", READ),
    ("code", """
manifest = publication.assemble_publication_set(tables, resolve(PROCESSED_DIR), resolve(FIGURES_DIR), notice)
manifest[["output", "kind", "notebook"]]
"""),
    ("md", "## Captions"),
    ("code", """
display(Markdown((resolve(FIGURES_DIR) / "captions.md").read_text()))
"""),
    ("md", "## Figure 1 (staffing), as exported"),
    ("code", """
show_saved(resolve(FIGURES_DIR) / "figure1_staffing.png")
"""),
    ("md", "## Figure 2 (interventions), as exported"),
    ("code", """
show_saved(resolve(FIGURES_DIR) / "figure2_interventions.png")
"""),
    ("md", "## Figure 3 (fidelity), as exported"),
    ("code", """
show_saved(resolve(FIGURES_DIR) / "figure3_fidelity.png")
"""),
]


if __name__ == "__main__":
    names = sys.argv[1:] or list(NOTEBOOKS)
    for name in names:
        write_notebook(ROOT / "notebooks" / f"{name}.ipynb", NOTEBOOKS[name])
        print(f"wrote notebooks/{name}.ipynb")
