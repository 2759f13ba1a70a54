"""One unit (a Hub), as its lead reads it to check that the mapping is right, as each Hub lead did in the
study this project began with.

Everything here is the unit's own records, as recorded and as cleaned, plus where the unit sits
among all units on a few headline measures. The measures come from the same functions as the
cross-unit tables (`staffing`, `services`), so a profile never disagrees with them. With
`anonymise` (the default for profiles that leave the team) no other unit is named.

`inputs` gathers what a profile shows from: the unit's own rows, its measures, and their spread
across all units. The profile's tables (`TABLES`) name what they need from it, and that is what the
per-unit sweep checks (`running.sweep`): a profile re-runs exactly when one of those inputs changes.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from ..shared.declarations import FOUND, GROUP, IN_WORKBOOK, Column, Series, Table
from ..shared.hubs import hub_order
from ..shared.vocabulary import NOT_RECORDED, OFFERED, TOTAL
from ..template.study import NO, YES, Study
from . import services, staffing


def own_rows(tables: dict[str, pd.DataFrame], hub: str, study: Study) -> dict[str, pd.DataFrame]:
    """The unit's rows in each processed table."""
    if hub not in set(tables["service_model"]["hub_id"]):
        raise KeyError(
            f"{hub!r} is not a {study.unit} in the processed tables; the {study.units} are "
            + ", ".join(hub_order(tables["service_model"]["hub_id"]))
        )
    return {name: df[df["hub_id"] == hub].reset_index(drop=True) for name, df in tables.items()}


def rows_by_hub(tables: dict[str, pd.DataFrame], hubs: list[str]) -> dict[str, dict[str, pd.DataFrame]]:
    """Unit -> its rows in each processed table, as `own_rows` gives them, each table split once."""
    out: dict[str, dict[str, pd.DataFrame]] = {hub: {} for hub in hubs}
    for name, df in tables.items():
        groups = {hub: rows.reset_index(drop=True) for hub, rows in df.groupby("hub_id", sort=False)}
        none = df.iloc[:0].reset_index(drop=True)
        for hub in hubs:
            out[hub][name] = groups.get(hub, none)
    return out


def service_as_recorded(service: pd.DataFrame, study: Study) -> pd.DataFrame:
    """Every field of the study's service-model sheet for one unit, as cleaned; 'Not recorded' where blank."""
    record = service.iloc[0]
    rows = []
    for f in study.fields("service_model"):
        value = record[f.key]
        if pd.isna(value):
            text = NOT_RECORDED
        elif f.kind == "yesno":
            text = YES if value else NO
        elif f.kind == "integer":
            text = f"{int(value):,}"
        elif f.kind == "number":
            text = f"{value:g}"
        else:
            text = str(value)
        rows.append({"field": f.label, "value": text})
    return pd.DataFrame(rows)


# A post as its profile lists it: the columns the study records, in this order.
POST_COLUMNS = (
    "source_row",
    "job_title",
    "professional_group",
    "band",
    "wte",
    "wte_source",
    "headcount",
    "post_status",
)


def staffing_rows(staff: pd.DataFrame) -> pd.DataFrame:
    """Every post as cleaned, with the workbook row it came from (and any field the study adds, last)."""
    known = [c for c in POST_COLUMNS if c in staff]
    added = [c for c in staff.columns if c not in known and c not in ("hub_id", "mapping_date", "clinical")]
    return staff[known + added].reset_index(drop=True)


def _with_total(df: pd.DataFrame, key: str, values: list[str]) -> pd.DataFrame:
    total = pd.DataFrame([{key: TOTAL, **{v: df[v].sum() for v in values}}])
    return pd.concat([df, total], ignore_index=True)


def wte_by_group(staff: pd.DataFrame, study: Study) -> pd.DataFrame:
    """The unit's WTE and headcount by professional group (groups it has), with a total."""
    table = staffing.wte_by_group(staff, study)
    own = table[(table["hub_id"] != study.all_units) & ((table["wte"] > 0) | (table["headcount"] > 0))]
    own = own[["professional_group", "wte", "headcount"]].astype({"professional_group": str})
    return _with_total(own, "professional_group", ["wte", "headcount"])


