"""What changed at each Hub between consecutive mapping rounds, all computed from the data.

Staffing is compared by professional group and by band (WTE before and after), and post by
post: a post is the same post in both rounds when its job title (as the title lookup reads it)
and professional group match; the first such post in one round is paired with the first in the
other, and so on. An intervention is the same when its category and name match. The core
components and adaptations are compared as the fidelity table records them. A Hub mapped once
is listed as such.
"""

from __future__ import annotations

import pandas as pd

from ..intake.parse import normalise_title
from ..shared.declarations import GROUP, HUB, Column, Layout, Series, Table
from ..shared.hubs import hub_order
from ..shared.vocabulary import OFFERED
from ..template.study import Study
from . import services, staffing

MAPPED_ONCE = "mapped once"


def round_pairs(service: pd.DataFrame) -> pd.DataFrame:
    """Each unit's consecutive rounds (before, after); a unit mapped once has one row with no 'after'."""
    rows = []
    for hub in hub_order(service["hub_id"]):
        dates = sorted(service.loc[service["hub_id"] == hub, "mapping_date"])
        if len(dates) == 1:
            rows.append({"hub_id": hub, "before": dates[0], "after": None})
        rows += [{"hub_id": hub, "before": a, "after": b} for a, b in zip(dates, dates[1:])]
    return pd.DataFrame(rows, columns=["hub_id", "before", "after"])


def _round(df: pd.DataFrame, hub: str, date: str) -> pd.DataFrame:
    return df[(df["hub_id"] == hub) & (df["mapping_date"] == date)]


def _pairs(pairs: pd.DataFrame):
    return [r for r in pairs.itertuples(index=False) if isinstance(r.after, str)]


def summary(tables: dict[str, pd.DataFrame], study: Study) -> pd.DataFrame:
    """One row per unit and pair of rounds: dates, total WTE before and after, and what changed (counts)."""
    pairs = round_pairs(tables["service_model"])
    posts = post_changes(tables, study)
    interventions, components = intervention_changes(tables), component_changes(tables, study)
    rows = []
    for r in pairs.itertuples(index=False):
        if not isinstance(r.after, str):  # mapped once
            total = _round(tables["staffing"], r.hub_id, r.before)["wte"].sum()
            rows.append(
                {
                    "hub_id": r.hub_id,
                    "rounds": f"{r.before} ({MAPPED_ONCE})",
                    "wte_before": total,
                    "wte_after": None,
                    "post_changes": None,
                    "intervention_changes": None,
                    "component_changes": None,
                }
            )
            continue
        counts = {
            name: int(((df["hub_id"] == r.hub_id) & (df["after"] == r.after)).sum())
            for name, df in (
                ("post_changes", posts),
                ("intervention_changes", interventions),
                ("component_changes", components),
            )
        }
        rows.append(
            {
                "hub_id": r.hub_id,
                "rounds": f"{r.before} to {r.after}",
                "wte_before": _round(tables["staffing"], r.hub_id, r.before)["wte"].sum(),
                "wte_after": _round(tables["staffing"], r.hub_id, r.after)["wte"].sum(),
                **counts,
            }
        )
    out = pd.DataFrame(rows)
    for c in ("post_changes", "intervention_changes", "component_changes"):
        out[c] = out[c].astype("Int64")
    out["wte_after"] = out["wte_after"].astype("Float64")
    return out


def wte_changes(tables: dict[str, pd.DataFrame], by: str, study: Study) -> pd.DataFrame:
    """WTE before and after, where it changed: by professional group or band (`by='professional_group'` or `'band'`)."""
    table = staffing.wte_by_group if by == "professional_group" else staffing.band_profile

    def wte(staff: pd.DataFrame) -> pd.Series:  # the unit's own rows, without the all-units block
        own = table(staff, study)
        return own[own["hub_id"] != study.all_units].set_index(by)["wte"]

    rows = []
    for r in _pairs(round_pairs(tables["service_model"])):
        before = wte(_round(tables["staffing"], r.hub_id, r.before))
        after = wte(_round(tables["staffing"], r.hub_id, r.after))
        for category in before.index:
            b, a = float(before[category]), float(after[category])
            if round(a - b, 4) != 0:
                rows.append(
                    {
                        "hub_id": r.hub_id,
                        "before": r.before,
                        "after": r.after,
                        by: str(category),
                        "wte_before": b,
                        "wte_after": a,
                        "change": round(a - b, 4),
                    }
                )
    return pd.DataFrame(rows, columns=["hub_id", "before", "after", by, "wte_before", "wte_after", "change"])


def _post_key(row) -> tuple:
    return normalise_title(row.job_title), row.professional_group


