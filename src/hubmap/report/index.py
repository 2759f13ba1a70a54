"""The report index: one page linking every rendered notebook, figure and table.

It is the only output that records *when* and *from what* it was built (git commit,
input checksums, package versions, run time): provenance lives here, never inside
the results, so the results stay byte-for-byte reproducible.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path

from ..shared.declarations import FIGURE_FORMATS
from ..shared.files import write_text
from ..shared.hubs import file_stems, profile_word_file
from ..shared.notice import illustrative_files, plain_notice
from ..shared.paths import repo_root
from ..shared.registry import NOTEBOOKS

PACKAGES = (
    "hubmap",
    "pandas",
    "numpy",
    "pandera",
    "openpyxl",
    "matplotlib",
    "seaborn",
    "papermill",
    "nbconvert",
    "python-docx",
)

CSS = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
.notice { background: #FFF4E0; border-left: 6px solid #E69F00; padding: .8rem 1rem; }
.figures figure { margin: 1rem 0 2rem; } .figures img { max-width: 100%; border: 1px solid #ddd; }
table { border-collapse: collapse; font-size: .9rem; }
td, th { border: 1px solid #ccc; padding: .2rem .5rem; text-align: left; }
.provenance { background: #F4F4F4; padding: .8rem 1rem; font-size: .85rem; }
code { font-size: .85rem; }
"""


def _rel(target: Path, start: Path) -> str:
    return Path(os.path.relpath(target, start)).as_posix()


def _links(path: Path, suffixes, reports_dir: Path) -> str:
    """Links to `path` in each of `suffixes` that exists, labelled by the suffix ('csv · md')."""
    return " · ".join(
        f"<a href='{_rel(path.with_suffix(s), reports_dir)}'>{s.lstrip('.')}</a>"
        for s in suffixes
        if path.with_suffix(s).is_file()
    )


def git_commit(root: Path) -> str:
    try:
        out = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10)
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--", "src", "notebooks"],
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "not a git checkout"
    commit = out.stdout.strip() or "not a git checkout"
    return commit + (" (with uncommitted changes to src/ or notebooks/)" if dirty else "")


def package_versions() -> dict[str, str]:
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    versions["python"] = platform.python_version()
    return versions


def _notebooks(reports_dir: Path, study) -> list[str]:
    rows = []
    for name, notebook in NOTEBOOKS.items():
        reader, full = reports_dir / "html" / f"{name}.reader.html", reports_dir / "html" / f"{name}.html"
        if full.is_file():
            rows.append(
                f"<tr><td>{html.escape(study.say(notebook.title))}</td>"
                f"<td><a href='{_rel(reader, reports_dir)}'>reader</a></td>"
                f"<td><a href='{_rel(full, reports_dir)}'>full</a></td></tr>"
            )
    return [
        "<h2>Notebooks</h2><table><tr><th>Notebook</th><th>For readers</th><th>With code</th></tr>",
        *rows,
        "</table>",
    ]


def _manifest(figures_dir: Path, kind: str) -> list[dict]:
    """The manifest's rows of one kind ('figure', 'table'), as notebook 08 wrote them from the declarations."""
    manifest = Path(figures_dir) / "manifest.csv"
    if not manifest.is_file():
        return []
    with open(manifest, newline="", encoding="utf-8") as f:
        return [row for row in csv.DictReader(f) if row["kind"] == kind]


def _figures(reports_dir: Path, figures_dir: Path) -> list[str]:
    parts = ["<h2>Figures</h2><div class='figures'>"]
    for row in _manifest(figures_dir, "figure"):
        png = Path(figures_dir) / row["output"]
        if png.suffix != ".png" or not png.is_file():
            continue
        links = _links(png, [f".{fmt}" for fmt in FIGURE_FORMATS], reports_dir)
        parts.append(
            f"<figure><img src='{_rel(png, reports_dir)}' alt='{html.escape(row['description'])}'>"
            f"<figcaption>{html.escape(row['title'])}. ({links})</figcaption></figure>"
        )
    for extra in ("captions.md", "manuscript_tables.docx", "manifest.csv"):
        if (Path(figures_dir) / extra).is_file():
            parts.append(f"<p><a href='{_rel(Path(figures_dir) / extra, reports_dir)}'>{extra}</a></p>")
    return parts + ["</div>"]


def in_force(rows: list[dict], as_of: str | None) -> list[dict]:
    """Each unit's row of its round in force (the latest, or the latest on or before `as_of`), in file order.

    `intake.rounds.in_force` on plain rows: the report step reads no pandas (tests/test_imports.py).
    """
    as_of = None if as_of in (None, "", "latest") else as_of  # as `intake.rounds.as_of_date`
    chosen: dict[str, dict] = {}
    for row in rows:
        if (not as_of or row["mapping_date"] <= as_of) and row["mapping_date"] >= chosen.get(row["hub_id"], {}).get(
            "mapping_date", ""
        ):
            chosen[row["hub_id"]] = row
    return [row for row in rows if chosen.get(row["hub_id"]) is row]


