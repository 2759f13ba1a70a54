"""Every table and figure a study publishes, gathered from the declarations beside the code that
computes or draws each.

`TABLES` holds the tables as declared, `declared_figures()` the figures. `for_study(study)` is what one
study makes of them: each result whose fields the study records (`Study.missing`), numbered in the
declared order within its series (Tables 1, 2, ... of the paper; S1, S2, ... on the cleaning and the
publication set; C1, ... on changes between rounds; P1, ... in every profile; Figures 1, 2, ...), its
text in the study's words ('{unit}' -> 'Hub'). So a number is never typed, a result added to a
declaration list is numbered where it stands, and a study that does not record a result's fields has
no gap where it would be: `not_made(study)` says which results it leaves out, and why.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from ..analysis import changes, logic_model, profile, services, staffing
from ..intake import clean, processed, schemas
from ..shared.declarations import Column, Figure, Series, Table
from ..template.study import Study

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


def _by_name(declared: tuple) -> dict:
    out = {}
    for result in declared:
        if result.name in out:
            raise ValueError(f"two results are declared as {result.name!r}")
        out[result.name] = result
    return out


TABLES: dict[str, Table] = _by_name(DECLARED)
"""Every table as declared (unnumbered, its text not yet in a study's words)."""


@cache
def declared_figures() -> dict[str, Figure]:
    """Every figure as declared (`figures.draw.FIGURES`). Gathered when first asked for: the drawing code
    imports matplotlib, which a notebook that draws nothing (a profile) does not load."""
    from ..figures import draw

    figures = _by_name(draw.FIGURES)
    if set(figures) & set(TABLES):
        raise ValueError(f"a figure and a table are both declared as {sorted(set(figures) & set(TABLES))}")
    return figures


def missing(result: Table | Figure, study: Study) -> list[str]:
    """The fields `result` needs that `study` does not record ('staffing.band'), through the declared
    tables it is made from: none, if the study makes it."""
    out = study.missing(result.fields)
    for name in result.needs:
        if name in TABLES and name not in schemas.PROCESSED and name not in getattr(result, "optional", ()):
            out += missing(TABLES[name], study)
    return list(dict.fromkeys(out))


def _in_words(column: Column | None, study: Study) -> Column | None:
    return column if column is None else replace(column, label=study.say(column.label))


def _for(result: Table | Figure, study: Study, number) -> Table | Figure:
    if isinstance(result, Figure):
        title = study.say(result.title.replace("{n}", "{{n}}"))
        alt = next((text for name, text in result.alt_with.items() if not missing(TABLES[name], study)), result.alt)
        return replace(result, number=number, title=title, alt=study.say(alt))
    return replace(
        result,
        number=number,
        title=study.say(result.title),
        note=study.say(result.note),
        columns={key: _in_words(column, study) for key, column in result.columns.items()},
        per_hub=_in_words(result.per_hub, study),
        words=dict(study.words),
    )


@cache
def tables_for(study: Study) -> dict[str, Table]:
    """Name -> each table `study` makes, numbered and in its words. (Apart from the figures, so that a
    notebook that draws nothing does not load the drawing code, and matplotlib with it.)"""
    counts: dict[Series, int] = {}
    out: dict[str, Table] = {}
    for table in TABLES.values():
        if missing(table, study):
            continue
        number = None
        if table.series is not None:
            counts[table.series] = counts.get(table.series, 0) + 1
            number = f"{table.series.value}{counts[table.series]}"
        out[table.name] = _for(table, study, number)
    return out


@cache
def figures(study: Study) -> dict[str, Figure]:
    """Name -> each figure the study makes, numbered in declared order and in its words."""
    made = [f for f in declared_figures().values() if not missing(f, study)]
    return {f.name: _for(f, study, n) for n, f in enumerate(made, start=1)}


def for_study(study: Study) -> dict[str, Table | Figure]:
    """Name -> each table and figure `study` makes, numbered and in its words (tables first, then figures)."""
    return {**tables_for(study), **figures(study)}


def not_made(study: Study) -> dict[str, list[str]]:
    """Name -> the fields it needs that `study` does not record, for each table and figure the study leaves out."""
    results = {**TABLES, **declared_figures()}
    return {name: gone for name, result in results.items() if (gone := missing(result, study))}


def declared(result: Table | Figure | str, study: Study) -> Table | Figure:
    """The study's entry for a declaration (or a name): numbered and in its words, or a clear error."""
    name = result if isinstance(result, str) else result.name
    made = tables_for(study) if name in TABLES else figures(study)
    if name in made:
        return made[name]
    if name in TABLES or name in declared_figures():
        result = TABLES.get(name) or declared_figures()[name]
        raise NotMade(name, missing(result, study), study)
    raise KeyError(
        f"unknown table or figure {name!r}: declare it beside the code that computes or draws it, and list "
        "that module's TABLES (or FIGURES) in hubmap.publication.catalogue"
    )


class NotMade(KeyError):
    """A result the study does not make: it does not record a field the result needs."""

    def __init__(self, name: str, fields: list[str], study: Study):
        self.name, self.fields, self.study = name, fields, study
        super().__init__(
            f"{name} is not made for the study '{study.name}', which records no "
            + ", ".join(f"{f.split('.')[1].lstrip('@')} ({f.split('.')[0]})" for f in fields)
        )


def manuscript_tables(study: Study) -> list[Table]:
    """The paper's tables, in their order in manuscript_tables.docx (the same numbers as the notebooks)."""
    return [t for t in tables_for(study).values() if t.series is Series.PAPER]


def saved_tables(study: Study) -> list[Table]:
    """Every table the study saves as reports/tables/NAME.csv, in the declared order (the manifest lists them)."""
    return [t for t in tables_for(study).values() if t.saved]


def reads(result: Table | Figure) -> tuple[str, ...]:
    """The processed tables (`intake.schemas.PROCESSED`) and other inputs ('model': the logic model's
    definition; 'study': its definition) that `result` is made from: what it names, and what the
    declared tables it names are made from, in order."""
    out: list[str] = []
    for name in result.needs:
        if name in schemas.PROCESSED or name not in TABLES:
            out.append(name)
        else:
            out += reads(TABLES[name])
    return tuple(dict.fromkeys(out))
