"""The publication set: journal sizes, embedded TrueType fonts, and the same bytes on every run."""

import re

import pytest
from PIL import Image

from conftest import ROOT, ROUND_ONE, STUDY, first_round, produce_every_result, tree_digest
from hubmap.intake.logic_model import read_model
from hubmap.intake.processed import read_processed, write_processed
from hubmap.publication.catalogue import declared, figures
from hubmap.publication.manifest import assemble_publication_set
from hubmap.publication.results import RunContext
from hubmap.publication.tables import save_table
from hubmap.shared import files as storage

DEFINITION = ROOT / "data" / "logic_model.yaml"
MODEL = read_model(DEFINITION, STUDY)


@pytest.fixture(scope="module")
def published(tmp_path_factory, example_processed):
    import shutil

    from conftest import RAW

    work = tmp_path_factory.mktemp("pub")
    shutil.copytree(RAW, work / "raw")
    every = example_processed
    write_processed(work / "processed", every, STUDY)
    t = first_round(every)  # the cross-Hub analyses see one round per Hub
    context = RunContext(STUDY, STUDY.notice(t["sources"]))
    for run in ("run1", "run2"):
        produce_every_result(every, work / run / "tables", work / run, as_of=ROUND_ONE)
        assemble_publication_set(
            t["service_model"], work / "processed", work / run / "tables", work / run, context, DEFINITION
        )
    return work


FIGURES = list(figures(STUDY))


def test_every_figure_in_three_formats(published):
    import xml.etree.ElementTree as ET

    for name in FIGURES:
        pdf = (published / "run1" / f"{name}.pdf").read_bytes()
        assert pdf.startswith(b"%PDF-") and len(re.findall(rb"/Type /Page\b", pdf)) == 1 and pdf.endswith(b"%%EOF\n")
        assert ET.parse(published / "run1" / f"{name}.svg").getroot().tag == "{http://www.w3.org/2000/svg}svg"
        with Image.open(published / "run1" / f"{name}.png") as im:
            im.verify()  # a whole PNG, every chunk read


def test_png_is_300_dpi_at_a_journal_width(published):
    for name in FIGURES:
        with Image.open(published / "run1" / f"{name}.png") as im:
            dpi = im.info["dpi"]
            assert min(dpi) >= 299.5
            width_mm = im.size[0] / dpi[0] * 25.4
            height_mm = im.size[1] / dpi[1] * 25.4
        assert min(abs(width_mm - 85), abs(width_mm - 170)) <= 1, (name, width_mm)
        assert height_mm <= 225


def test_png_holds_the_pixels_matplotlib_draws_and_says_what_it_shows(tmp_path):
    import io

    import numpy as np

    from hubmap.figures import style
    from hubmap.figures.save import save_figure

    fig, ax = style.figure("single", 40)
    ax.barh([0, 1], [3, 1], color=style.OKABE_ITO[:2], hatch="//")  # colours, hatch, text, an odd height
    drawn = io.BytesIO()
    fig.savefig(drawn, format="png", dpi=style.DPI)
    save_figure(fig, tmp_path, "check", "a test figure")
    with Image.open(drawn) as expected, Image.open(tmp_path / "check.png") as saved:
        assert saved.size == expected.size
        assert np.array_equal(np.asarray(saved), np.asarray(expected))
        assert saved.info["Description"] == "a test figure"


def test_a_transparent_figure_keeps_its_transparency(tmp_path):
    import numpy as np

    from hubmap.figures import style
    from hubmap.figures.save import save_figure

    fig, _ = style.figure("single", 40)
    fig.patch.set_alpha(0)
    save_figure(fig, tmp_path, "check", "a test figure")
    with Image.open(tmp_path / "check.png") as saved:
        assert saved.mode == "RGBA" and np.asarray(saved)[0, 0, 3] == 0  # not flattened onto white


