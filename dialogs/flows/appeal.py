"""Appealing a resolution (/banding or the 'Appeal' button): a reason, checked, then sent."""

from __future__ import annotations

from typing import Any

from backend.actors import Actor, ActorRole
from backend.casefiles.models import Complaint, ComplaintStatus
from backend.casefiles.repository import get_by_ticket
from backend.casefiles.tickets import normalise_ticket
from backend.citizens.models import Channel
from backend.complaints.citizen_queries import chat_owns_complaint, complaints_of_chat
from backend.complaints.filing import store_attachments
from backend.complaints.lifecycle import OPEN_STATUSES, appeal_window_passed
from backend.complaints.service import MAX_NOTE_LENGTH, EventDetails, EventRefused, fire_event
from dialogs import answers
from dialogs.context import Context, Reask
from dialogs.events import EventKind
from dialogs.flows.base import DONE, Step, StepFlow
from dialogs.i18n import format_day, translate

# Enough for "Belum cair"; a bare "tidak" tells staff nothing to review.
MIN_REASON_LENGTH = 10
# A household rarely has this many complaints; the appealable ones are among the newest.
LISTED_COMPLAINTS = 50


class AppealFlow(StepFlow):
    """Asks why the citizen objects to a resolution and fires the lifecycle event `appeal`."""

    name = "appeal"

    async def start(self, ctx: Context, argument: str | None) -> None:
        """Goes straight to the reason when the ticket is known (or the only one); else lists."""
        ctx.enter(self.name, "choose")
        ctx.data["_history"] = []
        if argument:
            complaint = await own_complaint(ctx, argument)
            if complaint is None:
                ctx.say("appeal-not-found")
                ctx.finish()
            elif (refusal := refusal_of(ctx, complaint)) is not None:
                ctx.say(refusal[0], **refusal[1])
                ctx.finish()
            else:
                await self._ask_reason_for(ctx, complaint.ticket)
            return
        appealable = await appealable_in_chat(ctx)
        if not appealable:
            ctx.say("appeal-none", limit=ctx.services.appeal_window_days)
            ctx.finish()
        elif len(appealable) == 1:
            await self._ask_reason_for(ctx, appealable[0][0].ticket)
        else:
            await ask_choose(ctx)

    async def _ask_reason_for(self, ctx: Context, ticket: str) -> None:
        ctx.data["ticket"] = ticket
        ctx.step = "reason"
        await ask_reason(ctx)


async def own_complaint(ctx: Context, typed: str) -> Complaint | None:
    """The complaint of this ticket if this chat filed it (others are treated as unknown)."""
    ticket = normalise_ticket(typed)
    complaint = await get_by_ticket(ctx.session, ticket) if ticket else None
    return complaint if complaint is not None and await _filed_here(ctx, complaint) else None


async def _filed_here(ctx: Context, complaint: Complaint) -> bool:
    chat = (Channel(ctx.event.channel), ctx.event.chat_id)
    return await chat_owns_complaint(ctx.session, complaint, *chat)


def refusal_of(ctx: Context, complaint: Complaint) -> tuple[str, dict[str, Any]] | None:
    """Why this complaint cannot be appealed now (message key and its values), or None."""
    status = ctx.t(f"status-{complaint.status.value}")
    days = ctx.services.appeal_window_days
    if complaint.status == ComplaintStatus.RESOLVED:
        # The rule fire_event enforces, checked first so nobody writes a reason in vain.
        if appeal_window_passed(complaint, days, ctx.now):
            return "appeal-window-passed", {"ticket": complaint.ticket, "limit": days}
        return None
    if complaint.status in OPEN_STATUSES:
        return "appeal-still-open", {"ticket": complaint.ticket, "status": status}
    return "appeal-not-possible", {"ticket": complaint.ticket, "status": status}


async def appealable_in_chat(ctx: Context) -> list[tuple[Complaint, str]]:
    """This chat's complaints that may be appealed now, with their category's name."""
    mine = await complaints_of_chat(
        ctx.session, Channel(ctx.event.channel), ctx.event.chat_id, limit=LISTED_COMPLAINTS
    )
    return [
        (complaint, category.name_en if ctx.language == "en" else category.name_id)
        for complaint, category in mine
        if refusal_of(ctx, complaint) is None
    ]


async def ask_choose(ctx: Context) -> None:
    appealable = await appealable_in_chat(ctx)
    if not appealable:
        # The last one stopped being appealable while the list was shown.
        ctx.say("appeal-none", limit=ctx.services.appeal_window_days)
        ctx.finish()
        return
    lines = [ctx.t("appeal-choose")]
    lines += [ctx.t("appeal-list-item", ticket=c.ticket, category=name) for c, name in appealable]
    ctx.ask("\n".join(lines), buttons=[[(c.ticket, "ticket", c.ticket)] for c, _ in appealable])


