"""What a published result is, declared once beside the code that computes it.

A `Table` names the result, titles it (a template: `{unit}` is what the study maps, "Hub"), says how
each of its columns reads (`Column`: label, unit, format), how it is laid out (`Layout`), which
function computes it, and so, through that function's parameters, which inputs it needs, and which
fields of the processed tables it reads (`fields`). A `Figure` is declared the same way beside the
code that draws it. The analysis and figure modules declare their results;
`hubmap.publication.catalogue` gathers every declaration and numbers them in their declared order;
everything else (the notebooks through `publication.results.produce`, the Word file, the captions,
the manifest, the report index, the profile sweep, the tests) asks the catalogue.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

from .vocabulary import TOTAL


class Layout(Enum):
    """How a table's rows and columns run (a unit: a Hub, or whatever the study maps)."""

    ROWS = "rows"  # one row per thing described
    DOWN = "one row per unit"  # a unit column, one row (or a few) per unit, then all units
    ACROSS_NUMBERS = "a column per unit: numbers"  # categories down the side, units across, totals
    ACROSS_STATUS = "a column per unit: statuses"
    ACROSS_TEXT = "a column per unit: text"

    @property
    def across(self) -> bool:
        """Whether every column the declaration does not name is a unit."""
        return self in (Layout.ACROSS_NUMBERS, Layout.ACROSS_STATUS, Layout.ACROSS_TEXT)


class Series(Enum):
    """Where a shown table is numbered: the paper's Tables 1, 2, ..., or a series of its own."""

    PAPER = ""
    SUPPLEMENT = "S"
    CHANGES = "C"
    PROFILE = "P"


@dataclass(frozen=True)
class Column:
    """How one column of a table reads: its label, its unit, and how its numbers are written."""

    label: str
    unit: str = ""  # "WTE", "%", "n": shown after the label, as "Clinical (WTE)"
    decimals: int | None = None  # None: text, shown as it is
    percent: bool = False  # a share stored as 0-1, shown as a percentage
    missing: str = "NR"  # a blank cell: NR (not recorded) or n/a (not applicable)
    dash_for_zero: bool = True  # a zero amount is shown as an en dash, as journals print it
    right: bool = False  # text that holds numbers already written (aligned right like numbers)

    @property
    def heading(self) -> str:
        return f"{self.label} ({self.unit})" if self.unit and self.unit != self.label else self.label

    def text(self, value) -> str:
        """One value as this column writes it: the display layer's one number format."""
        if self.decimals is None:
            return self.missing if value is None or (not isinstance(value, str) and _is_na(value)) else str(value)
        number = _number(value)
        if number is None:
            return self.missing
        if self.percent:
            number *= 100
        if self.dash_for_zero and not self.percent and round(number, self.decimals) == 0:
            return ZERO
        return f"{number:,.{self.decimals}f}" if self.decimals == 0 else f"{number:.{self.decimals}f}"


ZERO = "–"  # a zero amount (WTE, posts, interventions), as journals print it


def _is_na(value) -> bool:
    """NaN, NaT or pandas' NA (without importing pandas: the report step reads no pandas)."""
    try:
        return bool(value != value)
    except TypeError:  # pandas' NA has no truth value
        return True


def _number(value) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


# The columns many tables share ({Unit}: what the study maps, as a label says it).
HUB = Column("{Unit}")
WTE = Column("WTE", "WTE", 1)
COUNT = Column("n", "n", 0)
GROUP = Column("Professional group")
MAPPED = Column("Mapped")  # a mapping round's date
FOUND = Column("Found", missing="")  # a value as the workbook holds it
IN_WORKBOOK = {  # where a value is, as the site researcher sees it in Excel
    "sheet": Column("Sheet"),
    "row": Column("Row", decimals=0, missing="", dash_for_zero=False),
    "column": Column("Column", missing=""),
}


Fields = dict[str, tuple[str, ...]]
"""Processed table -> the fields a result reads from it: a field's key ('wte'), or a group of fields the
template declares ('@core': every core component; '@*': every field of the sheet). A result is computed
from those columns only (and the keys every row has, `ROW_KEYS`), so its declaration cannot leave one out."""

