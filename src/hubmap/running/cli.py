"""Command line: `python -m hubmap COMMAND`. The Makefile's rules call it; it is handy on its own.

Each command imports only its own stage when it is chosen (`_stage`): `run` starts a
notebook without paying for the cleaning stage's pandas, pandera and openpyxl, which would
add about a second to every notebook run on the critical path of `make all`.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path


def _stage(module: str):
    """The stage module a command needs, imported when that command runs."""
    return importlib.import_module(f"hubmap.{module}")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hubmap", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("run", help="run one notebook: papermill, HTML, run log, stamp")
    p.add_argument("notebook")
    p.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"), default=[])
    p.add_argument("--reports", type=Path, default=Path("reports"))
    p.add_argument("--stamps", type=Path, default=Path("build/stamps"))
    p.add_argument("--jobs", type=int, default=1, help="Hubs run side by side, for a notebook run once per Hub")
    p = sub.add_parser("report", help="render new executed notebooks to HTML; write the report index")
    for name in ("reports_dir", "processed_dir", "figures_dir", "tables_dir"):
        p.add_argument(name, type=Path)
    p.add_argument("--profiles", type=Path, help="where the Hub profiles' Word files are (PROFILES_DIR)")
    p.add_argument("--as-of", help="the date whose mapping rounds the analyses describe (AS_OF)")
    p = sub.add_parser("snapshot", help="keep this run's processed tables and result tables, for a later compare")
    p.add_argument("dest", type=Path)
    p.add_argument("--processed", type=Path, default=Path("data/processed"))
    p.add_argument("--tables", type=Path, default=Path("reports/tables"))
    p = sub.add_parser("compare", help="compare this run with a snapshot: which values changed, rows added or removed")
    p.add_argument("baseline", type=Path)
    p.add_argument("--processed", type=Path, default=Path("data/processed"))
    p.add_argument("--tables", type=Path, default=Path("reports/tables"))
    p.add_argument("--reports", type=Path, default=Path("reports"))
    p = sub.add_parser("check", help="clean and validate workbooks without writing anything")
    p.add_argument("raw_dir", type=Path)
    p.add_argument("--lookup", type=Path, default=Path("data/lookups/job_titles.csv"))
    p.add_argument("--logic-model", type=Path, help="also check the logic model's definition (YAML)")
    p.add_argument("--unknown-titles", type=Path, help="write each unknown job title here, shaped like the lookup")
    p.add_argument("--strict", action="store_true", help="a notice (an unusual combination) is an error")
    p = sub.add_parser("template", help="write the blank mapping workbook")
    p.add_argument("out", type=Path)
    p = sub.add_parser("example-data", help="rebuild the illustrative example workbooks")
    p.add_argument("folder", type=Path)
    p = sub.add_parser("synthetic-data", help="write N synthetic Hub workbooks (benchmarks, scale tests)")
    p.add_argument("folder", type=Path)
    p.add_argument("n", type=int)
    p.add_argument("--seed", type=int, default=2024)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        return 130


def _value(text: str):
    """A -p value as papermill's command line reads it: True, False and None as such, else text."""
    return {"True": True, "False": False, "None": None}.get(text, text)


def _run(args) -> int:
    execute = _stage("running.execute")
    parameters = {key: _value(value) for key, value in args.parameter}
    try:
        notebook = _stage("shared.registry").NOTEBOOKS[args.notebook]
        execute.check_parameters(notebook, parameters)
    except (KeyError, execute.ParameterError) as exc:
        print(f"hubmap run: {exc}", file=sys.stderr)
        return 2
    if notebook.per_hub:  # once per Hub in the data: the sweep reads the processed tables first
        sweep = _stage("running.sweep")
        return execute.stamped(
            notebook, args.stamps, lambda: sweep.run_per_hub(notebook, parameters, args.reports, args.stamps, args.jobs)
        )
    status = execute.stamped(notebook, args.stamps, lambda: execute.run_once(notebook, parameters, Path(args.reports)))
    if status == 0 and "RAW_DIR" in parameters:  # the cleaning notebook: say what each lead should confirm
        _print_notices(_stage("shared.paths").resolve(str(parameters["PROCESSED_DIR"])) / "notices.csv")
    return status


def _print_notices(path: Path) -> None:
    """The notices the cleaning kept (unusual, not wrong), one located line each, without pandas."""
    import csv

    if not path.is_file():
        return
    problems = _stage("shared.problems")
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            print(f"Notice: {problems.notice_problem(row)}", flush=True)


def _report(args) -> int:
    _stage("report.render").render_stale(args.reports_dir / "notebooks", args.reports_dir / "html")
    index = _stage("report.index").write_index(
        args.reports_dir, args.processed_dir, args.figures_dir, args.tables_dir, args.profiles, args.as_of
    )
    print(f"Report index: {index}")
    return 0


