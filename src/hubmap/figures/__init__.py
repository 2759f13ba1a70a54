"""Stage 4, figures: the manuscript's charts in the journal's style.

`style` owns sizes, fonts, colours and the status encoding; `charts` draws on an Axes from
a tidy DataFrame (seaborn's way); `draw` lays out each figure; `save` writes it in three
formats and shows it as saved.
"""
