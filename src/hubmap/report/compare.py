"""This run beside a previous one: which values changed, per table and per Hub, and which rows came or went.

`make snapshot DEST=DIR` keeps a run's processed tables and result tables in DIR, with a note of
the template version they were made with. `make compare BASELINE=DIR` compares the current run
with it and writes reports/compare/changes.csv and reports/compare/index.html (linked from the
report index), and prints a one-screen summary. NHS reproducible-analysis practice checks each
new publication against the previous one this way.

Values are compared as written in the CSVs. Rows are matched on each table's key (a Hub, its
round, and what the row is about); checksums of workbooks are not compared, since any re-save
changes them. A baseline from an older template version is read: columns it lacks are reported
once, and its rows take the one round each Hub then had.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import shutil
from importlib import metadata
from pathlib import Path

import pandas as pd

from ..publication.catalogue import TABLES
from ..shared.files import write_csv, write_text
from ..template.study import DEFAULT, Study

SNAPSHOT = "snapshot.json"
PROCESSED_KEYS = {
    "service_model": ["hub_id", "mapping_date"],
    "staffing": ["hub_id", "mapping_date", "source_row"],
    "interventions": ["hub_id", "mapping_date", "category", "intervention", "level"],
    "sources": ["file"],
    "cleaning_log": ["hub_id", "mapping_date", "file", "sheet", "row", "column", "rule"],
    "data_dictionary": ["table", "column"],
}
NOT_COMPARED = {"sha256"}  # a workbook's checksum changes whenever it is saved again
COLUMNS = ["table", "hub", "row", "column", "change", "before", "after"]


class BaselineError(ValueError):
    """The baseline folder cannot be compared with."""


def snapshot(processed_dir: Path, tables_dir: Path, dest: Path, study: Study) -> Path:
    """Copy the run's processed tables and result tables (CSVs) into `dest`, whole or not at all."""
    dest = Path(dest)
    if dest.exists() and any(dest.iterdir()):
        raise BaselineError(f"{dest} exists and is not empty; give a new folder for the snapshot")
    staging = dest.with_name(f".{dest.name}.partial")
    shutil.rmtree(staging, ignore_errors=True)
    for sub, source in (("processed", processed_dir), ("tables", tables_dir)):
        (staging / sub).mkdir(parents=True)
        for csv in sorted(Path(source).glob("*.csv")):
            shutil.copy2(csv, staging / sub / csv.name)
    about = {
        "study": study.name,
        "template_version": study.version,
        "hubmap": metadata.version("hubmap"),
        "taken": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    (staging / SNAPSHOT).write_text(json.dumps(about, indent=1) + "\n", encoding="utf-8")
    if dest.exists():
        dest.rmdir()
    staging.rename(dest)
    return dest


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def read_baseline(baseline: Path, study: Study) -> tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame], dict]:
    """The baseline's processed tables and result tables, as text, brought to this template version (a
    snapshot that names no study is the default study's, taken before snapshots named it)."""
    baseline = Path(baseline)
    service_file = baseline / "processed" / "service_model.csv"
    if not service_file.is_file():
        raise BaselineError(
            f"{baseline}: no processed/service_model.csv; a baseline is a folder written by "
            "`make snapshot DEST=...` (processed/ and tables/ of an earlier run)"
        )
    about = json.loads((baseline / SNAPSHOT).read_text()) if (baseline / SNAPSHOT).is_file() else {}
    version, whose = about.get("template_version", 1), about.get("study", Path(DEFAULT).name)
    if whose != study.name:
        raise BaselineError(f"{baseline}: a snapshot of the study '{whose}', not of '{study.name}'")
    if version > study.version:
        raise BaselineError(
            f"{baseline}: made with template version {version}, newer than this definition's "
            f"{study.version}; compare it with the code that made it, or update this checkout"
        )
    processed = {p.stem: _read(p) for p in sorted((baseline / "processed").glob("*.csv"))}
    if "hub_id" not in processed["service_model"].columns or "mapping_date" not in processed["service_model"].columns:
        raise BaselineError(f"{service_file}: no hub_id and mapping_date columns; not a processed service-model table")
    rounds = processed["service_model"].groupby("hub_id")["mapping_date"]
    before_rounds = "study" not in about and version < 3  # snapshots taken before mapping rounds
    if before_rounds and (rounds.nunique() > 1).any():
        raise BaselineError(f"{baseline}: template version {version} had one round per unit, but a unit has several")
    dates = rounds.first()
    for name, df in processed.items():  # before rounds, only the service model said when a unit was mapped
        if name != "service_model" and "hub_id" in df.columns and "mapping_date" not in df.columns:
            df.insert(1, "mapping_date", df["hub_id"].map(dates).fillna(""))
    tables = (
        {p.stem: _read(p) for p in sorted((baseline / "tables").glob("*.csv"))}
        if (baseline / "tables").is_dir()
        else {}
    )
    return processed, tables, {**about, "template_version": version}