def post_changes(tables: dict[str, pd.DataFrame], study: Study) -> pd.DataFrame:
    """Posts added, removed, filled, vacated, or with another WTE or band (where the study records bands),
    between consecutive rounds."""
    vacant, rows = study.vacant, []
    for r in _pairs(round_pairs(tables["service_model"])):
        old = list(_round(tables["staffing"], r.hub_id, r.before).sort_values("source_row").itertuples(index=False))
        new = list(_round(tables["staffing"], r.hub_id, r.after).sort_values("source_row").itertuples(index=False))
        unmatched = list(new)
        for post in old:
            match = next((p for p in unmatched if _post_key(p) == _post_key(post)), None)
            base = {
                "hub_id": r.hub_id,
                "before": r.before,
                "after": r.after,
                "job_title": post.job_title,
                "professional_group": post.professional_group,
            }
            if match is None:
                rows.append(base | {"change": "removed", "was": _post_text(post), "now": ""})
                continue
            unmatched.remove(match)
            if post.post_status != match.post_status and vacant in (post.post_status, match.post_status):
                change = "vacated" if match.post_status == vacant else "filled"
                rows.append(base | {"change": change, "was": _post_text(post), "now": _post_text(match)})
            elif (
                round(post.wte - match.wte, 4)
                or getattr(post, "band", None) != getattr(match, "band", None)
                or post.headcount != match.headcount
            ):
                rows.append(base | {"change": "changed", "was": _post_text(post), "now": _post_text(match)})
        for post in unmatched:
            rows.append(
                {
                    "hub_id": r.hub_id,
                    "before": r.before,
                    "after": r.after,
                    "job_title": post.job_title,
                    "professional_group": post.professional_group,
                    "change": "added",
                    "was": "",
                    "now": _post_text(post),
                }
            )
    return pd.DataFrame(
        rows, columns=["hub_id", "before", "after", "job_title", "professional_group", "change", "was", "now"]
    )


def _post_text(post) -> str:
    people = f"{post.headcount} {'person' if post.headcount == 1 else 'people'}"
    band = f"band {post.band}, " if hasattr(post, "band") else ""
    return f"{band}{post.wte:g} WTE, {people}, {post.post_status.lower()}"


