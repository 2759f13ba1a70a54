"""Executed notebooks to HTML: a full copy for method reviewers, a reader copy for everyone.

Both embed their images, so a single file can be emailed and still shows its charts, and
both carry each chart's alt text. All notebooks are rendered in one process at the end of a
run: nbconvert's import and template compilation (about 0.7 s) are paid once, not once per
notebook on the run's critical path. (The Hub profiles are rendered by the workers that ran them,
`running.sweep`, with the same exporter.)
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from nbconvert.exporters.templateexporter import TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

from ..shared.files import write_text

# nbconvert's "lab" template, plus the figures' alt text (templates/hubmap_lab explains).
TEMPLATES = Path(__file__).parent / "templates"

_INPUT = '<div class="jp-Cell-inputWrapper">'
_OUTPUT = re.compile(r'(<div class="[^"]*\bjp-OutputArea-output\b[^"]*"[^>]*)>')
_IMAGE_WITHOUT_ALT = re.compile(r"<img(?![^>]*\balt=)")


class PageExporter(HTMLExporter):
    """nbconvert's HTML exporter, except for its last step. nbconvert parses the whole page with
    BeautifulSoup to make each cell's input and output focusable (tabindex) and to give an image
    without alt text a default one; here the same marks are written into the template's text, the
    page is not parsed again, and it renders in a fifth of the time (benchmarks/RESULTS.md)."""

    def from_notebook_node(self, nb, resources=None, **kw):
        language = nb.metadata.get("language_info", {})
        lexer = language.get("pygments_lexer", language.get("name"))
        self.register_filter(
            "highlight_code", self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self))
        )
        resources = self._init_resources(resources)
        self.register_filter(
            "filter_data_type",
            WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self, resources=resources),
        )
        page, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        page = page.replace(_INPUT, _INPUT[:-1] + ' tabindex="0">')
        page = _OUTPUT.sub(r'\1 tabindex="0">', page)
        page = _IMAGE_WITHOUT_ALT.sub('<img alt="No description has been provided for this image"', page)
        return page, resources


@cache
def exporter(exclude_code: bool) -> HTMLExporter:
    """One exporter per variant, reused: each new exporter compiles its templates again."""
    return PageExporter(
        template_name="hubmap_lab",
        extra_template_basedirs=[str(TEMPLATES)],
        embed_images=True,
        exclude_input=exclude_code,
        exclude_input_prompt=exclude_code,
        exclude_output_prompt=exclude_code,
    )


def render_notebook(executed: Path, out_dir: Path, reader_only_as: str | None = None) -> list[Path]:
    """Write NAME.html (code and output) and NAME.reader.html (output only) into out_dir.

    `reader_only_as`: write only the reader copy, as `<reader_only_as>.html` (a Hub's profile).
    """
    executed, out_dir = Path(executed), Path(out_dir)
    nb = nbformat.read(executed, as_version=4)
    variants = (
        [(f"{reader_only_as}.html", True)]
        if reader_only_as
        else [(f"{executed.stem}.html", False), (f"{executed.stem}.reader.html", True)]
    )
    written = []
    for name, exclude_code in variants:
        body, _ = exporter(exclude_code).from_notebook_node(nb, resources={"metadata": {"name": executed.stem}})
        written.append(write_text(out_dir / name, add_contents(body)))
    return written


def render_stale(executed_dir: Path, html_dir: Path) -> list[Path]:
    """Render each executed notebook whose reader HTML is missing or older than it."""
    written = []
    for executed in sorted(Path(executed_dir).glob("*.ipynb")):
        reader = Path(html_dir) / f"{executed.stem}.reader.html"
        if not reader.is_file() or reader.stat().st_mtime < executed.stat().st_mtime:
            written += render_notebook(executed, html_dir)
    return written


_HEADING = re.compile(r'<h([23]) id="([^"]+)">(.*?)<a class="anchor-link"', re.DOTALL)
_TOC_CSS = (
    "<style>nav.toc{background:#F4F6F8;border:1px solid #ddd;padding:.5rem 1rem;margin:1rem 0;"
    "font-size:.9rem}nav.toc ul{margin:.3rem 0}nav.toc li.h3{margin-left:1.2rem}</style>"
)


def add_contents(page: str) -> str:
    """Insert a table of contents (the notebook's ## and ### headings) after its title."""
    items = "".join(
        f'<li class="h{level}"><a href="#{anchor}">{text}</a></li>' for level, anchor, text in _HEADING.findall(page)
    )
    nav = (
        f'{_TOC_CSS}<nav class="toc" aria-label="Contents"><a href="../index.html">&larr; Report index</a>'
        f"<br><b>Contents</b><ul>{items}</ul></nav>"
    )
    title_end = page.find("</h1>")
    if title_end < 0:
        return page
    return page[: title_end + 5] + nav + page[title_end + 5 :]
