"""What the mapping found for each measured box of the logic model.

Every number comes from the functions behind the cross-Hub tables: the fidelity matrix for a
core component or adaptation, the intervention counts for a category, WTE by professional
group for a workforce, the service-model table's fields for a field. None is typed.
"""

from __future__ import annotations

import pandas as pd

from ..intake.logic_model import COMPONENTS, FIELDS, Model
from ..shared.declarations import Column, Series, Table
from ..shared.vocabulary import ALL_HUBS, NOT_RECORDED, OFFERED
from . import services, staffing


def _hubs_phrase(k: int, n: int, not_recorded: int = 0) -> str:
    text = f"{k} of {n} Hub{'s' if n != 1 else ''}"
    return text + (f" ({not_recorded} not recorded)" if not_recorded else "")


def coverage(model: Model, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per box: its column and label, what measures it, and what the mapping found."""
    service, staff, iv = tables["service_model"], tables["staffing"], tables["interventions"]
    n = service["hub_id"].nunique()
    fidelity = services.fidelity_matrix(service)
    counts = services.category_counts(iv, service).set_index("category").drop(columns=[ALL_HUBS])
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
            hubs = int((status == OFFERED).sum())
            measured, found = item, _hubs_phrase(hubs, n, int((status == NOT_RECORDED).sum()))
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


TABLES = (
    Table(
        "logic_model_coverage",
        "05_logic_model",
        "The logic model, and what the mapping found for each part",
        {
            "column": Column("Column"),
            "label": Column("Box"),
            "measured_by": Column("Measured by", missing=""),
            "found": Column("What the mapping found", missing=""),
        },
        compute=lambda model, service_model, staffing, interventions: coverage(
            model, {"service_model": service_model, "staffing": staffing, "interventions": interventions}
        ),
        fields={
            "service_model": ("@*",),  # the model may measure any yes/no or choice field (`intake.logic_model`)
            "staffing": ("professional_group", "wte", "headcount"),
            "interventions": ("category",),
        },
        series=Series.PAPER,
        note="The model is a starting point built from the NHSE&I (2020) model and Allsopp et al. (2024), not the "
        "paper's figure; its outcomes are aims, which the mapping does not measure. Numbers as in the fidelity, "
        "intervention and staffing tables.",
        shows=("column", "label", "measured_by", "found"),
    ),
)
