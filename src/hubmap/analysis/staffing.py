"""Who staffs each Hub: WTE by professional group, clinical share, seniority, vacancies.

Every function takes the processed staffing table (and, where needed, the service
model) and returns a tidy DataFrame with every Hub and every category in a fixed
order, zeros included, plus an 'All Hubs' total. Manuscript layouts are built from
these by `wide`. The tables the study publishes from them are declared at the end (`TABLES`).
"""

from __future__ import annotations

import pandas as pd

from ..shared.declarations import COUNT, GROUP, HUB, WTE, Column, Layout, Series, Table
from ..shared.hubs import hubs_in
from ..shared.vocabulary import ALL_HUBS, NOT_RECORDED, TOTAL
from ..template import spec


def _complete(df: pd.DataFrame, hubs: list[str], key: str, levels, values: list[str]) -> pd.DataFrame:
    """Every Hub x every level, missing combinations as 0, plus an All Hubs block; fixed order."""
    grid = pd.MultiIndex.from_product([hubs, list(levels)], names=["hub_id", key])
    out = df.groupby(["hub_id", key], observed=True)[values].sum().reindex(grid, fill_value=0).reset_index()
    total = out.groupby(key, sort=False)[values].sum().reset_index().assign(hub_id=ALL_HUBS)
    out = pd.concat([out, total[out.columns]], ignore_index=True)
    out["hub_id"] = pd.Categorical(out["hub_id"], hubs + [ALL_HUBS], ordered=True)
    out[key] = pd.Categorical(out[key], list(levels), ordered=True)
    return out.sort_values(["hub_id", key], kind="stable").reset_index(drop=True)


def wte_by_group(staff: pd.DataFrame) -> pd.DataFrame:
    """WTE and headcount by professional group per Hub (filled and vacant posts)."""
    return _complete(staff, hubs_in(staff), "professional_group", spec.PROFESSIONAL_GROUP_NAMES, ["wte", "headcount"])


def clinical_split(staff: pd.DataFrame) -> pd.DataFrame:
    """Clinical and non-clinical WTE per Hub, and the clinical share of all WTE."""
    s = staff.assign(role=staff["clinical"].map({True: "clinical", False: "non_clinical"}))
    t = _complete(s, hubs_in(staff), "role", ["clinical", "non_clinical"], ["wte"])
    wide = t.pivot(index="hub_id", columns="role", values="wte").reset_index()
    wide.columns.name = None
    wide = wide.rename(columns={"clinical": "clinical_wte", "non_clinical": "non_clinical_wte"})
    wide["total_wte"] = wide["clinical_wte"] + wide["non_clinical_wte"]
    wide["clinical_share"] = (wide["clinical_wte"] / wide["total_wte"]).where(wide["total_wte"] > 0)
    return wide


def band_profile(staff: pd.DataFrame) -> pd.DataFrame:
    """WTE by Agenda for Change band per Hub, bands in pay order, medical posts last."""
    return _complete(staff, hubs_in(staff), "band", spec.BAND_ORDER, ["wte"])


def experienced_share(staff: pd.DataFrame) -> pd.DataFrame:
    """Share of clinical WTE on AfC band 7 or above ("experienced clinicians").

    Computed on clinical posts only: a band 8a manager is senior but not a clinician.
    Medical posts have no AfC band, so they are left out of the share and shown in
    their own column; add them to both sides if your question includes doctors.
    """
    clinical = staff[staff["clinical"]]
    medical = clinical["band"] == spec.MEDICAL_BAND
    afc = clinical[~medical]
    per_hub = (
        pd.DataFrame(
            {  # grouped once, not filtered once per Hub: linear in the number of Hubs
                "clinical_afc_wte": afc.groupby("hub_id")["wte"].sum(),
                "band_7_plus_wte": afc[afc["band"].isin(spec.EXPERIENCED_BANDS)].groupby("hub_id")["wte"].sum(),
                "medical_wte": clinical[medical].groupby("hub_id")["wte"].sum(),
            }
        )
        .reindex(hubs_in(staff), fill_value=0.0)
        .fillna(0.0)
    )
    per_hub.loc[ALL_HUBS] = per_hub.sum()
    total, senior = per_hub["clinical_afc_wte"], per_hub["band_7_plus_wte"]
    per_hub["share_band_7_plus"] = (senior / total).where(total > 0)
    return per_hub.rename_axis("hub_id").reset_index()[
        ["hub_id", "clinical_afc_wte", "band_7_plus_wte", "share_band_7_plus", "medical_wte"]
    ]


