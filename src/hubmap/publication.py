"""The publication set: journal-sized figures, captions, manuscript tables and a manifest.

Figures are drawn with the same plotting functions the notebooks use, at BMC widths
(85 or 170 mm). Captions take every number from the data. The manifest ties each
output to the notebook that made it and the checksums of the processed tables used.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from docx import Document
from docx.shared import Pt

from . import plots, services, staffing, style
from .export import FIGURE_FORMATS, save_figure
from .storage import sha256, write_atomic, write_csv, write_text

STATUSES = ["In-house", "Both", "External", "Not offered", "Not recorded"]
FIXED_ZIP_TIME = (2020, 10, 1, 0, 0, 0)


def _panel(ax, letter: str) -> None:
    ax.text(-0.02, 1.02, letter, transform=ax.transAxes, fontweight="bold", ha="right", va="bottom")


def staffing_figure(staff: pd.DataFrame):
    """Figure 1: (a) WTE by professional group, (b) WTE by AfC band; full width."""
    n = staff["hub_id"].nunique()
    fig, (a, b) = style.figure("full", min(60 + 12 * n, style.MAX_HEIGHT_MM), nrows=2,
                               gridspec_kw={"height_ratios": [1.6, 1]})
    plots.wte_by_group_bars(staffing.wte_by_group(staff), a)
    plots.band_heatmap(staffing.band_profile(staff), b)
    _panel(a, "a")
    _panel(b, "b")
    fig.tight_layout()
    return fig


def intervention_figure(matrix: pd.DataFrame):
    rows = matrix["intervention"].nunique()
    fig, ax = style.figure("full", min(30 + 5 * rows, style.MAX_HEIGHT_MM))
    plots.status_tiles(matrix, ax, "intervention", STATUSES, group="category")
    fig.tight_layout()
    return fig


def fidelity_figure(fidelity: pd.DataFrame):
    fig, ax = style.figure("full", 25 + 7 * fidelity["item"].nunique())
    plots.status_tiles(fidelity, ax, "item", ["Offered", "Not offered", "Not recorded"])
    fig.tight_layout()
    return fig


def captions(tables: dict[str, pd.DataFrame], notice: str) -> dict[str, tuple[str, str]]:
    """Figure name -> (title, legend), with the numbers taken from the data."""
    staff, service, iv = tables["staffing"], tables["service_model"], tables["interventions"]
    n = service["hub_id"].nunique()
    split = staffing.clinical_split(staff).set_index("hub_id")
    exp = staffing.experienced_share(staff).set_index("hub_id")
    matrix = services.intervention_matrix(iv, service)
    both = int((matrix["status"] == "Both").sum())
    return {
        "figure1_staffing": (
            f"Staffing of {n} Resilience Hubs",
            f"(a) Whole-time equivalent (WTE) by professional group, filled and vacant posts "
            f"({split.loc[staffing.ALL_HUBS, 'total_wte']:.1f} WTE in all; "
            f"{split.loc[staffing.ALL_HUBS, 'clinical_share']:.0%} clinical). Hatching distinguishes groups "
            "that share a colour. (b) WTE by NHS Agenda for Change band; 'Medical' = medical pay scales. "
            f"{exp.loc[staffing.ALL_HUBS, 'share_band_7_plus']:.0%} of clinical WTE on Agenda for Change bands "
            f"was at band 7 or above. {notice}"),
        "figure2_interventions": (
            f"Interventions offered by {n} Resilience Hubs, by category",
            f"Each tile shows whether the Hub delivers the intervention in-house (●), refers out to an "
            f"external service (○), does both (◐; {both} Hub-intervention pair{'s' if both != 1 else ''}), "
            f"does not offer it (–), or did not record it (?). {matrix['intervention'].nunique()} distinct "
            f"interventions. {notice}"),
        "figure3_fidelity": (
            "Fidelity to the NHSE&I (2020) model and adaptations",
            "The four NHSE&I core components plus rapid access to mental health support, and the adaptations "
            "reported by Allsopp et al. (2024), for each Hub: offered (●), not offered (–), not recorded (?). "
            f"{notice}"),
    }


def manuscript_docx(sections: list[tuple[str, pd.DataFrame]], notice: str, path: Path) -> Path:
    """All manuscript tables in one Word document a co-author can edit."""
    doc = Document()
    doc.core_properties.author = "hubmap"
    doc.core_properties.comments = (  # Word caps this property at 255 characters; the full notice is below
        "ILLUSTRATIVE DATA: invented numbers, not findings." if "ILLUSTRATIVE" in notice else "")
    doc.core_properties.created = doc.core_properties.modified = pd.Timestamp("2020-10-01").to_pydatetime()
    doc.core_properties.revision = 1
    doc.add_paragraph(notice)
    for i, (title, df) in enumerate(sections, start=1):
        doc.add_heading(f"Table {i}. {title}", level=2)
        table = doc.add_table(rows=1, cols=len(df.columns))
        table.style = "Table Grid"
        for cell, name in zip(table.rows[0].cells, df.columns):
            cell.text = str(name)
            cell.paragraphs[0].runs[0].bold = True
        for values in df.astype(str).itertuples(index=False):
            for cell, value in zip(table.add_row().cells, values):
                cell.text = "" if value in ("nan", "<NA>") else value
        for row in table.rows:
            for cell in row.cells:
                for run in cell.paragraphs[0].runs:
                    run.font.size = Pt(8)
    return write_atomic(Path(path), lambda p: _save_deterministic(doc, p))


def _save_deterministic(doc, path: Path) -> None:
    """python-docx stamps zip entries with the current time; rewrite them with a fixed one."""
    doc.save(path)
    with zipfile.ZipFile(path) as z:
        entries = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            z.writestr(zipfile.ZipInfo(name, FIXED_ZIP_TIME), data, compress_type=zipfile.ZIP_DEFLATED)


def write_publication_set(tables: dict[str, pd.DataFrame], processed_dir: Path, figures_dir: Path,
                          notice: str, notebook: str) -> pd.DataFrame:
    """Draw and save every figure, the captions, the manuscript tables and the manifest."""
    figures_dir = Path(figures_dir)
    staff, service, iv = tables["staffing"], tables["service_model"], tables["interventions"]
    matrix = services.intervention_matrix(iv, service)
    fidelity = services.fidelity_matrix(service)
    figures = {"figure1_staffing": staffing_figure(staff),
               "figure2_interventions": intervention_figure(matrix),
               "figure3_fidelity": fidelity_figure(fidelity)}
    inputs = {"figure1_staffing": ["staffing"], "figure2_interventions": ["interventions", "service_model"],
              "figure3_fidelity": ["service_model"]}
    plain_notice = notice.replace("**", "").lstrip("> ")
    for name, fig in figures.items():
        save_figure(fig, figures_dir, name, plain_notice)
        plt.close(fig)
    caps = captions(tables, plain_notice)
    text = "# Figure captions\n\n" + "\n".join(
        f"**Figure {i}. {title}.** {legend}\n" for i, (title, legend) in enumerate(caps.values(), start=1))
    write_text(figures_dir / "captions.md", text)
    sections = [
        ("Service model by Hub", services.service_model_table(service)),
        ("Staffing: WTE by professional group", staffing.wide(staffing.wte_by_group(staff), "professional_group", "wte")),
        ("Staffing: WTE by Agenda for Change band", staffing.wide(staffing.band_profile(staff), "band", "wte")),
        ("Interventions by category and Hub", services.matrix_wide(matrix)),
        ("Fidelity to the NHSE&I model and adaptations", services.fidelity_wide(fidelity)),
    ]
    manuscript_docx(sections, plain_notice, figures_dir / "manuscript_tables.docx")
    checksums = {t: sha256(Path(processed_dir) / f"{t}.csv") for t in ("service_model", "staffing", "interventions")}
    rows = [{"output": f"{name}.{fmt}", "kind": "figure", "notebook": notebook,
             "inputs": "; ".join(f"{t}.csv sha256:{checksums[t]}" for t in inputs[name])}
            for name in figures for fmt in FIGURE_FORMATS]
    rows += [{"output": "captions.md", "kind": "captions", "notebook": notebook,
              "inputs": "; ".join(f"{t}.csv sha256:{c}" for t, c in checksums.items())},
             {"output": "manuscript_tables.docx", "kind": "tables", "notebook": notebook,
              "inputs": "; ".join(f"{t}.csv sha256:{c}" for t, c in checksums.items())}]
    manifest = pd.DataFrame(rows)
    manifest["sha256"] = [sha256(figures_dir / o) for o in manifest["output"]]
    write_csv(figures_dir / "manifest.csv", manifest)
    return manifest
