"""Hubs in a stable, natural order: Hub 2 before Hub 10, Hub Z before Hub AA."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter

_LETTER_CODE = re.compile(r"^(.*?)([A-Z]{1,2})$")  # 'Hub AA': a code of one or two capitals at the end


def hub_sort_key(hub_id: str):
    """Numbers as numbers (Hub 2 before Hub 10), letter codes by length (Hub Z before Hub AA), names A to Z."""
    key = []
    for part in (p for p in re.split(r"(\d+)", str(hub_id)) if p):
        if part.isdigit():
            key.append((0, int(part), 0, ""))
        elif (code := _LETTER_CODE.match(part)) and (not code.group(1) or code.group(1).endswith((" ", "-", "_"))):
            key.append((1, code.group(1).lower(), len(code.group(2)), code.group(2)))
        else:
            key.append((1, part.lower(), 0, ""))
    return key


def hub_order(hub_ids) -> list[str]:
    """The distinct Hub identifiers in display order."""
    return sorted(set(hub_ids), key=hub_sort_key)


def hubs_in(*tables) -> list[str]:
    """The Hubs that appear in any of the tables (each with a `hub_id` column), in display order."""
    return hub_order(h for table in tables for h in table["hub_id"])


def file_stem(hub: str) -> str:
    """A safe file name for a Hub: 'Cheshire & Merseyside (North/West)' -> 'cheshire-merseyside-north-west'.

    Accents are folded and anything but letters and digits becomes a hyphen. The identifier
    itself is shown as written everywhere else.
    """
    ascii_text = unicodedata.normalize("NFKD", str(hub)).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")
    return stem or "hub"


def file_stems(hubs) -> dict[str, str]:
    """Hub -> file stem, unique: Hubs whose stems would clash each get a short hash of their identifier."""
    stems = {hub: file_stem(hub) for hub in hubs}
    clashes = {stem for stem, n in Counter(stems.values()).items() if n > 1}
    return {
        hub: f"{stem}-{hashlib.sha256(hub.encode()).hexdigest()[:8]}" if stem in clashes else stem
        for hub, stem in stems.items()
    }


def profile_word_file(profiles_dir, stem: str):
    """Where a Hub's profile's Word copy goes: the one place its name is made (notebook 07, the sweep,
    the report index)."""
    from pathlib import Path

    return Path(profiles_dir) / f"{stem}.docx"
