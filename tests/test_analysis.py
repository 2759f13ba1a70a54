"""Staffing, service-model, intervention and fidelity tables on data whose answers are known."""

import matplotlib
import pandas as pd
import pytest

from conftest import LOOKUP, STUDY, write_hub
from hubmap.analysis import services, staffing
from hubmap.figures import charts, style
from hubmap.intake.clean import clean_and_validate

matplotlib.use("Agg")


def post(hub, group, band, wte, headcount=1, status="Filled"):
    clinical = dict((g.name, g.clinical) for g in STUDY.professional_groups)[group]
    return {
        "hub_id": hub,
        "professional_group": group,
        "clinical": clinical,
        "band": band,
        "wte": wte,
        "headcount": headcount,
        "post_status": status,
    }


def each_hub(table):
    """A tidy table's rows for each Hub, without the All Hubs total (what the charts draw)."""
    return table[table["hub_id"] != STUDY.all_units]


@pytest.fixture
def staff():
    return pd.DataFrame(
        [
            post("Hub A", "Clinical psychology", "8a", 1.0),
            post("Hub A", "Clinical psychology", "7", 0.5),
            post("Hub A", "Assistant psychology", "5", 1.5, 2),
            post("Hub A", "Management and leadership", "8b", 1.0),  # senior, but not clinical
            post("Hub A", "Psychiatry", "Medical", 0.2),
            post("Hub B", "Mental health nursing", "6", 1.0, 0, "Vacant"),
            post("Hub B", "Mental health nursing", "7", 2.0, 2),
        ]
    )


def test_group_totals_equal_the_sum_of_processed_rows(staff):
    t = staffing.wte_by_group(staff, STUDY)
    for hub in ("Hub A", "Hub B"):
        assert t.loc[t["hub_id"] == hub, "wte"].sum() == pytest.approx(staff.loc[staff["hub_id"] == hub, "wte"].sum())
    assert t.loc[t["hub_id"] == "All Hubs", "wte"].sum() == pytest.approx(staff["wte"].sum())
    assert t.loc[t["hub_id"] == "All Hubs", "headcount"].sum() == staff["headcount"].sum()


def test_a_group_a_hub_lacks_is_zero_in_a_stable_order(staff):
    t = staffing.wte_by_group(staff, STUDY)
    b = t[t["hub_id"] == "Hub B"]
    assert list(b["professional_group"]) == list(STUDY.group_names)
    assert b.set_index("professional_group").loc["Clinical psychology", "wte"] == 0


def test_bands_are_in_pay_order():
    bands = staffing.band_profile(
        pd.DataFrame(
            [post("Hub A", "Clinical psychology", b, 1.0) for b in ["9", "8a", "7", "Medical", "8d", "2", "8c", "8b"]]
        ),
        STUDY,
    )
    order = list(bands[bands["hub_id"] == "Hub A"]["band"])
    assert order == ["1", "2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9", "Medical"]


def test_share_at_band_7_plus_uses_clinical_afc_posts_only(staff):
    e = staffing.experienced_share(staff, STUDY).set_index("hub_id")
    # Hub A clinical AfC: 1.0 (8a) + 0.5 (7) + 1.5 (5) = 3.0; band 7+ = 1.5. Manager and doctor left out.
    assert e.loc["Hub A", "share_band_7_plus"] == pytest.approx(0.5)
    assert e.loc["Hub A", "medical_wte"] == pytest.approx(0.2)
    assert e.loc["Hub B", "share_band_7_plus"] == pytest.approx(2 / 3)
    assert e.loc["All Hubs", "share_band_7_plus"] == pytest.approx(3.5 / 6.0)


def test_clinical_share(staff):
    s = staffing.clinical_split(staff, STUDY).set_index("hub_id")
    assert s.loc["Hub A", "non_clinical_wte"] == pytest.approx(1.0)
    assert s.loc["Hub A", "clinical_share"] == pytest.approx(3.2 / 4.2)


def test_vacancies_and_per_thousand(staff):
    st = staffing.post_status(staff, STUDY).set_index(["hub_id", "post_status"])
    assert st.loc[("Hub B", "Vacant"), "posts"] == 1 and st.loc[("Hub A", "Vacant"), "posts"] == 0
    service = pd.DataFrame(
        {"hub_id": ["Hub A", "Hub B"], "eligible_workforce_size": pd.array([4200, None], dtype="Int64")}
    )
    per = staffing.wte_per_thousand(staff, service).set_index("hub_id")
    assert per.loc["Hub A", "wte_per_1000_eligible"] == pytest.approx(1.0)
    assert pd.isna(per.loc["Hub B", "wte_per_1000_eligible"])


@pytest.mark.parametrize("n_hubs", [1, 10])
def test_any_number_of_hubs(tmp_path, n_hubs):
    for i in range(n_hubs):
        write_hub(tmp_path, f"hub_{i}.xlsx", hub_id=f"Hub {i + 1}")
    t = clean_and_validate(tmp_path, LOOKUP, STUDY)
    by_group = staffing.wte_by_group(t["staffing"], STUDY)
    hubs = list(dict.fromkeys(by_group["hub_id"]))
    assert hubs == [f"Hub {i + 1}" for i in range(n_hubs)] + ["All Hubs"]  # Hub 10 after Hub 9
    findings = staffing.findings(t["staffing"], t["service_model"], STUDY)
    one_hub = t["staffing"][t["staffing"]["hub_id"] == "Hub 1"]["wte"].sum()  # every Hub a copy of Hub A
    assert findings[0].startswith(f"The {n_hubs} Hub{'s' * (n_hubs != 1)} recorded {n_hubs * one_hub:.1f} WTE in all")
    assert findings[-1].startswith("0 posts (0.0 WTE) were recorded as vacant")
    assert services.findings(t["service_model"], t["interventions"], STUDY)[0].startswith(
        "The Hub" if n_hubs == 1 else f"All {n_hubs} Hubs"
    )
    fig, ax = style.figure("full", 90)
    charts.wte_by_group_bars(each_hub(by_group), ax)
    assert len(ax.get_yticklabels()) == n_hubs


