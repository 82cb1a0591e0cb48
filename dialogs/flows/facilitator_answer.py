"""A facilitator sends the household's answer to a staff question, on the household's behalf.

Reached from the 'Send the household's answer' button of a request_info relay or of a
case's detail (`g:fanswer:<ticket>:<question id>`), or by /jawab. The answer is
gathered like the citizen's own (answer.py): every text, photo, document or voice
note is kept as it arrives and acknowledged with "Selesai"; "Selesai", or a few quiet
minutes, passes it on once, firing provide_info with the facilitator as the actor so
the timeline shows it came through them. Only the facilitator's own case, only while
it waits for an answer, and only for the question the button was for: checked again
under the complaint's row lock at every piece.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from backend.actors import Actor, ActorRole
from backend.casefiles.models import Complaint, ComplaintStatus
from backend.casefiles.repository import get_by_ticket
from backend.casefiles.tickets import normalise_ticket
from backend.citizens.models import Citizen
from backend.complaints.citizen_queries import answered_since, latest_question_event
from backend.facilitators.models import Facilitator
from backend.facilitators.repository import cases_of_facilitator
from dialogs.context import Context, Reask
from dialogs.flows.answer import GATHER, ask_gather, gather_piece, keep_piece, piece_of
from dialogs.flows.base import DONE, Step
from dialogs.flows.facilitator_menu import FacilitatorFlow, access_ended, current_facilitator

FLOW = "facilitator_answer"


class Refusal(StrEnum):
    """Why a facilitator may not answer now; each has its own message."""

    NOT_FOUND = "not-found"
    NOT_WAITING = "not-waiting"
    ALREADY = "already"


def answer_argument(ticket: str, question_id: int | None) -> str:
    """The argument of the button: the ticket and, when known, the question it answers."""
    return f"{ticket}:{question_id}" if question_id is not None else ticket


def _parse(argument: str) -> tuple[str | None, int | None]:
    typed, _, question = argument.partition(":")
    ticket = normalise_ticket(typed)
    return ticket, int(question) if question.isascii() and question.isdigit() else None


async def refusal(
    ctx: Context, facilitator: Facilitator, complaint: Complaint | None, question_id: int | None
) -> Refusal | None:
    """None when `facilitator` may answer the complaint's question now; else why not."""
    if complaint is None or complaint.facilitator_id != facilitator.id:
        return Refusal.NOT_FOUND
    if question_id is not None and await answered_since(ctx.session, complaint.id, question_id):
        return Refusal.ALREADY
    if complaint.status != ComplaintStatus.NEEDS_INFO:
        return Refusal.NOT_WAITING
    latest = await latest_question_event(ctx.session, complaint.id)
    if question_id is not None and (latest is None or latest.id != question_id):
        return Refusal.ALREADY  # a button of an earlier question
    return None


def refuse(ctx: Context, why: Refusal, complaint: Complaint | None) -> None:
    """Says kindly why not, and ends the flow."""
    if why == Refusal.NOT_FOUND or complaint is None:
        ctx.say("facilitator-case-not-found")
    else:
        status = ctx.t(f"status-{complaint.status.value}")
        ctx.say(f"facilitator-answer-{why.value}", ticket=complaint.ticket, status=status)
    ctx.finish()


async def _waiting(ctx: Context, facilitator: Facilitator) -> list[Complaint]:
    rows = await cases_of_facilitator(ctx.session, facilitator.id)
    return [row.complaint for row in rows if row.complaint.status == ComplaintStatus.NEEDS_INFO]


