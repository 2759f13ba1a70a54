"""Job titles as services write them, read by rule before the title lookup.

A title is first looked up as written (case and punctuation aside), so a row of the lookup always
wins: "Engagement Lead" keeps its own row. Otherwise the rules below apply in order, and the lookup
is tried again after each change, so no more is set aside than needed:

1. employment notes are set aside: "(fixed term)", "(locum)", "(job share)", ...;
2. a band in the title is set aside, and kept to be checked against the band column: "Band 6 ...",
   "(8a)";
3. a bracketed word that changes the profession is moved before it: "Psychologist (Assistant)" is an
   assistant psychologist;
4. any other bracketed note is set aside: "Social Worker (AMHP)";
5. abbreviations are expanded: RMN, CPN, PWP, CBT, OT, SW, HIT;
6. grade and seniority words are set aside, one at a time: Highly Specialist, Senior, Principal,
   Specialist, Lead, Advanced, Consultant ("Consultant Clinical Psychologist" is a clinical
   psychologist; "Consultant Psychiatrist" and "Consultant Medical Psychotherapist" are the
   lookup's own rows).

Words that change the profession are never set aside: "Assistant" and "Trainee" stay, so "Assistant
Psychologist" is assistant psychology and "Trainee Clinical Psychologist" clinical psychology. Each
rule that fired is a `Step` (before, after, rule), which the cleaning stage writes to its log.
Nothing is guessed: a title that still matches no row is refused, with the closest known titles as
suggestions (`suggestions`), which are never applied.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

EMPLOYMENT_NOTES = (
    "fixed term",
    "locum",
    "job share",
    "maternity cover",
    "secondment",
    "part time",
    "full time",
    "temporary",
    "bank",
    "interim",
    "acting",
    "honorary",
)
PROFESSION_WORDS = ("assistant", "trainee")  # change the profession: kept, and moved before it from a bracket
ABBREVIATIONS = {
    "rmn": "registered mental health nurse",
    "cpn": "community psychiatric nurse",
    "pwp": "psychological wellbeing practitioner",
    "cbt": "cognitive behavioural",
    "ot": "occupational therapist",
    "sw": "social worker",
    "hit": "high intensity therapist",
}
GRADE_WORDS = ("highly specialist", "senior", "principal", "specialist", "lead", "advanced", "consultant")
# Where setting a grade word aside would guess: a consultant psychotherapist may be a psychiatrist (a
# medical psychotherapist) or a psychotherapist on a non-medical pay band.
AMBIGUOUS = {("consultant", "psychotherapist")}
# "Band 6", "(band 7)", "(8a)": a bare number in brackets, "(2)", numbers posts and is not a band.
_BAND = re.compile(
    r"\(\s*(?:(?:afc\s+)?band\s*([1-9])\s*([a-d])?|(8)\s*([a-d]))\s*\)|\b(?:afc\s+)?band\s*([1-9])\s*([a-d])?\b"
)
_BRACKET = re.compile(r"\(([^)]*)\)")


def key(title: str) -> str:
    """The lookup key of a title: lower case, '&' as 'and', punctuation as spaces (brackets kept)."""
    text = str(title).replace("\u00a0", " ").lower().replace("&", " and ")
    text = re.sub(r"[^a-z0-9()]+", " ", text)
    return re.sub(r"\s+", " ", text).replace("( ", "(").replace(" )", ")").strip()


def plain(text: str) -> str:
    """A key without brackets: what the lookup's own rows are keyed by."""
    return re.sub(r"\s+", " ", text.replace("(", " ").replace(")", " ")).strip()


@dataclass(frozen=True)
class Step:
    before: str
    after: str
    rule: str


@dataclass(frozen=True)
class Reading:
    """A title as the rules read it: the lookup row it matched (if any), the band it names, the steps."""

    title: str
    matched: str | None  # the lookup key that matched
    band: str | None  # a band written in the title, to check against the band column
    steps: tuple[Step, ...]


