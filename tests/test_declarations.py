"""A result's declaration says what it reads, and nothing is read that it does not say.

Each table and figure names the processed tables and fields it needs (`fields`); `produce` hands it
those columns only, so a declaration that leaves a field out fails at once, and these tests check the
other way: every field a declaration names changes the result when its values change.
"""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import LOOKUP, ROOT, STUDY, first_round, synthetic
from hubmap.analysis import profile
from hubmap.intake.logic_model import read_model
from hubmap.intake.schemas import PROCESSED
from hubmap.publication.catalogue import TABLES, figures, reads
from hubmap.publication.results import RunContext, compute, produce
from hubmap.shared.declarations import ROW_KEYS, Column, Table

DECLARING = [t for t in TABLES.values() if t.fields] + [f for f in figures(STUDY).values() if f.fields]
# Results whose definition of the logic model decides which fields they read: any of the sheet's.
AS_THE_MODEL_SAYS = {("logic_model_coverage", "service_model")}


def data_read(result) -> tuple[str, ...]:
    """The data `result` is made from (`reads`), without the study's definition, which every result may name."""
    return tuple(name for name in reads(result) if name != "study")


def inputs_for(result, tables: dict) -> dict:
    """What a result is computed from on the example data: a profile's from one Hub's inputs."""
    if result.notebook == "07_hub_profile":
        hub = tables["service_model"]["hub_id"].iloc[0]
        own = profile.inputs(tables, hub, STUDY) | {"notices": tables["notices"][tables["notices"]["hub_id"] == hub]}
        return own | {"study": STUDY}
    return {**tables, "model": read_model(ROOT / "data" / "logic_model.yaml", STUDY), "study": STUDY}


def outcome(result, given: dict) -> str:
    """The result its own function makes from `given` as they are (not cut to the declared fields): a
    table as CSV, a figure as the text it draws; or the error it raises."""
    import matplotlib.pyplot as plt

    function = result.compute if isinstance(result, Table) else result.draw
    try:
        made = function(**{name: given[name] for name in result.needs})
    except (KeyError, ValueError, TypeError, AttributeError) as exc:  # a column it reads is missing
        return f"error: {exc!r}"
    if isinstance(made, pd.DataFrame):
        return made.to_csv()
    try:
        return repr(
            [t.get_text() for t in made.findobj(lambda a: hasattr(a, "get_text") and hasattr(a, "get_position"))]
        )
    finally:
        plt.close(made)


@pytest.fixture(scope="module")
def datasets(example_processed, tmp_path_factory) -> list[dict]:
    """The example data (two rounds for two Hubs) and 12 synthetic Hubs (which raise notices), every round."""
    from hubmap.intake.clean import clean_and_validate

    folder = tmp_path_factory.mktemp("synthetic12")
    synthetic.write_synthetic_hubs(folder, 12, seed=7)
    return [example_processed, clean_and_validate(folder, LOOKUP, STUDY)]


def without(df: pd.DataFrame, key: str) -> pd.DataFrame:
    """The field gone: a result that needs it fails."""
    return df.drop(columns=key)


def moved(df: pd.DataFrame, key: str) -> pd.DataFrame:
    """The field's values moved between rows (reversed): a result that reads an optional field ('band?'),
    which it does without where the study does not record it, is made differently."""
    return df.assign(**{key: pd.Series(df[key].array[::-1], index=df.index)})


CHANGES = (without, moved)
"""What is done to a field to see whether a result needs it: idle, if neither changes the result."""


@pytest.mark.parametrize("result", DECLARING, ids=lambda r: r.name)
def test_every_declared_field_is_needed(result, datasets):
    """Without any one field a declaration names, or with its values moved between rows, its function
    fails or makes something else, on the example or the synthetic data: no field is named idly."""
    idle = None
    for every_round in datasets:
        tables = every_round if result.notebook == "06_changes" else first_round(every_round)
        given = inputs_for(result, tables)
        given |= {n: compute(TABLES[n], given, STUDY) for n in result.needs if n not in given}  # declared tables
        before = outcome(result, given)
        assert not before.startswith("error"), before
        found_idle = {
            (name, key)
            for name, fields in result.fields.items()
            if (result.name, name) not in AS_THE_MODEL_SAYS
            for key in STUDY.field_keys(name, fields)
            if all(outcome(result, {**given, name: change(given[name], key)}) == before for change in CHANGES)
        }
        idle = found_idle if idle is None else idle & found_idle
    assert not idle, f"{result.name} names fields it does without: {sorted(idle)}"


