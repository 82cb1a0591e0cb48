"""Answers to staff questions gathered until "Selesai" or a quiet spell; files never dropped."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.casefiles.models import (
    Attachment,
    Complaint,
    ComplaintMessage,
    ComplaintStatus,
    StatusEvent,
)
from backend.clock import utcnow
from backend.complaints.answer_gathering import AnswerGathering
from backend.complaints.answer_sweep import close_quiet_answers_once
from backend.notifications.models import OutboxMessage
from dialogs.i18n import format_day
from tests.dialogs.test_status_answer_info import _complaint, _staff_event
from tests.fixtures.chat import ChatDriver, file_complete_complaint

QUIET = timedelta(minutes=5)


async def _walk_to_description(chat: ChatDriver) -> None:
    """The intake's steps from its consent to the description (as reach_summary walks them)."""
    await chat.press("Setuju")
    await chat.press("diri sendiri")
    await chat.send("Siti Aminah")
    await chat.send("3271046501900001")
    await chat.press("Lewati")
    await chat.share_contact("+6281234567890")
    await chat.press("Bogor Barat")
    await chat.press("Bubulak")
    await chat.send("Jl. Mawar No. 5, RT 02/RW 03")
    await chat.press("Keluarga Harapan")


async def _asked(chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]) -> str:
    ticket = await file_complete_complaint(chat)
    await _staff_event(sessions, ticket, "start_review")
    await _staff_event(sessions, ticket, "request_info", note="Mohon kirim foto KK.")
    return ticket


async def _provide_infos(sessions: async_sessionmaker[AsyncSession]) -> list[StatusEvent]:
    async with sessions() as session:
        found = await session.scalars(
            select(StatusEvent).where(StatusEvent.event == "provide_info")
        )
        return list(found.all())


async def _attachments(sessions: async_sessionmaker[AsyncSession]) -> list[Attachment]:
    async with sessions() as session:
        return list((await session.scalars(select(Attachment).order_by(Attachment.id))).all())