def _tidy(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _employment_notes(text: str) -> tuple[str, str | None]:
    for match in _BRACKET.finditer(text):
        if match.group(1).strip() in EMPLOYMENT_NOTES:
            return _tidy(text.replace(match.group(0), " ")), f"employment note set aside: ({match.group(1).strip()})"
    return text, None


def _band(text: str) -> tuple[str, str | None, str | None]:
    match = _BAND.search(text)
    if not match:
        return text, None, None
    number, letter = next((match.group(i), match.group(i + 1)) for i in (1, 3, 5) if match.group(i))
    band = number + (letter or "")
    return _tidy(text.replace(match.group(0), " ")), band, f"band in the title set aside: {band}"


def _profession_in_brackets(text: str, known) -> tuple[str, str | None]:
    """A bracketed word that changes the profession, moved before it: a lookup row, or 'assistant'/'trainee'."""
    for match in _BRACKET.finditer(text):
        words = match.group(1).strip()
        changing = [w for w in words.split() if w in PROFESSION_WORDS]  # "(honorary assistant)": the assistant
        words = " ".join(changing) or words
        moved = _tidy(f"{words} {text.replace(match.group(0), ' ')}")
        if changing or known(moved):
            return moved, f"'{words}' in brackets moved before the title"
    return text, None


def _other_brackets(text: str) -> tuple[str, str | None]:
    found = _BRACKET.findall(text)
    if not found:
        return text, None
    return _tidy(_BRACKET.sub(" ", text)), "bracketed note set aside: " + "; ".join(f"({f.strip()})" for f in found)


def _abbreviations(text: str) -> tuple[str, str | None]:
    words = text.split()
    expanded = [ABBREVIATIONS.get(w, w) for w in words]
    if expanded == words:
        return text, None
    done = [w.upper() for w in words if w in ABBREVIATIONS]
    return " ".join(expanded), "abbreviation expanded: " + ", ".join(done)


def read_title(title: str, lookup: dict[str, str]) -> Reading:
    """`title` read by the rules against `lookup` (key -> group, keyed by `plain(key(...))`)."""
    text = key(title)
    steps: list[Step] = []
    band = None

    def found(candidate: str) -> str | None:
        return plain(candidate) if plain(candidate) in lookup else None

    if hit := found(text):
        return Reading(title, hit, None, ())
    for rule in (_employment_notes, _band, _profession_in_brackets, _other_brackets, _abbreviations):
        result = rule(text, found) if rule is _profession_in_brackets else rule(text)
        after, said = (result[0], result[-1])
        if rule is _band:
            band = result[1] or band
        if said:
            steps.append(Step(text if steps else title, after, said))  # the first from the title as written
            text = after
            if hit := found(text):
                return Reading(title, hit, band, tuple(steps))
    for grade in GRADE_WORDS:
        pattern = re.compile(rf"\b{grade}\b")
        if pattern.search(text) and (after := _tidy(pattern.sub(" ", text))) and (grade, after) not in AMBIGUOUS:
            steps.append(Step(text if steps else title, after, f"grade word set aside: {grade}"))
            text = after
            if hit := found(text):
                return Reading(title, hit, band, tuple(steps))
    return Reading(title, None, band, tuple(steps))


def suggestions(title: str, lookup_titles: list[str], n: int = 3) -> list[str]:
    """The known titles closest to `title` (difflib), to choose from by hand; never applied."""
    keys = {plain(key(t)): t for t in lookup_titles}
    return [keys[k] for k in difflib.get_close_matches(plain(key(title)), list(keys), n=n, cutoff=0.6)]


def unknown_titles(problems: list, lookup_titles: list[str]) -> list[dict]:
    """Each unknown job title once (the refusals of `intake.clean`): how many rows use it, in which
    workbooks, and the closest known titles. Titles that differ only in case or punctuation are one."""
    seen: dict[str, dict] = {}
    for problem in problems:
        entry = seen.setdefault(
            plain(key(problem.found)), {"job_title": str(problem.found).strip(), "rows": 0, "workbooks": set()}
        )
        entry["rows"] += 1
        entry["workbooks"].add(problem.file)
    return [
        {**e, "workbooks": sorted(e["workbooks"]), "suggestions": suggestions(e["job_title"], lookup_titles)}
        for e in sorted(seen.values(), key=lambda e: (-e["rows"], e["job_title"].lower()))
    ]
