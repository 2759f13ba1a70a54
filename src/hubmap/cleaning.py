"""From raw workbook cells to tidy, typed tables, logging every change.

Each parsing rule is a small function that either returns a clean value or raises
`ValueError` with what it expected. `clean_workbooks` applies them cell by cell,
turns each `ValueError` into a `Problem` that names the cell, and records every
value it changed in the cleaning log, so nothing is altered silently.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path

import pandas as pd

from . import spec
from .errors import MappingInputError, Problem, display_path
from .storage import sha256
from .loading import Cell, RawWorkbook, find_workbooks, label_key, read_workbooks

LOG_COLUMNS = ["hub_id", "file", "sheet", "row", "column", "original", "cleaned", "rule"]

_YES = {"y", "yes", "true", "1", "x", "offered"}
_NO = {"n", "no", "false", "0", "not offered"}
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_DATE_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y")
_MONTH_FORMATS = ("%B %Y", "%b %Y", "%m/%Y")
_NUMBER_WITH_UNIT = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(wte|hrs?|hours?|h)?\s*$", re.IGNORECASE)
_BAND = re.compile(r"^(?:afc\s*)?(?:band\s*)?([1-9])\s*([a-d])?$", re.IGNORECASE)
_SYNONYMS = {  # label_key(variant) -> canonical choice, for choices written freely
    "in house": spec.IN_HOUSE, "inhouse": spec.IN_HOUSE, "internal": spec.IN_HOUSE, "hub": spec.IN_HOUSE,
    "referred out": spec.EXTERNAL, "external service": spec.EXTERNAL,
    "in house and external": spec.BOTH, "both in house and external": spec.BOTH,
    "f2f": "Face to face", "in person": "Face to face",
    "phone": "Telephone", "online": "Video", "video call": "Video",
    "host trust": "Host organisation's system", "host trust system": "Host organisation's system",
    "trust system": "Host organisation's system", "stand alone": spec.STANDALONE_RECORDS,
    "organisational": "Organisation", "organization": "Organisation", "org": "Organisation",
    "individual staff": "Individual", "team level": "Team",
}


# ----------------------------------------------------------------- parsing rules
def normalise_text(value: object) -> str:
    """Trim, turn non-breaking spaces into spaces and collapse runs of spaces."""
    return re.sub(r"\s+", " ", str(value).replace("\u00a0", " ")).strip()


def parse_yes_no(value: object) -> bool | None:
    """Y/yes/TRUE/1 -> True, N/no/FALSE/0 -> False, blank -> None (not recorded)."""
    if value is None or (isinstance(value, str) and not normalise_text(value)):
        return None
    if isinstance(value, bool):
        return value
    key = normalise_text(value).lower().rstrip(".")
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise ValueError(spec.Field("", "", "yesno").expected())


def parse_choice(value: object, choices: tuple[str, ...]) -> str:
    """Match a controlled value whatever its capitalisation, spacing or common synonym."""
    key = label_key(value)
    for choice in choices:
        if label_key(choice) == key:
            return choice
    if key in _SYNONYMS and _SYNONYMS[key] in choices:
        return _SYNONYMS[key]
    raise ValueError("one of: " + ", ".join(choices))


def parse_band(value: object) -> str:
    """Agenda for Change band ('7', 'Band 8A', 7.0) -> '7' / '8a'; medical scales -> 'Medical'."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and 1 <= value <= 9 and value != 8:
            return str(int(value))
    text = normalise_text(value).lower()
    if "medic" in text or text in {"med", "consultant psychiatrist", "doctor"}:
        return spec.MEDICAL_BAND
    m = _BAND.match(text.replace("-", " "))
    if m:
        number, letter = m.group(1), (m.group(2) or "").lower()
        band = number + letter
        if band in spec.AFC_BANDS:
            return band
        if number == "8":
            raise ValueError("band 8 split into 8a, 8b, 8c or 8d (Agenda for Change)")
    raise ValueError(spec.Field("", "", "band").expected())


