"""How tables look to a reader: the one module that owns table style.

Each table's labels, units and number formats are declared once, beside the code that computes it
(`hubmap.shared.declarations.Table`, gathered in `publication.catalogue`). `formatted` applies them:
human column labels with units,
percentages as percentages, fixed decimals per column, a dash for a zero amount, NR or n/a
for a blank (`Column.text`). The same strings then go to the notebooks (`DisplayTable`, HTML through
pandas' Styler), to the Word file (`publication.word`) and to the Markdown and LaTeX copies
(`publication.tables`), so the four never disagree. The tidy CSVs are not touched here.

A table with a column per Hub stays readable at any size: up to `ACROSS_IN_HTML` Hubs it is
shown as computed, with more Hubs the notebook turns it (Hubs down, one row each), and
beyond `SUMMARY_ABOVE` Hubs it shows a summary across Hubs and links the full CSV.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, replace

import pandas as pd
from IPython.display import Image
from pandas.io.formats.style import Styler

from ..shared.declarations import ZERO, Column, Figure, Layout, Table
from ..shared.registry import NOTEBOOKS

ACROSS_IN_HTML = 8  # Hubs a table may have across the page in a notebook before it is turned
ACROSS_IN_WORD = 6  # Hubs across a Word page (portrait, 8 pt) before a table is split into parts
SUMMARY_ABOVE = 100  # Hubs beyond which a table shows a summary across Hubs and links the full CSV
ROWS_SHOWN = 200  # rows a long list (the cleaning log) shows before it points to its file
SYMBOLS = {ZERO: f"{ZERO} none", "NR": "NR not recorded", "n/a": "n/a not applicable"}


def cell_text(value, column: Column) -> str:
    """One value as the column writes it (`Column.text`)."""
    return column.text(value)


def _column(table: Table, name: str) -> Column:
    if name in table.columns:
        return table.columns[name]
    if not table.layout.across:
        raise KeyError(f"table {table.name!r} has no column {name!r} in its declaration")
    return table.per_hub or Column(str(name))  # a unit's column of text or statuses


def check_columns(df: pd.DataFrame, table: Table) -> None:
    """The frame has the columns its declaration names (a table with a column per Hub: every declared
    label column, so that a misnamed one cannot pass for a Hub), and no column it does not declare."""
    shown = visible(df, table)
    if table.layout.across:
        missing = [c for c in table.columns if c not in shown.columns]
        if missing:
            raise KeyError(
                f"table {table.name!r} has no column {', '.join(map(repr, missing))}, which its "
                f"declaration names; it has {', '.join(map(repr, shown.columns))}"
            )
    else:
        for c in shown.columns:
            _column(table, c)


def hub_columns(df: pd.DataFrame, table: Table) -> list[str]:
    """The columns of a table with a column per unit that are units (not labels, not all units)."""
    return [c for c in df.columns if c not in table.columns and c not in table.totals]


def formatted(df: pd.DataFrame, table: Table) -> pd.DataFrame:
    """Every cell as text, columns under their human labels; the same rows and order as `df`."""
    df = visible(df, table)
    out = pd.DataFrame(
        {
            _column(table, c).heading if c in table.columns else str(c): [_column(table, c).text(v) for v in df[c]]
            for c in df.columns
        }
    )
    return out.reset_index(drop=True)


def visible(df: pd.DataFrame, table: Table) -> pd.DataFrame:
    """The columns a reader sees: all of them, or those the declaration lists in `shows`."""
    return df[list(table.shows)] if table.shows else df


def numeric_columns(df: pd.DataFrame, table: Table) -> list[str]:
    """Columns of numbers (or of numbers already written), which are aligned right."""
    return [c for c in df.columns if _column(table, c).decimals is not None or _column(table, c).right]


def alignments(df: pd.DataFrame, table: Table) -> list[str]:
    """'right' for each column of numbers, 'left' for text."""
    numeric = set(numeric_columns(df, table))
    return ["right" if c in numeric else "left" for c in df.columns]


def is_total(row: pd.Series, table: Table) -> bool:
    return any(str(v) in table.totals for v in row.iloc[:2])


# ---- tables too wide or too long for a page ------------------------------------------------
def turned(df: pd.DataFrame, table: Table) -> tuple[pd.DataFrame, Table]:
    """A table with units across, turned: one row per unit, one column per category."""
    unit = table.words.get("Unit", "")
    label = next(iter(table.columns))
    body = df.set_index(label)[[c for c in df.columns if c not in table.columns]]
    out = body.T.rename_axis("hub_id").reset_index()
    out.columns = ["hub_id"] + [str(c) for c in out.columns[1:]]
    written = table.per_hub or Column("")
    columns = {"hub_id": Column(unit)} | {c: replace(written, label=c) for c in out.columns[1:]}
    return out, replace(
        table,
        columns=columns,
        layout=Layout.DOWN,
        per_hub=None,
        shows=(),
        note=f"{table.note} One row per {table.words.get('unit', '')}.".strip(),
    )


def summary(df: pd.DataFrame, table: Table) -> tuple[pd.DataFrame, Table]:
    """What a table says across many units, for a page that cannot show each unit."""
    labels = list(table.columns)
    hubs = hub_columns(df, table)
    every, unit, units, Units = (table.words.get(k, "") for k in ("all_units", "unit", "units", "Units"))
    with_any = f"{Units} with any"
    if table.layout is Layout.ACROSS_NUMBERS:
        values = df[hubs].apply(pd.to_numeric, errors="coerce")
        out = df[labels].copy()
        if every in df.columns:
            out[every] = df[every]
        out[with_any] = (values > 0).sum(axis=1)
        for stat in ("median", "min", "max"):
            out[stat.capitalize() if stat != "median" else "Median"] = getattr(values, stat)(axis=1)
        columns = (
            dict(table.columns)
            | {name: replace(table.per_hub, label=name) for name in (every, "Median", "Min", "Max")}
            | {with_any: Column(with_any, "n", 0, dash_for_zero=False)}
        )
        note = f"Across {len(hubs)} {units}: median, smallest and largest value per {unit}."
    elif table.layout is Layout.ACROSS_STATUS:
        long = df.melt(id_vars=labels, value_vars=hubs, value_name="status")
        counts = pd.crosstab([long[c] for c in labels], long["status"]).reindex(pd.MultiIndex.from_frame(df[labels]))
        known = table.words.get("statuses", ())
        order = [s for s in known if s in counts.columns] + [s for s in counts.columns if s not in known]
        out = counts[order].fillna(0).astype(int).reset_index()
        columns = dict(table.columns) | {s: Column(s, Units, 0) for s in order}
        note = f"Number of {units}, of {len(hubs)}, with each status."
    elif table.layout is Layout.ACROSS_TEXT:
        rows = []
        for _, row in df.iterrows():
            counts = row[hubs].value_counts()
            rows.append(
                {
                    labels[0]: row[labels[0]],
                    "Most often recorded": counts.index[0],
                    Units: int(counts.iloc[0]),
                    "Different values": len(counts),
                }
            )
        out = pd.DataFrame(rows)
        columns = dict(table.columns) | {
            "Most often recorded": Column("Most often recorded"),
            Units: Column(Units, "n", 0),
            "Different values": Column("Different values", "n", 0),
        }
        note = f"Across {len(hubs)} {units}: the value most {units} recorded, and how many different values there are."
    else:  # one or more rows per unit: the all-units rows, and the spread across units when a unit has one row
        hub_rows = df[df["hub_id"] != every]
        parts = [df[df["hub_id"] == every]]
        if hub_rows["hub_id"].is_unique:
            values = hub_rows[numeric_columns(df, table)].apply(pd.to_numeric, errors="coerce")
            parts.append(
                pd.DataFrame(
                    [
                        {"hub_id": f"{name} of {len(hub_rows)} {units}", **getattr(values, stat)()}
                        for name, stat in (("Median", "median"), ("Smallest", "min"), ("Largest", "max"))
                    ]
                )
            )
        out = pd.concat(parts, ignore_index=True)
        columns = dict(table.columns)
        note = f"Summary across {hub_rows['hub_id'].nunique()} {units}."
    return out, replace(
        table,
        title=f"{table.title}: summary across {units}",
        columns=columns,
        layout=Layout.ROWS,
        per_hub=None,
        shows=(),
        note=f"{note} {table.note}".strip(),
    )


def n_hubs(df: pd.DataFrame, table: Table) -> int:
    if table.layout.across:
        return len(hub_columns(df, table))
    if table.layout is Layout.DOWN:
        every = table.words.get("all_units", "")
        return df["hub_id"].nunique() - int((df["hub_id"] == every).any()) if "hub_id" in df else len(df)
    return 0


def for_page(df: pd.DataFrame, table: Table, across: int) -> tuple[pd.DataFrame, Table, bool]:
    """The table as a page shows it: as computed, turned, or summarised; and whether it was summarised."""
    df = visible(df, table)
    n = n_hubs(df, table)
    if n > SUMMARY_ABOVE:
        out, shown = summary(df, table)
        return out, shown, True
    if table.layout is Layout.ACROSS_STATUS and n > across:
        out, shown = summary(df, table)
        return out, shown, False
    if table.layout in (Layout.ACROSS_NUMBERS, Layout.ACROSS_TEXT) and n > across:
        out, shown = turned(df, table)
        return out, shown, False
    return df, table, False


def note(table: Table, shown: pd.DataFrame, source: str | None = None) -> str:
    """The table's note: its definitions, the symbols it uses, and where its numbers come from."""
    used = {v for col in shown.columns for v in shown[col].unique()}
    symbols = "; ".join(text for symbol, text in SYMBOLS.items() if symbol in used)
    source = source or NOTEBOOKS[table.notebook].path + (f"; reports/tables/{table.name}.csv" if table.saved else "")
    return " ".join(part for part in (table.note, f"{symbols}." if symbols else "", f"Source: {source}.") if part)


