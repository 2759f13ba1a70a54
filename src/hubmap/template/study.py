"""A service-mapping study, from its definition file: what it maps, the workbook a site researcher fills
in, its staffing's groups and pay bands, its interventions, and the national model its fidelity is
measured against.

A study is a YAML file (`studies/NAME/study.yaml`; docs/study-definition.md is the guide) whose sheets
are Frictionless Table Schemas. It is checked against `study.schema.json` with the jsonschema library,
then for what a schema cannot say (a choice list named but not defined, a field declared twice, a
field the pipeline needs missing); every problem is reported together, each with the file, the line
and the key, before anything is read with it. The result is a `Study`, handed to every stage as data:
the blank workbook, the reader and the cleaning rules, the schemas, the analyses and their labels all
ask it, and nothing in the code names a study.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from ..shared.notice import data_notice
from ..shared.problems import MappingInputError, Problem, display_path, yaml_document
from ..shared.vocabulary import NOT_OFFERED, NOT_RECORDED, OFFERED, Role

FORMAT = 1
"""The version of the definition format this code understands; a newer one is refused."""
SCHEMA = Path(__file__).with_name("study.schema.json")
DEFAULT = "studies/resilience_hubs"
"""The study a run maps when none is named (a folder holding study.yaml, from the repository root)."""

# The template's own terms, whatever the study.
YES, NO = "Yes", "No"
SERVICE_COLUMNS = ("Field", "Value", "Guidance")  # the service-model sheet: one field a row
INSTRUCTIONS_SHEET = "Instructions"
WORKBOOK_SUFFIX = ".xlsx"
STUDY_PROPERTY, VERSION_PROPERTY = "hubmap study", "hubmap study version"
"""The blank workbook's custom properties that say which study's template it is, and its version."""

# What the pipeline needs of each sheet it reads, by the field's name (docs/study-definition.md).
NEEDED = {
    "service_model": ("hub_id", "mapping_date"),
    "staffing": ("job_title", "headcount"),
    "interventions": ("intervention", "category", "provider"),
}
ROLES = tuple(NEEDED)
# The columns the pipeline adds to each processed table, and the field each is made from ('' : always).
ADDED = {
    "service_model": {"source_file": ""},
    "staffing": {
        "hub_id": "",
        "mapping_date": "",
        "source_row": "",
        "clinical": "professional_group",
        "wte_source": "wte",
    },
    "interventions": {"hub_id": "", "mapping_date": ""},
}
CONVERTED = ("hours_per_week",)
"""Fields a workbook records that the processed tables hold converted (hours per week: as WTE)."""
# Lists the pipeline builds from other parts of the definition, which a field's `categories` may name.
BUILT_IN = (
    "professional_groups",
    "pay_bands",
    "intervention_categories",
    "national_model.components",
    "national_model.adaptations",
)
PROVIDER_ROLES = ("in_house", "both", "external")  # in display order
POST_ROLES = ("filled", "vacant")


class StudyDefinitionError(MappingInputError):
    """The study's definition cannot be used; lists every problem, each with its line and key."""

    source = "the study's definition"


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    role: str = ""
    legend: str = ""
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Field:
    """One cell a researcher fills in, and what it may hold."""

    key: str  # column name in the processed table
    label: str  # what the researcher sees in the workbook
    kind: str  # text | choice | yesno | date | integer | number | band
    required: bool = False
    choices: tuple[str, ...] = ()
    help: str = ""
    unit: str = ""
    description: str = ""  # its entry in the data dictionary
    group: str = ""  # the yes/no group it belongs to (its key is GROUP_VALUE)
    minimum: float | None = None
    maximum: float | None = None
    expected_text: str = ""  # what a valid value looks like, where the kind's own words do not say it
    synonyms: dict[str, str] = field(default_factory=dict, compare=False)  # a variant as typed -> the choice

    def expected(self) -> str:
        """What a valid value looks like, in words a site researcher can act on."""
        if self.expected_text:
            return self.expected_text
        if self.kind == "choice":
            return "one of: " + ", ".join(self.choices)
        if self.kind in ("integer", "number") and self.maximum is not None:
            least = "0" if not self.minimum else f"{self.minimum:g}"
            return f"a {'whole ' if self.kind == 'integer' else ''}number from {least} to {self.maximum:g}"
        return {
            "text": "text",
            "yesno": "Yes or No (Y/N, TRUE/FALSE also accepted); leave blank if not known",
            "date": "a date such as 01/03/2021 (day/month/year)",
            "integer": "a whole number of 0 or more",
            "number": "a number of 0 or more",
        }[self.kind]


