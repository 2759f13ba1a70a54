"""A study is its definition file: read and checked with a clear error, handed to every stage as data,
and nothing in the code names one. The second shipped study runs end to end beside the default."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest

from conftest import ROOT, SECOND, STUDY, make_env, tree_digest, write_hub
from hubmap.intake.clean import clean_and_validate
from hubmap.publication.catalogue import for_study, not_made
from hubmap.shared.problems import MappingInputError
from hubmap.template.study import FORMAT, StudyDefinitionError, read_study
from hubmap.template.workbook import blank_workbook, save_workbook

DEFINITION = (ROOT / "studies" / "talking_therapies" / "study.yaml").read_text(encoding="utf-8")


# ---- a bad definition: the catalogue -------------------------------------------------------------------
@dataclass
class Bad:
    name: str
    edit: callable  # the second study's definition text -> the broken text
    key: str  # the key the message names
    says: tuple[str, ...]  # fragments of the message, in order
    line_of: str  # the text on the line the message must point at


def _replace(old: str, new: str):
    def edit(text: str) -> str:
        assert text.count(old) == 1, old
        return text.replace(old, new)

    return edit


BAD_DEFINITIONS = [
    Bad(
        "a choice list named but not defined",
        _replace("categories: referral_routes,", "categories: referral_route,"),
        "categories",
        ("choice list 'referral_route' is not defined", "found 'referral_route'", "expected a list under 'choices'"),
        "categories: referral_route,",
    ),
    Bad(
        "a field declared twice",
        _replace("      - name: recovery_rate\n", "      - name: referrals_last_year\n"),
        "name",
        ("field 'referrals_last_year' is declared twice in sheet 'Service'", "expected each field's name once"),
        "    fields:",
    ),
    Bad(
        "an unknown type",
        _replace(
            "        title: Recovery rate\n        type: number", "        title: Recovery rate\n        type: percent"
        ),
        "type",
        ("unknown type", "found 'percent'", "expected one of: string, integer, number, date, boolean"),
        "type: percent",
    ),
    Bad(
        "a component with no label",
        _replace('      label: "Step 2: low-intensity interventions"\n', ""),
        "label",
        ("no 'label'", "expected 'label' here"),
        "- key: step_2",
    ),
    Bad(
        "a field the pipeline needs with no sheet",
        _replace("  - role: service_model\n    name: Service\n", "  - role: staffing_extra\n    name: Service\n"),
        "role",
        ("unknown role", "found 'staffing_extra'", "expected one of: service_model, staffing, interventions"),
        "role: staffing_extra",
    ),
    Bad(
        "a required field missing from its sheet",
        _replace(
            "      - name: job_title\n        title: Job title\n",
            "      - name: post_title\n        title: Job title\n",
        ),
        "fields",
        ("sheet 'Workforce' has no field 'job_title', which the pipeline needs", "expected a field named 'job_title'"),
        "    fields:",
    ),
    Bad(
        "a definition newer than the code",
        _replace("format: 1\n", f"format: {FORMAT + 1}\n"),
        "format",
        (f"is in format {FORMAT + 1}, newer than this code understands", f"expected format {FORMAT} or older"),
        f"format: {FORMAT + 1}",
    ),
    Bad(
        "a table row naming a field the sheet does not declare",
        _replace("      - {field: recovery_rate, label: Recovery rate (%)}", "      - {field: recovery}"),
        "field",
        ("the table row names the field 'recovery', which sheet 'Service' does not declare",),
        "{field: recovery}",
    ),
    Bad(
        "a provider list without the role the pipeline reads it by",
        _replace("role: external, legend: Referred on", "legend: Referred on"),
        "role",
        ("no value of the choice list 'providers' has the role 'external'",),
        "  providers:",
    ),
    Bad(
        "a path the Makefile cannot read",
        _replace("title_lookup: job_titles.csv", 'title_lookup: "job_titles.csv"'),
        "title_lookup",
        ("'title_lookup' is not written as a plain path on its own line", "expected title_lookup: job_titles.csv"),
        'title_lookup: "job_titles.csv"',
    ),
]


@pytest.mark.parametrize("bad", BAD_DEFINITIONS, ids=lambda b: b.name)
def test_a_bad_definition_is_refused_with_its_line_and_key(bad, tmp_path):
    text = bad.edit(DEFINITION)
    (tmp_path / "study.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(StudyDefinitionError) as info:
        read_study(tmp_path)
    problem = info.value.problems[0]
    assert problem.key == bad.key
    line = text.splitlines()[problem.line - 1]
    assert bad.line_of in line, f"line {problem.line} is {line!r}"
    message = str(problem)
    assert str(tmp_path / "study.yaml") in message or "study.yaml" in message
    at = 0
    for fragment in bad.says:
        found = message.find(fragment, at)
        assert found >= 0, f"{fragment!r} not in {message!r}"
        at = found


@pytest.mark.parametrize("bad", BAD_DEFINITIONS[:3], ids=lambda b: b.name)
def test_a_bad_definition_writes_nothing_and_exits_non_zero(bad, tmp_path):
    (tmp_path / "study.yaml").write_text(bad.edit(DEFINITION), encoding="utf-8")
    out = tmp_path / "out" / "template.xlsx"
    run = subprocess.run(
        [sys.executable, "-m", "hubmap", "template", str(out), "--study", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 1
    assert "problem" in run.stderr and "Traceback" not in run.stderr
    assert bad.says[0] in run.stderr
    assert not (tmp_path / "out").exists()


def test_the_catalogue_covers_every_case_the_issue_names():
    assert len({b.name for b in BAD_DEFINITIONS}) == len(BAD_DEFINITIONS) >= 6


# ---- workbooks of another study, or another version --------------------------------------------------
def test_a_workbook_of_another_study_is_refused_naming_its_study_and_version(tmp_path):
    save_workbook(blank_workbook(SECOND), tmp_path / "service.xlsx")
    with pytest.raises(MappingInputError) as info:
        clean_and_validate(tmp_path, ROOT / "data" / "lookups" / "job_titles.csv", STUDY)
    text = str(info.value)
    assert "service.xlsx" in text
    assert f"filled in the template of study 'talking_therapies', version {SECOND.version}" in text
    assert f"a workbook made from the template of study 'resilience_hubs', version {STUDY.version}" in text


def test_a_workbook_of_another_version_is_refused(tmp_path):
    path = write_hub(tmp_path, "hub.xlsx")  # made from this checkout's template: marked with its version
    wb = openpyxl.load_workbook(path)
    for prop in wb.custom_doc_props:
        if prop.name == "hubmap study version":
            prop.value = STUDY.version - 1
    wb.save(path)
    with pytest.raises(MappingInputError) as info:
        clean_and_validate(tmp_path, ROOT / "data" / "lookups" / "job_titles.csv", STUDY)
    assert f"study 'resilience_hubs', version {STUDY.version - 1}" in str(info.value)


def test_an_unmarked_workbook_is_the_default_studys_current_version(tmp_path):
    """The shipped example workbooks carry no study mark (made before templates did): they are read."""
    wb = openpyxl.load_workbook(ROOT / "data" / "raw" / "hub_a.xlsx")
    assert not [p for p in wb.custom_doc_props if p.name.startswith("hubmap")]
    shutil.copy(ROOT / "data" / "raw" / "hub_a.xlsx", tmp_path)
    tables = clean_and_validate(tmp_path, ROOT / "data" / "lookups" / "job_titles.csv", STUDY)
    assert list(tables["service_model"]["hub_id"]) == ["Hub A"]
    with pytest.raises(MappingInputError, match="filled in the template of study 'resilience_hubs'"):
        clean_and_validate(tmp_path, SECOND.paths["title_lookup"], SECOND)


# ---- nothing in the code names a study -------------------------------------------------------------------
def test_src_names_no_study_specific_term():
    terms = ["NHSE&I", "Agenda for Change", "Resilience", "Talking Therapies"]
    terms += [c.label for c in STUDY.components] + [c.label for c in SECOND.components]
    terms += [g.name for g in STUDY.professional_groups if " " in g.name]  # 'Clinical psychology', ...
    offending = []
    for path in sorted((ROOT / "src").rglob("*")):
        if path.suffix not in (".py", ".json", ".md", ".txt", ".yaml"):
            continue
        text = path.read_text(encoding="utf-8")
        offending += [f"{path.relative_to(ROOT)}: {term}" for term in terms if term in text]
    assert offending == []


def test_no_stage_branches_on_a_studys_name():
    """`if study.name == ...`: a study is data, never a branch."""
    pattern = re.compile(r"\.name\s*[!=]=\s*['\"]|study\s*[!=]=\s*['\"]|['\"](resilience_hubs|talking_therapies)['\"]")
    hits = [
        f"{p.relative_to(ROOT)}:{i}"
        for p in sorted((ROOT / "src").rglob("*.py"))
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert hits == []


# ---- what the second study makes -----------------------------------------------------------------------
def test_the_second_study_differs_where_the_issue_says():
    assert (STUDY.unit, SECOND.unit) == ("Hub", "service")
    assert [s.name for s in SECOND.sheets.values()] != [s.name for s in STUDY.sheets.values()]
    assert SECOND.pay_bands is None and STUDY.pay_bands is not None
    assert not set(SECOND.group_names) == set(STUDY.group_names)
    assert set(SECOND.categories) != set(STUDY.categories)
    assert {c.label for c in SECOND.components}.isdisjoint(c.label for c in STUDY.components)


def test_which_of_the_hub_studys_results_the_second_leaves_out():
    assert not_made(STUDY) == {}
    gone = not_made(SECOND)
    assert sorted(gone) == sorted(
        [
            "staffing_by_band",
            "staffing_by_band_manuscript",
            "staffing_experienced_share",
            "staffing_wte_per_1000",
            "intervention_level_counts",
            "changes_wte_by_band",
            "profile_wte_by_band",
        ]
    )
    assert gone["staffing_by_band"] == ["staffing.band"]
    assert gone["intervention_level_counts"] == ["interventions.level"]
    # What it makes is numbered without gaps: the band table's absence closes up the paper's tables.
    paper = [t.number for t in for_study(SECOND).values() if getattr(t, "series", None) and t.series.value == ""]
    assert paper == [str(i) for i in range(1, len(paper) + 1)]


def _results(root: Path, *folders: str) -> dict[str, str]:
    return {f"{folder}/{name}": digest for folder in folders for name, digest in tree_digest(root / folder).items()}


@pytest.fixture(scope="module")
def in_turn(tmp_path_factory) -> dict:
    """A copy of the repository where the default study, then the second, then the default again are run
    by `make all` with no folder given: each study's results where the Makefile puts them."""
    root = tmp_path_factory.mktemp("repo") / "repo"
    kept = shutil.ignore_patterns(".venv", "build", ".git", "__pycache__", "*.egg-info", ".pytest_cache")
    shutil.copytree(ROOT, root, ignore=kept)
    for generated in (
        "data/processed",
        "reports",
        "figures",
        "studies/talking_therapies/data/processed",
        "studies/talking_therapies/reports",
        "studies/talking_therapies/figures",
        "templates",
    ):
        shutil.rmtree(root / generated, ignore_errors=True)
    env = make_env(PYTHONPATH=str(root / "src"))  # the copy's package, so its paths resolve in the copy

    def run(*options: str) -> subprocess.CompletedProcess:
        done = subprocess.run(
            ["make", "--no-print-directory", "-C", str(root), "all", f"PYTHON={sys.executable}", *options],
            capture_output=True,
            text=True,
            env=env,
            timeout=900,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done

    default = ("data/processed", "reports", "figures")
    first = run()
    after_first = _results(root, *default)
    second = run("STUDY=studies/talking_therapies")
    after_second = _results(root, *default)
    last = run()
    return {
        "root": root,
        "runs": (first, second, last),
        "default": (after_first, after_second, _results(root, *default)),
    }


@pytest.mark.pipeline
def test_studies_run_in_turn_leave_each_other_alone(in_turn):
    """The default, then the second, then the default again: the default's outputs unchanged, and the
    last run does nothing."""
    after_first, after_second, after_last = in_turn["default"]
    assert after_first and after_second == after_first and after_last == after_first
    assert "==> running" not in in_turn["runs"][2].stdout
    root = in_turn["root"]
    assert (root / "studies" / "talking_therapies" / "reports" / "index.html").is_file()
    assert (root / "studies" / "talking_therapies" / "build" / "stamps" / "08_publication.done").is_file()


@pytest.mark.pipeline
def test_the_second_study_runs_end_to_end(in_turn):
    work = in_turn["root"] / "studies" / "talking_therapies"
    assert "for 5 of 5 services" in in_turn["runs"][1].stdout
    assert (work / "reports" / "index.html").is_file()
    profiles = sorted(p.name for p in (work / "reports" / "profiles").glob("*.html"))
    assert profiles == [f"service-{x}.html" for x in "abcde"]
    assert sorted(p.name for p in (work / "figures").glob("*.png")) == [
        "figure1_staffing.png",
        "figure2_interventions.png",
        "figure3_fidelity.png",
        "figure4_logic_model.png",
        "figure5_changes.png",
    ]
    tables = {p.stem for p in (work / "reports" / "tables").glob("*.csv")}
    assert "staffing_by_band" not in tables and "staffing_by_group" in tables and "fidelity" in tables
    captions = (work / "figures" / "captions.md").read_text(encoding="utf-8")
    assert "Fidelity to the NHS Talking Therapies (2019) model" in captions
    assert "Hub" not in captions and "ILLUSTRATIVE DATA" in captions
    index = (work / "reports" / "index.html").read_text(encoding="utf-8")
    assert "NHS Talking Therapies service mapping (illustrative): report" in index
    assert "<th>Service</th>" in index  # the provenance's and the profiles' column, in the study's word
    staffing = (work / "reports" / "html" / "02_staffing.reader.html").read_text(encoding="utf-8")
    assert "Not made: WTE by pay band and service." in staffing
    assert (work / "reports" / "profiles" / "service-a.docx").is_file()


def test_the_studies_default_folders_do_not_overlap():
    """Where make puts each shipped study's results and build files, as make itself expands them."""

    def folders(study: str) -> dict[str, str]:
        names = ("RAW_DIR", "PROCESSED_DIR", "REPORTS_DIR", "FIGURES_DIR", "BUILD", "TEMPLATE_OUT")
        show = "show: ; @echo " + " ".join(f"$({name})" for name in names)
        run = subprocess.run(
            ["make", "-s", "-C", str(ROOT), "--eval", show, "show", f"STUDY={study}"],
            capture_output=True,
            text=True,
            env=make_env(),
        )
        return dict(zip(names, run.stdout.split()))

    default, second = folders("studies/resilience_hubs"), folders("studies/talking_therapies")
    assert default["PROCESSED_DIR"] == "data/processed" and default["RAW_DIR"] == "data/raw"
    assert default["TEMPLATE_OUT"] == "templates/resilience_hubs_mapping_template.xlsx"
    assert second["PROCESSED_DIR"] == "studies/talking_therapies/data/processed"
    assert second["RAW_DIR"] == "studies/talking_therapies/data/raw"
    for a in default.values():
        for b in second.values():
            assert not (Path(b).is_relative_to(a) or Path(a).is_relative_to(b)), (a, b)


def test_a_definition_that_is_not_yaml_is_refused_with_its_line(tmp_path):
    lines = DEFINITION.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines[at] = "title: [not closed"
    (tmp_path / "study.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(StudyDefinitionError) as info:
        read_study(tmp_path)
    (problem,) = info.value.problems
    assert "not valid YAML" in str(problem) and "study.yaml" in problem.file
    assert at + 1 <= problem.line <= at + 2  # the line, or the next, where the parser gives up


def test_a_definition_that_cannot_be_read_is_refused_by_name(tmp_path):
    (tmp_path / "study.yaml").mkdir()  # there, but not a file
    with pytest.raises(StudyDefinitionError, match=r"study\.yaml: cannot be read; found '\w+Error'"):
        read_study(tmp_path / "study.yaml")
