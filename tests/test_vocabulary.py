"""One concept, one definition: no string in the package or the notebooks repeats a defined term.

The pipeline's own terms are in `hubmap.shared.vocabulary` (totals, the statuses it derives); a study's
are in its definition, studies/NAME/study.yaml (its unit, providers, post statuses, the groups of the
fidelity table, the other pay scale's band, the values its components are measured by, components,
adaptations, professional groups, intervention categories and the values of its service model's choice
fields). The code names no study, not even `hubmap.template.study`, which reads the definitions: it
asks the `Study` for a study's terms, and names the pipeline's by their constants. Docstrings are
exempt; the builders of a study's invented example and synthetic data, which write what a site
researcher would type, live beside its definition (studies/NAME/*.py), outside the package.
"""

from __future__ import annotations

import ast
import json

import pytest

from conftest import ROOT
from hubmap.shared import vocabulary
from hubmap.template.study import Study, read_study

DEFINED_IN = {ROOT / "src/hubmap/shared/vocabulary.py"}
STUDIES = [read_study(path.parent) for path in sorted(ROOT.glob("studies/*/study.yaml"))]


def study_terms(study: Study) -> set[str]:
    """The words `study`'s definition gives its outputs (not the keys of its fields, nor its labels for them)."""
    out = {study.unit, study.units, study.units_in_full, study.all_units, *study.group_names, *study.categories}
    out |= {*study.providers, *study.post_statuses, *(legend for _, legend in study.statuses.values())}
    if study.pay_bands and study.pay_bands.other:
        out.add(study.pay_bands.other)
    if study.national_model:
        model = study.national_model
        out |= {model.group, model.adaptation_group, *(c.label for c in study.components)}
        out |= {c.measured_by["equals"] for c in study.components if c.measured_by}
    service = study.fields("service_model")  # the values of its choice fields (regions, records systems)
    return out | {value for f in service if f.kind == "choice" for value in f.choices}


def terms() -> set[str]:
    pipeline = {value for name, value in vars(vocabulary).items() if name.isupper() and isinstance(value, str)}
    return pipeline | {term for study in STUDIES for term in study_terms(study)}


def test_the_terms_are_every_studys():
    assert len(STUDIES) >= 2 and {s.name for s in STUDIES} >= {"resilience_hubs", "talking_therapies"}
    defined = terms()
    assert {"All Hubs", "Hub", "Medical", "Standalone", "NHSE&I core component", "Psychiatry"} <= defined
    assert {"services", "Referred on", "In post"} <= defined  # the second study's own
    assert {"Total", "Not recorded"} <= defined  # the pipeline's


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
        if p not in DEFINED_IN
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
