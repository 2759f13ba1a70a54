"""How each Hub is set up, what it offers, and how it compares with the national model.

'Not recorded' (the template left blank, or a Hub with no interventions listed) is
always kept apart from 'Not offered' (recorded as No, or absent from a Hub's list).
"""

from __future__ import annotations

import pandas as pd

from ..shared.declarations import COUNT, HUB, Column, Layout, Series, Table
from ..shared.hubs import hubs_in
from ..shared.vocabulary import ALL_HUBS, NOT_OFFERED, NOT_RECORDED, OFFERED, TOTAL
from ..template import spec


def _listed(row: pd.Series, prefix: str, options: dict[str, str]) -> str:
    yes = [label for key, label in options.items() if row[f"{prefix}_{key}"] is True]
    unknown = [label for key, label in options.items() if pd.isna(row[f"{prefix}_{key}"])]
    text = "; ".join(yes) if yes else "None recorded"
    return text + (f" (not recorded: {'; '.join(unknown)})" if unknown else "")


def service_model_table(service: pd.DataFrame) -> pd.DataFrame:
    """One column per Hub, one row per characteristic: the paper's service-model table."""
    rows = {
        "Host organisation": lambda r: r["host_organisation"],
        "NHS England region": lambda r: r["region"],
        "Launched": lambda r: r["launch_date"],
        "Mapped": lambda r: r["mapping_date"],
        "Eligible workforce": lambda r: _listed(r, "eligible", spec.ELIGIBLE_WORKFORCE),
        "Eligible workforce size": lambda r: (
            f"{int(r['eligible_workforce_size']):,}" if pd.notna(r["eligible_workforce_size"]) else NOT_RECORDED
        ),
        "Access routes": lambda r: _listed(r, "access", spec.ACCESS_ROUTES),
        "Opening hours": lambda r: r["opening_hours"] if pd.notna(r["opening_hours"]) else NOT_RECORDED,
        "Delivery modes": lambda r: _listed(r, "mode", spec.HUB_DELIVERY_MODES),
        "Screening measures": lambda r: r["screening_measures"] if pd.notna(r["screening_measures"]) else NOT_RECORDED,
        "Clinical records system": lambda r: r["clinical_records_system"],
        "Accuracy check by Hub lead": lambda r: checked_text(r),
    }
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
    """The Hubs whose lead has not yet checked the mapping, in Hub order."""
    return hubs_in(service[service["checked_date"].isna()])


def accuracy_check_line(service: pd.DataFrame) -> str:
    """E.g. '3 of 4 Hubs checked by their leads (not yet: Hub D).'"""
    n, unchecked = service["hub_id"].nunique(), unchecked_hubs(service)
    line = f"{n - len(unchecked)} of {n} Hubs checked by their leads"
    if not unchecked:
        return line + "."
    named = ", ".join(unchecked[:10]) + (f" and {len(unchecked) - 10} more" if len(unchecked) > 10 else "")
    return f"{line} (not yet: {named})."


def intervention_matrix(interventions: pd.DataFrame, service: pd.DataFrame) -> pd.DataFrame:
    """Tidy matrix: every (category, intervention) x every Hub -> provider or not offered/recorded.

    A Hub that listed no interventions at all is 'Not recorded' throughout.
    """
    hubs = hubs_in(service)
    key = ["category", "intervention", "hub_id"]
    per_pair = (
        interventions.assign(_both=interventions["provider"] == spec.BOTH)
        .groupby(key)
        .agg(first=("provider", "first"), kinds=("provider", "nunique"), both=("_both", "any"))
    )
    offered = per_pair["first"].where((per_pair["kinds"] == 1) & ~per_pair["both"], spec.BOTH)
    items = interventions[["category", "intervention"]].drop_duplicates()
    rank = {c: i for i, c in enumerate(spec.INTERVENTION_CATEGORIES)}
    items = items.assign(_r=items["category"].map(rank)).sort_values(["_r", "intervention"]).drop(columns="_r")
    grid = pd.MultiIndex.from_tuples([(c, n, h) for c, n in items.itertuples(index=False) for h in hubs], names=key)
    matrix = offered.reindex(grid).rename("status").reset_index()
    recorded = matrix["hub_id"].isin(set(interventions["hub_id"]))
    matrix["status"] = matrix["status"].fillna(NOT_OFFERED)
    matrix.loc[~recorded, "status"] = NOT_RECORDED
    return matrix.astype({"status": str})[["category", "intervention", "hub_id", "status"]]


