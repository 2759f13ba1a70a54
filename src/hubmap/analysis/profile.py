"""One Hub, as its lead reads it to check that the mapping is right (Allsopp et al. 2024).

Everything here is the Hub's own records, as recorded and as cleaned, plus where the Hub sits
among all Hubs on a few headline measures. The measures come from the same functions as the
cross-Hub tables (`staffing`, `services`), so a profile never disagrees with them. With
`anonymise` (the default for profiles that leave the team) no other Hub is named.
"""

from __future__ import annotations

import pandas as pd

from ..shared.hubs import ALL_HUBS, hub_order
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


def service_as_recorded(service: pd.DataFrame) -> pd.DataFrame:
    """Every field of the Service model sheet for one Hub, as cleaned; 'Not recorded' where blank."""
    record = service.iloc[0]
    rows = []
    for f in spec.SERVICE_FIELDS:
        value = record[f.key]
        if pd.isna(value):
            text = spec.NOT_RECORDED
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
    total = pd.DataFrame([{key: "Total", **{v: df[v].sum() for v in values}}])
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


def interventions(iv: pd.DataFrame) -> pd.DataFrame:
    return iv[["category", "intervention", "level", "delivery_mode", "provider"]].reset_index(drop=True)


def fidelity(service: pd.DataFrame) -> pd.DataFrame:
    return services.fidelity_matrix(service)[["item", "status"]]


def changes(log: pd.DataFrame) -> pd.DataFrame:
    """What the pipeline changed in the Hub's workbook, and why."""
    return log[["sheet", "row", "column", "original", "cleaned", "rule"]].reset_index(drop=True)


# ---- the Hub among all Hubs ----------------------------------------------------------------------
MEASURES = {  # column -> (label, unit, decimals, percent)
    "total_wte": ("Total WTE", "WTE", 1, False),
    "clinical_share": ("Clinical share of WTE", "%", 1, True),
    "share_band_7_plus": ("Clinical WTE at band 7 or above", "%", 1, True),
    "vacant_posts": ("Vacant posts", "n", 0, False),
    "interventions": ("Interventions offered", "n", 0, False),
    "in_house": ("Interventions delivered in-house (or both)", "n", 0, False),
    "core_offered": ("Core components offered, of 5", "n", 0, False),
    "wte_per_1000_eligible": ("WTE per 1,000 eligible staff", "WTE", 3, False),
}


def measures(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per Hub: the headline measures, from the functions behind the cross-Hub tables."""
    staff, service, iv = tables["staffing"], tables["service_model"], tables["interventions"]
    hubs = hub_order(service["hub_id"])
    split = staffing.clinical_split(staff).set_index("hub_id")
    senior = staffing.experienced_share(staff).set_index("hub_id")
    status = staffing.post_status(staff)
    vacant = status[status["post_status"] == "Vacant"].set_index("hub_id")["posts"]
    providers = services.provider_counts(iv, service).set_index("Provider")
    fid = services.fidelity_matrix(service)
    core = fid[fid["group"] == "NHSE&I core component"]
    per_1000 = staffing.wte_per_thousand(staff, service).set_index("hub_id")
    out = pd.DataFrame({"hub_id": hubs})
    out["total_wte"] = out["hub_id"].map(split["total_wte"]).fillna(0.0)
    out["clinical_share"] = out["hub_id"].map(split["clinical_share"])
    out["share_band_7_plus"] = out["hub_id"].map(senior["share_band_7_plus"])
    out["vacant_posts"] = out["hub_id"].map(vacant).fillna(0).astype(int)
    out["interventions"] = out["hub_id"].map(providers.loc["Total"]).astype(int)
    out["in_house"] = out["hub_id"].map(providers.loc["In-house"] + providers.loc["Both"]).astype(int)
    out["core_offered"] = out["hub_id"].map(
        core.groupby("hub_id")["status"].apply(lambda s: int((s == services.OFFERED).sum()))
    )
    out["wte_per_1000_eligible"] = out["hub_id"].map(per_1000["wte_per_1000_eligible"]).astype(float)
    return out


def comparison(all_measures: pd.DataFrame, hub: str, anonymise: bool = True) -> pd.DataFrame:
    """Each measure: this Hub, the median of all Hubs, and the lowest and highest Hub's values.

    With `anonymise`, no other Hub is named; otherwise the Hubs with the lowest and highest value are.
    """
    own = all_measures.set_index("hub_id")
    rows = []
    for key in MEASURES:
        values = own[key].astype(float)
        row = {
            "measure": key,
            "this_hub": values[hub],
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
