"""The mapping template, declared once.

The blank workbook (`template.workbook`), the reader, the cleaning rules and the schemas
(`hubmap.intake`) and docs/template.md all follow these declarations, so a field added
here reaches every stage at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..shared.vocabulary import NOT_OFFERED, NOT_RECORDED, OFFERED, Role

UNIT = "Hub"
"""What the study maps, as its tables, captions and file names call one of them."""

TEMPLATE_VERSION = 3
"""1: the first template; 2: the accuracy check by the Hub lead; 3: mapping rounds (a Hub may have a
workbook per date of mapping, and every processed table says which round a row belongs to)."""

FULL_TIME_HOURS = 37.5
"""NHS standard full-time week (Agenda for Change); hours / 37.5 = WTE."""

MAX_WTE_PER_ROW = 20.0
"""A single row may describe a group of posts; beyond this it is implausible."""

YES, NO = "Yes", "No"
YES_NO = (YES, NO)

# Agenda for Change bands in pay order. Band 1 closed to new entrants in 2018 but
# legacy posts may still be recorded. Medical posts sit on separate pay scales.
AFC_BANDS = ("1", "2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9")
MEDICAL_BAND = "Medical"
BAND_ORDER = AFC_BANDS + (MEDICAL_BAND,)
EXPERIENCED_BANDS = ("7", "8a", "8b", "8c", "8d", "9")
SENIOR_BANDS = ("8a", "8b", "8c", "8d", "9")
"""Bands an assistant or trainee post is not expected on (a notice, not an error)."""
"""Qualified staff at band 7 and above: the study's "experienced clinicians"."""

POST_STATUSES = ("Filled", "Vacant")
FILLED, VACANT = POST_STATUSES

REGIONS = (
    "North East and Yorkshire",
    "North West",
    "Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
)

STANDALONE_RECORDS, HOST_RECORDS = "Standalone", "Host organisation's system"
RECORDS_SYSTEMS = (STANDALONE_RECORDS, HOST_RECORDS, "Other")


@dataclass(frozen=True)
class ProfessionalGroup:
    name: str
    clinical: bool
    pay_scale: str = "afc"  # "afc": Agenda for Change bands; "medical": medical pay scales, no AfC band
    training: bool = False  # assistant or trainee posts: at band 8a or above is implausible


AFC, MEDICAL_PAY = "afc", "medical"
# Display order is the order here: clinical groups first, most senior training first.
PROFESSIONAL_GROUPS = (
    ProfessionalGroup("Clinical psychology", True),
    ProfessionalGroup("Counselling and psychotherapy", True),
    ProfessionalGroup("Mental health nursing", True),
    ProfessionalGroup("Psychiatry", True, pay_scale=MEDICAL_PAY),
    ProfessionalGroup("Occupational therapy", True),
    ProfessionalGroup("Social work", True),
    ProfessionalGroup("Psychological wellbeing practice", True),
    ProfessionalGroup("Assistant psychology", True, training=True),
    ProfessionalGroup("Outreach and engagement", False),
    ProfessionalGroup("Peer support", False),
    ProfessionalGroup("Management and leadership", False),
    ProfessionalGroup("Administration", False),
    ProfessionalGroup("Research and evaluation", False),
)
PROFESSIONAL_GROUP_NAMES = tuple(g.name for g in PROFESSIONAL_GROUPS)

