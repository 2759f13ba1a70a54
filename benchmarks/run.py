"""Benchmark the pipeline against a naive baseline and a plain-Python floor; write RESULTS.md.

Run with `make bench`. Everything happens in a scratch folder; the repository's own
outputs are not touched. Timing targets live here, not in the test suite.

  cold make all  : outputs and stamps removed, environment and kernel already installed
  cold figures   : the same, `make figures`: the cross-Hub notebooks without the per-Hub profiles
                   and the HTML (what the Hub-scaling targets are for)
  no-op make all : nothing changed since the last run
  touched        : one analysis notebook's mtime changed
  naive baseline : every notebook run in order with `jupyter nbconvert --execute --to html`
  floor          : the notebooks' code cells, joined into one script, in one interpreter
                   (also at each size up to 40 Hubs: how the work itself grows with Hubs)
  profiles       : every Hub's profile from scratch (`make profiles`, notebook 01 done), at each size
  profile floor  : the same profiles' tables, HTML and Word files from one plain Python loop, no kernels
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from hubmap.shared.registry import NOTEBOOKS, run_order
from hubmap.template.study import DEFAULT, read_study, study_module

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
STUDY = read_study(ROOT / DEFAULT)
"""The study the benchmark maps: the default one, whose synthetic workbooks it writes (its synthetic.py)."""
write_synthetic_hubs = study_module(STUDY, "synthetic").write_synthetic_hubs


def run(cmd: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"benchmark step failed: {' '.join(cmd)}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return time.perf_counter() - start


def make_env() -> dict:
    return {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}


def make_args(work: Path, raw: Path) -> list[str]:
    return [
        f"RAW_DIR={raw}",
        f"PROCESSED_DIR={work / 'processed'}",
        f"REPORTS_DIR={work / 'reports'}",
        f"FIGURES_DIR={work / 'figures'}",
        f"BUILD={work / 'build'}",
    ]


def clean_outputs(work: Path) -> None:
    for sub in ("processed", "reports", "figures", "build/stamps", "build/inputs"):
        shutil.rmtree(work / sub, ignore_errors=True)


def make_all(work: Path, raw: Path, *options: str) -> float:
    return run(["make", "--no-print-directory", "all", *options, *make_args(work, raw)], make_env())


def cold_make_all(work: Path, raw: Path, *options: str) -> float:
    clean_outputs(work)
    return make_all(work, raw, *options)


def parameterised_copy(name: str, params: dict, folder: Path) -> Path:
    """The notebook with its parameters cell edited, as a user without papermill would have to do.

    Each line that sets one of `params` is rewritten; the others (AS_OF, LOGIC_MODEL, ...) keep
    the notebook's defaults.
    """
    nb = json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text())
    for cell in nb["cells"]:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            lines = "".join(cell["source"]).splitlines()
            cell["source"] = "\n".join(_set(line, params) for line in lines)
    path = folder / f"{name}.ipynb"
    path.write_text(json.dumps(nb))
    return path


def _set(line: str, params: dict) -> str:
    """A line of a parameters cell, with its value replaced if `params` sets it."""
    name = line.split("=")[0].strip()
    if name not in params:
        return line
    value = params[name]
    if value is None:  # set by the code that runs the copy (the floor sets HUB for each Hub)
        return f"# {name}: set by the caller"
    return f"{name} = {value if isinstance(value, bool) else str(value)!r}"


def params_for(work: Path, raw: Path, hub: str | None = None) -> dict:
    return {
        "RAW_DIR": raw,
        "PROCESSED_DIR": work / "processed",
        "TITLE_LOOKUP": STUDY.paths["title_lookup"],
        "TABLES_DIR": work / "reports/tables",
        "FIGURES_DIR": work / "figures",
        "ANONYMISE_OTHERS": True,
        "PROFILES_DIR": work / "reports/profiles",
    } | ({"HUB": hub} if hub else {})


def hubs_in(work: Path) -> list[str]:
    """The Hubs notebook 01 wrote, for the notebooks run once per Hub."""
    with open(work / "processed" / "service_model.csv", newline="", encoding="utf-8") as f:
        return [row["hub_id"] for row in csv.DictReader(f)]


def naive_baseline(work: Path, raw: Path) -> float:
    clean_outputs(work)
    nb_dir = work / "naive"
    nb_dir.mkdir(parents=True, exist_ok=True)
    env = make_env()  # the project's kernel is registered in the environment itself
    total = 0.0
    for name, notebook in ((n, NOTEBOOKS[n]) for n in run_order()):
        for hub in hubs_in(work) if notebook.per_hub else [None]:  # a per-Hub notebook once per Hub
            path = parameterised_copy(name, params_for(work, raw, hub), nb_dir)
            total += run(
                [
                    PY,
                    "-m",
                    "jupyter",
                    "nbconvert",
                    "--execute",
                    "--to",
                    "html",
                    "--ExecutePreprocessor.kernel_name=hubmap",
                    "--output-dir",
                    str(nb_dir),
                    str(path),
                ],
                env,
            )
    return total


def floor(work: Path, raw: Path) -> float:
    clean_outputs(work)
    lines = ["import matplotlib", "matplotlib.use('Agg')", "import matplotlib.pyplot as plt"]
    nb_dir = work / "floor_notebooks"  # in the benchmark's scratch folder, removed with it
    nb_dir.mkdir(parents=True, exist_ok=True)
    for name, notebook in ((n, NOTEBOOKS[n]) for n in run_order()):
        params = params_for(work, raw) | ({"HUB": None} if notebook.per_hub else {})
        nb = json.loads(parameterised_copy(name, params, nb_dir).read_text())
        code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
        if notebook.per_hub:  # once per Hub that notebook 01 wrote, each in a namespace of its own
            lines += [
                "import csv",
                f"with open({str(work / 'processed' / 'service_model.csv')!r}) as f:",
                "    hubs = [row['hub_id'] for row in csv.DictReader(f)]",
                f"for hub in hubs:\n    exec({code!r}, {{'__name__': 'profile'}} | {{'HUB': hub}})",
            ]
        else:
            lines.append(code)
        lines.append("plt.close('all')")
    script = work / "floor.py"
    script.write_text("\n".join(lines) + "\n")
    return run([PY, str(script)], make_env() | {"MPLBACKEND": "Agg"})


# The floor is also timed at each size up to this many Hubs: how much the analysis work
# itself grows with Hubs, whatever runs it, is the yardstick for the pipeline's growth.
FLOOR_MAX_HUBS = 40


def profiles_key(n: int) -> str:
    return f"Hub profiles only (make profiles, notebook 01 done), {n} Hubs"


def profile_floor_key(n: int) -> str:
    return f"profile floor (one plain Python loop, no kernels), {n} Hubs"


# What every profile is made from, then each Hub's tables, an HTML page of them and its Word file, in
# one process on one core: the work a profile is, without kernels, papermill or nbconvert.
PROFILE_FLOOR = """\
import sys
from pathlib import Path

