"""How each Hub is set up, what it offers, and how it compares with the national model.

'Not recorded' (the template left blank, or a Hub with no interventions listed) is
always kept apart from 'Not offered' (recorded as No, or absent from a Hub's list).
"""

from __future__ import annotations

import pandas as pd

from ..shared.declarations import COUNT, HUB, Column, Layout, Series, Table
from ..shared.hubs import hubs_in
from ..shared.vocabulary import NOT_OFFERED, NOT_RECORDED, OFFERED, TOTAL
from ..template.study import Study


def _listed(row: pd.Series, prefix: str, options) -> str:
    yes = [o.label for o in options if row[f"{prefix}_{o.value}"] is True]
    unknown = [o.label for o in options if pd.isna(row[f"{prefix}_{o.value}"])]
    text = "; ".join(yes) if yes else "None recorded"
    return text + (f" (not recorded: {'; '.join(unknown)})" if unknown else "")


def _as_recorded(value, kind: str) -> str:
    """A field's value as the service-model table writes it: 'Not recorded' where blank."""
    if pd.isna(value):
        return NOT_RECORDED
    if kind == "integer":
        return f"{int(value):,}"
    if kind == "number":
        return f"{value:g}"
    return str(value)


def service_model_table(service: pd.DataFrame, study: Study) -> pd.DataFrame:
    """One column per unit, one row per characteristic the study's definition lists (`table` of its
    service-model sheet; a group of yes/no fields as one row), then the accuracy check: the paper's
    service-model table."""
    sheet = study.sheet("service_model")
    rows = {}
    for row in sheet.table:
        if "group" in row:
            title, options, _ = sheet.groups[row["group"]]
            rows[row.get("label", title)] = lambda r, p=row["group"], o=options: _listed(r, p, o)
        else:
            f = sheet.field(row["field"])
            rows[row.get("label", f.label)] = lambda r, k=f.key, kind=f.kind: _as_recorded(r[k], kind)
    if sheet.field("checked_date"):
        rows[f"Accuracy check by {study.unit} lead"] = lambda r: checked_text(r)
    svc = service.set_index("hub_id").loc[hubs_in(service)]
    table = pd.DataFrame({hub: {name: get(row) for name, get in rows.items()} for hub, row in svc.iterrows()})
    return table.rename_axis("characteristic").reset_index()


NOT_YET_CHECKED = "Not yet checked"


def checked_text(record: pd.Series) -> str:
    """'2021-07-05 (Hub clinical lead)', or 'Not yet checked'."""
    if pd.isna(record["checked_date"]):
        return NOT_YET_CHECKED
    return record["checked_date"] + (f" ({record['checked_by']})" if pd.notna(record["checked_by"]) else "")


def unchecked_hubs(service: pd.DataFrame) -> list[str]:
    """The units whose lead has not yet checked the mapping, in unit order (none, if the study records no check)."""
    return hubs_in(service[service["checked_date"].isna()]) if "checked_date" in service else []


def accuracy_check_line(service: pd.DataFrame, units: str) -> str:
    """E.g. '3 of 4 Hubs checked by their leads (not yet: Hub D).'"""
    n, unchecked = service["hub_id"].nunique(), unchecked_hubs(service)
    line = f"{n - len(unchecked)} of {n} {units} checked by their leads"
    if not unchecked:
        return line + "."
    named = ", ".join(unchecked[:10]) + (f" and {len(unchecked) - 10} more" if len(unchecked) > 10 else "")
    return f"{line} (not yet: {named})."


def intervention_matrix(interventions: pd.DataFrame, service: pd.DataFrame, study: Study) -> pd.DataFrame:
    """Tidy matrix: every (category, intervention) x every unit -> provider or not offered/recorded.

    A unit that listed no interventions at all is 'Not recorded' throughout.
    """
    hubs = hubs_in(service)
    key = ["category", "intervention", "hub_id"]
    per_pair = (
        interventions.assign(_both=interventions["provider"] == study.both)
        .groupby(key)
        .agg(first=("provider", "first"), kinds=("provider", "nunique"), both=("_both", "any"))
    )
    offered = per_pair["first"].where((per_pair["kinds"] == 1) & ~per_pair["both"], study.both)
    items = interventions[["category", "intervention"]].drop_duplicates()
    rank = {c: i for i, c in enumerate(study.categories)}
    items = items.assign(_r=items["category"].map(rank)).sort_values(["_r", "intervention"]).drop(columns="_r")
    grid = pd.MultiIndex.from_tuples([(c, n, h) for c, n in items.itertuples(index=False) for h in hubs], names=key)
    matrix = offered.reindex(grid).rename("status").reset_index()
    recorded = matrix["hub_id"].isin(set(interventions["hub_id"]))
    matrix["status"] = matrix["status"].fillna(NOT_OFFERED)
    matrix.loc[~recorded, "status"] = NOT_RECORDED
    return matrix.astype({"status": str})[["category", "intervention", "hub_id", "status"]]


