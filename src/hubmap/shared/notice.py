"""What data a run used, said wherever results appear: the illustrative-data notice.

The repository ships invented example workbooks (each study's examples.py, beside its definition). Each carries
the mark below in its document properties; the cleaning stage records it per workbook in
`sources.csv`, and every notebook, figure file, caption, pasteable table, Word file and report page takes
its notice from `data_notice`, so none can present invented numbers as findings.
"""

from __future__ import annotations

ILLUSTRATIVE_MARK = "illustrative example data"
"""Text in a workbook's Subject property that marks it as invented (matched case-insensitively)."""


def illustrative_subject(what: str) -> str:
    """The Subject property of an invented workbook, e.g. what='four invented Hubs (Hub A-D). The
    numbers are not ...' (the study says whose they are not)."""
    return f"Illustrative example data: {what}".rstrip()


def _rows(sources) -> list[dict]:
    """The processed sources table's rows, from a DataFrame or from its rows (dicts)."""
    return sources.to_dict("records") if hasattr(sources, "to_dict") else list(sources)


def illustrative_files(sources) -> list[str]:
    """The workbooks that `sources` marks as the repository's invented example data."""
    return [r["file"] for r in _rows(sources) if str(r["illustrative"]) == "True"]


def data_notice(sources, unit: str, illustrative: str) -> str:
    """Markdown banner for the top of every notebook and report: what data this run used.

    `sources`: the processed sources table, as a DataFrame or as its rows (dicts). `unit`: what the
    study maps ('Hub'); `illustrative`: the study's sentence on whose data invented numbers are not.
    """
    rows = _rows(sources)
    invented = illustrative_files(rows)
    n, k = len(rows), len(invented)
    if k == 0:
        return f"**Data:** {n} {unit} workbook{'s' if n != 1 else ''} supplied by the user (none marked illustrative)."
    files = f" ({', '.join(invented)})" if k <= 6 else ""
    return (
        f"> **ILLUSTRATIVE DATA.** {k} of {n} workbooks{files} are the repository's invented "
        f"example data. {illustrative}"
    )


def marks_illustrative(notice: str) -> bool:
    """Whether a notice from `data_notice` says the run used invented example data."""
    return "ILLUSTRATIVE DATA" in notice


def plain_notice(notice: str) -> str:
    """The data notice without Markdown emphasis, for file metadata and captions."""
    return notice.replace("**", "").lstrip("> ")
