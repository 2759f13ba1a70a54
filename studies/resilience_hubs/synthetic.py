"""The Resilience Hubs study's synthetic workbooks, for benchmarks and scale tests: N valid Hubs from a seed.

Invented, like the example data, and marked illustrative in each workbook's
properties. The same seed always gives the same Hubs. Hubs are named 'Hub 1' ...
'Hub N' so any number sorts naturally.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from hubmap.template.study import read_study
from hubmap.template.workbook import blank_workbook, fill_workbook, mark_illustrative, save_workbook

STUDY = read_study(Path(__file__).parent)

_TITLES = [  # (job title, the bands it may be on)
    ("Clinical Psychologist", ["7", "8a"]),
    ("Principal Clinical Psychologist", ["8b", "8c"]),
    ("Consultant Clinical Psychologist", ["8c", "8d"]),
    ("CBT Therapist", ["7"]),
    ("Counsellor", ["6", "7"]),
    ("Mental Health Nurse", ["6", "7"]),
    ("Consultant Psychiatrist", ["Medical"]),
    ("Occupational Therapist", ["6", "7"]),
    ("Psychological Wellbeing Practitioner", ["4", "5"]),
    ("Assistant Psychologist", ["4", "5"]),
    ("Outreach Worker", ["4", "5"]),
    ("Peer Support Worker", ["3", "4"]),
    ("Hub Manager", ["8a", "8b"]),
    ("Administrator", ["3", "4"]),
]
_INTERVENTIONS = [(cat, name) for cat, names in STUDY.standard_interventions.items() for name in names]


def synthetic_hub(index: int, rng: random.Random) -> dict:
    features = {
        f.key: rng.choice(["Yes", "Yes", "Yes", "No", None]) for f in STUDY.fields("service_model") if f.kind == "yesno"
    }
    features.update({f"core_{c.key}": "Yes" for c in STUDY.national_model.components})
    launch = dt.datetime(2020, 11, 1) + dt.timedelta(days=rng.randrange(0, 150))
    service = {
        "hub_id": f"Hub {index}",
        "host_organisation": f"Trust {index} (synthetic)",
        "region": rng.choice(STUDY.values("regions")),
        "launch_date": launch,
        "mapping_date": launch + dt.timedelta(days=rng.randrange(90, 400)),
        "eligible_workforce_size": rng.choice([None, rng.randrange(20_000, 150_000, 1000)]),
        "opening_hours": "Mon-Fri 09:00-17:00",
        "screening_measures": "PHQ-9; GAD-7",
        "clinical_records_system": rng.choice(STUDY.values("records_systems")[:2]),
        **features,
    }
    mapped = service["mapping_date"]
    if rng.random() < 0.75:  # most Hub leads have checked their Hub's mapping
        service.update(checked_date=mapped + dt.timedelta(days=rng.randrange(7, 60)), checked_by="Hub lead")
    staffing = []
    for title, bands in rng.sample(_TITLES, rng.randrange(5, len(_TITLES))):
        headcount = rng.choice([1, 1, 1, 2, 3])
        row = {"job_title": title, "band": rng.choice(bands), "headcount": headcount, "post_status": "Filled"}
        if rng.random() < 0.3:
            row["hours_per_week"] = round(rng.choice([15, 22.5, 30, 37.5]) * headcount, 2)
        else:
            row["wte"] = round(rng.choice([0.2, 0.5, 0.6, 0.8, 1.0]) * headcount, 2)
        if rng.random() < 0.1:
            row.update(post_status="Vacant", headcount=0, wte=row.get("wte", 1.0))
            row.pop("hours_per_week", None)
        staffing.append(row)
    interventions = [
        {
            "intervention": name,
            "category": cat,
            "level": rng.choice(STUDY.values("intervention_levels")),
            "delivery_mode": rng.choice(STUDY.values("delivery_modes")),
            "provider": rng.choice(STUDY.providers),
        }
        for cat, name in sorted(rng.sample(_INTERVENTIONS, rng.randrange(6, 16)))
    ]
    return {"service": service, "staffing": staffing, "interventions": interventions}


def write_synthetic_hubs(folder: Path, n: int, seed: int = 2024) -> list[Path]:
    """Write n valid Hub workbooks (hub_0001.xlsx ...) into folder; same seed, same Hubs."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for i in range(1, n + 1):
        hub = synthetic_hub(i, rng)
        wb = fill_workbook(blank_workbook(STUDY), STUDY, hub["service"], hub["staffing"], hub["interventions"])
        mark_illustrative(wb, f"{n} synthetic Hubs. {STUDY.illustrative_subject}")
        paths.append(save_workbook(wb, folder / f"hub_{i:04d}.xlsx"))
    return paths