def post_status(staff: pd.DataFrame) -> pd.DataFrame:
    """Filled, vacant and not-recorded posts (rows) and their WTE per Hub."""
    s = staff.assign(posts=1)
    statuses = spec.POST_STATUSES + (NOT_RECORDED,)
    return _complete(s, hubs_in(staff), "post_status", statuses, ["posts", "wte"])


def wte_per_thousand(staff: pd.DataFrame, service: pd.DataFrame) -> pd.DataFrame:
    """Hub WTE per 1,000 eligible staff, where the Hub recorded its eligible workforce."""
    hubs = hubs_in(staff, service)
    wte = staff.groupby("hub_id")["wte"].sum().reindex(hubs, fill_value=0.0)
    size = service.set_index("hub_id")["eligible_workforce_size"].reindex(hubs)
    out = pd.DataFrame({"hub_id": hubs, "total_wte": wte.values, "eligible_workforce": size.values})
    out["wte_per_1000_eligible"] = (out["total_wte"] / out["eligible_workforce"].astype("Float64") * 1000).astype(
        "Float64"
    )
    return out


def wide(tidy: pd.DataFrame, key: str, value: str) -> pd.DataFrame:
    """Manuscript layout: categories (`key`) down the side, Hubs across, totals row last. Numbers stay numbers."""
    table = tidy.pivot(index=key, columns="hub_id", values=value)
    table.columns = [str(c) for c in table.columns]
    table.loc[TOTAL] = table.sum()
    table.index = [str(i) for i in table.index]
    return table.rename_axis(key).reset_index()


def findings(staff: pd.DataFrame, service: pd.DataFrame) -> list[str]:
    """The results paragraph, with every number computed from the tables above."""
    hubs = hubs_in(staff, service)
    n = len(hubs)
    split = clinical_split(staff).set_index("hub_id")
    exp = experienced_share(staff).set_index("hub_id")
    by_group = wte_by_group(staff)
    total = split.loc[ALL_HUBS]
    per_hub = split.drop(index=ALL_HUBS)
    mostly_clinical = int((per_hub["clinical_share"] > 0.5).sum())
    exp_hubs = exp.drop(index=ALL_HUBS)
    mostly_senior = int((exp_hubs["share_band_7_plus"] > 0.5).sum())
    groups_all = by_group[by_group["hub_id"] == ALL_HUBS].sort_values("wte", ascending=False)
    top = groups_all.iloc[0]
    with_group = by_group[
        (by_group["hub_id"] != ALL_HUBS)
        & (by_group["professional_group"] == top["professional_group"])
        & (by_group["wte"] > 0)
    ]
    vac = post_status(staff)
    vac_all = vac[(vac["hub_id"] == ALL_HUBS) & (vac["post_status"] == spec.VACANT)].iloc[0]
    lines = [
        f"The {n} Hub{'s' if n != 1 else ''} recorded {total['total_wte']:.1f} WTE in all "
        f"(range {per_hub['total_wte'].min():.1f}–{per_hub['total_wte'].max():.1f} per Hub), "
        f"{total['clinical_share']:.0%} of it in clinical posts.",
        f"Clinical posts made up more than half of the WTE at {mostly_clinical} of {n} Hubs.",
        f"{top['professional_group']} was the largest professional group ({top['wte']:.1f} WTE across Hubs) "
        f"and was present at {len(with_group)} of {n} Hubs.",
        f"Across Hubs, {exp.loc[ALL_HUBS, 'share_band_7_plus']:.0%} of clinical WTE on Agenda for Change "
        f"bands was at band 7 or above; the share exceeded half at {mostly_senior} of {n} Hubs "
        f"(medical posts, {exp.loc[ALL_HUBS, 'medical_wte']:.1f} WTE, reported separately).",
        f"{int(vac_all['posts'])} post{'s' if vac_all['posts'] != 1 else ''} ({vac_all['wte']:.1f} WTE) "
        f"{'were' if vac_all['posts'] != 1 else 'was'} recorded as vacant.",
    ]
    return lines


# ---- the tables the study publishes from these --------------------------------------------------
_TOTALS = "The All Hubs column and the Total row sum the Hubs."
_BAND = Column("Agenda for Change band")
_WTE_1 = {"unit": "WTE", "decimals": 1}

