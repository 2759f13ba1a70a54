"""One call per published table: compute it from its declaration, save it, and show it.

`produce(declaration, inputs, context)` takes the table's declaration (beside the code that computes
it), the inputs it names (the processed tables, and whatever else its notebook hands over), and the
run's context: where tables are saved, the data notice and the note on mapping rounds. It computes
the table, saves the tidy CSV with its Markdown and LaTeX copies (for a saved table), and returns
the table as a notebook shows it. Nothing is kept between calls: the context travels with the call.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..intake.rounds import rounds_note
from ..shared.declarations import Table
from ..shared.notice import data_notice
from .catalogue import declared
from .display import DisplayTable
from .tables import save_table


@dataclass(frozen=True)
class RunContext:
    """What every table of one notebook run shares: its folders, the data notice, the rounds note."""

    notice: str
    rounds: str = ""  # which mapping round each Hub contributes; '' when each was mapped once
    tables_dir: Path | None = None  # where saved tables go (None: shown only)

    @classmethod
    def of(
        cls,
        tables: dict[str, pd.DataFrame],
        tables_dir: Path | None = None,
        as_of: str | None = None,
        named: bool = True,
        every_round: bool = False,
    ) -> RunContext:
        """The context of a run on `tables` (the processed tables, with `rounds` if rounds were chosen).

        `named=False` (a profile that leaves the team): the rounds note counts Hubs and names none.
        `every_round` (the changes between rounds): the tables describe every round, so no note says which."""
        chosen = "rounds" in tables and not every_round
        rounds = rounds_note(tables["rounds"], as_of, named=named) if chosen else ""
        return cls(data_notice(tables["sources"]), rounds, Path(tables_dir) if tables_dir else None)

    @property
    def banner(self) -> str:
        """Markdown for the top of a notebook: the data notice, and the rounds it describes."""
        return self.notice + (f"\n\n**Mapping rounds.** {self.rounds}" if self.rounds else "")


def compute(table: Table, inputs: dict) -> pd.DataFrame:
    """The table, computed by its declared function from the inputs it names."""
    missing = [name for name in table.needs if name not in inputs]
    if missing:
        raise KeyError(f"table {table.name!r} needs {', '.join(missing)}; given {', '.join(sorted(inputs))}")
    return table.compute(**{name: inputs[name] for name in table.needs})


def produce(table: Table, inputs: dict, context: RunContext, link: tuple[str, str | None] | None = None):
    """Compute `table`, save it (if it is saved) and return it as a notebook shows it.

    `link`: (path as shown, href or None) of the file holding every row, for a table too long or too
    wide to show whole; by default the table's CSV in reports/tables/.
    """
    table = declared(table)
    df = compute(table, inputs)
    if table.saved and context.tables_dir is not None:
        save_table(df, context.tables_dir, table, context.notice)
    return DisplayTable(df, table, link, context.rounds)
