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


def _study_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--study",
        type=Path,
        help="the study's definition: its folder or its study.yaml (default: template.study.DEFAULT)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hubmap", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("run", help="run one notebook: papermill, HTML, run log, stamp")
    p.add_argument("notebook")
    p.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"), default=[])
    p.add_argument("--reports", type=Path, default=Path("reports"))
    p.add_argument("--stamps", type=Path, default=Path("build/stamps"))
    p.add_argument("--jobs", type=int, default=1, help="units run side by side (a profile)")
    p = sub.add_parser("report", help="render new executed notebooks to HTML; write the report index")
    for name in ("reports_dir", "processed_dir", "figures_dir", "tables_dir"):
        p.add_argument(name, type=Path)
    p.add_argument("--profiles", type=Path, help="where the profiles' Word files are (PROFILES_DIR)")
    p.add_argument("--as-of", help="the date whose mapping rounds the analyses describe (AS_OF)")
    _study_option(p)
    p = sub.add_parser("snapshot", help="keep this run's processed tables and result tables, for a later compare")
    p.add_argument("dest", type=Path)
    p.add_argument("--processed", type=Path, default=Path("data/processed"))
    p.add_argument("--tables", type=Path, default=Path("reports/tables"))
    _study_option(p)
    p = sub.add_parser("compare", help="compare this run with a snapshot: which values changed, rows added or removed")
    p.add_argument("baseline", type=Path)
    p.add_argument("--processed", type=Path, default=Path("data/processed"))
    p.add_argument("--tables", type=Path, default=Path("reports/tables"))
    p.add_argument("--reports", type=Path, default=Path("reports"))
    _study_option(p)
    p = sub.add_parser("check", help="clean and validate workbooks without writing anything")
    p.add_argument("raw_dir", type=Path)
    p.add_argument("--lookup", type=Path, help="the job-title lookup (default: the one the study's definition names)")
    p.add_argument("--logic-model", type=Path, help="also check the logic model's definition (YAML)")
    p.add_argument("--unknown-titles", type=Path, help="write each unknown job title here, shaped like the lookup")
    p.add_argument("--strict", action="store_true", help="a notice (an unusual combination) is an error")
    _study_option(p)
    p = sub.add_parser("template", help="write the study's blank mapping workbook")
    p.add_argument("out", type=Path)
    _study_option(p)
    p = sub.add_parser("example-data", help="rebuild the study's illustrative example workbooks")
    p.add_argument("folder", type=Path)
    _study_option(p)
    p = sub.add_parser("synthetic-data", help="write N synthetic workbooks of the study (benchmarks, scale tests)")
    p.add_argument("folder", type=Path)
    p.add_argument("n", type=int)
    p.add_argument("--seed", type=int, default=2024)
    _study_option(p)
    p = sub.add_parser("study", help="check a study's definition and say what it declares")
    _study_option(p)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if "study" in args:  # read and checked before anything else, so that a bad one writes nothing
            study = _stage("template.study")
            args.study = study.read_study(_stage("shared.paths").resolve(args.study or study.DEFAULT))
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        return 130
    except _stage("template.study").StudyDefinitionError as exc:
        print(exc.summary(), file=sys.stderr)
        return 1


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
        args.study, args.reports_dir, args.processed_dir, args.figures_dir, args.tables_dir, args.profiles, args.as_of
    )
    print(f"Report index: {index}")
    return 0


