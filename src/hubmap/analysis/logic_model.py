"""What the mapping found for each measured box of the logic model.

Every number comes from the functions behind the cross-unit tables: the fidelity matrix for a
core component or adaptation, the intervention counts for a category, WTE by professional
group for a workforce, the service-model table's fields for a field. None is typed.
"""

from __future__ import annotations

import pandas as pd

from ..intake.logic_model import Model, components, measurable_fields
from ..shared.declarations import Column, Series, Table
from ..shared.vocabulary import NOT_RECORDED, OFFERED
from ..template.study import Study
from . import services, staffing


def _hubs_phrase(k: int, n: int, study: Study, not_recorded: int = 0) -> str:
    text = f"{k} of {n} {study.unit if n == 1 else study.units}"
    return text + (f" ({not_recorded} not recorded)" if not_recorded else "")


def coverage(model: Model, tables: dict[str, pd.DataFrame], study: Study) -> pd.DataFrame:
    """One row per box: its column and label, what measures it, and what the mapping found."""
    service, staff, iv = tables["service_model"], tables["staffing"], tables["interventions"]
    n = service["hub_id"].nunique()
    # Only what the study records: the model's measures are checked against it when the model is read.
    fidelity = services.fidelity_matrix(service, study) if study.national_model else None
    counts = (
        services.category_counts(iv, service, study).set_index("category").drop(columns=[study.all_units])
        if "category" in iv
        else None
    )
    by_group = staffing.wte_by_group(staff, study)
    by_group = by_group[by_group["hub_id"] != study.all_units]
    items, fields = components(study), measurable_fields(study)
    columns = dict(model.columns)
    rows = []
    for box in model.boxes:
        measured, found, hubs, wte = "", "", None, None
        kind = next(iter(box.measure), None)
        if kind == "component":
            item = items[box.measure[kind]]
            status = fidelity.loc[fidelity["item"] == item, "status"]
            hubs = int((status == OFFERED).sum())
            measured, found = item, _hubs_phrase(hubs, n, study, int((status == NOT_RECORDED).sum()))
        elif kind == "intervention_category":
            category = box.measure[kind]
            hubs = int((counts.loc[category] > 0).sum())
            measured, found = f"Interventions: {category}", _hubs_phrase(hubs, n, study)
        elif kind == "professional_group":
            groups = box.measure[kind]
            rows_ = by_group[by_group["professional_group"].isin(groups)]
            per_hub = rows_.groupby("hub_id", observed=True)["wte"].sum()
            hubs, wte = int((per_hub > 0).sum()), float(rows_["wte"].sum())
            measured = "; ".join(groups)
            found = f"{wte:.1f} WTE across {hubs} {study.unit if hubs == 1 else study.units}"
        elif kind == "field":
            key, spec_field = box.measure[kind], fields[box.measure[kind]]
            values = service[key]
            yes = values == box.measure["equals"] if "equals" in box.measure else values.fillna(False).astype(bool)
            hubs = int(yes.sum())
            measured = spec_field.label + (f" = {box.measure['equals']}" if "equals" in box.measure else "")
            found = _hubs_phrase(hubs, n, study, int(values.isna().sum()))
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
        compute=lambda model, service_model, staffing, interventions, study: coverage(
            model, {"service_model": service_model, "staffing": staffing, "interventions": interventions}, study
        ),
        fields={
            "service_model": ("@*",),  # the model may measure any yes/no or choice field (`intake.logic_model`)
            "staffing": ("professional_group", "wte", "headcount"),
            "interventions": ("category?",),  # only a model that measures a category reads it
        },
        series=Series.PAPER,
        note="{logic_model_note}; its outcomes are aims, which the mapping does not measure. Numbers as in the "
        "fidelity, intervention and staffing tables.",
        shows=("column", "label", "measured_by", "found"),
    ),
)
