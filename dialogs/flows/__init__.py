"""The flows of the citizen's conversation."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dialogs.engine import Flow


def build_flows() -> dict[str, Flow]:
    """Every flow by name (the menu is built by the engine on top of these)."""
    from dialogs.flows.answer import ANSWER
    from dialogs.flows.appeal import APPEAL
    from dialogs.flows.facilitator_answer import FACILITATOR_ANSWER
    from dialogs.flows.facilitator_cases import FACILITATOR_CASES, FACILITATOR_RELAYS
    from dialogs.flows.facilitator_intake import ASSISTED
    from dialogs.flows.facilitator_visit import FACILITATOR_VISIT
    from dialogs.flows.facilitator_visits import FACILITATOR_VISITS
    from dialogs.flows.info import INFO
    from dialogs.flows.intake import INTAKE
    from dialogs.flows.language import LANGUAGE
    from dialogs.flows.my_data import MY_DATA
    from dialogs.flows.status import STATUS
    from dialogs.flows.survey import SURVEY

    return {
        flow.name: flow
        for flow in (
            INTAKE,
            STATUS,
            ANSWER,
            APPEAL,
            INFO,
            LANGUAGE,
            MY_DATA,
            ASSISTED,
            FACILITATOR_CASES,
            FACILITATOR_RELAYS,
            FACILITATOR_ANSWER,
            SURVEY,
            FACILITATOR_VISITS,
            FACILITATOR_VISIT,
        )
    }
