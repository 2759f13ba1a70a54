"""Every publication figure stays legible however many Hubs are mapped.

Legible here means what a reader of the printed page needs: no two pieces of text overlap,
no text is smaller than 8 pt, and each Hub's detail is either shown readably or replaced
by a summary that says so in the caption.
"""

import itertools

import matplotlib.pyplot as plt
import pytest

from conftest import LOOKUP, ROOT, STUDY, synthetic
from hubmap.figures import style
from hubmap.figures.draw import HUBS_PER_PANEL, MAX_TILE_HUBS
from hubmap.intake.clean import clean_and_validate
from hubmap.intake.logic_model import read_model
from hubmap.publication.captions import captions
from hubmap.publication.catalogue import declared, figures
from hubmap.publication.manifest import CAPTION_TABLES
from hubmap.publication.results import compute, gather


@pytest.fixture(scope="module", params=[4, 40, 100])
def mapped(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"hubs{request.param}")
    synthetic.write_synthetic_hubs(folder, request.param, seed=11)
    return request.param, clean_and_validate(folder, LOOKUP, STUDY)


def result(tables, name):
    """A table as its declaration computes it from the tables (and the default logic model)."""
    model = read_model(ROOT / "data" / "logic_model.yaml", STUDY)
    return compute(declared(name, STUDY), {**tables, "model": model}, STUDY)


def drawn_figures(tables):
    """Figures 1-3 as notebooks 02 and 04 draw them, from the results their declarations name."""
    drawn = {}
    for name in ("figure1_staffing", "figure2_interventions", "figure3_fidelity"):
        figure = figures(STUDY)[name]
        drawn[name] = figure.draw(**gather(figure, tables, STUDY))
    return drawn


def caption_of(tables, name: str) -> str:
    """A figure's legend, from the tables the captions read (as the publication step reads them saved)."""
    saved = {table: result(tables, table) for table in CAPTION_TABLES}
    n = tables["service_model"]["hub_id"].nunique()
    return captions(saved, n, STUDY.notice(tables["sources"]), STUDY)[name][1]


def shown_ticklabels(labels, limits, coord):
    """Tick labels matplotlib draws: those whose tick lies inside the view limits."""
    lo, hi = sorted(limits)
    return [t for t in labels if lo - 1e-9 <= t.get_position()[coord] <= hi + 1e-9]


def visible_texts(fig):
    texts = list(fig.texts)
    for legend in fig.legends:
        texts += legend.get_texts() + [legend.get_title()]
    for ax in fig.axes:
        texts += ax.texts + [ax.xaxis.label, ax.yaxis.label]
        texts += shown_ticklabels(ax.get_xticklabels(), ax.get_xlim(), 0)
        texts += shown_ticklabels(ax.get_yticklabels(), ax.get_ylim(), 1)
        if ax.get_legend():
            texts += ax.get_legend().get_texts() + [ax.get_legend().get_title()]
    return [t for t in texts if t.get_visible() and t.get_text().strip()]


def overlaps(fig):
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(renderer).shrunk(0.97, 0.9)) for t in visible_texts(fig)]
    return [(a, b) for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2) if box_a.overlaps(box_b)]


def test_no_text_overlaps_and_none_is_below_8_pt(mapped):
    n, tables = mapped
    for name, fig in drawn_figures(tables).items():
        clashes = overlaps(fig)
        assert not clashes, (n, name, clashes[:5])
        assert min(t.get_fontsize() for t in visible_texts(fig)) >= style.FONT_PT, (n, name)
        width_mm, height_mm = fig.get_size_inches() * 25.4
        assert abs(width_mm - style.FULL_WIDTH_MM) < 0.5 and height_mm <= style.MAX_HEIGHT_MM + 0.5
        plt.close(fig)


def test_each_hub_is_shown_while_legible_and_the_caption_says_which(mapped):
    n, tables = mapped
    figs = drawn_figures(tables)
    tiles = figs["figure2_interventions"]
    hub_labels = {t.get_text() for ax in tiles.axes for t in ax.get_xticklabels()}
    caption = caption_of(tables, "figure2_interventions")
    if n <= MAX_TILE_HUBS:
        assert hub_labels >= {f"Hub {i}" for i in range(1, n + 1)}  # every Hub named
        assert len(tiles.axes) == -(-n // HUBS_PER_PANEL)  # panels of at most 20 Hubs
        assert "Each tile" in caption
    else:
        assert "Each bar counts the Hubs" in caption and f"{n} Hubs" in caption
        assert tiles.axes[0].get_xlabel() == f"Number of Hubs (of {n})"
    bars = figs["figure1_staffing"].axes[0]
    shown = [t.get_text() for t in bars.get_yticklabels()]
    assert shown[0] == "Hub 1"
    assert len(shown) == n if n <= 40 else 1 < len(shown) < n  # thinned, never dropped altogether
    for fig in figs.values():
        plt.close(fig)


def test_long_hub_names_as_regional_teams_write_them_stay_legible(tmp_path):
    import warnings

    from conftest import write_hub

    names = ["Cheshire & Merseyside (North/West)", "Greater Manchester", "Lancashire and South Cumbria", "Hub B"]
    for i, name in enumerate(names):
        write_hub(tmp_path, f"{i}.xlsx", hub_id=name)
    tables = clean_and_validate(tmp_path, LOOKUP, STUDY)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # e.g. "Tight layout not applied": the names would not fit
        figs = drawn_figures(tables)
    for name, fig in figs.items():
        assert not overlaps(fig), name
        shown = {
            t.get_text().replace("\n", " ") for ax in fig.axes for t in ax.get_xticklabels() + ax.get_yticklabels()
        }
        assert set(names) <= shown, (name, shown)  # every name whole, as written
        plt.close(fig)
