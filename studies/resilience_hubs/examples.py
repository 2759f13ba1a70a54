"""The Resilience Hubs study's illustrative example data: four invented Hubs filled in as site researchers would.

ILLUSTRATIVE ONLY. The numbers are invented. Three of the four Hubs are marked as checked by
their leads (Hub D is not yet), so the accuracy check shows both states; Hubs A and C were mapped
a second time (`hub_a_round2.xlsx`, `hub_c_round2.xlsx`), so the changes between rounds have
something to show. They follow the qualitative findings of
Allsopp et al. (2024) -- all four core components, every Hub adding formulation-based
assessment and direct therapy, mostly band 7+ clinicians, standalone records at some
Hubs -- but they are not the study's data, which are not public.

The untidiness is deliberate (titles written differently, hours instead of WTE,
Y/TRUE/yes, stray spaces, a blank row, a notes line) so the cleaning log has work to
show. `python -m hubmap example-data data/raw` rebuilds the workbooks in data/raw/ (only deliberately:
the shipped ones were made before templates carried their study's name, which they need not).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hubmap.template.study import read_study
from hubmap.template.workbook import blank_workbook, fill_workbook, mark_illustrative, save_workbook

STUDY = read_study(Path(__file__).parent)


def _features(yes, no="No", **overrides):
    """Every yes/no service field set to `yes`, then selected fields overridden."""
    out = {f.key: yes for f in STUDY.fields("service_model") if f.kind == "yesno"}
    for key in ("eligible_voluntary_sector", "eligible_emergency_services", "mode_digital"):
        out[key] = no
    out.update(overrides)
    return out


def _staff(title, band, wte=None, hours=None, headcount=1, status="Filled", group=None, notes=None):
    row = {"job_title": title, "band": band, "headcount": headcount, "post_status": status}
    row.update(
        {
            k: v
            for k, v in {"wte": wte, "hours_per_week": hours, "professional_group": group, "notes": notes}.items()
            if v is not None
        }
    )
    return row


def _iv(name, category, level, provider, mode="Mixed"):
    return {"intervention": name, "category": category, "level": level, "provider": provider, "delivery_mode": mode}


C = STUDY.categories
_COMMON_INTERVENTIONS = [
    _iv("Proactive outreach to teams", C[0], "Team", "In-house", "Face to face"),
    _iv("Reflective practice groups", C[1], "Team", "In-house", "Video"),
    _iv("Consultation to managers", C[1], "Organisation", "In-house", "Video"),
    _iv("Screening questionnaires", C[2], "Individual", "In-house", "Digital"),
    _iv("Rapid clinical assessment", C[2], "Individual", "In-house", "Telephone"),
    _iv("Formulation-based psychological assessment", C[2], "Individual", "In-house", "Video"),
    _iv("Trauma-focused CBT", C[4], "Individual", "In-house", "Video"),
    _iv("Referral to NHS Talking Therapies", C[7], "Individual", "External", "Telephone"),
    _iv("Referral to secondary mental health care", C[7], "Individual", "External", "Telephone"),
]

HUBS = {
    "hub_a.xlsx": dict(
        service={
            "hub_id": "Hub A",
            "host_organisation": "Trust 1 (anonymised)",
            "region": "North West",
            "launch_date": dt.datetime(2021, 1, 11),
            "mapping_date": dt.datetime(2021, 6, 14),
            "eligible_workforce_size": 85000,
            "opening_hours": "Mon-Fri 09:00-17:00",
            "screening_measures": "PHQ-9; GAD-7; PCL-5",
            "clinical_records_system": "Standalone",
            "checked_date": dt.datetime(2021, 7, 5),
            "checked_by": "Hub clinical lead",
            **_features("Yes"),
        },
        staffing=[
            _staff("Consultant Clinical Psychologist", "8c", 1.0),
            _staff("Clinical Psychologist", "Band 7", 2.0, headcount=2),
            _staff("Principal Clinical Psychologist", "8b", 0.8),
            _staff("Mental Health Nurse", 6, 1.0),
            _staff("CBT Therapist", "7", 1.0),
            _staff("Assistant Psychologist", "5", 2.0, headcount=2),
            _staff("Outreach Worker", "4", 1.0),
            _staff("Hub Manager", "8a", 1.0),
            _staff("Administrator", "3", 1.0),
        ],
        interventions=_COMMON_INTERVENTIONS
        + [
            _iv("EMDR", C[4], "Individual", "In-house", "Face to face"),
            _iv("Wellbeing workshops", C[1], "Team", "In-house", "Video"),
            _iv("Self-help materials", C[6], "Individual", "In-house", "Digital"),
            _iv("Signposting", C[7], "Individual", "In-house", "Telephone"),
        ],
    ),
    "hub_b.xlsx": dict(
        service={
            "hub_id": "Hub B ",
            "host_organisation": " Trust 2 (anonymised)",
            "region": "north west",
            "launch_date": dt.datetime(2020, 12, 1),
            "mapping_date": dt.datetime(2021, 9, 20),
            "eligible_workforce_size": 120000,
            "opening_hours": "Mon-Fri 08:00-20:00; Sat 09:00-13:00",
            "screening_measures": "PHQ-9;GAD-7",
            "clinical_records_system": "Host trust system",
            "checked_date": "11/10/2021",
            "checked_by": "Hub manager",
            **_features("Y", "N", eligible_care_homes="TRUE", access_occupational_health="N", mode_digital="Y"),
        },
        staffing=[
            _staff("clin. psych (8a)", "8A", 1.0),
            _staff("Clinical psychologist  ", "band 7", hours=30),
            _staff("Clinical Psychologist", "band 7", hours=22.5),
            _staff("Psychiatrist", "Medical", 0.2, notes="Sessional consultant input"),
            _staff("CPN", "6", 2.0, headcount=2),
            {},  # a blank row left between entries
            _staff("High Intensity Therapist", "7", 1.0, status="Vacant", headcount=0),
            _staff("Engagement Lead", "6", 0.6),
            _staff("Admin Assistant", "3", hours=37.5),
        ],
        interventions=[
            i for i in _COMMON_INTERVENTIONS if i["intervention"] != "Referral to secondary mental health care"
        ]
        + [
            _iv("EMDR", C[4], "Individual", "External", "Face to face"),
            _iv("EMDR", C[4], "Individual", "In-house", "Face to face"),  # both: combined by cleaning
            _iv("stress management group", C[5], "Team", "In-house", "Video"),
            _iv("Wellbeing apps", C[6], "Individual", "External", "Digital"),
            _iv("Occupational health liaison", C[7], "Organisation", "External", "Telephone"),
        ],
        extra_rows={STUDY.sheet("staffing").name: [[], ["Notes: two posts recruited in January 2022"]]},
    ),
    "hub_c.xlsx": dict(
        service={
            "hub_id": "hub c",
            "host_organisation": "Trust 3 (anonymised)",
            "region": "North East and Yorkshire",
            "launch_date": "01/12/2020",
            "mapping_date": "15/11/2021",
            "eligible_workforce_size": 60000,
            "opening_hours": "Mon-Fri 09:00-17:00",
            "screening_measures": "CORE-10",
            "clinical_records_system": "Standalone",
            "checked_date": dt.datetime(2021, 12, 6),
            "checked_by": "Clinical lead (consultant clinical psychologist)",
            **_features("yes", "no", access_team_outreach="no", eligible_primary_care=None),
        },
        staffing=[
            _staff("Counselling Psychologist", "8b", 0.6),
            _staff("Clinical Psychologist", "8a", 1.0),
            _staff("Occupational Therapist", "7", 1.0),
            _staff("Psychological Wellbeing Practitioner", "5", 2.0, headcount=2),
            _staff("Peer Support Worker", "4", 1.0, status="Vacant", headcount=0),
            _staff("Service Manager", "8a", 0.5),
            _staff("Team Administrator", "4", 1.0),
        ],
        interventions=[i for i in _COMMON_INTERVENTIONS if i["intervention"] != "Trauma-focused CBT"]
        + [
            _iv("CBT", C[4], "Individual", "In-house", "Video"),
            _iv("Compassion-focused group", C[5], "Team", "In-house", "Video"),
            _iv("Guided self-help", C[3], "Individual", "In-house", "Digital"),
        ],
    ),
    "hub_d.xlsx": dict(
        service={
            "hub_id": "HubD",
            "host_organisation": "Trust 4 (anonymised)",
            "region": "North East and Yorkshire",
            "launch_date": 44228,
            "mapping_date": dt.datetime(2022, 2, 28),
            "opening_hours": "Mon-Fri 09:00-17:00",
            "screening_measures": "PHQ-9; GAD-7; PCL-5; AUDIT-C",
            "clinical_records_system": "Standalone",
            **_features("TRUE", "FALSE", eligible_emergency_services="TRUE"),
        },
        staffing=[
            _staff("Principal Clinical Psychologist", "8B", 1.0),
            _staff("Senior Mental Health Practitioner", "7", 1.0, group="Mental health nursing"),
            _staff("EMDR Therapist", "7", 0.8),
            _staff("Consultant Psychiatrist", "medical", 0.1),
            _staff("Social Worker", "6", 1.0),
            _staff("Wellbeing Outreach Lead", "6", hours=18.75),
            _staff("Administrator", "3", 0.5),
        ],
        interventions=_COMMON_INTERVENTIONS
        + [
            _iv("EMDR", C[4], "Individual", "In-house", "Face to face"),
            _iv("Post-incident team support", C[1], "Team", "In-house", "Face to face"),
            _iv("Psychoeducation", C[3], "Organisation", "In-house", "Video"),
        ],
    ),
}


def _second_round(first: dict, service: dict, staffing: list[dict], interventions: list[dict]) -> dict:
    """A Hub mapped again: its first round's workbook with the changes of the second."""
    base = {k: v for k, v in first["service"].items() if k not in ("checked_date", "checked_by")}
    return dict(service={**base, **service}, staffing=staffing, interventions=interventions)


