"""The registry: which notebooks there are, in what order, and what each reads.

Everything else asks here: the runner (`python -m hubmap run`), the Makefile's test, the
report index, the manifest, the benchmark and the tests. The Makefile spells out one rule per
notebook, and `tests/test_notebooks.py` checks that its rules and this registry agree. The
results (tables and figures) are declared beside the code that computes or draws each, and
gathered in `hubmap.publication.catalogue`.
"""

from __future__ import annotations

from dataclasses import dataclass

PER_HUB = ("HUB", "PREPARED")
"""What the per-Hub sweep sets for each Hub's run: the Hub, and the file of what its profile is made from."""


@dataclass(frozen=True)
class Notebook:
    name: str  # file stem in notebooks/
    title: str  # as the report index lists it, the study's words put in ('{unit}')
    parameters: tuple[str, ...]  # the names in its `parameters` cell; the Makefile passes each with -p
    after: tuple[str, ...] = ()  # notebooks whose outputs it reads
    reads: tuple[str, ...] = ()  # processed tables it reads (their checksums go into the run log)
    per_hub: bool = False  # run once per Hub in the processed data, with `PER_HUB` set by the sweep (a profile)

    @property
    def path(self) -> str:
        return f"notebooks/{self.name}.ipynb"

    @property
    def swept(self) -> tuple[str, ...]:
        """The parameters the per-Hub sweep sets for each Hub (the Makefile does not pass them)."""
        return PER_HUB if self.per_hub else ()


_PROCESSED = ("service_model", "staffing", "interventions", "sources")
NOTEBOOKS = {
    nb.name: nb
    for nb in (
        Notebook(
            "01_clean",
            "1. Cleaning and validating the mapping workbooks",
            ("STUDY", "RAW_DIR", "PROCESSED_DIR", "TITLE_LOOKUP", "STRICT"),
        ),
        Notebook(
            "02_staffing",
            "2. Staffing by {unit}",
            ("STUDY", "PROCESSED_DIR", "TABLES_DIR", "FIGURES_DIR", "AS_OF"),
            after=("01_clean",),
            reads=_PROCESSED,
        ),
        Notebook(
            "03_service_model",
            "3. Service model by {unit}",
            ("STUDY", "PROCESSED_DIR", "TABLES_DIR", "AS_OF"),
            after=("01_clean",),
            reads=_PROCESSED,
        ),
        Notebook(
            "04_interventions",
            "4. Interventions, and fidelity to the national model",
            ("STUDY", "PROCESSED_DIR", "TABLES_DIR", "FIGURES_DIR", "AS_OF"),
            after=("01_clean",),
            reads=_PROCESSED,
        ),
        Notebook(
            "05_logic_model",
            "5. The logic model, and what the mapping found for each part",
            ("STUDY", "PROCESSED_DIR", "LOGIC_MODEL", "TABLES_DIR", "FIGURES_DIR", "AS_OF"),
            after=("01_clean",),
            reads=_PROCESSED,
        ),
        Notebook(
            "06_changes",
            "6. What changed between mapping rounds",
            ("STUDY", "PROCESSED_DIR", "TABLES_DIR", "FIGURES_DIR"),
            after=("01_clean",),
            reads=_PROCESSED,
        ),
        Notebook(
            "07_hub_profile",
            "7. {Unit} profile, for the {unit} lead's accuracy check",
            ("STUDY", "PROCESSED_DIR", "HUB", "ANONYMISE_OTHERS", "PROFILES_DIR", "AS_OF", "PREPARED"),
            after=("01_clean",),
            reads=_PROCESSED + ("cleaning_log",),
            per_hub=True,
        ),
        Notebook(
            "08_publication",
            "8. Publication set",
            ("STUDY", "PROCESSED_DIR", "TABLES_DIR", "FIGURES_DIR", "LOGIC_MODEL", "AS_OF"),
            after=("02_staffing", "03_service_model", "04_interventions", "05_logic_model", "06_changes"),
            reads=_PROCESSED,
        ),
    )
}


def run_order() -> list[str]:
    """The notebooks in an order that runs each after the notebooks it reads (`after`)."""
    done: list[str] = []
    while len(done) < len(NOTEBOOKS):
        ready = sorted(n for n, nb in NOTEBOOKS.items() if n not in done and set(nb.after) <= set(done))
        if not ready:
            raise ValueError(f"the notebooks {sorted(set(NOTEBOOKS) - set(done))} wait for each other")
        done.append(ready[0])
    return done