# ---- the notebooks -----------------------------------------------------------------------------
# Selectors on `table.hubmap-table > ...` outrank JupyterLab's own table rules (which align every cell right).
_T = "table.hubmap-table"
CSS = (
    f"{_T}{{border-collapse:collapse;margin:0.5em 0 0.2em 0;font-size:0.92em;table-layout:auto;max-width:100%}}"
    f"{_T} > caption{{caption-side:top;text-align:left;font-weight:bold;padding:0.3em 0;color:inherit;"
    "white-space:nowrap}"
    f"{_T} > thead > tr > th{{border-bottom:1px solid #888;text-align:left;vertical-align:bottom;"
    "padding:0.25em 0.6em;white-space:normal}"
    f"{_T} > tbody > tr > td{{text-align:left;vertical-align:top;padding:0.2em 0.6em;white-space:normal;"
    "overflow-wrap:anywhere}"
    f"{_T} > thead > tr > th.num,{_T} > tbody > tr > td.num{{text-align:right;font-variant-numeric:tabular-nums}}"
    f"{_T} > tbody > tr > td.total-col{{font-weight:bold}}"
    f"{_T} > tbody > tr > td.total-row{{font-weight:bold;border-top:1px solid #888}}"
    ".hubmap-note{font-size:0.85em;color:#444;margin:0 0 1.2em 0;max-width:60em}"
)


