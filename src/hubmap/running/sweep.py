"""Running a per-Hub notebook once for each Hub in the processed data: papermill's parameter sweep.

The Hubs come from the data (the processed service-model table, each Hub's round in force), not from a list. Each Hub's
run is keyed on a checksum of everything its profile shows: the Hub's own rows in every
processed table, where it sits among all Hubs (the comparison it shows), the data notice,
the notebook, the package and the parameters. A Hub whose key is unchanged, and whose files
are all there, is not run again, so editing one Hub's workbook re-runs that Hub's profile
only (unless the edit moves a median or range that every profile shows).

Stale Hubs run side by side, one kernel per job (`--jobs`, make's JOBS). Each Hub's files
are named after it (`shared.hubs.file_stems`): the executed copy in
REPORTS_DIR/notebooks/NAME/, its reader HTML in REPORTS_DIR/profiles/, and the Word file the
notebook writes to PROFILES_DIR. Profiles of Hubs no longer in the data are removed, and only
those: a file is removed only if this sweep's own key file says it wrote it.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..analysis import profile
from ..intake.processed import read_processed
from ..intake.rounds import in_force
from ..publication.results import RunContext
from ..report.render import render_notebook
from ..shared.files import write_text
from ..shared.hubs import file_stems, hub_order, profile_word_file
from ..shared.paths import repo_root, resolve
from ..shared.registry import Notebook
from .execute import execute, inputs_of
from .runlog import append_run_log, failure_summary, warnings_in


def package_digest() -> str:
    """A checksum of the package's code: a profile re-runs when the code that makes it changes."""
    digest = hashlib.sha256()
    for path in sorted((repo_root() / "src" / "hubmap").rglob("*.py")):
        digest.update(path.relative_to(repo_root()).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def profile_needs() -> tuple[str, ...]:
    """The inputs a profile is made from: those its opening and its tables name (their declarations)."""
    return tuple(dict.fromkeys(profile.HEADING_NEEDS + tuple(n for table in profile.TABLES for n in table.needs)))


def hub_keys(tables, notebook: Notebook, parameters: dict) -> dict[str, str]:
    """Hub -> the checksum of what its profile is made from: the inputs its declarations name (its own
    rows, its measures, their spread over all Hubs), the context every table's note says (the data
    notice, the rounds note), the notebook, the package and the options. The profile itself is not
    computed here."""
    anonymise = parameters.get("ANONYMISE_OTHERS", True)
    context = RunContext.of(tables, as_of=parameters.get("AS_OF"), named=not anonymise)
    options = sorted((k, v) for k, v in parameters.items() if not k.endswith("_DIR"))  # folders are places, not content
    shared = b"\0".join(
        [
            context.notice.encode(),
            context.rounds.encode(),
            (repo_root() / notebook.path).read_bytes(),
            package_digest().encode(),
            repr(options).encode(),
        ]
    )
    every_hub = profile.measures(tables)
    spread = profile.spread(every_hub, anonymise)
    keys = {}
    for hub in hub_order(tables["service_model"]["hub_id"]):
        inputs = profile.inputs(tables, hub, anonymise, every_hub, spread)
        digest = hashlib.sha256(shared)
        for name in profile_needs():
            digest.update(name.encode() + b"\0" + inputs[name].to_csv(index=False).encode())
        keys[hub] = digest.hexdigest()
    return keys


class Paths:
    """Where one per-Hub notebook's files go."""

    def __init__(self, notebook: Notebook, parameters: dict, reports_dir: Path, stamps_dir: Path):
        self.executed = Path(reports_dir) / "notebooks" / notebook.name
        self.html = Path(reports_dir) / "profiles"
        self.docx = resolve(parameters["PROFILES_DIR"])
        self.keys = Path(stamps_dir) / notebook.name
        self.logs = Path(reports_dir) / "logs" / notebook.name

    def files(self, stem: str) -> list[Path]:
        """Every file the sweep writes for one Hub (a Hub no longer in the data loses them all)."""
        return [
            self.executed / f"{stem}.ipynb",
            self.html / f"{stem}.html",
            profile_word_file(self.docx, stem),
            self.logs / f"{stem}.log",
        ]

    def key(self, stem: str) -> Path:
        return self.keys / f"{stem}.key"


def _run_one(job: tuple) -> tuple[str, bool, float]:
    notebook, parameters, executed, log, hub = job
    start = time.monotonic()
    ok = execute(notebook, parameters, executed, log)
    return hub, ok, time.monotonic() - start


def run_per_hub(notebook: Notebook, parameters: dict, reports_dir: Path, stamps_dir: Path, jobs: int) -> int:
    """Run `notebook` for each Hub whose profile is missing or out of date; returns the exit status."""
    tables = in_force(read_processed(resolve(parameters["PROCESSED_DIR"])), parameters.get("AS_OF"))
    keys = hub_keys(tables, notebook, parameters)
    stems = file_stems(keys)
    paths = Paths(notebook, parameters, reports_dir, stamps_dir)
    for old in sorted(paths.keys.glob("*.key")) if paths.keys.is_dir() else []:
        if old.stem not in stems.values():  # a Hub no longer in the data: its profile goes too
            for path in paths.files(old.stem) + [old]:
                path.unlink(missing_ok=True)
    stale = [
        hub
        for hub, key in keys.items()
        if not (
            paths.key(stems[hub]).is_file()
            and paths.key(stems[hub]).read_text() == key
            and all(p.is_file() for p in paths.files(stems[hub]))
        )
    ]
    print(
        f"==> running {notebook.path} for {len(stale)} of {len(keys)} Hubs"
        + (f": {', '.join(stale[:8])}{' ...' if len(stale) > 8 else ''}" if stale else ""),
        flush=True,
    )
    for hub in stale:
        paths.key(stems[hub]).unlink(missing_ok=True)
    work = [
        (
            notebook,
            {**parameters, "HUB": hub},
            paths.executed / f"{stems[hub]}.ipynb",
            paths.logs / f"{stems[hub]}.log",
            hub,
        )
        for hub in stale
    ]
    results = _map(_run_one, work, jobs)
    run_log = Path(reports_dir) / "logs" / "run.log"
    failed = []
    for hub, ok, seconds in results:
        executed, log = paths.executed / f"{stems[hub]}.ipynb", paths.logs / f"{stems[hub]}.log"
        append_run_log(
            run_log,
            notebook.path,
            "ok" if ok else "failed",
            seconds,
            inputs_of(notebook, parameters),
            warnings_in(executed, log),
            label=hub,
        )
        if ok:
            render_notebook(executed, paths.html, reader_only_as=stems[hub])
            write_text(paths.key(stems[hub]), keys[hub])
        else:
            failed.append(hub)
            print(f"{hub}: {failure_summary(executed)}", file=sys.stderr)
    if failed:
        print(f"make: {notebook.path} failed for {', '.join(failed)}; run log: {run_log}", file=sys.stderr)
        return 1
    return 0


def _map(fn, items: list, jobs: int) -> list:
    """`fn` over `items`, `jobs` at a time in forked processes (Linux); one after another elsewhere."""
    if jobs < 2 or len(items) < 2 or not sys.platform.startswith("linux"):
        return [fn(item) for item in items]
    with ProcessPoolExecutor(max_workers=min(jobs, len(items)), mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(fn, items))
