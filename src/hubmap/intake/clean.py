"""From raw workbook cells to tidy, typed, validated tables, logging every change.

`clean_workbooks` reads every workbook (`intake.read`), applies the parsing rules
(`intake.parse`) cell by cell, turns each rule's `ValueError` into a `Problem` that names
the cell, and records every value it changed in the cleaning log, so nothing is altered
silently. `clean_and_validate` then fixes order and types and checks the result against
the schemas (`intake.schemas`): the whole raw -> processed step, in memory.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from ..shared.declarations import COUNT, FOUND, HUB, IN_WORKBOOK, MAPPED, Column, Layout, Series, Table
from ..shared.files import sha256
from ..shared.hubs import hub_order
from ..shared.problems import MappingInputError, Problem, display_path, notice_problem
from ..shared.vocabulary import NOT_RECORDED
from ..template.study import ADDED, NO, SERVICE_COLUMNS, YES, Field, Study
from .parse import (
    hours_to_wte,
    label_key,
    normalise_hub_id,
    normalise_text,
    parse_band,
    parse_choice,
    parse_count,
    parse_date,
    parse_number,
    parse_yes_no,
)
from .read import Cell, RawWorkbook, find_workbooks, read_title_lookup, read_workbook
from .schemas import LOG_COLUMNS, NOTICE_COLUMNS, log_entry, notice_entry, schemas, tidy, validate
from .titles import key, plain, read_title

# Dates that must follow one another, where the study records both: (earlier, later, the message, what
# was expected; {unit}: the study's unit).
DATE_ORDER = (
    ("launch_date", "mapping_date", "mapping date is before the launch date", "a date on or after the launch date"),
    (
        "mapping_date",
        "checked_date",
        "date checked by the {unit} lead is before the date of mapping",
        "a date on or after the date of mapping (the lead checks the mapping once it is done)",
    ),
)


# ----------------------------------------------------------------- the cleaner
class _Cleaner:
    """Applies the rules to one workbook, collecting problems and log entries."""

    def __init__(self, book: RawWorkbook, lookup: dict[str, str], lookup_path: str, study: Study):
        self.book, self.lookup, self.lookup_path, self.study = book, lookup, lookup_path, study
        self.groups = {g.name: g for g in study.professional_groups}
        self.problems: list[Problem] = []
        self.log: list[dict] = []
        self.notices: list[Problem] = []  # plausible cell by cell, unusual together: for the lead to confirm
        self.hub_id: str | None = None
        self.mapping_date = None  # with the unit, the mapping round

    def note(self, sheet, cell: Cell | None, original, cleaned, rule):
        self.log.append(
            log_entry(
                self.book.path.name,
                sheet,
                cell.row if cell else None,
                cell.column if cell else None,
                original,
                cleaned,
                rule,
                self.hub_id,
                self.mapping_date,
            )
        )

    def fail(self, sheet, cell: Cell, message, expected):
        self.problems.append(Problem(self.book.name, message, sheet, cell.row, cell.column, cell.value, expected))

    def notice(self, sheet, cell: Cell | None, message, expected):
        self.notices.append(
            Problem(
                self.book.name,
                message,
                sheet,
                cell.row if cell else None,
                cell.column if cell else None,
                cell.value if cell else None,
                expected,
            )
        )

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

    def field(self, sheet, cells: dict[str, Cell], f: Field):
        cell = cells.get(f.key)
        if cell is None or cell.value is None:
            if f.required:
                at = next(iter(cells.values())).row if cells else None
                self.problems.append(
                    Problem(
                        self.book.name,
                        f"required value '{f.label}' is blank",
                        sheet,
                        at if sheet != self.study.sheet("service_model").name else None,
                        f.label,
                        expected=f.expected(),
                    )
                )
            return None
        parse = {
            "text": lambda v: normalise_text(v),
            "choice": lambda v: parse_choice(v, f.choices, f.synonyms),
            "yesno": parse_yes_no,
            "date": parse_date,
            "integer": lambda v: _bounded(parse_count(v), f),
            "number": lambda v: _bounded(parse_number(v), f),
            "band": lambda v: parse_band(v, self.study.pay_bands),
        }[f.kind]
        rule = {
            "text": "whitespace normalised",
            "yesno": "yes/no variant",
            "band": "band normalised",
            "choice": "controlled value normalised",
            "integer": "number from text",
            "number": "number from text",
        }.get(f.kind, "normalised")
        return self.apply(sheet, cell, rule, parse)

    # -- service model ---------------------------------------------------------
    def service_model(self) -> dict | None:
        study = self.study
        sheet, cells = study.sheet("service_model").name, self.book.service
        record = {}
        hub_cell = cells.get("hub_id")
        if hub_cell is not None and hub_cell.value is not None:
            self.hub_id = self.apply(
                sheet,
                hub_cell,
                f"{study.words['Unit']} identifier normalised",
                lambda v: normalise_hub_id(v, study.unit),
            )
        for f in study.fields("service_model"):
            if f.key == "hub_id":
                if hub_cell is None or hub_cell.value is None:
                    self.field(sheet, cells, f)  # reports it as missing
                record["hub_id"] = self.hub_id
                continue
            record[f.key] = self.field(sheet, cells, f)
        for earlier, later, message, expected in DATE_ORDER:
            if record.get(earlier) and record.get(later) and record[later] < record[earlier]:
                self.fail(sheet, cells[later], study.say(message), expected)
        record["source_file"] = Path(self.book.name).name
        self.mapping_date = record.get("mapping_date")
        # entries made while reading (and for the identifier itself) did not know the unit or the round yet
        self.log += [dict(entry) for entry in self.book.log]
        for entry in self.log:
            entry["hub_id"] = entry["hub_id"] or self.hub_id
            entry["mapping_date"] = entry["mapping_date"] or self.mapping_date
        return record

    # -- staffing --------------------------------------------------------------
    def staffing(self) -> list[dict]:
        if not self.study.sheet("staffing"):
            return []
        sheet, out = self.study.sheet("staffing").name, []
        seen: dict[tuple, int] = {}
        for cells in self.book.staffing:
            row_no = next(iter(cells.values())).row
            rec = {f.key: self.field(sheet, cells, f) for f in self.study.fields("staffing")}
            rec["hub_id"], rec["mapping_date"], rec["source_row"] = self.hub_id, self.mapping_date, row_no
            rec["wte"], rec["wte_source"] = self._wte(sheet, cells, rec)
            title_band = None
            if rec["job_title"] and not rec.get("professional_group"):
                rec["professional_group"], title_band = self._group_from_title(
                    sheet, cells["job_title"], rec["job_title"]
                )
            if rec.get("post_status") is None:
                rec["post_status"] = NOT_RECORDED
            self._plausible(sheet, cells, rec, title_band)
            signature = tuple(rec.get(k) for k in ("job_title", "band", "wte", "headcount", "post_status"))
            if signature in seen:
                self.note(
                    sheet,
                    cells.get("job_title"),
                    rec["job_title"],
                    rec["job_title"],
                    f"identical to row {seen[signature]}: kept as a separate post; check it is not a copy",
                )
            seen.setdefault(signature, row_no)
            out.append(rec)
        return out

    def _wte(self, sheet, cells, rec) -> tuple[float | None, str | None]:
        wte, hours, headcount = rec.get("wte"), rec.get("hours_per_week"), rec.get("headcount")
        anchor = cells.get("wte") or cells.get("hours_per_week") or next(iter(cells.values()))
        if wte is None and hours is None:
            if "wte" not in cells and "hours_per_week" not in cells:
                self.problems.append(
                    Problem(
                        self.book.name,
                        "neither WTE nor hours per week given",
                        sheet,
                        anchor.row,
                        "WTE",
                        expected="WTE (e.g. 0.8) or hours per week (e.g. 30)",
                    )
                )
            return None, None
        if hours is not None:
            cell = cells["hours_per_week"]
            per_person = hours / headcount if headcount else hours
            full_time = self.study.full_time_hours
            if hours <= 0 or per_person > full_time:
                self.fail(
                    sheet,
                    cell,
                    "hours per week out of range",
                    f"more than 0 and at most {full_time:g} contracted hours per person "
                    "(a full-time NHS week); for a group of posts give their total hours and the headcount",
                )
                return None, None
            from_hours = hours_to_wte(hours, full_time)
            if wte is not None and abs(wte - from_hours) > 0.01:
                self.fail(
                    sheet,
                    cells["wte"],
                    f"WTE disagrees with hours per week ({hours:g} h = {from_hours:g} WTE)",
                    "WTE or hours, not both (or both consistent)",
                )
                return None, None
            if wte is None:
                self.note(sheet, cell, hours, from_hours, f"hours converted to WTE (hours / {full_time:g})")
                wte = from_hours
            source = "hours"
        else:
            source = "WTE"
        cell = cells.get("wte") or cells["hours_per_week"]
        if headcount is not None and headcount > 0 and wte > headcount + 1e-9:
            self.fail(
                sheet,
                cell,
                f"more WTE than people (headcount {headcount})",
                "at most 1.0 WTE per person; if this is hours, put it in 'Hours per week'",
            )
            return None, None
        most = self.study.max_wte_per_row
        if wte <= 0 or wte > most:
            self.fail(
                sheet,
                cell,
                "WTE out of range",
                f"more than 0 and at most {most:g} (e.g. 0.8); vacant posts keep their funded WTE",
            )
            return None, None
        vacant = self.study.vacant
        if headcount == 0 and rec.get("post_status") != vacant:
            self.fail(
                sheet,
                cells["headcount"],
                f"headcount 0 on a post not marked {vacant}",
                f"a headcount of 1 or more, or Post status '{vacant}'",
            )
        return wte, source

    def _group_from_title(self, sheet, cell: Cell, title: str) -> tuple[str | None, str | None]:
        """The group the title lookup gives (after the title rules, each logged), and a band the title names."""
        reading = read_title(title, self.lookup)
        for step in reading.steps:
            self.note(sheet, cell, step.before, step.after, f"job title read by rule: {step.rule}")
        if reading.matched is None:
            self.fail(
                sheet,
                cell,
                UNKNOWN_TITLE,
                f"a title listed in {self.lookup_path} (add a row: job_title,professional_group,source) "
                "or a value in the 'Professional group' column",
            )
            return None, reading.band
        group = self.lookup[reading.matched]
        self.note(sheet, cell, title, group, "job title mapped to professional group")
        return group, reading.band

    def _plausible(self, sheet, cells: dict[str, Cell], rec: dict, title_band: str | None) -> None:
        """Combinations valid cell by cell but implausible together: one error, and notices to confirm."""
        band, group = rec.get("band"), self.groups.get(rec.get("professional_group"))
        if rec.get("post_status") == self.study.vacant and (rec.get("headcount") or 0) > 0:
            self.fail(
                sheet,
                cells["headcount"],
                "a vacant post with people in it",
                f"a headcount of 0 for a vacant post (its funded WTE stays), or Post status '{self.study.filled}'",
            )
        bands = self.study.pay_bands
        if group is None or band is None or bands is None:
            return
        at, other = cells.get("band"), bands.other_scale
        if group.pay_scale and group.pay_scale == other and band != bands.other:
            self.notice(
                sheet,
                at,
                f"a {group.name.lower()} post on {_an(bands.name)} band",
                f"'{bands.other}': {group.name.lower()} posts are on {other} pay scales",
            )
        if group.pay_scale != other and band == bands.other:
            self.notice(
                sheet,
                at,
                f"a {group.name.lower()} post on {other} pay scales",
                f"{_an(bands.name)} band: only {other} posts are on {other} pay scales",
            )
        if title_band and title_band != band:
            self.notice(sheet, at, f"the job title says band {title_band}", f"the band the title names ({title_band})")
        trainee = "trainee" in plain(key(rec["job_title"] or "")).split()  # "(Trainee)" too
        if (group.training or trainee) and band in bands.senior:
            self.notice(
                sheet,
                at,
                f"an assistant or trainee post at band {bands.senior[0]} or above",
                f"a band below {bands.senior[0]} for an assistant or trainee post",
            )

    def components(self, record: dict, interventions: list[dict]) -> None:
        """A core component or adaptation answered Yes with no intervention that delivers it, or No with one."""
        study = self.study
        sheet, listed = study.sheet("service_model"), study.sheet("interventions").name
        for component in study.components:
            field = sheet.field(component.field)
            if not component.delivered_by or field is None or field.kind != "yesno":
                continue
            answer = record.get(field.key)
            if answer is None:
                continue
            delivering = [iv["intervention"] for iv in interventions if _delivers(iv, component.delivered_by)]
            cell = self.book.service.get(field.key)
            if answer and not delivering:
                self.notice(
                    sheet.name,
                    cell,
                    f"'{field.label}' is {YES}, but no intervention delivers it",
                    f"an intervention on the {listed} sheet that delivers it, or {NO}",
                )
            elif not answer and delivering:
                self.notice(
                    sheet.name,
                    cell,
                    f"'{field.label}' is {NO}, but the {study.unit} offers {delivering[0]}",
                    f"{YES}, or the {listed} sheet without it",
                )

    # -- interventions -----------------------------------------------------------
    def interventions(self) -> list[dict]:
        if not self.study.sheet("interventions"):
            return []
        both = self.study.both
        sheet, merged = self.study.sheet("interventions").name, {}
        standard = {label_key(n): n for names in self.study.standard_interventions.values() for n in names}
        for cells in self.book.interventions:
            rec = {f.key: self.field(sheet, cells, f) for f in self.study.fields("interventions")}
            rec["hub_id"], rec["mapping_date"] = self.hub_id, self.mapping_date
            name = rec["intervention"]
            if name and label_key(name) in standard and standard[label_key(name)] != name:
                self.note(
                    sheet,
                    cells["intervention"],
                    name,
                    standard[label_key(name)],
                    "intervention name matched to the standard list",
                )
                rec["intervention"] = standard[label_key(name)]
            key = (rec["intervention"], rec["category"], rec.get("level"))
            if key in merged:
                first = merged[key]
                if first["provider"] != rec["provider"] and None not in (first["provider"], rec["provider"]):
                    self.note(
                        sheet,
                        cells.get("provider"),
                        rec["provider"],
                        both,
                        f"listed again with another provider (row {first['_row']}): combined as {both}",
                    )
                    first["provider"] = both
                else:
                    self.note(
                        sheet, cells.get("intervention"), name, None, f"duplicate of row {first['_row']}: dropped"
                    )
                continue
            rec["_row"] = cells[next(iter(cells))].row
            merged[key] = rec
        return [{k: v for k, v in r.items() if k != "_row"} for r in merged.values()]


UNKNOWN_TITLE = "job title not in the title lookup"


def _an(words: str) -> str:
    return ("an " if words[:1].lower() in "aeiou" else "a ") + words


def _bounded(number, f: Field):
    """A number within the field's declared range (the study's constraints), or what was expected."""
    if f.maximum is not None and not (f.minimum or 0) <= number <= f.maximum:
        raise ValueError(f.expected())
    return number


def _delivers(intervention: dict, delivered_by: dict | tuple) -> bool:
    """Whether an intervention delivers a component, as its `delivered_by` in the study says (any of a tuple)."""
    if isinstance(delivered_by, tuple):
        return any(_delivers(intervention, alternative) for alternative in delivered_by)
    wanted = {k: (v if isinstance(v, tuple) else (v,)) for k, v in delivered_by.items()}
    return all(intervention.get(k) in v for k, v in wanted.items())


def _same(original, cleaned) -> bool:
    """Whether cleaning only changed the type, not the value a reader sees (not worth a log entry)."""
    if isinstance(cleaned, bool):
        return original is cleaned or original == (YES if cleaned else NO)
    if isinstance(cleaned, dt.date) and isinstance(original, dt.datetime):
        return original.time() == dt.time(0) and original.date() == cleaned
    if isinstance(original, (int, float)) and not isinstance(original, bool):
        if isinstance(cleaned, str):
            return float(original).is_integer() and str(int(original)) == cleaned
        return float(original) == float(cleaned)
    return type(original) is type(cleaned) and original == cleaned


# ----------------------------------------------------------------- entry point
def clean_workbooks(raw_dir: Path, title_lookup: Path, study: Study) -> dict[str, pd.DataFrame]:
    """Read, clean and cross-check every workbook; raise MappingInputError listing every problem.

    Returns the tidy tables `service_model`, `staffing`, `interventions` and the
    `cleaning_log`. Nothing is written: the caller validates, then writes atomically.
    """
    lookup = read_title_lookup(title_lookup, study.group_names) if study.sheet("staffing") else {}
    paths, problems = find_workbooks(raw_dir, study)
    services, staff, interventions, log, sources, notices = [], [], [], [], [], []
    owners: dict[tuple, str] = {}  # (unit, date of mapping) -> its workbook: one workbook per round
    unit, service_sheet = study.unit, study.sheet("service_model").name
    for path, (book, book_problems) in ((path, read_workbook(path, study)) for path in paths):
        problems += book_problems
        if book is None:
            continue
        cleaner = _Cleaner(book, lookup, display_path(title_lookup), study)
        record = cleaner.service_model()
        round_key = (cleaner.hub_id, cleaner.mapping_date)
        if round_key in owners:
            date = cleaner.mapping_date.isoformat() if cleaner.mapping_date else "an unreadable date"
            where = book.service.get("mapping_date") or book.service["hub_id"]
            cleaner.problems.append(
                Problem(
                    book.name,
                    f"{cleaner.hub_id} is also mapped on {date} in "
                    f"{owners[round_key]}: two workbooks for one {unit} on the same date",
                    service_sheet,
                    where.row,
                    SERVICE_COLUMNS[1],
                    cleaner.hub_id,
                    f"one workbook per {unit} per round: a mapping round of a "
                    f"{unit} already mapped has a later 'Date of mapping'",
                )
            )
        elif cleaner.hub_id:
            owners[round_key] = book.name
        staff += cleaner.staffing()
        hub_interventions = cleaner.interventions()
        interventions += hub_interventions
        if book.interventions:  # a unit that listed none is 'not recorded', not a contradiction
            cleaner.components(record, hub_interventions)
        if study.sheet("interventions") and not book.interventions and not book_problems:
            cleaner.note(
                study.sheet("interventions").name,
                None,
                None,
                None,
                f"no interventions recorded: the {unit} appears as 'not recorded' in intervention tables",
            )
        services.append(record)
        sources.append(
            {
                "hub_id": cleaner.hub_id,
                "mapping_date": cleaner.mapping_date,
                "file": Path(book.name).name,
                "sha256": sha256(path),
                "illustrative": book.illustrative,
            }
        )
        problems += cleaner.problems
        log += cleaner.log
        notices += [notice_entry(n, cleaner.hub_id, cleaner.mapping_date) for n in cleaner.notices]
    if problems:
        raise MappingInputError(problems)
    return {
        "service_model": pd.DataFrame(services),
        "staffing": pd.DataFrame(staff, columns=[f.key for f in study.fields("staffing")] + _STAFF_ADDED),
        "interventions": pd.DataFrame(
            interventions, columns=[f.key for f in study.fields("interventions")] + list(ADDED["interventions"])
        ),
        "cleaning_log": pd.DataFrame(log, columns=LOG_COLUMNS),
        "sources": pd.DataFrame(sources, columns=list(schemas(study)["sources"].columns)),
        "notices": pd.DataFrame(notices, columns=NOTICE_COLUMNS),
    }


# What cleaning adds to each post ('clinical' is added later, from the professional group, by tidy).
_STAFF_ADDED = [key for key in ADDED["staffing"] if key != "clinical"]


def clean_and_validate(
    raw_dir: Path, title_lookup: Path, study: Study, strict: bool = False
) -> dict[str, pd.DataFrame]:
    """The whole raw -> processed step in memory: clean, fix order and types, validate.

    `strict`: a notice (an unusual combination, `notices`) stops the run as an error would."""
    tables = validate(tidy(clean_workbooks(raw_dir, title_lookup, study), study), study)
    if strict and len(tables["notices"]):
        raise MappingInputError([notice_problem(row) for row in tables["notices"].to_dict("records")])
    return tables


def log_summary(log: pd.DataFrame, study: Study) -> pd.DataFrame:
    """How many values each rule changed at each unit: the cleaning log at a glance."""
    if log.empty:
        return pd.DataFrame(columns=["rule"])
    rules = log.assign(rule=log["rule"].str.replace(r" \(row \d+\)", "", regex=True))
    counts = pd.crosstab(rules["rule"], rules["hub_id"].fillna(f"(no {study.unit})"))
    counts = counts[[h for h in hub_order(counts.columns)]]
    counts[study.all_units] = counts.sum(axis=1)
    return counts.sort_values([study.all_units], ascending=False, kind="stable").reset_index()


def records_per_hub(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Rows per unit and mapping round in each processed table, to check nothing was lost on the way."""
    out = tables["service_model"][["hub_id", "mapping_date"]].reset_index(drop=True)
    for name, label in (
        ("staffing", "staff_rows"),
        ("interventions", "interventions"),
        ("cleaning_log", "log_entries"),
    ):
        counts = tables[name].groupby(["hub_id", "mapping_date"]).size()
        out[label] = [int(counts.get(key, 0)) for key in zip(out["hub_id"], out["mapping_date"])]
    return out


