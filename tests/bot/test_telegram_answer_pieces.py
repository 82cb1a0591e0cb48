"""Answers to a staff question in pieces, and files outside any flow, through both libraries.

python-telegram-bot and aiogram against the local Bot API server (issue 17): a text,
a photo and a voice note after one question are one answer, passed on once at
"Selesai" or after a quiet spell; a photo outside any flow is never met with silence.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.actors import Actor, ActorRole
from backend.casefiles.models import Attachment, Complaint, ComplaintStatus, StatusEvent
from backend.clock import utcnow
from backend.complaints.answer_sweep import close_quiet_answers_once
from backend.complaints.service import EventDetails, fire_event
from backend.files import read_stored
from backend.security.crypto import Vault
from tests.bot.conftest import RunningService, TelegramUser, file_complaint_by_telegram
from tests.fixtures.upload_files import image_of, ogg_opus_voice

# Polling is enough here: the webhook hands the same update to the same channel.
pytestmark = pytest.mark.parametrize("mode", ["polling"])


async def _staff_ask(sessions: async_sessionmaker[AsyncSession], ticket: str) -> None:
    async with sessions() as session:
        complaint = (
            await session.execute(select(Complaint).where(Complaint.ticket == ticket))
        ).scalar_one()
        staff = Actor(ActorRole.BACK_OFFICE)
        await fire_event(session, complaint, "start_review", staff)
        await fire_event(
            session, complaint, "request_info", staff, EventDetails(note="Mohon foto KK.")
        )
        await session.commit()


async def _asked(service: RunningService, sessions: async_sessionmaker[AsyncSession]) -> str:
    user = TelegramUser(service.api)
    ticket = await file_complaint_by_telegram(user)
    await _staff_ask(sessions, ticket)
    await service.api.wait_for_message(user.user_id, "Mohon foto KK.")
    return ticket


async def _send_and_wait(user: TelegramUser, send: object, expect: str) -> None:
    before = user.api.last_message(user.user_id)
    assert callable(send)
    send()
    await user.api.wait_for_message(
        user.user_id, expect, after=before.message_id if before else None
    )


async def _provide_infos(sessions: async_sessionmaker[AsyncSession]) -> list[StatusEvent]:
    async with sessions() as session:
        found = await session.scalars(
            select(StatusEvent).where(StatusEvent.event == "provide_info")
        )
        return list(found.all())


async def _attachments(sessions: async_sessionmaker[AsyncSession]) -> list[Attachment]:
    async with sessions() as session:
        return list((await session.scalars(select(Attachment).order_by(Attachment.id))).all())


async def _text_photo_voice(user: TelegramUser) -> None:
    api, uid = user.api, user.user_id
    await user.say("Ini KK kami.", "Diterima (1)")
    await _send_and_wait(user, lambda: api.send_photo(uid, image_of("JPEG")), "Diterima (2)")
    await _send_and_wait(user, lambda: api.send_voice(uid, ogg_opus_voice(2)), "Diterima (3)")


async def test_text_photo_and_voice_then_selesai_is_one_answer(
    service: RunningService, sessions: async_sessionmaker[AsyncSession], vault: Vault
) -> None:
    ticket = await _asked(service, sessions)
    user = TelegramUser(service.api)
    await _text_photo_voice(user)
    await user.press("Selesai", "sudah kami teruskan")
    events = await _provide_infos(sessions)
    assert len(events) == 1
    attachments = await _attachments(sessions)
    assert [a.mime_type for a in attachments] == ["image/jpeg", "audio/ogg"]
    assert {a.status_event_id for a in attachments} == {events[0].id}
    voice = read_stored(Path(attachments[1].stored_path or ""), vault)
    assert voice == ogg_opus_voice(2)
    async with sessions() as session:
        complaint = (await session.scalars(select(Complaint))).one()
    assert (complaint.ticket, complaint.status) == (ticket, ComplaintStatus.IN_REVIEW)


async def test_a_quiet_spell_passes_the_answer_on_and_says_so(
    service: RunningService, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await _asked(service, sessions)
    user = TelegramUser(service.api)
    await _text_photo_voice(user)
    # The active notifier's job, driven with a clock past the quiet period.
    later = utcnow() + timedelta(minutes=service.settings.answer_quiet_minutes, seconds=1)
    quiet = timedelta(minutes=service.settings.answer_quiet_minutes)
    assert await close_quiet_answers_once(sessions, quiet_period=quiet, now=later) == 1
    await service.api.wait_for_message(user.user_id, "Data tambahan untuk pengaduan Anda")
    assert len(await _provide_infos(sessions)) == 1
    assert len(await _attachments(sessions)) == 2


async def test_a_photo_outside_any_flow_goes_to_the_waiting_complaint(
    service: RunningService, sessions: async_sessionmaker[AsyncSession]
) -> None:
    ticket = await _asked(service, sessions)
    user = TelegramUser(service.api)
    await user.say("/menu", "Silakan pilih")
    await _send_and_wait(
        user,
        lambda: service.api.send_photo(user.user_id, image_of("JPEG")),
        f"Diterima (1) untuk pengaduan {ticket}",
    )
    assert len(await _attachments(sessions)) == 1


async def test_a_photo_with_nothing_waiting_is_asked_about(
    service: RunningService, sessions: async_sessionmaker[AsyncSession]
) -> None:
    user = TelegramUser(service.api)
    await user.say("/start", "Silakan pilih")
    await _send_and_wait(
        user, lambda: service.api.send_photo(user.user_id, image_of("JPEG")), "Untuk apa berkas"
    )
    await user.press("Buang", "sudah dibuang")
    assert await _attachments(sessions) == []


async def test_a_voice_note_where_typing_is_needed_is_explained(
    service: RunningService, sessions: async_sessionmaker[AsyncSession]
) -> None:
    user = TelegramUser(service.api)
    await user.say("/start", "Silakan pilih")
    await user.press("Buat pengaduan", "Sebelum mulai")
    await user.press("Setuju", "untuk siapa")
    await user.press("diri sendiri", "nama lengkap")
    await _send_and_wait(
        user, lambda: service.api.send_voice(user.user_id, ogg_opus_voice(1)), "perlu diketik"
    )
    # The name step is still open: typing the name goes on to the NIK.
    await user.say("Siti Aminah", "Ketik NIK")
    assert await _attachments(sessions) == []