def intervention_changes(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Interventions added or dropped, and changes of provider or level (where the study records it), between
    consecutive rounds."""
    rows = []
    for r in _pairs(round_pairs(tables["service_model"])):
        old = _round(tables["interventions"], r.hub_id, r.before).set_index(["category", "intervention"])
        new = _round(tables["interventions"], r.hub_id, r.after).set_index(["category", "intervention"])
        base = {"hub_id": r.hub_id, "before": r.before, "after": r.after}
        for key in old.index.difference(new.index, sort=False):
            rows.append(
                base
                | dict(zip(("category", "intervention"), key), change="dropped", was=old.loc[key, "provider"], now="")
            )
        for key in new.index.difference(old.index, sort=False):
            rows.append(
                base
                | dict(zip(("category", "intervention"), key), change="added", was="", now=new.loc[key, "provider"])
            )
        for key in old.index.intersection(new.index, sort=False):
            for column, change in (("provider", "provider changed"), ("level", "level changed")):
                if column not in old.columns:
                    continue
                if old.loc[key, column] != new.loc[key, column]:
                    rows.append(
                        base
                        | dict(
                            zip(("category", "intervention"), key),
                            change=change,
                            was=old.loc[key, column],
                            now=new.loc[key, column],
                        )
                    )
    return pd.DataFrame(rows, columns=["hub_id", "before", "after", "category", "intervention", "change", "was", "now"])


def component_changes(tables: dict[str, pd.DataFrame], study: Study) -> pd.DataFrame:
    """Core components and adaptations gained or lost (or recorded differently) between consecutive rounds."""
    rows = []
    service = tables["service_model"]
    for r in _pairs(round_pairs(service)):
        old = services.fidelity_matrix(_round(service, r.hub_id, r.before), study).set_index("item")
        new = services.fidelity_matrix(_round(service, r.hub_id, r.after), study).set_index("item")
        for item in old.index:
            was, now = old.loc[item, "status"], new.loc[item, "status"]
            if was != now:
                change = "gained" if now == OFFERED else "lost" if was == OFFERED else "recorded"
                rows.append(
                    {
                        "hub_id": r.hub_id,
                        "before": r.before,
                        "after": r.after,
                        "group": old.loc[item, "group"],
                        "item": item,
                        "change": change,
                        "was": was,
                        "now": now,
                    }
                )
    return pd.DataFrame(rows, columns=["hub_id", "before", "after", "group", "item", "change", "was", "now"])


def wte_by_round(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Each unit's total WTE in each of its rounds (Figure 5)."""
    pairs = tables["service_model"][["hub_id", "mapping_date"]]
    totals = tables["staffing"].groupby(["hub_id", "mapping_date"])["wte"].sum()
    out = pairs.assign(wte=[float(totals.get(key, 0.0)) for key in zip(pairs["hub_id"], pairs["mapping_date"])])
    out["rounds"] = out.groupby("hub_id")["mapping_date"].transform("size")
    return out.reset_index(drop=True)


# ---- the tables of changes (every round of every Hub: notebook 06) ------------------------------
def _rounds(service_model, staffing, interventions) -> dict[str, pd.DataFrame]:
    return {"service_model": service_model, "staffing": staffing, "interventions": interventions}


_PAIR = {"hub_id": HUB, "before": Column("From"), "after": Column("To")}
_WAS_NOW = {"change": Column("Change"), "was": Column("Was"), "now": Column("Now")}
_WTE_CHANGE = {
    "wte_before": Column("Before", unit="WTE", decimals=1),
    "wte_after": Column("After", unit="WTE", decimals=1),
    "change": Column("Change", unit="WTE", decimals=1),
}

_POST_FIELDS = ("source_row", "job_title", "professional_group", "band?", "wte", "headcount", "post_status")
_INTERVENTION_FIELDS = ("category", "intervention", "level?", "provider")

TABLES = (
    Table(
        "changes_summary",
        "06_changes",
        "Mapping rounds of each {unit}, and how much changed between them",
        {
            "hub_id": HUB,
            "rounds": Column("Rounds compared"),
            "wte_before": Column("WTE before", unit="WTE", decimals=1),
            "wte_after": Column("WTE after", unit="WTE", decimals=1, missing=""),
            "post_changes": Column("Posts changed", unit="n", decimals=0, missing=""),
            "intervention_changes": Column("Interventions changed", unit="n", decimals=0, missing=""),
            "component_changes": Column("Components changed", unit="n", decimals=0, missing=""),
        },
        compute=lambda service_model, staffing, interventions, study: summary(
            _rounds(service_model, staffing, interventions), study
        ),
        fields={
            "service_model": services.NATIONAL_MODEL_FIELDS,
            "staffing": _POST_FIELDS,
            "interventions": _INTERVENTION_FIELDS,
        },
        series=Series.CHANGES,
        layout=Layout.DOWN,
        note="A {unit} mapped once is listed as such; its single round is not compared.",
    ),
    Table(
        "changes_wte_by_group",
        "06_changes",
        "WTE by professional group, where it changed between rounds",
        {**_PAIR, "professional_group": GROUP, **_WTE_CHANGE},
        compute=lambda service_model, staffing, study: wte_changes(
            {"service_model": service_model, "staffing": staffing}, "professional_group", study
        ),
        fields={"service_model": (), "staffing": ("professional_group", "wte", "headcount")},
        series=Series.CHANGES,
    ),
    Table(
        "changes_wte_by_band",
        "06_changes",
        "WTE by {pay_bands} band, where it changed between rounds",
        {**_PAIR, "band": Column("Band"), **_WTE_CHANGE},
        compute=lambda service_model, staffing, study: wte_changes(
            {"service_model": service_model, "staffing": staffing}, "band", study
        ),
        fields={"service_model": (), "staffing": ("band", "wte")},
        series=Series.CHANGES,
    ),
    Table(
        "changes_posts",
        "06_changes",
        "Posts added, removed, filled, vacated or changed between rounds",
        {**_PAIR, "job_title": Column("Job title"), "professional_group": GROUP, **_WAS_NOW},
        compute=lambda service_model, staffing, study: post_changes(
            {"service_model": service_model, "staffing": staffing}, study
        ),
        fields={"service_model": (), "staffing": _POST_FIELDS},
        series=Series.CHANGES,
        note="A post is the same post in both rounds when its job title and professional group match.",
    ),
    Table(
        "changes_interventions",
        "06_changes",
        "Interventions added or dropped, and changes of provider",
        {**_PAIR, "category": Column("Category"), "intervention": Column("Intervention"), **_WAS_NOW},
        compute=lambda service_model, interventions: intervention_changes(
            {"service_model": service_model, "interventions": interventions}
        ),
        fields={"service_model": (), "interventions": _INTERVENTION_FIELDS},
        series=Series.CHANGES,
    ),
    Table(
        "changes_components",
        "06_changes",
        "Core components and adaptations gained or lost between rounds",
        {**_PAIR, "group": Column("Group"), "item": Column("Core component or adaptation"), **_WAS_NOW},
        compute=lambda service_model, study: component_changes({"service_model": service_model}, study),
        fields={"service_model": services.NATIONAL_MODEL_FIELDS},
        series=Series.CHANGES,
    ),
)
