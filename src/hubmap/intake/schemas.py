"""Schemas for the processed tables: the contract between cleaning and analysis.

Built from the study's definition (`schemas(study)`): each field it declares becomes a column with its
type, constraints, allowed values and description, beside the columns the pipeline adds (the unit and
the mapping round of every row, where a post came from, whether its group is clinical, ...).
Validated once at the boundary (raw -> processed) and again when a later notebook reads the tables
back (`intake.processed.read_processed`), so every analysis can trust its input. Column descriptions
here are the data dictionary.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from ..shared.declarations import Column, Series, Table
from ..shared.hubs import hub_order, hub_sort_key
from ..shared.problems import MappingInputError, Problem
from ..shared.vocabulary import NOT_RECORDED
from ..template.study import ADDED, CONVERTED, Field, Study

HUB_TABLES = ("service_model", "staffing", "interventions")
"""The tables that describe the units the study maps."""
RECORDS = ("cleaning_log", "sources", "notices")
"""Tables that describe the run rather than the units: what cleaning changed, which workbooks were read."""
PROCESSED = HUB_TABLES + RECORDS
_ISO_DATE = r"^\d{4}-\d\d-\d\d$"
# The order the pipeline keeps the fields it knows in, within staffing and interventions (others follow).
_STAFF_ORDER = ("job_title", "professional_group", "clinical", "band", "wte", "wte_source", "headcount", "post_status")
_INTERVENTION_ORDER = ("category", "intervention", "level", "delivery_mode", "provider")


def _col(dtype, description, nullable=False, checks=None, unit="", allowed=()):
    checks = checks or []
    if allowed:
        checks = [pa.Check.isin(list(allowed))] + checks
    return pa.Column(
        dtype,
        checks=checks,
        nullable=nullable,
        description=description,
        title=unit or None,
        metadata={"allowed": list(allowed)},
    )


def _field_col(f: Field, nullable: bool | None = None) -> pa.Column:
    """A column from a field the study declares: its type, range, allowed values and description."""
    nullable = not f.required if nullable is None else nullable
    bounds = ([pa.Check.ge(f.minimum)] if f.minimum is not None else []) + (
        [pa.Check.le(f.maximum)] if f.maximum is not None else []
    )
    if f.kind == "yesno":
        return _col("boolean", f.description, nullable=True)
    if f.kind == "date":
        return _col(str, f.description, nullable=nullable, checks=[pa.Check.str_matches(_ISO_DATE)])
    if f.kind == "integer":
        return _col("Int64" if nullable else "int64", f.description, nullable, bounds, f.unit)
    if f.kind == "number":
        return _col(float, f.description, nullable, bounds, f.unit)
    return _col(str, f.description, nullable, unit=f.unit, allowed=f.choices)


@cache
def schemas(study: Study) -> dict[str, pa.DataFrameSchema]:
    """Table name -> its schema, for the study: every processed table, the run's records included."""
    unit, sheet = study.words["Unit"], study.sheet("service_model")
    hub = _col(str, study.sheet("service_model").field("hub_id").description)
    round_ = _col(
        str,
        f"Date of mapping (ISO 8601): with the {unit}, which mapping round the row belongs to",
        checks=[pa.Check.str_matches(_ISO_DATE)],
    )
    service = {f.key: _field_col(f) for f in sheet.fields}
    service["hub_id"] = hub
    service["source_file"] = _col(str, "Workbook the record came from")
    out = {
        "service_model": pa.DataFrameSchema(
            service, strict=True, ordered=True, unique=["hub_id", "mapping_date"], name="service_model"
        )
    }
    staffing = study.sheet("staffing")
    known = {
        "source_row": _col(
            "int64", f"Row of the {staffing.name if staffing else ''} sheet the post came from", checks=[pa.Check.ge(2)]
        ),
        "clinical": _col(bool, "Whether the professional group is clinical"),
        "wte_source": _col(str, "Whether WTE was given directly or converted from hours", allowed=("WTE", "hours")),
    }
    staff = {"hub_id": hub, "mapping_date": round_, "source_row": known["source_row"]}
    fields = {f.key: f for f in study.fields("staffing") if f.key not in CONVERTED}
    added = {key for key, made_from in ADDED["staffing"].items() if not made_from or made_from in fields}
    for key in [k for k in _STAFF_ORDER if k in fields or k in known] + [k for k in fields if k not in _STAFF_ORDER]:
        if key in known:
            if key in added:
                staff[key] = known[key]
            continue
        f = fields[key]
        if key == "professional_group":
            staff[key] = _field_col(f, nullable=False)
        elif key == "wte":
            staff[key] = _col(
                float, f.description, checks=[pa.Check.gt(0), pa.Check.le(study.max_wte_per_row)], unit=f.unit
            )
        elif key == "headcount":
            staff[key] = _col("int64", f.description, checks=[pa.Check.ge(0)], unit=f.unit)
        elif key == "post_status":
            staff[key] = _col(str, f.description, allowed=f.choices + (NOT_RECORDED,))
        else:
            staff[key] = _field_col(f)
    out["staffing"] = pa.DataFrameSchema(
        staff, strict=True, ordered=True, unique=["hub_id", "mapping_date", "source_row"], name="staffing"
    )
    fields = {f.key: f for f in study.fields("interventions")}
    listed = {"hub_id": hub, "mapping_date": round_}
    for key in [k for k in _INTERVENTION_ORDER if k in fields] + [k for k in fields if k not in _INTERVENTION_ORDER]:
        listed[key] = _field_col(fields[key])
    unique = ["hub_id", "mapping_date"] + [k for k in ("category", "intervention", "level") if k in fields]
    out["interventions"] = pa.DataFrameSchema(listed, strict=True, ordered=True, unique=unique, name="interventions")
    out |= _records(study, round_)
    return out