def parse_number(value: object) -> float:
    """A number, also when typed as text with a unit ('30 hrs', '0.8 WTE')."""
    if isinstance(value, bool):
        raise ValueError("a number")
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        m = _NUMBER_WITH_UNIT.match(normalise_text(value))
        if not m:
            raise ValueError("a number, e.g. 0.8")
        number = float(m.group(1))
    if math.isnan(number) or math.isinf(number):
        raise ValueError("a number, e.g. 0.8")
    return number


def hours_to_wte(hours: float) -> float:
    """Hours per week -> whole-time equivalent on the NHS 37.5-hour week."""
    return round(hours / spec.FULL_TIME_HOURS, 4)


def parse_date(value: object) -> tuple[dt.date, str | None]:
    """A date from an Excel date, an Excel serial number or UK-style text; returns the rule used."""
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 20000 <= value <= 80000:  # 1954..2119: the Excel serial-date range that makes sense here
            return _EXCEL_EPOCH + dt.timedelta(days=int(value)), "date from Excel serial number"
        raise ValueError("a date such as 01/03/2021 (day/month/year)")
    text = normalise_text(value)
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date(), "date parsed from text"
        except ValueError:
            pass
    for fmt in _MONTH_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date(), "month only: first day of the month assumed"
        except ValueError:
            pass
    raise ValueError("a date such as 01/03/2021 (day/month/year)")


def parse_count(value: object) -> int:
    number = parse_number(value)
    if number < 0 or not float(number).is_integer():
        raise ValueError("a whole number of 0 or more")
    return int(number)


def normalise_hub_id(value: object) -> str:
    """'hub a', 'HubA', 'HUB-A' and 'A' all mean 'Hub A'."""
    text = normalise_text(value)
    m = re.match(r"^(?:hub)?[\s_\-]*([A-Za-z]{1,2}|\d{1,3})$", text, re.IGNORECASE)
    if not m:
        if not text:
            raise ValueError("an identifier such as 'Hub A'")
        return text
    token = m.group(1)
    return f"Hub {token.upper() if token.isalpha() else int(token)}"


def normalise_title(title: str) -> str:
    """Lookup key for a job title: case, punctuation, '(8a)' and 'band 7' removed."""
    t = normalise_text(title).lower().replace("&", " and ")
    t = re.sub(r"\([^)]*\)", " ", t)
    t = re.sub(r"\bband\s*[1-9][a-d]?\b", " ", t)
    t = re.sub(r"[^a-z0-9]+", " ", t)
    return re.sub(r"\s+", " ", t).strip()


