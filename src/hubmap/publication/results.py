"""One call per published result: compute (or draw) it from its declaration, save it, and show it.

`produce(declaration, inputs, context)` takes the result's declaration (beside the code that computes
or draws it), the inputs it names (the processed tables, and whatever else its notebook hands over),
and the run's context: where results are saved, the data notice and the note on mapping rounds. A
table is computed, saved as a tidy CSV with its Markdown and LaTeX copies (for a saved table), and
returned as a notebook shows it; a figure is drawn, saved as PDF, SVG and PNG, and returned as the
saved PNG. An input a declaration names that is itself a declared table is computed from its own
declaration; each processed table is cut to the fields the declaration names. Nothing is kept
between calls: the context travels with the call.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..intake.rounds import rounds_note
from ..shared.declarations import ROW_KEYS, Figure, Table
from ..template.study import Study
from .catalogue import TABLES, NotMade, declared, declared_figures, missing
from .display import DisplayTable, NotMadeNote, show_figure
from .tables import save_table


@dataclass(frozen=True)
class RunContext:
    """What every result of one notebook run shares: the study, its folders, the data notice, the rounds note."""

    study: Study
    notice: str
    rounds: str = ""  # which mapping round each unit contributes; '' when each was mapped once
    tables_dir: Path | None = None  # where saved tables go (None: shown only)
    figures_dir: Path | None = None  # where figures go

    @classmethod
    def of(
        cls,
        tables: dict[str, pd.DataFrame],
        study: Study,
        tables_dir: Path | None = None,
        as_of: str | None = None,
        named: bool = True,
        every_round: bool = False,
        figures_dir: Path | None = None,
    ) -> RunContext:
        """The context of a run on `tables` (the processed tables, with `rounds` if rounds were chosen).

        `named=False` (a profile that leaves the team): the rounds note counts units and names none.
        `every_round` (the changes between rounds): the tables describe every round, so no note says which."""
        chosen = "rounds" in tables and not every_round
        rounds = rounds_note(tables["rounds"], study, as_of, named=named) if chosen else ""
        return cls(
            study,
            study.notice(tables["sources"]),
            rounds,
            Path(tables_dir) if tables_dir else None,
            Path(figures_dir) if figures_dir else None,
        )

    @property
    def banner(self) -> str:
        """Markdown for the top of a notebook: the data notice, and the rounds it describes."""
        return self.notice + (f"\n\n**Mapping rounds.** {self.rounds}" if self.rounds else "")


def fields_of(name: str, df: pd.DataFrame, fields: tuple[str, ...], result: str, study: Study) -> pd.DataFrame:
    """Processed table `name` cut to the `fields` a result's declaration names (and `ROW_KEYS`); an optional
    field ('band?') where the table has it."""
    keys = study.field_keys(name, tuple(f for f in fields if not f.endswith("?")))
    optional = study.field_keys(name, tuple(f for f in fields if f.endswith("?")))
    gone = [key for key in keys if key not in df.columns]
    if gone:
        raise KeyError(f"{result!r} reads {', '.join(gone)} of {name}, which has no such column")
    return df[[c for c in df.columns if c in ROW_KEYS or c in keys or c in optional]]


def gather(result: Table | Figure, inputs: dict, study: Study) -> dict:
    """What `result` needs, by name: from `inputs` (the study as 'study'), or a declared table computed from
    the same inputs; a processed table cut to the fields the declaration names."""
    inputs = {**inputs, "study": study}
    out = {}
    for name in result.needs:
        if name in inputs:
            value = inputs[name]
        elif name in getattr(result, "optional", ()) and missing(TABLES[name], study):
            continue  # an optional input the study does not make: the figure is drawn without it
        elif name in TABLES:
            value = compute(TABLES[name], inputs, study)
        else:
            raise KeyError(f"{result.name!r} needs {name}; given {', '.join(sorted(inputs))}")
        out[name] = fields_of(name, value, result.fields[name], result.name, study) if name in result.fields else value
    return out


def compute(table: Table, inputs: dict, study: Study) -> pd.DataFrame:
    """The table, computed by its declared function from the inputs it names."""
    return table.compute(**gather(table, inputs, study))


def produce(
    result: Table | Figure | str, inputs: dict, context: RunContext, link: tuple[str, str | None] | None = None
):
    """Compute `result` (a table) or draw it (a figure), save it, and return it as a notebook shows it; for
    a result whose fields the study does not record, a sentence saying it is not made, and why.

    `link`: (path as shown, href or None) of the file holding every row, for a table too long or too
    wide to show whole; by default the table's CSV in reports/tables/.
    """
    study = context.study
    try:
        result = declared(result, study)
    except NotMade as gone:
        name = gone.name
        title = (TABLES.get(name) or declared_figures()[name]).title
        return NotMadeNote(study.say(title.replace("{n}", "{{n}}")).replace("{n}", "the"), gone.fields, study)
    if isinstance(result, Figure):
        # Imported here: a notebook that draws nothing (a profile) does not pay for matplotlib.
        from ..figures.save import publish

        if context.figures_dir is None:
            raise ValueError(f"{result.name}: the run context has no figures folder to save it in")
        drawn = result.draw(**gather(result, inputs, study))
        return show_figure(publish(drawn, context.figures_dir, result.name, context.notice), result)
    df = compute(result, inputs, study)
    if result.saved and context.tables_dir is not None:
        save_table(df, context.tables_dir, result, context.notice)
    return DisplayTable(df, result, link, context.rounds)
