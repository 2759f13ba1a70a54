"""Stage 3, analysis: what the processed tables say about each Hub.

`staffing` (WTE by group and band, clinical share, seniority, vacancies) and `services`
(the service model, interventions, and fidelity to the national model). Each takes the
processed tables and returns tidy DataFrames; neither imports the other.
"""
