"""Descriptive analysis of service-mapping data: any study, from its definition file.

The default study (studies/resilience_hubs) reproduces and extends the descriptive analysis of a
published mapping of NHS staff wellbeing Hubs (its citation is in its definition).

The package reads as the pipeline (docs/architecture.md): `template` -> `intake` ->
`analysis` -> `figures` -> `publication` -> `report`, with `running` apart and `shared`
at the bottom. For exploring in JupyterLab:

    from hubmap import load
    tables = load()                     # the default study's processed tables, typed and validated
    tables = load("studies/talking_therapies/data/processed", "studies/talking_therapies")  # another study's
    tables["staffing"].head()
"""

from __future__ import annotations

from pathlib import Path

__version__ = "0.2.0"


def load(
    processed_dir: str | Path = "data/processed",
    study=None,
    as_of: str | None = None,
    all_rounds: bool = False,
) -> dict:
    """The processed tables (service_model, staffing, interventions, cleaning_log, sources) and `rounds`.

    Read with their types and validated against the schemas of `study` (a `Study`, or its folder;
    by default the repository's default study). A relative folder is taken from the repository root,
    so this works from any notebook's folder. A unit mapped more than once contributes one round, as
    in every cross-unit analysis: its latest, or with `as_of` ('2021-12-31') the one in force on that
    date ('latest' or '' for the latest); `all_rounds=True` keeps every round.
    """
    # Imported here, not above: `python -m hubmap` imports this package first, and the notebook
    # runner and the report step must not pay for pandas and pandera (see running/cli.py).
    from .intake.processed import read_processed
    from .intake.rounds import in_force, rounds
    from .shared.paths import resolve
    from .template.study import DEFAULT, Study, read_study

    study = study if isinstance(study, Study) else read_study(resolve(study or DEFAULT))
    tables = read_processed(resolve(processed_dir), study)
    if all_rounds:
        return {**tables, "rounds": rounds(tables["service_model"], as_of)}
    return in_force(tables, as_of)
