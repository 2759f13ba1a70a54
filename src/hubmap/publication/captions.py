"""Figure captions: a title and a legend per figure, every number read from the saved tables, every word
about the study (its unit, pay bands, national model) from its definition."""

from __future__ import annotations

import pandas as pd

from ..analysis.changes import MAPPED_ONCE
from ..figures.draw import shows_each_hub
from ..shared.vocabulary import ENCODING, NOT_OFFERED, NOT_RECORDED, OFFERED
from ..template.study import Study
from .catalogue import figures


def _pairs(k: int, study: Study) -> str:
    return f"{k} {study.unit}-intervention pair{'s' if k != 1 else ''}"


def captions(saved: dict[str, pd.DataFrame], n: int, notice: str, study: Study) -> dict[str, tuple[str, str]]:
    """Figure name -> (title, legend), for `n` units, for each figure the study makes.

    `saved`: the tables notebooks 02, 04, 05 and 06 saved that the figures' legends read
    (`staffing_clinical_split`, `staffing_experienced_share`, `intervention_matrix`, `logic_model_coverage`,
    `changes_summary`), as read back from their CSVs; those the study does not make are not given.
    """
    made = figures(study)
    every, unit, units = study.all_units, study.unit, study.units
    per_hub = shows_each_hub(n)
    s = {status: ENCODING[role].symbol for status, (role, _) in study.statuses.items()}
    hatch = {status: ENCODING[role].hatch_words for status, (role, _) in study.statuses.items()}
    legends = {}
    if "figure1_staffing" in made:
        split = saved["staffing_clinical_split"].set_index("hub_id").loc[every]
        bands = study.pay_bands if "staffing_experienced_share" in saved else None
        groups = (
            f"Whole-time equivalent (WTE) by professional group, filled and vacant posts "
            f"({split['total_wte']:.1f} WTE in all; {split['clinical_share']:.0%} clinical). Hatching distinguishes "
            "groups that share a colour where the bars are thick enough to show it. "
        )
        if bands:
            senior = saved["staffing_experienced_share"].set_index("hub_id").loc[every, "share_band_7_plus"]
            legends["figure1_staffing"] = (
                f"(a) {groups}(b) WTE by {bands.in_full} band; '{bands.other}' = {bands.other_scale} pay scales. "
                f"{senior:.0%} of clinical WTE on {bands.name} bands was at band {bands.experienced[0]} or above. "
                f"{notice}"
            )
        else:
            legends["figure1_staffing"] = f"{groups}{notice}"
    if "figure2_interventions" in made:
        matrix = saved["intervention_matrix"]
        both, inside, outside = study.both, study.in_house, study.external
        pairs = _pairs(int((matrix["status"] == both).sum()), study)
        legends["figure2_interventions"] = (
            f"Each tile shows whether the {unit} delivers the intervention in-house ({s[inside]}), refers out to "
            f"an external service ({s[outside]}), does both ({s[both]}; {pairs}), "
            f"does not offer it ({s[NOT_OFFERED]}), or did not record it ({s[NOT_RECORDED]}). "
            if per_hub
            else f"Each bar counts the {units} that deliver the intervention in-house, refer out to an external "
            f"service ({hatch[outside]}), do both ({hatch[both]}; {pairs}), do not offer it, or did not "
            f"record it ({hatch[NOT_RECORDED]}); with {n} {units} one tile per {unit} would not be legible, and "
            f"the per-{unit} matrix is in the tables. "
        ) + f"{matrix['intervention'].nunique()} distinct interventions. {notice}"
    if "figure3_fidelity" in made:
        legends["figure3_fidelity"] = (
            f"{study.national_model.described}, "
            + (
                f"for each {unit}: offered ({s[OFFERED]}), not offered ({s[NOT_OFFERED]}), "
                f"not recorded ({s[NOT_RECORDED]}). "
                if per_hub
                else f"counted over the {n} {units}: offered, not offered, not recorded ({hatch[NOT_RECORDED]}). "
            )
            + notice
        )
    if "figure4_logic_model" in made:
        model = saved["logic_model_coverage"]
        columns = list(dict.fromkeys(model["column"]))
        measured = int((model["found"].fillna("") != "").sum())
        legends["figure4_logic_model"] = (
            f"{len(model)} boxes in {len(columns)} columns, from {columns[0].lower()} to {columns[-1].lower()}; "
            "arrows show the links theorised between them. Under each of the "
            f"{measured} boxes the mapping measures, in bold, what it found across the {n} {units}: how many offer a "
            "core component, an adaptation or a category of intervention, or how many whole-time equivalent (WTE) "
            f"staff a workforce has. {study.texts.get('logic_model_caption', 'The model is a starting point')}, "
            f"and its outcomes are aims the mapping does not measure. {notice}"
        )
    if "figure5_changes" in made:
        once = f"a {unit} mapped once has one circle."
        if "changes_summary" in saved:  # (a study that records too little to compare rounds has no such table)
            rounds = saved["changes_summary"]
            again = int((~rounds["rounds"].str.endswith(f"({MAPPED_ONCE})")).groupby(rounds["hub_id"]).any().sum())
            once = f"{again} of the {rounds['hub_id'].nunique()} {units} were mapped more than once; {once}"
        legends["figure5_changes"] = (
            f"Hollow circles: each {unit}'s total whole-time equivalent (WTE) at its first mapping round; filled "
            f"circles: at its latest, joined by a line. {once[0].upper()}{once[1:]} What changed, post by post and "
            f"intervention by intervention, is in the tables of changes between rounds. {notice}"
        )
    return {name: (figure.title.format(n=n), legends[name]) for name, figure in made.items()}


def captions_markdown(caps: dict[str, tuple[str, str]], accuracy_check: str, study: Study, rounds: str = "") -> str:
    """captions.md: the accuracy checks and the mapping rounds described, then each figure's title and legend."""
    made = figures(study)
    head = (f"Accuracy check: {accuracy_check}\n\n" if accuracy_check else "") + (
        f"Mapping rounds: {rounds}\n\n" if rounds else ""
    )
    return (
        "# Figure captions\n\n"
        + head
        + "\n".join(f"**Figure {made[name].number}. {title}.** {legend}\n" for name, (title, legend) in caps.items())
    )