@dataclass
class DisplayTable:
    """A table as a notebook shows it: numbered caption, labels, formats, note. `.data` is the tidy frame."""

    data: pd.DataFrame
    table: Table
    link: tuple[str, str | None] | None = None  # (path shown, href) of the full table, for a summarised one
    rounds: str = ""  # which mapping round each unit contributes (the run's context), said under the table

    def _repr_html_(self) -> str:
        df, table, summarised = for_page(self.data, self.table, ACROSS_IN_HTML)
        shown = df.head(ROWS_SHOWN) if table.layout is Layout.ROWS and len(df) > ROWS_SHOWN else df
        text = formatted(shown, table)
        numeric = [shown.columns.get_loc(c) for c in numeric_columns(shown, table)]
        totals = [i for i in range(len(shown)) if is_total(shown.iloc[i], table)]
        classes = pd.DataFrame("", index=text.index, columns=text.columns)
        for i in numeric:
            classes.iloc[:, i] = "num"
        for c, name in enumerate(shown.columns):
            if str(name) in table.totals:
                classes.iloc[:, c] += " total-col"
        for r in totals:
            classes.iloc[r, :] += " total-row"
        styler = (
            Styler(text, uuid=f"t{table.number}", cell_ids=False)
            .hide(axis="index")
            .set_caption(html.escape(table.caption))
            .set_td_classes(classes)
            .set_table_attributes('class="hubmap-table"')
            .format(escape="html")
            .format_index(escape="html", axis=1)
            .set_table_styles([{"selector": f"thead > tr > th.col{i}", "props": "text-align: right;"} for i in numeric])
        )
        extra = f" The first {len(shown)} of {len(df)} rows are shown." if len(shown) < len(df) else ""
        if summarised or extra:
            path, href = self.link or (f"reports/tables/{self.table.name}.csv", f"../tables/{self.table.name}.csv")
            where = f"<a href='{html.escape(href)}'>{html.escape(path)}</a>" if href else html.escape(path)
            extra += f" Every row is in {where}."
        rounds = f" {self.rounds}" if self.rounds else ""
        return (
            f"<style>{CSS}</style>{styler.to_html()}"
            f"<p class='hubmap-note'>{html.escape(note(table, text) + rounds)}{extra}</p>"
        )


def show_figure(png, figure: Figure) -> Image:
    """A saved figure as the notebooks show it: the PNG file itself, 700 px wide, with its alt text."""
    return Image(filename=str(png), width=700, alt=figure.alt)


@dataclass
class NotMadeNote:
    """What a notebook shows in place of a result the study does not make: one sentence saying why."""

    title: str
    fields: list[str]
    study: object

    def _repr_markdown_(self) -> str:
        sheets = {role: sheet.name for role, sheet in self.study.sheets.items()}
        gone = "; ".join(
            f"{name.lstrip('@').replace('_', ' ')} ({sheets.get(role, role.replace('_', ' '))} sheet)"
            for role, name in (f.split(".", 1) for f in self.fields)
        )
        return f"*Not made: {self.title}. The study '{self.study.name}' records no {gone}.*"

    def __repr__(self) -> str:
        return self._repr_markdown_().strip("*")
