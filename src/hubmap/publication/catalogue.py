"""Every table the study publishes, gathered from the declarations beside the code that computes each.

The order here is the tables' order: each series is numbered in it (Tables 1, 2, ... of the paper; S1,
S2, ... on the cleaning and the publication set; C1, ... on changes between rounds; P1, ... in every
Hub's profile), so a number is never typed, and a table added to a declaration list is numbered where
it stands. Titles name the study's unit ("{unit}": `spec.UNIT`).
"""

from __future__ import annotations

from dataclasses import replace

from ..analysis import changes, logic_model, profile, services, staffing
from ..intake import clean, processed, schemas
from ..shared.declarations import Column, Series, Table
from ..template import spec

# The publication step's own table (notebook 08): what it wrote, file by file.
PUBLICATION_MANIFEST = Table(
    "publication_manifest",
    "08_publication",
    "The publication set: each file and the notebook that made it",
    {"output": Column("File"), "kind": Column("Kind"), "notebook": Column("Made by")},
    compute=lambda manifest: manifest[["output", "kind", "notebook"]],
    series=Series.SUPPLEMENT,
    saved=False,
)

DECLARED = (
    *clean.TABLES,
    *processed.TABLES,
    *schemas.TABLES,
    *staffing.TABLES,
    *services.TABLES,
    *logic_model.TABLES,
    *changes.TABLES,
    *profile.TABLES,
    PUBLICATION_MANIFEST,
)


def numbered(declared: tuple[Table, ...]) -> dict[str, Table]:
    """Name -> the table with its number (by its place in its series) and its title for this study."""
    counts: dict[Series, int] = {}
    out: dict[str, Table] = {}
    for table in declared:
        if table.name in out:
            raise ValueError(f"two tables are declared as {table.name!r}")
        number = None
        if table.series is not None:
            counts[table.series] = counts.get(table.series, 0) + 1
            number = f"{table.series.value}{counts[table.series]}"
        out[table.name] = replace(table, number=number, title=table.title.format(unit=spec.UNIT))
    return out


TABLES = numbered(DECLARED)


def declared(table: Table | str) -> Table:
    """The catalogue's entry for a declaration (or a name): numbered and titled, or a clear error."""
    name = table if isinstance(table, str) else table.name
    if name not in TABLES:
        raise KeyError(
            f"unknown table {name!r}: declare it beside the code that computes it, and list that "
            "module's TABLES in hubmap.publication.catalogue.DECLARED"
        )
    return TABLES[name]


def manuscript_tables() -> list[Table]:
    """The paper's tables, in their order in manuscript_tables.docx (the same numbers as the notebooks)."""
    return [t for t in TABLES.values() if t.series is Series.PAPER]


def saved_tables() -> list[Table]:
    """Every table saved as reports/tables/NAME.csv, in the declared order (the manifest lists them)."""
    return [t for t in TABLES.values() if t.saved]