def wte_by_band(staff: pd.DataFrame, study: Study) -> pd.DataFrame:
    """The unit's WTE by pay band (bands it has), with a total."""
    table = staffing.band_profile(staff, study)
    own = table[(table["hub_id"] != study.all_units) & (table["wte"] > 0)][["band", "wte"]].astype({"band": str})
    return _with_total(own, "band", ["wte"])


def own_interventions(iv: pd.DataFrame) -> pd.DataFrame:
    """Every intervention, with the columns the study records."""
    return iv[[c for c in ("category", "intervention", "level", "delivery_mode", "provider") if c in iv]].reset_index(
        drop=True
    )


def fidelity(service: pd.DataFrame, study: Study) -> pd.DataFrame:
    return services.fidelity_matrix(service, study)[["item", "status"]]


def changes(log: pd.DataFrame) -> pd.DataFrame:
    """What the pipeline changed in the unit's workbook, and why."""
    return log[["sheet", "row", "column", "original", "cleaned", "rule"]].reset_index(drop=True)


# ---- the unit among all units --------------------------------------------------------------------
# Each headline measure: how it reads (one Column, so a measure is written the same in every profile) and
# the fields it needs; a measure whose fields the study does not record is left out.
MEASURES = {
    # computed with the clinical share (staffing.clinical_split), so it needs what that reads
    "total_wte": (Column("Total WTE", "WTE", 1), {"staffing": ("clinical", "wte")}),
    "clinical_share": (Column("Clinical share of WTE", "%", 1, percent=True), {"staffing": ("clinical", "wte")}),
    "share_band_7_plus": (
        Column("Clinical WTE at band {experienced} or above", "%", 1, percent=True),
        {"staffing": ("clinical", "band", "wte")},
    ),
    "vacant_posts": (Column("Vacant posts", "n", 0), {"staffing": ("post_status",)}),
    "interventions": (Column("Interventions offered", "n", 0), {"interventions": ("provider",)}),
    "in_house": (Column("Interventions delivered in-house (or both)", "n", 0), {"interventions": ("provider",)}),
    "core_offered": (Column("Core components offered, of {n_core}", "n", 0), {"service_model": ("@national_model",)}),
    "wte_per_1000_eligible": (
        Column("WTE per 1,000 eligible staff", "WTE", 3),
        {"staffing": ("wte",), "service_model": ("eligible_workforce_size",)},
    ),
}


def measured(study: Study) -> list[str]:
    """The measures the study records the fields of, in order."""
    return [key for key, (_, needs) in MEASURES.items() if not study.missing(needs)]


def measures(tables: dict[str, pd.DataFrame], study: Study) -> pd.DataFrame:
    """One row per unit: the headline measures the study records, from the functions behind the cross-unit
    tables. Each unit's measures depend on its own rows only, so one unit's tables give its row."""
    staff, service, iv = tables["staffing"], tables["service_model"], tables["interventions"]
    hubs = hub_order(service["hub_id"])
    out = pd.DataFrame({"hub_id": hubs})
    keys = measured(study)
    if "total_wte" in keys:
        split = staffing.clinical_split(staff, study).set_index("hub_id")
        out["total_wte"] = out["hub_id"].map(split["total_wte"]).fillna(0.0)
        out["clinical_share"] = out["hub_id"].map(split["clinical_share"])
    if "share_band_7_plus" in keys:
        senior = staffing.experienced_share(staff, study).set_index("hub_id")
        out["share_band_7_plus"] = out["hub_id"].map(senior["share_band_7_plus"])
    if "vacant_posts" in keys:
        status = staffing.post_status(staff, study)
        vacant = status[status["post_status"] == study.vacant].set_index("hub_id")["posts"]
        out["vacant_posts"] = out["hub_id"].map(vacant).fillna(0).astype(int)
    if "interventions" in keys:
        providers = services.provider_counts(iv, service, study).set_index("provider")
        out["interventions"] = out["hub_id"].map(providers.loc[TOTAL]).astype(int)
        out["in_house"] = out["hub_id"].map(providers.loc[study.in_house] + providers.loc[study.both]).astype(int)
    if "core_offered" in keys:
        fid = services.fidelity_matrix(service, study)
        core = fid[fid["group"] == study.national_model.group]
        offered = core.groupby("hub_id")["status"].apply(lambda s: int((s == OFFERED).sum()))
        out["core_offered"] = out["hub_id"].map(offered)
    if "wte_per_1000_eligible" in keys:
        per_1000 = staffing.wte_per_thousand(staff, service).set_index("hub_id")
        out["wte_per_1000_eligible"] = out["hub_id"].map(per_1000["wte_per_1000_eligible"]).astype(float)
    return out[["hub_id"] + keys]