def _profiles(reports_dir: Path, processed_dir: Path, profiles_dir: Path, as_of: str | None, study) -> list[str]:
    """Each unit's profile for its lead, as written, with whether the lead has checked the mapping yet."""
    with open(Path(processed_dir) / "service_model.csv", newline="", encoding="utf-8") as f:
        service = in_force(list(csv.DictReader(f)), as_of)
    stems = file_stems([row["hub_id"] for row in service])
    recorded = bool(service) and "checked_date" in service[0]  # a study may not record the accuracy check
    rows = []
    for row in service:
        html_page = reports_dir / "profiles" / f"{stems[row['hub_id']]}.html"
        docx = profile_word_file(profiles_dir, stems[row["hub_id"]])
        if not html_page.is_file():
            continue
        if not recorded:
            checked = "not recorded"
        elif row["checked_date"]:
            checked = f"checked {row['checked_date']}" + (f" ({row['checked_by']})" if row.get("checked_by") else "")
        else:
            checked = "<b>not yet checked</b>"
        links = f"<a href='{_rel(html_page, reports_dir)}'>profile</a>"
        if docx.is_file():
            links += f" · <a href='{_rel(docx, reports_dir)}'>Word, for the lead's corrections</a>"
        rows.append(f"<tr><td>{html.escape(row['hub_id'])}</td><td>{links}</td><td>{checked}</td></tr>")
    if not rows:
        return []
    checked_count = sum(1 for row in service if row.get("checked_date"))
    count = (
        f"{checked_count} of {len(service)} {study.units} checked by their leads"
        if recorded
        else "The study does not record the leads' accuracy check"
    )
    return [
        f"<h2>{study.words['Unit']} profiles, for each lead's accuracy check</h2>",
        f"<p>{count}.</p>",
        f"<table><tr><th>{study.words['Unit']}</th><th>Files</th><th>Accuracy check</th></tr>",
        *rows,
        "</table>",
    ]


def _tables(reports_dir: Path, processed_dir: Path, tables_dir: Path, figures_dir: Path, study) -> list[str]:
    """Every saved table, as the manifest lists it (from the tables' declarations), then the processed tables."""
    made_by = {notebook.path: study.say(notebook.title) for notebook in NOTEBOOKS.values()}
    rows = [
        (row["title"], made_by[row["notebook"]], Path(tables_dir) / row["output"], (".csv", ".md", ".tex"))
        for row in _manifest(figures_dir, "table")
    ]
    rows += [
        (f"Processed table: {path.stem}", study.say(NOTEBOOKS["01_clean"].title), path, (".csv",))
        for path in sorted(Path(processed_dir).glob("*.csv"))
    ]
    return (
        ["<h2>Tables</h2><table><tr><th>Table</th><th>Made by</th><th>Files</th></tr>"]
        + [
            f"<tr><td>{html.escape(title)}</td><td>{html.escape(notebook)}</td>"
            f"<td>{_links(path, suffixes, reports_dir)}</td></tr>"
            for title, notebook, path, suffixes in rows
            if path.is_file()
        ]
        + ["</table>"]
    )


def _provenance(sources: list[dict], now: dt.datetime, study) -> list[str]:
    rows = "".join(
        f"<tr><td>{html.escape(r['file'])}</td><td>{html.escape(r['hub_id'])}</td>"
        f"<td><code>{r['sha256']}</code></td></tr>"
        for r in sources
    )
    versions = ", ".join(f"{k} {v}" for k, v in package_versions().items())
    return [
        "<h2>Provenance</h2><div class='provenance' id='provenance'>"
        f"<p><b>Built:</b> {now.strftime('%Y-%m-%d %H:%M:%S %Z')} &nbsp; <b>Git commit:</b> "
        f"<code>{html.escape(git_commit(repo_root()))}</code></p>"
        f"<p><b>Packages:</b> {html.escape(versions)}</p>"
        f"<table><tr><th>Input workbook</th><th>{html.escape(study.words['Unit'])}</th><th>SHA-256</th></tr>"
        f"{rows}</table></div>"
    ]


def build_index(
    study,
    reports_dir: Path,
    processed_dir: Path,
    figures_dir: Path,
    tables_dir: Path,
    profiles_dir: Path | None = None,
    as_of: str | None = None,
    now: dt.datetime | None = None,
) -> str:
    """The index page of `study`'s run as HTML; links are relative, so the folder can be copied or zipped."""
    reports_dir = Path(reports_dir)
    with open(Path(processed_dir) / "sources.csv", newline="", encoding="utf-8") as f:
        sources = list(csv.DictReader(f))  # one row per workbook, validated when notebook 01 wrote it
    text = html.escape(plain_notice(study.notice(sources)))
    notice_class = " class='notice'" if illustrative_files(sources) else ""
    parts = [
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(study.title)}: report</title><style>{CSS}</style></head><body>",
        f"<h1>{html.escape(study.title)}: report</h1>",
        f"<p>A reproducible descriptive analysis following {html.escape(study.citation)} Every result below "
        "was regenerated by <code>make all</code>.</p>",
        f"<p{notice_class} id='data-notice'>{text}</p>",
    ]
    parts += _notebooks(reports_dir, study)
    parts += _figures(reports_dir, figures_dir)
    parts += _profiles(reports_dir, processed_dir, profiles_dir or reports_dir / "profiles", as_of, study)
    parts += _tables(reports_dir, processed_dir, tables_dir, figures_dir, study)
    if (reports_dir / "compare" / "index.html").is_file():
        parts.append(
            "<h2>Comparison with a previous run</h2><p><a href='compare/index.html'>What changed since the "
            "baseline</a> (<code>make compare</code>) · <a href='compare/changes.csv'>changes.csv</a></p>"
        )
    parts += _provenance(sources, now or dt.datetime.now(dt.UTC), study)
    parts.append("</body></html>\n")
    return "\n".join(parts)


def write_index(
    study,
    reports_dir: Path,
    processed_dir: Path,
    figures_dir: Path,
    tables_dir: Path,
    profiles_dir: Path | None = None,
    as_of: str | None = None,
) -> Path:
    return write_text(
        Path(reports_dir) / "index.html",
        build_index(study, reports_dir, processed_dir, figures_dir, tables_dir, profiles_dir, as_of),
    )