def _without(rows: list[dict], name: str) -> list[dict]:
    return [r for r in rows if r.get("intervention", r.get("job_title")) != name]


def _changed(rows: list[dict], name: str, **changes) -> list[dict]:
    return [{**r, **changes} if r.get("intervention", r.get("job_title")) == name else r for r in rows]


# Two Hubs mapped a second time (invented, like everything here), in mid-2022, after the study's
# data collection: what a team re-mapping its Hubs would find, each checked again by its lead.
_A, _C = HUBS["hub_a.xlsx"], HUBS["hub_c.xlsx"]
HUBS["hub_a_round2.xlsx"] = _second_round(
    _A,
    {
        "mapping_date": dt.datetime(2022, 6, 15),
        "checked_date": dt.datetime(2022, 7, 1),
        "checked_by": "Hub clinical lead",
    },
    staffing=_without(
        _changed(
            _changed(_A["staffing"], "Principal Clinical Psychologist", wte=1.0),
            "CBT Therapist",
            post_status="Vacant",
            headcount=0,
        ),
        "Assistant Psychologist",
    )
    + [_staff("Peer Support Worker", "4", 1.0)],
    interventions=_without(_changed(_A["interventions"], "EMDR", provider="Both"), "Self-help materials")
    + [_iv("Compassion-focused therapy", C[4], "Individual", "In-house", "Video")],
)
HUBS["hub_c_round2.xlsx"] = _second_round(
    _C,
    {
        "mapping_date": "04/07/2022",
        "core_rapid_access": "no",
        "checked_date": "20/07/2022",
        "checked_by": "Clinical lead (consultant clinical psychologist)",
    },
    staffing=_changed(
        _changed(_C["staffing"], "Peer Support Worker", post_status="Filled", headcount=1), "Service Manager", wte=0.6
    ),
    interventions=_changed(
        _without(_C["interventions"], "Compassion-focused group"), "Referral to NHS Talking Therapies", provider="Both"
    )
    + [_iv("Trauma-focused CBT", C[4], "Individual", "In-house", "Video")],
)


def write_example_data(folder: Path, study=STUDY) -> list[Path]:
    """Write the example workbooks into `folder` (four Hubs, two mapped twice), each marked illustrative."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, hub in HUBS.items():
        wb = fill_workbook(
            blank_workbook(study), study, hub["service"], hub["staffing"], hub["interventions"], hub.get("extra_rows")
        )
        mark_illustrative(wb, f"four invented Hubs (Hub A-D). {study.illustrative_subject}")
        paths.append(save_workbook(wb, folder / name))
    return paths
