"""The second study's illustrative example data: five invented NHS Talking Therapies services.

ILLUSTRATIVE ONLY. Every service, title and number here is invented; none is an NHS Talking Therapies
service's data. They are filled in as a site researcher would fill the study's template (titles
written differently, hours instead of WTE, yes/no as Y or TRUE), one service mapped twice, so that
every result the study makes has something to show. `python -m hubmap example-data
studies/talking_therapies/data/raw --study studies/talking_therapies` rebuilds them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hubmap.template.workbook import blank_workbook, fill_workbook, mark_illustrative, save_workbook

STEP2, STEP3, WORK, LTC, ONWARD = (
    "Step 2: low intensity",
    "Step 3: high intensity",
    "Employment support",
    "Long-term conditions",
    "Signposting and onward referral",
)


def _yes_no(study, yes="Yes", no="No", **overrides) -> dict:
    """Every yes/no field of the Service sheet as `yes`, then some overridden (to `no` or blank)."""
    out = {f.key: yes for f in study.fields("service_model") if f.kind == "yesno"}
    return out | {key: {True: yes, False: no}.get(value, value) for key, value in overrides.items()}


def _post(title, wte=None, hours=None, headcount=1, status="In post", group=None, notes=None) -> dict:
    row = {"job_title": title, "headcount": headcount, "post_status": status}
    extra = {"wte": wte, "hours_per_week": hours, "professional_group": group, "notes": notes}
    return row | {k: v for k, v in extra.items() if v is not None}


def _therapy(name, category, provider, mode="Face to face") -> dict:
    return {"intervention": name, "category": category, "provider": provider, "delivery_mode": mode}


_CORE = [
    _therapy("Guided self-help", STEP2, "In-house", "Telephone"),
    _therapy("Computerised CBT", STEP2, "In-house", "Digital"),
    _therapy("Psychoeducation group", STEP2, "In-house", "Group"),
    _therapy("CBT", STEP3, "In-house", "Video"),
    _therapy("Counselling for depression", STEP3, "In-house", "Face to face"),
    _therapy("Referral to secondary mental health care", ONWARD, "Referred on", "Telephone"),
]


def services(study) -> dict[str, dict]:
    """File name -> the service's Service sheet, Workforce rows and Therapies rows, as typed."""
    return {
        "service_a.xlsx": dict(
            service={
                "hub_id": "Service A",
                "provider_organisation": "Provider 1 (anonymised)",
                "region": "North West",
                "mapping_date": dt.datetime(2024, 3, 12),
                "referrals_last_year": 14800,
                "started_within_6_weeks": 91,
                "recovery_rate": 52.5,
                "checked_date": dt.datetime(2024, 4, 2),
                "checked_by": "Clinical lead",
                **_yes_no(study, adapt_out_of_hours=False),
            },
            staffing=[
                _post("Psychological Wellbeing Practitioner", 6.0, headcount=6),
                _post("Senior PWP", 1.0),
                _post("Trainee PWP", 2.0, headcount=2),
                _post("High Intensity Therapist", 5.0, headcount=5),
                _post("CBT Therapist", hours=22.5),
                _post("Counsellor (CfD)", 1.6, headcount=2),
                _post("Employment Adviser", 2.0, headcount=2),
                _post("Clinical Lead", 1.0),
                _post("Service Manager", 1.0),
                _post("Administrator", 3.0, headcount=3),
            ],
            interventions=_CORE
            + [
                _therapy("Interpersonal therapy", STEP3, "In-house", "Video"),
                _therapy("EMDR", STEP3, "In-house"),
                _therapy("Employment advice", WORK, "In-house", "Telephone"),
                _therapy("CBT for long-term conditions", LTC, "In-house", "Video"),
            ],
        ),
        "service_b.xlsx": dict(
            service={
                "hub_id": "service b",
                "provider_organisation": "Provider 2 (anonymised)",
                "region": "Midlands",
                "mapping_date": "19/03/2024",
                "referrals_last_year": 9200,
                "started_within_6_weeks": 78,
                "recovery_rate": 48,
                "checked_date": "08/04/2024",
                "checked_by": "Service manager",
                **_yes_no(study, "Y", "N", mode_group="N", core_long_term_conditions="N", adapt_digital_front_door="N"),
            },
            staffing=[
                _post("PWP", 4.0, headcount=4),
                _post("Psychological Wellbeing Practitioner (Trainee)", 1.0),
                _post("HIT", 3.0, headcount=3),
                _post("Couples Therapist", hours=15, group="Other high-intensity therapy"),
                _post("Employment Advisor", 1.0, status="Vacant", headcount=0),
                _post("Team Leader", 1.0),
                _post("Admin Assistant", hours=37.5),
            ],
            interventions=[t for t in _CORE if t["intervention"] != "Psychoeducation group"]
            + [
                _therapy("Couple therapy for depression", STEP3, "In-house", "Video"),
                _therapy("Employment advice", WORK, "Referred on", "Telephone"),
            ],
        ),
        "service_c.xlsx": dict(
            service={
                "hub_id": "Service C",
                "provider_organisation": "Provider 3 (anonymised, voluntary sector)",
                "region": "London",
                "mapping_date": dt.datetime(2024, 4, 9),
                "referrals_last_year": 21400,
                "started_within_6_weeks": 88.5,
                "recovery_rate": 51,
                "checked_date": dt.datetime(2024, 5, 1),
                "checked_by": "Clinical director",
                **_yes_no(study, "TRUE", "FALSE"),
            },
            staffing=[
                _post("Psychological Wellbeing Practitioner", 8.0, headcount=9),
                _post("Senior Psychological Wellbeing Practitioner", 2.0, headcount=2),
                _post("High Intensity CBT Therapist", 7.0, headcount=8),
                _post("IPT Therapist", 1.0, group="Other high-intensity therapy"),
                _post("DIT Practitioner", 0.6, group="Other high-intensity therapy"),
                _post("Clinical Psychologist", 1.0),
                _post("Employment Adviser", 3.0, headcount=3),
                _post("Service Manager", 1.0),
                _post("Administrator", 4.0, headcount=4),
            ],
            interventions=_CORE
            + [
                _therapy("Brief dynamic interpersonal therapy", STEP3, "In-house", "Video"),
                _therapy("Interpersonal therapy", STEP3, "In-house", "Video"),
                _therapy("Employment advice", WORK, "In-house", "Face to face"),
                _therapy("Integrated physical health pathway", LTC, "In-house", "Face to face"),
                _therapy("Signposting", ONWARD, "In-house", "Telephone"),
            ],
        ),
        "service_d.xlsx": dict(
            service={
                "hub_id": "Service D",
                "provider_organisation": "Provider 4 (anonymised)",
                "region": "South West",
                "mapping_date": dt.datetime(2024, 5, 14),
                "started_within_6_weeks": 69,
                "recovery_rate": 44.5,
                # Employment advice answered Yes with no intervention recorded: deliberate, so that the
                # cleaning's notices and Service D's profile ("Please check") have something to show.
                **_yes_no(
                    study,
                    route_other_professional=None,
                    core_outcome_monitoring=None,
                    core_long_term_conditions=False,
                    adapt_out_of_hours=False,
                ),
            },
            staffing=[
                _post("PWP", 3.0, headcount=3),
                _post("CBT Therapist", 2.0, headcount=2, notes="One post funded until March"),
                _post("Counsellor", 1.0, status="Vacant", headcount=0, group="Counselling for depression"),
                _post("Clinical Lead", 0.8),
                _post("Administrator", 1.0),
            ],
            interventions=[t for t in _CORE if t["intervention"] != "Computerised CBT"]
            + [_therapy("EMDR", STEP3, "Referred on", "Face to face")],
        ),
        "service_e.xlsx": dict(
            service={
                "hub_id": "Service E",
                "provider_organisation": "Provider 5 (anonymised)",
                "region": "North East and Yorkshire",
                "mapping_date": dt.datetime(2024, 6, 4),
                "referrals_last_year": 11100,
                "started_within_6_weeks": 83,
                "recovery_rate": 50.5,
                "checked_date": dt.datetime(2024, 6, 25),
                "checked_by": "Clinical lead",
                **_yes_no(study, "yes", "no", adapt_digital_front_door=False),
            },
            staffing=[
                _post("Psychological Wellbeing Practitioner", 5.0, headcount=5),
                _post("High Intensity Therapist", 4.0, headcount=4),
                _post("Counsellor for Depression", 1.0),
                _post("Employment Adviser", 1.0),
                _post("Operational Manager", 1.0),
                _post("Administrator", 2.0, headcount=2),
            ],
            interventions=_CORE
            + [
                _therapy("Behavioural activation", STEP2, "In-house", "Telephone"),
                _therapy("Employment advice", WORK, "In-house", "Telephone"),
                _therapy("CBT for long-term conditions", LTC, "Both", "Video"),
            ],
        ),
    }


def write_example_data(folder: Path, study) -> list[Path]:
    """Write the example workbooks into `folder` (five services, one mapped twice), each marked illustrative."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    books = services(study)
    first = books["service_b.xlsx"]
    books["service_b_round2.xlsx"] = dict(  # mapped again a year on: a second PWP team, the adviser in post
        service={
            **{k: v for k, v in first["service"].items() if not k.startswith("checked")},
            "mapping_date": "18/03/2025",
            "started_within_6_weeks": 84,
            "core_long_term_conditions": "Y",
        },
        staffing=[
            r if r.get("job_title") != "Employment Advisor" else _post("Employment Advisor", 1.0)
            for r in first["staffing"]
        ]
        + [_post("PWP", 2.0, headcount=2, notes="Second team")],
        interventions=first["interventions"] + [_therapy("CBT for long-term conditions", LTC, "In-house", "Video")],
    )
    paths = []
    for name, service in books.items():
        wb = fill_workbook(
            blank_workbook(study), study, service["service"], service["staffing"], service["interventions"]
        )
        mark_illustrative(wb, f"five invented services (Service A-E). {study.illustrative_subject}")
        paths.append(save_workbook(wb, folder / name))
    return paths