def spread(all_measures: pd.DataFrame, anonymise: bool = True) -> pd.DataFrame:
    """Each measure across all units: median, lowest, highest, how many units recorded it; with
    `anonymise=False`, also which units are lowest and highest."""
    by_hub = all_measures.set_index("hub_id")
    rows = []
    for key in by_hub.columns:
        values = by_hub[key].astype(float)
        row = {
            "measure": key,
            "median": values.median(),
            "lowest": values.min(),
            "highest": values.max(),
            "hubs": int(values.notna().sum()),
        }
        if not anonymise:
            row["lowest_hub"] = ", ".join(values[values == values.min()].index) if values.notna().any() else ""
            row["highest_hub"] = ", ".join(values[values == values.max()].index) if values.notna().any() else ""
        rows.append(row)
    return pd.DataFrame(rows)


def comparison(own: pd.DataFrame, spread: pd.DataFrame, study: Study) -> pd.DataFrame:
    """Each measure: this unit (`own`, its one row of `measures`) beside all units (`spread`), each
    value written as its measure reads (the measures differ in unit, so a column holds several)."""
    rows = []
    for record in spread.to_dict("records"):
        column = replace(MEASURES[record["measure"]][0], missing="NR", dash_for_zero=False)
        row = {"measure": f"{study.say(column.label)} ({column.unit})", "hubs": record["hubs"]}
        row |= {
            key: column.text(value)
            for key, value in (
                ("this_hub", own[record["measure"]].iloc[0]),
                *((k, record[k]) for k in ("median", "lowest", "highest")),
            )
        }
        row |= {key: record[key] for key in ("lowest_hub", "highest_hub") if key in record}
        rows.append(row)
    return pd.DataFrame(rows)


def inputs(
    tables: dict[str, pd.DataFrame],
    hub: str,
    study: Study,
    anonymise: bool = True,
    every_hub: pd.DataFrame | None = None,
    spread_: pd.DataFrame | None = None,
    own: dict[str, pd.DataFrame] | None = None,
) -> dict[str, pd.DataFrame]:
    """What one unit's profile is made from: its own rows of every table, its measures, and the spread of
    the measures across all units. `every_hub` (`measures(tables, study)`), `spread_` and `own` (the unit's
    `rows_by_hub`) may be given, computed once for all units; the notebook, run for one unit, computes
    them itself."""
    own = own_rows(tables, hub, study) if own is None else own
    every_hub = measures(tables, study) if every_hub is None else every_hub
    return {
        **own,
        "measures": every_hub[every_hub["hub_id"] == hub].reset_index(drop=True),
        "spread": spread(every_hub, anonymise) if spread_ is None else spread_,
    }


HEADING_NEEDS = ("service_model", "rounds")
"""What a profile's opening says (the unit, its round, its workbook, its accuracy check) is made from."""


def needs() -> tuple[str, ...]:
    """The inputs a profile is made from: those its opening and its tables name (their declarations)."""
    return tuple(dict.fromkeys(HEADING_NEEDS + tuple(n for table in TABLES for n in table.needs)))


_WTE_2 = Column("WTE", "WTE", 2)
_HEADCOUNT = Column("Headcount", "n", 0)
_CATEGORY, _INTERVENTION = Column("Category"), Column("Intervention")

