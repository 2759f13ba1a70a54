"""Saving tables and figures for a manuscript: same inputs, same bytes.

Figures: PDF (TrueType fonts), SVG and RGB PNG at 300 dpi, with no creation dates or
random ids, and the data notice (illustrative or not) in each file's metadata.
Tables: tidy CSV, plus Markdown and LaTeX a co-author can paste while the table is short enough to paste.
"""

from __future__ import annotations

import io
from functools import partial
from pathlib import Path

import pandas as pd

from .storage import write_atomic, write_csv, write_text

FIGURE_FORMATS = ("pdf", "svg", "png")
# zlib level 3, not Pillow's 6: on these flat-coloured charts an RGB PNG at level 3 is within 5% of
# the size of matplotlib's RGBA one at level 6, and is compressed in about half the time.
PNG_COMPRESS_LEVEL = 3


# Longer tables are saved as CSV only: nobody pastes thousands of rows into a manuscript,
# and formatting them as Markdown and LaTeX was most of the time some notebooks took.
PASTEABLE_ROWS = 200


def save_table(df: pd.DataFrame, folder: Path, name: str, float_format: str = "{:.2f}") -> list[Path]:
    """name.csv (tidy, rounded to 4 places); name.md and name.tex (formatted) while pasteable."""
    folder = Path(folder)
    tidy = df.copy()
    for c in tidy.select_dtypes("number").columns:
        tidy[c] = tidy[c].round(4)
    written = [write_csv(folder / f"{name}.csv", tidy)]
    if len(df) > PASTEABLE_ROWS:
        for stale in (folder / f"{name}.md", folder / f"{name}.tex"):  # from an earlier, smaller run
            stale.unlink(missing_ok=True)
        return written
    shown = df.copy()
    for c in shown.columns:
        if pd.api.types.is_float_dtype(shown[c]):
            shown[c] = shown[c].map(lambda v: "" if pd.isna(v) else float_format.format(v))
    shown = shown.astype(str).replace({"<NA>": "", "nan": ""})
    latex = shown.to_latex(index=False, escape=True, longtable=False)
    return written + [write_text(folder / f"{name}.md", shown.to_markdown(index=False) + "\n"),
                      write_text(folder / f"{name}.tex", latex)]


def save_figure(fig, folder: Path, name: str, description: str) -> list[Path]:
    """Write name.pdf/.svg/.png with fixed metadata; `description` says what data it shows."""
    from matplotlib.layout_engine import PlaceHolderLayoutEngine  # here: saving tables needs no matplotlib

    from . import style

    folder = Path(folder)
    metadata = {
        "pdf": {"Creator": "hubmap", "Producer": "matplotlib", "CreationDate": None, "ModDate": None,
                "Subject": description},
        "svg": {"Creator": "hubmap", "Date": None, "Description": description},
        "png": {"Software": "hubmap (matplotlib)", "Description": description},
    }
    if fig.get_facecolor()[3] < 1:  # checked before any file is written
        raise ValueError(f"figure {name!r} has a transparent background, and its PNG is written without "
                         "an alpha channel; give it an opaque facecolor")
    style.apply()
    # A figure is laid out once: by its own tight_layout() call, or else by the first save.
    # Without an engine, savefig neither solves the layout again nor draws a dry run first.
    if isinstance(fig.get_layout_engine(), PlaceHolderLayoutEngine):
        fig.set_layout_engine(None)
    written = []
    for fmt in FIGURE_FORMATS:
        if fmt == "png":
            write = partial(_save_opaque_png, fig, metadata=metadata["png"])
        else:
            write = partial(fig.savefig, format=fmt, dpi=style.DPI, metadata=metadata[fmt], bbox_inches=None)
        written.append(write_atomic(folder / f"{name}.{fmt}", write))
        fig.set_layout_engine(None)
    return written


def _save_opaque_png(fig, path: Path, metadata: dict[str, str]) -> None:
    """The figure as an RGB PNG at style.DPI, where matplotlib would write RGBA.

    The figures have an opaque background (save_figure checks), so alpha carries nothing;
    without it the file suits journal production tools that reject transparency, is about
    as small as matplotlib's, and takes half the time to compress (a full-page figure at
    300 dpi is 5 million pixels).
    """
    from PIL import Image, PngImagePlugin

    from . import style

    pixels = io.BytesIO()
    fig.savefig(pixels, format="rgba", dpi=style.DPI, bbox_inches=None, facecolor="auto", transparent=False)
    width, height = (int(v) for v in fig.get_size_inches() * style.DPI)  # as matplotlib's renderer rounds
    if len(pixels.getbuffer()) != 4 * width * height:
        raise RuntimeError(f"matplotlib rendered {len(pixels.getbuffer())} bytes, not {width}x{height} RGBA pixels")
    info = PngImagePlugin.PngInfo()
    for key, value in metadata.items():
        info.add_text(key, value)
    image = Image.frombytes("RGB", (width, height), pixels.getbuffer(), "raw", "RGBX")  # drops alpha
    image.save(path, format="png", pnginfo=info, dpi=(style.DPI, style.DPI), compress_level=PNG_COMPRESS_LEVEL)
