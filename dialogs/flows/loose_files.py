"""A file or voice note sent outside any flow, with no staff question waiting: what is it for?

Never dropped in silence: the person is told it arrived and chooses a new complaint
(intake starts with the file already attached), one of their open complaints, or
to throw it away. Until they choose, it waits in the conversation's sealed data.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from backend.actors import Actor, ActorRole
from backend.casefiles.models import ComplaintStatus
from backend.casefiles.repository import get_by_ticket
from backend.citizens.models import Channel
from backend.citizens.service import identity_for_chat
from backend.complaints.citizen_queries import chat_owns_complaint, complaints_of_chat
from backend.complaints.filing import add_inbound_message
from dialogs import answers
from dialogs.context import Context, Reask

LOOSE = "loose"
NEW, DISCARD = "new", "discard"
# A few of the chat's newest open complaints are offered; older ones are rarely meant.
OFFERED_COMPLAINTS = 3
_FINISHED = frozenset({ComplaintStatus.CLOSED, ComplaintStatus.REJECTED})

StartFlow = Callable[[Context, str], Awaitable[None]]


async def offer_loose_file(ctx: Context) -> bool:
    """Keeps the file and asks what it is for; False when the file itself cannot be taken."""
    try:
        kept = answers.attachment_of(ctx)
    except Reask as problem:
        ctx.say(problem.key, **problem.params)
        return False
    ctx.data[LOOSE] = kept
    chat = (Channel(ctx.event.channel), ctx.event.chat_id)
    open_tickets = [
        complaint.ticket
        for complaint, _ in await complaints_of_chat(ctx.session, *chat)
        if complaint.status not in _FINISHED
    ][:OFFERED_COMPLAINTS]
    key = "loose-voice-what-for" if kept.get("kind") == "voice" else "loose-file-what-for"
    ctx.ask(
        ctx.t(key),
        buttons=[
            [(ctx.t("button-loose-new"), LOOSE, NEW)],
            *[
                [(ctx.t("button-loose-add", ticket=ticket), LOOSE, ticket)]
                for ticket in open_tickets
            ],
            [(ctx.t("button-loose-discard"), LOOSE, DISCARD)],
        ],
    )
    return True


async def place_loose_file(ctx: Context, choice: str, start_flow: StartFlow) -> bool:
    """Acts on the person's choice; False when no file waits (the menu follows)."""
    kept = ctx.data.pop(LOOSE, None)
    if kept is None:
        return False
    if choice == NEW:
        ctx.say("loose-file-to-new")
        await start_flow(ctx, "intake")
        if ctx.flow is not None:
            ctx.data.setdefault("files", []).append(kept)
        return True
    if choice == DISCARD:
        ctx.say("loose-file-discarded")
        return False
    complaint = await get_by_ticket(ctx.session, choice, for_update=True)
    chat = (Channel(ctx.event.channel), ctx.event.chat_id)
    if complaint is None or not await chat_owns_complaint(ctx.session, complaint, *chat):
        ctx.data[LOOSE] = kept
        ctx.say("old-button")
        return False
    identity = await identity_for_chat(ctx.session, *chat, language=ctx.language, citizen=None)
    await add_inbound_message(
        ctx.session, complaint, Actor(ActorRole.CITIZEN, citizen_id=complaint.citizen_id),
        text=None, identity_id=identity.id, attachments=(answers.attachment_file(kept),),
        now=ctx.now,
    )  # fmt: skip
    ctx.say("loose-file-added", ticket=complaint.ticket)
    return False
