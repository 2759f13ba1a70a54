"""Each Hub's profile, for its lead's accuracy check: the Hub's own records, agreeing with the cross-Hub tables."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from conftest import LOOKUP, STUDY, write_hub
from hubmap.analysis import profile, services, staffing
from hubmap.figures import draw
from hubmap.intake.clean import clean_and_validate
from hubmap.publication import profiles
from hubmap.publication.results import RunContext
from hubmap.shared.hubs import file_stem, file_stems

NATIONAL = "Cheshire & Merseyside (North/West)"


def sections(tables, hub, anonymise=True) -> dict:
    """The Hub's profile tables (name -> frame), made as notebook 07 makes them."""
    shown = profiles.sections(
        profile.inputs(tables, hub, STUDY, anonymise), RunContext.of(tables, STUDY, named=not anonymise)
    )
    return {name: table.data for name, table in shown.items()}


@pytest.fixture
def example(example_first_round):
    return example_first_round


@pytest.mark.parametrize("hub", ["Hub A", "Hub B", "Hub C", "Hub D"])
def test_a_profile_agrees_with_the_cross_hub_tables(example, hub):
    shown = sections(example, hub)
    split = staffing.clinical_split(example["staffing"], STUDY).set_index("hub_id")
    by_group = shown["profile_wte_by_group"].set_index("professional_group")
    assert by_group.loc["Total", "wte"] == pytest.approx(split.loc[hub, "total_wte"])
    assert shown["profile_wte_by_band"].set_index("band").loc["Total", "wte"] == pytest.approx(
        split.loc[hub, "total_wte"]
    )
    counts = services.category_counts(example["interventions"], example["service_model"], STUDY).set_index("category")
    assert len(shown["profile_interventions"]) == counts.loc["Total", hub]
    staff_rows = example["staffing"][example["staffing"]["hub_id"] == hub]
    assert list(shown["profile_staffing"]["source_row"]) == list(staff_rows["source_row"])  # every post, its row
    log = example["cleaning_log"]
    assert len(shown["profile_changes"]) == (log["hub_id"] == hub).sum() > 0
    comparison = shown["profile_comparison"].set_index("measure")
    assert comparison.loc["Total WTE (WTE)", "this_hub"] == f"{split.loc[hub, 'total_wte']:.1f}"


def test_a_blank_field_shows_as_not_recorded_not_as_no(example):
    fields = sections(example, "Hub C")["profile_service_model"].set_index("field")["value"]
    assert fields["Eligible workforce: Primary care staff"] == "Not recorded"
    assert fields["Access route: Via team outreach"] == "No"
    assert fields["Size of eligible workforce"] == "60,000"
    assert (
        sections(example, "Hub D")["profile_service_model"].set_index("field").loc["Date checked by Hub lead", "value"]
        == "Not recorded"
    )


def test_an_anonymised_profile_names_no_other_hub(example):
    for hub in ("Hub A", "Hub D"):
        text = sections(example, hub, anonymise=True)["profile_comparison"].to_csv()
        others = {"Hub A", "Hub B", "Hub C", "Hub D"} - {hub}
        assert not any(other in text for other in others)
    named = sections(example, "Hub A", anonymise=False)["profile_comparison"].set_index("measure")
    assert (
        named.loc["Total WTE (WTE)", "highest_hub"] == "Hub A" and named.loc["Total WTE (WTE)", "lowest_hub"] == "Hub D"
    )


def test_the_comparison_is_the_median_and_range_of_every_hub(example):
    measures = profile.measures(example, STUDY).set_index("hub_id")
    split = staffing.clinical_split(example["staffing"], STUDY).set_index("hub_id").drop(index="All Hubs")
    assert list(measures["total_wte"]) == pytest.approx(list(split["total_wte"]))
    row = profile.spread(measures.reset_index()).set_index("measure").loc["total_wte"]
    assert (row["median"], row["lowest"], row["highest"]) == pytest.approx(
        (split["total_wte"].median(), split["total_wte"].min(), split["total_wte"].max())
    )
    assert list(measures["core_offered"]) == [5, 5, 5, 5]


@pytest.mark.parametrize(
    "hub, stem",
    [
        (NATIONAL, "cheshire-merseyside-north-west"),
        ("Hub A", "hub-a"),
        ("Hôpital Nord-Est", "hopital-nord-est"),
        ("../../etc/passwd", "etc-passwd"),
        ("東京", "hub"),
        ("Hub 12", "hub-12"),
    ],
)
def test_a_hub_identifier_becomes_a_safe_file_name(hub, stem):
    assert file_stem(hub) == stem


def test_two_hubs_never_share_a_file_name():
    stems = file_stems(["North/West", "North West", "North-West", "Hub A"])
    assert len(set(stems.values())) == 4 and stems["Hub A"] == "hub-a"
    assert all(s.startswith("north-west-") for hub, s in stems.items() if hub != "Hub A")
    assert file_stems(["North/West", "North West"]) == file_stems(["North West", "North/West"])  # order-free


