"""The registry: which notebooks there are and what each reads; which figures the study publishes,
which notebook draws each, and how each is titled and described.

Everything else asks here: the runner (`python -m hubmap run`), the Makefile's test, the
report index, the manifest, the captions, the benchmark and the tests. The Makefile spells
out one rule per notebook, and `tests/test_notebooks.py` checks that its rules and this
registry agree. The tables are declared beside the code that computes each, and gathered in
`hubmap.publication.catalogue`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Notebook:
    name: str  # file stem in notebooks/
    title: str  # as the report index lists it
    parameters: tuple[str, ...]  # the names in its `parameters` cell; the Makefile passes each with -p
    after: tuple[str, ...] = ()  # notebooks whose outputs it reads
    reads: tuple[str, ...] = ()  # processed tables it reads (their checksums go into the run log)
    per_hub: bool = False  # run once per Hub in the processed data, with HUB set (a profile)

    @property
    def path(self) -> str:
        return f"notebooks/{self.name}.ipynb"


_PROCESSED = ("service_model", "staffing", "interventions", "sources")
NOTEBOOKS = {
    nb.name: nb
    for nb in (
        Notebook(
            "01_clean",
            "1. Cleaning and validating the mapping workbooks",
            ("RAW_DIR", "PROCESSED_DIR", "TITLE_LOOKUP", "STRICT"),
        ),
        Notebook(
            "02_staffing",
            "2. Staffing by Hub",
            ("PROCESSED_DIR", "TABLES_DIR", "FIGURES_DIR", "AS_OF"),
            after=("01_clean",),
            reads=_PROCESSED,
        ),
        Notebook(
            "03_service_model",
            "3. Service model by Hub",
            ("PROCESSED_DIR", "TABLES_DIR", "AS_OF"),
            after=("01_clean",),
            reads=_PROCESSED,
        ),
        Notebook(
            "04_interventions",
            "4. Interventions, and fidelity to the national model",
            ("PROCESSED_DIR", "TABLES_DIR", "FIGURES_DIR", "AS_OF"),
            after=("01_clean",),
            reads=_PROCESSED,
        ),
        Notebook(
            "05_logic_model",
            "5. The logic model, and what the mapping found for each part",
            ("PROCESSED_DIR", "LOGIC_MODEL", "TABLES_DIR", "FIGURES_DIR", "AS_OF"),
            after=("01_clean",),
            reads=_PROCESSED,
        ),
        Notebook(
            "06_changes",
            "6. What changed between mapping rounds",
            ("PROCESSED_DIR", "TABLES_DIR", "FIGURES_DIR"),
            after=("01_clean",),
            reads=_PROCESSED,
        ),
        Notebook(
            "07_hub_profile",
            "7. Hub profile, for the Hub lead's accuracy check",
            ("PROCESSED_DIR", "HUB", "ANONYMISE_OTHERS", "PROFILES_DIR", "AS_OF"),
            after=("01_clean",),
            reads=_PROCESSED + ("cleaning_log",),
            per_hub=True,
        ),
        Notebook(
            "08_publication",
            "8. Publication set",
            ("PROCESSED_DIR", "TABLES_DIR", "FIGURES_DIR", "LOGIC_MODEL", "AS_OF"),
            after=("02_staffing", "03_service_model", "04_interventions", "05_logic_model", "06_changes"),
            reads=_PROCESSED,
        ),
    )
}


FIGURE_FORMATS = ("pdf", "svg", "png")

# Figures 2 and 3 draw one tile per Hub up to MAX_TILE_HUBS Hubs (in panels of at most
# HUBS_PER_PANEL); beyond it they count the Hubs with each status, and their captions say so.
MAX_TILE_HUBS = 40
HUBS_PER_PANEL = 20


def run_order() -> list[str]:
    """The notebooks in an order that runs each after the notebooks it reads (`after`)."""
    done: list[str] = []
    while len(done) < len(NOTEBOOKS):
        ready = sorted(n for n, nb in NOTEBOOKS.items() if n not in done and set(nb.after) <= set(done))
        if not ready:
            raise ValueError(f"the notebooks {sorted(set(NOTEBOOKS) - set(done))} wait for each other")
        done.append(ready[0])
    return done


def shows_each_hub(n_hubs: int) -> bool:
    """Whether Figures 2 and 3 draw one tile per Hub (else they count Hubs per status)."""
    return n_hubs <= MAX_TILE_HUBS


"""Every figure is saved in each format: vector PDF and SVG, and a 300-dpi PNG."""


@dataclass(frozen=True)
class Figure:
    name: str  # file stem in figures/
    number: int
    notebook: str  # the notebook that draws and saves it
    reads: tuple[str, ...]  # the processed tables it is drawn from (their checksums go into the manifest)
    title: str  # its caption's title; {n} is the number of Hubs
    alt: str  # what it shows, in words: the alt text wherever it is shown

    @property
    def path(self) -> str:
        return NOTEBOOKS[self.notebook].path


FIGURES = {
    f.name: f
    for f in (
        Figure(
            "figure1_staffing",
            1,
            "02_staffing",
            ("staffing",),
            "Staffing of {n} Resilience Hubs",
            "Figure 1, staffing by Hub. Left: horizontal stacked bars of whole-time equivalent staff for each "
            "Hub, one segment per professional group. Right: a heat map of whole-time equivalent for each Hub "
            "by Agenda for Change band. The values are in the staffing tables.",
        ),
        Figure(
            "figure2_interventions",
            2,
            "04_interventions",
            ("interventions", "service_model"),
            "Interventions offered by {n} Resilience Hubs, by category",
            "Figure 2, interventions by Hub. Interventions are grouped by category; for each Hub (with many "
            "Hubs, as a count of Hubs) the chart marks whether the intervention is delivered in-house, "
            "externally, both, not offered, or not recorded. The values are in the intervention matrix table.",
        ),
        Figure(
            "figure3_fidelity",
            3,
            "04_interventions",
            ("service_model",),
            "Fidelity to the NHSE&I (2020) model and adaptations",
            "Figure 3, fidelity to the national model. For each core component and adaptation, the chart marks "
            "for each Hub (with many Hubs, as a count of Hubs) whether it is offered, not offered, or not "
            "recorded. The values are in the fidelity table.",
        ),
        Figure(
            "figure4_logic_model",
            4,
            "05_logic_model",
            ("service_model", "staffing", "interventions"),
            "Logic model of the Resilience Hubs, with what the mapping of {n} Hubs found",
            "Figure 4, the logic model. Six columns of boxes from left to right: context and assumptions, inputs, "
            "activities, outputs, short-term outcomes and long-term outcomes, with arrows for the links theorised "
            "between them. Under each box the mapping measures, in bold, what it found, such as how many Hubs offer "
            "a core component or how much whole-time equivalent staff a workforce has. The values are in the "
            "logic model table.",
        ),
        Figure(
            "figure5_changes",
            5,
            "06_changes",
            ("service_model", "staffing"),
            "Whole-time equivalent staff of {n} Resilience Hubs at their first and latest mapping rounds",
            "Figure 5, staffing across mapping rounds. For each Hub, a hollow circle for its total whole-time "
            "equivalent staff at its first mapping round and a filled circle at its latest, joined by a line; a "
            "Hub mapped once has one circle and is labelled so. The values are in the table of changes between rounds.",
        ),
    )
}
