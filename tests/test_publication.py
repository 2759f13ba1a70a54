"""The publication set: journal sizes, embedded TrueType fonts, and the same bytes on every run."""

import re

import pytest
from PIL import Image

from conftest import LOOKUP, tree_digest
from hubmap import storage, validation
from hubmap.cleaning import clean_and_validate
from hubmap.examples import data_notice
from hubmap.publication import write_publication_set


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    import shutil
    from conftest import RAW
    work = tmp_path_factory.mktemp("pub")
    shutil.copytree(RAW, work / "raw")
    t = clean_and_validate(work / "raw", LOOKUP)
    storage.write_csv_set(work / "processed", {k: t[k] for k in validation.TABLES})
    notice = data_notice(t["sources"])
    for run in ("run1", "run2"):
        write_publication_set(t, work / "processed", work / run, notice, "notebooks/05_publication.ipynb")
    return work


FIGURES = ["figure1_staffing", "figure2_interventions", "figure3_fidelity"]


def test_every_figure_in_three_formats(published):
    for name in FIGURES:
        for fmt in ("pdf", "svg", "png"):
            assert (published / "run1" / f"{name}.{fmt}").stat().st_size > 1000, (name, fmt)


def test_png_is_300_dpi_at_a_journal_width(published):
    for name in FIGURES:
        with Image.open(published / "run1" / f"{name}.png") as im:
            dpi = im.info["dpi"]
            assert min(dpi) >= 299.5
            width_mm = im.size[0] / dpi[0] * 25.4
            height_mm = im.size[1] / dpi[1] * 25.4
        assert min(abs(width_mm - 85), abs(width_mm - 170)) <= 1, (name, width_mm)
        assert height_mm <= 225


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
    manifest = pd.read_csv(published / "run1" / "manifest.csv")
    assert set(manifest["notebook"]) == {"notebooks/05_publication.ipynb"}
    staffing_sha = storage.sha256(published / "processed" / "staffing.csv")
    assert staffing_sha in manifest.set_index("output").loc["figure1_staffing.pdf", "inputs"]
    for row in manifest.itertuples():
        assert storage.sha256(published / "run1" / row.output) == row.sha256
