"""Each parsing rule on the values site researchers actually type."""

import datetime as dt

import pytest

from conftest import SECOND, STUDY
from hubmap.intake import parse as c
from hubmap.intake.read import read_title_lookup
from hubmap.shared.problems import MappingInputError


@pytest.mark.parametrize("hours, wte", [(37.5, 1.0), (30, 0.8), (22.5, 0.6), (18.75, 0.5), (7.5, 0.2)])
def test_hours_convert_on_the_nhs_37_5_hour_week(hours, wte):
    assert c.hours_to_wte(hours, STUDY.full_time_hours) == pytest.approx(wte)


@pytest.mark.parametrize(
    "raw, band",
    [
        ("7", "7"),
        (7, "7"),
        (7.0, "7"),
        ("Band 7", "7"),
        ("band  6", "6"),
        ("8a", "8a"),
        ("8A", "8a"),
        ("Band 8b", "8b"),
        ("8 c", "8c"),
        ("AfC 8d", "8d"),
        ("9", "9"),
        ("1", "1"),
        ("Medical", "Medical"),
        ("medical", "Medical"),
        ("Medical scale", "Medical"),
    ],
)
def test_bands_normalise_to_agenda_for_change(raw, band):
    assert c.parse_band(raw, STUDY.pay_bands) == band


@pytest.mark.parametrize("raw", ["8", 8, "10", "0", "8e", "senior", "", "7.5"])
def test_bands_that_do_not_exist_are_rejected(raw):
    with pytest.raises(ValueError):
        c.parse_band(raw, STUDY.pay_bands)


def test_plain_band_8_asks_for_the_sub_band():
    with pytest.raises(ValueError, match="8a, 8b, 8c or 8d"):
        c.parse_band("Band 8", STUDY.pay_bands)


@pytest.mark.parametrize(
    "raw, value",
    [
        ("Y", True),
        ("yes", True),
        ("YES ", True),
        ("TRUE", True),
        (True, True),
        (1, True),
        ("x", True),
        ("N", False),
        ("no", False),
        ("False", False),
        (False, False),
        (0, False),
        (None, None),
        ("", None),
        ("  ", None),
    ],
)
def test_yes_no_variants(raw, value):
    assert c.parse_yes_no(raw) is value


@pytest.mark.parametrize("raw", ["maybe", "sometimes", "2", "yes/no"])
def test_yes_no_rejects_what_it_cannot_read(raw):
    with pytest.raises(ValueError):
        c.parse_yes_no(raw)


def test_blank_is_not_recorded_not_no():
    assert c.parse_yes_no(None) is None and c.parse_yes_no("No") is False


@pytest.mark.parametrize(
    "raw, title",
    [
        ("Clinical Psychologist", "clinical psychologist"),
        ("  clinical   psychologist ", "clinical psychologist"),
        ("clin. psych (8a)", "clin psych"),
        ("Clinical Psychologist Band 7", "clinical psychologist"),
        ("Clinical\u00a0Psychologist", "clinical psychologist"),
        ("Counsellor & Psychotherapist", "counsellor and psychotherapist"),
    ],
)
def test_title_keys_ignore_case_punctuation_and_band(raw, title):
    assert c.normalise_title(raw) == title


def test_title_lookup_maps_variants_to_one_group(tmp_path):
    lookup = tmp_path / "titles.csv"
    lookup.write_text("job_title,professional_group\nClin Psych,Clinical psychology\n")
    table = read_title_lookup(lookup, STUDY.group_names)
    assert table[c.normalise_title("clin. psych (8a)")] == "Clinical psychology"


def test_title_lookup_rejects_unknown_group(tmp_path):
    lookup = tmp_path / "titles.csv"
    lookup.write_text("job_title,professional_group\nNurse,Nursing things\n")
    with pytest.raises(MappingInputError, match="row 2, column 'professional_group'"):
        read_title_lookup(lookup, STUDY.group_names)


