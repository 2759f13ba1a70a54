"""The notebooks are the source: clean in git, parameterised, and exactly what the registry and the
Makefile say they are."""

from __future__ import annotations

import json
import re

import pytest

from conftest import ROOT, SECOND, STUDY, parameters_cell
from hubmap.publication.catalogue import TABLES, declared_figures
from hubmap.shared.registry import NOTEBOOKS, run_order
from hubmap.template.study import DEFAULT

NOTEBOOK_FILES = sorted((ROOT / "notebooks").glob("*.ipynb"))


def cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def test_every_notebook_in_the_folder_is_registered_and_every_registered_one_exists():
    assert [p.stem for p in NOTEBOOK_FILES] == sorted(NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOK_FILES, ids=lambda p: p.stem)
def test_a_source_notebook_carries_no_outputs(path):
    for cell in cells(path):
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, (path.name, cell["source"][:1])


@pytest.mark.parametrize("path", NOTEBOOK_FILES, ids=lambda p: p.stem)
def test_its_parameters_are_the_ones_the_registry_and_the_makefile_pass(path):
    params = parameters_cell(path)
    assert tuple(params) == NOTEBOOKS[path.stem].parameters
    assert next(iter(params)) == "STUDY" and params["STUDY"] == DEFAULT  # first; by hand, the default study
    swept = NOTEBOOKS[path.stem].swept  # set by the sweep, for each Hub: None by default is fine
    assert all(isinstance(v, (str, bool)) or (k in swept and v is None) for k, v in params.items())
    assert cells(path)[0]["cell_type"] == "markdown" and cells(path)[0]["source"][0].startswith("# ")
    assert json.loads(path.read_text())["metadata"]["kernelspec"]["name"] == "hubmap"


def makefile_rules() -> dict[str, tuple[set[str], dict[str, str]]]:
    """Notebook name -> (its stamp's prerequisites, the parameters its one-line recipe passes)."""
    text = (ROOT / "Makefile").read_text().replace("\\\n", " ")
    rules = {}
    for target, prereqs, recipe in re.findall(r"^\$\(STAMPS\)/(\w+)\.done: (.*)\n\t@?\$\(RUN\) (.*)$", text, re.M):
        name, *rest = recipe.split()
        assert name == target
        params = dict(zip(rest[1::3], rest[2::3]))
        assert rest[0::3] == ["-p"] * len(params)
        rules[target] = (set(prereqs.split()), params)
    return rules


def test_the_makefile_has_one_rule_per_registered_notebook_with_its_order_and_parameters():
    rules = makefile_rules()
    assert set(rules) == set(NOTEBOOKS)
    for name, notebook in NOTEBOOKS.items():
        prereqs, params = rules[name]
        assert f"notebooks/{name}.ipynb" in prereqs
        assert {f"$(STAMPS)/{before}.done" for before in notebook.after} <= prereqs, name
        assert {p[len("$(STAMPS)/") : -len(".done")] for p in prereqs if p.startswith("$(STAMPS)/")} == set(
            notebook.after
        ), name
        assert tuple(params) == tuple(p for p in notebook.parameters if p not in notebook.swept), name


def test_each_figure_and_table_is_made_by_a_registered_notebook_that_mentions_it():
    for name, made_by in [(f.name, f.notebook) for f in declared_figures().values()] + [
        (t.name, t.notebook) for t in TABLES.values()
    ]:
        source = "".join("".join(c["source"]) for c in cells(ROOT / "notebooks" / f"{made_by}.ipynb"))
        assert f'"{name}"' in source, (name, made_by)


def test_the_numbering_is_the_run_order():
    """No notebook reads what a higher-numbered one writes, so 01, 02, ... run in that order."""
    number = {name: int(name[:2]) for name in NOTEBOOKS}
    assert sorted(number.values()) == list(range(1, len(NOTEBOOKS) + 1))
    for name, notebook in NOTEBOOKS.items():
        assert all(number[before] < number[name] for before in notebook.after), name
        assert notebook.title.startswith(f"{number[name]}. "), notebook.title
        heading = cells(ROOT / notebook.path)[0]["source"][0]
        if "{" not in notebook.title:  # the same words for every study: the index lists it by its heading
            assert heading == f"# {notebook.title}\n", (name, heading)
        else:  # the index says it in the study's words; the notebook, run for any study, in its own
            assert heading.startswith(f"# {number[name]}. "), (name, heading)
        for study in (STUDY, SECOND):
            assert "{" not in study.say(notebook.title), (name, study.name)  # every word the title names, filled
    for path in NOTEBOOK_FILES:  # the notebooks run for any study: no study's unit in their headings
        headings = [line for c in cells(path) if c["cell_type"] == "markdown" for line in c["source"] if line[0] == "#"]
        assert not [line for line in headings if re.search(rf"\b{STUDY.unit}s?\b", line)], path
    assert run_order() == sorted(NOTEBOOKS)
