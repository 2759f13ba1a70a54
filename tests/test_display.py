"""Tables a reviewer can read: one definition of labels and formats, applied the same everywhere."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from conftest import SECOND, STUDY
from hubmap.publication import display
from hubmap.publication.catalogue import declared, for_study, manuscript_tables
from hubmap.shared.declarations import Column, Series, Table


def wide_wte(n_hubs: int) -> pd.DataFrame:
    """Table 1's layout: professional groups down, Hubs across, All Hubs and a Total row, numbers as computed."""
    hubs = [f"Hub {i}" for i in range(1, n_hubs + 1)]
    rows = {"Clinical psychology": [1.0 + i / 10 for i in range(n_hubs)], "Psychiatry": [0.0] * n_hubs}
    df = pd.DataFrame([{"professional_group": g, **dict(zip(hubs, v)), "All Hubs": sum(v)} for g, v in rows.items()])
    total = {"professional_group": "Total", **{h: df[h].sum() for h in hubs}, "All Hubs": df["All Hubs"].sum()}
    return pd.concat([df, pd.DataFrame([total])], ignore_index=True)


@pytest.mark.parametrize(
    "value, column, text",
    [
        (0.722222, Column("Share", "%", 1, percent=True), "72.2"),
        (0.0, Column("Share", "%", 1, percent=True), "0.0"),  # a share of nought is a number, not "none"
        (0.0, Column("WTE", "WTE", 1), "–"),
        ("0.0", Column("WTE", "WTE", 1), "–"),
        (0.04, Column("WTE", "WTE", 1), "–"),  # rounds to nothing at one decimal
        (85000, Column("Staff", "n", 0), "85,000"),
        (None, Column("Staff", "n", 0), "NR"),
        (float("nan"), Column("Share", "%", 1, percent=True, missing="n/a"), "n/a"),
        (0.127059, Column("Per 1,000", "WTE", 3), "0.127"),
        (7, Column("Row", decimals=0, dash_for_zero=False), "7"),
        ("Trust 1", Column("Host"), "Trust 1"),
    ],
)
def test_each_value_is_written_as_its_column_says(value, column, text):
    assert display.cell_text(value, column) == text


def test_labels_carry_units_and_no_snake_case_survives():
    split = pd.DataFrame(
        {
            "hub_id": ["Hub A", "All Hubs"],
            "clinical_wte": [7.8, 7.8],
            "non_clinical_wte": [3.0, 3.0],
            "total_wte": [10.8, 10.8],
            "clinical_share": [0.7222, 0.7222],
        }
    )
    shown = display.formatted(split, declared("staffing_clinical_split", STUDY))
    assert list(shown.columns) == ["Hub", "Clinical (WTE)", "Non-clinical (WTE)", "Total (WTE)", "Clinical share (%)"]
    assert list(shown.iloc[0]) == ["Hub A", "7.8", "3.0", "10.8", "72.2"]


def never_shown(table: Table, column: str, study) -> bool:
    """A column of an optional field ('band?') that the study does not record: never in the table."""
    return any(f"{column}?" in fields and not study.has(role, column) for role, fields in table.fields.items())


@pytest.mark.parametrize("study", [STUDY, SECOND], ids=lambda s: s.name)
def test_every_shown_table_in_the_registry_has_a_number_title_and_a_label_for_each_fixed_column(study):
    tables = [t for t in for_study(study).values() if isinstance(t, Table)]
    for table in tables:
        assert table.title and not re.search(r"\b[a-z]+_[a-z_]+\b|[{}]", table.title), table.name  # in words
        for name, column in table.columns.items():
            if never_shown(table, name, study):
                continue
            assert column.heading and not re.search(r"[_{}]", column.heading), (table.name, name)
    numbers = [t.number for t in tables if t.number]
    assert len(numbers) == len(set(numbers))
    for series in Series:  # each series numbered 1, 2, ... in its declared order, with no gap
        shown = [t.number for t in tables if t.series is series]
        assert shown == [f"{series.value}{i}" for i in range(1, len(shown) + 1)], series
    assert [t.number for t in manuscript_tables(study)] == [str(i) for i in range(1, len(manuscript_tables(study)) + 1)]
    assert all(t.number is None for t in tables if t.series is None)


def html_of(df: pd.DataFrame, name: str) -> str:
    return display.DisplayTable(df, declared(name, STUDY))._repr_html_()


def test_a_notebook_table_has_a_numbered_caption_labels_no_index_and_a_source_note():
    page = html_of(wide_wte(4), "staffing_wte_by_group_manuscript")
    assert "<caption>Table 1. Whole-time equivalent (WTE) by professional group and Hub</caption>" in page
    headers = re.findall(r"<th[^>]*>(.*?)</th>", page)
    assert headers == ["Professional group", "Hub 1", "Hub 2", "Hub 3", "Hub 4", "All Hubs"]  # no index column
    assert "– none" in page and "Source: notebooks/02_staffing.ipynb" in page
    assert re.search(r'<tr>\s*<td class="[^"]*total-row[^"]*" >Total</td>', page)  # the totals row stands out
    assert page == html_of(wide_wte(4), "staffing_wte_by_group_manuscript")  # same table, same bytes


def test_a_table_with_a_column_per_hub_is_turned_beyond_the_page_width_and_summarised_for_very_many():
    page = html_of(wide_wte(display.ACROSS_IN_HTML), "staffing_wte_by_group_manuscript")
    assert len(re.findall(r"<th[^>]*>Hub \d+</th>", page)) == display.ACROSS_IN_HTML  # still Hubs across
    n = display.ACROSS_IN_HTML + 1
    page = html_of(wide_wte(n), "staffing_wte_by_group_manuscript")
    headers = re.findall(r"<th[^>]*>(.*?)</th>", page)
    assert headers == ["Hub", "Clinical psychology (WTE)", "Psychiatry (WTE)", "Total (WTE)"]  # Hubs down
    assert page.count("<tr>") == n + 2  # a header row, a row per Hub, and All Hubs
    many = display.SUMMARY_ABOVE + 1
    page = html_of(wide_wte(many), "staffing_wte_by_group_manuscript")
    assert "summary across Hubs" in page and "Median (WTE)" in page and f"Across {many} Hubs" in page
    assert "href='../tables/staffing_wte_by_group_manuscript.csv'" in page  # the full table, linked
    assert page.count("<tr>") == 1 + 3  # a header and one row per group and the total, not one per Hub


def test_html_in_cells_is_shown_as_text():
    service = pd.DataFrame({"characteristic": ["Host organisation"], "Hub A": ["<b>Trust</b> & partners"]})
    page = html_of(service, "service_model")
    assert "&lt;b&gt;Trust&lt;/b&gt; &amp; partners" in page and "<b>Trust</b>" not in page


def test_a_misnamed_label_column_is_an_error_not_a_hub():
    """A table with a column per Hub whose label column is not the declared one: refused, not shown as NR."""
    misnamed = wide_wte(4).rename(columns={"professional_group": "Professional group"})
    with pytest.raises(KeyError, match="has no column 'professional_group'"):
        display.check_columns(misnamed, declared("staffing_wte_by_group_manuscript", STUDY))
    display.check_columns(wide_wte(4), declared("staffing_wte_by_group_manuscript", STUDY))  # the declared one passes
