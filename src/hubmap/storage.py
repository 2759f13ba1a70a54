"""Writing results so that a failed or interrupted run never leaves a half-written file.

Every file is written to a temporary name in its destination folder and renamed
into place (`os.replace` is atomic on one file system). A set of tables is first
written in full, then renamed together, so a crash while writing leaves the
previous set untouched.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the run log and the report write files without paying pandas' import
    import pandas as pd


_UMASK = os.umask(0)
os.umask(_UMASK)
CSV_OPTIONS = {"index": False, "lineterminator": "\n", "encoding": "utf-8"}


def _staged(path: Path, write: Callable[[Path], None]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; results should read like any file
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def write_atomic(path: Path, write: Callable[[Path], None]) -> Path:
    """Call `write(tmp_path)`, then move the result to `path` in one step."""
    path = Path(path)
    os.replace(_staged(path, write), path)
    return path


def write_text(path: Path, text: str) -> Path:
    return write_atomic(path, lambda p: p.write_text(text, encoding="utf-8", newline="\n"))


def write_csv(path: Path, df: pd.DataFrame) -> Path:
    return write_atomic(path, lambda p: df.to_csv(p, **CSV_OPTIONS))


def write_csv_set(folder: Path, tables: dict[str, pd.DataFrame]) -> list[Path]:
    """Write several CSVs so that either all are replaced or none are."""
    folder = Path(folder)
    staged = []
    try:
        for name, df in sorted(tables.items()):
            staged.append((_staged(folder / f"{name}.csv", lambda p, df=df: df.to_csv(p, **CSV_OPTIONS)),
                           folder / f"{name}.csv"))
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, final in staged:
        os.replace(tmp, final)
    return [final for _, final in staged]


def read_processed(folder: Path) -> dict[str, pd.DataFrame]:
    """Processed tables with their types restored, re-validated against the schemas."""
    import pandas as pd

    from .validation import SCHEMAS, TABLES, validate  # here, so writing files needs no pandera import

    folder = Path(folder)
    tables = {}
    for name in TABLES:
        schema = SCHEMAS[name]
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
    return validate(tables, source=str(folder))


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
