"""What the mapping found for each measured box of the logic model.

Every number comes from the functions behind the cross-Hub tables: the fidelity matrix for a
core component or adaptation, the intervention counts for a category, WTE by professional
group for a workforce, the service-model table's fields for a field. None is typed.
"""

from __future__ import annotations

import pandas as pd

from ..intake.logic_model import COMPONENTS, FIELDS, Model
from ..shared.hubs import ALL_HUBS
from . import services, staffing


def _hubs_phrase(k: int, n: int, not_recorded: int = 0) -> str:
    text = f"{k} of {n} Hub{'s' if n != 1 else ''}"
    return text + (f" ({not_recorded} not recorded)" if not_recorded else "")


def coverage(model: Model, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per box: its column and label, what measures it, and what the mapping found."""
    service, staff, iv = tables["service_model"], tables["staffing"], tables["interventions"]
    n = service["hub_id"].nunique()
    fidelity = services.fidelity_matrix(service)
    counts = services.category_counts(iv, service).set_index("Category").drop(columns=[ALL_HUBS])
    by_group = staffing.wte_by_group(staff)
    by_group = by_group[by_group["hub_id"] != ALL_HUBS]
    columns = dict(model.columns)
    rows = []
    for box in model.boxes:
        measured, found, hubs, wte = "", "", None, None
        kind = next(iter(box.measure), None)
        if kind == "component":
            item = COMPONENTS[box.measure[kind]]
            status = fidelity.loc[fidelity["item"] == item, "status"]
            hubs = int((status == services.OFFERED).sum())
            measured, found = item, _hubs_phrase(hubs, n, int((status == "Not recorded").sum()))
        elif kind == "intervention_category":
            category = box.measure[kind]
            hubs = int((counts.loc[category] > 0).sum())
            measured, found = f"Interventions: {category}", _hubs_phrase(hubs, n)
        elif kind == "professional_group":
            groups = box.measure[kind]
            rows_ = by_group[by_group["professional_group"].isin(groups)]
            per_hub = rows_.groupby("hub_id", observed=True)["wte"].sum()
            hubs, wte = int((per_hub > 0).sum()), float(rows_["wte"].sum())
            measured = "; ".join(groups)
            found = f"{wte:.1f} WTE across {hubs} Hub{'s' if hubs != 1 else ''}"
        elif kind == "field":
            key, spec_field = box.measure[kind], FIELDS[box.measure[kind]]
            values = service[key]
            yes = values == box.measure["equals"] if "equals" in box.measure else values.fillna(False).astype(bool)
            hubs = int(yes.sum())
            measured = spec_field.label + (f" = {box.measure['equals']}" if "equals" in box.measure else "")
            found = _hubs_phrase(hubs, n, int(values.isna().sum()))
        rows.append(
            {
                "box": box.id,
                "column": columns[box.column],
                "label": box.label,
                "measured_by": measured,
                "found": found,
                "hubs": hubs,
                "wte": wte,
            }
        )
    out = pd.DataFrame(rows)
    out["hubs"] = out["hubs"].astype("Int64")
    out["wte"] = out["wte"].astype("Float64")
    return out