def test_every_result_made_from_a_processed_table_names_its_fields():
    for result in [*TABLES.values(), *figures(STUDY).values()]:
        from_processed = [name for name in result.needs if name in PROCESSED]
        assert set(from_processed) <= set(result.fields), (result.name, from_processed, result.fields)


def test_a_logic_model_may_measure_any_field_of_the_service_model(example_first_round):
    """A box may measure any yes/no or choice field, so the coverage table is handed all of them."""
    from hubmap.intake.logic_model import measurable_fields

    table = TABLES["logic_model_coverage"]
    assert set(measurable_fields(STUDY)) <= set(STUDY.field_keys("service_model", table.fields["service_model"]))


def test_a_field_left_out_of_a_declaration_stops_the_result(tmp_path, example_first_round):
    sneaky = Table(
        "staffing_bands_read_sneakily",
        "02_staffing",
        "WTE by band",
        {"band": Column("Band"), "wte": Column("WTE", "WTE", 1)},
        compute=lambda staffing: staffing.groupby("band", observed=True)["wte"].sum().reset_index(),
        fields={"staffing": ("wte",)},  # reads band too, without saying so
    )
    with pytest.raises(KeyError, match="band"):
        compute(sneaky, example_first_round, STUDY)
    honest = Table(**{**sneaky.__dict__, "fields": {"staffing": ("band", "wte")}})
    assert compute(honest, example_first_round, STUDY)["wte"].sum() == pytest.approx(
        example_first_round["staffing"]["wte"].sum()
    )


def test_a_result_is_handed_only_the_fields_it_declares(example_first_round):
    seen = {}
    table = Table(
        "what_was_handed",
        "02_staffing",
        "Columns",
        {"column": Column("Column")},
        compute=lambda staffing: seen.setdefault("columns", pd.DataFrame({"column": list(staffing.columns)})),
        fields={"staffing": ("wte", "band")},
    )
    compute(table, example_first_round, STUDY)
    assert list(seen["columns"]["column"]) == [
        c for c in example_first_round["staffing"] if c in {*ROW_KEYS, "wte", "band"}
    ]


def test_a_field_the_table_does_not_have_is_named_in_the_error(example_first_round):
    table = Table(
        "reads_a_field_nobody_records",
        "02_staffing",
        "x",
        {},
        compute=lambda staffing: staffing,
        fields={"staffing": ("salary",)},
    )
    with pytest.raises(KeyError, match="'reads_a_field_nobody_records' reads salary of staffing"):
        compute(table, example_first_round, STUDY)


def test_a_figure_draws_from_the_declared_tables_it_names(tmp_path, example_first_round):
    """Figure 1 is drawn from two declared tables, computed from their own declarations when not given."""
    figure = figures(STUDY)["figure1_staffing"]
    assert [name for name in figure.needs if name != "study"] == ["staffing_by_group", "staffing_by_band"]
    assert data_read(figure) == ("staffing",)
    assert data_read(figures(STUDY)["figure4_logic_model"]) == ("model", "service_model", "staffing", "interventions")
    context = RunContext.of(example_first_round, STUDY, figures_dir=tmp_path)
    shown = produce(figure, example_first_round, context)
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"figure1_staffing.{x}" for x in ("pdf", "png", "svg")]
    assert shown.alt == figure.alt


def test_figures_are_numbered_in_declared_order_and_name_their_notebook():
    numbers = [f.number for f in figures(STUDY).values()]
    assert numbers == list(range(1, len(numbers) + 1))
    assert all("{unit}" not in f.title for f in figures(STUDY).values())
    assert {name for f in figures(STUDY).values() for name in reads(f)} <= set(PROCESSED) | {"model", "study"}
