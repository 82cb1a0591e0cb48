"""Sends a citizen's finished intake to the filing service and tells what came of it."""

from __future__ import annotations

from backend.actors import Actor, ActorRole
from backend.casefiles.models import FiledFor
from backend.citizens.models import Channel
from backend.complaints.filing import (
    FilingOutcome,
    FilingRequest,
    FilingResult,
    OnDuplicate,
    file_complaint,
)
from dialogs import answers
from dialogs.context import Context, global_payload
from dialogs.events import Button, Reply
from dialogs.flows.outreach_link import chat_source, forget_source
from dialogs.i18n import format_day


def citizen_filing(ctx: Context) -> FilingRequest:
    """The complaint the intake's answers describe, filed by the citizen of this chat."""
    data = ctx.data
    channel = Channel(ctx.event.channel)
    return FilingRequest(
        person=answers.person_of(ctx), category_code=data.get("category"),
        description=data.get("description") or "", channel=channel,
        actor=Actor(ActorRole.CITIZEN),
        consent_method=f"chat:{channel.value}" if data.get("consent") else None,
        no_nik=bool(data.get("no_nik")), filed_for=FiledFor(data.get("for_whom", "self")),
        chat_id=ctx.event.chat_id, chat_language=ctx.language,
        attachments=answers.attachment_files(ctx), source=chat_source(ctx),
    )  # fmt: skip


async def send_citizen_filing(
    ctx: Context, on_duplicate: OnDuplicate, offered_ticket: str | None
) -> FilingOutcome:
    """Files the complaint (or adds to the open one); tells the ticket and the deadline."""
    outcome = await file_complaint(
        ctx.session, ctx.services.vault, citizen_filing(ctx),
        on_duplicate=on_duplicate, offered_ticket=offered_ticket, now=ctx.now,
    )  # fmt: skip
    complaint = outcome.complaint
    if outcome.result == FilingResult.ADDED_TO_EXISTING:
        ctx.say("intake-added-to-existing", ticket=complaint.ticket)
    elif outcome.result == FilingResult.FILED:
        forget_source(ctx)
        ctx.replies.append(
            Reply(
                ctx.t(
                    "intake-registered",
                    ticket=complaint.ticket,
                    status=ctx.t(f"status-{complaint.status.value}"),
                    due=format_day(ctx.language, complaint.expected_completion_on),
                ),
                buttons=(
                    (
                        Button(
                            ctx.t("button-see-status"), global_payload("status", complaint.ticket)
                        ),
                    ),
                ),
            )
        )
    return outcome
