"""Source text of the pipeline's notebooks. `python tools/notebooks_src.py` rewrites notebooks/."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from nbgen import write_notebook  # noqa: E402

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


if __name__ == "__main__":
    names = sys.argv[1:] or list(NOTEBOOKS)
    for name in names:
        write_notebook(ROOT / "notebooks" / f"{name}.ipynb", NOTEBOOKS[name])
        print(f"wrote notebooks/{name}.ipynb")