@dataclass(frozen=True)
class Sheet:
    role: str  # service_model | staffing | interventions: what the pipeline reads it as
    name: str  # the sheet's name in the workbook
    fields: tuple[Field, ...]
    groups: dict[str, tuple[str, tuple[Choice, ...], str]] = field(
        default_factory=dict
    )  # prefix -> title, options, description
    table: tuple[dict, ...] = ()  # the service-model table's rows

    def field(self, key: str) -> Field | None:
        return next((f for f in self.fields if f.key == key), None)


@dataclass(frozen=True)
class ProfessionalGroup:
    name: str
    clinical: bool
    pay_scale: str = ""  # '' : the study's pay bands; else another scale (medical), with no band
    training: bool = False  # assistant or trainee posts: at a senior band is implausible


@dataclass(frozen=True)
class PayBands:
    """The pay bands a study's staffing records (docs/study-definition.md, `pay_bands`)."""

    name: str  # the scale's name, as tables say it
    in_full: str  # its full name, as captions say it
    short: str  # its abbreviation
    bands: tuple[str, ...]  # in pay order
    other: str  # the value for a post on another scale, or ''
    other_scale: str  # that scale's name
    other_synonyms: tuple[str, ...]  # the other value as also typed
    experienced: tuple[str, ...]  # the bands whose clinical share the staffing tables report
    senior: tuple[str, ...]  # bands at which a trainee or assistant post is a notice
    expected: str  # what a band cell should hold, as an error message says it
    description: str  # the band column in the data dictionary
    help: str  # the band column's guidance in the workbook

    @property
    def order(self) -> tuple[str, ...]:
        return self.bands + ((self.other,) if self.other else ())


@dataclass(frozen=True)
class Component:
    key: str
    label: str
    source: str
    group: str  # 'core' (a component of the national model) or 'adapt' (an adaptation)
    delivered_by: tuple[dict, ...] = ()  # any of these delivers it (None: not checked)
    measured_by: dict | None = None  # {field, equals}; else the yes/no field GROUP_KEY
    verb: str = ""

    @property
    def field(self) -> str:
        return self.measured_by["field"] if self.measured_by else f"{self.group}_{self.key}"


@dataclass(frozen=True)
class NationalModel:
    name: str  # the model's name and year, as titles say it
    short: str  # its short name
    every: str  # what 'offered every ...' says of a unit that offers every component
    group: str
    adaptation_group: str
    described: str
    components: tuple[Component, ...]
    adaptations: tuple[Component, ...]


