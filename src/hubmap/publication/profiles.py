"""Each Hub's profile for its lead's accuracy check: what it is made from, its sections, and the Word
file the lead edits.

`prepare` gathers what each Hub's profile is made from (`Prepared`: its own rows, its measures beside
all Hubs', the run's context, its file name), for every Hub at once, so the comparison with all Hubs
is computed once. The notebook `07_hub_profile` prepares its one Hub itself, or reads what the per-Hub
sweep prepared (`read_prepared`); either way the same. It shows the sections one by one;
`write_profile_docx` puts the same tables, numbered as in the notebook, in a Word file with a
sign-off block, so the lead can answer with tracked changes. The bytes depend only on the content.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from docx.shared import Pt

from ..analysis import profile, services
from ..shared.files import write_atomic, write_bytes
from ..shared.hubs import file_stems, hub_order
from .catalogue import declared
from .display import DisplayTable
from .results import RunContext, produce
from .word import TABLE_FONT_PT, add_table, new_document, save_deterministic


@dataclass(frozen=True)
class Prepared:
    """What one Hub's profile is made from."""

    hub: str
    stem: str  # the name of its files (`shared.hubs.file_stems` over every Hub)
    inputs: dict[str, pd.DataFrame]  # the inputs its declarations name (`analysis.profile.needs`)
    context: RunContext  # the data notice and the rounds note its tables show


def prepare(
    tables: dict[str, pd.DataFrame], anonymise: bool, as_of: str | None, hubs: list[str] | None = None
) -> dict[str, Prepared]:
    """Hub -> what its profile is made from, for `hubs` (every Hub in `tables` by default): the measures
    of every Hub and their spread are computed once, each table is split by Hub once."""
    every = hub_order(tables["service_model"]["hub_id"])
    hubs = every if hubs is None else hubs
    if hubs != every:
        for hub in hubs:
            profile.own_rows(tables, hub)  # a Hub not in the data: a clear error naming the Hubs
    context = RunContext.of(tables, as_of=as_of, named=not anonymise)
    every_hub = profile.measures(tables)
    spread = profile.spread(every_hub, anonymise)
    own = profile.rows_by_hub(tables, hubs)
    stems = file_stems(every)
    needs = profile.needs()
    return {
        hub: Prepared(
            hub,
            stems[hub],
            {
                name: value
                for name, value in profile.inputs(tables, hub, anonymise, every_hub, spread, own[hub]).items()
                if name in needs
            },
            context,
        )
        for hub in hubs
    }


def write_prepared(prepared: Prepared, path: Path) -> Path:
    """What a Hub's profile is made from, for its notebook to read (`read_prepared`): an intermediate
    file of this run, in the build folder, never published."""
    return write_bytes(Path(path), pickle.dumps(prepared, protocol=pickle.HIGHEST_PROTOCOL))


def read_prepared(path: str | Path, hub: str) -> Prepared:
    """What `write_prepared` wrote for `hub` (the notebook's HUB, which it must be)."""
    with open(path, "rb") as f:
        prepared = pickle.load(f)  # written by this run's own sweep (running.sweep), in the build folder
    if prepared.hub != hub:
        raise ValueError(f"{path} holds the profile inputs of {prepared.hub!r}, not of HUB {hub!r}")
    return prepared


SIGN_OFF = ("Checked by (role)", "Date checked", "Corrections (or 'none')")


def heading(inputs: dict[str, pd.DataFrame]) -> str:
    """The profile's opening (Markdown): the Hub, the round and workbook it shows, and its accuracy check.

    `inputs`: `analysis.profile.inputs`, of which it reads `profile.HEADING_NEEDS`."""
    record, round_of = (inputs[name].iloc[0] for name in profile.HEADING_NEEDS)
    return (
        f"## {record['hub_id']}\n\nMapped {record['mapping_date']} (round {round_of['round']} of {round_of['of']}) "
        f"from `{record['source_file']}`. Accuracy check by the Hub lead: **{services.checked_text(record)}**."
    )


def sections(inputs: dict[str, pd.DataFrame], context: RunContext) -> dict[str, DisplayTable]:
    """Table name -> the Hub's table as its profile shows it, in the order of the declarations."""
    return {table.name: produce(table, inputs, context) for table in profile.TABLES}


def write_profile_docx(
    hub: str, shown: dict[str, DisplayTable], service: pd.DataFrame, notice: str, path: Path
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
        table = declared(name)
        source = None if name == "profile_comparison" else f"mapping workbook {record['source_file']}"
        add_table(doc, table.caption, df.data, table, source=source)
    doc.add_heading("Sign-off by the Hub lead", level=2)
    grid = doc.add_table(rows=0, cols=2)
    grid.style = "Table Grid"
    for label in SIGN_OFF:
        cells = grid.add_row().cells
        run = cells[0].paragraphs[0].add_run(label)
        run.bold, run.font.size = True, Pt(TABLE_FONT_PT + 2)
        cells[1].paragraphs[0].add_run(" ")
    return write_atomic(Path(path), lambda p: save_deterministic(doc, p))
