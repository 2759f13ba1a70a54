"""The pipeline's own terms, spelled once: the totals labels, the statuses it derives, and how each
status reads wherever it is shown (colour, symbol, marker, hatch, and the words captions use).

The study's terms (providers, post statuses, components and adaptations, professional groups) are
in its definition (studies/NAME/study.yaml, read by `hubmap.template.study`); the encoding here is
keyed by a status's role, and the definition says which of its terms plays which role.
`tests/test_vocabulary.py` fails on a string anywhere in the package or the notebooks that repeats a
term defined here or there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

TOTAL = "Total"
"""The label of the totals row under the categories of a table. (The total that sits after the units in
every cross-unit table is the study's: 'All Hubs', `Study.all_units`.)"""

OFFERED = "Offered"
NOT_OFFERED = "Not offered"
NOT_RECORDED = "Not recorded"
"""Blank in the workbook: kept apart from No (not offered) everywhere."""


class Role(Enum):
    """What a status means, whatever the study calls it: the encoding is keyed by this."""

    IN_HOUSE = "in_house"
    BOTH = "both"
    EXTERNAL = "external"
    OFFERED = "offered"
    NOT_OFFERED = "not_offered"
    NOT_RECORDED = "not_recorded"


@dataclass(frozen=True)
class Encoding:
    """How one status is shown: colour, a symbol and words together, never colour alone."""

    colour: str
    symbol: str  # the character captions use for it
    marker: dict = field(default_factory=dict)  # the matplotlib marker that draws `symbol` on a tile
    hatch: str = ""  # for count bars (many Hubs), so they read in greyscale
    dark: bool = False  # a dark fill: its symbol is drawn in white

    @property
    def hatch_words(self) -> str:
        """The hatch as a caption names it ('' for none)."""
        return HATCH_WORDS[self.hatch]


HATCH_WORDS = {"": "", "//": "hatched", "..": "dotted", "xx": "cross-hatched"}

ENCODING = {
    Role.IN_HOUSE: Encoding("#0072B2", "●", {"marker": "o"}, dark=True),
    Role.BOTH: Encoding("#009E73", "◐", {"marker": "o", "fillstyle": "left"}, "//", dark=True),
    Role.EXTERNAL: Encoding("#E69F00", "○", {"marker": "o", "fillstyle": "none"}, ".."),
    Role.OFFERED: Encoding("#0072B2", "●", {"marker": "o"}, dark=True),
    Role.NOT_OFFERED: Encoding("#FFFFFF", "–", {"marker": "_"}),
    Role.NOT_RECORDED: Encoding("#BBBBBB", "?", {"marker": "$?$"}, "xx"),
}
TILE_EDGE = "#666666"  # the outline of a tile or bar: mid grey, on white and on every fill
GRID_LINE = "#DDDDDD"  # the lines between the cells of a heat map
