"""An answer to a staff question, gathered piece by piece until the person is done.

People answer the way they chat: a line of text, then a photo, then a voice note.
Each piece is kept on the complaint the moment it arrives (an inbound message, its
file an attachment), so nothing is lost if the person never says they are done.
What is open lives in a row, not in the conversation: a crash loses nothing, the
quiet-period job (`answer_sweep.py`) can find it without a message from the
person, and both the chat's "Selesai" and the job close it under the same row lock,
so `provide_info` fires once however many processes look.

A facilitator may answer on the household's behalf: the gathering then remembers
the facilitator who opened it, the answer is passed on in their name, and the
quiet-period news goes to their chat in their words.

Locks are always taken complaint first, then the gathering, by the chat and the job alike.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, Integer, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from backend.actors import Actor, ActorRole
from backend.casefiles.models import (
    Attachment,
    Complaint,
    ComplaintMessage,
    ComplaintStatus,
    MessageDirection,
    StatusEvent,
)
from backend.citizens.models import ChannelIdentity
from backend.complaints.filing import AttachmentFile, add_inbound_message
from backend.complaints.service import EventDetails, FiredEvent, fire_event_dated
from backend.db import Base, UtcDateTime
from backend.notifications.models import Recipient
from backend.notifications.outbox import queue_message

# How long a person may stay quiet before what they sent is passed on by itself.
DEFAULT_QUIET_PERIOD = timedelta(minutes=5)
# The outbox template telling a facilitator's chat that the quiet period passed their answer on.
FACILITATOR_ANSWER_PASSED = "facilitator.answer_passed_quiet"


class AnswerGathering(Base):
    """An answer being gathered for one complaint waiting for information (one at a time)."""

    __tablename__ = "answer_gatherings"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), unique=True)
    # The chat that answers: told when the job passes the answer on.
    identity_id: Mapped[int] = mapped_column(ForeignKey("channel_identities.id"))
    # Set when a facilitator opened it: the answer is theirs on the household's behalf.
    facilitator_id: Mapped[int | None] = mapped_column(ForeignKey("facilitators.id"))
    pieces: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_piece_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)


async def gathering_of(
    session: AsyncSession, complaint_id: int, *, for_update: bool = False
) -> AnswerGathering | None:
    """The answer open for the complaint, if any (locked until commit when asked)."""
    statement = select(AnswerGathering).where(AnswerGathering.complaint_id == complaint_id)
    if for_update:
        statement = statement.with_for_update()
    return (await session.execute(statement)).scalar_one_or_none()


async def add_piece(
    session: AsyncSession,
    complaint: Complaint,
    actor: Actor,
    *,
    identity_id: int,
    text: str | None,
    attachment: AttachmentFile | None,
    now: datetime,
) -> AnswerGathering:
    """Keeps one piece of the answer on the complaint at once; opens the answer on the first.

    The caller holds the complaint's row lock and has checked that it waits for information.
    Who opens the answer (the household's chat or its facilitator) answers it to the end.
    """
    gathering = await gathering_of(session, complaint.id, for_update=True)
    if gathering is None:
        by_facilitator = actor.role == ActorRole.FACILITATOR
        gathering = AnswerGathering(
            complaint_id=complaint.id, identity_id=identity_id, pieces=0, started_at=now,
            last_piece_at=now, facilitator_id=actor.facilitator_id if by_facilitator else None,
        )  # fmt: skip
        session.add(gathering)
    files = (attachment,) if attachment is not None else ()
    await add_inbound_message(
        session, complaint, actor, text=text, identity_id=identity_id, attachments=files, now=now
    )
    gathering.pieces += 1
    gathering.last_piece_at = now
    await session.flush()
    return gathering


async def close_answer(
    session: AsyncSession, complaint: Complaint, *, now: datetime, tell_chat: bool
) -> FiredEvent | None:
    """Passes the gathered answer on: provide_info once, its files tied to that event.

    None when nothing was open (closed already, by the chat or the job). The caller holds
    the complaint's row lock. `tell_chat` queues the news to the chat that answered, for
    a close the person did not see happen (the quiet period).
    """
    gathering = await gathering_of(session, complaint.id, for_update=True)
    if gathering is None:
        return None
    fired = None
    if complaint.status == ComplaintStatus.NEEDS_INFO:
        fired = await fire_event_dated(
            session, complaint, "provide_info", answering_actor(gathering, complaint),
            EventDetails(), now=now,
        )  # fmt: skip
        await _tie_files_to(session, gathering, fired.event)
        if tell_chat:
            await _tell_chat(session, gathering, complaint, fired)
    # Staff may have rejected the complaint meanwhile: the pieces stay on it, nothing fires.
    await session.execute(delete(AnswerGathering).where(AnswerGathering.id == gathering.id))
    return fired


def answering_actor(gathering: AnswerGathering, complaint: Complaint) -> Actor:
    """Who the gathered answer is from: the facilitator who opened it, else the household."""
    if gathering.facilitator_id is not None:
        return Actor(ActorRole.FACILITATOR, facilitator_id=gathering.facilitator_id)
    return Actor(ActorRole.CITIZEN, citizen_id=complaint.citizen_id)


async def quiet_answers(session: AsyncSession, cutoff: datetime) -> list[int]:
    """Complaints whose open answer got no piece since `cutoff`, oldest first."""
    statement = (
        select(AnswerGathering.complaint_id)
        .where(AnswerGathering.last_piece_at <= cutoff)
        .order_by(AnswerGathering.last_piece_at)
    )
    return list((await session.scalars(statement)).all())


async def close_if_quiet(
    session: AsyncSession, complaint_id: int, *, now: datetime, quiet_period: timedelta
) -> bool:
    """Closes the complaint's open answer if it is still quiet once locked; answers whether it did."""
    complaint = (
        await session.execute(
            select(Complaint).where(Complaint.id == complaint_id).with_for_update()
        )
    ).scalar_one_or_none()
    gathering = await gathering_of(session, complaint_id, for_update=True)
    if complaint is None or gathering is None or gathering.last_piece_at > now - quiet_period:
        return False  # closed meanwhile, or the person sent more
    await close_answer(session, complaint, now=now, tell_chat=True)
    return True


async def _tie_files_to(
    session: AsyncSession, gathering: AnswerGathering, status_event: StatusEvent
) -> None:
    # The files of the pieces gathered: the household's messages since the answer opened.
    pieces = select(ComplaintMessage.id).where(
        ComplaintMessage.complaint_id == gathering.complaint_id,
        ComplaintMessage.direction == MessageDirection.INBOUND,
        ComplaintMessage.created_at >= gathering.started_at,
    )
    await session.execute(
        update(Attachment)
        .where(
            Attachment.complaint_id == gathering.complaint_id,
            Attachment.status_event_id.is_(None),
            Attachment.message_id.in_(pieces),
        )
        .values(status_event_id=status_event.id)
    )


async def _tell_chat(
    session: AsyncSession, gathering: AnswerGathering, complaint: Complaint, fired: FiredEvent
) -> None:
    identity = await session.get(ChannelIdentity, gathering.identity_id)
    if identity is None:
        return
    if gathering.facilitator_id is not None:
        if identity.facilitator_id != gathering.facilitator_id:
            return  # the chat is no longer that facilitator's: it hears nothing of the case
        # The facilitator's own news, not the household's: no status words meant for a citizen.
        queue_message(
            session, identity, Recipient.FACILITATOR, FACILITATOR_ANSWER_PASSED,
            {"ticket": complaint.ticket}, complaint_id=complaint.id,
        )  # fmt: skip
        return
    # The household hears what every other chat heard, the date's move included.
    queue_message(
        session, identity, Recipient.CITIZEN, "complaint.provide_info", fired.status_params,
        complaint_id=complaint.id, status_event_id=fired.event.id,
    )  # fmt: skip
