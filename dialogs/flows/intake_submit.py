"""Turns a finished intake into a registered complaint (or more detail on an open one)."""

from __future__ import annotations

from backend.actors import Actor, ActorRole
from backend.citizens.models import Channel
from backend.citizens.service import identity_for_chat, save_citizen
from backend.complaints.citizen_queries import chat_owns_complaint, find_open_duplicate
from backend.complaints.models import (
    Attachment,
    Complaint,
    ComplaintMessage,
    FiledFor,
    MessageDirection,
)
from backend.complaints.repository import get_category_by_code
from backend.complaints.service import register_complaint
from dialogs import answers
from dialogs.context import Context, global_payload
from dialogs.events import Button, Reply
from dialogs.i18n import format_day


async def find_duplicate(ctx: Context) -> Complaint | None:
    """This chat's open complaint about the same NIK and category, if there is one.

    A complaint filed from another chat is never offered: that would tell a
    stranger who typed the NIK that the person has a complaint, and its ticket.
    """
    nik = answers.unseal(ctx, ctx.data.get("nik"))
    category = await get_category_by_code(ctx.session, ctx.data.get("category", ""))
    if nik is None or category is None:
        return None
    found = await find_open_duplicate(ctx.session, ctx.services.vault.lookup_hash(nik), category.id)
    channel = Channel(ctx.event.channel)
    if found is None or not await chat_owns_complaint(
        ctx.session, found, channel, ctx.event.chat_id
    ):
        return None
    return found


async def submit_complaint(ctx: Context) -> Complaint:
    """Stores the citizen and registers the complaint; tells the ticket and the deadline."""
    data = ctx.data
    channel = Channel(ctx.event.channel)
    citizen = await save_citizen(
        ctx.session,
        ctx.services.vault,
        full_name=data["full_name"],
        nik=answers.unseal(ctx, data.get("nik")),
        kk=answers.unseal(ctx, data.get("kk")),
        phone=data.get("phone"),
        kelurahan_code=data.get("kelurahan"),
        address=data.get("address"),
        language=ctx.language,
        consent_method=f"chat:{channel.value}",
        now=ctx.now,
    )
    identity = await identity_for_chat(
        ctx.session, channel, ctx.event.chat_id, language=ctx.language, citizen=citizen
    )
    category = await get_category_by_code(ctx.session, data["category"])
    assert category is not None, "the category step only accepts existing categories"
    complaint = await register_complaint(
        ctx.session,
        citizen=citizen,
        category=category,
        description=data["description"],
        channel=channel,
        actor=Actor(ActorRole.CITIZEN, citizen_id=citizen.id),
        identity=identity,
        filed_for=FiledFor(data.get("for_whom", "self")),
        kelurahan_code=data.get("kelurahan"),
        address=data.get("address"),
        nik_outside_city=bool(data.get("nik_outside")),
        now=ctx.now,
    )
    _store_attachments(ctx, complaint.id, data.get("files", []), message_id=None)
    ctx.replies.append(
        Reply(
            ctx.t(
                "intake-registered",
                ticket=complaint.ticket,
                status=ctx.t(f"status-{complaint.status.value}"),
                due=format_day(ctx.language, complaint.expected_completion_on),
            ),
            buttons=(
                (Button(ctx.t("button-see-status"), global_payload("status", complaint.ticket)),),
            ),
        )
    )
    ctx.finish()
    return complaint


async def add_to_existing(ctx: Context, ticket: str) -> None:
    """Adds the new description and files to the open complaint instead of filing again."""
    complaint = await find_duplicate(ctx)
    if complaint is None or complaint.ticket != ticket:  # closed meanwhile: file a new one
        await submit_complaint(ctx)
        return
    identity = await identity_for_chat(
        ctx.session, Channel(ctx.event.channel), ctx.event.chat_id,
        language=ctx.language, citizen=None,
    )  # fmt: skip
    message = ComplaintMessage(
        complaint_id=complaint.id,
        direction=MessageDirection.INBOUND,
        author_role=ActorRole.CITIZEN.value,
        identity_id=identity.id,
        text=ctx.data.get("description"),
        created_at=ctx.now,
    )
    ctx.session.add(message)
    await ctx.session.flush()
    _store_attachments(ctx, complaint.id, ctx.data.get("files", []), message_id=message.id)
    ctx.say("intake-added-to-existing", ticket=ticket)
    ctx.finish()


def _store_attachments(
    ctx: Context, complaint_id: int, files: list[dict[str, object]], *, message_id: int | None
) -> None:
    # The channel's file ids are kept; the channel adapter fetches the bytes.
    for file in files:
        ctx.session.add(
            Attachment(
                complaint_id=complaint_id,
                message_id=message_id,
                kind=str(file["kind"]),
                channel_file_id=str(file["file_id"]),
                mime_type=file.get("mime_type"),  # type: ignore[arg-type]
                size_bytes=file.get("size"),  # type: ignore[arg-type]
                original_name=file.get("file_name"),  # type: ignore[arg-type]
                stored_path=file.get("stored_path"),  # type: ignore[arg-type]
                sha256=file.get("sha256"),  # type: ignore[arg-type]
                created_at=ctx.now,
            )
        )