def test_pdf_width_and_fonts(published):
    for name in FIGURES:
        pdf = (published / "run1" / f"{name}.pdf").read_bytes()
        assert b"/Type3" not in pdf and b"/Subtype /Type3" not in pdf
        assert b"/FontFile2" in pdf  # TrueType embedded
        box = re.search(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
        width_mm = float(box.group(1)) / 72 * 25.4
        assert min(abs(width_mm - 85), abs(width_mm - 170)) <= 1


def test_figures_say_the_data_are_illustrative(published):
    assert b"ILLUSTRATIVE DATA" in (published / "run1" / "figure1_staffing.pdf").read_bytes()
    assert "ILLUSTRATIVE DATA" in (published / "run1" / "figure3_fidelity.svg").read_text()
    with Image.open(published / "run1" / "figure2_interventions.png") as im:
        assert "ILLUSTRATIVE DATA" in im.info["Description"]
    assert "ILLUSTRATIVE DATA" in (published / "run1" / "captions.md").read_text()


def test_two_runs_give_identical_bytes(published):
    first, second = tree_digest(published / "run1"), tree_digest(published / "run2")
    assert first == second
    assert {"manuscript_tables.docx", "manifest.csv", "captions.md"} <= set(first)


def test_manifest_names_notebook_and_input_checksums(published):
    import pandas as pd

    manifest = pd.read_csv(published / "run1" / "manifest.csv").set_index("output")
    # each figure is credited to the notebook that drew it; the rest to the publication notebook
    assert manifest.loc["figure1_staffing.png", "notebook"] == "notebooks/02_staffing.ipynb"
    assert manifest.loc["figure3_fidelity.svg", "notebook"] == "notebooks/04_interventions.ipynb"
    assert manifest.loc["manuscript_tables.docx", "notebook"] == "notebooks/08_publication.ipynb"
    manifest = manifest.reset_index()
    staffing_sha = storage.sha256(published / "processed" / "staffing.csv")
    assert staffing_sha in manifest.set_index("output").loc["figure1_staffing.pdf", "inputs"]
    for row in manifest.itertuples():
        folder = published / "run1" / ("tables" if row.kind == "table" else "")
        assert storage.sha256(folder / row.output) == row.sha256
    from hubmap.publication.catalogue import saved_tables

    tables = manifest[manifest["kind"] == "table"].set_index("output")
    assert list(tables.index) == [f"{t.name}.csv" for t in saved_tables(STUDY)]  # every saved table
    assert tables.loc["staffing_clinical_split.csv", "title"] == "Table 3. Clinical and non-clinical WTE by Hub"
    assert tables.loc["staffing_clinical_split.csv", "inputs"] == f"staffing.csv sha256:{staffing_sha}"
    assert tables.loc["logic_model_coverage.csv", "inputs"].endswith(
        f"logic_model.yaml sha256:{storage.sha256(DEFINITION)}"
    )


def test_the_word_file_holds_every_table_numbered_as_in_the_notebooks_in_a_journal_style(published):
    from docx import Document

    from hubmap.publication.catalogue import manuscript_tables

    doc = Document(str(published / "run1" / "manuscript_tables.docx"))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [t.caption for t in manuscript_tables(STUDY)]  # Table 1 ... Table 14, as in the notebooks
    assert len(doc.tables) == len(headings) == len(manuscript_tables(STUDY))
    service = doc.tables[7]  # Table 8
    assert [c.text for c in service.rows[0].cells] == ["Characteristic", "Hub A", "Hub B", "Hub C", "Hub D"]
    assert headings[7] == "Table 8. Service model by Hub"
    assert [c.text for c in service.rows[1].cells][:2] == ["Host organisation", "Trust 1 (anonymised)"]
    header = service.rows[0]
    assert header._tr.trPr.xpath("./w:tblHeader")  # the header row repeats on every page
    assert all(run.bold for c in header.cells for run in c.paragraphs[0].runs)
    assert all(c._tc.tcPr.xpath("./w:shd") for c in header.cells)  # and is shaded
    body_runs = [run for c in service.rows[1].cells for run in c.paragraphs[0].runs]
    assert body_runs and all(run.font.size.pt == 8 and not run.bold for run in body_runs)
    wte = doc.tables[0]  # Table 1: WTE by professional group, a zero amount as an en dash, never 0.0
    cells = [c.text for row in wte.rows[1:] for c in row.cells[1:]]
    assert "–" in cells and "0.0" not in cells and "" not in cells
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    assert wte.rows[1].cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT  # numbers right-aligned
    total = wte.rows[-1]
    assert total.cells[0].text == "Total" and all(r.bold for c in total.cells for r in c.paragraphs[0].runs)
    notes = [p.text for p in doc.paragraphs if p.text.startswith(("The All Hubs", "Clinical posts", "As recorded"))]
    assert any("– none" in n for n in notes)  # the note says what the dash means
    split = doc.tables[2]  # Table 3: shares as percentages with one decimal, labels with units
    assert [c.text for c in split.rows[0].cells] == [
        "Hub",
        "Clinical (WTE)",
        "Non-clinical (WTE)",
        "Total (WTE)",
        "Clinical share (%)",
    ]
    assert split.rows[1].cells[4].text == "72.2"


def test_assembling_without_the_figures_names_what_is_missing_and_who_makes_it(tmp_path, published):
    with pytest.raises(FileNotFoundError, match=r"figure1_staffing\.pdf.*notebooks/02_staffing\.ipynb"):
        service = first_round(read_processed(published / "processed", STUDY))["service_model"]
        assemble_publication_set(
            service,
            published / "processed",
            published / "run1" / "tables",
            tmp_path,
            RunContext(STUDY, "notice"),
            DEFINITION,
        )
    assert not (tmp_path / "manifest.csv").exists()


def test_tables_get_paste_formats_only_while_short_enough_to_paste(tmp_path):
    import pandas as pd

    from hubmap.publication.tables import PASTEABLE_ROWS

    t = "staffing_wte_per_1000"
    short = pd.DataFrame(
        {
            "hub_id": ["Hub A", "Hub B"],
            "total_wte": [10.8, 0.0],
            "eligible_workforce": pd.array([85000, None], dtype="Int64"),
            "wte_per_1000_eligible": [0.123456, None],
        }
    )
    save_table(short, tmp_path, declared(t, STUDY))
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{t}.csv", f"{t}.md", f"{t}.tex"]
    assert "0.1235" in (tmp_path / f"{t}.csv").read_text()  # tidy: rounded to 4 places, no labels
    markdown, latex = (tmp_path / f"{t}.md").read_text(), (tmp_path / f"{t}.tex").read_text()
    for text in (markdown, latex):  # the labels and formats the notebooks and the Word file use
        assert "Per 1,000 eligible staff (WTE)" in text and "0.123" in text and "0.1235" not in text
        assert "85,000" in text and "NR" in text and "Table 7" in text
    assert [c.strip() for c in markdown.splitlines()[-3].split("|")[1:-1]] == ["Hub B", "–", "NR", "NR"]  # zero: dash
    assert markdown.splitlines()[3].startswith("|:--") and markdown.splitlines()[3].count(":|") == 3  # numbers right
    assert "\\begin{tabular}{lrrr}" in latex
    long = pd.DataFrame(
        {
            "hub_id": [f"Hub {i}" for i in range(PASTEABLE_ROWS + 1)],
            "total_wte": 1.0,
            "eligible_workforce": 1000,
            "wte_per_1000_eligible": 1.0,
        }
    )
    save_table(long, tmp_path, declared(t, STUDY))  # the same name, now too long: no stale copies left behind
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{t}.csv"]
    assert len(pd.read_csv(tmp_path / f"{t}.csv")) == PASTEABLE_ROWS + 1


def test_pasteable_copies_of_example_data_tables_say_the_data_are_invented(tmp_path):
    import pandas as pd

    t, df = (
        "staffing_wte_per_1000",
        pd.DataFrame(
            {"hub_id": ["Hub A"], "total_wte": [1.0], "eligible_workforce": [1000], "wte_per_1000_eligible": [1.0]}
        ),
    )
    invented = STUDY.notice([{"file": "hub_a.xlsx", "illustrative": True}])
    save_table(df, tmp_path / "example", declared(t, STUDY), invented)
    for suffix in (".md", ".tex"):
        assert "ILLUSTRATIVE DATA" in (tmp_path / "example" / f"{t}{suffix}").read_text()
    assert "ILLUSTRATIVE" not in (tmp_path / "example" / f"{t}.csv").read_text()  # the tidy data stay data
    save_table(df, tmp_path / "own", declared(t, STUDY), STUDY.notice([{"file": "hub_x.xlsx", "illustrative": False}]))
    for suffix in (".md", ".tex"):  # a user's own data: no notice, and nothing about "supplied by the user"
        text = (tmp_path / "own" / f"{t}{suffix}").read_text()
        assert "ILLUSTRATIVE" not in text and "supplied by the user" not in text


def test_a_table_nobody_declares_is_refused(tmp_path):
    import pandas as pd

    from hubmap.publication.results import produce

    with pytest.raises(KeyError, match="declare it beside the code that computes or draws it"):
        produce("my_new_table", {"x": pd.DataFrame({"a": [1]})}, RunContext(STUDY, "notice", tables_dir=tmp_path))
    assert not list(tmp_path.iterdir())


def text_of_docx_in_a_real_word_processor(docx, tmp_path) -> tuple[str, int]:
    """The document as LibreOffice lays it out: its text and its number of pages (skipped without LibreOffice)."""
    import shutil
    import subprocess

    soffice, pdftotext = shutil.which("soffice") or shutil.which("libreoffice"), shutil.which("pdftotext")
    if not (soffice and pdftotext and shutil.which("pdfinfo")):
        pytest.skip("LibreOffice (libreoffice-writer) and pdftotext (poppler-utils) are needed; .ci/run installs them")
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / (docx.stem + ".pdf")
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    pages = subprocess.run([shutil.which("pdfinfo"), str(pdf)], capture_output=True, text=True).stdout
    return " ".join(text.split()), int(re.search(r"Pages:\s+(\d+)", pages).group(1))


def test_libreoffice_opens_the_word_file_and_every_table_title_is_in_it(published, tmp_path):
    from hubmap.publication.catalogue import manuscript_tables

    text, pages = text_of_docx_in_a_real_word_processor(published / "run1" / "manuscript_tables.docx", tmp_path)
    for table in manuscript_tables(STUDY):
        assert table.caption in text, table.caption
    assert "ILLUSTRATIVE DATA" in text and pages >= 2


def test_a_note_is_escaped_for_latex_once():
    from hubmap.publication.tables import _latex_text

    assert _latex_text(r"a\b {c} 5% & $1 #2 x_y") == r"a\textbackslash{}b \{c\} 5\% \& \$1 \#2 x\_y"


def test_a_table_added_by_one_declaration_reaches_the_csv_the_word_file_the_manifest_and_the_index(
    published, example_first_round, tmp_path, monkeypatch
):
    """The worked example of docs/architecture.md: one declaration, and the one line a notebook adds."""
    import shutil

    from docx import Document

    from hubmap.publication import catalogue
    from hubmap.publication.results import produce
    from hubmap.report.index import build_index
    from hubmap.shared.declarations import HUB, Column, Layout, Series, Table

    posts = Table(
        "staffing_posts_per_hub",
        "02_staffing",
        "Posts recorded per {unit}",
        {"hub_id": HUB, "posts": Column("Posts", "n", 0)},
        compute=lambda staffing: staffing.groupby("hub_id").size().rename("posts").reset_index(),
        fields={"staffing": ()},
        series=Series.PAPER,
        layout=Layout.DOWN,
    )
    monkeypatch.setattr(catalogue, "TABLES", {**catalogue.TABLES, posts.name: posts})  # declared last
    catalogue.tables_for.cache_clear()  # what the study makes, gathered again with the new declaration
    try:
        work = tmp_path / "work"
        shutil.copytree(published / "run1", work / "figures")
        shutil.move(work / "figures" / "tables", work / "tables")
        context = RunContext.of(example_first_round, STUDY, work / "tables")
        produce(posts, example_first_round, context)  # the notebook's one line
        number = str(len(catalogue.manuscript_tables(STUDY)))  # numbered after the last of the paper's tables
        assert catalogue.declared(posts, STUDY).caption == f"Table {number}. Posts recorded per Hub"
        assert (work / "tables" / "staffing_posts_per_hub.csv").read_text().startswith("hub_id,posts\nHub A,")
        assemble_publication_set(
            example_first_round["service_model"],
            published / "processed",
            work / "tables",
            work / "figures",
            context,
            DEFINITION,
        )
        doc = Document(str(work / "figures" / "manuscript_tables.docx"))
        assert f"Table {number}. Posts recorded per Hub" in [p.text for p in doc.paragraphs]
        manifest = (work / "figures" / "manifest.csv").read_text()
        assert "staffing_posts_per_hub.csv,table,notebooks/02_staffing.ipynb" in manifest
        index = build_index(STUDY, tmp_path / "reports", published / "processed", work / "figures", work / "tables")
        assert f"Table {number}. Posts recorded per Hub" in index
    finally:
        monkeypatch.undo()
        catalogue.tables_for.cache_clear()  # nothing of the added table left for the tests that follow