def read_title_lookup(path: Path) -> dict[str, str]:
    """The maintained job-title -> professional-group table, keyed by normalised title."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    problems, lookup = [], {}
    for i, row in table.iterrows():
        group = row.get("professional_group", "").strip()
        if group not in spec.PROFESSIONAL_GROUP_NAMES:
            problems.append(Problem(display_path(path), "unknown professional group", row=i + 2,
                                    column="professional_group", found=group,
                                    expected="one of: " + ", ".join(spec.PROFESSIONAL_GROUP_NAMES)))
            continue
        lookup[normalise_title(row["job_title"])] = group
    if problems:
        raise MappingInputError(problems)
    return lookup


# ----------------------------------------------------------------- the cleaner
class _Cleaner:
    """Applies the rules to one workbook, collecting problems and log entries."""

    def __init__(self, book: RawWorkbook, lookup: dict[str, str], lookup_path: str):
        self.book, self.lookup, self.lookup_path = book, lookup, lookup_path
        self.problems: list[Problem] = []
        self.log: list[dict] = []
        self.hub_id: str | None = None

    def note(self, sheet, cell: Cell | None, original, cleaned, rule):
        self.log.append({"hub_id": self.hub_id, "file": self.book.path.name, "sheet": sheet,
                         "row": cell.row if cell else None, "column": cell.column if cell else None,
                         "original": original, "cleaned": cleaned, "rule": rule})

    def fail(self, sheet, cell: Cell, message, expected):
        self.problems.append(Problem(self.book.name, message, sheet, cell.row, cell.column,
                                     cell.value, expected))

    def apply(self, sheet, cell: Cell, rule_name, parse):
        """Parse one cell; log if the value changed; record a problem on failure."""
        try:
            cleaned = parse(cell.value)
        except ValueError as exc:
            self.fail(sheet, cell, "value not understood", str(exc))
            return None
        rule = None
        if isinstance(cleaned, tuple):  # parsers that name their own rule
            cleaned, rule = cleaned
        if rule or not _same(cell.value, cleaned):
            self.note(sheet, cell, cell.value, cleaned, rule or rule_name)
        return cleaned

    def field(self, sheet, cells: dict[str, Cell], f: spec.Field):
        cell = cells.get(f.key)
        if cell is None or cell.value is None:
            if f.required:
                at = next(iter(cells.values())).row if cells else None
                self.problems.append(Problem(self.book.name, f"required value '{f.label}' is blank", sheet,
                                             at if sheet != spec.SERVICE_MODEL_SHEET else None, f.label,
                                             expected=f.expected()))
            return None
        parse = {
            "text": lambda v: normalise_text(v),
            "choice": lambda v: parse_choice(v, f.choices),
            "yesno": parse_yes_no,
            "date": parse_date,
            "integer": parse_count,
            "number": parse_number,
            "band": parse_band,
        }[f.kind]
        rule = {"text": "whitespace normalised", "yesno": "yes/no variant", "band": "band normalised",
                "choice": "controlled value normalised", "integer": "number from text",
                "number": "number from text"}.get(f.kind, "normalised")
        return self.apply(sheet, cell, rule, parse)

    # -- service model ---------------------------------------------------------
    def service_model(self) -> dict | None:
        sheet, cells = spec.SERVICE_MODEL_SHEET, self.book.service
        record = {}
        hub_cell = cells.get("hub_id")
        if hub_cell is not None and hub_cell.value is not None:
            self.hub_id = self.apply(sheet, hub_cell, "Hub identifier normalised", normalise_hub_id)
        for f in spec.SERVICE_FIELDS:
            if f.key == "hub_id":
                if hub_cell is None or hub_cell.value is None:
                    self.field(sheet, cells, f)  # reports it as missing
                record["hub_id"] = self.hub_id
                continue
            record[f.key] = self.field(sheet, cells, f)
        for (a, b) in [("launch_date", "mapping_date")]:
            if record.get(a) and record.get(b) and record[b] < record[a]:
                self.fail(sheet, cells[b], "mapping date is before the launch date",
                          "a date on or after the launch date")
        record["source_file"] = Path(self.book.name).name
        # entries made while reading (and for the identifier itself) did not know the Hub yet
        self.log += [dict(entry) for entry in self.book.log]
        for entry in self.log:
            entry["hub_id"] = entry["hub_id"] or self.hub_id
        return record

    # -- staffing --------------------------------------------------------------
    def staffing(self) -> list[dict]:
        sheet, out = spec.STAFFING_SHEET, []
        seen: dict[tuple, int] = {}
        for cells in self.book.staffing:
            row_no = next(iter(cells.values())).row
            rec = {f.key: self.field(sheet, cells, f) for f in spec.STAFFING_FIELDS}
            rec["hub_id"], rec["source_row"] = self.hub_id, row_no
            rec["wte"], rec["wte_source"] = self._wte(sheet, cells, rec)
            if rec["job_title"] and not rec["professional_group"]:
                rec["professional_group"] = self._group_from_title(sheet, cells["job_title"], rec["job_title"])
            if rec["post_status"] is None:
                rec["post_status"] = spec.NOT_RECORDED
            signature = tuple(rec[k] for k in ("job_title", "band", "wte", "headcount", "post_status"))
            if signature in seen:
                self.note(sheet, cells.get("job_title"), rec["job_title"], rec["job_title"],
                          f"identical to row {seen[signature]}: kept as a separate post; check it is not a copy")
            seen.setdefault(signature, row_no)
            out.append(rec)
        return out

    def _wte(self, sheet, cells, rec) -> tuple[float | None, str | None]:
        wte, hours, headcount = rec.get("wte"), rec.get("hours_per_week"), rec.get("headcount")
        anchor = cells.get("wte") or cells.get("hours_per_week") or next(iter(cells.values()))
        if wte is None and hours is None:
            if "wte" not in cells and "hours_per_week" not in cells:
                self.problems.append(Problem(self.book.name, "neither WTE nor hours per week given", sheet,
                                             anchor.row, "WTE", expected="WTE (e.g. 0.8) or hours per week (e.g. 30)"))
            return None, None
        if hours is not None:
            cell = cells["hours_per_week"]
            per_person = hours / headcount if headcount else hours
            if hours <= 0 or per_person > spec.FULL_TIME_HOURS:
                self.fail(sheet, cell, "hours per week out of range",
                          f"more than 0 and at most {spec.FULL_TIME_HOURS:g} contracted hours per person "
                          "(a full-time NHS week); for a group of posts give their total hours and the headcount")
                return None, None
            from_hours = hours_to_wte(hours)
            if wte is not None and abs(wte - from_hours) > 0.01:
                self.fail(sheet, cells["wte"], f"WTE disagrees with hours per week ({hours:g} h = {from_hours:g} WTE)",
                          "WTE or hours, not both (or both consistent)")
                return None, None
            if wte is None:
                self.note(sheet, cell, hours, from_hours, f"hours converted to WTE (hours / {spec.FULL_TIME_HOURS:g})")
                wte = from_hours
            source = "hours"
        else:
            source = "WTE"
        cell = cells.get("wte") or cells["hours_per_week"]
        if headcount is not None and headcount > 0 and wte > headcount + 1e-9:
            self.fail(sheet, cell, f"more WTE than people (headcount {headcount})",
                      "at most 1.0 WTE per person; if this is hours, put it in 'Hours per week'")
            return None, None
        if wte <= 0 or wte > spec.MAX_WTE_PER_ROW:
            self.fail(sheet, cell, "WTE out of range",
                      f"more than 0 and at most {spec.MAX_WTE_PER_ROW:g} (e.g. 0.8); vacant posts keep their funded WTE")
            return None, None
        if headcount == 0 and rec.get("post_status") != "Vacant":
            self.fail(sheet, cells["headcount"], "headcount 0 on a post not marked Vacant",
                      "a headcount of 1 or more, or Post status 'Vacant'")
        return wte, source

    def _group_from_title(self, sheet, cell: Cell, title: str) -> str | None:
        key = normalise_title(title)
        group = self.lookup.get(key)
        if group is None:
            self.fail(sheet, cell, "job title not in the title lookup",
                      f"a title listed in {self.lookup_path} (add a row: job_title,professional_group) "
                      "or a value in the 'Professional group' column")
            return None
        self.note(sheet, cell, title, group, "job title mapped to professional group")
        return group

    # -- interventions -----------------------------------------------------------
    def interventions(self) -> list[dict]:
        sheet, merged = spec.INTERVENTIONS_SHEET, {}
        standard = {label_key(n): n for names in spec.STANDARD_INTERVENTIONS.values() for n in names}
        for cells in self.book.interventions:
            rec = {f.key: self.field(sheet, cells, f) for f in spec.INTERVENTION_FIELDS}
            rec["hub_id"] = self.hub_id
            name = rec["intervention"]
            if name and label_key(name) in standard and standard[label_key(name)] != name:
                self.note(sheet, cells["intervention"], name, standard[label_key(name)],
                          "intervention name matched to the standard list")
                rec["intervention"] = standard[label_key(name)]
            key = (rec["intervention"], rec["category"], rec["level"])
            if key in merged:
                first = merged[key]
                if first["provider"] != rec["provider"] and None not in (first["provider"], rec["provider"]):
                    self.note(sheet, cells.get("provider"), rec["provider"], spec.BOTH,
                              f"listed again with another provider (row {first['_row']}): combined as Both")
                    first["provider"] = spec.BOTH
                else:
                    self.note(sheet, cells.get("intervention"), name, None,
                              f"duplicate of row {first['_row']}: dropped")
                continue
            rec["_row"] = cells[next(iter(cells))].row
            merged[key] = rec
        return [{k: v for k, v in r.items() if k != "_row"} for r in merged.values()]


def _same(original, cleaned) -> bool:
    """Whether cleaning only changed the type, not the value a reader sees (not worth a log entry)."""
    if isinstance(cleaned, bool):
        return original is cleaned or original == (spec.YES if cleaned else spec.NO)
    if isinstance(cleaned, dt.date) and isinstance(original, dt.datetime):
        return original.time() == dt.time(0) and original.date() == cleaned
    if isinstance(original, (int, float)) and not isinstance(original, bool):
        if isinstance(cleaned, str):
            return float(original).is_integer() and str(int(original)) == cleaned
        return float(original) == float(cleaned)
    return type(original) is type(cleaned) and original == cleaned


# ----------------------------------------------------------------- entry point
def clean_workbooks(raw_dir: Path, title_lookup: Path) -> dict[str, pd.DataFrame]:
    """Read, clean and cross-check every workbook; raise MappingInputError listing every problem.

    Returns the tidy tables `service_model`, `staffing`, `interventions` and the
    `cleaning_log`. Nothing is written: the caller validates, then writes atomically.
    """
    lookup = read_title_lookup(title_lookup)
    paths, problems = find_workbooks(raw_dir)
    services, staff, interventions, log, sources = [], [], [], [], []
    owners: dict[str, str] = {}
    for path, (book, book_problems) in zip(paths, read_workbooks(paths)):
        problems += book_problems
        if book is None:
            continue
        cleaner = _Cleaner(book, lookup, display_path(title_lookup))
        record = cleaner.service_model()
        if cleaner.hub_id in owners:
            cleaner.problems.append(Problem(book.name, f"{cleaner.hub_id} is also claimed by {owners[cleaner.hub_id]}",
                                            spec.SERVICE_MODEL_SHEET, book.service["hub_id"].row,
                                            spec.SERVICE_COLUMNS[1], cleaner.hub_id, "one workbook per Hub"))
        elif cleaner.hub_id:
            owners[cleaner.hub_id] = book.name
        staff += cleaner.staffing()
        interventions += cleaner.interventions()
        if not book.interventions and not book_problems:
            cleaner.note(spec.INTERVENTIONS_SHEET, None, None, None,
                         "no interventions recorded: the Hub appears as 'not recorded' in intervention tables")
        services.append(record)
        sources.append({"hub_id": cleaner.hub_id, "file": Path(book.name).name, "sha256": sha256(path),
                        "illustrative": book.illustrative})
        problems += cleaner.problems
        log += cleaner.log
    if problems:
        raise MappingInputError(problems)
    return {
        "service_model": pd.DataFrame(services),
        "staffing": pd.DataFrame(staff),
        "interventions": pd.DataFrame(interventions, columns=[f.key for f in spec.INTERVENTION_FIELDS] + ["hub_id"]),
        "cleaning_log": pd.DataFrame(log, columns=LOG_COLUMNS),
        "sources": pd.DataFrame(sources, columns=["hub_id", "file", "sha256", "illustrative"]),
    }


def clean_and_validate(raw_dir: Path, title_lookup: Path) -> dict[str, pd.DataFrame]:
    """The whole raw -> processed step in memory: clean, fix order and types, validate."""
    from .validation import tidy, validate

    return validate(tidy(clean_workbooks(raw_dir, title_lookup)))


def log_summary(log: pd.DataFrame) -> pd.DataFrame:
    """How many values each rule changed at each Hub: the cleaning log at a glance."""
    from .validation import hub_order

    if log.empty:
        return pd.DataFrame(columns=["rule"])
    rules = log.assign(rule=log["rule"].str.replace(r" \(row \d+\)", "", regex=True))
    counts = pd.crosstab(rules["rule"], rules["hub_id"].fillna("(no Hub)"))
    counts = counts[[h for h in hub_order(counts.columns)]]
    counts["All Hubs"] = counts.sum(axis=1)
    return counts.sort_values(["All Hubs"], ascending=False, kind="stable").reset_index()


def records_per_hub(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Rows per Hub in each processed table, to check nothing was lost on the way."""
    from .validation import hub_order

    hubs = hub_order(tables["service_model"]["hub_id"])
    out = pd.DataFrame({"hub_id": hubs})
    out["staff rows"] = out["hub_id"].map(tables["staffing"]["hub_id"].value_counts()).fillna(0).astype(int)
    out["interventions"] = out["hub_id"].map(tables["interventions"]["hub_id"].value_counts()).fillna(0).astype(int)
    out["log entries"] = out["hub_id"].map(tables["cleaning_log"]["hub_id"].value_counts()).fillna(0).astype(int)
    return out