INTERVENTION_CATEGORIES = (
    "Outreach and engagement",
    "Team-based support",
    "Screening and assessment",
    "Brief or low-intensity support",
    "Individual psychological therapy",
    "Group interventions",
    "Self-help resources",
    "Signposting and onward referral",
)
INTERVENTION_LEVELS = ("Individual", "Team", "Organisation")
INDIVIDUAL_THERAPY = INTERVENTION_CATEGORIES[4]  # what direct therapy is (the adaptation)
DELIVERY_MODES = ("Telephone", "Video", "Face to face", "Digital", "Mixed")
PROVIDERS = ("In-house", "External", "Both")
IN_HOUSE, EXTERNAL, BOTH = PROVIDERS
# Each status a table or figure shows, in display order: the role its encoding is keyed by
# (`shared.vocabulary.ENCODING`), and its words in a legend.
STATUSES = {
    IN_HOUSE: (Role.IN_HOUSE, IN_HOUSE),
    BOTH: (Role.BOTH, "In-house and external"),
    EXTERNAL: (Role.EXTERNAL, EXTERNAL),
    OFFERED: (Role.OFFERED, OFFERED),
    NOT_OFFERED: (Role.NOT_OFFERED, NOT_OFFERED),
    NOT_RECORDED: (Role.NOT_RECORDED, NOT_RECORDED),
}
INTERVENTION_STATUSES = (IN_HOUSE, BOTH, EXTERNAL, NOT_OFFERED, NOT_RECORDED)
FIDELITY_STATUSES = (OFFERED, NOT_OFFERED, NOT_RECORDED)

# Names offered in the template's drop-down; other names are accepted as written.
STANDARD_INTERVENTIONS = {
    "Outreach and engagement": (
        "Proactive outreach to teams",
        "Wellbeing check-in calls",
        "Promotion and staff communications",
    ),
    "Team-based support": (
        "Reflective practice groups",
        "Wellbeing workshops",
        "Consultation to managers",
        "Post-incident team support",
    ),
    "Screening and assessment": (
        "Screening questionnaires",
        "Rapid clinical assessment",
        "Formulation-based psychological assessment",
    ),
    "Brief or low-intensity support": (
        "Guided self-help",
        "Brief psychological intervention",
        "Psychoeducation",
    ),
    "Individual psychological therapy": (
        "Trauma-focused CBT",
        "EMDR",
        "CBT",
        "Compassion-focused therapy",
        "Counselling",
    ),
    "Group interventions": ("Stress management group", "Compassion-focused group"),
    "Self-help resources": ("Self-help materials", "Wellbeing apps"),
    "Signposting and onward referral": (
        "Signposting",
        "Referral to NHS Talking Therapies",
        "Referral to secondary mental health care",
        "Occupational health liaison",
    ),
}


@dataclass(frozen=True)
class Field:
    """One cell a researcher fills in, and what it may hold."""

    key: str  # column name in the processed table
    label: str  # what the researcher sees in the workbook
    kind: str  # text | choice | yesno | date | integer | number | band
    required: bool = False
    choices: tuple[str, ...] = ()
    help: str = ""
    unit: str = ""

    def expected(self) -> str:
        """What a valid value looks like, in words a site researcher can act on."""
        if self.kind in ("choice",):
            return "one of: " + ", ".join(self.choices)
        return {
            "text": "text",
            "yesno": "Yes or No (Y/N, TRUE/FALSE also accepted); leave blank if not known",
            "date": "a date such as 01/03/2021 (day/month/year)",
            "integer": "a whole number of 0 or more",
            "number": "a number of 0 or more",
            "band": "an Agenda for Change band (1-7, 8a, 8b, 8c, 8d, 9) or 'Medical'",
        }[self.kind]


# ---------------------------------------------------------------- service model
SERVICE_MODEL_SHEET = "Service model"

