"""The registry: which notebooks there are and what each reads and writes; which figures and
tables the study publishes, which notebook makes each, and how each is titled and described.

Everything else asks here: the runner (`python -m hubmap run`), the Makefile's test, the
report index, the manifest, the captions, the benchmark and the tests. The Makefile spells
out one rule per notebook, and `tests/test_notebooks.py` checks that its rules and this
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
    per_hub: bool = False  # run once per Hub in the processed data, with HUB set (a profile)

    @property
    def path(self) -> str:
        return f"notebooks/{self.name}.ipynb"


_PROCESSED = ("service_model", "staffing", "interventions", "sources")
NOTEBOOKS = {
    nb.name: nb
    for nb in (
        Notebook(
            "01_clean", "1. Cleaning and validating the mapping workbooks", ("RAW_DIR", "PROCESSED_DIR", "TITLE_LOOKUP")
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


@dataclass(frozen=True)
class Column:
    """How one column of a table reads: its label, its unit, and how its numbers are written."""

    label: str
    unit: str = ""  # "WTE", "%", "n": shown after the label, as "Clinical (WTE)"
    decimals: int | None = None  # None: text, shown as it is
    percent: bool = False  # a share stored as 0-1, shown as a percentage
    missing: str = "NR"  # a blank cell: NR (not recorded) or n/a (not applicable)
    dash_for_zero: bool = True  # a zero amount is shown as an en dash, as journals print it
    right: bool = False  # text that holds numbers already written (aligned right like numbers)

    @property
    def heading(self) -> str:
        return f"{self.label} ({self.unit})" if self.unit and self.unit != self.label else self.label


HUB = Column("Hub")
WTE = Column("WTE", "WTE", 1)
COUNT = Column("n", "n", 0)


@dataclass(frozen=True)
class Table:
    """A table the notebooks show or save. `columns` labels its fixed columns; in a table with one
    column per Hub (`layout` 'hubs across'), every other column is a Hub, written as `per_hub`."""

    name: str  # file stem in reports/tables/ (or, if not saved, the name notebooks show it by)
    notebook: str  # the notebook that computes it
    number: str | None  # "3" in the paper's series (and the Word file), "S2" supplementary; None: not shown
    title: str
    columns: dict[str, Column]
    layout: str = "rows"  # rows | hubs down | hubs across: numbers | hubs across: status | hubs across: text
    per_hub: Column | None = None  # how the Hub columns of a 'hubs across' table are written
    note: str = ""  # what a reader needs to read it (definitions), before the source
    saved: bool = True  # saved as reports/tables/NAME.csv (and .md, .tex)
    shows: tuple[str, ...] = ()  # the columns readers see, where the CSV holds more (for machines)

    @property
    def caption(self) -> str:
        return f"Table {self.number}. {self.title}"


_GROUP = {"Professional group": Column("Professional group")}
_TOTALS = "The All Hubs column and the Total row sum the Hubs."
TABLES = {
    t.name: t
    for t in (
        # ---- notebook 01: supplementary tables on the cleaning itself
        Table(
            "records_per_hub",
            "01_clean",
            "S1",
            "Records read per Hub and mapping round",
            {
                "hub_id": HUB,
                "mapping_date": Column("Mapped"),
                "staff rows": Column("Staff rows", "n", 0),
                "interventions": Column("Interventions", "n", 0),
                "log entries": Column("Cleaning-log entries", "n", 0),
            },
            layout="hubs down",
            saved=False,
        ),
        Table(
            "cleaning_log_summary",
            "01_clean",
            "S2",
            "Values changed by each cleaning rule, by Hub (n)",
            {"rule": Column("Cleaning rule")},
            layout="hubs across: numbers",
            per_hub=COUNT,
            saved=False,
            note="All Hubs sums the Hubs.",
        ),
        Table(
            "cleaning_log",
            "01_clean",
            "S3",
            "Cleaning log: every value the pipeline changed",
            {
                "hub_id": HUB,
                "mapping_date": Column("Mapped"),
                "file": Column("Workbook"),
                "sheet": Column("Sheet"),
                "row": Column("Row", decimals=0, missing="", dash_for_zero=False),
                "column": Column("Column", missing=""),
                "original": Column("Found", missing=""),
                "cleaned": Column("Cleaned", missing=""),
                "rule": Column("Rule"),
            },
            saved=False,
            note="Rows and columns as the site researcher sees them in Excel.",
        ),
        Table(
            "processed_files",
            "01_clean",
            "S4",
            "Processed tables written",
            {"file": Column("File"), "rows": Column("Rows", "n", 0)},
            saved=False,
        ),
        Table(
            "data_dictionary",
            "01_clean",
            "S5",
            "Data dictionary of the processed tables",
            {
                "table": Column("Table"),
                "column": Column("Column"),
                "type": Column("Type"),
                "unit": Column("Unit", missing=""),
                "required": Column("Required"),
                "allowed_values": Column("Allowed values", missing=""),
                "description": Column("Description"),
            },
            saved=False,
        ),
        # ---- notebooks 02-04: the paper's tables, numbered as in manuscript_tables.docx
        Table(
            "staffing_wte_by_group_manuscript",
            "02_staffing",
            "1",
            "Whole-time equivalent (WTE) by professional group and Hub",
            _GROUP,
            layout="hubs across: numbers",
            per_hub=WTE,
            note=_TOTALS + " Filled and vacant posts.",
        ),
        Table(
            "staffing_headcount_by_group_manuscript",
            "02_staffing",
            "2",
            "Headcount by professional group and Hub",
            _GROUP,
            layout="hubs across: numbers",
            per_hub=COUNT,
            note=_TOTALS + " Vacant posts have a headcount of 0.",
        ),
        Table(
            "staffing_clinical_split",
            "02_staffing",
            "3",
            "Clinical and non-clinical WTE by Hub",
            {
                "hub_id": HUB,
                "clinical_wte": Column("Clinical", "WTE", 1),
                "non_clinical_wte": Column("Non-clinical", "WTE", 1),
                "total_wte": Column("Total", "WTE", 1),
                "clinical_share": Column("Clinical share", "%", 1, percent=True, missing="n/a"),
            },
            layout="hubs down",
        ),
        Table(
            "staffing_by_band_manuscript",
            "02_staffing",
            "4",
            "WTE by NHS Agenda for Change band and Hub",
            {"Band": Column("Agenda for Change band")},
            layout="hubs across: numbers",
            per_hub=WTE,
            note=_TOTALS + " Medical: medical pay scales, which have no Agenda for Change band.",
        ),
        Table(
            "staffing_experienced_share",
            "02_staffing",
            "5",
            "Clinical WTE at Agenda for Change band 7 or above",
            {
                "hub_id": HUB,
                "clinical_afc_wte": Column("Clinical, on AfC bands", "WTE", 1),
                "band_7_plus_wte": Column("At band 7 or above", "WTE", 1),
                "share_band_7_plus": Column("Share at band 7 or above", "%", 1, percent=True, missing="n/a"),
                "medical_wte": Column("Medical", "WTE", 1),
            },
            layout="hubs down",
            note="Clinical posts only; medical posts, on their own pay scales, are shown apart and left out of the "
            "share.",
        ),
        Table(
            "staffing_post_status",
            "02_staffing",
            "6",
            "Filled and vacant posts by Hub",
            {
                "hub_id": HUB,
                "post_status": Column("Post status"),
                "posts": Column("Posts", "n", 0),
                "wte": Column("WTE", "WTE", 1),
            },
            layout="hubs down",
        ),
        Table(
            "staffing_wte_per_1000",
            "02_staffing",
            "7",
            "WTE per 1,000 staff eligible to use the Hub",
            {
                "hub_id": HUB,
                "total_wte": Column("Total", "WTE", 1),
                "eligible_workforce": Column("Eligible workforce", "n", 0),
                "wte_per_1000_eligible": Column("Per 1,000 eligible staff", "WTE", 3),
            },
            layout="hubs down",
            note="Eligible workforce: the staff who may use the Hub, as the Hub recorded it.",
        ),
        Table(
            "service_model",
            "03_service_model",
            "8",
            "Service model by Hub",
            {"Characteristic": Column("Characteristic")},
            layout="hubs across: text",
            note="As recorded in each Hub's mapping workbook.",
        ),
        Table(
            "intervention_matrix_manuscript",
            "04_interventions",
            "9",
            "Interventions by category and Hub",
            {"Category": Column("Category"), "Intervention": Column("Intervention")},
            layout="hubs across: status",
            note="Both: delivered in-house and by referral to an external service. Not offered: recorded as not "
            "offered. Not recorded: the Hub listed no interventions.",
        ),
        Table(
            "intervention_category_counts",
            "04_interventions",
            "10",
            "Interventions per category and Hub (n)",
            {"Category": Column("Category")},
            layout="hubs across: numbers",
            per_hub=COUNT,
            note=_TOTALS + " An intervention offered both in-house and externally counts once.",
        ),
        Table(
            "intervention_level_counts",
            "04_interventions",
            "11",
            "Interventions per level and Hub (n)",
            {"Level": Column("Level")},
            layout="hubs across: numbers",
            per_hub=COUNT,
            note=_TOTALS,
        ),
        Table(
            "intervention_provider_counts",
            "04_interventions",
            "12",
            "Interventions per provider and Hub (n)",
            {"Provider": Column("Provided by")},
            layout="hubs across: numbers",
            per_hub=COUNT,
            note=_TOTALS,
        ),
        Table(
            "fidelity_manuscript",
            "04_interventions",
            "13",
            "Fidelity to the NHSE&I (2020) model and adaptations",
            {"Component": Column("Core component or adaptation")},
            layout="hubs across: status",
            note="The four NHSE&I core components plus rapid access to mental health support, and the adaptations "
            "reported by Allsopp et al. (2024).",
        ),
        Table(
            "logic_model_coverage",
            "05_logic_model",
            "14",
            "The logic model, and what the mapping found for each part",
            {
                "column": Column("Column"),
                "label": Column("Box"),
                "measured_by": Column("Measured by", missing=""),
                "found": Column("What the mapping found", missing=""),
            },
            note="The model is a starting point built from the "
            "NHSE&I (2020) model and Allsopp et al. (2024), not the paper's figure; its outcomes are aims, which the "
            "mapping does not measure. Numbers as in the fidelity, intervention and staffing tables.",
            shows=("column", "label", "measured_by", "found"),
        ),
        # ---- notebook 06: what changed between mapping rounds (numbered C1, C2, ...)
        Table(
            "changes_summary",
            "06_changes",
            "C1",
            "Mapping rounds of each Hub, and how much changed between them",
            {
                "hub_id": HUB,
                "rounds": Column("Rounds compared"),
                "wte_before": Column("WTE before", "WTE", 1),
                "wte_after": Column("WTE after", "WTE", 1, missing=""),
                "post_changes": Column("Posts changed", "n", 0, missing=""),
                "intervention_changes": Column("Interventions changed", "n", 0, missing=""),
                "component_changes": Column("Components changed", "n", 0, missing=""),
            },
            layout="hubs down",
            note="A Hub mapped once is listed as such; its single round is not compared.",
        ),
        Table(
            "changes_wte_by_group",
            "06_changes",
            "C2",
            "WTE by professional group, where it changed between rounds",
            {
                "hub_id": HUB,
                "before": Column("From"),
                "after": Column("To"),
                "professional_group": Column("Professional group"),
                "wte_before": Column("Before", "WTE", 1),
                "wte_after": Column("After", "WTE", 1),
                "change": Column("Change", "WTE", 1),
            },
        ),
        Table(
            "changes_wte_by_band",
            "06_changes",
            "C3",
            "WTE by Agenda for Change band, where it changed between rounds",
            {
                "hub_id": HUB,
                "before": Column("From"),
                "after": Column("To"),
                "band": Column("Band"),
                "wte_before": Column("Before", "WTE", 1),
                "wte_after": Column("After", "WTE", 1),
                "change": Column("Change", "WTE", 1),
            },
        ),
        Table(
            "changes_posts",
            "06_changes",
            "C4",
            "Posts added, removed, filled, vacated or changed between rounds",
            {
                "hub_id": HUB,
                "before": Column("From"),
                "after": Column("To"),
                "job_title": Column("Job title"),
                "professional_group": Column("Professional group"),
                "change": Column("Change"),
                "was": Column("Was"),
                "now": Column("Now"),
            },
            note="A post is the same post in both rounds when its job title and professional group match.",
        ),
        Table(
            "changes_interventions",
            "06_changes",
            "C5",
            "Interventions added or dropped, and changes of provider",
            {
                "hub_id": HUB,
                "before": Column("From"),
                "after": Column("To"),
                "category": Column("Category"),
                "intervention": Column("Intervention"),
                "change": Column("Change"),
                "was": Column("Was"),
                "now": Column("Now"),
            },
        ),
        Table(
            "changes_components",
            "06_changes",
            "C6",
            "Core components and adaptations gained or lost between rounds",
            {
                "hub_id": HUB,
                "before": Column("From"),
                "after": Column("To"),
                "group": Column("Group"),
                "item": Column("Core component or adaptation"),
                "change": Column("Change"),
                "was": Column("Was"),
                "now": Column("Now"),
            },
        ),
        # ---- saved for machines and for the publication step, not shown as such
        Table(
            "staffing_by_group",
            "02_staffing",
            None,
            "WTE and headcount by professional group and Hub (tidy)",
            {
                "hub_id": HUB,
                "professional_group": Column("Professional group"),
                "wte": WTE,
                "headcount": Column("Headcount", "n", 0),
            },
        ),
        Table(
            "staffing_by_band",
            "02_staffing",
            None,
            "WTE by Agenda for Change band and Hub (tidy)",
            {"hub_id": HUB, "band": Column("Agenda for Change band"), "wte": WTE},
        ),
        Table(
            "intervention_matrix",
            "04_interventions",
            None,
            "Interventions by category and Hub (tidy)",
            {
                "category": Column("Category"),
                "intervention": Column("Intervention"),
                "hub_id": HUB,
                "status": Column("Status"),
            },
        ),
        Table(
            "fidelity",
            "04_interventions",
            None,
            "Fidelity to the NHSE&I model and adaptations (tidy)",
            {
                "group": Column("Group"),
                "item": Column("Core component or adaptation"),
                "hub_id": HUB,
                "status": Column("Status"),
            },
        ),
        # ---- notebook 07: one Hub, for its lead's accuracy check (numbered P1, P2, ... in every profile)
        Table(
            "profile_service_model",
            "07_hub_profile",
            "P1",
            "Service model as recorded",
            {"field": Column("Field"), "value": Column("As recorded")},
            saved=False,
            note="Not recorded: the workbook left the cell blank (not the same as No).",
        ),
        Table(
            "profile_staffing",
            "07_hub_profile",
            "P2",
            "Staffing as cleaned, with the workbook row of each post",
            {
                "source_row": Column("Workbook row", decimals=0, dash_for_zero=False),
                "job_title": Column("Job title"),
                "professional_group": Column("Professional group"),
                "band": Column("AfC band"),
                "wte": Column("WTE", "WTE", 2),
                "wte_source": Column("Given as"),
                "headcount": Column("Headcount", "n", 0),
                "post_status": Column("Post status"),
                "notes": Column("Notes", missing=""),
            },
            saved=False,
            note="Given as hours: WTE = hours per week / 37.5. Row: the row of the Staffing sheet.",
        ),
        Table(
            "profile_wte_by_group",
            "07_hub_profile",
            "P3",
            "WTE and headcount by professional group",
            {
                "professional_group": Column("Professional group"),
                "wte": Column("WTE", "WTE", 2),
                "headcount": Column("Headcount", "n", 0),
            },
            saved=False,
            note="Filled and vacant posts.",
        ),
        Table(
            "profile_wte_by_band",
            "07_hub_profile",
            "P4",
            "WTE by Agenda for Change band",
            {"band": Column("AfC band"), "wte": Column("WTE", "WTE", 2)},
            saved=False,
            note="Medical: medical pay scales, which have no Agenda for Change band.",
        ),
        Table(
            "profile_interventions",
            "07_hub_profile",
            "P5",
            "Interventions",
            {
                "category": Column("Category"),
                "intervention": Column("Intervention"),
                "level": Column("Level"),
                "delivery_mode": Column("Delivery mode"),
                "provider": Column("Provided by"),
            },
            saved=False,
            note="Both: delivered in-house and by referral to an external service.",
        ),
        Table(
            "profile_fidelity",
            "07_hub_profile",
            "P6",
            "Core components of the NHSE&I (2020) model, and adaptations",
            {"item": Column("Core component or adaptation"), "status": Column("Status")},
            saved=False,
        ),
        Table(
            "profile_changes",
            "07_hub_profile",
            "P7",
            "What the pipeline changed in this Hub's workbook, and why",
            {
                "sheet": Column("Sheet"),
                "row": Column("Row", decimals=0, missing="", dash_for_zero=False),
                "column": Column("Column", missing=""),
                "original": Column("Found", missing=""),
                "cleaned": Column("Cleaned", missing=""),
                "rule": Column("Rule"),
            },
            saved=False,
            note="Rows and columns as they are in the workbook.",
        ),
        Table(
            "profile_comparison",
            "07_hub_profile",
            "P8",
            "This Hub beside all Hubs",
            {
                "measure": Column("Measure"),
                "this_hub": Column("This Hub", right=True),
                "median": Column("Median, all Hubs", right=True),
                "lowest": Column("Lowest Hub", right=True),
                "highest": Column("Highest Hub", right=True),
                "hubs": Column("Hubs", "n", 0),
                "lowest_hub": Column("Lowest"),
                "highest_hub": Column("Highest"),
            },
            saved=False,
            note="Each measure as in the cross-Hub tables; Hubs: how many recorded it.",
        ),
        # ---- notebook 08
        Table(
            "publication_manifest",
            "08_publication",
            "S6",
            "The publication set: each file and the notebook that made it",
            {"output": Column("File"), "kind": Column("Kind"), "notebook": Column("Made by")},
            saved=False,
        ),
    )
}


def manuscript_tables() -> list[Table]:
    """The paper's tables, in their order in manuscript_tables.docx (the same numbers as the notebooks)."""
    return sorted((t for t in TABLES.values() if t.number and t.number.isdigit()), key=lambda t: int(t.number))
