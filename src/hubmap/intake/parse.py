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
from functools import cache

from ..template.study import Field, PayBands

_YES = {"y", "yes", "true", "1", "x", "offered"}
_NO = {"n", "no", "false", "0", "not offered"}
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_DATE_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y")
_MONTH_FORMATS = ("%B %Y", "%b %Y", "%m/%Y")
_NUMBER_WITH_UNIT = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(wte|hrs?|hours?|h)?\s*$", re.IGNORECASE)


@cache
def _band_pattern(short: str) -> re.Pattern:
    """A band as typed: a number and a letter, after the scale's abbreviation or 'band' if written."""
    return re.compile(rf"^(?:{re.escape(short.lower())}\s*)?(?:band\s*)?([0-9]+)\s*([a-z])?$", re.IGNORECASE)


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
    raise ValueError(Field("", "", "yesno").expected())


def parse_choice(value: object, choices: tuple[str, ...], synonyms: dict[str, str] | None = None) -> str:
    """Match a controlled value whatever its capitalisation or spacing, or a synonym the study declares
    for it (`synonyms`: variant -> value)."""
    key = label_key(value)
    for choice in choices:
        if label_key(choice) == key:
            return choice
    meant = next((v for variant, v in (synonyms or {}).items() if label_key(variant) == key), None)
    if meant in choices:
        return meant
    raise ValueError("one of: " + ", ".join(choices))


def parse_band(value: object, bands: PayBands) -> str:
    """A pay band as typed ('7', 'Band 8A', 7.0, or after the scale's abbreviation) -> '7' / '8a'; a post on
    the other scale the study names (medical) -> its value ('Medical'), also as its synonyms ('med', 'doctor')."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and str(int(value)) in bands.bands:
            return str(int(value))
    text = normalise_text(value).lower()
    if bands.other and (bands.other.lower()[:5] in text or text in bands.other_synonyms):
        return bands.other
    m = _band_pattern(bands.short).match(text.replace("-", " "))
    if m:
        number, letter = m.group(1), (m.group(2) or "").lower()
        band = number + letter
        if band in bands.bands:
            return band
        split = [b for b in bands.bands if b.startswith(number) and b != number]
        if not letter and split:
            raise ValueError(f"band {number} split into {', '.join(split[:-1])} or {split[-1]} ({bands.name})")
    raise ValueError(bands.expected)


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


def hours_to_wte(hours: float, full_time_hours: float) -> float:
    """Hours per week -> whole-time equivalent on the study's full-time week (the NHS's: 37.5 hours)."""
    return round(hours / full_time_hours, 4)


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


def normalise_hub_id(value: object, unit: str) -> str:
    """The unit's identifier as typed, normalised: with unit 'Hub', 'hub a', 'HubA', 'HUB-A' and 'A' all
    mean 'Hub A'; anything else is kept as written."""
    text = normalise_text(value)
    word = unit[:1].upper() + unit[1:]
    m = re.match(rf"^(?:{re.escape(unit)})?[\s_\-]*([A-Za-z]{{1,2}}|\d{{1,3}})$", text, re.IGNORECASE)
    if not m:
        if not text:
            raise ValueError(f"an identifier such as '{word} A'")
        return text
    token = m.group(1)
    return f"{word} {token.upper() if token.isalpha() else int(token)}"


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
