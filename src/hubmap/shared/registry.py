"""The registry: which notebooks there are and what each reads and writes; which figures and
tables the study publishes, which notebook makes each, and how each is titled and described.

Everything else asks here: the runner (`python -m hubmap run`), the Makefile's test, the
report index, the manifest, the captions, the benchmark and the tests. The Makefile spells
out one rule per notebook, and `tests/test_registry.py` checks that its rules and this
registry agree.
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

    @property
    def path(self) -> str:
        return f"notebooks/{self.name}.ipynb"


_PROCESSED = ("service_model", "staffing", "interventions", "sources")
NOTEBOOKS = {nb.name: nb for nb in (
    Notebook("01_clean", "1. Cleaning and validating the mapping workbooks",
             ("RAW_DIR", "PROCESSED_DIR", "TITLE_LOOKUP")),
    Notebook("02_staffing", "2. Staffing by Hub", ("PROCESSED_DIR", "TABLES_DIR", "FIGURES_DIR"),
             after=("01_clean",), reads=_PROCESSED),
    Notebook("03_service_model", "3. Service model by Hub", ("PROCESSED_DIR", "TABLES_DIR"),
             after=("01_clean",), reads=_PROCESSED),
    Notebook("04_interventions", "4. Interventions, and fidelity to the national model",
             ("PROCESSED_DIR", "TABLES_DIR", "FIGURES_DIR"), after=("01_clean",), reads=_PROCESSED),
    Notebook("05_publication", "5. Publication set", ("PROCESSED_DIR", "TABLES_DIR", "FIGURES_DIR"),
             after=("02_staffing", "03_service_model", "04_interventions"), reads=_PROCESSED),
)}


FIGURE_FORMATS = ("pdf", "svg", "png")
"""Every figure is saved in each format: vector PDF and SVG, and a 300-dpi PNG."""

# Figures 2 and 3 draw one tile per Hub up to MAX_TILE_HUBS Hubs (in panels of at most
# HUBS_PER_PANEL); beyond it they count the Hubs with each status, and their captions say so.
MAX_TILE_HUBS = 40
HUBS_PER_PANEL = 20


def shows_each_hub(n_hubs: int) -> bool:
    """Whether Figures 2 and 3 draw one tile per Hub (else they count Hubs per status)."""
    return n_hubs <= MAX_TILE_HUBS


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


FIGURES = {f.name: f for f in (
    Figure("figure1_staffing", 1, "02_staffing", ("staffing",), "Staffing of {n} Resilience Hubs",
           "Figure 1, staffing by Hub. Left: horizontal stacked bars of whole-time equivalent staff for each "
           "Hub, one segment per professional group. Right: a heat map of whole-time equivalent for each Hub "
           "by Agenda for Change band. The values are in the staffing tables."),
    Figure("figure2_interventions", 2, "04_interventions", ("interventions", "service_model"),
           "Interventions offered by {n} Resilience Hubs, by category",
           "Figure 2, interventions by Hub. Interventions are grouped by category; for each Hub (with many "
           "Hubs, as a count of Hubs) the chart marks whether the intervention is delivered in-house, "
           "externally, both, not offered, or not recorded. The values are in the intervention matrix table."),
    Figure("figure3_fidelity", 3, "04_interventions", ("service_model",),
           "Fidelity to the NHSE&I (2020) model and adaptations",
           "Figure 3, fidelity to the national model. For each core component and adaptation, the chart marks "
           "for each Hub (with many Hubs, as a count of Hubs) whether it is offered, not offered, or not "
           "recorded. The values are in the fidelity table."),
)}


@dataclass(frozen=True)
class Table:
    name: str  # file stem in reports/tables/
    notebook: str  # the notebook that computes and saves it
    title: str
    manuscript: int | None = None  # its number in manuscript_tables.docx, if it is one of the paper's tables
    float_format: str = "{:.2f}"  # decimals in its Markdown and LaTeX copies


TABLES = {t.name: t for t in (
    Table("staffing_by_group", "02_staffing", "WTE and headcount by professional group and Hub"),
    Table("staffing_wte_by_group_manuscript", "02_staffing", "Staffing: WTE by professional group", manuscript=2),
    Table("staffing_headcount_by_group_manuscript", "02_staffing", "Staffing: headcount by professional group"),
    Table("staffing_clinical_split", "02_staffing", "Clinical and non-clinical WTE by Hub"),
    Table("staffing_by_band", "02_staffing", "WTE by Agenda for Change band and Hub"),
    Table("staffing_by_band_manuscript", "02_staffing", "Staffing: WTE by Agenda for Change band", manuscript=3),
    Table("staffing_experienced_share", "02_staffing", "Share of clinical WTE at band 7 or above"),
    Table("staffing_post_status", "02_staffing", "Filled and vacant posts by Hub"),
    Table("staffing_wte_per_1000", "02_staffing", "WTE per 1,000 eligible staff", float_format="{:.3f}"),
    Table("service_model", "03_service_model", "Service model by Hub", manuscript=1),
    Table("intervention_matrix", "04_interventions", "Interventions by category and Hub (tidy)"),
    Table("intervention_matrix_manuscript", "04_interventions", "Interventions by category and Hub", manuscript=4),
    Table("intervention_category_counts", "04_interventions", "Interventions per category and Hub"),
    Table("intervention_level_counts", "04_interventions", "Interventions per level and Hub"),
    Table("intervention_provider_counts", "04_interventions", "Interventions per provider and Hub"),
    Table("fidelity", "04_interventions", "Fidelity to the NHSE&I model and adaptations (tidy)"),
    Table("fidelity_manuscript", "04_interventions", "Fidelity to the NHSE&I model and adaptations", manuscript=5),
)}


def manuscript_tables() -> list[Table]:
    """The paper's tables, in their order in manuscript_tables.docx."""
    return sorted((t for t in TABLES.values() if t.manuscript), key=lambda t: t.manuscript)
