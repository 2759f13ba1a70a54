"""The processed set: the tables the cleaning stage writes and every later stage reads.

Written all together or not at all, after validation; read back with their types restored
and validated again, so a later stage can trust what it reads. `hubmap.load()` is this
module's `read_processed` with the repository's default folder.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..shared.declarations import Column, Series, Table
from ..shared.files import write_csv_set
from ..shared.problems import MissingInputError, display_path
from ..template.study import Study
from .schemas import PROCESSED, data_dictionary, schemas, validate


def write_processed(folder: Path, tables: dict[str, pd.DataFrame], study: Study) -> pd.DataFrame:
    """The processed tables and the data dictionary, replaced together (or not at all); what was written."""
    written = {**{name: tables[name] for name in PROCESSED}, "data_dictionary": data_dictionary(study)}
    paths = write_csv_set(folder, written)
    return pd.DataFrame({"file": [p.name for p in paths], "rows": [len(written[p.stem]) for p in paths]})


def read_processed(folder: Path, study: Study) -> dict[str, pd.DataFrame]:
    """Processed tables with their types restored, re-validated against the study's schemas."""
    folder = Path(folder)
    missing = [f"{name}.csv" for name in PROCESSED if not (folder / f"{name}.csv").is_file()]
    if missing:
        raise MissingInputError(
            f"{display_path(folder)} has no {', '.join(missing)}: run notebooks/01_clean.ipynb first, which writes "
            "the processed tables (or `make all`, which runs every notebook in order)"
        )
    tables = {}
    for name in PROCESSED:
        schema = schemas(study)[name]
        dtypes = {c: str(col.dtype) for c, col in schema.columns.items()}
        str_cols = {c: "str" for c, t in dtypes.items() if t.startswith("str")}
        df = pd.read_csv(folder / f"{name}.csv", dtype=str_cols, keep_default_na=False, na_values=[""])
        for c, t in dtypes.items():
            if t == "boolean":
                df[c] = df[c].map({"True": True, "False": False, True: True, False: False}).astype("boolean")
            elif t == "bool":
                df[c] = df[c].astype(str).map({"True": True, "False": False}).astype(bool)
            elif t in ("int64", "Int64", "float64"):
                df[c] = df[c].astype(t)
        tables[name] = df
    return validate(tables, study, source=str(folder))


TABLES = (
    Table(
        "processed_files",
        "01_clean",
        "Processed tables written",
        {"file": Column("File"), "rows": Column("Rows", unit="n", decimals=0)},
        compute=lambda written: written,
        series=Series.SUPPLEMENT,
        saved=False,
    ),
)