TABLES = (
    Table(
        "staffing_wte_by_group_manuscript",
        "02_staffing",
        "Whole-time equivalent (WTE) by professional group and {unit}",
        {"professional_group": GROUP},
        compute=lambda staffing: wide(wte_by_group(staffing), "professional_group", "wte"),
        fields={"staffing": ("professional_group", "wte", "headcount")},
        series=Series.PAPER,
        layout=Layout.ACROSS_NUMBERS,
        per_hub=WTE,
        note=_TOTALS + " Filled and vacant posts.",
    ),
    Table(
        "staffing_headcount_by_group_manuscript",
        "02_staffing",
        "Headcount by professional group and {unit}",
        {"professional_group": GROUP},
        compute=lambda staffing: wide(wte_by_group(staffing), "professional_group", "headcount"),
        fields={"staffing": ("professional_group", "wte", "headcount")},
        series=Series.PAPER,
        layout=Layout.ACROSS_NUMBERS,
        per_hub=COUNT,
        note=_TOTALS + " Vacant posts have a headcount of 0.",
    ),
    Table(
        "staffing_clinical_split",
        "02_staffing",
        "Clinical and non-clinical WTE by {unit}",
        {
            "hub_id": HUB,
            "clinical_wte": Column("Clinical", **_WTE_1),
            "non_clinical_wte": Column("Non-clinical", **_WTE_1),
            "total_wte": Column(TOTAL, **_WTE_1),
            "clinical_share": Column("Clinical share", unit="%", decimals=1, percent=True, missing="n/a"),
        },
        compute=lambda staffing: clinical_split(staffing),
        fields={"staffing": ("clinical", "wte")},
        series=Series.PAPER,
        layout=Layout.DOWN,
    ),
    Table(
        "staffing_by_band_manuscript",
        "02_staffing",
        "WTE by NHS Agenda for Change band and {unit}",
        {"band": _BAND},
        compute=lambda staffing: wide(band_profile(staffing), "band", "wte"),
        fields={"staffing": ("band", "wte")},
        series=Series.PAPER,
        layout=Layout.ACROSS_NUMBERS,
        per_hub=WTE,
        note=_TOTALS + " Medical: medical pay scales, which have no Agenda for Change band.",
    ),
    Table(
        "staffing_experienced_share",
        "02_staffing",
        "Clinical WTE at Agenda for Change band 7 or above",
        {
            "hub_id": HUB,
            "clinical_afc_wte": Column("Clinical, on AfC bands", **_WTE_1),
            "band_7_plus_wte": Column("At band 7 or above", **_WTE_1),
            "share_band_7_plus": Column("Share at band 7 or above", unit="%", decimals=1, percent=True, missing="n/a"),
            "medical_wte": Column(spec.MEDICAL_BAND, **_WTE_1),
        },
        compute=lambda staffing: experienced_share(staffing),
        fields={"staffing": ("clinical", "band", "wte")},
        series=Series.PAPER,
        layout=Layout.DOWN,
        note="Clinical posts only; medical posts, on their own pay scales, are shown apart and left out of the share.",
    ),
    Table(
        "staffing_post_status",
        "02_staffing",
        "Filled and vacant posts by {unit}",
        {
            "hub_id": HUB,
            "post_status": Column("Post status"),
            "posts": Column("Posts", unit="n", decimals=0),
            "wte": WTE,
        },
        compute=lambda staffing: post_status(staffing),
        fields={"staffing": ("post_status", "wte")},
        series=Series.PAPER,
        layout=Layout.DOWN,
    ),
    Table(
        "staffing_wte_per_1000",
        "02_staffing",
        "WTE per 1,000 staff eligible to use the {unit}",
        {
            "hub_id": HUB,
            "total_wte": Column(TOTAL, **_WTE_1),
            "eligible_workforce": Column("Eligible workforce", unit="n", decimals=0),
            "wte_per_1000_eligible": Column("Per 1,000 eligible staff", unit="WTE", decimals=3),
        },
        compute=lambda staffing, service_model: wte_per_thousand(staffing, service_model),
        fields={"staffing": ("wte",), "service_model": ("eligible_workforce_size",)},
        series=Series.PAPER,
        layout=Layout.DOWN,
        note="Eligible workforce: the staff who may use the Hub, as the Hub recorded it.",
    ),
    # saved for machines and for the figures, not shown as numbered tables
    Table(
        "staffing_by_group",
        "02_staffing",
        "WTE and headcount by professional group and {unit} (tidy)",
        {
            "hub_id": HUB,
            "professional_group": GROUP,
            "wte": WTE,
            "headcount": Column("Headcount", unit="n", decimals=0),
        },
        compute=lambda staffing: wte_by_group(staffing),
        fields={"staffing": ("professional_group", "wte", "headcount")},
    ),
    Table(
        "staffing_by_band",
        "02_staffing",
        "WTE by Agenda for Change band and {unit} (tidy)",
        {"hub_id": HUB, "band": _BAND, "wte": WTE},
        compute=lambda staffing: band_profile(staffing),
        fields={"staffing": ("band", "wte")},
    ),
)