def test_a_national_identifier_is_kept_as_written_in_tables_and_figures(tmp_path):
    write_hub(tmp_path, "cm.xlsx", hub_id=NATIONAL)
    write_hub(tmp_path, "b.xlsx", hub_id="Hub B")
    t = clean_and_validate(tmp_path, LOOKUP, STUDY)
    assert NATIONAL in set(t["service_model"]["hub_id"])
    assert NATIONAL in services.service_model_table(t["service_model"], STUDY).columns
    staff = t["staffing"]
    fig = draw.staffing_figure(staffing.wte_by_group(staff, STUDY), STUDY, staffing.band_profile(staff, STUDY))
    assert NATIONAL in [label.get_text() for label in fig.axes[0].get_yticklabels()]
    fig2 = draw.fidelity_figure(services.fidelity_matrix(t["service_model"], STUDY), STUDY)
    assert NATIONAL in [label.get_text().replace("\n", " ") for ax in fig2.axes for label in ax.get_xticklabels()]
    assert sections(t, NATIONAL)["profile_service_model"].iloc[0]["value"] == NATIONAL


def test_the_accuracy_check_document_is_deterministic_and_has_a_sign_off_block(example, tmp_path):
    from docx import Document

    context = RunContext.of(example, STUDY, named=False)
    shown = profiles.sections(profile.inputs(example, "Hub B", STUDY), context)
    for run in ("one", "two"):
        profiles.write_profile_docx("Hub B", shown, example["service_model"], context, tmp_path / run / "hub-b.docx")
    assert (tmp_path / "one" / "hub-b.docx").read_bytes() == (tmp_path / "two" / "hub-b.docx").read_bytes()
    doc = Document(str(tmp_path / "one" / "hub-b.docx"))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "Hub profile for the accuracy check: Hub B"
    assert headings[1:10] == [
        f"Table P{i}. {t}"
        for i, t in enumerate(
            [
                "Please check: entries valid one by one but unusual together",
                "Service model as recorded",
                "Staffing as cleaned, with the workbook row of each post",
                "WTE and headcount by professional group",
                "WTE by Agenda for Change band",
                "Interventions",
                "Core components of the NHSE&I (2020) model, and adaptations",
                "What the pipeline changed in this Hub's workbook, and why",
                "This Hub beside all Hubs",
            ],
            start=1,
        )
    ]
    assert headings[-1] == "Sign-off by the Hub lead"
    sign_off = doc.tables[-1]
    assert [row.cells[0].text for row in sign_off.rows] == list(profiles.SIGN_OFF)
    assert "2021-10-11 (Hub manager)" in " ".join(p.text for p in doc.paragraphs)


def test_libreoffice_opens_an_accuracy_check_document(example, tmp_path):
    from test_publication import text_of_docx_in_a_real_word_processor

    context = RunContext.of(example, STUDY, named=False)
    shown = profiles.sections(profile.inputs(example, "Hub D", STUDY), context)
    path = profiles.write_profile_docx("Hub D", shown, example["service_model"], context, tmp_path / "hub-d.docx")
    text, pages = text_of_docx_in_a_real_word_processor(path, tmp_path)
    assert 2 <= pages <= 8
    total = shown["profile_wte_by_group"].data.set_index("professional_group").loc["Total"]
    assert "Hub D" in text and f"Total {total['wte']:.2f} {int(total['headcount'])}" in text
    assert "Not yet checked" in text and "Sign-off by the Hub lead" in text


def test_accuracy_checks_are_counted_and_named(example):
    service = example["service_model"]
    assert services.unchecked_hubs(service) == ["Hub D"]
    assert services.accuracy_check_line(service, STUDY.units) == "3 of 4 Hubs checked by their leads (not yet: Hub D)."
    table = services.service_model_table(service, STUDY).set_index("characteristic")
    assert table.loc["Accuracy check by Hub lead", "Hub A"] == "2021-07-05 (Hub clinical lead)"
    assert table.loc["Accuracy check by Hub lead", "Hub D"] == "Not yet checked"


def test_make_check_lists_the_unchecked_hubs_as_a_notice_not_an_error():
    from conftest import RAW

    done = subprocess.run(
        [sys.executable, "-m", "hubmap", "check", str(RAW), "--lookup", str(LOOKUP)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "OK: 6 Hub workbooks clean and valid: 4 Hubs, 2 of them mapped more than once" in done.stdout
    assert "Notice: 3 of 4 Hubs checked by their leads (not yet: Hub D)." in done.stdout


def test_a_check_dated_before_the_mapping_is_refused_with_its_cell(tmp_path):
    import datetime as dt

    from hubmap.shared.problems import MappingInputError

    write_hub(tmp_path, "hub.xlsx", service={"checked_date": dt.datetime(2021, 1, 1)})
    with pytest.raises(MappingInputError) as info:
        clean_and_validate(tmp_path, LOOKUP, STUDY)
    [line] = [str(p) for p in info.value.problems]
    assert "hub.xlsx, sheet 'Service model', row 11, column 'Value'" in line
    assert "date checked by the Hub lead is before the date of mapping" in line


def test_profiles_are_only_for_hubs_in_the_data(example):
    with pytest.raises(KeyError, match="'Hub Z' is not a Hub in the processed tables"):
        sections(example, "Hub Z")
    assert isinstance(profile.measures(example, STUDY), pd.DataFrame)


def test_a_profile_opens_with_its_round_and_check_and_refuses_a_hub_not_in_the_data(example):
    text = profiles.heading(profile.inputs(example, "Hub D", STUDY), STUDY)
    assert text.startswith("## Hub D\n\nMapped 2022-02-28 (round 1 of 1) from `hub_d.xlsx`.")
    assert text.endswith("Accuracy check by the Hub lead: **Not yet checked**.")
    with pytest.raises(KeyError, match="'Hub E' is not a Hub in the processed tables; the Hubs are Hub A, Hub B"):
        profiles.heading(profile.inputs(example, "Hub E", STUDY), STUDY)