@dataclass(frozen=True)
class Study:
    """Everything about one study that is not the pipeline's."""

    name: str
    version: int
    title: str
    unit: str
    units: str
    units_in_full: str
    citation: str
    cited_as: str
    illustrative: str
    illustrative_subject: str
    source: Path  # the definition file
    sheets: dict[str, Sheet]  # role -> sheet
    choices: dict[str, tuple[Choice, ...]]
    full_time_hours: float = 37.5
    max_wte_per_row: float = 20.0
    pay_bands: PayBands | None = None
    professional_groups: tuple[ProfessionalGroup, ...] = ()
    categories: tuple[str, ...] = ()
    standard_interventions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    therapy_category: str = ""
    national_model: NationalModel | None = None
    paths: dict[str, Path] = field(default_factory=dict)  # example_data, title_lookup, logic_model
    texts: dict[str, str] = field(default_factory=dict)  # what tables and captions say of the logic model

    def __hash__(self) -> int:
        return hash((self.name, self.version, str(self.source)))

    @property
    def all_units(self) -> str:
        """The label of the total that sits after the units in every cross-unit table: 'All Hubs'."""
        return f"All {self.units}"

    # ---- what labels and notes say -------------------------------------------------------------
    @cached_property
    def words(self) -> dict[str, str]:
        """What declarations' text templates may name: {unit}, {units}, {Unit}, {units_in_full}, ..."""
        words = {
            "unit": self.unit,
            "units": self.units,
            "Unit": self.unit[:1].upper() + self.unit[1:],
            "Units": self.units[:1].upper() + self.units[1:],
            "units_in_full": self.units_in_full,
            "all_units": self.all_units,
            "cited_as": self.cited_as,
            "full_time_hours": f"{self.full_time_hours:g}",
        }
        if self.pay_bands:
            bands = self.pay_bands
            words |= {
                "pay_bands": bands.name,
                "pay_bands_in_full": bands.in_full,
                "band_short": bands.short,
                "other_band": bands.other,
                "other_scale": bands.other_scale,
                "experienced": bands.experienced[0] if bands.experienced else "",
            }
        if self.national_model:
            model = self.national_model
            words |= {
                "national_model": model.name,
                "national_model_short": model.short,
                "national_model_described": model.described,
                "n_core": str(len(model.components)),
                "core_group": model.group,
            }
        words |= {"both": self.both, "in_house": self.in_house, "external": self.external}
        words |= {f"{role.split('_')[0]}_sheet": sheet.name for role, sheet in self.sheets.items()}
        words |= self.texts
        words["statuses"] = tuple(self.statuses)  # in display order (not a text: no template names it)
        return words

    def notice(self, sources) -> str:
        """The data notice of a run on `sources` (the processed sources table): `shared.notice.data_notice`."""
        return data_notice(sources, self.unit, self.illustrative)

    def say(self, text: str) -> str:
        """`text` with the study's words put in ('{unit}' -> 'Hub'); a word the study has no value for (its
        pay bands, in a study without bands) as `GENERIC` says it, or else left as it is."""
        return text.format_map(_Words(self.words)) if "{" in text else text

    # ---- the sheets ----------------------------------------------------------------------------
    def sheet(self, role: str) -> Sheet | None:
        return self.sheets.get(role)

    def fields(self, role: str) -> tuple[Field, ...]:
        sheet = self.sheets.get(role)
        return sheet.fields if sheet else ()

    def has(self, role: str, key: str) -> bool:
        sheet = self.sheets.get(role)
        return bool(sheet and sheet.field(key))

    def field_keys(self, role: str, fields: tuple[str, ...]) -> tuple[str, ...]:
        """The columns of processed table `role` that `fields` names, each group ('@core') expanded, '@*'
        as every field the sheet records (its processed columns), '@table' as the fields its `table`
        rows name, '@national_model' as the national model's fields, and an optional field ('band?') as
        its name."""
        sheet = self.sheets.get(role)
        keys: list[str] = []
        for name in (f.rstrip("?") for f in fields):
            if name == "@*":
                keys += [f.key for f in sheet.fields if f.key not in CONVERTED] if sheet else []
            elif name == "@national_model":
                keys += [c.field for c in self.components]
            elif name == "@table":  # the rows the sheet's `table` lists (the service-model table)
                for row in sheet.table if sheet else ():
                    keys += self.field_keys(role, (f"@{row['group']}",) if "group" in row else (row["field"],))
            elif name.startswith("@"):
                keys += [f.key for f in sheet.fields if f.group == name[1:]] if sheet else []
            else:
                keys.append(name)
        return tuple(dict.fromkeys(keys))

    def missing(self, fields: dict[str, tuple[str, ...]]) -> list[str]:
        """'table.field' for each field a declaration's `fields` needs that this study does not record (an
        optional one, 'band?', is never missing; the run's records and the columns the pipeline adds
        always are there)."""
        out = []
        for role, wanted in fields.items():
            if role not in ROLES:
                continue
            sheet = self.sheets.get(role)
            for name in wanted:
                if name.endswith("?"):
                    continue
                keys = self.field_keys(role, (name,))
                if sheet is None or (name.startswith("@") and not keys):
                    out.append(f"{role}.{name}")
                    continue
                added = {k for k, needs in ADDED[role].items() if not needs or sheet.field(needs)}
                out += [f"{role}.{k}" for k in keys if not sheet.field(k) and k not in added]
        return out

    # ---- the terms -----------------------------------------------------------------------------
    def values(self, name: str) -> tuple[str, ...]:
        return tuple(c.value for c in self.choices.get(name, ()))

    def role_of(self, name: str, role: str) -> str:
        """The value of choice list `name` that plays `role` (the provider 'in_house': 'In-house')."""
        return next((c.value for c in self.choices.get(name, ()) if c.role == role), "")

    @property
    def providers(self) -> tuple[str, ...]:
        return self.values("providers")

    @property
    def in_house(self) -> str:
        return self.role_of("providers", "in_house")

    @property
    def external(self) -> str:
        return self.role_of("providers", "external")

    @property
    def both(self) -> str:
        return self.role_of("providers", "both")

    @property
    def post_statuses(self) -> tuple[str, ...]:
        return self.values("post_statuses")

    @property
    def vacant(self) -> str:
        return self.role_of("post_statuses", "vacant")

    @property
    def filled(self) -> str:
        return self.role_of("post_statuses", "filled")

    @property
    def group_names(self) -> tuple[str, ...]:
        return tuple(g.name for g in self.professional_groups)

    @cached_property
    def statuses(self) -> dict[str, tuple[Role, str]]:
        """Each status a table or figure shows, in display order: its role (the encoding is keyed by
        it, `shared.vocabulary.ENCODING`) and its words in a legend."""
        providers = {c.role: c for c in self.choices.get("providers", ())}
        out = {
            providers[r].value: (Role(r), providers[r].legend or providers[r].value)
            for r in PROVIDER_ROLES
            if r in providers
        }
        return out | {s: (Role(s.lower().replace(" ", "_")), s) for s in (OFFERED, NOT_OFFERED, NOT_RECORDED)}

    @property
    def intervention_statuses(self) -> tuple[str, ...]:
        return (self.in_house, self.both, self.external, NOT_OFFERED, NOT_RECORDED)

    @property
    def fidelity_statuses(self) -> tuple[str, ...]:
        return (OFFERED, NOT_OFFERED, NOT_RECORDED)

    @property
    def components(self) -> tuple[Component, ...]:
        """The national model's components, then the adaptations: the fidelity table's rows."""
        model = self.national_model
        return model.components + model.adaptations if model else ()


