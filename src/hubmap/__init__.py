"""Descriptive analysis of NHS staff wellbeing (Resilience) Hub service-mapping data.

Reproduces and extends the descriptive analysis of Allsopp et al. (2024),
BMC Health Services Research 24:430, doi:10.1186/s12913-024-10835-1.

The package reads as the pipeline (docs/architecture.md): `template` -> `intake` ->
`analysis` -> `figures` -> `publication` -> `report`, with `running` apart and `shared`
at the bottom. For exploring in JupyterLab:

    from hubmap import load
    tables = load()                     # the processed tables, typed and validated (latest round per Hub)
    tables["staffing"].head()
"""

from __future__ import annotations

from pathlib import Path

__version__ = "0.2.0"


def load(processed_dir: str | Path = "data/processed", as_of: str | None = None, all_rounds: bool = False) -> dict:
    """The processed tables (service_model, staffing, interventions, cleaning_log, sources) and `rounds`.

    Read with their types and validated against the schemas. A relative folder is taken from
    the repository root, so this works from any notebook's folder. A Hub mapped more than once
    contributes one round, as in every cross-Hub analysis: its latest, or with `as_of`
    ('2021-12-31') the one in force on that date ('latest' or '' for the latest); `all_rounds=True`
    keeps every round.
    """
    # Imported here, not above: `python -m hubmap` imports this package first, and the notebook
    # runner and the report step must not pay for pandas and pandera (see running/cli.py).
    from .intake.processed import read_processed
    from .intake.rounds import in_force, rounds
    from .shared.paths import resolve

    tables = read_processed(resolve(processed_dir))
    if all_rounds:
        return {**tables, "rounds": rounds(tables["service_model"], as_of)}
    return in_force(tables, as_of)