_SERVICE_SCALARS = (
    Field(
        "hub_id",
        "Hub identifier",
        "text",
        True,
        help="Anonymised identifier used in outputs, e.g. 'Hub A'. One workbook per Hub.",
    ),
    Field(
        "host_organisation",
        "Host organisation",
        "text",
        True,
        help="Organisation that hosts the Hub (anonymise if publishing).",
    ),
    Field("region", "NHS England region", "choice", True, REGIONS),
    Field("launch_date", "Date the Hub launched", "date", True),
    Field(
        "mapping_date",
        "Date of mapping",
        "date",
        True,
        help="Date the mapping data were collected or last checked with the Hub lead.",
    ),
    Field(
        "eligible_workforce_size",
        "Size of eligible workforce",
        "integer",
        help="Number of staff eligible to use the Hub, if known.",
        unit="staff",
    ),
    Field("opening_hours", "Opening hours", "text", help="e.g. 'Mon-Fri 09:00-17:00'."),
    Field(
        "screening_measures",
        "Screening measures used",
        "text",
        help="Separate several with semicolons, e.g. 'PHQ-9; GAD-7; PCL-5'.",
    ),
    Field(
        "clinical_records_system",
        "Clinical records system",
        "choice",
        True,
        RECORDS_SYSTEMS,
        help="Standalone = separate from the employer's records.",
    ),
    # The accuracy check (Allsopp et al. 2024): each Hub lead confirms the Hub's mapping before analysis.
    Field(
        "checked_date",
        "Date checked by Hub lead",
        "date",
        help="Date the Hub lead confirmed this mapping was accurate (from the Hub profile). Blank: not yet.",
    ),
    Field(
        "checked_by",
        "Checked by (role)",
        "text",
        help="The role of whoever checked it, e.g. 'Hub clinical lead'. A role, not a name.",
    ),
)


def _yesno_group(prefix: str, label_prefix: str, options: dict[str, str], help: str = ""):
    return tuple(
        Field(f"{prefix}_{key}", f"{label_prefix}: {label}", "yesno", help=help) for key, label in options.items()
    )


ELIGIBLE_WORKFORCE = {
    "nhs": "NHS staff",
    "social_care": "Social care staff",
    "primary_care": "Primary care staff",
    "care_homes": "Care home staff",
    "emergency_services": "Emergency services",
    "voluntary_sector": "Voluntary sector",
}
ACCESS_ROUTES = {
    "self_referral": "Self-referral",
    "manager": "Manager referral",
    "occupational_health": "Occupational health referral",
    "team_outreach": "Via team outreach",
}
HUB_DELIVERY_MODES = {
    "telephone": "Telephone",
    "video": "Video",
    "face_to_face": "Face to face",
    "digital": "Digital",
}
# The four NHSE&I (2020) core components, plus rapid access to mental health support.
CORE_COMPONENTS = {
    "proactive_outreach": "Proactive outreach",
    "team_support": "Team-based training and support",
    "clinical_assessment": "Rapid clinical assessment",
    "onward_referral": "Onward referral",
    "rapid_access": "Rapid access to mental health support",
}
# Functions every Hub in Allsopp et al. (2024) added beyond the national model.
ADAPTATIONS = {
    "formulation_assessment": "Formulation-based psychological assessment",
    "direct_therapy": "Direct psychological therapy",
}
# The adaptations the fidelity table reports: those above, and a standalone clinical records
# system (recorded as the Service model sheet's records system, not as a yes/no of its own).
FIDELITY_ADAPTATIONS = {**ADAPTATIONS, "standalone_records": "Standalone clinical records system"}

# What delivers each core component and adaptation, for the plausibility check of a Hub's answers: an
# intervention category, a named intervention, or any intervention the Hub refers out for (a tuple of
# such: any of them). A component
# answered Yes with none of these, or No with one, is a notice. Rapid access is a matter of how fast,
# not of which intervention: it is not checked.
DELIVERED_BY = {
    "proactive_outreach": {"category": "Outreach and engagement"},
    "team_support": {"category": "Team-based support"},
    "clinical_assessment": {"category": "Screening and assessment"},
    "onward_referral": ({"provider": (EXTERNAL, BOTH)}, {"category": "Signposting and onward referral"}),
    "formulation_assessment": {"intervention": "Formulation-based psychological assessment"},
    "direct_therapy": {"category": INDIVIDUAL_THERAPY, "provider": (IN_HOUSE, BOTH)},
}

# The two groups of the fidelity table (and Figure 3), as they read there.
CORE_GROUP = "NHSE&I core component"
ADAPTATION_GROUP = "Adaptation"