def _records(study: Study, round_: pa.Column) -> dict[str, pa.DataFrameSchema]:
    """The schemas of the run's records: the cleaning log, the workbooks read, the notices."""
    unit = study.words["Unit"]
    records = {}
    records["cleaning_log"] = pa.DataFrameSchema(
        {
            "hub_id": _col(str, f"{unit} the change belongs to"),
            "mapping_date": round_,
            "file": _col(str, "Workbook the value came from (file name within RAW_DIR)"),
            "sheet": _col(str, "Sheet in that workbook"),
            "row": _col(
                "Int64",
                "Excel row number (blank for a change to the whole sheet)",
                nullable=True,
                checks=[pa.Check.ge(1)],
            ),
            "column": _col(str, "Column header (or field) as written", nullable=True),
            "original": _col(str, "Value as found, as text", nullable=True),
            "cleaned": _col(
                str, "Value after cleaning, as text (blank when the row or column was skipped)", nullable=True
            ),
            "rule": _col(str, "Cleaning rule applied"),
        },
        strict=True,
        ordered=True,
        name="cleaning_log",
    )
    records["sources"] = pa.DataFrameSchema(
        {
            "hub_id": _col(str, study.sheet("service_model").field("hub_id").description),
            "mapping_date": round_,
            "file": _col(str, "Workbook file name within RAW_DIR"),
            "sha256": _col(
                str, "SHA-256 checksum of the workbook as read", checks=[pa.Check.str_matches(r"^[0-9a-f]{64}$")]
            ),
            "illustrative": _col(bool, "Whether the workbook is marked as the repository's invented example data"),
        },
        strict=True,
        ordered=True,
        unique=["file"],
        name="sources",
    )

    records["notices"] = pa.DataFrameSchema(
        {
            "hub_id": _col(str, f"{unit} the notice belongs to"),
            "mapping_date": round_,
            "file": _col(str, "Workbook the value is in (file name within RAW_DIR)"),
            "sheet": _col(str, "Sheet in that workbook"),
            "row": _col("Int64", "Excel row number", nullable=True, checks=[pa.Check.ge(1)]),
            "column": _col(str, "Column header (or field) as written", nullable=True),
            "found": _col(str, "Value as found, as text", nullable=True),
            "notice": _col(str, "What is unusual: valid cell by cell, implausible together"),
            "expected": _col(str, f"What would be usual; the {study.unit} lead confirms or corrects it"),
        },
        strict=True,
        ordered=True,
        name="notices",
    )
    return records


LOG_COLUMNS = ["hub_id", "mapping_date", "file", "sheet", "row", "column", "original", "cleaned", "rule"]


