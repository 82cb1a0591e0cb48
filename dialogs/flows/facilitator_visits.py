"""Home visits in the facilitator's chat: the visits of their kelurahan waiting to be taken,
the ones they took and still have to record, and taking one (`g:vtake:<id>`).

Taking is first-come: the service's conditional UPDATE decides, so of two facilitators
pressing at once one gets the visit and the other is told who has it.
"""

from __future__ import annotations

from backend.errors import NotFound
from backend.facilitators.models import Facilitator
from backend.visits.models import VisitState
from backend.visits.repository import VisitRow, requested_in_kelurahan, taken_by
from backend.visits.service import is_overdue, take_visit
from dialogs.context import Context, global_payload
from dialogs.events import Button, Reply
from dialogs.flows.base import DONE, Step
from dialogs.flows.facilitator_menu import (
    VISIT_RECORD,
    VISIT_TAKE,
    FacilitatorFlow,
    access_ended,
    current_facilitator,
)
from dialogs.i18n import format_day

MAX_LISTED = 10
MAX_LABEL = 40


def _short(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def record_button(ctx: Context, row_ticket: str, household: str, visit_id: int) -> Button:
    """The button that starts recording a visit the facilitator took."""
    label = ctx.t("button-visit-record", ticket=row_ticket, household=_short(household))
    return Button(label, global_payload(VISIT_RECORD, str(visit_id)))


def _item(ctx: Context, row: VisitRow) -> str:
    overdue = ctx.t("facilitator-visit-overdue") if is_overdue(row.visit, ctx.now) else ""
    return ctx.t(
        "facilitator-visits-item", ticket=row.ticket, household=row.household,
        due=format_day(ctx.language, row.visit.due_on), reason=_short(row.visit.reason),
        overdue=overdue,
    )  # fmt: skip


async def ask_visits(ctx: Context) -> None:
    facilitator = await current_facilitator(ctx)
    assert facilitator is not None
    waiting = await requested_in_kelurahan(ctx.session, facilitator.kelurahan_code)
    mine = await taken_by(ctx.session, facilitator.id)
    if not waiting and not mine:
        ctx.say("facilitator-visits-none")
        return
    lines: list[str] = []
    buttons: list[tuple[Button, ...]] = []
    if mine:
        lines.append(ctx.t("facilitator-visits-mine", count=len(mine)))
        lines.extend(_item(ctx, row) for row in mine[:MAX_LISTED])
        buttons.extend(
            (record_button(ctx, row.ticket, row.household, row.visit.id),)
            for row in mine[:MAX_LISTED]
        )
    if waiting:
        if lines:
            lines.append("")
        lines.append(ctx.t("facilitator-visits-waiting", count=len(waiting)))
        lines.extend(_item(ctx, row) for row in waiting[:MAX_LISTED])
        buttons.extend(
            (Button(ctx.t("button-visit-take-item", ticket=row.ticket, household=_short(row.household)),
                    global_payload(VISIT_TAKE, str(row.visit.id))),)
            for row in waiting[:MAX_LISTED]
        )  # fmt: skip
    ctx.replies.append(Reply("\n".join(lines), buttons=tuple(buttons)))


async def read_visits(ctx: Context) -> str:
    return DONE


class FacilitatorVisitsFlow(FacilitatorFlow):
    """Lists the visits to take and to record, each with its button; nothing is asked."""

    name = "facilitator_visits"

    async def start(self, ctx: Context, argument: str | None) -> None:
        """Shows the lists; the chat is free again at once."""
        if await current_facilitator(ctx) is None:
            access_ended(ctx)
            return
        await ask_visits(ctx)
        ctx.finish()


FACILITATOR_VISITS = FacilitatorVisitsFlow(
    (Step("list", ask_visits, read_visits, (DONE,), "help-facilitator-visits"),)
)


async def take_from_button(ctx: Context, facilitator: Facilitator, argument: str) -> None:
    """'Take the visit' pressed: the visit is theirs now, already someone's, or gone."""
    visit_id = int(argument) if argument.isascii() and argument.isdigit() else 0
    try:
        result = await take_visit(ctx.session, visit_id, facilitator, ctx.now)
    except NotFound:
        ctx.say("facilitator-visit-not-found")
        return
    visit = result.visit
    assert visit is not None
    row = next(
        (r for r in await taken_by(ctx.session, facilitator.id) if r.visit.id == visit.id), None
    )
    if row is not None:
        # Taken now, or pressed again by the one who has it: the way on is recording it.
        key = "facilitator-visit-taken" if result.taken else "facilitator-visit-already-yours"
        text = ctx.t(
            key, ticket=row.ticket, household=row.household,
            due=format_day(ctx.language, visit.due_on),
        )  # fmt: skip
        button = record_button(ctx, row.ticket, row.household, visit.id)
        ctx.replies.append(Reply(text, buttons=((button,),)))
    elif visit.state == VisitState.TAKEN:
        ctx.say("facilitator-visit-taken-by-other", name=result.taker_name or "-")
    else:
        ctx.say("facilitator-visit-closed")