GENERIC = {
    "pay_bands": "pay",
    "pay_bands_in_full": "pay",
    "band_short": "pay",
    "other_band": "other",
    "other_scale": "other",
    "experienced": "(experienced)",
    "national_model": "national",
    "national_model_short": "national",
    "core_group": "component",
}
"""What a text says for a word the study has no value for (a table it does not make: 'WTE by pay band')."""


class _Words(dict):
    def __missing__(self, key: str) -> str:
        return GENERIC.get(key, "{" + key + "}")


def _frozen(delivery: dict) -> dict:
    """A `delivered_by` entry with its lists as tuples (the definition's lists are YAML sequences)."""
    return {k: tuple(v) if isinstance(v, list) else v for k, v in delivery.items()}


def study_module(study: Study, name: str):
    """The Python module `name` (examples, synthetic) that the study keeps beside its definition, or None."""
    import importlib.util

    path = study.source.parent / f"{name}.py"
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location(f"hubmap_study_{study.name}_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _data(node, path: tuple = ()) -> tuple[object, dict[tuple, int]]:
    """A YAML node as Python data, and the line (1-based) each path in it starts on."""
    lines = {path: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        out = {}
        for key, value in node.value:
            out[key.value], sub = _data(value, path + (key.value,))
            lines |= sub | {path + (key.value,): key.start_mark.line + 1}
        return out, lines
    if isinstance(node, yaml.SequenceNode):
        items = []
        for i, item in enumerate(node.value):
            value, sub = _data(item, path + (i,))
            items.append(value)
            lines |= sub
        return items, lines
    return yaml.SafeLoader("").construct_object(node), lines


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))


