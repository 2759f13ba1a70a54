"""How each status reads, wherever it is shown: colour, a symbol and words together.

The one encoding that the tile charts and their legends, the count bars, the captions and the
tables share, so that "In-house" is the same blue circle in Figure 2 as in its caption.
Nothing relies on colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class StatusStyle:
    """How one status is shown: colour, a symbol and words together, never colour alone."""

    colour: str
    symbol: str  # the character captions use for it
    label: str  # legend text
    marker: dict = field(default_factory=dict)  # the matplotlib marker that draws `symbol` on a tile
    hatch: str = ""  # for count bars (many Hubs), so they read in greyscale


# Provider and fidelity statuses: the one encoding that tiles, legends, count bars and captions share.
STATUS = {
    "In-house": StatusStyle("#0072B2", "●", "In-house", {"marker": "o"}),
    "Both": StatusStyle("#009E73", "◐", "In-house and external", {"marker": "o", "fillstyle": "left"}, "//"),
    "External": StatusStyle("#E69F00", "○", "External", {"marker": "o", "fillstyle": "none"}, ".."),
    "Not offered": StatusStyle("#FFFFFF", "–", "Not offered", {"marker": "_"}),
    "Not recorded": StatusStyle("#BBBBBB", "?", "Not recorded", {"marker": "$?$"}, "xx"),
    "Offered": StatusStyle("#0072B2", "●", "Offered", {"marker": "o"}),
}
