"""Each Hub's profile for its lead's accuracy check: its sections, and the Word file the lead edits.

The notebook `07_hub_profile` shows the sections one by one; `write_profile_docx` puts the same
tables, numbered P1-P8 as in the notebook, in a Word file with a sign-off block, so the lead
can answer with tracked changes. The bytes depend only on the content.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from docx.shared import Pt

from ..analysis import profile, services
from ..shared.files import write_atomic
from ..shared.registry import TABLES, Column
from .display import cell_text
from .word import TABLE_FONT_PT, add_table, new_document, save_deterministic

SIGN_OFF = ("Checked by (role)", "Date checked", "Corrections (or 'none')")


def comparison_table(comparison: pd.DataFrame) -> pd.DataFrame:
    """`profile.comparison` with each measure named and its numbers written as that measure reads."""
    rows = []
    for record in comparison.to_dict("records"):
        label, unit, decimals, percent = profile.MEASURES[record["measure"]]
        column = Column(label, unit, decimals, percent, missing="NR", dash_for_zero=False)
        row = {"measure": f"{label} ({unit})", "hubs": record["hubs"]}
        row |= {key: cell_text(record[key], column) for key in ("this_hub", "median", "lowest", "highest")}
        row |= {key: record[key] for key in ("lowest_hub", "highest_hub") if key in record}
        rows.append(row)
    return pd.DataFrame(rows)


def heading(tables: dict[str, pd.DataFrame], hub: str) -> str:
    """The profile's opening (Markdown): the Hub, the round and workbook it shows, and its accuracy check."""
    record = profile.own_rows(tables, hub)["service_model"].iloc[0]  # a clear error for a Hub not in the data
    round_of = tables["rounds"].set_index(["hub_id", "mapping_date"]).loc[(hub, record["mapping_date"])]
    return (
        f"## {hub}\n\nMapped {record['mapping_date']} (round {round_of['round']} of {round_of['of']}) "
        f"from `{record['source_file']}`. Accuracy check by the Hub lead: **{services.checked_text(record)}**."
    )


def sections(tables: dict[str, pd.DataFrame], hub: str, anonymise: bool = True) -> dict[str, pd.DataFrame]:
    """Table name (registry) -> the Hub's table, in the order a profile shows them."""
    own = profile.own_rows(tables, hub)
    return {
        "profile_service_model": profile.service_as_recorded(own["service_model"]),
        "profile_staffing": profile.staffing_rows(own["staffing"]),
        "profile_wte_by_group": profile.wte_by_group(own["staffing"]),
        "profile_wte_by_band": profile.wte_by_band(own["staffing"]),
        "profile_interventions": profile.interventions(own["interventions"]),
        "profile_fidelity": profile.fidelity(own["service_model"]),
        "profile_changes": profile.changes(own["cleaning_log"]),
        "profile_comparison": comparison_table(profile.comparison(profile.measures(tables), hub, anonymise)),
    }


def write_profile_docx(
    hub: str, shown: dict[str, pd.DataFrame], service: pd.DataFrame, notice: str, path: Path
) -> Path:
    """The Hub's profile as a Word file for its lead: the same tables, then a sign-off block."""
    doc = new_document(notice)
    doc.add_heading(f"Hub profile for the accuracy check: {hub}", level=1)
    record = service[service["hub_id"] == hub].iloc[0]
    doc.add_paragraph(
        "Please check every table against what you know of the Hub. Correct anything wrong or missing with "
        "tracked changes, or note it under Corrections below, and return this file to the research team. "
        f"Accuracy check so far: {services.checked_text(record)}."
    )
    for name, df in shown.items():
        source = None if name == "profile_comparison" else f"mapping workbook {record['source_file']}"
        add_table(doc, TABLES[name].caption, df, TABLES[name], source=source)
    doc.add_heading("Sign-off by the Hub lead", level=2)
    grid = doc.add_table(rows=0, cols=2)
    grid.style = "Table Grid"
    for label in SIGN_OFF:
        cells = grid.add_row().cells
        run = cells[0].paragraphs[0].add_run(label)
        run.bold, run.font.size = True, Pt(TABLE_FONT_PT + 2)
        cells[1].paragraphs[0].add_run(" ")
    return write_atomic(Path(path), lambda p: save_deterministic(doc, p))