def read_study(path: str | Path) -> Study:
    """The study defined at `path` (a study.yaml, or the folder holding one), checked; raises
    StudyDefinitionError listing every problem with its line and key."""
    path = Path(path)
    path = path / "study.yaml" if path.is_dir() else path
    return _read(path.resolve(), path.stat().st_mtime_ns if path.is_file() else 0)


@cache
def _read(path: Path, _mtime: int) -> Study:
    name = display_path(path)
    text, root = yaml_document(path, StudyDefinitionError, "a study definition", "studies/resilience_hubs/study.yaml")
    if root is None:
        raise StudyDefinitionError([Problem(name, "is empty", expected="a study definition (YAML)")])
    data, lines = _data(root)

    def line(where: tuple) -> int | None:
        while where and where not in lines:
            where = where[:-1]
        return lines.get(where)

    if isinstance(data, dict) and isinstance(data.get("format"), int) and data["format"] > FORMAT:
        raise StudyDefinitionError(
            [
                Problem(
                    name,
                    f"is in format {data['format']}, newer than this code understands",
                    line=line(("format",)),
                    key="format",
                    found=data["format"],
                    expected=f"format {FORMAT} or older (update this checkout to read it)",
                )
            ]
        )
    problems = [_schema_problem(name, error, line) for error in _validator().iter_errors(data)]
    problems += _plain_paths(data, text.splitlines(), name, line) if not problems else []
    if problems:
        raise StudyDefinitionError(sorted(problems, key=lambda p: (p.line or 0, p.key or "")))
    study, problems = _build(data, path, name, line)
    if problems:
        raise StudyDefinitionError(problems)
    return study


PATHS = ("example_data", "title_lookup", "logic_model", "outputs")
"""The definition's paths, which the Makefile reads too (with sed, so that no Python runs while make
reads the Makefile): each must be a plain `key: path` line at the top level."""


def _plain_paths(data: dict, lines: list[str], name: str, line) -> list[Problem]:
    problems = []
    for key in PATHS:
        if key in data:
            at = line((key,))
            if not re.fullmatch(rf"{key}:[ \t]*{re.escape(data[key])}[ \t]*(#.*)?", lines[at - 1].rstrip()):
                problems.append(
                    Problem(
                        name,
                        f"'{key}' is not written as a plain path on its own line",
                        line=at,
                        key=key,
                        found=lines[at - 1].strip(),
                        expected=f"{key}: {data[key]}",
                    )
                )
    return problems


def _schema_problem(name: str, error, line) -> Problem:
    """A schema error as a located problem: the deepest cause of a choice between forms."""
    if error.context:
        error = best_match(error.context)
    where = tuple(error.absolute_path)
    key = next((str(k) for k in reversed(where) if isinstance(k, str)), None)
    expected = None
    if error.validator == "required":
        missing = error.message.split("'")[1]
        return Problem(name, f"no '{missing}'", line=line(where), key=missing, expected=f"'{missing}' here")
    if error.validator == "enum":
        expected = "one of: " + ", ".join(map(str, error.validator_value))
        return Problem(name, f"unknown {key}", line=line(where), key=key, found=error.instance, expected=expected)
    if error.validator == "additionalProperties":
        extra = [k for k in error.instance if k not in error.schema.get("properties", {})]
        return Problem(
            name,
            f"unknown key '{extra[0]}'",
            line=line(where + (extra[0],)),
            key=extra[0],
            expected="one of: " + ", ".join(error.schema.get("properties", {})),
        )
    return Problem(name, error.message, line=line(where), key=key)


