"""The publication set around the figures: captions, manuscript tables and a manifest.

The figures themselves are drawn and saved by notebooks 02 and 04 (`hubmap.figures`).
Captions take every number from the data. The manifest ties each output to the notebook
that made it and the checksums of the processed tables it was made from.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pandas as pd
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from . import services, staffing
from .export import FIGURE_FORMATS
from .figure_plan import FIGURES, plain_notice, shows_each_hub
from .storage import sha256, write_atomic, write_csv, write_text

PUBLICATION_NOTEBOOK = "notebooks/05_publication.ipynb"
TABLE_FONT_PT = 8
FIXED_ZIP_TIME = (2020, 10, 1, 0, 0, 0)


def captions(tables: dict[str, pd.DataFrame], notice: str) -> dict[str, tuple[str, str]]:
    """Figure name -> (title, legend), with the numbers taken from the data."""
    staff, service, iv = tables["staffing"], tables["service_model"], tables["interventions"]
    n = service["hub_id"].nunique()
    split = staffing.clinical_split(staff).set_index("hub_id")
    exp = staffing.experienced_share(staff).set_index("hub_id")
    matrix = services.intervention_matrix(iv, service)
    both = int((matrix["status"] == "Both").sum())
    per_hub = shows_each_hub(n)
    return {
        "figure1_staffing": (
            f"Staffing of {n} Resilience Hubs",
            f"(a) Whole-time equivalent (WTE) by professional group, filled and vacant posts "
            f"({split.loc[staffing.ALL_HUBS, 'total_wte']:.1f} WTE in all; "
            f"{split.loc[staffing.ALL_HUBS, 'clinical_share']:.0%} clinical). Hatching distinguishes groups "
            "that share a colour where the bars are thick enough to show it. "
            "(b) WTE by NHS Agenda for Change band; 'Medical' = medical pay scales. "
            f"{exp.loc[staffing.ALL_HUBS, 'share_band_7_plus']:.0%} of clinical WTE on Agenda for Change bands "
            f"was at band 7 or above. {notice}"),
        "figure2_interventions": (
            f"Interventions offered by {n} Resilience Hubs, by category",
            (f"Each tile shows whether the Hub delivers the intervention in-house (●), refers out to an "
             f"external service (○), does both (◐; {both} Hub-intervention pair{'s' if both != 1 else ''}), "
             f"does not offer it (–), or did not record it (?). "
             if per_hub else
             f"Each bar counts the Hubs that deliver the intervention in-house, refer out to an external "
             f"service (dotted), do both (hatched; {both} Hub-intervention pair{'s' if both != 1 else ''}), "
             f"do not offer it, or did not record it (cross-hatched); with {n} Hubs one tile per Hub would "
             f"not be legible, and the per-Hub matrix is in the tables. ")
            + f"{matrix['intervention'].nunique()} distinct interventions. {notice}"),
        "figure3_fidelity": (
            "Fidelity to the NHSE&I (2020) model and adaptations",
            "The four NHSE&I core components plus rapid access to mental health support, and the adaptations "
            "reported by Allsopp et al. (2024), "
            + ("for each Hub: offered (●), not offered (–), not recorded (?). " if per_hub else
               f"counted over the {n} Hubs: offered, not offered, not recorded (cross-hatched). ")
            + notice),
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
        table = doc.add_table(rows=0, cols=len(df.columns))
        table.style = "Table Grid"
        header = [str(name) for name in df.columns]
        body = [["" if v in ("nan", "<NA>") else v for v in values]
                for values in df.astype(str).itertuples(index=False)]
        for tr in _table_rows([header], bold=True) + _table_rows(body, bold=False):
            table._tbl.append(tr)
    return write_atomic(Path(path), lambda p: _save_deterministic(doc, p))


def _table_rows(rows: list[list[str]], bold: bool) -> list:
    """Word table rows (8-pt text) built as one XML fragment.

    Filling cells one by one through python-docx re-scans the whole table for every row,
    which took seconds for a table with a column per Hub at a few hundred Hubs.
    """
    run_props = f"<w:rPr>{'<w:b/>' if bold else ''}<w:sz w:val=\"{2 * TABLE_FONT_PT}\"/></w:rPr>"
    trs = "".join("<w:tr>" + "".join(
        f'<w:tc><w:p><w:r>{run_props}<w:t xml:space="preserve">{escape(value)}</w:t></w:r></w:p></w:tc>'
        for value in row) + "</w:tr>" for row in rows)
    return list(parse_xml(f"<w:tbl {nsdecls('w')}>{trs}</w:tbl>"))


def _save_deterministic(doc, path: Path) -> None:
    """python-docx stamps zip entries with the current time; rewrite them with a fixed one."""
    doc.save(path)
    with zipfile.ZipFile(path) as z:
        entries = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            z.writestr(zipfile.ZipInfo(name, FIXED_ZIP_TIME), data, compress_type=zipfile.ZIP_DEFLATED)


def missing_figures(figures_dir: Path) -> list[str]:
    """Figure files the publication set needs that are not (yet) in `figures_dir`."""
    return [f"{name}.{fmt}" for name in FIGURES for fmt in FIGURE_FORMATS
            if not (Path(figures_dir) / f"{name}.{fmt}").is_file()]


def assemble_publication_set(tables: dict[str, pd.DataFrame], processed_dir: Path, figures_dir: Path,
                             notice: str) -> pd.DataFrame:
    """Write the captions, the manuscript tables and the manifest next to the saved figures."""
    figures_dir = Path(figures_dir)
    missing = missing_figures(figures_dir)
    if missing:
        makers = sorted({FIGURES[m.rsplit(".", 1)[0]][0] for m in missing})
        raise FileNotFoundError(
            f"{figures_dir}: missing {', '.join(missing)}; run {' and '.join(makers)} first "
            "(make all runs them before this notebook)")
    staff, service, iv = tables["staffing"], tables["service_model"], tables["interventions"]
    matrix = services.intervention_matrix(iv, service)
    fidelity = services.fidelity_matrix(service)
    plain = plain_notice(notice)
    caps = captions(tables, plain)
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
    manuscript_docx(sections, plain, figures_dir / "manuscript_tables.docx")
    checksums = {t: sha256(Path(processed_dir) / f"{t}.csv") for t in ("service_model", "staffing", "interventions")}
    every_input = "; ".join(f"{t}.csv sha256:{c}" for t, c in checksums.items())
    rows = [{"output": f"{name}.{fmt}", "kind": "figure", "notebook": notebook,
             "inputs": "; ".join(f"{t}.csv sha256:{checksums[t]}" for t in inputs)}
            for name, (notebook, inputs) in FIGURES.items() for fmt in FIGURE_FORMATS]
    rows += [{"output": "captions.md", "kind": "captions", "notebook": PUBLICATION_NOTEBOOK, "inputs": every_input},
             {"output": "manuscript_tables.docx", "kind": "tables", "notebook": PUBLICATION_NOTEBOOK,
              "inputs": every_input}]
    manifest = pd.DataFrame(rows)
    manifest["sha256"] = [sha256(figures_dir / o) for o in manifest["output"]]
    write_csv(figures_dir / "manifest.csv", manifest)
    return manifest
