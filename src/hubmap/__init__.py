"""Descriptive analysis of NHS staff wellbeing (Resilience) Hub service-mapping data.

Reproduces and extends the descriptive analysis of Allsopp et al. (2024),
BMC Health Services Research 24:430, doi:10.1186/s12913-024-10835-1.

The package reads as the pipeline (docs/architecture.md): `template` -> `intake` ->
`analysis` -> `figures` -> `publication` -> `report`, with `running` apart and `shared`
at the bottom. For exploring in JupyterLab:

    from hubmap import load
    tables = load()                     # the processed tables, typed and validated
    tables["staffing"].head()
"""

from __future__ import annotations

from pathlib import Path

__version__ = "0.1.0"


def load(processed_dir: str | Path = "data/processed") -> dict:
    """The processed tables (service_model, staffing, interventions, cleaning_log, sources).

    Read with their types and validated against the schemas. A relative folder is taken
    from the repository root, so this works from any notebook's folder.
    """
    # Imported here, not above: `python -m hubmap` imports this package first, and the notebook
    # runner and the report step must not pay for pandas and pandera (see running/cli.py).
    from .intake.processed import read_processed
    from .shared.paths import resolve

    return read_processed(resolve(processed_dir))