def _build(data: dict, path: Path, name: str, line) -> tuple[Study | None, list[Problem]]:
    """The Study, and what the schema cannot check: lists named but not defined, fields declared twice,
    fields the pipeline needs, and names a national model or a table row gives that nothing declares."""
    problems: list[Problem] = []

    def problem(message, where, key, found=None, expected=None):
        problems.append(Problem(name, message, line=line(where), key=key, found=found, expected=expected))

    choices = {
        list_name: tuple(
            Choice(
                c["value"],
                c.get("label", c["value"]),
                c.get("role", ""),
                c.get("legend", ""),
                tuple(c.get("synonyms", ())),
            )
            for c in items
        )
        for list_name, items in data.get("choices", {}).items()
    }
    bands = data.get("pay_bands")
    pay_bands = (
        PayBands(
            bands["name"],
            bands.get("in_full", bands["name"]),
            bands.get("short", bands["name"]),
            tuple(bands["bands"]),
            bands.get("other_scale", {}).get("value", ""),
            bands.get("other_scale", {}).get("scale", ""),
            tuple(bands.get("other_scale", {}).get("synonyms", ())),
            tuple(bands.get("experienced", ())),
            tuple(bands.get("senior", ())),
            bands["expected"],
            bands["description"],
            bands.get("help", ""),
        )
        if bands
        else None
    )
    groups = tuple(
        ProfessionalGroup(g["name"], g["clinical"], g.get("pay_scale", ""), g.get("training", False))
        for g in data.get("professional_groups", ())
    )
    categories = data.get("interventions", {}).get("categories", ())
    model = data.get("national_model")
    national = None
    if model:
        national = NationalModel(
            model["name"],
            model.get("short", model["name"]),
            model["every"],
            model["group"],
            model["adaptation_group"],
            model["described"],
            *(
                tuple(
                    Component(
                        c["key"],
                        c["label"],
                        c["source"],
                        group,
                        tuple(
                            _frozen(d)
                            for d in (
                                c["delivered_by"]
                                if isinstance(c.get("delivered_by"), list)
                                else [c["delivered_by"]]
                                if "delivered_by" in c
                                else []
                            )
                        ),
                        c.get("measured_by"),
                        c.get("verb", ""),
                    )
                    for c in model.get(part, ())
                )
                for part, group in (("components", "core"), ("adaptations", "adapt"))
            ),
        )
    built_in = {
        "professional_groups": tuple(Choice(g.name, g.name) for g in groups),
        "pay_bands": tuple(Choice(b, b) for b in pay_bands.order) if pay_bands else (),
        "intervention_categories": tuple(Choice(c["name"], c["name"]) for c in categories),
        "national_model.components": tuple(Choice(c.key, c.label) for c in national.components) if national else (),
        "national_model.adaptations": tuple(Choice(c.key, c.label) for c in national.adaptations if not c.measured_by)
        if national
        else (),
    }
    sheets: dict[str, Sheet] = {}
    for s, sheet in enumerate(data["sheets"]):
        where = ("sheets", s)
        if sheet["role"] in sheets:
            problem(f"a second sheet for the role '{sheet['role']}'", where + ("role",), "role")
            continue
        fields, grouped = [], {}
        for f, entry in enumerate(sheet["fields"]):
            at = where + ("fields", f)
            listed = entry.get("categories")
            options = ()
            if listed is not None:
                if listed in choices:
                    options = choices[listed]
                elif listed in built_in and (built_in[listed] or listed != "pay_bands"):
                    options = built_in[listed]
                else:
                    known = sorted(choices) + [b for b in BUILT_IN if built_in[b]]
                    problem(
                        f"choice list '{listed}' is not defined",
                        at + ("categories",),
                        "categories",
                        found=listed,
                        expected="a list under 'choices', or one of: " + ", ".join(known),
                    )
                    if "group" in entry:  # declared all the same, so that what names it is not a second problem
                        grouped[entry["group"]] = (entry["title"], (), entry["title"])
                    continue
            if "group" in entry:
                prefix = entry["group"]
                grouped[prefix] = (entry["title"], options, entry.get("description", entry["title"]))
                for option in options:
                    fields.append(
                        Field(
                            f"{prefix}_{option.value}",
                            f"{entry['title']}: {option.label}",
                            "yesno",
                            help=entry.get("help", ""),
                            description=f"{entry.get('description', entry['title'])}: {option.label} "
                            "(True/False; blank = not recorded)",
                            group=prefix,
                        )
                    )
                continue
            constraints = entry.get("constraints", {})
            kind = {"string": "choice" if listed else "text", "boolean": "yesno"}.get(entry["type"], entry["type"])
            expected = ""
            if listed == "pay_bands":
                kind, expected = "band", pay_bands.expected
            fields.append(
                Field(
                    entry["name"],
                    entry["title"],
                    kind,
                    constraints.get("required", False),
                    tuple(o.value for o in options),
                    entry.get("help", pay_bands.help if listed == "pay_bands" else ""),
                    entry.get("unit", ""),
                    entry.get("description", pay_bands.description if listed == "pay_bands" else entry["title"]),
                    minimum=constraints.get("minimum"),
                    maximum=constraints.get("maximum"),
                    expected_text=expected,
                    synonyms={variant: o.value for o in options for variant in o.synonyms},
                )
            )
        seen: dict[str, int] = {}
        for f, made in enumerate(fields):
            if made.key in seen:
                problem(
                    f"field '{made.key}' is declared twice in sheet '{sheet['name']}'",
                    where + ("fields",),
                    "name",
                    found=made.key,
                    expected="each field's name once in its sheet",
                )
            seen[made.key] = f
        for needed in NEEDED[sheet["role"]]:
            if needed not in seen:
                problem(
                    f"sheet '{sheet['name']}' has no field '{needed}', which the pipeline needs of a "
                    f"{sheet['role']} sheet",
                    where + ("fields",),
                    "fields",
                    expected=f"a field named '{needed}'",
                )
        for r, row in enumerate(sheet.get("table", ())):
            named = row.get("field") or row.get("group")
            if named not in (seen if "field" in row else grouped):
                what = "field" if "field" in row else "group"
                problem(
                    f"the table row names the {what} '{named}', which sheet '{sheet['name']}' does not declare",
                    where + ("table", r),
                    what,
                    found=named,
                    expected=f"a {what} of this sheet",
                )
        sheets[sheet["role"]] = Sheet(
            sheet["role"], sheet["name"], tuple(fields), grouped, tuple(sheet.get("table", ()))
        )
    for list_name, roles in (("providers", ("in_house", "external")), ("post_statuses", POST_ROLES)):
        have = {c.role for c in choices.get(list_name, ())}
        for role in roles if list_name in choices else ():
            if role not in have:
                problem(
                    f"no value of the choice list '{list_name}' has the role '{role}'",
                    ("choices", list_name),
                    "role",
                    expected=f"one value with role: {role} (docs/study-definition.md)",
                )
    if "service_model" not in sheets:
        problem(
            "no sheet for the role 'service_model', which every study needs (one record per unit)",
            ("sheets",),
            "sheets",
            expected="a sheet with role: service_model, and its fields hub_id and mapping_date",
        )
    if national and "service_model" in sheets:
        service = sheets["service_model"]
        for c in national.components + national.adaptations:
            if c.measured_by and not service.field(c.measured_by["field"]):
                problem(
                    f"'{c.key}' is measured by field '{c.measured_by['field']}', which the service-model sheet "
                    "does not declare",
                    ("national_model",),
                    "measured_by",
                )
    if problems:
        return None, problems
    base = path.parent
    unit = data["unit"]
    study = Study(
        name=data["name"],
        version=data["version"],
        title=data["title"],
        unit=unit["name"],
        units=unit["plural"],
        units_in_full=unit.get("in_full", unit["plural"]),
        citation=data["citation"],
        cited_as=data["cited_as"],
        illustrative=data["illustrative"],
        illustrative_subject=data.get("illustrative_subject", ""),
        source=path,
        sheets=sheets,
        choices={**choices, **{k: v for k, v in built_in.items() if v}},
        full_time_hours=data.get("full_time_hours", 37.5),
        max_wte_per_row=data.get("max_wte_per_row", 20.0),
        pay_bands=pay_bands,
        professional_groups=groups,
        categories=tuple(c["name"] for c in categories),
        standard_interventions={c["name"]: tuple(c.get("standard", ())) for c in categories},
        therapy_category=next((c["name"] for c in categories if c.get("therapy")), ""),
        national_model=national,
        paths={k: (base / data.get(k, ".")).resolve() for k in PATHS},
        texts={f"logic_model_{k}": v for k, v in data.get("logic_model_text", {}).items()},
    )
    return study, []
