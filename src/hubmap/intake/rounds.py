"""Mapping rounds: a Hub mapped again has a workbook per round, told apart by its date of mapping.

The processed tables keep every round. The cross-Hub analyses describe one round per Hub:
the latest, or with `as_of` the one in force on that date (the latest mapped on or before it).
A Hub first mapped after `as_of` has no round in force and is left out, and the analyses say so.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..shared.hubs import hub_order
from ..template.study import Study


def as_of_date(as_of: str | None) -> str | None:
    """The AS_OF parameter as a date, or None for each Hub's latest round ("latest", "" or None)."""
    return None if as_of in (None, "", "latest") else str(as_of)


def rounds(service: pd.DataFrame, as_of: str | None = None) -> pd.DataFrame:
    """Every round of every Hub: its date, its number (1, 2, ...) of how many, and whether it is in force."""
    as_of = as_of_date(as_of)
    if as_of:
        dt.date.fromisoformat(as_of)  # a date, or a clear ValueError
    out = service[["hub_id", "mapping_date"]].copy()
    out["round"] = out.groupby("hub_id")["mapping_date"].rank(method="first").astype(int)
    out["of"] = out.groupby("hub_id")["mapping_date"].transform("size").astype(int)
    eligible = out[out["mapping_date"] <= as_of] if as_of else out
    latest = eligible.groupby("hub_id")["mapping_date"].max()
    out["in_force"] = out["mapping_date"] == out["hub_id"].map(latest)
    order = {h: i for i, h in enumerate(hub_order(out["hub_id"]))}
    return (
        out.assign(_o=out["hub_id"].map(order))
        .sort_values(["_o", "mapping_date"])
        .drop(columns="_o")
        .reset_index(drop=True)
    )


def in_force(tables: dict[str, pd.DataFrame], as_of: str | None = None) -> dict[str, pd.DataFrame]:
    """The processed tables with one round per Hub (the latest, or the one in force `as_of`), and `rounds`."""
    every = rounds(tables["service_model"], as_of)
    chosen = set(zip(*every[every["in_force"]][["hub_id", "mapping_date"]].T.values))
    out = {
        name: df[
            pd.Series([key in chosen for key in zip(df["hub_id"], df["mapping_date"])], index=df.index, dtype=bool)
        ].reset_index(drop=True)  # a Series, so that an empty table keeps its columns
        for name, df in tables.items()
        if "mapping_date" in df.columns
    }
    out["rounds"] = every
    return out


def rounds_note(every: pd.DataFrame, study: Study, as_of: str | None = None, named: bool = True) -> str:
    """What a table or caption says about the rounds it describes; nothing when each unit was mapped once.

    With `named=False` (a profile that leaves the team) it counts units and names none.
    """
    unit, units = study.unit, study.units
    as_of = as_of_date(as_of)
    if (every["of"] == 1).all() and not as_of:
        return ""
    used = every[every["in_force"]]
    left_out = sorted(set(every["hub_id"]) - set(used["hub_id"]), key=hub_order(every["hub_id"]).index)
    which = f"the round in force on {as_of}" if as_of else "its latest round"
    if named and len(used) <= 8:
        detail = "; ".join(f"{r.hub_id} mapped {r.mapping_date} (round {r.round} of {r.of})" for r in used.itertuples())
    else:
        again = int((used["of"] > 1).sum())
        detail = f"{len(used)} {units}, {again} of them mapped more than once"
    text = f"Each {unit} as mapped in {which}: {detail}."
    if left_out:
        later = ", ".join(left_out) if named else f"{len(left_out)} {unit if len(left_out) == 1 else units}"
        text += f" Not yet mapped by {as_of}: {later}."
    return text