async def read_choose(ctx: Context) -> str:
    appealable = {complaint.ticket for complaint, _ in await appealable_in_chat(ctx)}
    if (pressed := ctx.pressed()) is None or pressed[0] != "ticket" or pressed[1] not in appealable:
        raise Reask("choose-a-button")
    ctx.data["ticket"] = pressed[1]
    return "reason"


async def ask_reason(ctx: Context) -> None:
    complaint = await get_by_ticket(ctx.session, ctx.data.get("ticket", ""))
    resolution = complaint.resolution if complaint and complaint.resolution else "-"
    ctx.ask(ctx.t("appeal-reason", ticket=ctx.data.get("ticket", ""), resolution=resolution))


async def read_reason(ctx: Context) -> str:
    file = ctx.event.file
    if ctx.event.kind == EventKind.FILE and file is not None and file.kind == "voice":
        # Spoken instead of typed: kept with the appeal, the reason says where to listen.
        ctx.data["reason_file"] = answers.attachment_of(ctx)
        ctx.data["reason"] = translate("id", "appeal-reason-by-voice")
        ctx.say("appeal-voice-kept")
        return "confirm"
    ctx.data.pop("reason_file", None)
    reason = answers.text_of(ctx)
    if len(reason) < MIN_REASON_LENGTH:
        raise Reask("appeal-reason-too-short")
    if len(reason) > MAX_NOTE_LENGTH:
        # The reason becomes the public note, which the lifecycle caps at this length.
        raise Reask("input-too-long", limit=MAX_NOTE_LENGTH)
    ctx.data["reason"] = reason
    return "confirm"


async def ask_confirm(ctx: Context) -> None:
    ticket, reason = ctx.data.get("ticket", ""), ctx.data.get("reason", "")
    ctx.ask(
        ctx.t("appeal-confirm", ticket=ticket, reason=reason),
        buttons=[[(ctx.t("button-appeal-send"), "send", "")],
                 [(ctx.t("button-appeal-change"), "change", "")],
                 [(ctx.t("button-cancel"), "cancel", "")]],
    )  # fmt: skip


async def read_confirm(ctx: Context) -> str:
    pressed = ctx.pressed()
    if pressed is None or pressed[0] not in ("send", "change", "cancel"):
        raise Reask("choose-a-button")
    if pressed[0] == "change":
        return "reason"
    if pressed[0] == "cancel":
        ctx.say("appeal-cancelled")
        return DONE
    await send_appeal(ctx)
    return DONE


async def send_appeal(ctx: Context) -> None:
    """Fires `appeal` as the citizen; a refusal is explained with the other ways to object."""
    complaint = await get_by_ticket(ctx.session, ctx.data.get("ticket", ""), for_update=True)
    if complaint is None or not await _filed_here(ctx, complaint):
        ctx.say("appeal-not-found")
        return
    citizen = Actor(ActorRole.CITIZEN, citizen_id=complaint.citizen_id)
    details = EventDetails(reason=ctx.data.get("reason", ""))
    try:
        appeal = await fire_event(
            ctx.session, complaint, "appeal", citizen, details,
            appeal_window_days=ctx.services.appeal_window_days, now=ctx.now,
        )  # fmt: skip
    except EventRefused:
        # Things changed while the reason was typed (staff closed it, the window ran out).
        key, params = refusal_of(ctx, complaint) or (
            "appeal-not-possible",
            {"ticket": complaint.ticket, "status": ctx.t(f"status-{complaint.status.value}")},
        )
        ctx.say(key, **params)
        return
    if (spoken := ctx.data.get("reason_file")) is not None:
        store_attachments(
            ctx.session, complaint.id, (answers.attachment_file(spoken),),
            status_event_id=appeal.id, now=ctx.now,
        )  # fmt: skip
    ctx.say(
        "appeal-sent",
        ticket=complaint.ticket,
        status=ctx.t(f"status-{complaint.status.value}"),
        due=format_day(ctx.language, complaint.expected_completion_on),
    )


APPEAL = AppealFlow(
    (
        Step("choose", ask_choose, read_choose, ("reason",), "help-appeal-choose"),
        Step("reason", ask_reason, read_reason, ("confirm",), "help-appeal-reason"),
        Step("confirm", ask_confirm, read_confirm, ("reason", DONE), "help-appeal-confirm"),
    )
)
