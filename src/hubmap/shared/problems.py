"""Errors a user can act on: where the problem is (file, sheet, row and column of a workbook, or line
and key of a text file) and what was expected."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One bad cell (or file, or sheet): enough to find it and fix it by hand."""

    file: str
    message: str
    sheet: str | None = None
    row: int | None = None  # Excel row number, as the researcher sees it
    column: str | None = None  # column header as the researcher sees it
    found: object = None
    expected: str | None = None
    line: int | None = None  # line of a text file (the logic model's YAML), as an editor shows it
    key: str | None = None  # the key on that line

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.key is not None:
            where.append(f"key '{self.key}'")
        if self.sheet is not None:
            where.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        text = ", ".join(where) + f": {self.message}"
        if self.found is not None:
            text += f"; found {self.found!r}"
        if self.expected:
            text += f"; expected {self.expected}"
        return text


class MissingInputError(FileNotFoundError):
    """A notebook's input is not there yet: one line naming what to run first.

    Shown as that line, not a traceback, wherever the notebook runs (make, papermill, nbconvert,
    JupyterLab): IPython prints `_render_traceback_` instead of the stack.
    """

    def _render_traceback_(self) -> list[str]:
        return [f"{type(self).__name__}: {self}"]


class MappingInputError(Exception):
    """Raised when mapping workbooks cannot be cleaned; lists every problem found.

    IPython (and so papermill) shows `_render_traceback_` instead of a traceback,
    so the executed notebook and `make` show the problems, not pandas internals.
    """

    source = "the mapping workbooks"

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=_problem_order)
        super().__init__(self.summary())

    def summary(self) -> str:
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in {self.source}:"
        return "\n".join([head] + [f"  {p}" for p in self.problems])

    def _render_traceback_(self) -> list[str]:
        return [f"{type(self).__name__}: " + self.summary()]


def yaml_document(path: Path, error: type[MappingInputError], what: str, example: str):
    """The text of the YAML file at `path` and its node tree (each node knows its line), or `error` naming
    the file and, for a syntax error, the line. `what` and `example` say what the file should be."""
    import yaml  # only the readers of definitions need it

    name = display_path(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
        return text, yaml.compose(text, Loader=yaml.SafeLoader)
    except OSError as exc:
        problem = Problem(name, "cannot be read", found=type(exc).__name__, expected=f"{what} (YAML), e.g. {example}")
        raise error([problem]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise error([Problem(name, f"not valid YAML: {getattr(exc, 'problem', exc)}", line=line)]) from None


def notice_problem(row: dict) -> Problem:
    """A row of the processed notices table (as read by pandas or by the csv module) as a located Problem."""

    def given(value):
        return None if value is None or value == "" or value != value else value  # blank, None or NaN

    row_no = given(row.get("row"))
    return Problem(
        row["file"],
        row["notice"],
        given(row.get("sheet")),
        None if row_no is None else int(float(row_no)),
        given(row.get("column")),
        given(row.get("found")),
        given(row.get("expected")),
    )


def _problem_order(p: Problem):
    return (p.file, p.line or 0, p.sheet or "", p.row or 0, p.column or "", p.message)


def display_path(path: Path) -> str:
    """Path as the user typed it where possible (relative to cwd), else absolute."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
