"""Who staffs each unit: WTE by professional group, clinical share, seniority, vacancies.

Every function takes the processed staffing table (and, where needed, the service
model and the study, for its groups, bands and terms) and returns a tidy DataFrame with every
unit and every category in a fixed order, zeros included, plus an 'All Hubs' (all units) total.
Manuscript layouts are built from these by `wide`. The tables the study publishes from them are
declared at the end (`TABLES`).
"""

from __future__ import annotations

import pandas as pd

from ..shared.declarations import COUNT, GROUP, HUB, WTE, Column, Layout, Series, Table
from ..shared.hubs import hubs_in
from ..shared.vocabulary import NOT_RECORDED, TOTAL
from ..template.study import Study


def _complete(df: pd.DataFrame, hubs: list[str], key: str, levels, values: list[str], total: str) -> pd.DataFrame:
    """Every unit x every level, missing combinations as 0, plus the all-units block `total`; fixed order."""
    grid = pd.MultiIndex.from_product([hubs, list(levels)], names=["hub_id", key])
    out = df.groupby(["hub_id", key], observed=True)[values].sum().reindex(grid, fill_value=0).reset_index()
    every = out.groupby(key, sort=False)[values].sum().reset_index().assign(hub_id=total)
    out = pd.concat([out, every[out.columns]], ignore_index=True)
    out["hub_id"] = pd.Categorical(out["hub_id"], hubs + [total], ordered=True)
    out[key] = pd.Categorical(out[key], list(levels), ordered=True)
    return out.sort_values(["hub_id", key], kind="stable").reset_index(drop=True)


def wte_by_group(staff: pd.DataFrame, study: Study) -> pd.DataFrame:
    """WTE and headcount by professional group per unit (filled and vacant posts)."""
    return _complete(
        staff, hubs_in(staff), "professional_group", study.group_names, ["wte", "headcount"], study.all_units
    )


def clinical_split(staff: pd.DataFrame, study: Study) -> pd.DataFrame:
    """Clinical and non-clinical WTE per unit, and the clinical share of all WTE."""
    s = staff.assign(role=staff["clinical"].map({True: "clinical", False: "non_clinical"}))
    t = _complete(s, hubs_in(staff), "role", ["clinical", "non_clinical"], ["wte"], study.all_units)
    wide = t.pivot(index="hub_id", columns="role", values="wte").reset_index()
    wide.columns.name = None
    wide = wide.rename(columns={"clinical": "clinical_wte", "non_clinical": "non_clinical_wte"})
    wide["total_wte"] = wide["clinical_wte"] + wide["non_clinical_wte"]
    wide["clinical_share"] = (wide["clinical_wte"] / wide["total_wte"]).where(wide["total_wte"] > 0)
    return wide


def band_profile(staff: pd.DataFrame, study: Study) -> pd.DataFrame:
    """WTE by pay band per unit, bands in pay order, posts on the other scale (medical) last."""
    return _complete(staff, hubs_in(staff), "band", study.pay_bands.order, ["wte"], study.all_units)


def experienced_share(staff: pd.DataFrame, study: Study) -> pd.DataFrame:
    """Share of clinical WTE on the study's experienced bands (band 7 or above: "experienced clinicians").

    Computed on clinical posts only: a band 8a manager is senior but not a clinician.
    Posts on the other scale (medical) have no band, so they are left out of the share and shown in
    their own column; add them to both sides if your question includes doctors.
    """
    bands = study.pay_bands
    clinical = staff[staff["clinical"]]
    medical = clinical["band"] == bands.other
    afc = clinical[~medical]
    per_hub = (
        pd.DataFrame(
            {  # grouped once, not filtered once per unit: linear in the number of units
                "clinical_afc_wte": afc.groupby("hub_id")["wte"].sum(),
                "band_7_plus_wte": afc[afc["band"].isin(bands.experienced)].groupby("hub_id")["wte"].sum(),
                "medical_wte": clinical[medical].groupby("hub_id")["wte"].sum(),
            }
        )
        .reindex(hubs_in(staff), fill_value=0.0)
        .fillna(0.0)
    )
    per_hub.loc[study.all_units] = per_hub.sum()
    total, senior = per_hub["clinical_afc_wte"], per_hub["band_7_plus_wte"]
    per_hub["share_band_7_plus"] = (senior / total).where(total > 0)
    return per_hub.rename_axis("hub_id").reset_index()[
        ["hub_id", "clinical_afc_wte", "band_7_plus_wte", "share_band_7_plus", "medical_wte"]
    ]


