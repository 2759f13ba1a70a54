"""Stage 1, the mapping template: what a site researcher fills in.

`spec` declares the template once (sheets, fields, allowed values, units); `workbook` makes
the blank workbook from it; `examples` and `synthetic` fill it with invented Hubs.
"""
