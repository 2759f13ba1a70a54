"""Hubs in a stable, natural order: Hub 2 before Hub 10, Hub Z before Hub AA."""

from __future__ import annotations

import re

ALL_HUBS = "All Hubs"
"""The label of the total row or column that sits after the Hubs in every cross-Hub table."""


def hub_sort_key(hub_id: str):
    parts = re.split(r"(\d+)", str(hub_id))
    return [(0, int(p), "") if p.isdigit() else (1, len(p), p.lower()) for p in parts if p]


def hub_order(hub_ids) -> list[str]:
    """The distinct Hub identifiers in display order."""
    return sorted(set(hub_ids), key=hub_sort_key)


def hubs_in(*tables) -> list[str]:
    """The Hubs that appear in any of the tables (each with a `hub_id` column), in display order."""
    return hub_order(h for table in tables for h in table["hub_id"])
