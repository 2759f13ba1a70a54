"""Schemas for the processed tables: the contract between cleaning and analysis.

Validated once at the boundary (raw -> processed) and again when a later notebook
reads the tables back (`intake.processed.read_processed`), so every analysis can trust its
input. Column descriptions here are the data dictionary.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from ..shared.declarations import Column, Series, Table
from ..shared.hubs import hub_order, hub_sort_key
from ..shared.problems import MappingInputError, Problem
from ..shared.vocabulary import NOT_RECORDED
from ..template import spec

HUB_TABLES = ("service_model", "staffing", "interventions")
"""The tables that describe the Hubs."""
RECORDS = ("cleaning_log", "sources", "notices")
"""Tables that describe the run rather than the Hubs: what cleaning changed, which workbooks were read."""
PROCESSED = HUB_TABLES + RECORDS


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


FEATURE_COLUMNS = [f.key for f in spec.SERVICE_FIELDS if f.kind == "yesno"]
_HUB = _col(str, "Anonymised Hub identifier, normalised (e.g. 'Hub A')")
_ROUND = _col(
    str,
    "Date of mapping (ISO 8601): with the Hub, which mapping round the row belongs to",
    checks=[pa.Check.str_matches(r"^\d{4}-\d\d-\d\d$")],
)
_STATUS_TEXT = {
    "eligible": "Eligible to use the Hub",
    "access": "Access route offered",
    "mode": "Delivery mode used",
    "core": "NHSE&I component offered",
    "adapt": "Adaptation offered",
}


def _service_schema() -> pa.DataFrameSchema:
    cols = {
        "hub_id": _HUB,
        "host_organisation": _col(str, "Organisation hosting the Hub"),
        "region": _col(str, "NHS England region", allowed=spec.REGIONS),
        "launch_date": _col(
            str, "Date the Hub launched (ISO 8601)", checks=[pa.Check.str_matches(r"^\d{4}-\d\d-\d\d$")]
        ),
        "mapping_date": _col(str, "Date of mapping (ISO 8601)", checks=[pa.Check.str_matches(r"^\d{4}-\d\d-\d\d$")]),
        "eligible_workforce_size": _col(
            "Int64",
            "Staff eligible to use the Hub; blank if not known",
            nullable=True,
            checks=[pa.Check.ge(0)],
            unit="staff",
        ),
        "opening_hours": _col(str, "Opening hours as recorded", nullable=True),
        "screening_measures": _col(str, "Screening measures, semicolon-separated", nullable=True),
        "clinical_records_system": _col(str, "Clinical records system", allowed=spec.RECORDS_SYSTEMS),
        "checked_date": _col(
            str,
            "Date the Hub lead checked the mapping (ISO 8601); blank: not yet checked",
            nullable=True,
            checks=[pa.Check.str_matches(r"^\d{4}-\d\d-\d\d$")],
        ),
        "checked_by": _col(str, "Role of whoever checked the mapping for the Hub", nullable=True),
    }
    for prefix, (_, options) in spec.FEATURE_GROUPS.items():
        for key, label in options.items():
            cols[f"{prefix}_{key}"] = _col(
                "boolean", f"{_STATUS_TEXT[prefix]}: {label} (True/False; blank = not recorded)", nullable=True
            )
    cols["source_file"] = _col(str, "Workbook the record came from")
    return pa.DataFrameSchema(cols, strict=True, ordered=True, unique=["hub_id", "mapping_date"], name="service_model")


SCHEMAS = {
    "service_model": _service_schema(),
    "staffing": pa.DataFrameSchema(
        {
            "hub_id": _HUB,
            "mapping_date": _ROUND,
            "source_row": _col("int64", "Row of the Staffing sheet the post came from", checks=[pa.Check.ge(2)]),
            "job_title": _col(str, "Job title as written (whitespace normalised)"),
            "professional_group": _col(
                str, "Professional group (from the title lookup unless given)", allowed=spec.PROFESSIONAL_GROUP_NAMES
            ),
            "clinical": _col(bool, "Whether the professional group is clinical"),
            "band": _col(str, "Agenda for Change band, or 'Medical' for medical pay scales", allowed=spec.BAND_ORDER),
            "wte": _col(
                float,
                "Whole-time equivalent (37.5 h = 1.0)",
                checks=[pa.Check.gt(0), pa.Check.le(spec.MAX_WTE_PER_ROW)],
                unit="WTE",
            ),
            "wte_source": _col(str, "Whether WTE was given directly or converted from hours", allowed=("WTE", "hours")),
            "headcount": _col(
                "int64", "People in this row (0 for a vacant post)", checks=[pa.Check.ge(0)], unit="people"
            ),
            "post_status": _col(str, "Filled, Vacant, or Not recorded", allowed=spec.POST_STATUSES + (NOT_RECORDED,)),
            "notes": _col(str, "Notes as recorded", nullable=True),
        },
        strict=True,
        ordered=True,
        unique=["hub_id", "mapping_date", "source_row"],
        name="staffing",
    ),
    "interventions": pa.DataFrameSchema(
        {
            "hub_id": _HUB,
            "mapping_date": _ROUND,
            "category": _col(str, "Intervention category", allowed=spec.INTERVENTION_CATEGORIES),
            "intervention": _col(str, "Intervention name (standard name where it matched the list)"),
            "level": _col(str, "Level the intervention works at", allowed=spec.INTERVENTION_LEVELS),
            "delivery_mode": _col(str, "How it is delivered", nullable=True, allowed=spec.DELIVERY_MODES),
            "provider": _col(str, "In-house, External (Hub refers out), or Both", allowed=spec.PROVIDERS),
            "notes": _col(str, "Notes as recorded", nullable=True),
        },
        strict=True,
        ordered=True,
        unique=["hub_id", "mapping_date", "category", "intervention", "level"],
        name="interventions",
    ),
}


SCHEMAS["cleaning_log"] = pa.DataFrameSchema(
    {
        "hub_id": _col(str, "Hub the change belongs to"),
        "mapping_date": _ROUND,
        "file": _col(str, "Workbook the value came from (file name within RAW_DIR)"),
        "sheet": _col(str, "Sheet in that workbook"),
        "row": _col(
            "Int64", "Excel row number (blank for a change to the whole sheet)", nullable=True, checks=[pa.Check.ge(1)]
        ),
        "column": _col(str, "Column header (or field) as written", nullable=True),
        "original": _col(str, "Value as found, as text", nullable=True),
        "cleaned": _col(str, "Value after cleaning, as text (blank when the row or column was skipped)", nullable=True),
        "rule": _col(str, "Cleaning rule applied"),
    },
    strict=True,
    ordered=True,
    name="cleaning_log",
)
LOG_COLUMNS = list(SCHEMAS["cleaning_log"].columns)


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


SCHEMAS["sources"] = pa.DataFrameSchema(
    {
        "hub_id": _HUB,
        "mapping_date": _ROUND,
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


SCHEMAS["notices"] = pa.DataFrameSchema(
    {
        "hub_id": _col(str, "Hub the notice belongs to"),
        "mapping_date": _ROUND,
        "file": _col(str, "Workbook the value is in (file name within RAW_DIR)"),
        "sheet": _col(str, "Sheet in that workbook"),
        "row": _col("Int64", "Excel row number", nullable=True, checks=[pa.Check.ge(1)]),
        "column": _col(str, "Column header (or field) as written", nullable=True),
        "found": _col(str, "Value as found, as text", nullable=True),
        "notice": _col(str, "What is unusual: valid cell by cell, implausible together"),
        "expected": _col(str, "What would be usual; the Hub lead confirms or corrects it"),
    },
    strict=True,
    ordered=True,
    name="notices",
)
NOTICE_COLUMNS = list(SCHEMAS["notices"].columns)


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


def tidy(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Column order, dtypes and row order fixed, so the same input gives the same bytes."""
    out = dict(tables)
    svc = tables["service_model"].copy()
    for c in ("launch_date", "mapping_date", "checked_date"):
        svc[c] = svc[c].map(lambda d: d.isoformat() if d is not None else None)
    svc["eligible_workforce_size"] = svc["eligible_workforce_size"].astype("Int64")
    for c in FEATURE_COLUMNS:
        svc[c] = svc[c].astype("boolean")
    out["service_model"] = _sorted(svc[list(SCHEMAS["service_model"].columns)], ["hub_id", "mapping_date"])

    staff = tables["staffing"].copy()
    if staff.empty:
        staff = pd.DataFrame(columns=list(SCHEMAS["staffing"].columns))
    clinical = {g.name: g.clinical for g in spec.PROFESSIONAL_GROUPS}
    staff["clinical"] = staff["professional_group"].map(clinical).astype(bool)
    staff["wte"] = staff["wte"].astype(float).round(4)
    staff["headcount"] = staff["headcount"].astype("int64")
    staff["source_row"] = staff["source_row"].astype("int64")
    staff["mapping_date"] = staff["mapping_date"].map(_iso)
    out["staffing"] = _sorted(staff[list(SCHEMAS["staffing"].columns)], ["hub_id", "mapping_date", "source_row"])

    iv = tables["interventions"].copy()
    category_rank = {c: i for i, c in enumerate(spec.INTERVENTION_CATEGORIES)}
    iv["_cat"] = iv["category"].map(category_rank)
    iv["mapping_date"] = iv["mapping_date"].map(_iso)
    iv = _sorted(iv, ["hub_id", "mapping_date", "_cat", "intervention", "level"]).drop(columns="_cat")
    out["interventions"] = iv[list(SCHEMAS["interventions"].columns)]

    for name in HUB_TABLES:  # text columns as pandas' str dtype, as they read back from CSV
        for col, column in SCHEMAS[name].columns.items():
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
        for col, column in SCHEMAS["notices"].columns.items():  # as the values read back from CSV
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


def validate(tables: dict[str, pd.DataFrame], source: str = "processed tables") -> dict[str, pd.DataFrame]:
    """Check every table against its schema and the tables against each other."""
    problems: list[Problem] = []
    for name in [t for t in PROCESSED if t in tables]:
        try:
            SCHEMAS[name].validate(tables[name], lazy=True)
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
                        "Hub has no service-model record",
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


def data_dictionary() -> pd.DataFrame:
    """Every column of every processed table: type, unit, whether required, allowed values, meaning."""
    rows = []
    for name in PROCESSED:
        for col, column in SCHEMAS[name].columns.items():
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
        compute=lambda: data_dictionary(),
        series=Series.SUPPLEMENT,
        saved=False,
    ),
)
