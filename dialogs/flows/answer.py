"""Answering a staff question: the next text or file goes to the complaint and review resumes."""

from __future__ import annotations

from typing import Any

from backend.actors import Actor, ActorRole
from backend.casefiles.models import Complaint, StatusEvent
from backend.casefiles.repository import get_by_ticket
from backend.casefiles.tickets import normalise_ticket
from backend.citizens.models import Channel
from backend.complaints import answering
from backend.complaints.citizen_queries import awaiting_answer_in_chat, latest_question
from dialogs import answers
from dialogs.context import Context, Reask
from dialogs.events import EventKind
from dialogs.flows.base import DONE, Step, StepFlow


class AnswerFlow(StepFlow):
    """Started by /jawab, the 'Answer' button, or any message while staff wait for one."""

    name = "answer"

    async def start(self, ctx: Context, argument: str | None) -> None:
        ctx.enter(self.name, "choose")
        ctx.data["_history"] = []
        waiting = await awaiting_answer_in_chat(
            ctx.session, Channel(ctx.event.channel), ctx.event.chat_id
        )
        wanted = normalise_ticket(argument or "")
        if wanted:
            waiting = [complaint for complaint in waiting if complaint.ticket == wanted]
        if not waiting:
            ctx.say("answer-nothing-waiting")
            ctx.finish()
            return
        if len(waiting) > 1:
            await ask_choose(ctx)
            return
        ctx.data["ticket"] = waiting[0].ticket
        ctx.step = "answer"
        if ctx.event.kind in (EventKind.TEXT, EventKind.FILE):
            # The message that brought us here is the answer itself.
            await self.handle(ctx)
            return
        await ask_answer(ctx)


async def ask_choose(ctx: Context) -> None:
    waiting = await awaiting_answer_in_chat(
        ctx.session, Channel(ctx.event.channel), ctx.event.chat_id
    )
    ctx.ask(
        ctx.t("answer-choose"),
        buttons=[[(complaint.ticket, "ticket", complaint.ticket)] for complaint in waiting],
    )


async def read_choose(ctx: Context) -> str:
    waiting = await awaiting_answer_in_chat(
        ctx.session, Channel(ctx.event.channel), ctx.event.chat_id
    )
    if (pressed := ctx.pressed()) is None or pressed[1] not in {c.ticket for c in waiting}:
        raise Reask("choose-a-button")
    ctx.data["ticket"] = pressed[1]
    return "answer"


async def ask_answer(ctx: Context) -> None:
    waiting = await awaiting_answer_in_chat(
        ctx.session, Channel(ctx.event.channel), ctx.event.chat_id
    )
    complaint = next((c for c in waiting if c.ticket == ctx.data.get("ticket")), None)
    question = await latest_question(ctx.session, complaint.id) if complaint else None
    ctx.ask(ctx.t("answer-prompt", ticket=ctx.data.get("ticket", ""), question=question or "-"))


def answer_content(ctx: Context) -> tuple[dict[str, Any] | None, str | None]:
    """The answer the event carries: a file, or text (anything else is asked again)."""
    if ctx.event.kind == EventKind.FILE:
        return answers.attachment_of(ctx), None
    return None, answers.text_of(ctx)


async def record_answer(
    ctx: Context,
    complaint: Complaint,
    actor: Actor,
    content: tuple[dict[str, Any] | None, str | None],
) -> StatusEvent:
    """Keeps the answer as an inbound message by `actor` and fires provide_info (review resumes)."""
    file, text = content
    return await answering.record_answer(
        ctx.session, complaint, actor, channel=Channel(ctx.event.channel),
        chat_id=ctx.event.chat_id, language=ctx.language, text=text,
        attachment=answers.attachment_file(file) if file is not None else None, now=ctx.now,
    )  # fmt: skip


async def read_answer(ctx: Context) -> str:
    content = answer_content(ctx)
    complaint = await get_by_ticket(ctx.session, ctx.data.get("ticket", ""), for_update=True)
    waiting = await awaiting_answer_in_chat(
        ctx.session, Channel(ctx.event.channel), ctx.event.chat_id
    )
    if complaint is None or complaint.id not in {item.id for item in waiting}:
        ctx.say("answer-nothing-waiting")
        ctx.finish()
        return DONE
    await record_answer(
        ctx, complaint, Actor(ActorRole.CITIZEN, citizen_id=complaint.citizen_id), content
    )
    ctx.say("answer-received", ticket=complaint.ticket)
    ctx.finish()
    return DONE


ANSWER = AnswerFlow(
    (
        Step("choose", ask_choose, read_choose, ("answer",), "help-answer-choose"),
        Step("answer", ask_answer, read_answer, (DONE,), "help-answer"),
    )
)