def _check(args) -> int:
    problems = _stage("shared.problems")
    clean = _stage("intake.clean")
    if args.unknown_titles:
        Path(args.unknown_titles).unlink(missing_ok=True)  # from an earlier check: written anew only if any
    try:
        tables = clean.clean_and_validate(args.raw_dir, args.lookup, strict=args.strict)
        if args.logic_model:
            model = _stage("intake.logic_model").read_model(args.logic_model)
            print(f"OK: the logic model ({args.logic_model}): {len(model.boxes)} boxes, {len(model.links)} links")
    except problems.MappingInputError as exc:  # the workbooks', or the logic model's
        unknown = [p for p in exc.problems if p.message == clean.UNKNOWN_TITLE]
        others = [p for p in exc.problems if p.message != clean.UNKNOWN_TITLE]
        if others:
            print(problems.MappingInputError(others).summary(), file=sys.stderr)
        if unknown:
            _unknown_titles(unknown, args.lookup, args.unknown_titles)
        return 1
    n, hubs = len(tables["service_model"]), tables["service_model"]["hub_id"]
    again = int((hubs.value_counts() > 1).sum())
    print(
        f"OK: {n} Hub workbook{'s' if n != 1 else ''} clean and valid"
        + (f": {hubs.nunique()} Hubs, {again} of them mapped more than once" if again else "")
    )
    for row in tables["notices"].to_dict("records"):  # unusual, not wrong: each lead confirms it
        print(f"Notice: {problems.notice_problem(row)}")
    services = _stage("analysis.services")
    latest = _stage("intake.rounds").in_force(tables)["service_model"]  # each Hub's latest round
    if services.unchecked_hubs(latest):  # a notice, not an error: the check comes later
        print(
            f"Notice: {services.accuracy_check_line(latest)} Each lead checks the Hub's "
            "profile (reports/profiles/ after make all) and records the date on the Service model sheet."
        )
    return 0


def _unknown_titles(unknown: list, lookup: Path, out: Path | None) -> None:
    """Each unknown job title once, with its rows, workbooks and the closest known titles; the titles
    shaped like the lookup in `out`, with the group blank, to fill in and append."""
    import csv

    titles = _stage("intake.titles")
    with open(lookup, newline="", encoding="utf-8-sig") as f:  # as saved by Excel too (a byte-order mark)
        known = [row["job_title"] for row in csv.DictReader(f)]
    found = titles.unknown_titles(unknown, known)
    print(
        f"{len(found)} job title{'s' * (len(found) != 1)} not in the title lookup ({lookup}); none is guessed:",
        file=sys.stderr,
    )
    for entry in found:
        closest = f"; closest known: {', '.join(entry['suggestions'])}" if entry["suggestions"] else ""
        rows = f"{entry['rows']} row{'s' * (entry['rows'] != 1)}"
        print(f"  '{entry['job_title']}': {rows} in {', '.join(entry['workbooks'])}{closest}", file=sys.stderr)
    if out:
        lines = ["job_title,professional_group,source"] + [_csv_field(e["job_title"]) + ",," for e in found]
        _stage("shared.files").write_text(Path(out), "\n".join(lines) + "\n")
        print(f"Fill in their professional group in {out} and append it to {lookup}.", file=sys.stderr)


def _csv_field(text: str) -> str:
    return f'"{text.replace(chr(34), chr(34) * 2)}"' if any(c in text for c in ',"\n') else text


def _template(args) -> int:
    workbook = _stage("template.workbook")
    workbook.save_workbook(workbook.blank_workbook(), args.out)
    print(f"Blank mapping template written to {args.out}")
    return 0


def _example_data(args) -> int:
    for path in _stage("template.examples").write_example_data(args.folder):
        print(f"wrote {path}")
    return 0


def _synthetic_data(args) -> int:
    written = _stage("template.synthetic").write_synthetic_hubs(args.folder, args.n, args.seed)
    print(f"wrote {len(written)} workbooks to {args.folder}")
    return 0


def _snapshot(args) -> int:
    compare = _stage("report.compare")
    try:
        dest = compare.snapshot(args.processed, args.tables, args.dest)
    except compare.BaselineError as exc:
        print(f"hubmap snapshot: {exc}", file=sys.stderr)
        return 2
    print(
        f"Snapshot of this run's processed tables and result tables: {dest} "
        f"(compare a later run with: make compare BASELINE={dest})"
    )
    return 0


def _compare(args) -> int:
    compare = _stage("report.compare")
    try:
        changes, about, names = compare.compare(args.baseline, args.processed, args.tables)
    except compare.BaselineError as exc:
        print(f"hubmap compare: {exc}", file=sys.stderr)
        return 2
    report = compare.write_report(changes, about, names, args.baseline, args.reports / "compare")
    print(compare.summary(changes, about, names, args.baseline))
    print(f"Every difference: {report} and {report.with_name('changes.csv')}")
    return 0


COMMANDS = {
    "run": _run,
    "report": _report,
    "check": _check,
    "template": _template,
    "snapshot": _snapshot,
    "compare": _compare,
    "example-data": _example_data,
    "synthetic-data": _synthetic_data,
}


if __name__ == "__main__":
    sys.exit(main())