C, V, H = "__column__", "__value__", "__hub__"  # the long form's own names, clear of any table's columns


def _long(df: pd.DataFrame, name: str, processed: bool) -> tuple[pd.DataFrame, list[str]]:
    """(key..., hub, column, value) rows, and the key's columns."""
    df = df.drop(columns=[c for c in df.columns if c in NOT_COMPARED])
    if processed:
        key = [c for c in PROCESSED_KEYS.get(name, []) if c in df.columns] or list(df.columns[:1])
    elif name in TABLES and TABLES[name].layout.across:
        key = [c for c in TABLES[name].columns if c in df.columns]
        return df.melt(id_vars=key, var_name=H, value_name=V).assign(**{C: "value"}), key
    elif name in TABLES:
        key = [c for c, col in TABLES[name].columns.items() if c in df.columns and col.decimals is None]
    else:
        key = [c for c in df.columns if c == "hub_id"] or list(df.columns[:1])
    if df.duplicated(key).any():  # rows alike in their key (the same log entry twice) are told apart by order
        df = df.assign(_n=df.groupby(key).cumcount().astype(str))
        key = key + ["_n"]
    long = df.melt(id_vars=key, var_name=C, value_name=V)
    long[H] = long["hub_id"] if "hub_id" in long.columns else ""
    return long, key


def compare_table(before: pd.DataFrame, after: pd.DataFrame, name: str, processed: bool) -> pd.DataFrame:
    """The differences between one table's two versions: values changed, rows added or removed, columns."""
    label = f"{'processed' if processed else 'tables'}/{name}"
    out = []
    for column in sorted(set(before.columns) ^ set(after.columns)):
        if column not in NOT_COMPARED:
            out.append(
                {
                    "table": label,
                    "hub": "",
                    "row": "",
                    "column": column,
                    "change": "column added" if column in after.columns else "column removed",
                    "before": "",
                    "after": "",
                }
            )
    common = [c for c in after.columns if c in before.columns]
    (old, key), (new, _) = _long(before[common], name, processed), _long(after[common], name, processed)
    merged = old.merge(new, on=key + [H, C], how="outer", suffixes=("_before", "_after"), indicator=True)
    rows = merged[key].astype(str).agg(" / ".join, axis=1) if key else pd.Series("", index=merged.index)
    changed = merged[(merged["_merge"] == "both") & (merged[f"{V}_before"] != merged[f"{V}_after"])]
    for i, r in changed.iterrows():
        out.append(
            {
                "table": label,
                "hub": r[H],
                "row": rows[i],
                "column": r[C],
                "change": "changed",
                "before": r[f"{V}_before"],
                "after": r[f"{V}_after"],
            }
        )
    rows_before = set(map(tuple, old[key + [H]].drop_duplicates().astype(str).values))
    rows_after = set(map(tuple, new[key + [H]].drop_duplicates().astype(str).values))
    for change, found in (("row removed", rows_before - rows_after), ("row added", rows_after - rows_before)):
        for values in sorted(found):
            out.append(
                {
                    "table": label,
                    "hub": values[-1],
                    "row": " / ".join(values[:-1]),
                    "column": "",
                    "change": change,
                    "before": "",
                    "after": "",
                }
            )
    return pd.DataFrame(out, columns=COLUMNS)