# ---- interventions and fidelity -----------------------------------------------------------
def iv(hub, name, provider, category="Individual psychological therapy", level="Individual"):
    return {"hub_id": hub, "category": category, "intervention": name, "level": level, "provider": provider}


@pytest.fixture
def service():
    base = {f.key: True for f in STUDY.fields("service_model") if f.kind == "yesno"}
    rows = [{**base, "hub_id": h, "clinical_records_system": "Standalone"} for h in ("Hub A", "Hub B", "Hub C")]
    df = pd.DataFrame(rows)
    return df.astype({k: "boolean" for k in base})  # as in the processed table: blank = <NA>


@pytest.fixture
def interventions():
    return pd.DataFrame(
        [
            iv("Hub A", "EMDR", "Both"),
            iv("Hub A", "Signposting", "In-house", "Signposting and onward referral"),
            iv("Hub B", "EMDR", "External"),
        ]
    )  # Hub C listed none: not recorded


def test_both_providers_shown_once_and_counted_once(interventions, service):
    m = services.intervention_matrix(interventions, service, STUDY)
    emdr = m[m["intervention"] == "EMDR"].set_index("hub_id")["status"]
    assert emdr["Hub A"] == "Both"
    counts = services.category_counts(interventions, service, STUDY).set_index("category")
    assert counts.loc["Individual psychological therapy", "Hub A"] == 1


def test_not_recorded_is_not_not_offered(interventions, service):
    m = services.intervention_matrix(interventions, service, STUDY).set_index(["intervention", "hub_id"])["status"]
    assert m[("Signposting", "Hub B")] == "Not offered"
    assert m[("Signposting", "Hub C")] == "Not recorded"
    service.loc[service["hub_id"] == "Hub B", "core_rapid_access"] = None
    service.loc[service["hub_id"] == "Hub C", "core_rapid_access"] = False
    f = services.fidelity_matrix(service, STUDY).set_index(["item", "hub_id"])["status"]
    assert f[("Rapid access to mental health support", "Hub B")] == "Not recorded"
    assert f[("Rapid access to mental health support", "Hub C")] == "Not offered"


def test_counts_per_category_equal_the_processed_rows(interventions, service):
    counts = services.category_counts(interventions, service, STUDY).set_index("category")
    assert counts.loc["Total", "All Hubs"] == len(interventions)
    assert list(counts.index[:-1]) == list(STUDY.categories)  # unused categories kept, as 0
    assert counts.loc["Group interventions", "All Hubs"] == 0
    assert services.provider_counts(interventions, service, STUDY).set_index("provider").loc["Total", "All Hubs"] == 3


def test_fidelity_flips_when_one_record_changes(service):
    before = services.fidelity_matrix(service, STUDY)
    service.loc[service["hub_id"] == "Hub B", "adapt_direct_therapy"] = False
    service.loc[service["hub_id"] == "Hub C", "clinical_records_system"] = "Host organisation's system"
    after = services.fidelity_matrix(service, STUDY)
    changed = after[after["status"] != before["status"]]
    assert set(zip(changed["hub_id"], changed["item"], changed["status"])) == {
        ("Hub B", "Direct psychological therapy", "Not offered"),
        ("Hub C", "Standalone clinical records system", "Not offered"),
    }
    assert "2 of 3 Hubs added direct psychological therapy." in services.findings(
        service, pd.DataFrame(columns=["hub_id", "category", "intervention", "level", "provider"]), STUDY
    )


def test_service_model_table_has_a_column_per_hub(example_dir):
    t = clean_and_validate(example_dir, LOOKUP, STUDY)
    table = services.service_model_table(t["service_model"], STUDY)
    assert list(table.columns) == ["characteristic", "Hub A", "Hub B", "Hub C", "Hub D"]
    row = table.set_index("characteristic")
    assert row.loc["Eligible workforce size", "Hub D"] == "Not recorded"
    assert "not recorded: Primary care staff" in row.loc["Eligible workforce", "Hub C"]


def test_bars_carry_their_totals_and_stay_legible_at_40_hubs():
    staff = pd.DataFrame([post(f"Hub {i}", "Clinical psychology", "7", 1.0 + i / 10) for i in range(1, 41)])
    fig, ax = style.figure("full", 225)
    charts.wte_by_group_bars(each_hub(staffing.wte_by_group(staff, STUDY)), ax)
    labels = [t.get_text().strip() for t in ax.texts]
    assert "1.1" in labels and "5.0" in labels  # every bar's total written at its end
    ticks = ax.get_yticklabels()
    assert len(ticks) == 40 and min(t.get_fontsize() for t in ticks) >= 8
    height_mm = fig.get_size_inches()[1] * 25.4
    assert height_mm / 40 >= 3.0  # at least 3 mm a bar: 8-pt labels do not collide


def test_tiles_mark_every_status_with_a_symbol(interventions, service):
    m = services.intervention_matrix(interventions, service, STUDY)
    fig, ax = style.figure("full", 80)
    statuses = {s: STUDY.statuses[s] for s in ["In-house", "Both", "External", "Not offered", "Not recorded"]}
    charts.status_tiles(m, ax, "intervention", statuses)
    drawn = sum(len(line.get_xdata()) for line in ax.lines)
    assert drawn == len(m)  # one symbol per tile, not colour alone