ROW_KEYS = ("hub_id", "mapping_date")
"""The columns that say whose row it is, in every processed table: each result may read them."""

FIGURE_FORMATS = ("pdf", "svg", "png")
"""Every figure is saved in each format: vector PDF and SVG, and a 300-dpi PNG."""


def _needs(function: Callable | None) -> tuple[str, ...]:
    return tuple(inspect.signature(function).parameters) if function else ()


@dataclass(frozen=True)
class Table:
    """A table the notebooks show or save. `columns` labels its fixed columns; in a table with a
    column per Hub (`layout.across`), every other column is a Hub (or the All Hubs total), written as
    `per_hub`. `compute`'s parameter names are the inputs it needs: processed tables by name
    (`staffing`, `service_model`, ...), or other inputs its notebook hands over."""

    name: str  # file stem in reports/tables/ (or, if not saved, the name it is shown by)
    notebook: str  # the notebook that produces it
    title: str  # {unit}: the study's unit ("Hub")
    columns: dict[str, Column]
    compute: Callable = field(compare=False, repr=False, default=None)
    fields: Fields = field(compare=False, default_factory=dict)  # what `compute` reads of each processed table
    series: Series | None = None  # None: saved for machines and for later steps, not shown as a numbered table
    layout: Layout = Layout.ROWS
    per_hub: Column | None = None  # how the Hub columns of a table with a column per Hub are written
    note: str = ""  # what a reader needs to read it (definitions), before the source
    saved: bool = True  # saved as reports/tables/NAME.csv (and .md, .tex)
    shows: tuple[str, ...] = ()  # the columns readers see, where the CSV holds more (for machines)
    number: str | None = None  # given by the catalogue, from the declared order: never typed
    words: dict = field(compare=False, default_factory=dict)  # the study's words its text was written with

    @property
    def totals(self) -> tuple[str, ...]:
        """The labels of its total row and column: 'Total', and all the units ('All Hubs')."""
        return (self.words.get("all_units", ""), TOTAL)

    @property
    def needs(self) -> tuple[str, ...]:
        """The inputs `compute` takes, by name."""
        return _needs(self.compute)

    @property
    def caption(self) -> str:
        return f"Table {self.number}. {self.title}" if self.number else self.title


@dataclass(frozen=True)
class Figure:
    """A figure of the manuscript, declared beside the code that draws it. `draw`'s parameter names are
    its inputs: declared tables by name (computed from their own declarations when not given), or
    processed tables, of which it reads `fields`. An input whose default is None is optional: a study
    that does not make that table gets the figure without it (`alt` says what it shows then; `alt_with`,
    what it shows with it).
    Saved as NAME.pdf, .svg and .png in the figures folder."""

    name: str  # file stem in figures/
    notebook: str  # the notebook that draws and saves it
    title: str  # its caption's title; {n}: how many of the study's units it shows; {unit}: the unit
    alt: str  # what it shows, in words: the alt text wherever it is shown
    draw: Callable = field(compare=False, repr=False, default=None)
    fields: Fields = field(compare=False, default_factory=dict)  # what `draw` reads of a processed table itself
    number: int | None = None  # given by the catalogue, from the declared order: never typed
    alt_with: dict[str, str] = field(compare=False, default_factory=dict)  # optional input -> the alt text with it

    @property
    def needs(self) -> tuple[str, ...]:
        """The inputs `draw` takes, by name."""
        return _needs(self.draw)

    @property
    def optional(self) -> tuple[str, ...]:
        """The inputs `draw` can go without (their default is None)."""
        if self.draw is None:
            return ()
        return tuple(n for n, p in inspect.signature(self.draw).parameters.items() if p.default is None)

    def caption(self, n: int) -> str:
        """'Figure 1. Staffing of 4 ...', for `n` units."""
        return f"Figure {self.number}. {self.title.format(n=n)}"