TABLES = (
    Table(
        "profile_notices",
        "07_hub_profile",
        "Please check: entries valid one by one but unusual together",
        {
            **IN_WORKBOOK,
            "found": FOUND,
            "notice": Column("What is unusual"),
            "expected": Column("Usually"),
        },
        compute=lambda notices: notices[["sheet", "row", "column", "found", "notice", "expected"]].reset_index(
            drop=True
        ),
        fields={"notices": ("sheet", "row", "column", "found", "notice", "expected")},
        series=Series.PROFILE,
        note="Please confirm each, or correct the workbook. No rows: nothing looked unusual.",
        saved=False,
    ),
    Table(
        "profile_service_model",
        "07_hub_profile",
        "Service model as recorded",
        {"field": Column("Field"), "value": Column("As recorded")},
        compute=lambda service_model, study: service_as_recorded(service_model, study),
        fields={"service_model": ("@*",)},
        series=Series.PROFILE,
        note="Not recorded: the workbook left the cell blank (not the same as No).",
        saved=False,
    ),
    Table(
        "profile_staffing",
        "07_hub_profile",
        "Staffing as cleaned, with the workbook row of each post",
        {
            "source_row": Column("Workbook row", decimals=0, dash_for_zero=False),
            "job_title": Column("Job title"),
            "professional_group": GROUP,
            "band": Column("{band_short} band"),
            "wte": _WTE_2,
            "wte_source": Column("Given as"),
            "headcount": _HEADCOUNT,
            "post_status": Column("Post status"),
            "notes": Column("Notes", missing=""),
        },
        compute=lambda staffing: staffing_rows(staffing),
        fields={"staffing": POST_COLUMNS[:3] + ("band?",) + POST_COLUMNS[4:] + ("notes?",)},
        series=Series.PROFILE,
        note="Given as hours: WTE = hours per week / {full_time_hours}. Row: the row of the {staffing_sheet} sheet.",
        saved=False,
    ),
    Table(
        "profile_wte_by_group",
        "07_hub_profile",
        "WTE and headcount by professional group",
        {"professional_group": GROUP, "wte": _WTE_2, "headcount": _HEADCOUNT},
        compute=lambda staffing, study: wte_by_group(staffing, study),
        fields={"staffing": ("professional_group", "wte", "headcount")},
        series=Series.PROFILE,
        note="Filled and vacant posts.",
        saved=False,
    ),
    Table(
        "profile_wte_by_band",
        "07_hub_profile",
        "WTE by {pay_bands} band",
        {"band": Column("{band_short} band"), "wte": _WTE_2},
        compute=lambda staffing, study: wte_by_band(staffing, study),
        fields={"staffing": ("band", "wte")},
        series=Series.PROFILE,
        note="{other_band}: {other_scale} pay scales, which have no {pay_bands} band.",
        saved=False,
    ),
    Table(
        "profile_interventions",
        "07_hub_profile",
        "Interventions",
        {
            "category": _CATEGORY,
            "intervention": _INTERVENTION,
            "level": Column("Level"),
            "delivery_mode": Column("Delivery mode"),
            "provider": Column("Provided by"),
        },
        compute=lambda interventions: own_interventions(interventions),
        fields={"interventions": ("category", "intervention", "level?", "delivery_mode?", "provider")},
        series=Series.PROFILE,
        note="{both}: delivered in-house and by referral to an external service.",
        saved=False,
    ),
    Table(
        "profile_fidelity",
        "07_hub_profile",
        "Core components of the {national_model} model, and adaptations",
        {"item": Column("Core component or adaptation"), "status": Column("Status")},
        compute=lambda service_model, study: fidelity(service_model, study),
        fields={"service_model": services.NATIONAL_MODEL_FIELDS},
        series=Series.PROFILE,
        saved=False,
    ),
    Table(
        "profile_changes",
        "07_hub_profile",
        "What the pipeline changed in this {unit}'s workbook, and why",
        {
            **IN_WORKBOOK,
            "original": FOUND,
            "cleaned": Column("Cleaned", missing=""),
            "rule": Column("Rule"),
        },
        compute=lambda cleaning_log: changes(cleaning_log),
        fields={"cleaning_log": ("sheet", "row", "column", "original", "cleaned", "rule")},
        series=Series.PROFILE,
        note="Rows and columns as they are in the workbook.",
        saved=False,
    ),
    Table(
        "profile_comparison",
        "07_hub_profile",
        "This {unit} beside all {units}",
        {
            "measure": Column("Measure"),
            "this_hub": Column("This {unit}", right=True),
            "median": Column("Median, all {units}", right=True),
            "lowest": Column("Lowest {unit}", right=True),
            "highest": Column("Highest {unit}", right=True),
            "hubs": Column("{Units}", unit="n", decimals=0),
            "lowest_hub": Column("Lowest"),
            "highest_hub": Column("Highest"),
        },
        compute=lambda measures, spread, study: comparison(measures, spread, study),
        series=Series.PROFILE,
        note="Each measure as in the cross-{unit} tables; {Units}: how many recorded it.",
        saved=False,
    ),
)