def matrix_wide(matrix: pd.DataFrame) -> pd.DataFrame:
    """Manuscript layout of the intervention matrix: units across."""
    hubs = list(dict.fromkeys(matrix["hub_id"]))
    rows = pd.MultiIndex.from_frame(matrix[["category", "intervention"]].drop_duplicates())
    wide = matrix.pivot(index=["category", "intervention"], columns="hub_id", values="status").reindex(rows)
    return wide[hubs].reset_index()


def category_counts(interventions: pd.DataFrame, service: pd.DataFrame, study: Study) -> pd.DataFrame:
    """Interventions per category per unit (every category, zeros included), plus all units.

    An intervention offered both in-house and externally counts once.
    """
    return _counts(interventions, service, "category", study.categories, study.all_units)


def level_counts(interventions: pd.DataFrame, service: pd.DataFrame, study: Study) -> pd.DataFrame:
    return _counts(
        interventions, service, "level", study.sheet("interventions").field("level").choices, study.all_units
    )


def provider_counts(interventions: pd.DataFrame, service: pd.DataFrame, study: Study) -> pd.DataFrame:
    return _counts(interventions, service, "provider", study.providers, study.all_units)


def _counts(interventions, service, key, levels, every: str) -> pd.DataFrame:
    hubs = hubs_in(service)
    counts = pd.crosstab(
        pd.Categorical(interventions[key], list(levels)), pd.Categorical(interventions["hub_id"], hubs), dropna=False
    )
    counts = counts.reindex(index=list(levels), columns=hubs, fill_value=0)
    counts[every] = counts.sum(axis=1)
    counts.loc[TOTAL] = counts.sum()
    counts.index.name, counts.columns.name = key, None
    return counts.reset_index()


NATIONAL_MODEL_FIELDS = ("@national_model",)
"""What the fidelity matrix reads: the field that measures each component and adaptation (a yes/no field
of its own, or another field's value: a standalone records system is the records-system field)."""


def fidelity_matrix(service: pd.DataFrame, study: Study) -> pd.DataFrame:
    """Each unit x each component of the national model and adaptation: Offered / Not offered / Not recorded."""
    model = study.national_model
    rows = []
    svc = service.set_index("hub_id")
    for hub in hubs_in(service):
        r = svc.loc[hub]
        for c in study.components:
            value = r[c.field] == c.measured_by["equals"] if c.measured_by else r[c.field]
            status = NOT_RECORDED if pd.isna(value) else (OFFERED if value else NOT_OFFERED)
            group = model.group if c.group == "core" else model.adaptation_group
            rows.append({"group": group, "item": c.label, "hub_id": hub, "status": status})
    return pd.DataFrame(rows)


def fidelity_wide(fidelity: pd.DataFrame) -> pd.DataFrame:
    """Manuscript layout of the fidelity matrix: components down the side, Hubs across."""
    wide = fidelity.pivot(index="item", columns="hub_id", values="status").loc[list(dict.fromkeys(fidelity["item"]))]
    wide.columns.name = None
    return wide.reset_index()


def findings(service: pd.DataFrame, interventions: pd.DataFrame, study: Study) -> list[str]:
    """Sentences for the results, every number computed from the tables."""
    hubs = hubs_in(service)
    n, units, model = len(hubs), study.words["Units"], study.national_model
    lines = []
    if model:
        fid = fidelity_matrix(service, study)
        core = fid[fid["group"] == model.group]
        all_core = core.groupby("hub_id")["status"].apply(lambda s: (s == OFFERED).all())
        lines.append(f"{_n_of(all_core.sum(), n, study)} offered {model.every}.")
        for c in model.adaptations:
            status = fid[fid["item"] == c.label]["status"]
            k, unk = int((status == OFFERED).sum()), int((status == NOT_RECORDED).sum())
            verb = c.verb or "added " + c.label[0].lower() + c.label[1:]
            lines.append(f"{_n_of(k, n, study)} {verb}" + (f" ({unk} not recorded)." if unk else "."))
    recorded = sorted(set(interventions["hub_id"]))
    if recorded and study.sheet("interventions"):
        per_hub = interventions.groupby("hub_id").size()
        lines.append(
            f"{units} listed {per_hub.min()}–{per_hub.max()} interventions each "
            f"({len(interventions)} {study.unit}-intervention pairs in all)."
        )
        ext = interventions[interventions["provider"].isin([study.external, study.both])]
        lines.append(
            f"{_n_of(ext['hub_id'].nunique(), len(recorded), study)} referred out to external services for "
            "at least one intervention."
        )
        if study.therapy_category:
            therapy = _hubs_with(interventions, study.therapy_category, study.in_house, study.both)
            lines.append(f"{_n_of(therapy, len(recorded), study)} delivered {study.therapy_category.lower()} in-house.")
    return lines