@pytest.mark.parametrize(
    "raw, hub",
    [
        ("Hub A", "Hub A"),
        ("hub a", "Hub A"),
        ("HubA", "Hub A"),
        ("HUB-B", "Hub B"),
        ("c", "Hub C"),
        ("Hub 07", "Hub 7"),
        ("hub_12", "Hub 12"),
        ("North Hub", "North Hub"),
    ],
)
def test_hub_identifiers(raw, hub):
    assert c.normalise_hub_id(raw, STUDY.unit) == hub


@pytest.mark.parametrize("raw, service", [("service b", "Service B"), ("Service-C", "Service C"), ("Hub A", "Hub A")])
def test_identifiers_take_the_studys_unit(raw, service):
    """Another study's unit ('service'): its identifiers normalised as the Hubs' are; a Hub's kept as written."""
    assert c.normalise_hub_id(raw, SECOND.unit) == service


@pytest.mark.parametrize(
    "raw, date",
    [
        (dt.datetime(2021, 3, 1), dt.date(2021, 3, 1)),
        ("01/03/2021", dt.date(2021, 3, 1)),  # UK order: 1 March, not 3 January
        ("2021-03-01", dt.date(2021, 3, 1)),
        ("1 March 2021", dt.date(2021, 3, 1)),
        (44256, dt.date(2021, 3, 1)),  # Excel serial number
        ("March 2021", dt.date(2021, 3, 1)),
    ],
)
def test_dates(raw, date):
    assert c.parse_date(raw)[0] == date


@pytest.mark.parametrize("raw", ["31/02/2021", "soon", 12, "2021"])
def test_bad_dates(raw):
    with pytest.raises(ValueError):
        c.parse_date(raw)


@pytest.mark.parametrize("raw, number", [(0.8, 0.8), ("0.8", 0.8), ("30 hrs", 30.0), ("0.5 WTE", 0.5), (" 1 ", 1.0)])
def test_numbers_typed_as_text(raw, number):
    assert c.parse_number(raw) == number


@pytest.mark.parametrize("raw", ["about 1", "1,5", "", True, float("nan")])
def test_non_numbers(raw):
    with pytest.raises(ValueError):
        c.parse_number(raw)


@pytest.mark.parametrize(
    "raw, field, value",
    [
        ("in house", "provider", "In-house"),
        ("EXTERNAL", "provider", "External"),
        ("f2f", "delivery_mode", "Face to face"),
        ("team-based  support", "category", "Team-based support"),
    ],
)
def test_controlled_values_match_whatever_the_spelling(raw, field, value):
    """A value as typed, or a synonym the study declares for it (the interventions sheet's fields)."""
    f = STUDY.sheet("interventions").field(field)
    assert c.parse_choice(raw, f.choices, f.synonyms) == value


def test_a_synonym_is_the_studys_own():
    provider = SECOND.sheet("interventions").field("provider")  # 'Referred on' for what the Hubs call External
    assert c.parse_choice("referred out", provider.choices, provider.synonyms) == "Referred on"
    with pytest.raises(ValueError):
        c.parse_choice("hub", provider.choices, provider.synonyms)  # a synonym of the Hubs' study only


def test_controlled_values_reject_unknown():
    with pytest.raises(ValueError, match="one of: A, B"):
        c.parse_choice("C", ("A", "B"))


def test_hubs_sort_as_people_expect():
    from hubmap.shared.hubs import hub_order

    assert hub_order(["Hub 10", "Hub 2", "Hub AA", "Hub Z", "Hub B"]) == ["Hub 2", "Hub 10", "Hub B", "Hub Z", "Hub AA"]
    assert hub_order(["North Hub", "Cheshire & Merseyside (North/West)", "Hub B", "Greater Manchester"]) == [
        "Cheshire & Merseyside (North/West)",
        "Greater Manchester",
        "Hub B",
        "North Hub",
    ]
