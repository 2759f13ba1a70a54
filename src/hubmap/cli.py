"""Command line: `python -m hubmap COMMAND`. Used by the Makefile; handy on its own."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import MappingInputError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hubmap", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("template", help="write the blank mapping workbook")
    p.add_argument("out", type=Path)
    p = sub.add_parser("example-data", help="rebuild the illustrative example workbooks")
    p.add_argument("folder", type=Path)
    p = sub.add_parser("synthetic-data", help="write N synthetic Hub workbooks (benchmarks, scale tests)")
    p.add_argument("folder", type=Path)
    p.add_argument("n", type=int)
    p.add_argument("--seed", type=int, default=2024)
    p = sub.add_parser("check", help="clean and validate workbooks without writing anything")
    p.add_argument("raw_dir", type=Path)
    p.add_argument("--lookup", type=Path, default=Path("data/lookups/job_titles.csv"))
    p = sub.add_parser("report", help="render stale notebooks to HTML, then write the report index")
    for name in ("reports_dir", "processed_dir", "figures_dir", "tables_dir"):
        p.add_argument(name, type=Path)
    p = sub.add_parser("log-run", help="append a notebook run to the run log")
    for name in ("run_log", "notebook", "status"):
        p.add_argument(name)
    p.add_argument("seconds", type=int)
    p.add_argument("papermill_log", type=Path)
    p.add_argument("--inputs", type=Path, nargs="*", default=[])
    p.add_argument("--include", type=Path, nargs="*", default=[])
    p = sub.add_parser("notebook-error", help="say why an executed notebook failed")
    p.add_argument("notebook", type=Path)
    args = parser.parse_args(argv)

    if args.command == "template":
        from .template import blank_workbook, save_workbook
        save_workbook(blank_workbook(), args.out)
        print(f"Blank mapping template written to {args.out}")
    elif args.command == "example-data":
        from .examples import write_example_data
        for path in write_example_data(args.folder):
            print(f"wrote {path}")
    elif args.command == "synthetic-data":
        from .synthetic import write_synthetic_hubs
        print(f"wrote {len(write_synthetic_hubs(args.folder, args.n, args.seed))} workbooks to {args.folder}")
    elif args.command == "check":
        from .cleaning import clean_and_validate
        try:
            tables = clean_and_validate(args.raw_dir, args.lookup)
        except MappingInputError as exc:
            print(exc.summary(), file=sys.stderr)
            return 1
        n = len(tables["service_model"])
        print(f"OK: {n} Hub workbook{'s' if n != 1 else ''} clean and valid")
    elif args.command == "report":
        from .rendering import render_stale
        from .report import write_index
        render_stale(args.reports_dir / "notebooks", args.reports_dir / "html")
        print(f"Report index: {write_index(args.reports_dir, args.processed_dir, args.figures_dir, args.tables_dir)}")
    elif args.command == "log-run":
        from .notebooks import append_run_log
        append_run_log(Path(args.run_log), args.notebook, args.status, args.seconds, args.papermill_log,
                       args.inputs, args.include)
    elif args.command == "notebook-error":
        from .notebooks import failure_summary
        print(failure_summary(args.notebook), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
