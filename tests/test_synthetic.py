"""Synthetic Hubs for benchmarks: valid, deterministic for a seed, any number."""

from conftest import LOOKUP, SECOND, STUDY, synthetic
from hubmap.analysis import staffing
from hubmap.intake.clean import clean_and_validate
from hubmap.shared.notice import data_notice


def test_synthetic_hubs_are_valid_and_deterministic(tmp_path):
    synthetic.write_synthetic_hubs(tmp_path / "a", 12, seed=7)
    synthetic.write_synthetic_hubs(tmp_path / "b", 12, seed=7)
    synthetic.write_synthetic_hubs(tmp_path / "c", 12, seed=8)
    a, b, c = (clean_and_validate(tmp_path / x, LOOKUP, STUDY) for x in "abc")
    assert list(a["service_model"]["hub_id"]) == [f"Hub {i}" for i in range(1, 13)]
    for name in ("service_model", "staffing", "interventions"):
        assert (
            a[name]
            .drop(columns=["source_file"], errors="ignore")
            .equals(b[name].drop(columns=["source_file"], errors="ignore"))
        ), name
    assert not a["staffing"].equals(c["staffing"])
    assert a["sources"]["illustrative"].all()
    assert len(staffing.wte_by_group(a["staffing"], STUDY)["hub_id"].unique()) == 13  # 12 Hubs + All Hubs


def test_notice_stays_short_for_many_workbooks():
    import pandas as pd

    sources = pd.DataFrame({"file": [f"hub_{i:04d}.xlsx" for i in range(400)], "illustrative": [True] * 400})
    notice = STUDY.notice(sources)
    assert "400 of 400 workbooks are" in notice and "hub_0001" not in notice and len(notice) < 300
    few = STUDY.notice(sources.head(4))
    assert "(hub_0000.xlsx, hub_0001.xlsx, hub_0002.xlsx, hub_0003.xlsx)" in few


def test_notice_reads_the_same_from_a_table_or_from_csv_rows():
    """Notebooks pass a DataFrame; the report step passes csv rows (strings), without pandas."""
    import pandas as pd

    sources = pd.DataFrame({"file": ["a.xlsx", "b.xlsx", "c.xlsx"], "illustrative": [True, False, True]})
    rows = [{"file": f, "illustrative": str(i)} for f, i in zip(sources["file"], sources["illustrative"])]
    assert STUDY.notice(sources) == data_notice(rows, STUDY.unit, STUDY.illustrative)
    assert "2 of 3 workbooks (a.xlsx, c.xlsx)" in STUDY.notice(rows)
    assert "none marked illustrative" in STUDY.notice([{"file": "x.xlsx", "illustrative": "False"}])


def test_the_notice_is_in_the_studys_words():
    invented, own = [{"file": "a.xlsx", "illustrative": "True"}], [{"file": "x.xlsx", "illustrative": "False"}]
    assert STUDY.notice(invented).endswith(
        "not the Hubs mapped by Allsopp et al. (2024); do not cite them as findings."
    )
    assert SECOND.notice(invented).endswith(SECOND.illustrative) and "Hubs" not in SECOND.notice(invented)
    assert SECOND.notice(own) == "**Data:** 1 service workbook supplied by the user (none marked illustrative)."
