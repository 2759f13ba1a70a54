"""Stage 4, figures: the manuscript's charts in the journal's style.

`style` owns sizes, fonts and colours (the status encoding is `shared.status`); `charts` draws on an Axes from
a tidy DataFrame (seaborn's way); `draw` lays out each figure; `save` writes it in three
formats and shows it as saved.
"""