class TestAnAnswerInPieces:
    """Text, photo and voice note after one question make one answer, passed on once."""

    async def test_everything_until_selesai_is_one_provide_info(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        ticket = await _asked(chat, sessions)
        await chat.send("Ini KK kami, fotonya menyusul.")
        assert f"Diterima (1) untuk pengaduan {ticket}" in chat.text
        first_done = chat.button("Selesai").payload
        await chat.send_file("photo")
        assert "Diterima (2)" in chat.text
        await chat.send_file("voice", mime_type="audio/ogg")
        assert "Pesan suara Anda disimpan" in chat.text and "Diterima (3)" in chat.text
        # Nothing is passed on yet, but every piece is already on the complaint.
        assert (await _complaint(sessions, ticket)).status == ComplaintStatus.NEEDS_INFO
        assert len(await _attachments(sessions)) == 2
        await chat.press("Selesai")
        assert "jawaban Anda sudah kami teruskan" in chat.text
        assert "Silakan pilih layanan" in chat.text  # no dead end
        events = await _provide_infos(sessions)
        assert len(events) == 1
        attachments = await _attachments(sessions)
        assert [a.mime_type for a in attachments] == ["image/jpeg", "audio/ogg"]
        assert {a.status_event_id for a in attachments} == {events[0].id}
        async with sessions() as session:
            texts = [m.text for m in (await session.scalars(select(ComplaintMessage))).all()]
        assert texts == ["Ini KK kami, fotonya menyusul.", None, None]
        # The first acknowledgement's Selesai still answers, and fires nothing more.
        await chat.press_payload(first_done)
        assert "sudah kami teruskan ke petugas" in chat.text
        assert len(await _provide_infos(sessions)) == 1

    async def test_a_quiet_spell_passes_it_on_without_a_message(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        ticket = await _asked(chat, sessions)
        await chat.send("KK kami hilang, ini surat kehilangannya.")
        await chat.send_file("document", mime_type="application/pdf")
        now = utcnow()
        closed = await close_quiet_answers_once(sessions, quiet_period=QUIET, now=now)
        assert closed == 0, "not quiet long enough"
        closed = await close_quiet_answers_once(
            sessions, quiet_period=QUIET, now=now + QUIET + timedelta(seconds=1)
        )
        assert closed == 1
        assert (await _complaint(sessions, ticket)).status == ComplaintStatus.IN_REVIEW
        events = await _provide_infos(sessions)
        assert len(events) == 1
        assert [a.status_event_id for a in await _attachments(sessions)] == [events[0].id]
        async with sessions() as session:
            told = (
                await session.scalars(
                    select(OutboxMessage).where(OutboxMessage.template == "complaint.provide_info")
                )
            ).all()
            assert (await session.scalars(select(AnswerGathering))).all() == []
        assert len(told) == 1, "the person hears that the answer went"
        # Looking again finds nothing; a late Selesai says it went already.
        later = now + 2 * QUIET
        assert await close_quiet_answers_once(sessions, quiet_period=QUIET, now=later) == 0
        await chat.press("Selesai")
        assert "sudah kami teruskan ke petugas" in chat.text
        assert len(await _provide_infos(sessions)) == 1

    async def test_a_message_after_the_quiet_close_is_not_part_of_it(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        await _asked(chat, sessions)
        await chat.send("Sudah saya kirim fotonya kemarin.")
        later = utcnow() + QUIET + timedelta(seconds=1)
        await close_quiet_answers_once(sessions, quiet_period=QUIET, now=later)
        await chat.send_file("photo")
        # Nothing waits any more: the photo is asked about, never dropped.
        assert "Untuk apa berkas ini" in chat.text
        assert len(await _provide_infos(sessions)) == 1

    @pytest.mark.own_database
    async def test_two_jobs_at_once_fire_it_once(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        # Two notifiers for a moment (a standby taking over): the row locks keep them apart.
        await _asked(chat, sessions)
        await chat.send_file("photo")
        later = utcnow() + QUIET + timedelta(seconds=1)
        closed = await asyncio.gather(
            close_quiet_answers_once(sessions, quiet_period=QUIET, now=later),
            close_quiet_answers_once(sessions, quiet_period=QUIET, now=later),
        )
        assert sorted(closed) == [0, 1]
        assert len(await _provide_infos(sessions)) == 1

    async def test_selesai_first_leaves_the_job_nothing(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        await _asked(chat, sessions)
        await chat.send_file("photo")
        await chat.press("Selesai")
        later = utcnow() + QUIET + timedelta(seconds=1)
        assert await close_quiet_answers_once(sessions, quiet_period=QUIET, now=later) == 0
        assert len(await _provide_infos(sessions)) == 1


class TestTypedWhileGathering:
    """Typed pieces are the answer, never a button of an earlier question; "selesai" is Selesai."""

    async def test_a_number_after_the_menu_is_a_piece_and_selesai_typed_closes(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        ticket = await _asked(chat, sessions)
        await chat.send("/menu")  # the menu's buttons were the last ones shown
        await chat.send("Anggota keluarga kami:")
        assert f"Diterima (1) untuk pengaduan {ticket}" in chat.text
        await chat.send("2")  # how many, not the menu's second button
        assert "Diterima (2)" in chat.text
        await chat.send("Selesai")
        assert "jawaban Anda sudah kami teruskan" in chat.text
        async with sessions() as session:
            texts = [m.text for m in (await session.scalars(select(ComplaintMessage))).all()]
        assert texts == ["Anggota keluarga kami:", "2"]
        assert len(await _provide_infos(sessions)) == 1

    async def test_a_typo_of_selesai_closes_it_too(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        await _asked(chat, sessions)
        await chat.send("Ini fotonya")
        await chat.send_file("photo")
        await chat.send("seleai")
        assert "jawaban Anda sudah kami teruskan" in chat.text
        assert len(await _provide_infos(sessions)) == 1


class TestTheDateAfterAnAnswer:
    """The date held while staff waited moves on, and the reply to Selesai says so and why."""

    async def test_selesai_after_a_week_names_the_new_date_and_the_reason(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        ticket = await _asked(chat, sessions)
        before = (await _complaint(sessions, ticket)).expected_completion_on
        assert before is not None
        week_later = utcnow() + timedelta(days=8)
        chat.engine.clock = lambda: week_later
        await chat.send("Ini KK kami.")
        await chat.press("Selesai")
        after = (await _complaint(sessions, ticket)).expected_completion_on
        assert after is not None and after > before
        assert "jawaban Anda sudah kami teruskan" in chat.text
        assert f"Perkiraan selesai: {format_day('id', after)}" in chat.text
        assert f"mundur dari {format_day('id', before)}" in chat.text
        assert "menunggu jawaban Anda" in chat.text

    async def test_the_quiet_close_tells_the_same_date(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        ticket = await _asked(chat, sessions)
        later = utcnow() + timedelta(days=8)
        chat.engine.clock = lambda: later
        await chat.send("Ini KK kami.")
        assert await close_quiet_answers_once(sessions, quiet_period=QUIET, now=later + QUIET) == 1
        async with sessions() as session:
            told = (
                await session.scalars(
                    select(OutboxMessage).where(OutboxMessage.template == "complaint.provide_info")
                )
            ).one()
        complaint = await _complaint(sessions, ticket)
        assert told.params["due_on"] == complaint.expected_completion_on.isoformat()
        assert told.params["due_moved"] == "info_pause"


class TestCancellingAnAnswer:
    """/batal after some pieces: they are on the complaint already, so they go to staff now."""

    async def test_batal_passes_on_what_was_sent(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        ticket = await _asked(chat, sessions)
        await chat.send("Ini jawabannya.")
        await chat.send("/batal")
        assert "jawaban Anda sudah kami teruskan" in chat.text
        assert "Silakan pilih layanan" in chat.text
        assert (await _complaint(sessions, ticket)).status == ComplaintStatus.IN_REVIEW
        assert len(await _provide_infos(sessions)) == 1


class TestTwoQuestionsWaiting:
    """With two complaints waiting, the piece that came first is kept until one is chosen."""

    async def test_the_first_photo_goes_to_the_complaint_chosen(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        first = await _asked(chat, sessions)
        second = await file_complete_complaint(chat, nik="3271046501900003", category="Sembako")
        await _staff_event(sessions, second, "start_review")
        await _staff_event(sessions, second, "request_info", note="Sejak kapan?")
        await chat.send_file("photo")
        assert "pengaduan yang mana" in chat.text
        await chat.press(second)
        assert f"Diterima (1) untuk pengaduan {second}" in chat.text
        chosen = await _complaint(sessions, second)
        assert [a.complaint_id for a in await _attachments(sessions)] == [chosen.id]
        await chat.press("Selesai")
        assert (await _complaint(sessions, second)).status == ComplaintStatus.IN_REVIEW
        assert (await _complaint(sessions, first)).status == ComplaintStatus.NEEDS_INFO

    async def test_a_number_typed_after_choosing_is_a_piece_not_a_ticket_button(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        await _asked(chat, sessions)
        second = await file_complete_complaint(chat, nik="3271046501900003", category="Sembako")
        await _staff_event(sessions, second, "start_review")
        await _staff_event(sessions, second, "request_info", note="Berapa anggota keluarga?")
        await chat.send("Anggota keluarga kami:")
        await chat.press(second)
        assert f"Diterima (1) untuk pengaduan {second}" in chat.text
        await chat.send("2")  # how many, not the second ticket's button
        assert "Diterima (2)" in chat.text
        async with sessions() as session:
            texts = [m.text for m in (await session.scalars(select(ComplaintMessage))).all()]
        assert texts[-2:] == ["Anggota keluarga kami:", "2"]


class TestFilesOutsideAnyFlow:
    """A file outside any flow goes to a waiting complaint, or the person is asked about it."""

    async def test_a_photo_while_a_complaint_waits_is_offered_to_it(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        ticket = await _asked(chat, sessions)
        await chat.send_file("photo")
        assert f"Diterima (1) untuk pengaduan {ticket}" in chat.text
        assert len(await _attachments(sessions)) == 1

    async def test_a_photo_with_nothing_waiting_can_go_to_an_open_complaint(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        ticket = await file_complete_complaint(chat)
        await chat.send_file("photo")
        assert "Untuk apa berkas ini" in chat.text
        await chat.press(f"Tambahkan ke {ticket}")
        assert f"sudah ditambahkan ke pengaduan {ticket}" in chat.text
        complaint = await _complaint(sessions, ticket)
        assert [a.complaint_id for a in await _attachments(sessions)] == [complaint.id]

    async def test_or_start_a_new_complaint_with_it_attached(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        await chat.send_file("voice", mime_type="audio/ogg")
        assert "Untuk apa pesan ini" in chat.text
        await chat.press("pengaduan baru")
        assert "akan dilampirkan pada pengaduan baru" in chat.text
        await _walk_to_description(chat)
        await chat.send("Bantuan PKH ibu saya tidak cair sejak bulan Agustus.")
        assert "Sudah diterima: 1" in chat.text
        await chat.press("Selesai")
        assert "Lampiran: 1" in chat.text

    async def test_or_be_thrown_away(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        await chat.send_file("document", mime_type="application/pdf")
        await chat.press("Buang")
        assert "sudah dibuang" in chat.text and "Silakan pilih layanan" in chat.text
        assert await _attachments(sessions) == []


class TestVoiceForTheDescription:
    """A voice note may stand in for the typed description."""

    async def test_the_voice_note_is_the_description(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        await chat.send("/lapor")
        await _walk_to_description(chat)
        await chat.send_file("voice", mime_type="audio/ogg")
        assert "sebagai keterangan pengaduan" in chat.text
        await chat.press("Selesai")
        assert "Lampiran: 1" in chat.text
        await chat.press("Kirim pengaduan")
        async with sessions() as session:
            complaint = (await session.scalars(select(Complaint))).one()
        assert "pesan suara" in complaint.description
        assert [a.mime_type for a in await _attachments(sessions)] == ["audio/ogg"]


class TestVoiceWhereTypingIsNeeded:
    """A voice note at a step that checks typed text is explained, and the step stays open."""

    async def test_at_the_name_nik_and_address_steps(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        await chat.send("/lapor")
        await chat.press("Setuju")
        await chat.press("diri sendiri")
        await chat.send_file("voice", mime_type="audio/ogg")
        assert "pesan suara tidak bisa dipakai" in chat.text
        await chat.send("Siti Aminah")  # the name step is still the one open
        await chat.send_file("voice", mime_type="audio/ogg")
        assert "perlu diketik" in chat.text
        await chat.send("3271046501900001")
        await chat.press("Lewati")
        await chat.share_contact("+6281234567890")
        await chat.press("Bogor Barat")
        await chat.press("Bubulak")
        await chat.send_file("voice", mime_type="audio/ogg")
        assert "pesan suara tidak bisa dipakai" in chat.text
        await chat.send("Jl. Mawar No. 5, RT 02/RW 03")
        await chat.press("Keluarga Harapan")
        # Nothing of the refused notes was kept as a file of the complaint to come.
        await chat.send_file("voice", mime_type="audio/ogg")
        assert "sebagai keterangan pengaduan" in chat.text
        await chat.press("Selesai")
        assert "Lampiran: 1" in chat.text