# ---- the supplementary tables notebook 01 shows on the cleaning itself ----------------------------
TABLES = (
    Table(
        "records_per_hub",
        "01_clean",
        "Records read per {unit} and mapping round",
        {
            "hub_id": HUB,
            "mapping_date": MAPPED,
            "staff_rows": Column("Staff rows", unit="n", decimals=0),
            "interventions": Column("Interventions", unit="n", decimals=0),
            "log_entries": Column("Cleaning-log entries", unit="n", decimals=0),
        },
        compute=lambda service_model, staffing, interventions, cleaning_log: records_per_hub(
            {
                "service_model": service_model,
                "staffing": staffing,
                "interventions": interventions,
                "cleaning_log": cleaning_log,
            }
        ),
        fields={"service_model": (), "staffing": (), "interventions": (), "cleaning_log": ()},
        series=Series.SUPPLEMENT,
        layout=Layout.DOWN,
        saved=False,
    ),
    Table(
        "cleaning_log_summary",
        "01_clean",
        "Values changed by each cleaning rule, by {unit} (n)",
        {"rule": Column("Cleaning rule")},
        compute=lambda cleaning_log, study: log_summary(cleaning_log, study),
        fields={"cleaning_log": ("rule",)},
        series=Series.SUPPLEMENT,
        layout=Layout.ACROSS_NUMBERS,
        per_hub=COUNT,
        note="{all_units} sums the {units}.",
        saved=False,
    ),
    Table(
        "cleaning_log",
        "01_clean",
        "Cleaning log: every value the pipeline changed",
        {
            "hub_id": HUB,
            "mapping_date": MAPPED,
            "file": Column("Workbook"),
            **IN_WORKBOOK,
            "original": FOUND,
            "cleaned": Column("Cleaned", missing=""),
            "rule": Column("Rule"),
        },
        compute=lambda cleaning_log: cleaning_log,
        fields={"cleaning_log": ("file", "sheet", "row", "column", "original", "cleaned", "rule")},
        series=Series.SUPPLEMENT,
        note="Rows and columns as the site researcher sees them in Excel.",
        saved=False,
    ),
    Table(
        "notices",
        "01_clean",
        "Notices: entries valid cell by cell but unusual together, for each {unit} lead to confirm",
        {
            "hub_id": HUB,
            "mapping_date": MAPPED,
            "file": Column("Workbook"),
            **IN_WORKBOOK,
            "found": FOUND,
            "notice": Column("What is unusual"),
            "expected": Column("Usually"),
        },
        compute=lambda notices: notices,
        fields={"notices": ("file", "sheet", "row", "column", "found", "notice", "expected")},
        series=Series.SUPPLEMENT,
        note="None of these stops the run (make all STRICT=1 makes them errors); each {unit}'s profile lists its own "
        "under Please check.",
        saved=False,
    ),
)