from hubmap import load
from hubmap.publication import profiles
from hubmap.shared.files import write_text
from hubmap.shared.hubs import profile_word_file
from hubmap.shared.paths import resolve
from hubmap.template.study import DEFAULT, read_study

processed, out = Path(sys.argv[1]), Path(sys.argv[2])
study = read_study(resolve(DEFAULT))
for hub, made in profiles.prepare(load(processed, study), study, True, "latest").items():
    shown = profiles.sections(made.inputs, made.context)
    page = "".join(table._repr_html_() for table in shown.values())
    write_text(out / f"{made.stem}.html", f"<!DOCTYPE html><html><body>{page}</body></html>")
    docx = profile_word_file(out, made.stem)
    profiles.write_profile_docx(hub, shown, made.inputs["service_model"], made.context, docx)
"""


def profile_floor(work: Path, raw: Path) -> float:
    """Every Hub's profile from one plain Python loop (`PROFILE_FLOOR`), the processed tables already written."""
    make_all(work, raw)
    out = work / "profile_floor"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    script = work / "profile_floor.py"
    script.write_text(PROFILE_FLOOR)
    return run([PY, str(script), str(work / "processed"), str(out)], make_env())


def profiles_only(work: Path, raw: Path) -> float:
    """All Hubs' profiles from scratch, the processed tables already written."""
    make_all(work, raw)
    for stale in ("build/stamps/07_hub_profile", "reports/profiles", "reports/notebooks/07_hub_profile"):
        shutil.rmtree(work / stale, ignore_errors=True)
    (work / "build/stamps/07_hub_profile.done").unlink(missing_ok=True)
    return run(["make", "--no-print-directory", "profiles", *make_args(work, raw)], make_env())


