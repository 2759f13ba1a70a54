"""Who staffs each Hub: WTE by professional group, clinical share, seniority, vacancies.

Every function takes the processed staffing table (and, where needed, the service
model) and returns a tidy DataFrame with every Hub and every category in a fixed
order, zeros included, plus an 'All Hubs' total. Manuscript layouts are built from
these by `wide`.
"""

from __future__ import annotations

import pandas as pd

from ..shared.hubs import ALL_HUBS, hubs_in
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
    statuses = spec.POST_STATUSES + (spec.NOT_RECORDED,)
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


def wide(tidy: pd.DataFrame, key: str, value: str, fmt: str = "{:.1f}") -> pd.DataFrame:
    """Manuscript layout: categories down the side, Hubs across, totals row last."""
    table = tidy.pivot(index=key, columns="hub_id", values=value)
    table.columns = [str(c) for c in table.columns]
    table.loc["Total"] = table.sum()
    table.index = [str(i) for i in table.index]
    return table.map(fmt.format).rename_axis(key.replace("_", " ").capitalize()).reset_index()


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
    vac_all = vac[(vac["hub_id"] == ALL_HUBS) & (vac["post_status"] == "Vacant")].iloc[0]
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