FEATURE_GROUPS = {
    "eligible": ("Eligible workforce", ELIGIBLE_WORKFORCE),
    "access": ("Access route", ACCESS_ROUTES),
    "mode": ("Delivery mode", HUB_DELIVERY_MODES),
    "core": ("Core component", CORE_COMPONENTS),
    "adapt": (ADAPTATION_GROUP, ADAPTATIONS),
}

SERVICE_FIELDS = _SERVICE_SCALARS + tuple(
    f for prefix, (label_prefix, options) in FEATURE_GROUPS.items() for f in _yesno_group(prefix, label_prefix, options)
)
SERVICE_COLUMNS = ("Field", "Value", "Guidance")


# --------------------------------------------------------------------- staffing
STAFFING_SHEET = "Staffing"
STAFFING_FIELDS = (
    Field("job_title", "Job title", "text", True, help="As written by the Hub."),
    Field(
        "professional_group",
        "Professional group",
        "choice",
        False,
        PROFESSIONAL_GROUP_NAMES,
        help="Leave blank to derive it from the job title lookup.",
    ),
    Field(
        "band", "AfC band", "band", True, BAND_ORDER, help="Agenda for Change band; 'Medical' for medical pay scales."
    ),
    Field("wte", "WTE", "number", help="Whole-time equivalent. Give WTE or hours, not both.", unit="WTE"),
    Field(
        "hours_per_week",
        "Hours per week",
        "number",
        help=f"Converted to WTE as hours / {FULL_TIME_HOURS:g}.",
        unit="hours",
    ),
    Field("headcount", "Headcount", "integer", True, help="Number of people in this row."),
    Field("post_status", "Post status", "choice", False, POST_STATUSES, help="Filled or Vacant."),
    Field("notes", "Notes", "text"),
)

# -------------------------------------------------------------------- interventions
INTERVENTIONS_SHEET = "Interventions"
INTERVENTION_FIELDS = (
    Field("intervention", "Intervention", "text", True, help="Pick a standard name from the list or type your own."),
    Field("category", "Category", "choice", True, INTERVENTION_CATEGORIES),
    Field("level", "Level", "choice", True, INTERVENTION_LEVELS),
    Field("delivery_mode", "Delivery mode", "choice", False, DELIVERY_MODES),
    Field("provider", "Provided by", "choice", True, PROVIDERS, help="In-house, External (Hub refers out), or Both."),
    Field("notes", "Notes", "text"),
)

INSTRUCTIONS_SHEET = "Instructions"
DATA_SHEETS = {
    SERVICE_MODEL_SHEET: SERVICE_FIELDS,
    STAFFING_SHEET: STAFFING_FIELDS,
    INTERVENTIONS_SHEET: INTERVENTION_FIELDS,
}
WORKBOOK_SUFFIX = ".xlsx"

# Groups of fields a result's declaration may name ('@core'), per sheet's processed table: each yes/no
# group of the Service model sheet by its prefix, and '*' for every field of a sheet.
FIELD_GROUPS = {
    "service_model": {
        "*": tuple(f.key for f in SERVICE_FIELDS),
        **{prefix: tuple(f"{prefix}_{key}" for key in options) for prefix, (_, options) in FEATURE_GROUPS.items()},
    },
    "staffing": {"*": tuple(f.key for f in STAFFING_FIELDS)},
    "interventions": {"*": tuple(f.key for f in INTERVENTION_FIELDS)},
}


def field_keys(table: str, fields: tuple[str, ...]) -> tuple[str, ...]:
    """The columns of processed table `table` that `fields` names, each group ('@core') expanded."""
    keys: list[str] = []
    for name in fields:
        if name.startswith("@"):
            groups = FIELD_GROUPS.get(table, {})
            if name[1:] not in groups:
                raise KeyError(f"{table} has no group of fields {name!r}; its groups are {sorted(groups)}")
            keys += groups[name[1:]]
        else:
            keys.append(name)
    return tuple(dict.fromkeys(keys))
