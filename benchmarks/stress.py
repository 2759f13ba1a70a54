"""Stress check: many cold `make all` runs in parallel mode; how many failed or differed.

Run with `make stress` (default 20 runs) or `python benchmarks/stress.py --runs N`. Each
run builds into its own scratch folder from a copy of the raw data, with make's parallel
mode on (JOBS = the number of cores), so independent notebooks start their kernels at
the same moment. The first run's outputs (processed tables, result tables, figures) are
the reference; every later run must match them byte for byte. Every log is searched
for the signs of a kernel port race ("Address already in use") and for the kernel's
warning about unencrypted TCP, which a kernel on IPC transport never gives.

This is not part of `make test`: it takes minutes, and what it measures (how often a
race bites) is a rate, not a yes or no.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMPARED = ("processed", "reports/tables", "figures")
SIGNS = {
    "port race": "Address already in use",
    "TCP warning": "without encryption",
    "kernel died": "Kernel died before replying",
}


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def logs_of(work: Path) -> str:
    """Every log a run wrote, the per-Hub profiles' logs (in a folder of their own) included."""
    return "".join(
        log.read_text(encoding="utf-8", errors="replace")
        for log in sorted((work / "reports" / "logs").rglob("*"))
        if log.is_file()
    )


def one_run(repo: Path, raw: Path, work: Path, jobs: int) -> dict:
    shutil.copytree(raw, work / "raw")
    args = [
        f"RAW_DIR={work / 'raw'}",
        f"PROCESSED_DIR={work / 'processed'}",
        f"REPORTS_DIR={work / 'reports'}",
        f"FIGURES_DIR={work / 'figures'}",
        f"BUILD={work / 'build'}",
        f"JOBS={jobs}",
    ]
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
    start = time.perf_counter()
    done = subprocess.run(
        ["make", "--no-print-directory", "-C", str(repo), "all", *args], env=env, capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    logs = done.stdout + done.stderr + logs_of(work)
    return {
        "ok": done.returncode == 0,
        "seconds": seconds,
        "signs": {k: s in logs for k, s in SIGNS.items()},
        "outputs": {f: digest(work / f) for f in COMPARED if (work / f).is_dir()},
        "tail": (done.stdout + done.stderr)[-1500:],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--at-once", type=int, default=1, help="runs started side by side (default 1)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="make's JOBS within each run")
    parser.add_argument("--raw", type=Path, default=ROOT / "data" / "raw")
    parser.add_argument("--repo", type=Path, default=ROOT, help="the checkout whose Makefile runs")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="hubmap-stress-"))
    print(f"{args.runs} cold `make all` runs (JOBS={args.jobs}, {args.at_once} at once) in {scratch}", flush=True)
    results: list[dict] = [None] * args.runs

    def run(i: int) -> None:
        results[i] = one_run(args.repo, args.raw, scratch / f"run{i:03d}", args.jobs)
        r = results[i]
        signs = ", ".join(k for k, seen in r["signs"].items() if seen) or "none"
        print(
            f"run {i + 1:3d}: {'ok    ' if r['ok'] else 'FAILED'} {r['seconds']:5.1f} s; signs in logs: {signs}",
            flush=True,
        )

    try:
        with ThreadPoolExecutor(args.at_once) as pool:
            list(pool.map(run, range(args.runs)))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    reference = next((r["outputs"] for r in results if r["ok"]), None)
    failed = [i for i, r in enumerate(results) if not r["ok"]]
    differed = [i for i, r in enumerate(results) if r["ok"] and r["outputs"] != reference]
    print(
        f"\n{len(failed)} of {args.runs} runs failed; {len(differed)} of the others differed from the first "
        "good run's outputs"
    )
    for name in SIGNS:
        print(f"runs whose logs show {name!r}: {sum(r['signs'][name] for r in results)}")
    for i in failed[:3]:
        print(f"\n--- run {i + 1} (failed), last lines ---\n{results[i]['tail']}")
    return 1 if failed or differed else 0


if __name__ == "__main__":
    sys.exit(main())