def after_one_cell_changes(work: Path, raw: Path) -> tuple[float, str]:
    """Edit one staffing cell (a post's notes) of one workbook in place; time `make all`; say what re-ran."""
    import openpyxl

    make_all(work, raw)
    path = sorted(raw.glob("*.xlsx"))[len(list(raw.glob("*.xlsx"))) // 2]
    wb = openpyxl.load_workbook(path)
    notes = [c.column for c in wb["Staffing"][1] if c.value == "Notes"][0]
    wb["Staffing"].cell(2, notes, "Edited for the benchmark")
    wb.save(path)
    start = time.perf_counter()
    done = subprocess.run(
        ["make", "--no-print-directory", "all", *make_args(work, raw)],
        cwd=ROOT,
        env=make_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - start
    return seconds, what_reran(done.stdout)


def what_reran(make_output: str) -> str:
    """The notebooks a `make all` ran, from its '==> running' lines: those run once, and the profiles."""
    once = re.findall(r"^==> running notebooks/\S+\.ipynb$", make_output, re.M)
    profiles = re.search(r"^==> running notebooks/\S+\.ipynb for (\d+) of (\d+) Hubs", make_output, re.M)
    return f"re-ran {len(once)} cross-Hub notebooks and {profiles.group(1)} of {profiles.group(2)} profiles"


# Row names of the results table, one per kind of run and number of Hubs.
def cold_key(n: int) -> str:
    return f"cold make all, {n} Hubs"


def cross_hub_key(n: int) -> str:
    return f"cold make figures (the cross-Hub results, no profiles, no HTML), {n} Hubs"


def cold_make_figures(work: Path, raw: Path) -> float:
    clean_outputs(work)
    return run(["make", "--no-print-directory", "figures", *make_args(work, raw)], make_env())


def baseline_key(n: int) -> str:
    return f"naive baseline (nbconvert --execute), {n} Hubs"


def floor_key(n: int) -> str:
    return f"floor (one plain Python script), {n} Hubs"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[4, 40, 400])
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each ratio-deciding measurement (median kept)")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="hubmap-bench-"))
    results: dict[str, float] = {}
    try:
        raws = {}
        for n in args.sizes:
            raws[n] = scratch / f"raw_{n}"
            write_synthetic_hubs(raws[n], n, seed=2024)
        small = min(args.sizes)
        work = scratch / "work"
        results[f"{cold_key(small)}, JOBS=1"] = cold_make_all(work, raws[small], "JOBS=1")
        make_all(work, raws[small])
        results["no-op make all"] = make_all(work, raws[small])
        stamp = work / "build" / "stamps" / "03_service_model.done"  # as if the notebook had just been edited
        edited = (ROOT / NOTEBOOKS["03_service_model"].path).stat().st_mtime
        os.utime(stamp, (edited - 60, edited - 60))
        results["make all after touching one notebook"] = make_all(work, raws[small])
        # Every run that enters a ratio is repeated, the kinds interleaved so that a slow spell on
        # a shared machine hits them alike, and the median kept.
        floor_sizes = [n for n in args.sizes if n <= FLOOR_MAX_HUBS] or [small]
        runs = {cold_key(n): [] for n in args.sizes}
        runs |= {cross_hub_key(n): [] for n in args.sizes}
        runs |= {baseline_key(small): []}
        runs |= {floor_key(n): [] for n in floor_sizes}
        for i in range(args.repeat):
            for n in args.sizes:
                runs[cold_key(n)].append(cold_make_all(work, raws[n]))
                runs[cross_hub_key(n)].append(cold_make_figures(work, raws[n]))
            runs[baseline_key(small)].append(naive_baseline(work, raws[small]))
            for n in floor_sizes:
                runs[floor_key(n)].append(floor(work, raws[n]))
            print(f"round {i + 1}: " + "; ".join(f"{k} {v[-1]:.1f} s" for k, v in runs.items()), flush=True)
        # The profiles, beside their floor measured in the same round.
        for n in args.sizes:
            runs[profiles_key(n)], runs[profile_floor_key(n)] = [], []
        for _ in range(args.repeat):
            for n in args.sizes:
                runs[profiles_key(n)].append(profiles_only(work, raws[n]))
                runs[profile_floor_key(n)].append(profile_floor(work, raws[n]))
        results = {k: statistics.median(v) for k, v in runs.items()} | results
        edited = min((n for n in args.sizes if n >= 40), default=max(args.sizes))
        seconds, rerun = after_one_cell_changes(work, raws[edited])
        results[f"make all after one cell of one workbook changes, {edited} Hubs ({rerun})"] = seconds
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    for k, v in results.items():
        print(f"{k}: {v:.2f} s")
    write_results(args.out, results, args.sizes, args.repeat, runs)


def write_results(
    out: Path, r: dict[str, float], sizes: list[int], repeat: int, rounds: dict[str, list[float]]
) -> None:
    small = min(sizes)
    cold = r[cold_key(small)]
    base = r[baseline_key(small)]
    flo = r[floor_key(small)]
    ratios = [
        ("pipeline / naive baseline", cold / base, "≤ 0.6"),
        ("pipeline / floor", cold / flo, "≤ 3"),
        ("no-op make all (s)", r["no-op make all"], "< 1 s"),
    ]
    # The Hub-scaling targets of the cross-Hub results, and of make all with a profile per Hub.
    for n in sizes:
        if n != small:
            ratios.append(
                (
                    f"{n} Hubs / {small} Hubs, cross-Hub results (make figures)",
                    r[cross_hub_key(n)] / r[cross_hub_key(small)],
                    {40: "≤ 1.2", 400: "≤ 2"}.get(n, ""),
                )
            )
    for n in sizes:
        if n != small:
            ratios.append(
                (
                    f"{n} Hubs / {small} Hubs, make all (with a profile per Hub)",
                    r[cold_key(n)] / cold,
                    {40: "≤ 1.6"}.get(n, ""),
                )
            )
    if 400 in sizes:
        ratios.append(("cold make all, 400 Hubs (s)", r[cold_key(400)], "≤ 90 s"))
    for n in sizes:
        if n != small and floor_key(n) in r:
            ratios.append(
                (f"floor, {n} Hubs / {small} Hubs (the work itself, for reference)", r[floor_key(n)] / flo, "—")
            )
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}. "
        "Produced by `make bench` (`benchmarks/run.py`); synthetic Hubs from `studies/resilience_hubs/synthetic.py`, "
        "seed 2024.",
        "",
        "| Measurement | Seconds |",
        "|---|---:|",
    ]
    lines += [f"| {k} | {v:.2f} |" for k, v in r.items()]
    lines += ["", "| Ratio | Value | Target |", "|---|---:|---|"]
    lines += [f"| {k} | {v:.2f} | {t} |" for k, v, t in ratios]

    # The Hub ratios in absolute terms: what each added Hub costs, against the work itself.
    def per_hub(key, n: int) -> str:
        return f"{1000 * (r[key(n)] - r[key(small)]) / (n - small):.0f}" if key(n) in r else "—"

    lines += [
        "",
        "| Time each added Hub costs | make all (ms) | cross-Hub results (ms) | floor, one core (ms) |",
        "|---|---:|---:|---:|",
    ]
    lines += [
        f"| {small} → {n} Hubs | {per_hub(cold_key, n)} | {per_hub(cross_hub_key, n)} | {per_hub(floor_key, n)} |"
        for n in sizes
        if n != small
    ]
    profiled = [n for n in sizes if profiles_key(n) in r]
    lines += [
        "",
        "| Hub profiles, all Hubs | Profiles: s | per Hub: s | Floor, one core: s | per Hub: s "
        "| Profiles / floor, per Hub | Target |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for n in profiled:
        mine, least = r[profiles_key(n)] / n, r[profile_floor_key(n)] / n
        target = "≤ 0.15 s per Hub and ≤ 2 × the floor's" if n >= 40 else ""
        lines.append(
            f"| {n} Hubs | {r[profiles_key(n)]:.2f} | {mine:.3f} | {r[profile_floor_key(n)]:.2f} | {least:.3f} "
            f"| {mine / least:.2f} | {target} |"
        )
    lines += [
        "",
        "| Time each added Hub costs | profiles (ms) | profile floor, one core (ms) |",
        "|---|---:|---:|",
    ]
    lines += [
        f"| {small} → {n} Hubs | {per_hub(profiles_key, n)} | {per_hub(profile_floor_key, n)} |"
        for n in profiled
        if n != small
    ]
    lines += [
        "",
        f"Cold runs, the baseline, the floors and the profiles are medians of {repeat} interleaved runs; ranges:",
        "",
    ]
    lines += [f"- {k}: {min(v):.1f}–{max(v):.1f} s" for k, v in rounds.items()]
    # A ratio of medians hides how much the ratio itself moves on a shared machine.
    per_round = [
        (f"{n} Hubs / {small} Hubs, {what}", [many / few for many, few in zip(rounds[key(n)], rounds[key(small)])])
        for what, key in (("cross-Hub results", cross_hub_key), ("make all", cold_key))
        for n in sizes
        if n != small
    ]
    lines += ["", "The same Hub ratios within each round:", ""]
    lines += [f"- {name}: " + ", ".join(f"{x:.2f}" for x in v) for name, v in per_round]
    lines += [
        "",
        "The JOBS=1, no-op and touched-notebook rows are single runs. Machines differ: re-run "
        "`make bench` before relying on a ratio.",
    ]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
