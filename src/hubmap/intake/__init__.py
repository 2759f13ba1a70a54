"""Stage 2, intake: completed workbooks in, validated processed tables out.

`parse` holds the pure parsing rules, `schemas` the contract for the processed tables,
`read` finds the cells, `clean` orchestrates (read, parse, log, validate), and `processed`
writes the set and reads it back with its types.
"""