def matrix_wide(matrix: pd.DataFrame) -> pd.DataFrame:
    """Manuscript layout of the intervention matrix: Hubs across."""
    hubs = list(dict.fromkeys(matrix["hub_id"]))
    rows = pd.MultiIndex.from_frame(matrix[["category", "intervention"]].drop_duplicates())
    wide = matrix.pivot(index=["category", "intervention"], columns="hub_id", values="status").reindex(rows)
    return wide[hubs].reset_index()


def category_counts(interventions: pd.DataFrame, service: pd.DataFrame) -> pd.DataFrame:
    """Interventions per category per Hub (every category, zeros included), plus All Hubs.

    An intervention offered both in-house and externally counts once.
    """
    return _counts(interventions, service, "category", spec.INTERVENTION_CATEGORIES)


def level_counts(interventions: pd.DataFrame, service: pd.DataFrame) -> pd.DataFrame:
    return _counts(interventions, service, "level", spec.INTERVENTION_LEVELS)


def provider_counts(interventions: pd.DataFrame, service: pd.DataFrame) -> pd.DataFrame:
    return _counts(interventions, service, "provider", spec.PROVIDERS)


def _counts(interventions, service, key, levels) -> pd.DataFrame:
    hubs = hubs_in(service)
    counts = pd.crosstab(
        pd.Categorical(interventions[key], list(levels)), pd.Categorical(interventions["hub_id"], hubs), dropna=False
    )
    counts = counts.reindex(index=list(levels), columns=hubs, fill_value=0)
    counts[ALL_HUBS] = counts.sum(axis=1)
    counts.loc[TOTAL] = counts.sum()
    counts.index.name, counts.columns.name = key, None
    return counts.reset_index()


FIDELITY_ITEMS = [(spec.CORE_GROUP, key, label) for key, label in spec.CORE_COMPONENTS.items()] + [
    (spec.ADAPTATION_GROUP, key, label) for key, label in spec.FIDELITY_ADAPTATIONS.items()
]


NATIONAL_MODEL_FIELDS = ("@core", "@adapt", "clinical_records_system")
"""What the fidelity matrix reads: each core component and adaptation (a standalone records system is
the Service model sheet's records system, not a yes/no of its own)."""


def fidelity_matrix(service: pd.DataFrame) -> pd.DataFrame:
    """Each Hub x each core component and adaptation: Offered / Not offered / Not recorded."""
    rows = []
    svc = service.set_index("hub_id")
    for hub in hubs_in(service):
        r = svc.loc[hub]
        for group, key, label in FIDELITY_ITEMS:
            if key == "standalone_records":
                value = r["clinical_records_system"] == spec.STANDALONE_RECORDS
            else:
                value = r[("core_" if group == spec.CORE_GROUP else "adapt_") + key]
            status = NOT_RECORDED if pd.isna(value) else (OFFERED if value else NOT_OFFERED)
            rows.append({"group": group, "item": label, "hub_id": hub, "status": status})
    return pd.DataFrame(rows)


def fidelity_wide(fidelity: pd.DataFrame) -> pd.DataFrame:
    """Manuscript layout of the fidelity matrix: components down the side, Hubs across."""
    wide = fidelity.pivot(index="item", columns="hub_id", values="status").loc[list(dict.fromkeys(fidelity["item"]))]
    wide.columns.name = None
    return wide.reset_index()


def findings(service: pd.DataFrame, interventions: pd.DataFrame) -> list[str]:
    """Sentences for the results, every number computed from the tables."""
    hubs = hubs_in(service)
    n = len(hubs)
    fid = fidelity_matrix(service)
    core = fid[fid["group"] == spec.CORE_GROUP]
    all_core = core.groupby("hub_id")["status"].apply(lambda s: (s == OFFERED).all())
    lines = [
        f"{_n_of(all_core.sum(), n)} offered every NHSE&I core component and rapid access to mental health support."
    ]
    verbs = {spec.FIDELITY_ADAPTATIONS["standalone_records"]: "kept a standalone clinical records system"}
    for group, _, item in FIDELITY_ITEMS:
        if group != spec.ADAPTATION_GROUP:
            continue
        status = fid[fid["item"] == item]["status"]
        k, unk = int((status == OFFERED).sum()), int((status == NOT_RECORDED).sum())
        verb = verbs.get(item, "added " + item[0].lower() + item[1:])
        lines.append(f"{_n_of(k, n)} {verb}" + (f" ({unk} not recorded)." if unk else "."))
    recorded = sorted(set(interventions["hub_id"]))
    if recorded:
        per_hub = interventions.groupby("hub_id").size()
        lines.append(
            f"Hubs listed {per_hub.min()}–{per_hub.max()} interventions each "
            f"({len(interventions)} Hub-intervention pairs in all)."
        )
        ext = interventions[interventions["provider"].isin([spec.EXTERNAL, spec.BOTH])]
        therapy = _hubs_with(interventions, spec.INDIVIDUAL_THERAPY, spec.IN_HOUSE)
        lines.append(
            f"{_n_of(ext['hub_id'].nunique(), len(recorded))} referred out to external services for "
            "at least one intervention."
        )
        lines.append(f"{_n_of(therapy, len(recorded))} delivered individual psychological therapy in-house.")
    return lines


