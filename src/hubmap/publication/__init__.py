"""Stage 5, publication: what an author uploads with the manuscript.

`tables` saves each result table (CSV, Markdown, LaTeX) and reads it back; `captions`
writes each figure's title and legend from the saved tables; `word` puts the paper's tables
in one Word file; `manifest` assembles these beside the saved figures and records, for each
file, the notebook that made it and the checksums of its inputs.
"""
