"""The notebooks run with the plain Jupyter tools, as a reviewer or an analyst would type them, from the
project's environment and with no JUPYTER_PATH: papermill, nbconvert and JupyterLab find the project's
kernel, and papermill writes the same result files, byte for byte, as `make all`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from conftest import ROOT, parameters_cell, tree_digest
from hubmap.shared.registry import NOTEBOOKS, run_order
from hubmap.template.study import DEFAULT

pytestmark = pytest.mark.pipeline
BIN = Path(sys.executable).parent  # the environment's own scripts: papermill, jupyter


def tool_env() -> dict:
    """The environment as a user's activated .venv gives it: its scripts first, no JUPYTER_PATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "JUPYTER"))}
    return env | {"PATH": f"{BIN}{os.pathsep}{env.get('PATH', '')}", "VIRTUAL_ENV": str(BIN.parent)}


def parameters_for(work: Path, name: str) -> dict[str, str]:
    """What `make all` passes to notebook `name`, with the folders of `work`."""
    values = {
        "STUDY": DEFAULT,
        "RAW_DIR": str(work / "raw"),
        "PROCESSED_DIR": str(work / "processed"),
        "TITLE_LOOKUP": "data/lookups/job_titles.csv",
        "TABLES_DIR": str(work / "reports" / "tables"),
        "FIGURES_DIR": str(work / "figures"),
        "PROFILES_DIR": str(work / "reports" / "profiles"),
        "LOGIC_MODEL": "data/logic_model.yaml",
        "AS_OF": "latest",
        "ANONYMISE_OTHERS": "True",
        "HUB": "Hub B",
        "STRICT": "False",
    }
    return {p: values[p] for p in NOTEBOOKS[name].parameters if p in values}  # PREPARED: left as None


def result_files(work: Path) -> dict[str, str]:
    return {
        f"{folder}/{name}": digest
        for folder in ("processed", "reports/tables", "figures")
        for name, digest in tree_digest(work / folder).items()
    }


def test_papermill_by_hand_writes_what_make_writes(built, tmp_path):
    work = tmp_path / "by-hand"
    shutil.copytree(built / "raw", work / "raw")
    for name in run_order():
        args = [f"{BIN / 'papermill'}", str(ROOT / NOTEBOOKS[name].path), str(tmp_path / f"{name}.ipynb")]
        for key, value in parameters_for(work, name).items():
            args += ["-p", key, value]
        run = subprocess.run(args, capture_output=True, text=True, env=tool_env(), timeout=300)
        assert run.returncode == 0, (name, run.stderr[-3000:])
        kernel = json.loads((tmp_path / f"{name}.ipynb").read_text())["metadata"]["kernelspec"]["name"]
        assert kernel == "hubmap"
    assert result_files(work) == result_files(built)
    profile = "reports/profiles/hub-b.docx"
    assert (work / profile).read_bytes() == (built / profile).read_bytes()
    # The profile run by hand prepares its one Hub itself, and reads as the one the sweep made; only
    # the id papermill draws for the cell it injects differs (make's engine gives that cell a fixed id).
    from hubmap.report.render import render_notebook
    from hubmap.running.engine import INJECTED_CELL_ID

    shutil.copy(tmp_path / "07_hub_profile.ipynb", tmp_path / "hub-b.ipynb")
    (page,) = render_notebook(tmp_path / "hub-b.ipynb", tmp_path / "html", reader_only_as="hub-b")
    by_hand = re.sub(r'id="cell-id=[0-9a-f]{8}"', f'id="cell-id={INJECTED_CELL_ID}"', page.read_text())
    assert by_hand == (built / "reports/profiles/hub-b.html").read_text()


