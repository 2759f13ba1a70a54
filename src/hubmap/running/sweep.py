"""Running a per-Hub notebook once for each Hub in the processed data: papermill's parameter sweep.

The Hubs come from the data (the processed service-model table, each Hub's round in force), not from
a list. What each Hub's profile is made from is prepared once for every Hub
(`publication.profiles.prepare`: the Hub's own rows, its measures beside the spread over all Hubs, the
run's context), and each Hub's run is keyed on a checksum of exactly that, plus the notebook, the
package and the options. A Hub whose key is unchanged, and whose files are all there, is not run
again, so editing one Hub's workbook re-runs that Hub's profile only (unless the edit moves a median
or range that every profile shows).

Stale Hubs run on warm kernels (`running.pool`), one per job (`--jobs`, make's JOBS), each Hub a
papermill run of the notebook with its own parameters and its prepared inputs (`PREPARED`); this
process renders each to HTML as it comes back. Each Hub's files are named after it (`shared.hubs.file_stems`):
the executed copy in REPORTS_DIR/notebooks/NAME/, its reader HTML in REPORTS_DIR/profiles/, and the
Word file the notebook writes to PROFILES_DIR. Profiles of Hubs no longer in the data are removed,
and only those: a file is removed only if this sweep's own key file says it wrote it.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..intake.processed import read_processed
from ..intake.rounds import in_force
from ..publication.profiles import Prepared, prepare, write_prepared
from ..report import render
from ..shared.files import sha256, write_text
from ..shared.hubs import profile_word_file
from ..shared.paths import repo_root, resolve
from ..shared.registry import Notebook
from ..template.study import read_study
from .execute import execute, inputs_of
from .pool import Batch, WarmKernel
from .runlog import append_run_log, failure_summary, warnings_in


def package_digest() -> str:
    """A checksum of the package's code: a profile re-runs when the code that makes it changes."""
    digest = hashlib.sha256()
    for path in sorted((repo_root() / "src" / "hubmap").rglob("*.py")):
        digest.update(path.relative_to(repo_root()).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def frame_digest(df: pd.DataFrame) -> bytes:
    """A checksum of a frame's columns, types and values, row by row (each value as Python writes it:
    a float to its last digit, a blank as <NA> or nan)."""
    content = ([str(c) for c in df.columns], [str(t) for t in df.dtypes], df.to_numpy().tolist())
    return hashlib.sha256(repr(content).encode()).digest()


def hub_keys(prepared: dict[str, Prepared], notebook: Notebook, parameters: dict) -> dict[str, str]:
    """Hub -> the checksum of what its profile is made from (`Prepared`: the inputs its declarations
    name, the context its notes say), the notebook, the package, the study's definition and the options. The
    profile itself
    is not computed here."""
    # folders are places, not content; the study is its definition's content
    options = sorted((k, v) for k, v in parameters.items() if not k.endswith("_DIR") and k != "STUDY")
    study = read_study(resolve(parameters["STUDY"])).source.read_bytes()
    shared = b"\0".join(
        [(repo_root() / notebook.path).read_bytes(), package_digest().encode(), repr(options).encode(), study]
    )
    keys = {}
    for hub, made in prepared.items():
        digest = hashlib.sha256(shared)
        digest.update(b"\0".join([made.stem.encode(), made.context.notice.encode(), made.context.rounds.encode()]))
        for name in sorted(made.inputs):
            digest.update(name.encode() + b"\0" + frame_digest(made.inputs[name]))
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
        self.kernel_logs = self.keys / "kernel-logs"  # each warm kernel's own output, shared out to the Hubs' logs

    def files(self, stem: str) -> list[Path]:
        """Every file the sweep writes for one Hub (a Hub no longer in the data loses them all)."""
        return [
            self.executed / f"{stem}.ipynb",
            self.html / f"{stem}.html",
            profile_word_file(self.docx, stem),
            self.logs / f"{stem}.log",
            self.prepared(stem),
        ]

    def key(self, stem: str) -> Path:
        return self.keys / f"{stem}.key"

    def prepared(self, stem: str) -> Path:
        """What the Hub's profile is made from, for its notebook (PREPARED): in the build folder."""
        return self.keys / f"{stem}.inputs.pickle"


@dataclass(frozen=True)
class Job:
    """One Hub's run: the notebook, its parameters, what it is made from, and where its files go."""

    notebook: Notebook
    parameters: dict
    prepared: Prepared
    paths: Paths


@dataclass(frozen=True)
class Outcome:
    hub: str
    ok: bool
    seconds: float


def run_profile(kernel: WarmKernel, job: Job) -> Outcome:
    """One Hub, in a worker: its prepared inputs written, the notebook run on the worker's warm kernel."""
    start = time.monotonic()
    stem = job.prepared.stem
    executed, log = job.paths.executed / f"{stem}.ipynb", job.paths.logs / f"{stem}.log"
    write_prepared(job.prepared, job.paths.prepared(stem))
    with kernel.run_log(log):
        ok = execute(job.notebook, job.parameters, executed, log, kernel=kernel.kernel())
    return Outcome(job.prepared.hub, ok, time.monotonic() - start)


def run_per_hub(notebook: Notebook, parameters: dict, reports_dir: Path, stamps_dir: Path, jobs: int) -> int:
    """Run `notebook` for each Hub whose profile is missing or out of date; returns the exit status."""
    as_of, study = parameters.get("AS_OF"), read_study(resolve(parameters["STUDY"]))
    tables = in_force(read_processed(resolve(parameters["PROCESSED_DIR"]), study), as_of)
    prepared = prepare(tables, study, parameters.get("ANONYMISE_OTHERS", True), as_of)
    keys = hub_keys(prepared, notebook, parameters)
    stems = {hub: made.stem for hub, made in prepared.items()}
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
        f"==> running {notebook.path} for {len(stale)} of {len(keys)} {study.units}"
        + (f": {', '.join(stale[:8])}{' ...' if len(stale) > 8 else ''}" if stale else ""),
        flush=True,
    )
    if not stale:
        return 0
    for hub in stale:
        paths.key(stems[hub]).unlink(missing_ok=True)
    work = [
        Job(notebook, {**parameters, "HUB": hub, "PREPARED": str(paths.prepared(stems[hub]))}, prepared[hub], paths)
        for hub in stale
    ]
    inputs = {path: sha256(path) for path in inputs_of(notebook, parameters) if path.is_file()}
    run_log = Path(reports_dir) / "logs" / "run.log"
    failed, done = [], set()
    shutil.rmtree(paths.kernel_logs, ignore_errors=True)
    try:
        with Batch(run_profile, jobs, paths.kernel_logs) as batch:
            for outcome in batch.results(work):
                done.add(outcome.hub)
                stem = stems[outcome.hub]
                executed, log = paths.executed / f"{stem}.ipynb", paths.logs / f"{stem}.log"
                append_run_log(
                    run_log,
                    notebook.path,
                    "ok" if outcome.ok else "failed",
                    outcome.seconds,
                    inputs,
                    warnings_in(executed, log),
                    label=outcome.hub,
                )
                if outcome.ok:
                    render.render_notebook(executed, paths.html, reader_only_as=stem)
                    write_text(paths.key(stem), keys[outcome.hub])
                else:
                    failed.append(outcome.hub)
                    print(f"{outcome.hub}: {failure_summary(executed)}", file=sys.stderr)
    finally:
        shutil.rmtree(paths.kernel_logs, ignore_errors=True)
    unfinished = [hub for hub in stale if hub not in done]
    for hub in unfinished:
        print(f"{hub}: its profile did not run (the worker running it stopped; see above)", file=sys.stderr)
    if failed or unfinished:
        print(f"make: {notebook.path} failed for {', '.join(failed + unfinished)}; run log: {run_log}", file=sys.stderr)
        return 1
    return 0