def _check(args) -> int:
    problems = _stage("shared.problems")
    clean = _stage("intake.clean")
    lookup = args.lookup or args.study.paths["title_lookup"]
    if args.unknown_titles:
        Path(args.unknown_titles).unlink(missing_ok=True)  # from an earlier check: written anew only if any
    try:
        tables = clean.clean_and_validate(args.raw_dir, lookup, args.study, strict=args.strict)
        if args.logic_model:
            model = _stage("intake.logic_model").read_model(args.logic_model, args.study)
            print(f"OK: the logic model ({args.logic_model}): {len(model.boxes)} boxes, {len(model.links)} links")
    except problems.MappingInputError as exc:  # the workbooks', or the logic model's
        unknown = [p for p in exc.problems if p.message == clean.UNKNOWN_TITLE]
        others = [p for p in exc.problems if p.message != clean.UNKNOWN_TITLE]
        if others:
            print(problems.MappingInputError(others).summary(), file=sys.stderr)
        if unknown:
            _unknown_titles(unknown, lookup, args.unknown_titles)
        return 1
    n, hubs = len(tables["service_model"]), tables["service_model"]["hub_id"]
    again = int((hubs.value_counts() > 1).sum())
    unit, units = args.study.unit, args.study.units
    print(
        f"OK: {n} {unit} workbook{'s' if n != 1 else ''} clean and valid"
        + (f": {hubs.nunique()} {units}, {again} of them mapped more than once" if again else "")
    )
    for row in tables["notices"].to_dict("records"):  # unusual, not wrong: each lead confirms it
        print(f"Notice: {problems.notice_problem(row)}")
    services = _stage("analysis.services")
    latest = _stage("intake.rounds").in_force(tables)["service_model"]  # each Hub's latest round
    if services.unchecked_hubs(latest):  # a notice, not an error: the check comes later
        sheet = args.study.sheet("service_model").name
        print(
            f"Notice: {services.accuracy_check_line(latest, units)} Each lead checks the {unit}'s "
            f"profile (reports/profiles/ after make all) and records the date on the {sheet} sheet."
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
    workbook.save_workbook(workbook.blank_workbook(args.study), args.out)
    print(f"Blank mapping template of {args.study.title} (version {args.study.version}) written to {args.out}")
    return 0


def _study_code(args, name: str):
    """The study's own module `name` (examples.py, synthetic.py beside its definition), or a message."""
    module = _stage("template.study").study_module(args.study, name)
    if module is None:
        print(f"hubmap: the study '{args.study.name}' has no {name}.py beside {args.study.source}", file=sys.stderr)
    return module


def _example_data(args) -> int:
    if (examples := _study_code(args, "examples")) is None:
        return 2
    for path in examples.write_example_data(args.folder, args.study):
        print(f"wrote {path}")
    return 0


def _synthetic_data(args) -> int:
    if (synthetic := _study_code(args, "synthetic")) is None:
        return 2
    written = synthetic.write_synthetic_hubs(args.folder, args.n, args.seed)
    print(f"wrote {len(written)} workbooks to {args.folder}")
    return 0


def _study(args) -> int:
    study = args.study
    sheets = "; ".join(f"{s.name} ({len(s.fields)} fields)" for s in study.sheets.values())
    print(f"OK: {study.source}: {study.title}, version {study.version}; the unit: {study.unit} ({study.units})")
    print(f"Sheets: {sheets}")
    model = study.national_model
    print(
        f"Professional groups: {len(study.professional_groups)}; pay bands: "
        + (f"{study.pay_bands.name} ({len(study.pay_bands.order)})" if study.pay_bands else "none")
        + f"; intervention categories: {len(study.categories)}; national model: "
        + (
            f"{model.name} ({len(model.components)} components, {len(model.adaptations)} adaptations)"
            if model
            else "none"
        )
    )
    return 0


def _snapshot(args) -> int:
    compare = _stage("report.compare")
    try:
        dest = compare.snapshot(args.processed, args.tables, args.dest, args.study)
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
        changes, about, names = compare.compare(args.baseline, args.processed, args.tables, args.study)
    except compare.BaselineError as exc:
        print(f"hubmap compare: {exc}", file=sys.stderr)
        return 2
    unit = args.study.words["Unit"]
    report = compare.write_report(changes, about, names, args.baseline, args.reports / "compare", unit)
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
    "study": _study,
}


if __name__ == "__main__":
    sys.exit(main())