class FacilitatorAnswerFlow(FacilitatorFlow):
    """The household's answer, sent by its facilitator."""

    name = FLOW

    async def start(self, ctx: Context, argument: str | None) -> None:
        """Checks the case and its question, then asks for the answer (or which case first)."""
        facilitator = await current_facilitator(ctx)
        if facilitator is None:
            access_ended(ctx)
            return
        ctx.enter(self.name, "choose")
        ctx.data["_history"] = []
        if not argument:
            waiting = await _waiting(ctx, facilitator)
            if not waiting:
                ctx.say("facilitator-answer-nothing-waiting")
                ctx.finish()
            elif len(waiting) > 1:
                await ask_choose(ctx)
            else:
                await self._begin(ctx, facilitator, waiting[0].ticket, None)
            return
        ticket, question_id = _parse(argument)
        await self._begin(ctx, facilitator, ticket or "", question_id)

    async def _begin(
        self, ctx: Context, facilitator: Facilitator, ticket: str, question_id: int | None
    ) -> None:
        complaint = await get_by_ticket(ctx.session, ticket) if ticket else None
        if (why := await refusal(ctx, facilitator, complaint, question_id)) is not None:
            refuse(ctx, why, complaint)
            return
        assert complaint is not None
        if question_id is None:  # /jawab or the list: the question open now
            question = await latest_question_event(ctx.session, complaint.id)
            question_id = question.id if question else None
        ctx.data.update(ticket=complaint.ticket, question_id=question_id)
        ctx.step = "answer"
        await ask_answer(ctx)


async def ask_choose(ctx: Context) -> None:
    facilitator = await current_facilitator(ctx)
    assert facilitator is not None  # the flow checks before asking
    waiting = await _waiting(ctx, facilitator)
    ctx.ask(
        ctx.t("facilitator-answer-choose"),
        buttons=[[(complaint.ticket, "ticket", complaint.ticket)] for complaint in waiting],
    )


async def read_choose(ctx: Context) -> str:
    facilitator = await current_facilitator(ctx)
    assert facilitator is not None
    waiting = await _waiting(ctx, facilitator)
    if (pressed := ctx.pressed()) is None or pressed[1] not in {c.ticket for c in waiting}:
        raise Reask("choose-a-button")
    complaint = next(c for c in waiting if c.ticket == pressed[1])
    question = await latest_question_event(ctx.session, complaint.id)
    ctx.data.update(ticket=complaint.ticket, question_id=question.id if question else None)
    return "answer"


async def ask_answer(ctx: Context) -> None:
    complaint = await get_by_ticket(ctx.session, ctx.data.get("ticket", ""))
    question = await latest_question_event(ctx.session, complaint.id) if complaint else None
    citizen = await ctx.session.get(Citizen, complaint.citizen_id) if complaint else None
    ctx.ask(
        ctx.t(
            "facilitator-answer-prompt", ticket=ctx.data.get("ticket", ""),
            household=citizen.full_name if citizen else "-",
            question=(question.public_note if question else None) or "-",
        )
    )  # fmt: skip


async def read_answer(ctx: Context) -> str:
    return await _keep_piece(ctx, piece_of(ctx))


async def read_gather(ctx: Context) -> str:
    return await gather_piece(ctx, _keep_piece)


async def _keep_piece(ctx: Context, content: tuple[dict[str, Any] | None, str | None]) -> str:
    facilitator = await current_facilitator(ctx)
    assert facilitator is not None  # FacilitatorFlow checks before every step
    complaint = await get_by_ticket(ctx.session, ctx.data.get("ticket", ""), for_update=True)
    why = await refusal(ctx, facilitator, complaint, ctx.data.get("question_id"))
    if why is not None:  # answered meanwhile (another chat, staff moved on, case handed over)
        refuse(ctx, why, complaint)
        return DONE
    assert complaint is not None
    actor = Actor(ActorRole.FACILITATOR, facilitator_id=facilitator.id)
    return await keep_piece(ctx, complaint, actor, content)


FACILITATOR_ANSWER = FacilitatorAnswerFlow(
    (
        Step("choose", ask_choose, read_choose, ("answer",), "help-facilitator-answer-choose"),
        Step("answer", ask_answer, read_answer, (GATHER, DONE), "help-facilitator-answer"),
        Step(GATHER, ask_gather, read_gather, (GATHER, DONE), "help-facilitator-answer-gather"),
    )
)
