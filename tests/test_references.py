"""Every file, module and name the prose cites exists: in the README, the docs, the Makefile, the
notebooks, docstrings and comments. A renamed or removed module otherwise lingers in the text.

The CHANGELOG is history: a line there may name a module that was removed, if it says so.
"""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path

import pytest

from conftest import ROOT

# A path in the repository, as prose writes it: `src/hubmap/intake/clean.py`, tests/test_rules.py ...
PATH = re.compile(r"(?<![\w/.-])((?:src|tests|benchmarks|notebooks|docs|data|\.ci)/[\w./-]*\w)")
# A dotted name in the package: hubmap.intake.clean, hubmap.shared.registry.TABLES ...
DOTTED = re.compile(r"(?<![\w.])(hubmap(?:\.[A-Za-z_]\w*)+)")
# Paths that name a pattern or an output, not a file in the checkout.
PATTERN = re.compile(r"[<>*{}]|NN|NAME|/\.\.\.|\.venv")
OUTPUTS = ("data/processed/", "data/raw/hub_", "docs/_build")


def sources() -> list[Path]:
    files = [ROOT / "README.md", ROOT / "Makefile", ROOT / ".ci" / "run", *sorted((ROOT / "docs").glob("*.md"))]
    files += sorted(ROOT.glob("*/README.md")) + sorted(ROOT.glob("data/*/README.md"))
    for folder in ("src", "tests", "benchmarks"):
        files += sorted((ROOT / folder).rglob("*.py"))
    return files + sorted((ROOT / "notebooks").glob("*.ipynb"))


def text_of(path: Path) -> str:
    if path.suffix == ".ipynb":
        return "\n".join("".join(cell["source"]) for cell in json.loads(path.read_text())["cells"])
    return path.read_text(encoding="utf-8")


def exists(dotted: str) -> bool:
    """Whether `dotted` is a module of the package, or a name defined in one."""
    parts = dotted.rstrip(".").split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attr in parts[cut:]:
            if not hasattr(obj, attr):
                return False
            obj = getattr(obj, attr)
        return True
    return False


def cited(pattern: re.Pattern) -> list[tuple[str, str]]:
    found = []
    for path in sources():
        if path == Path(__file__):
            continue
        text = text_of(path)
        for match in pattern.finditer(text):
            if text[match.end() : match.end() + 1] != "\\":  # a regular expression's escaped dot: not prose
                found.append((str(path.relative_to(ROOT)), match.group(1).rstrip(".")))
    return found


@pytest.mark.parametrize("kind", ["path", "module"])
def test_every_cited_file_and_module_exists(kind):
    if kind == "path":
        missing = [
            (where, p)
            for where, p in cited(PATH)
            if not PATTERN.search(p) and not p.startswith(OUTPUTS) and not (ROOT / p).exists()
        ]
    else:
        missing = [(where, name) for where, name in cited(DOTTED) if not exists(name)]
    assert missing == []


def test_the_changelog_names_a_removed_module_only_where_it_says_it_was_removed():
    lines = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8").splitlines()
    stale = []
    for line in lines:
        said_gone = re.search(r"\b(removed|since folded|gone|now)\b", line)
        for name in DOTTED.findall(line):
            if not exists(name) and not said_gone:
                stale.append(name)
        for path in PATH.findall(line):
            if (
                not PATTERN.search(path)
                and not path.startswith(OUTPUTS)
                and not (ROOT / path).exists()
                and not said_gone
            ):
                stale.append(path)
    assert stale == []


def test_the_checks_can_fail():
    assert not exists("hubmap.parallel") and not exists("hubmap.shared.registry.NO_SUCH_NAME")
    assert exists("hubmap.publication.catalogue.TABLES") and exists("hubmap.intake.clean")
    assert PATH.findall("see `tests/test_registry.py`.") == ["tests/test_registry.py"]
