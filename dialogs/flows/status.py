"""Checking on complaints (/status, or a ticket number typed anywhere)."""

from __future__ import annotations

from backend.casefiles.models import Category, Complaint, ComplaintStatus
from backend.casefiles.repository import get_by_ticket
from backend.casefiles.tickets import TICKET_IN_TEXT, normalise_ticket
from backend.citizens.models import Channel
from backend.clock import local_date
from backend.complaints.citizen_queries import (
    chat_owns_complaint,
    complaints_of_chat,
    last_update_of,
    latest_question,
)
from dialogs import answers
from dialogs.context import Context, Reask, global_payload
from dialogs.events import Button, EventKind, Reply
from dialogs.flows.base import DONE, Step, StepFlow
from dialogs.flows.nik_proof import Proof, check_nik_digits, proof_closed
from dialogs.i18n import format_day


async def _owned_by_chat(ctx: Context, complaint: Complaint) -> bool:
    return await chat_owns_complaint(
        ctx.session, complaint, Channel(ctx.event.channel), ctx.event.chat_id
    )


async def describe(ctx: Context, complaint: Complaint, *, owner: bool = True) -> Reply:
    """One complaint as the citizen sees it: status, last update, deadline, and what is asked.

    Someone who only proved the last NIK digits (`owner=False`) sees the status and
    dates, not the staff's words: those go to the chat that filed it.
    """
    category = await ctx.session.get_one(Category, complaint.category_id)
    update = await last_update_of(ctx.session, complaint.id)
    lines = [
        ctx.t(
            "status-detail",
            ticket=complaint.ticket,
            category=category.name_en if ctx.language == "en" else category.name_id,
            status=ctx.t(f"status-{complaint.status.value}"),
            updated=format_day(ctx.language, local_date(update.created_at)),
            due=format_day(ctx.language, complaint.expected_completion_on),
        )
    ]
    buttons: tuple[tuple[Button, ...], ...] = ()
    if not owner:
        return Reply(lines[0])
    if complaint.status == ComplaintStatus.NEEDS_INFO:
        question = await latest_question(ctx.session, complaint.id)
        lines.append(ctx.t("status-question", question=question or "-"))
        # The date waits with the office: said here as the status message said it.
        lines.append(
            ctx.t(
                "notify-due-on-hold", due=format_day(ctx.language, complaint.expected_completion_on)
            )
        )
        buttons = ((Button(ctx.t("button-answer"), global_payload("answer", complaint.ticket)),),)
    elif (
        complaint.status in (ComplaintStatus.RESOLVED, ComplaintStatus.CLOSED)
        and complaint.resolution
    ):
        lines.append(ctx.t("status-resolution", resolution=complaint.resolution))
    elif complaint.status == ComplaintStatus.REJECTED and complaint.rejection_reason:
        lines.append(ctx.t("status-rejection", reason=complaint.rejection_reason))
    return Reply("\n\n".join(lines), buttons=buttons)


class StatusFlow(StepFlow):
    """Lists this chat's complaints; any other complaint needs its NIK's last four digits."""

    name = "status"

    async def start(self, ctx: Context, argument: str | None) -> None:
        ctx.enter(self.name, "pick")
        ctx.data["_history"] = []
        if argument:
            await self.open_ticket(ctx, argument)
            return
        await ask_pick(ctx)

    async def open_ticket(self, ctx: Context, typed: str) -> None:
        """A ticket someone typed: shown if it is this chat's, else verified by NIK digits.

        Any other well-formed ticket is asked about the same way, whether or not a
        complaint has it: the answer must not tell which tickets exist.
        """
        ticket = normalise_ticket(typed)
        if ticket is None:
            ctx.say("status-not-found")
            ctx.finish()
            return
        complaint = await get_by_ticket(ctx.session, ticket)
        if complaint is not None and await _owned_by_chat(ctx, complaint):
            ctx.replies.append(await describe(ctx, complaint))
            ctx.finish()
            return
        if await proof_closed(ctx, ticket):
            ctx.say("status-locked")
            ctx.finish()
            return
        ctx.data["ticket"] = ticket
        ctx.step = "verify"
        await ask_verify(ctx)


async def show_ticket(ctx: Context, ticket: str) -> None:
    """Shows a complaint of this chat without leaving the current flow."""
    complaint = await get_by_ticket(ctx.session, normalise_ticket(ticket) or "")
    if complaint is None or not await _owned_by_chat(ctx, complaint):
        ctx.say("status-not-found")
        return
    ctx.replies.append(await describe(ctx, complaint))


async def ask_pick(ctx: Context) -> None:
    mine = await complaints_of_chat(ctx.session, Channel(ctx.event.channel), ctx.event.chat_id)
    if not mine:
        ctx.ask(ctx.t("status-none"))
        return
    lines = [ctx.t("status-list")]
    for complaint, category in mine:
        lines.append(
            ctx.t(
                "status-list-item",
                ticket=complaint.ticket,
                category=category.name_en if ctx.language == "en" else category.name_id,
                status=ctx.t(f"status-{complaint.status.value}"),
                due=format_day(ctx.language, complaint.expected_completion_on),
            )
        )
    ctx.ask(
        "\n".join(lines),
        buttons=[[(complaint.ticket, "show", complaint.ticket)] for complaint, _ in mine],
        takes_text=True,  # a ticket typed instead
    )


async def read_pick(ctx: Context) -> str:
    if (pressed := ctx.pressed()) is not None and pressed[0] == "show":
        await STATUS.open_ticket(ctx, pressed[1])
        return DONE
    text = answers.text_of(ctx) if ctx.event.kind == EventKind.TEXT else ""
    match = TICKET_IN_TEXT.search(text)
    if not match or not normalise_ticket(match.group(0)):
        raise Reask("status-type-ticket")
    await STATUS.open_ticket(ctx, match.group(0))
    return DONE


async def ask_verify(ctx: Context) -> None:
    ctx.ask(ctx.t("status-verify", ticket=ctx.data.get("ticket", "")))


async def read_verify(ctx: Context) -> str:
    ticket = ctx.data.get("ticket", "")
    complaint = await get_by_ticket(ctx.session, ticket)
    citizen_id = complaint.citizen_id if complaint is not None else None
    proof = await check_nik_digits(ctx, ticket, citizen_id, answers.text_of(ctx))
    if proof == Proof.PROVEN and complaint is not None:
        ctx.replies.append(await describe(ctx, complaint, owner=False))
        ctx.finish()
        return DONE
    if proof in (Proof.BLOCKED, Proof.LOCKED):
        ctx.say("status-verify-failed" if proof == Proof.BLOCKED else "status-locked")
        ctx.finish()
        return DONE
    raise Reask("status-verify-wrong")


STATUS = StatusFlow(
    (
        Step("pick", ask_pick, read_pick, (DONE,), "help-status"),
        Step("verify", ask_verify, read_verify, (DONE,), "help-status-verify"),
    )
)
