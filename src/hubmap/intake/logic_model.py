"""A study's logic model (its definition names the file): read, and checked before anything is drawn.

The team edits the definition as text. It has columns (context and assumptions, inputs,
activities, outputs, short-term outcomes, long-term outcomes), boxes in those columns, links
from box to box, and, for a box, what in the mapping data measures it:

    measure: {component: KEY}                   # a component or adaptation of the national model
    measure: {intervention_category: CATEGORY}  # one of the study's intervention categories
    measure: {professional_group: GROUP}        # or a list of groups
    measure: {field: FIELD}                     # a yes/no field of the service model
    measure: {field: FIELD, equals: VALUE}      # a choice field of the service model, at one value

Every problem is reported together, each with the file, the line and the key, before any
output is touched: an unknown key, column or link target, a duplicate id, an empty column, a
measure that names something the mapping does not have, or a link that does not flow left
to right (which is also what a cycle would need).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..shared.problems import MappingInputError, Problem, display_path, yaml_document
from ..template.study import Field, Study

BOX_KEYS = ("id", "column", "label", "to", "measure")
COLUMN_KEYS = ("id", "label")


def components(study: Study) -> dict[str, str]:
    """Components a box may be measured by: the fidelity table's items, key -> label."""
    return {c.key: c.label for c in study.components}


def measurable_fields(study: Study) -> dict[str, Field]:
    """Fields of the service model a box may be measured by: its yes/no and choice fields."""
    return {f.key: f for f in study.fields("service_model") if f.kind in ("yesno", "choice")}


class LogicModelError(MappingInputError):
    """The logic model's definition cannot be used; lists every problem, each with its line and key."""

    source = "the logic model's definition"


@dataclass(frozen=True)
class Box:
    id: str
    column: str
    label: str
    line: int
    to: tuple[str, ...] = ()
    measure: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Model:
    columns: tuple[tuple[str, str], ...]  # (id, label), left to right
    boxes: tuple[Box, ...]
    source: str  # the file, as given

    @property
    def links(self) -> list[tuple[str, str]]:
        return [(box.id, target) for box in self.boxes for target in box.to]


def _scalar(node) -> str | None:
    return node.value.strip() if isinstance(node, yaml.ScalarNode) else None


def _mapping(node) -> dict[str, tuple[object, int]]:
    """A YAML mapping as key -> (value node, the key's line)."""
    return {k.value: (v, k.start_mark.line + 1) for k, v in node.value} if isinstance(node, yaml.MappingNode) else {}


def read_model(path: Path, study: Study) -> Model:
    """The definition at `path`, checked against what `study` records; raises LogicModelError listing every
    problem with its line and key."""
    name = display_path(path)
    _, root = yaml_document(path, LogicModelError, "a logic model definition", "data/logic_model.yaml")
    problems: list[Problem] = []

    def problem(message, line, key, found=None, expected=None):
        problems.append(Problem(name, message, line=line, key=key, found=found, expected=expected))

    top = _mapping(root)
    for key in ("columns", "boxes"):
        if key not in top:
            problem(f"no '{key}' list", 1, key, expected="'columns' and 'boxes' at the top of the file")
    if problems:
        raise LogicModelError(problems)

    columns: list[tuple[str, str, int]] = []
    for node in top["columns"][0].value if isinstance(top["columns"][0], yaml.SequenceNode) else []:
        entry = _mapping(node)
        cid, label = (_scalar(entry[k][0]) if k in entry else None for k in COLUMN_KEYS)
        line = node.start_mark.line + 1
        if not cid or not label:
            problem("a column needs an id and a label", line, "id" if not cid else "label")
        elif cid in {c for c, _, _ in columns}:
            problem(f"duplicate column id '{cid}'", entry["id"][1], "id")
        else:
            columns.append((cid, label, line))
    column_ids = [c for c, _, _ in columns]

    boxes: list[Box] = []
    first_line: dict[str, int] = {}
    link_lines: dict[tuple[str, str], int] = {}
    for node in top["boxes"][0].value if isinstance(top["boxes"][0], yaml.SequenceNode) else []:
        entry = _mapping(node)
        line = node.start_mark.line + 1
        for key, (_, key_line) in entry.items():
            if key not in BOX_KEYS:
                problem(f"unknown key '{key}'", key_line, key, expected="one of: " + ", ".join(BOX_KEYS))
        values = {k: _scalar(entry[k][0]) for k in ("id", "column", "label") if k in entry}
        missing = [k for k in ("id", "column", "label") if not values.get(k)]
        if missing:
            problem(f"a box needs {', '.join(missing)}", line, missing[0])
            continue
        bid, column = values["id"], values["column"]
        if bid in first_line:
            problem(f"duplicate id '{bid}' (first at line {first_line[bid]})", entry["id"][1], "id")
            continue
        first_line[bid] = entry["id"][1]
        if column not in column_ids:
            problem(
                f"unknown column '{column}'", entry["column"][1], "column", expected="one of: " + ", ".join(column_ids)
            )
        to = _links(entry.get("to"))
        measure = _measure(entry.get("measure"), problem, study)
        boxes.append(Box(bid, column, values["label"], line, tuple(t for t, _ in to), measure))
        link_lines |= {(bid, target): target_line for target, target_line in to}

    ids = {b.id for b in boxes}
    for cid, _, line in columns:
        if not any(b.column == cid for b in boxes):
            problem(f"column '{cid}' has no boxes", line, "id", expected="at least one box in every column")
    order = {c: i for i, c in enumerate(column_ids)}
    column_of = {b.id: b.column for b in boxes}
    for box in boxes:
        for target in box.to:
            line = link_lines[(box.id, target)]
            if target not in ids:
                problem(
                    f"link from '{box.id}' to '{target}', which is not a box",
                    line,
                    "to",
                    expected="the id of a box in a later column",
                )
            elif box.column in order and order.get(column_of[target], -1) <= order[box.column]:
                problem(
                    f"link from '{box.id}' back to '{target}' would make a cycle: the model flows left to right",
                    line,
                    "to",
                    expected="a link to a box in a later column",
                )
    if problems:
        raise LogicModelError(problems)
    return Model(tuple((c, label) for c, label, _ in columns), tuple(boxes), name)


