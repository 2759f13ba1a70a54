"""One Hub, as its lead reads it to check that the mapping is right (Allsopp et al. 2024).

Everything here is the Hub's own records, as recorded and as cleaned, plus where the Hub sits
among all Hubs on a few headline measures. The measures come from the same functions as the
cross-Hub tables (`staffing`, `services`), so a profile never disagrees with them. With
`anonymise` (the default for profiles that leave the team) no other Hub is named.

`inputs` gathers what a profile shows from: the Hub's own rows, its measures, and their spread
across all Hubs. The profile's tables (`TABLES`) name what they need from it, and that is what the
per-Hub sweep checks (`running.sweep`): a profile re-runs exactly when one of those inputs changes.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from ..shared.declarations import FOUND, GROUP, IN_WORKBOOK, Column, Series, Table
from ..shared.hubs import hub_order
from ..shared.vocabulary import ALL_HUBS, NOT_RECORDED, OFFERED, TOTAL
from ..template import spec
from . import services, staffing


def own_rows(tables: dict[str, pd.DataFrame], hub: str) -> dict[str, pd.DataFrame]:
    """The Hub's rows in each processed table."""
    if hub not in set(tables["service_model"]["hub_id"]):
        raise KeyError(
            f"{hub!r} is not a Hub in the processed tables; the Hubs are "
            + ", ".join(hub_order(tables["service_model"]["hub_id"]))
        )
    return {name: df[df["hub_id"] == hub].reset_index(drop=True) for name, df in tables.items()}


def rows_by_hub(tables: dict[str, pd.DataFrame], hubs: list[str]) -> dict[str, dict[str, pd.DataFrame]]:
    """Hub -> its rows in each processed table, as `own_rows` gives them, each table split once."""
    out: dict[str, dict[str, pd.DataFrame]] = {hub: {} for hub in hubs}
    for name, df in tables.items():
        groups = {hub: rows.reset_index(drop=True) for hub, rows in df.groupby("hub_id", sort=False)}
        none = df.iloc[:0].reset_index(drop=True)
        for hub in hubs:
            out[hub][name] = groups.get(hub, none)
    return out


def service_as_recorded(service: pd.DataFrame) -> pd.DataFrame:
    """Every field of the Service model sheet for one Hub, as cleaned; 'Not recorded' where blank."""
    record = service.iloc[0]
    rows = []
    for f in spec.SERVICE_FIELDS:
        value = record[f.key]
        if pd.isna(value):
            text = NOT_RECORDED
        elif f.kind == "yesno":
            text = spec.YES if value else spec.NO
        elif f.kind == "integer":
            text = f"{int(value):,}"
        else:
            text = str(value)
        rows.append({"field": f.label, "value": text})
    return pd.DataFrame(rows)


def staffing_rows(staff: pd.DataFrame) -> pd.DataFrame:
    """Every post as cleaned, with the workbook row it came from."""
    return staff[
        [
            "source_row",
            "job_title",
            "professional_group",
            "band",
            "wte",
            "wte_source",
            "headcount",
            "post_status",
            "notes",
        ]
    ].reset_index(drop=True)


def _with_total(df: pd.DataFrame, key: str, values: list[str]) -> pd.DataFrame:
    total = pd.DataFrame([{key: TOTAL, **{v: df[v].sum() for v in values}}])
    return pd.concat([df, total], ignore_index=True)


def wte_by_group(staff: pd.DataFrame) -> pd.DataFrame:
    """The Hub's WTE and headcount by professional group (groups it has), with a total."""
    table = staffing.wte_by_group(staff)
    own = table[(table["hub_id"] != ALL_HUBS) & ((table["wte"] > 0) | (table["headcount"] > 0))]
    own = own[["professional_group", "wte", "headcount"]].astype({"professional_group": str})
    return _with_total(own, "professional_group", ["wte", "headcount"])