def _hubs_with(interventions, category, provider, both) -> int:
    sel = interventions[(interventions["category"] == category) & interventions["provider"].isin([provider, both])]
    return sel["hub_id"].nunique()


def _n_of(k: int, n: int, study: Study) -> str:
    k, units = int(k), study.units
    if k == n:
        return f"All {n} {units}" if n > 2 else (f"Both {units}" if n == 2 else f"The {study.unit}")
    return f"{'No' if k == 0 else k} of {n} {units}"


# ---- the tables the study publishes from these --------------------------------------------------
_TOTALS = "The {all_units} column and the Total row sum the {units}."
_CATEGORY, _INTERVENTION = Column("Category"), Column("Intervention")
_ITEM = Column("Core component or adaptation")
_DESCRIBED = ("@table", "checked_date?", "checked_by?")  # the rows the study's definition lists, and the check

TABLES = (
    Table(
        "service_model",
        "03_service_model",
        "Service model by {unit}",
        {"characteristic": Column("Characteristic")},
        compute=lambda service_model, study: service_model_table(service_model, study),
        fields={"service_model": _DESCRIBED},
        series=Series.PAPER,
        layout=Layout.ACROSS_TEXT,
        note="As recorded in each {unit}'s mapping workbook.",
    ),
    Table(
        "intervention_matrix_manuscript",
        "04_interventions",
        "Interventions by category and {unit}",
        {"category": _CATEGORY, "intervention": _INTERVENTION},
        compute=lambda interventions, service_model, study: matrix_wide(
            intervention_matrix(interventions, service_model, study)
        ),
        fields={"interventions": ("category", "intervention", "provider"), "service_model": ()},
        series=Series.PAPER,
        layout=Layout.ACROSS_STATUS,
        note="{both}: delivered in-house and by referral to an external service. Not offered: recorded as not "
        "offered. Not recorded: the {unit} listed no interventions.",
    ),
    Table(
        "intervention_category_counts",
        "04_interventions",
        "Interventions per category and {unit} (n)",
        {"category": _CATEGORY},
        compute=lambda interventions, service_model, study: category_counts(interventions, service_model, study),
        fields={"interventions": ("category",), "service_model": ()},
        series=Series.PAPER,
        layout=Layout.ACROSS_NUMBERS,
        per_hub=COUNT,
        note=_TOTALS + " An intervention offered both in-house and externally counts once.",
    ),
    Table(
        "intervention_level_counts",
        "04_interventions",
        "Interventions per level and {unit} (n)",
        {"level": Column("Level")},
        compute=lambda interventions, service_model, study: level_counts(interventions, service_model, study),
        fields={"interventions": ("level",), "service_model": ()},
        series=Series.PAPER,
        layout=Layout.ACROSS_NUMBERS,
        per_hub=COUNT,
        note=_TOTALS,
    ),
    Table(
        "intervention_provider_counts",
        "04_interventions",
        "Interventions per provider and {unit} (n)",
        {"provider": Column("Provided by")},
        compute=lambda interventions, service_model, study: provider_counts(interventions, service_model, study),
        fields={"interventions": ("provider",), "service_model": ()},
        series=Series.PAPER,
        layout=Layout.ACROSS_NUMBERS,
        per_hub=COUNT,
        note=_TOTALS,
    ),
    Table(
        "fidelity_manuscript",
        "04_interventions",
        "Fidelity to the {national_model} model and adaptations",
        {"item": _ITEM},
        compute=lambda service_model, study: fidelity_wide(fidelity_matrix(service_model, study)),
        fields={"service_model": NATIONAL_MODEL_FIELDS},
        series=Series.PAPER,
        layout=Layout.ACROSS_STATUS,
        note="{national_model_described}.",
    ),
    # saved for machines and for the figures, not shown as numbered tables
    Table(
        "intervention_matrix",
        "04_interventions",
        "Interventions by category and {unit} (tidy)",
        {"category": _CATEGORY, "intervention": _INTERVENTION, "hub_id": HUB, "status": Column("Status")},
        compute=lambda interventions, service_model, study: intervention_matrix(interventions, service_model, study),
        fields={"interventions": ("category", "intervention", "provider"), "service_model": ()},
    ),
    Table(
        "fidelity",
        "04_interventions",
        "Fidelity to the {national_model_short} model and adaptations (tidy)",
        {"group": Column("Group"), "item": _ITEM, "hub_id": HUB, "status": Column("Status")},
        compute=lambda service_model, study: fidelity_matrix(service_model, study),
        fields={"service_model": NATIONAL_MODEL_FIELDS},
    ),
)