def test_nbconvert_executes_every_notebook_and_leaves_nothing_beside_it(built, tmp_path):
    """`jupyter nbconvert --to html --execute`, on each notebook with its parameters cell edited
    (as a user edits it in JupyterLab) to point at a work folder; the kernel runs in the notebook's folder."""
    work, folder, html = tmp_path / "nbconvert", tmp_path / "notebooks", tmp_path / "html"
    shutil.copytree(built / "raw", work / "raw")
    folder.mkdir()
    before = sorted(p.name for p in (ROOT / "notebooks").iterdir())
    for name in run_order():
        nb = nbformat.read(ROOT / NOTEBOOKS[name].path, as_version=4)
        cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
        given = parameters_for(work, name)
        cell.source = "\n".join(  # a parameter the test does not set keeps the notebook's own value
            f"{k} = {given[k] if given.get(k) in ('True', 'False') else repr(given.get(k, default))}"
            for k, default in parameters_cell(ROOT / NOTEBOOKS[name].path).items()
        )
        nbformat.write(nb, folder / f"{name}.ipynb")
        run = subprocess.run(
            [
                str(BIN / "jupyter"),
                "nbconvert",
                "--to",
                "html",
                "--execute",
                str(folder / f"{name}.ipynb"),
                "--output-dir",
                str(html),
            ],
            capture_output=True,
            text=True,
            env=tool_env(),
            timeout=300,
            cwd=tmp_path,
        )
        assert run.returncode == 0, (name, run.stderr[-3000:])
        assert (html / f"{name}.html").stat().st_size > 0
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}.ipynb" for n in NOTEBOOKS)
    assert sorted(p.name for p in (ROOT / "notebooks").iterdir()) == before
    assert result_files(work) == result_files(built)


def test_a_notebook_run_before_its_inputs_exist_says_what_to_run_first(tmp_path):
    empty = tmp_path / "nothing-yet"
    run = subprocess.run(
        [
            str(BIN / "papermill"),
            str(ROOT / "notebooks" / "02_staffing.ipynb"),
            str(tmp_path / "out.ipynb"),
            "-p",
            "PROCESSED_DIR",
            str(empty),
            "-p",
            "TABLES_DIR",
            str(tmp_path / "t"),
            "-p",
            "FIGURES_DIR",
            str(tmp_path / "f"),
        ],
        capture_output=True,
        text=True,
        env=tool_env(),
        timeout=300,
    )
    assert run.returncode != 0
    errors = [
        o
        for c in json.loads((tmp_path / "out.ipynb").read_text())["cells"]
        for o in c.get("outputs", [])
        if o["output_type"] == "error"
    ]
    assert len(errors) == 1 and len(errors[0]["traceback"]) == 1, errors  # one line, no pandas traceback
    line = errors[0]["traceback"][0]
    assert line.startswith("MissingInputError: ") and "run notebooks/01_clean.ipynb first" in line, line
    # papermill's command line ends with the cell's error, after its own call stack: none from pandas
    assert run.stderr.strip().splitlines()[-1] == line and "pandas" not in run.stderr


@pytest.mark.parametrize("how", ["jupyter lab", "make lab"])
def test_jupyterlab_serves_the_project_kernel(built, how, tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    args = f"--no-browser --ip=127.0.0.1 --port={port} --ServerApp.token=hubmap-test"
    if os.getuid() == 0:
        args += " --allow-root"
    if how == "make lab":
        command = [
            "make",
            "--no-print-directory",
            "-C",
            str(ROOT),
            "lab",
            f"BUILD={tmp_path / 'build'}",  # its own: the shared run's build folder is never changed
            f"LAB_ARGS={args.replace(' --allow-root', '')}",
        ]
    else:
        command = [str(BIN / "jupyter"), "lab", *args.split()]
    lab = subprocess.Popen(
        command, env=tool_env(), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        specs = None
        for _ in range(120):  # up to 60 s for the server to come up
            try:
                url = f"http://127.0.0.1:{port}/api/kernelspecs?token=hubmap-test"
                specs = json.load(urllib.request.urlopen(url, timeout=2))
                break
            except OSError:
                time.sleep(0.5)
        assert specs is not None, "JupyterLab did not start"
        assert specs["kernelspecs"]["hubmap"]["spec"]["display_name"] == "Python (hubmap)"
        argv = specs["kernelspecs"]["hubmap"]["spec"]["argv"]
        assert Path(argv[0]).resolve() == Path(sys.executable).resolve()  # the project's own environment
    finally:
        os.killpg(lab.pid, 15)
        lab.wait(timeout=30)
