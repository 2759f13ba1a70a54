"""The parsing rules: what site researchers type, turned into clean values.

Each rule is a pure function of one cell's value. It returns the clean value (some also
name the rule they applied) or raises `ValueError` saying what it expected; the cleaning
stage (`intake.clean`) turns that into a problem that names the cell. Nothing here reads
files or knows where a value came from, so every rule is tested on its own
(tests/test_rules.py).
"""

from __future__ import annotations

import datetime as dt
import math
import re

from ..template import spec

_YES = {"y", "yes", "true", "1", "x", "offered"}
_NO = {"n", "no", "false", "0", "not offered"}
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_DATE_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y")
_MONTH_FORMATS = ("%B %Y", "%b %Y", "%m/%Y")
_NUMBER_WITH_UNIT = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(wte|hrs?|hours?|h)?\s*$", re.IGNORECASE)
_BAND = re.compile(r"^(?:afc\s*)?(?:band\s*)?([1-9])\s*([a-d])?$", re.IGNORECASE)
_SYNONYMS = {  # label_key(variant) -> canonical choice, for choices written freely
    "in house": spec.IN_HOUSE,
    "inhouse": spec.IN_HOUSE,
    "internal": spec.IN_HOUSE,
    "hub": spec.IN_HOUSE,
    "referred out": spec.EXTERNAL,
    "external service": spec.EXTERNAL,
    "in house and external": spec.BOTH,
    "both in house and external": spec.BOTH,
    "f2f": "Face to face",
    "in person": "Face to face",
    "phone": "Telephone",
    "online": "Video",
    "video call": "Video",
    "host trust": spec.HOST_RECORDS,
    "host trust system": spec.HOST_RECORDS,
    "trust system": spec.HOST_RECORDS,
    "stand alone": spec.STANDALONE_RECORDS,
    "organisational": "Organisation",
    "organization": "Organisation",
    "org": "Organisation",
    "individual staff": "Individual",
    "team level": "Team",
}


def normalise_text(value: object) -> str:
    """Trim, turn non-breaking spaces into spaces and collapse runs of spaces."""
    return re.sub(r"\s+", " ", str(value).replace("\u00a0", " ")).strip()


def parse_yes_no(value: object) -> bool | None:
    """Y/yes/TRUE/1 -> True, N/no/FALSE/0 -> False, blank -> None (not recorded)."""
    if value is None or (isinstance(value, str) and not normalise_text(value)):
        return None
    if isinstance(value, bool):
        return value
    key = normalise_text(value).lower().rstrip(".")
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise ValueError(spec.Field("", "", "yesno").expected())


def parse_choice(value: object, choices: tuple[str, ...]) -> str:
    """Match a controlled value whatever its capitalisation, spacing or common synonym."""
    key = label_key(value)
    for choice in choices:
        if label_key(choice) == key:
            return choice
    if key in _SYNONYMS and _SYNONYMS[key] in choices:
        return _SYNONYMS[key]
    raise ValueError("one of: " + ", ".join(choices))


def parse_band(value: object) -> str:
    """Agenda for Change band ('7', 'Band 8A', 7.0) -> '7' / '8a'; medical scales -> 'Medical'."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and 1 <= value <= 9 and value != 8:
            return str(int(value))
    text = normalise_text(value).lower()
    if "medic" in text or text in {"med", "consultant psychiatrist", "doctor"}:
        return spec.MEDICAL_BAND
    m = _BAND.match(text.replace("-", " "))
    if m:
        number, letter = m.group(1), (m.group(2) or "").lower()
        band = number + letter
        if band in spec.AFC_BANDS:
            return band
        if number == "8":
            raise ValueError("band 8 split into 8a, 8b, 8c or 8d (Agenda for Change)")
    raise ValueError(spec.Field("", "", "band").expected())


def parse_number(value: object) -> float:
    """A number, also when typed as text with a unit ('30 hrs', '0.8 WTE')."""
    if isinstance(value, bool):
        raise ValueError("a number")
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        m = _NUMBER_WITH_UNIT.match(normalise_text(value))
        if not m:
            raise ValueError("a number, e.g. 0.8")
        number = float(m.group(1))
    if math.isnan(number) or math.isinf(number):
        raise ValueError("a number, e.g. 0.8")
    return number


def hours_to_wte(hours: float) -> float:
    """Hours per week -> whole-time equivalent on the NHS 37.5-hour week."""
    return round(hours / spec.FULL_TIME_HOURS, 4)


def parse_date(value: object) -> tuple[dt.date, str | None]:
    """A date from an Excel date, an Excel serial number or UK-style text; returns the rule used."""
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 20000 <= value <= 80000:  # 1954..2119: the Excel serial-date range that makes sense here
            return _EXCEL_EPOCH + dt.timedelta(days=int(value)), "date from Excel serial number"
        raise ValueError("a date such as 01/03/2021 (day/month/year)")
    text = normalise_text(value)
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date(), "date parsed from text"
        except ValueError:
            pass
    for fmt in _MONTH_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date(), "month only: first day of the month assumed"
        except ValueError:
            pass
    raise ValueError("a date such as 01/03/2021 (day/month/year)")


def parse_count(value: object) -> int:
    number = parse_number(value)
    if number < 0 or not float(number).is_integer():
        raise ValueError("a whole number of 0 or more")
    return int(number)


def normalise_hub_id(value: object) -> str:
    """'hub a', 'HubA', 'HUB-A' and 'A' all mean 'Hub A'."""
    text = normalise_text(value)
    m = re.match(r"^(?:hub)?[\s_\-]*([A-Za-z]{1,2}|\d{1,3})$", text, re.IGNORECASE)
    if not m:
        if not text:
            raise ValueError("an identifier such as 'Hub A'")
        return text
    token = m.group(1)
    return f"Hub {token.upper() if token.isalpha() else int(token)}"


def normalise_title(title: str) -> str:
    """Lookup key for a job title: case, punctuation, '(8a)' and 'band 7' removed."""
    t = normalise_text(title).lower().replace("&", " and ")
    t = re.sub(r"\([^)]*\)", " ", t)
    t = re.sub(r"\bband\s*[1-9][a-d]?\b", " ", t)
    t = re.sub(r"[^a-z0-9]+", " ", t)
    return re.sub(r"\s+", " ", t).strip()


def label_key(text: object) -> str:
    """Header/label comparison key: case, spacing and punctuation-insensitive."""
    s = str(text).replace("\u00a0", " ").lower()
    return re.sub(r"[^a-z0-9]+", " ", s).strip()
