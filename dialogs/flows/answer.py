"""Answering a staff question: everything the person sends is gathered, then passed on once.

Each text, photo, document or voice note is kept on the complaint as it arrives
(backend/complaints/answer_gathering.py) and acknowledged with a "Selesai" button;
"Selesai", or a few quiet minutes (the notifier's job), fires provide_info once.
The gathering half (`keep_piece`, `ask_gather`, `gather_piece`, `finish_answer`)
serves a facilitator answering on the household's behalf too (facilitator_answer.py).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from backend.actors import Actor, ActorRole
from backend.casefiles.models import Complaint
from backend.casefiles.repository import get_by_ticket
from backend.casefiles.tickets import normalise_ticket
from backend.citizens.models import Channel, Citizen
from backend.citizens.service import identity_for_chat
from backend.complaints.answer_gathering import add_piece, close_answer, gathering_of
from backend.complaints.citizen_queries import (
    awaiting_answer_in_chat,
    chat_owns_complaint,
    latest_question,
)
from backend.complaints.filing import clean_text
from backend.complaints.service import FiredEvent
from backend.facilitators.repository import active_facilitator_of_chat
from dialogs import answers
from dialogs.context import Context, Reask, global_payload
from dialogs.events import Button, EventKind
from dialogs.flows.base import DONE, Step, StepFlow
from dialogs.i18n import format_day

# The action of the "Selesai" button: valid whenever pressed, so any acknowledgement's works.
ANSWER_DONE = "answer_done"
GATHER = "gather"
# The flows that gather an answer: the household's own, and its facilitator's on its behalf.
GATHERING_FLOWS = ("answer", "facilitator_answer")
# What a gathering flow does with one piece: keeps it (the next step) or ends (DONE).
Keep = Callable[[Context, tuple[dict[str, Any] | None, str | None]], Awaitable[str]]


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
        carries_piece = ctx.event.kind in (EventKind.TEXT, EventKind.FILE)
        if len(waiting) > 1:
            if carries_piece:
                # Kept until the person says which complaint it is for: nothing is dropped.
                ctx.data["held"] = _held_piece(ctx)
            await ask_choose(ctx)
            return
        ctx.data["ticket"] = waiting[0].ticket
        ctx.step = "answer"
        if carries_piece:
            # The message that brought us here is the first piece of the answer.
            await self.handle(ctx)
            return
        await ask_answer(ctx)


def _held_piece(ctx: Context) -> dict[str, Any] | None:
    try:
        file, text = piece_of(ctx)
    except Reask:
        return None
    return {"file": file, "text": text}


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
    held = ctx.data.pop("held", None)
    if held is None:
        return "answer"
    return await _keep_piece(ctx, (held.get("file"), held.get("text")))


async def ask_answer(ctx: Context) -> None:
    waiting = await awaiting_answer_in_chat(
        ctx.session, Channel(ctx.event.channel), ctx.event.chat_id
    )
    complaint = next((c for c in waiting if c.ticket == ctx.data.get("ticket")), None)
    question = await latest_question(ctx.session, complaint.id) if complaint else None
    ctx.ask(ctx.t("answer-prompt", ticket=ctx.data.get("ticket", ""), question=question or "-"))


async def ask_gather(ctx: Context) -> None:
    """Acknowledges the piece just kept and offers "Selesai"."""
    ctx.new_question()
    done = Button(ctx.t("button-answer-done"), global_payload(ANSWER_DONE, ctx.data["ticket"]))
    ctx.offer(
        ctx.t("answer-piece-kept", ticket=ctx.data["ticket"], count=ctx.data.get("pieces", 1)),
        ((done,),),
    )


def piece_of(ctx: Context) -> tuple[dict[str, Any] | None, str | None]:
    """The piece the event carries: a file (photo, document, voice note) or text."""
    if ctx.event.kind == EventKind.FILE:
        return answers.attachment_of(ctx), None
    if ctx.event.kind != EventKind.TEXT or not clean_text(ctx.event.text):
        raise Reask("answer-expected-piece")
    return None, answers.text_of(ctx)


def _says_done(ctx: Context) -> bool:
    # "selesai" typed instead of pressed (the button's label without its emoji).
    typed = (ctx.event.text or "").strip().casefold() if ctx.event.kind == EventKind.TEXT else ""
    label = ctx.t("button-answer-done").split(" ", 1)[-1].casefold()
    return typed in {label, "selesai", "done"}


async def read_answer(ctx: Context) -> str:
    return await _keep_piece(ctx, piece_of(ctx))


async def read_gather(ctx: Context) -> str:
    return await gather_piece(ctx, _keep_piece)


async def gather_piece(ctx: Context, keep: Keep) -> str:
    """The gather step of either flow: "Selesai" closes the answer, anything else is a piece."""
    if _says_done(ctx):
        await finish_answer(ctx, ctx.data.get("ticket", ""))
        return DONE
    content = piece_of(ctx)
    complaint = await get_by_ticket(ctx.session, ctx.data.get("ticket", ""), for_update=True)
    if complaint is None or await gathering_of(ctx.session, complaint.id) is None:
        # Passed on meanwhile (the quiet period): this message is not part of it.
        ctx.finish()
        ctx.pass_on = True
        return DONE
    return await keep(ctx, content)


async def _keep_piece(ctx: Context, content: tuple[dict[str, Any] | None, str | None]) -> str:
    complaint = await get_by_ticket(ctx.session, ctx.data.get("ticket", ""), for_update=True)
    waiting = await awaiting_answer_in_chat(
        ctx.session, Channel(ctx.event.channel), ctx.event.chat_id
    )
    if complaint is None or complaint.id not in {item.id for item in waiting}:
        ctx.say("answer-nothing-waiting")
        ctx.finish()
        return DONE
    citizen = Actor(ActorRole.CITIZEN, citizen_id=complaint.citizen_id)
    return await keep_piece(ctx, complaint, citizen, content)


async def keep_piece(
    ctx: Context,
    complaint: Complaint,
    actor: Actor,
    content: tuple[dict[str, Any] | None, str | None],
) -> str:
    """Adds one piece by `actor` to the complaint's answer; the gather step acknowledges it.

    The caller holds the complaint's row lock and has checked that `actor` may answer now.
    """
    file, text = content
    identity = await identity_for_chat(
        ctx.session, Channel(ctx.event.channel), ctx.event.chat_id, language=ctx.language,
        citizen=None,
    )  # fmt: skip
    gathering = await add_piece(
        ctx.session, complaint, actor, identity_id=identity.id, text=text,
        attachment=answers.attachment_file(file) if file is not None else None, now=ctx.now,
    )  # fmt: skip
    ctx.data["pieces"] = gathering.pieces
    if file is not None and file.get("kind") == "voice":
        ctx.say("answer-voice-kept")
    return GATHER


async def finish_answer(ctx: Context, ticket: str) -> None:
    """ "Selesai": passes the gathered answer on, or says it has gone already.

    Only the household's own chat or its facilitator's may close it; anyone else is
    told it has gone, learning nothing about the complaint.
    """
    complaint = await get_by_ticket(ctx.session, normalise_ticket(ticket) or "", for_update=True)
    chat = (Channel(ctx.event.channel), ctx.event.chat_id)
    facilitator = await active_facilitator_of_chat(ctx.session, *chat)
    by_facilitator = (
        complaint is not None
        and facilitator is not None
        and complaint.facilitator_id == facilitator.id
    )
    closed = None
    if complaint is not None and (
        by_facilitator or await chat_owns_complaint(ctx.session, complaint, *chat)
    ):
        closed = await close_answer(ctx.session, complaint, now=ctx.now, tell_chat=False)
    if closed and by_facilitator and closed.event.actor_role == ActorRole.FACILITATOR:
        # Thanked in a facilitator's words only for an answer passed on in their name.
        assert complaint is not None
        household = await ctx.session.get_one(Citizen, complaint.citizen_id)
        thanks = ctx.t("facilitator-answer-received", ticket=ticket, household=household.full_name)
        ctx.say_text(thanks + _expected_date(ctx, closed))
    elif closed:
        ctx.say_text(ctx.t("answer-received", ticket=ticket) + _expected_date(ctx, closed))
    else:
        passed = "facilitator-answer-already-passed" if facilitator else "answer-already-passed"
        ctx.say(passed, ticket=ticket)
    if ctx.flow in GATHERING_FLOWS:
        ctx.finish()


def _expected_date(ctx: Context, fired: FiredEvent) -> str:
    # Review resumes and the date held while waiting moves on by the days spent waiting:
    # said here as the status message says it to every other chat (bot/notifier/compose.py).
    expected = fired.expected
    if expected.on is None:
        return ""
    lines = [ctx.t("notify-due", due=format_day(ctx.language, expected.on))]
    if expected.moved is not None:
        before = format_day(ctx.language, expected.before) if expected.before else "-"
        lines.append(
            ctx.t(f"notify-due-moved-{expected.moved.value}", before=before, days=expected.days,
                  due="-", agency="-")
        )  # fmt: skip
    return "\n\n" + "\n".join(lines)


ANSWER = AnswerFlow(
    (
        Step("choose", ask_choose, read_choose, ("answer", GATHER), "help-answer-choose"),
        Step("answer", ask_answer, read_answer, (GATHER, DONE), "help-answer"),
        Step(GATHER, ask_gather, read_gather, (GATHER, DONE), "help-answer-gather"),
    )
)