def _links(entry) -> list[tuple[str, int]]:
    if entry is None:
        return []
    node, line = entry
    if isinstance(node, yaml.SequenceNode):
        return [
            (item.value.strip(), item.start_mark.line + 1) for item in node.value if isinstance(item, yaml.ScalarNode)
        ]
    return [(node.value.strip(), line)] if isinstance(node, yaml.ScalarNode) else []


def _measure(entry, problem, study: Study) -> dict:
    """The box's measure, checked against what the mapping template records."""
    if entry is None:
        return {}
    node, line = entry
    parts = _mapping(node)
    kinds = [k for k in parts if k != "equals"]
    if len(kinds) != 1:
        problem(
            "a measure names one thing",
            line,
            "measure",
            expected="one of: component, intervention_category, professional_group, field",
        )
        return {}
    kind, (value_node, value_line) = kinds[0], parts[kinds[0]]
    values = (
        [v.value.strip() for v in value_node.value]
        if isinstance(value_node, yaml.SequenceNode)
        else [_scalar(value_node) or ""]
    )
    fields = measurable_fields(study)
    allowed = {
        "component": components(study),
        "intervention_category": study.categories,
        "professional_group": study.group_names,
        "field": fields,
    }.get(kind)
    if allowed is None:
        problem(
            f"unknown measure '{kind}'",
            value_line,
            kind,
            expected="one of: component, intervention_category, professional_group, field",
        )
        return {}
    unknown = [v for v in values if v not in allowed]
    if unknown:
        problem(
            f"measured by {kind.replace('_', ' ')} '{unknown[0]}', which the mapping does not record",
            value_line,
            kind,
            expected="one of: " + ", ".join(allowed),
        )
        return {}
    measure = {kind: values if kind == "professional_group" else values[0]}
    if "equals" in parts:
        equals = _scalar(parts["equals"][0])
        field_spec = fields.get(values[0]) if kind == "field" else None
        if field_spec is None or field_spec.kind != "choice" or equals not in field_spec.choices:
            problem(
                f"'equals: {equals}' is not a value of '{values[0]}'",
                parts["equals"][1],
                "equals",
                expected="one of: " + ", ".join(field_spec.choices)
                if field_spec and field_spec.choices
                else "'equals' only with a field that takes one of a list of values",
            )
            return {}
        measure["equals"] = equals
    elif kind == "field" and fields[values[0]].kind != "yesno":
        problem(
            f"field '{values[0]}' takes one of a list of values: say which",
            value_line,
            kind,
            expected="'equals: VALUE' beside it, e.g. equals: " + fields[values[0]].choices[0],
        )
        return {}
    return measure