def wte_by_band(staff: pd.DataFrame) -> pd.DataFrame:
    """The Hub's WTE by Agenda for Change band (bands it has), with a total."""
    table = staffing.band_profile(staff)
    own = table[(table["hub_id"] != ALL_HUBS) & (table["wte"] > 0)][["band", "wte"]].astype({"band": str})
    return _with_total(own, "band", ["wte"])


def own_interventions(iv: pd.DataFrame) -> pd.DataFrame:
    return iv[["category", "intervention", "level", "delivery_mode", "provider"]].reset_index(drop=True)


def fidelity(service: pd.DataFrame) -> pd.DataFrame:
    return services.fidelity_matrix(service)[["item", "status"]]


def changes(log: pd.DataFrame) -> pd.DataFrame:
    """What the pipeline changed in the Hub's workbook, and why."""
    return log[["sheet", "row", "column", "original", "cleaned", "rule"]].reset_index(drop=True)


# ---- the Hub among all Hubs ----------------------------------------------------------------------
MEASURES = {  # how each reads: one Column each, so a measure is written the same in every profile
    "total_wte": Column("Total WTE", "WTE", 1),
    "clinical_share": Column("Clinical share of WTE", "%", 1, percent=True),
    "share_band_7_plus": Column("Clinical WTE at band 7 or above", "%", 1, percent=True),
    "vacant_posts": Column("Vacant posts", "n", 0),
    "interventions": Column("Interventions offered", "n", 0),
    "in_house": Column("Interventions delivered in-house (or both)", "n", 0),
    "core_offered": Column(f"Core components offered, of {len(spec.CORE_COMPONENTS)}", "n", 0),
    "wte_per_1000_eligible": Column("WTE per 1,000 eligible staff", "WTE", 3),
}


