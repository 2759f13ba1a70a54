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
from ..shared.notice import data_notice
from ..template.spec import field_keys
from .catalogue import TABLES, declared
from .display import DisplayTable, show_figure
from .tables import save_table


@dataclass(frozen=True)
class RunContext:
    """What every table of one notebook run shares: its folders, the data notice, the rounds note."""

    notice: str
    rounds: str = ""  # which mapping round each Hub contributes; '' when each was mapped once
    tables_dir: Path | None = None  # where saved tables go (None: shown only)
    figures_dir: Path | None = None  # where figures go

    @classmethod
    def of(
        cls,
        tables: dict[str, pd.DataFrame],
        tables_dir: Path | None = None,
        as_of: str | None = None,
        named: bool = True,
        every_round: bool = False,
        figures_dir: Path | None = None,
    ) -> RunContext:
        """The context of a run on `tables` (the processed tables, with `rounds` if rounds were chosen).

        `named=False` (a profile that leaves the team): the rounds note counts Hubs and names none.
        `every_round` (the changes between rounds): the tables describe every round, so no note says which."""
        chosen = "rounds" in tables and not every_round
        rounds = rounds_note(tables["rounds"], as_of, named=named) if chosen else ""
        return cls(
            data_notice(tables["sources"]),
            rounds,
            Path(tables_dir) if tables_dir else None,
            Path(figures_dir) if figures_dir else None,
        )

    @property
    def banner(self) -> str:
        """Markdown for the top of a notebook: the data notice, and the rounds it describes."""
        return self.notice + (f"\n\n**Mapping rounds.** {self.rounds}" if self.rounds else "")


def fields_of(name: str, df: pd.DataFrame, fields: tuple[str, ...], result: str) -> pd.DataFrame:
    """Processed table `name` cut to the `fields` a result's declaration names (and `ROW_KEYS`)."""
    keys = field_keys(name, fields)
    missing = [key for key in keys if key not in df.columns]
    if missing:
        raise KeyError(f"{result!r} reads {', '.join(missing)} of {name}, which has no such column")
    return df[[c for c in df.columns if c in ROW_KEYS or c in keys]]


def gather(result: Table | Figure, inputs: dict) -> dict:
    """What `result` needs, by name: from `inputs`, or a declared table computed from the same inputs;
    a processed table cut to the fields the declaration names."""
    out = {}
    for name in result.needs:
        if name in inputs:
            value = inputs[name]
        elif name in TABLES:
            value = compute(TABLES[name], inputs)
        else:
            raise KeyError(f"{result.name!r} needs {name}; given {', '.join(sorted(inputs))}")
        out[name] = fields_of(name, value, result.fields[name], result.name) if name in result.fields else value
    return out


def compute(table: Table, inputs: dict) -> pd.DataFrame:
    """The table, computed by its declared function from the inputs it names."""
    return table.compute(**gather(table, inputs))


def produce(
    result: Table | Figure | str, inputs: dict, context: RunContext, link: tuple[str, str | None] | None = None
):
    """Compute `result` (a table) or draw it (a figure), save it, and return it as a notebook shows it.

    `link`: (path as shown, href or None) of the file holding every row, for a table too long or too
    wide to show whole; by default the table's CSV in reports/tables/.
    """
    result = declared(result)
    if isinstance(result, Figure):
        # Imported here: a notebook that draws nothing (a Hub's profile) does not pay for matplotlib.
        from ..figures.save import publish

        if context.figures_dir is None:
            raise ValueError(f"{result.name}: the run context has no figures folder to save it in")
        return show_figure(
            publish(result.draw(**gather(result, inputs)), context.figures_dir, result.name, context.notice)
        )
    df = compute(result, inputs)
    if result.saved and context.tables_dir is not None:
        save_table(df, context.tables_dir, result, context.notice)
    return DisplayTable(df, result, link, context.rounds)
