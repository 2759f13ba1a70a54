"""Stage 6, report: what reviewers read.

`render` turns each executed notebook into a full (code and output) and a reader (output
only) HTML page with contents; `index` writes the page that links every notebook, figure
and table and records the run's provenance.
"""
