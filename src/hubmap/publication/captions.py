"""Figure captions: a title and a legend per figure, every number read from the saved tables."""

from __future__ import annotations

import pandas as pd

from ..analysis.changes import MAPPED_ONCE
from ..figures.draw import shows_each_hub
from ..shared.vocabulary import ALL_HUBS, ENCODING, NOT_OFFERED, NOT_RECORDED, OFFERED
from ..template.spec import BOTH, EXTERNAL, IN_HOUSE, STATUSES
from .catalogue import figures


def _pairs(k: int) -> str:
    return f"{k} Hub-intervention pair{'s' if k != 1 else ''}"


def captions(saved: dict[str, pd.DataFrame], n: int, notice: str) -> dict[str, tuple[str, str]]:
    """Figure name -> (title, legend), for `n` Hubs.

    `saved`: the tables notebooks 02, 04, 05 and 06 saved (`staffing_clinical_split`,
    `staffing_experienced_share`, `intervention_matrix`, `logic_model_coverage`, `changes_summary`), as read
    back from their CSVs.
    """
    rounds = saved["changes_summary"]
    again = int((~rounds["rounds"].str.endswith(f"({MAPPED_ONCE})")).groupby(rounds["hub_id"]).any().sum())
    model = saved["logic_model_coverage"]
    columns = list(dict.fromkeys(model["column"]))
    measured = int((model["found"].fillna("") != "").sum())
    split = saved["staffing_clinical_split"].set_index("hub_id").loc[ALL_HUBS]
    senior = saved["staffing_experienced_share"].set_index("hub_id").loc[ALL_HUBS, "share_band_7_plus"]
    matrix = saved["intervention_matrix"]
    both = int((matrix["status"] == BOTH).sum())
    per_hub = shows_each_hub(n)
    s = {status: ENCODING[role].symbol for status, (role, _) in STATUSES.items()}
    hatch = {status: ENCODING[role].hatch_words for status, (role, _) in STATUSES.items()}
    legends = {
        "figure1_staffing": (
            f"(a) Whole-time equivalent (WTE) by professional group, filled and vacant posts "
            f"({split['total_wte']:.1f} WTE in all; {split['clinical_share']:.0%} clinical). Hatching distinguishes "
            "groups that share a colour where the bars are thick enough to show it. "
            "(b) WTE by NHS Agenda for Change band; 'Medical' = medical pay scales. "
            f"{senior:.0%} of clinical WTE on Agenda for Change bands was at band 7 or above. {notice}"
        ),
        "figure2_interventions": (
            (
                f"Each tile shows whether the Hub delivers the intervention in-house ({s[IN_HOUSE]}), refers out to "
                f"an external service ({s[EXTERNAL]}), does both ({s[BOTH]}; {_pairs(both)}), "
                f"does not offer it ({s[NOT_OFFERED]}), or did not record it ({s[NOT_RECORDED]}). "
                if per_hub
                else f"Each bar counts the Hubs that deliver the intervention in-house, refer out to an external "
                f"service ({hatch[EXTERNAL]}), do both ({hatch[BOTH]}; {_pairs(both)}), do not offer it, or did not "
                f"record it ({hatch[NOT_RECORDED]}); with {n} Hubs one tile per Hub would not be legible, and the "
                "per-Hub matrix is in the tables. "
            )
            + f"{matrix['intervention'].nunique()} distinct interventions. {notice}"
        ),
        "figure3_fidelity": (
            "The four NHSE&I core components plus rapid access to mental health support, and the adaptations "
            "reported by Allsopp et al. (2024), "
            + (
                f"for each Hub: offered ({s[OFFERED]}), not offered ({s[NOT_OFFERED]}), "
                f"not recorded ({s[NOT_RECORDED]}). "
                if per_hub
                else f"counted over the {n} Hubs: offered, not offered, not recorded ({hatch[NOT_RECORDED]}). "
            )
            + notice
        ),
        "figure4_logic_model": (
            f"{len(model)} boxes in {len(columns)} columns, from {columns[0].lower()} to {columns[-1].lower()}; "
            "arrows show the links theorised between them. Under each of the "
            f"{measured} boxes the mapping measures, in bold, what it found across the {n} Hubs: how many offer a "
            "core component, an adaptation or a category of intervention, or how many whole-time equivalent (WTE) "
            "staff a workforce has. The model is a starting point built from the NHSE&I (2020) model and the "
            "adaptations reported by Allsopp et al. (2024); it is not the paper's figure, and its outcomes are aims "
            f"the mapping does not measure. {notice}"
        ),
        "figure5_changes": (
            f"Hollow circles: each Hub's total whole-time equivalent (WTE) at its first mapping round; filled circles: "
            f"at its latest, joined by a line. {again} of the {rounds['hub_id'].nunique()} Hubs were mapped more than "
            "once; a Hub mapped once has one circle. What changed, post by post and intervention by intervention, is "
            f"in the tables of changes between rounds. {notice}"
        ),
    }
    return {name: (figure.title.format(n=n), legends[name]) for name, figure in figures().items()}


def captions_markdown(caps: dict[str, tuple[str, str]], accuracy_check: str, rounds: str = "") -> str:
    """captions.md: the accuracy checks and the mapping rounds described, then each figure's title and legend."""
    head = f"Accuracy check: {accuracy_check}\n\n" + (f"Mapping rounds: {rounds}\n\n" if rounds else "")
    return (
        "# Figure captions\n\n"
        + head
        + "\n".join(
            f"**Figure {figures()[name].number}. {title}.** {legend}\n" for name, (title, legend) in caps.items()
        )
    )
