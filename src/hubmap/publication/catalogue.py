"""Every table and figure the study publishes, gathered from the declarations beside the code that
computes or draws each.

The order here is the results' order: each series of tables is numbered in it (Tables 1, 2, ... of the
paper; S1, S2, ... on the cleaning and the publication set; C1, ... on changes between rounds; P1, ... in
every Hub's profile), and the figures 1, 2, ... in theirs, so a number is never typed, and a result added
to a declaration list is numbered where it stands. Titles name the study's unit ("{unit}": `spec.UNIT`).
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from ..analysis import changes, logic_model, profile, services, staffing
from ..intake import clean, processed, schemas
from ..shared.declarations import Column, Figure, Series, Table
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


@cache
def figures() -> dict[str, Figure]:
    """Name -> the figure with its number (by its place in `figures.draw.FIGURES`) and its title for this
    study. Gathered when first asked for: the drawing code imports matplotlib, which a notebook that
    draws nothing (a Hub's profile) does not load."""
    from ..figures import draw

    out = {}
    for number, figure in enumerate(draw.FIGURES, start=1):
        if figure.name in TABLES or figure.name in out:
            raise ValueError(f"two results are declared as {figure.name!r}")
        out[figure.name] = replace(figure, number=number, title=figure.title.format(unit=spec.UNIT, n="{n}"))
    return out


def declared(result: Table | Figure | str) -> Table | Figure:
    """The catalogue's entry for a declaration (or a name): numbered and titled, or a clear error."""
    name = result if isinstance(result, str) else result.name
    if name in TABLES:
        return TABLES[name]
    if name in figures():
        return figures()[name]
    raise KeyError(
        f"unknown table or figure {name!r}: declare it beside the code that computes or draws it, and list "
        "that module's TABLES (or FIGURES) in hubmap.publication.catalogue"
    )


def manuscript_tables() -> list[Table]:
    """The paper's tables, in their order in manuscript_tables.docx (the same numbers as the notebooks)."""
    return [t for t in TABLES.values() if t.series is Series.PAPER]


def saved_tables() -> list[Table]:
    """Every table saved as reports/tables/NAME.csv, in the declared order (the manifest lists them)."""
    return [t for t in TABLES.values() if t.saved]


def reads(result: Table | Figure) -> tuple[str, ...]:
    """The processed tables (`intake.schemas.PROCESSED`) and other inputs ('model': the logic model's
    definition) that `result` is made from: what it names, and what the declared tables it names are
    made from, in order."""
    out: list[str] = []
    for name in result.needs:
        if name in schemas.PROCESSED or name not in TABLES:
            out.append(name)
        else:
            out += reads(TABLES[name])
    return tuple(dict.fromkeys(out))