def log_entry(
    file: str,
    sheet: str | None,
    row: int | None,
    column: str | None,
    original,
    cleaned,
    rule: str,
    hub_id: str | None = None,
    mapping_date=None,
) -> dict:
    """One row of the cleaning log: where a value was, what it was, what it became, by which rule.

    `hub_id` and `mapping_date` (the round) may be unknown while a workbook is read; the cleaner fills them in.
    """
    return dict(zip(LOG_COLUMNS, (hub_id, mapping_date, file, sheet, row, column, original, cleaned, rule)))


NOTICE_COLUMNS = ["hub_id", "mapping_date", "file", "sheet", "row", "column", "found", "notice", "expected"]


def notice_entry(problem: Problem, hub_id, mapping_date) -> dict:
    """One row of the notices table, from a located problem that is unusual rather than wrong."""
    return dict(
        zip(
            NOTICE_COLUMNS,
            (
                hub_id,
                mapping_date,
                Path(problem.file).name,
                problem.sheet,
                problem.row,
                problem.column,
                problem.found,
                problem.message,
                problem.expected,
            ),
        )
    )


def tidy(tables: dict[str, pd.DataFrame], study: Study) -> dict[str, pd.DataFrame]:
    """Column order, dtypes and row order fixed, so the same input gives the same bytes."""
    out, schema = dict(tables), schemas(study)
    svc = tables["service_model"].copy()
    for f in study.fields("service_model"):
        if f.kind == "date":
            svc[f.key] = svc[f.key].map(lambda d: d.isoformat() if d is not None else None)
        elif f.kind == "integer":
            svc[f.key] = svc[f.key].astype(str(schema["service_model"].columns[f.key].dtype))
        elif f.kind == "number":
            svc[f.key] = svc[f.key].astype(float)
        elif f.kind == "yesno":
            svc[f.key] = svc[f.key].astype("boolean")
    out["service_model"] = _sorted(svc[list(schema["service_model"].columns)], ["hub_id", "mapping_date"])

    staff = tables["staffing"].copy()
    if staff.empty:
        staff = pd.DataFrame(columns=list(schema["staffing"].columns))
    if "clinical" in schema["staffing"].columns:
        clinical = {g.name: g.clinical for g in study.professional_groups}
        staff["clinical"] = staff["professional_group"].map(clinical).astype(bool)
    if "wte" in staff:
        staff["wte"] = staff["wte"].astype(float).round(4)
    if "headcount" in staff:
        staff["headcount"] = staff["headcount"].astype("int64")
    staff["source_row"] = staff["source_row"].astype("int64")
    staff["mapping_date"] = staff["mapping_date"].map(_iso)
    out["staffing"] = _sorted(staff[list(schema["staffing"].columns)], ["hub_id", "mapping_date", "source_row"])

    iv = tables["interventions"].copy()
    if iv.empty:
        iv = pd.DataFrame(columns=list(schema["interventions"].columns))
    category_rank = {c: i for i, c in enumerate(study.categories)}
    iv["_cat"] = iv["category"].map(category_rank) if "category" in iv else 0  # (a study without the sheet)
    iv["mapping_date"] = iv["mapping_date"].map(_iso)
    order = ["hub_id", "mapping_date", "_cat"] + [k for k in ("intervention", "level") if k in iv]
    iv = _sorted(iv, order).drop(columns="_cat")
    out["interventions"] = iv[list(schema["interventions"].columns)]

    for name in HUB_TABLES:  # text columns as pandas' str dtype, as they read back from CSV
        for col, column in schema[name].columns.items():
            if str(column.dtype).startswith("str"):
                out[name][col] = out[name][col].astype("str")
    if "cleaning_log" in tables:
        log = tables["cleaning_log"].map(lambda v: v.isoformat() if hasattr(v, "isoformat") else v)
        log["row"] = log["row"].astype("Int64")
        for col in ("original", "cleaned"):  # as text, as the values read back from CSV
            log[col] = log[col].map(lambda v: None if v is None or v != v else str(v)).astype("str")
        order = sorted(range(len(log)), key=lambda i: _log_key(log.iloc[i]))
        out["cleaning_log"] = log.iloc[order].reset_index(drop=True)
    if "notices" in tables:
        notices = tables["notices"].assign(mapping_date=tables["notices"]["mapping_date"].map(_iso))
        notices["row"] = notices["row"].astype("Int64")
        notices["found"] = notices["found"].map(lambda v: None if v is None or v != v else str(v))
        for col, column in schema["notices"].columns.items():  # as the values read back from CSV
            if str(column.dtype).startswith("str"):
                notices[col] = notices[col].astype("str")
        out["notices"] = _sorted(notices, ["hub_id", "mapping_date", "file", "sheet", "row"])
    if "sources" in tables:
        sources = tables["sources"].assign(mapping_date=tables["sources"]["mapping_date"].map(_iso))
        out["sources"] = _sorted(sources, ["hub_id", "mapping_date"])
    return out