def _hubs_with(interventions, category, provider) -> int:
    sel = interventions[(interventions["category"] == category) & interventions["provider"].isin([provider, spec.BOTH])]
    return sel["hub_id"].nunique()


def _n_of(k: int, n: int) -> str:
    k = int(k)
    if k == n:
        return f"All {n} Hubs" if n > 2 else ("Both Hubs" if n == 2 else "The Hub")
    return f"{'No' if k == 0 else k} of {n} Hubs"


# ---- the tables the study publishes from these --------------------------------------------------
_TOTALS = "The All Hubs column and the Total row sum the Hubs."
_CATEGORY, _INTERVENTION = Column("Category"), Column("Intervention")
_ITEM = Column("Core component or adaptation")
_DESCRIBED = (  # what the service-model table reads: every field but the national model's
    "host_organisation",
    "region",
    "launch_date",
    "@eligible",
    "eligible_workforce_size",
    "@access",
    "opening_hours",
    "@mode",
    "screening_measures",
    "clinical_records_system",
    "checked_date",
    "checked_by",
)

TABLES = (
    Table(
        "service_model",
        "03_service_model",
        "Service model by {unit}",
        {"characteristic": Column("Characteristic")},
        compute=lambda service_model: service_model_table(service_model),
        fields={"service_model": _DESCRIBED},
        series=Series.PAPER,
        layout=Layout.ACROSS_TEXT,
        note="As recorded in each Hub's mapping workbook.",
    ),
    Table(
        "intervention_matrix_manuscript",
        "04_interventions",
        "Interventions by category and {unit}",
        {"category": _CATEGORY, "intervention": _INTERVENTION},
        compute=lambda interventions, service_model: matrix_wide(intervention_matrix(interventions, service_model)),
        fields={"interventions": ("category", "intervention", "provider"), "service_model": ()},
        series=Series.PAPER,
        layout=Layout.ACROSS_STATUS,
        note="Both: delivered in-house and by referral to an external service. Not offered: recorded as not "
        "offered. Not recorded: the Hub listed no interventions.",
    ),
    Table(
        "intervention_category_counts",
        "04_interventions",
        "Interventions per category and {unit} (n)",
        {"category": _CATEGORY},
        compute=lambda interventions, service_model: category_counts(interventions, service_model),
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
        compute=lambda interventions, service_model: level_counts(interventions, service_model),
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
        compute=lambda interventions, service_model: provider_counts(interventions, service_model),
        fields={"interventions": ("provider",), "service_model": ()},
        series=Series.PAPER,
        layout=Layout.ACROSS_NUMBERS,
        per_hub=COUNT,
        note=_TOTALS,
    ),
    Table(
        "fidelity_manuscript",
        "04_interventions",
        "Fidelity to the NHSE&I (2020) model and adaptations",
        {"item": _ITEM},
        compute=lambda service_model: fidelity_wide(fidelity_matrix(service_model)),
        fields={"service_model": NATIONAL_MODEL_FIELDS},
        series=Series.PAPER,
        layout=Layout.ACROSS_STATUS,
        note="The four NHSE&I core components plus rapid access to mental health support, and the adaptations "
        "reported by Allsopp et al. (2024).",
    ),
    # saved for machines and for the figures, not shown as numbered tables
    Table(
        "intervention_matrix",
        "04_interventions",
        "Interventions by category and {unit} (tidy)",
        {"category": _CATEGORY, "intervention": _INTERVENTION, "hub_id": HUB, "status": Column("Status")},
        compute=lambda interventions, service_model: intervention_matrix(interventions, service_model),
        fields={"interventions": ("category", "intervention", "provider"), "service_model": ()},
    ),
    Table(
        "fidelity",
        "04_interventions",
        "Fidelity to the NHSE&I model and adaptations (tidy)",
        {"group": Column("Group"), "item": _ITEM, "hub_id": HUB, "status": Column("Status")},
        compute=lambda service_model: fidelity_matrix(service_model),
        fields={"service_model": NATIONAL_MODEL_FIELDS},
    ),
)
