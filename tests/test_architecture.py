"""The package reads as the pipeline, and its imports run one way.

template -> intake -> analysis -> figures -> publication -> report, with `shared` at the
bottom and `running` apart (it may use any stage; no stage uses it). A stage may import an
earlier stage and `shared`, never a later one; the analyses never import each other. A study's own code
(studies/NAME/*.py, beside its definition: the invented example and synthetic workbooks) fills in the
template, and uses nothing of the package beyond `template` and `shared`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "hubmap"
ORDER = ["shared", "template", "intake", "analysis", "figures", "publication", "report", "running"]
SIDEWAYS_FORBIDDEN = {("analysis", "staffing"): {"analysis.services"}, ("analysis", "services"): {"analysis.staffing"}}


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if len(parts) == 2:
            yield parts, path


def imported_stages(path: Path, stage: str) -> set[str]:
    """'stage.module' for every hubmap module `path` imports (relative or absolute)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level == 0 and (node.module or "").startswith("hubmap."):
                target = node.module.split(".")[1:]
            elif node.level == 1:
                target = [stage] + ((node.module or "").split(".") if node.module else [])
            elif node.level == 2:
                target = (node.module or "").split(".")
            else:
                continue
            names = [a.name for a in node.names]
            if len(target) == 1:  # `from . import study` / `from ..template import study`
                found |= {f"{target[0]}.{n}" for n in names}
            else:
                found.add(".".join(target[:2]))
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "_stage":  # the CLI's lazy imports
            found.add(".".join(node.args[0].value.split(".")[:2]) if isinstance(node.args[0], ast.Constant) else "")
    return found - {""}


def test_every_module_sits_in_a_stage_folder():
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert top == ["__init__.py", "__main__.py"]
    assert sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__") == sorted(ORDER)


@pytest.mark.parametrize("parts, path", list(modules()), ids=lambda x: "/".join(x) if isinstance(x, tuple) else "")
def test_imports_run_one_way(parts, path):
    stage, name = parts
    for target in imported_stages(path, stage):
        target_stage = target.split(".")[0]
        assert target_stage in ORDER, (path, target)
        if stage != "running":
            assert target_stage != "running", f"{path}: no stage may use running ({target})"
            assert ORDER.index(target_stage) <= ORDER.index(stage), f"{path} imports a later stage: {target}"
        assert target not in SIDEWAYS_FORBIDDEN.get((stage, name), set()), f"{path} imports {target} sideways"


def test_the_check_sees_a_backward_import(tmp_path):
    bad = tmp_path / "staffing.py"
    bad.write_text("from ..figures import style\nfrom .services import OFFERED\n")
    assert imported_stages(bad, "analysis") == {"figures.style", "analysis.services"}


@pytest.mark.parametrize("path", sorted(ROOT.glob("studies/*/*.py")), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_studys_own_code_uses_only_the_template_and_shared(path):
    used = imported_stages(path, "")
    assert "template.workbook" in used, f"{path} fills in no template"
    assert {target.split(".")[0] for target in used} <= {"template", "shared"}, (path, used)