def _iso(value) -> str | None:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _log_key(entry: pd.Series):
    text = lambda v: "" if pd.isna(v) else str(v)  # noqa: E731
    row = -1 if pd.isna(entry["row"]) else int(entry["row"])
    return (
        hub_sort_key(text(entry["hub_id"])),
        text(entry["mapping_date"]),
        text(entry["file"]),
        text(entry["sheet"]),
        row,
        text(entry["column"]),
        text(entry["rule"]),
        text(entry["original"]),
    )


def _sorted(df: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Rows in Hub order, then by the other keys (the round's date, then the row within it)."""
    df = df.copy()
    df["_order"] = df["hub_id"].map({h: i for i, h in enumerate(hub_order(df["hub_id"]))})
    return df.sort_values(["_order"] + by[1:], kind="stable").drop(columns="_order").reset_index(drop=True)


def validate(
    tables: dict[str, pd.DataFrame], study: Study, source: str = "processed tables"
) -> dict[str, pd.DataFrame]:
    """Check every table against its schema and the tables against each other."""
    problems: list[Problem] = []
    for name in [t for t in PROCESSED if t in tables]:
        try:
            schemas(study)[name].validate(tables[name], lazy=True)
        except pa.errors.SchemaErrors as exc:
            for case in exc.failure_cases.head(50).itertuples():
                row = getattr(case, "index", None)
                problems.append(
                    Problem(
                        f"{source}/{name}",
                        f"schema check failed: {case.check}",
                        row=None if pd.isna(row) else int(row) + 2,
                        column=case.column,
                        found=case.failure_case,
                    )
                )
    if not problems:
        service = tables["service_model"]
        hubs, rounds = set(service["hub_id"]), set(zip(service["hub_id"], service["mapping_date"]))
        for name in [t for t in PROCESSED[1:] if t in tables]:
            for hub in sorted(set(tables[name]["hub_id"]) - hubs, key=hub_sort_key):
                problems.append(
                    Problem(
                        f"{source}/{name}",
                        f"{study.words['Unit']} has no service-model record",
                        column="hub_id",
                        found=hub,
                        expected="one of " + ", ".join(hub_order(hubs)),
                    )
                )
            for hub, date in sorted(set(zip(tables[name]["hub_id"], tables[name]["mapping_date"])) - rounds):
                if hub in hubs:
                    problems.append(
                        Problem(
                            f"{source}/{name}",
                            f"{hub} has no mapping round dated {date}",
                            column="mapping_date",
                            found=date,
                        )
                    )
    if problems:
        raise MappingInputError(problems)
    return tables


def data_dictionary(study: Study) -> pd.DataFrame:
    """Every column of every processed table: type, unit, whether required, allowed values, meaning."""
    rows = []
    for name in PROCESSED:
        for col, column in schemas(study)[name].columns.items():
            rows.append(
                {
                    "table": name,
                    "column": col,
                    "type": str(column.dtype),
                    "unit": column.title or "",
                    "required": "no" if column.nullable else "yes",
                    "allowed_values": "; ".join((column.metadata or {}).get("allowed", [])),
                    "description": column.description,
                }
            )
    return pd.DataFrame(rows)


TABLES = (
    Table(
        "data_dictionary",
        "01_clean",
        "Data dictionary of the processed tables",
        {
            "table": Column("Table"),
            "column": Column("Column"),
            "type": Column("Type"),
            "unit": Column("Unit", missing=""),
            "required": Column("Required"),
            "allowed_values": Column("Allowed values", missing=""),
            "description": Column("Description"),
        },
        compute=lambda study: data_dictionary(study),
        series=Series.SUPPLEMENT,
        saved=False,
    ),
)