def post_status(staff: pd.DataFrame, study: Study) -> pd.DataFrame:
    """Filled, vacant and not-recorded posts (rows) and their WTE per unit."""
    s = staff.assign(posts=1)
    statuses = study.post_statuses + (NOT_RECORDED,)
    return _complete(s, hubs_in(staff), "post_status", statuses, ["posts", "wte"], study.all_units)


def wte_per_thousand(staff: pd.DataFrame, service: pd.DataFrame) -> pd.DataFrame:
    """A unit's WTE per 1,000 eligible staff, where the unit recorded its eligible workforce."""
    hubs = hubs_in(staff, service)
    wte = staff.groupby("hub_id")["wte"].sum().reindex(hubs, fill_value=0.0)
    size = service.set_index("hub_id")["eligible_workforce_size"].reindex(hubs)
    out = pd.DataFrame({"hub_id": hubs, "total_wte": wte.values, "eligible_workforce": size.values})
    out["wte_per_1000_eligible"] = (out["total_wte"] / out["eligible_workforce"].astype("Float64") * 1000).astype(
        "Float64"
    )
    return out


def wide(tidy: pd.DataFrame, key: str, value: str) -> pd.DataFrame:
    """Manuscript layout: categories (`key`) down the side, units across, totals row last. Numbers stay numbers."""
    table = tidy.pivot(index=key, columns="hub_id", values=value)
    table.columns = [str(c) for c in table.columns]
    table.loc[TOTAL] = table.sum()
    table.index = [str(i) for i in table.index]
    return table.rename_axis(key).reset_index()


def findings(staff: pd.DataFrame, service: pd.DataFrame, study: Study) -> list[str]:
    """The results paragraph, with every number computed from the tables above (a sentence on pay
    bands only for a study that records them, on vacancies for one that records post status)."""
    if not (study.has("staffing", "wte") and study.has("staffing", "professional_group")):
        return ["The study records no whole-time equivalent by professional group, so staffing is not summarised."]
    hubs = hubs_in(staff, service)
    n, every, unit, units = len(hubs), study.all_units, study.unit, study.units
    split = clinical_split(staff, study).set_index("hub_id")
    by_group = wte_by_group(staff, study)
    total = split.loc[every]
    per_hub = split.drop(index=every)
    mostly_clinical = int((per_hub["clinical_share"] > 0.5).sum())
    groups_all = by_group[by_group["hub_id"] == every].sort_values("wte", ascending=False)
    top = groups_all.iloc[0]
    with_group = by_group[
        (by_group["hub_id"] != every)
        & (by_group["professional_group"] == top["professional_group"])
        & (by_group["wte"] > 0)
    ]
    lines = [
        f"The {n} {unit if n == 1 else units} recorded {total['total_wte']:.1f} WTE in all "
        f"(range {per_hub['total_wte'].min():.1f}–{per_hub['total_wte'].max():.1f} per {unit}), "
        f"{total['clinical_share']:.0%} of it in clinical posts.",
        f"Clinical posts made up more than half of the WTE at {mostly_clinical} of {n} {units}.",
        f"{top['professional_group']} was the largest professional group ({top['wte']:.1f} WTE across {units}) "
        f"and was present at {len(with_group)} of {n} {units}.",
    ]
    if study.pay_bands and "band" in staff:
        exp = experienced_share(staff, study).set_index("hub_id")
        mostly_senior = int((exp.drop(index=every)["share_band_7_plus"] > 0.5).sum())
        bands = study.pay_bands
        lines.append(
            f"Across {units}, {exp.loc[every, 'share_band_7_plus']:.0%} of clinical WTE on {bands.name} "
            f"bands was at band {bands.experienced[0]} or above; the share exceeded half at {mostly_senior} of {n} "
            f"{units} ({bands.other_scale} posts, {exp.loc[every, 'medical_wte']:.1f} WTE, reported separately)."
        )
    if study.has("staffing", "post_status"):
        vac = post_status(staff, study)
        vac_all = vac[(vac["hub_id"] == every) & (vac["post_status"] == study.vacant)].iloc[0]
        lines.append(
            f"{int(vac_all['posts'])} post{'s' if vac_all['posts'] != 1 else ''} ({vac_all['wte']:.1f} WTE) "
            f"{'were' if vac_all['posts'] != 1 else 'was'} recorded as vacant."
        )
    return lines


