"""Stage 1, the mapping template: what a site researcher fills in.

`study` reads a study's definition file (studies/NAME/study.yaml: its sheets, fields, allowed values,
groups, bands and national model) into a `Study`, checked; `workbook` makes the blank workbook from
it. A study's invented example workbooks are made by the study's own `examples.py`, beside its definition.
"""
