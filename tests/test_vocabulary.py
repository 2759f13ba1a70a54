"""One concept, one definition: no string in the package or the notebooks repeats a defined term.

The pipeline's own terms are in `hubmap.shared.vocabulary` (totals, the statuses it derives); the
study's in `hubmap.template.spec` (providers, post statuses, the groups of the fidelity table, the
medical band, the standalone records system, components, adaptations and professional groups).
Anywhere else a term is named by its constant. Docstrings are exempt, and so are the builders of the
invented example and synthetic data, which write what a site researcher would type.
"""

from __future__ import annotations

import ast
import json

import pytest

from conftest import ROOT
from hubmap.shared import vocabulary
from hubmap.template import spec

DEFINED_IN = {ROOT / "src/hubmap/shared/vocabulary.py", ROOT / "src/hubmap/template/spec.py"}
EXEMPT = {ROOT / "src/hubmap/template/examples.py", ROOT / "src/hubmap/template/synthetic.py"}


def terms() -> set[str]:
    pipeline = {value for name, value in vars(vocabulary).items() if name.isupper() and isinstance(value, str)}
    study = {
        *spec.PROVIDERS,
        *spec.POST_STATUSES,
        spec.CORE_GROUP,
        spec.ADAPTATION_GROUP,
        spec.MEDICAL_BAND,
        spec.STANDALONE_RECORDS,
        *spec.CORE_COMPONENTS.values(),
        *spec.FIDELITY_ADAPTATIONS.values(),
        *spec.PROFESSIONAL_GROUP_NAMES,
        *spec.INTERVENTION_CATEGORIES,
        *spec.RECORDS_SYSTEMS,
    }
    return pipeline | study


def docstrings(tree: ast.AST) -> set[int]:
    """The ids of the string nodes that are docstrings (of the module, a class or a function)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
        if isinstance(node, ast.Module):  # attribute docstrings: a string right after an assignment
            for before, after in zip(node.body, node.body[1:]):
                if isinstance(before, (ast.Assign, ast.AnnAssign)) and isinstance(after, ast.Expr):
                    if isinstance(after.value, ast.Constant):
                        found.add(id(after.value))
    return found


def repeated_terms(source: str, where: str) -> list[tuple[str, int, str]]:
    tree = ast.parse(source)
    skip = docstrings(tree)
    defined = terms()
    return [
        (where, node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skip
        and node.value in defined
    ]


def sources() -> list[tuple[str, str]]:
    out = [
        (str(p.relative_to(ROOT)), p.read_text(encoding="utf-8"))
        for p in sorted((ROOT / "src").rglob("*.py"))
        if p not in DEFINED_IN | EXEMPT
    ]
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        code = [("".join(c["source"])) for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]
        out.append((str(path.relative_to(ROOT)), "\n".join(code)))
    return out


@pytest.mark.parametrize("where, source", sources(), ids=lambda v: v if v.endswith((".py", ".ipynb")) else "")
def test_no_string_repeats_a_defined_term(where, source):
    assert repeated_terms(source, where) == []


def test_the_check_sees_a_repeated_term_and_not_a_docstring():
    code = '"""All Hubs are listed."""\nx = "All Hubs"\ny = f"{x} Vacant"\nz = "Vacant"\n'
    assert repeated_terms(code, "t.py") == [("t.py", 2, "All Hubs"), ("t.py", 4, "Vacant")]