def compare(
    baseline: Path, processed_dir: Path, tables_dir: Path, study: Study
) -> tuple[pd.DataFrame, dict, list[str]]:
    """Every difference between the baseline and this run; the baseline's note; the tables compared."""
    processed, tables, about = read_baseline(baseline, study)
    frames, names = [], []
    for folder, old_tables, is_processed in ((processed_dir, processed, True), (tables_dir, tables, False)):
        current = {p.stem: _read(p) for p in sorted(Path(folder).glob("*.csv"))}
        for name in sorted(set(current) | set(old_tables)):
            label = f"{'processed' if is_processed else 'tables'}/{name}"
            names.append(label)
            if name not in old_tables or name not in current:
                frames.append(
                    pd.DataFrame(
                        [
                            {
                                "table": label,
                                "hub": "",
                                "row": "",
                                "column": "",
                                "change": "table added" if name in current else "table removed",
                                "before": "",
                                "after": "",
                            }
                        ],
                        columns=COLUMNS,
                    )
                )
            else:
                frames.append(compare_table(old_tables[name], current[name], name, is_processed))
    return pd.concat(frames, ignore_index=True), about, names


def summary(changes: pd.DataFrame, about: dict, names: list[str], baseline: Path, limit: int = 20) -> str:
    """One screen: what changed, table by table, and where the full report is."""
    when = about.get("taken", "an earlier run")
    lines = [f"Compared with {baseline} (taken {when}, template version {about['template_version']}):"]
    if changes.empty:
        return "\n".join(lines + [f"  no differences in {len(names)} tables."])
    counts = changes.groupby(["table", "change"]).size()
    shown = 0
    for table in dict.fromkeys(changes["table"]):
        hubs = sorted(h for h in set(changes.loc[changes["table"] == table, "hub"]) if h)
        parts = ", ".join(f"{n} {change}" for change, n in counts[table].items())
        if shown < limit:
            lines.append(
                f"  {table}: {parts}" + (f" ({', '.join(hubs[:4])}{' ...' if len(hubs) > 4 else ''})" if hubs else "")
            )
        shown += 1
    if shown > limit:
        lines.append(f"  ... and {shown - limit} more tables with differences")
    lines.append(f"  {len(names) - changes['table'].nunique()} of {len(names)} tables unchanged.")
    return "\n".join(lines)


def write_report(
    changes: pd.DataFrame, about: dict, names: list[str], baseline: Path, out_dir: Path, unit: str
) -> Path:
    """reports/compare/changes.csv and index.html: every difference, grouped by table (`unit`: the heading of
    the study's unit column, 'Hub')."""
    out_dir = Path(out_dir)
    write_csv(out_dir / "changes.csv", changes)
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Comparison with a previous run</title>",
        "<style>body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem}"
        "table{border-collapse:collapse;font-size:.9rem;margin-bottom:1.5rem}td,th{border:1px solid #ccc;"
        "padding:.2rem .5rem;text-align:left;vertical-align:top}caption{text-align:left;font-weight:bold;"
        "padding:.3rem 0}</style></head><body>",
        "<p><a href='../index.html'>&larr; Report index</a></p><h1>Comparison with a previous run</h1>",
        f"<pre>{html.escape(summary(changes, about, names, baseline, limit=10_000))}</pre>",
    ]
    for k, table in enumerate(dict.fromkeys(changes["table"]), start=1):
        rows = changes[changes["table"] == table]
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(str(r[c]))}</td>" for c in COLUMNS[1:]) + "</tr>"
            for _, r in rows.iterrows()
        )
        parts.append(
            f"<table><caption>Table D{k}. Differences in {html.escape(table)}</caption><tr>"
            + "".join(f"<th>{h}</th>" for h in (unit, "Row", "Column", "Change", "Before", "Now"))
            + f"</tr>{body}</table>"
        )
    parts.append("<p>Every difference is also in <a href='changes.csv'>changes.csv</a>.</p></body></html>\n")
    return write_text(out_dir / "index.html", "\n".join(parts))