# ---- the tables the study publishes from these --------------------------------------------------
_TOTALS = "The {all_units} column and the Total row sum the {units}."
_BAND = Column("{pay_bands} band")
_WTE_1 = {"unit": "WTE", "decimals": 1}

TABLES = (
    Table(
        "staffing_wte_by_group_manuscript",
        "02_staffing",
        "Whole-time equivalent (WTE) by professional group and {unit}",
        {"professional_group": GROUP},
        compute=lambda staffing, study: wide(wte_by_group(staffing, study), "professional_group", "wte"),
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
        compute=lambda staffing, study: wide(wte_by_group(staffing, study), "professional_group", "headcount"),
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
        compute=lambda staffing, study: clinical_split(staffing, study),
        fields={"staffing": ("clinical", "wte")},
        series=Series.PAPER,
        layout=Layout.DOWN,
    ),
    Table(
        "staffing_by_band_manuscript",
        "02_staffing",
        "WTE by {pay_bands_in_full} band and {unit}",
        {"band": _BAND},
        compute=lambda staffing, study: wide(band_profile(staffing, study), "band", "wte"),
        fields={"staffing": ("band", "wte")},
        series=Series.PAPER,
        layout=Layout.ACROSS_NUMBERS,
        per_hub=WTE,
        note=_TOTALS + " {other_band}: {other_scale} pay scales, which have no {pay_bands} band.",
    ),
    Table(
        "staffing_experienced_share",
        "02_staffing",
        "Clinical WTE at {pay_bands} band {experienced} or above",
        {
            "hub_id": HUB,
            "clinical_afc_wte": Column("Clinical, on {band_short} bands", **_WTE_1),
            "band_7_plus_wte": Column("At band {experienced} or above", **_WTE_1),
            "share_band_7_plus": Column(
                "Share at band {experienced} or above", unit="%", decimals=1, percent=True, missing="n/a"
            ),
            "medical_wte": Column("{other_band}", **_WTE_1),
        },
        compute=lambda staffing, study: experienced_share(staffing, study),
        fields={"staffing": ("clinical", "band", "wte")},
        series=Series.PAPER,
        layout=Layout.DOWN,
        note="Clinical posts only; {other_scale} posts, on their own pay scales, are shown apart and left out of the "
        "share.",
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
        compute=lambda staffing, study: post_status(staffing, study),
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
        note="Eligible workforce: the staff who may use the {unit}, as the {unit} recorded it.",
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
        compute=lambda staffing, study: wte_by_group(staffing, study),
        fields={"staffing": ("professional_group", "wte", "headcount")},
    ),
    Table(
        "staffing_by_band",
        "02_staffing",
        "WTE by {pay_bands} band and {unit} (tidy)",
        {"hub_id": HUB, "band": _BAND, "wte": WTE},
        compute=lambda staffing, study: band_profile(staffing, study),
        fields={"staffing": ("band", "wte")},
    ),
)