def measures(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per Hub: the headline measures, from the functions behind the cross-Hub tables.

    Each Hub's measures depend on its own rows only, so one Hub's tables give its row."""
    staff, service, iv = tables["staffing"], tables["service_model"], tables["interventions"]
    hubs = hub_order(service["hub_id"])
    split = staffing.clinical_split(staff).set_index("hub_id")
    senior = staffing.experienced_share(staff).set_index("hub_id")
    status = staffing.post_status(staff)
    vacant = status[status["post_status"] == spec.VACANT].set_index("hub_id")["posts"]
    providers = services.provider_counts(iv, service).set_index("provider")
    fid = services.fidelity_matrix(service)
    core = fid[fid["group"] == spec.CORE_GROUP]
    per_1000 = staffing.wte_per_thousand(staff, service).set_index("hub_id")
    out = pd.DataFrame({"hub_id": hubs})
    out["total_wte"] = out["hub_id"].map(split["total_wte"]).fillna(0.0)
    out["clinical_share"] = out["hub_id"].map(split["clinical_share"])
    out["share_band_7_plus"] = out["hub_id"].map(senior["share_band_7_plus"])
    out["vacant_posts"] = out["hub_id"].map(vacant).fillna(0).astype(int)
    out["interventions"] = out["hub_id"].map(providers.loc[TOTAL]).astype(int)
    out["in_house"] = out["hub_id"].map(providers.loc[spec.IN_HOUSE] + providers.loc[spec.BOTH]).astype(int)
    out["core_offered"] = out["hub_id"].map(core.groupby("hub_id")["status"].apply(lambda s: int((s == OFFERED).sum())))
    out["wte_per_1000_eligible"] = out["hub_id"].map(per_1000["wte_per_1000_eligible"]).astype(float)
    return out


def spread(all_measures: pd.DataFrame, anonymise: bool = True) -> pd.DataFrame:
    """Each measure across all Hubs: median, lowest, highest, how many Hubs recorded it; with
    `anonymise=False`, also which Hubs are lowest and highest."""
    by_hub = all_measures.set_index("hub_id")
    rows = []
    for key in MEASURES:
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


def comparison(own: pd.DataFrame, spread: pd.DataFrame) -> pd.DataFrame:
    """Each measure: this Hub (`own`, its one row of `measures`) beside all Hubs (`spread`), each
    value written as its measure reads (the measures differ in unit, so a column holds several)."""
    rows = []
    for record in spread.to_dict("records"):
        column = replace(MEASURES[record["measure"]], missing="NR", dash_for_zero=False)
        row = {"measure": f"{column.label} ({column.unit})", "hubs": record["hubs"]}
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
    anonymise: bool = True,
    every_hub: pd.DataFrame | None = None,
    spread_: pd.DataFrame | None = None,
    own: dict[str, pd.DataFrame] | None = None,
) -> dict[str, pd.DataFrame]:
    """What one Hub's profile is made from: its own rows of every table, its measures, and the spread of
    the measures across all Hubs. `every_hub` (`measures(tables)`), `spread_` and `own` (the Hub's
    `rows_by_hub`) may be given, computed once for all Hubs; the notebook, run for one Hub, computes
    them itself."""
    own = own_rows(tables, hub) if own is None else own
    every_hub = measures(tables) if every_hub is None else every_hub
    return {
        **own,
        "measures": every_hub[every_hub["hub_id"] == hub].reset_index(drop=True),
        "spread": spread(every_hub, anonymise) if spread_ is None else spread_,
    }


HEADING_NEEDS = ("service_model", "rounds")
"""What a profile's opening says (the Hub, its round, its workbook, its accuracy check) is made from."""


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
        compute=lambda service_model: service_as_recorded(service_model),
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
            "band": Column("AfC band"),
            "wte": _WTE_2,
            "wte_source": Column("Given as"),
            "headcount": _HEADCOUNT,
            "post_status": Column("Post status"),
            "notes": Column("Notes", missing=""),
        },
        compute=lambda staffing: staffing_rows(staffing),
        fields={
            "staffing": (
                "source_row",
                "job_title",
                "professional_group",
                "band",
                "wte",
                "wte_source",
                "headcount",
                "post_status",
                "notes",
            )
        },
        series=Series.PROFILE,
        note=f"Given as hours: WTE = hours per week / {spec.FULL_TIME_HOURS:g}. Row: the row of the Staffing sheet.",
        saved=False,
    ),
    Table(
        "profile_wte_by_group",
        "07_hub_profile",
        "WTE and headcount by professional group",
        {"professional_group": GROUP, "wte": _WTE_2, "headcount": _HEADCOUNT},
        compute=lambda staffing: wte_by_group(staffing),
        fields={"staffing": ("professional_group", "wte", "headcount")},
        series=Series.PROFILE,
        note="Filled and vacant posts.",
        saved=False,
    ),
    Table(
        "profile_wte_by_band",
        "07_hub_profile",
        "WTE by Agenda for Change band",
        {"band": Column("AfC band"), "wte": _WTE_2},
        compute=lambda staffing: wte_by_band(staffing),
        fields={"staffing": ("band", "wte")},
        series=Series.PROFILE,
        note="Medical: medical pay scales, which have no Agenda for Change band.",
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
        fields={"interventions": ("category", "intervention", "level", "delivery_mode", "provider")},
        series=Series.PROFILE,
        note="Both: delivered in-house and by referral to an external service.",
        saved=False,
    ),
    Table(
        "profile_fidelity",
        "07_hub_profile",
        "Core components of the NHSE&I (2020) model, and adaptations",
        {"item": Column("Core component or adaptation"), "status": Column("Status")},
        compute=lambda service_model: fidelity(service_model),
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
        "This {unit} beside all {unit}s",
        {
            "measure": Column("Measure"),
            "this_hub": Column("This Hub", right=True),
            "median": Column("Median, all Hubs", right=True),
            "lowest": Column("Lowest Hub", right=True),
            "highest": Column("Highest Hub", right=True),
            "hubs": Column("Hubs", unit="n", decimals=0),
            "lowest_hub": Column("Lowest"),
            "highest_hub": Column("Highest"),
        },
        compute=lambda measures, spread: comparison(measures, spread),
        series=Series.PROFILE,
        note="Each measure as in the cross-Hub tables; Hubs: how many recorded it.",
        saved=False,
    ),
)
