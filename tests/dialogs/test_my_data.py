"""/dataku: one's own data after proof by the NIK's last digits, how it was processed, and
asking for a correction (due in three working days, a NIK kept only encrypted)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.actors import Actor, ActorRole
from backend.audit.models import AuditRecord
from backend.casefiles.models import Complaint
from backend.complaints.identity import reveal_identity
from backend.complaints.service import fire_event
from backend.db import unit_of_work
from backend.privacy.models import CorrectionRequest, CorrectionStatus
from backend.security.crypto import Vault
from dialogs.engine import DialogEngine, DialogServices
from dialogs.flows.my_data import MY_DATA, VALUE_PROMPTS
from dialogs.i18n import LANGUAGES, has_message
from tests.fixtures.chat import ChatDriver, file_complete_complaint
from tests.fixtures.factories import make_staff

NIK = "3271046501900001"
CORRECT_NIK = "3271046501900002"
# 01:00 WIB on Wednesday 23 December 2026 (still the 22nd in UTC). Three working days
# later, skipping cuti bersama (24th), Christmas (25th) and the weekend, is the 30th.
BEFORE_CHRISTMAS = datetime(2026, 12, 22, 18, 0, tzinfo=UTC)


def ticking_from(start: datetime) -> Callable[[], datetime]:
    """A clock a second further on at every look (a chat's row notices every event)."""
    seconds = itertools.count()
    return lambda: start + timedelta(seconds=next(seconds))


async def _proven(chat: ChatDriver) -> str:
    """Files a complaint, opens /dataku and gives the right digits; answers the ticket."""
    ticket = await file_complete_complaint(chat, nik=NIK)
    await chat.send("/dataku")
    assert "4 angka terakhir NIK" in chat.text and ticket in chat.text
    await chat.send("0001")
    return ticket


def _log_of(shown: str) -> str:
    """The processing log's part of the message that shows the held data."""
    return shown[shown.index("Bagaimana data Anda diproses") :]


async def _requests(sessions: async_sessionmaker[AsyncSession]) -> list[CorrectionRequest]:
    async with sessions() as session:
        return list(await session.scalars(select(CorrectionRequest)))


class TestProof:
    """Nothing is shown before the last four NIK digits, and guessing is cut off."""

    async def test_the_digits_come_before_any_data(self, chat: ChatDriver) -> None:
        ticket = await file_complete_complaint(chat, nik=NIK)
        filed = len(chat.history)
        await chat.send("/dataku")
        assert "Siti Aminah" not in chat.text and "Jl. Mawar" not in chat.text
        await chat.send("0001")
        shown = chat.text
        assert "Siti Aminah" in shown and "3271********0001" in shown
        assert "+6281234567890" in shown and "Jl. Mawar No. 5" in shown
        assert "Bubulak" in shown and "Bahasa Indonesia" in shown and "lewat Telegram" in shown
        assert f"{ticket}: Program Keluarga Harapan" in shown and "Diterima" in shown
        assert all(NIK not in reply.text for reply in chat.history[filed:])

    async def test_three_wrong_tries_refuse_for_the_day(self, chat: ChatDriver) -> None:
        await file_complete_complaint(chat, nik=NIK)
        await chat.send("/dataku")
        await chat.send("9999")
        assert "tidak cocok" in chat.text and "Siti Aminah" not in chat.text
        await chat.send("1234")
        await chat.send("0002")
        assert "tidak dapat ditampilkan" in chat.text
        await chat.send("/dataku")
        assert "tidak dapat ditampilkan" in chat.text
        await chat.send("0001")
        assert all("3271********0001" not in reply.text for reply in chat.history)

    async def test_failed_status_checks_count_against_dataku_too(
        self, chat: ChatDriver, dialog_engine: DialogEngine
    ) -> None:
        other = ChatDriver(dialog_engine, chat_id="7770001")
        ticket = await file_complete_complaint(other, nik="3271046501900003")
        await file_complete_complaint(chat, nik=NIK, description="Bantuan sembako tidak cair.")
        await chat.send(ticket)
        for _ in range(3):
            await chat.send("9999")
        await chat.send("/dataku")
        assert "tidak dapat ditampilkan" in chat.text

    async def test_a_chat_that_filed_nothing_is_told_where_to_go(self, chat: ChatDriver) -> None:
        await chat.send("/dataku")
        assert "Belum ada data pribadi" in chat.text

    async def test_a_chat_that_filed_for_two_people_chooses_by_ticket(
        self, chat: ChatDriver
    ) -> None:
        first = await file_complete_complaint(chat, nik=NIK)
        second = await file_complete_complaint(
            chat, nik="3271046501900003", category="Sembako",
            description="Kartu sembako tetangga saya tidak bisa dipakai.",
        )  # fmt: skip
        await chat.send("/dataku")
        assert first in chat.text or chat.button(first)
        await chat.press(second)
        assert second in chat.text
        await chat.send("0001")
        assert "tidak cocok" in chat.text
        await chat.send("0003")
        assert "3271********0003" in chat.text


class TestProcessingLog:
    """The person sees which role saw their identity or moved their case, never who."""

    async def test_roles_not_names_newest_first_and_capped(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await file_complete_complaint(chat, nik=NIK)
        async with unit_of_work(sessions) as session:
            staff = await make_staff(session)
            actor = Actor(ActorRole.BACK_OFFICE, staff_id=staff.id)
            complaint = (
                await session.execute(select(Complaint).where(Complaint.ticket == ticket))
            ).scalar_one()
            await fire_event(session, complaint, "start_review", actor)
            for _ in range(9):
                await reveal_identity(session, vault, complaint, actor)
            name, email = staff.full_name, staff.email
        await chat.send("/dataku")
        await chat.send("0001")
        log = _log_of(chat.replies[-1].text)
        assert "Petugas back office melihat NIK dan KK lengkap" in log
        assert name not in log and email not in log
        # Nine views and the review: eight shown, the oldest (the review) counted.
        assert "mengubah status menjadi Ditelaah" not in log
        assert "dan 2 lainnya" in log
        assert log.count(f"({ticket})") == 8

    async def test_the_status_changes_are_shown(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        ticket = await file_complete_complaint(chat, nik=NIK)
        async with unit_of_work(sessions) as session:
            complaint = (
                await session.execute(select(Complaint).where(Complaint.ticket == ticket))
            ).scalar_one()
            await fire_event(session, complaint, "start_review", Actor(ActorRole.SUPERVISOR))
        await chat.send("/dataku")
        await chat.send("0001")
        assert f"Manajer SLRT mengubah status menjadi Ditelaah ({ticket})" in chat.text
        # The person's own filing is not "processing by others".
        assert "Warga" not in _log_of(chat.replies[-1].text)


class TestCorrections:
    """A correction request: the field, the value checked, a receipt with the due date."""

    async def test_a_phone_correction_is_due_three_working_days_later_in_wib(
        self, sessions: async_sessionmaker[AsyncSession], services: DialogServices
    ) -> None:
        engine = DialogEngine(sessions, services, clock=ticking_from(BEFORE_CHRISTMAS))
        chat = ChatDriver(engine)
        await _proven(chat)
        await chat.press("Minta perbaikan")
        await chat.press("No. HP")
        await chat.send("0812 34")
        assert "Nomor HP tidak valid" in chat.text
        await chat.send("0813 1111 2222")
        assert "No. HP: +6281311112222" in chat.text
        await chat.press("Kirim permintaan")
        assert "30 Desember 2026" in chat.text
        (request,) = await _requests(sessions)
        assert (request.field, request.requested_value) == ("phone", "+6281311112222")
        assert request.due_on == date(2026, 12, 30)
        assert request.status == CorrectionStatus.OPEN
        assert f"nomor {request.id}" in chat.text
        async with sessions() as session:
            audit = (
                await session.execute(
                    select(AuditRecord).where(AuditRecord.action == "citizen.correction_requested")
                )
            ).scalar_one()
        assert (audit.actor_role, audit.object_id) == ("citizen", str(request.citizen_id))
        assert audit.detail == {"request_id": request.id, "field": "phone", "channel": "telegram"}

    async def test_a_nik_correction_is_stored_only_encrypted(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        await _proven(chat)
        await chat.press("Minta perbaikan")
        await chat.press("NIK")
        await chat.send("3271 0465 0190 000")
        assert "16 angka" in chat.text
        await chat.send("3271 0465 0190 0002")
        assert "3271********0002" in chat.text
        await chat.press("Kirim permintaan")
        assert "sudah kami terima" in chat.text
        assert all(CORRECT_NIK not in reply.text for reply in chat.history)
        (request,) = await _requests(sessions)
        assert request.requested_value is None
        assert request.requested_identity_ciphertext is not None
        assert vault.decrypt(request.requested_identity_ciphertext) == CORRECT_NIK
        async with sessions() as session:
            rows = (await session.execute(text("SELECT * FROM correction_requests"))).all()
            stored = " ".join(
                value.hex() if isinstance(value, bytes) else str(value)
                for row in rows
                for value in row
            )
            conversation = str(
                (await session.execute(text("SELECT data FROM conversations"))).all()
            )
            audit = str((await session.execute(text("SELECT detail FROM audit_log"))).all())
        # Neither as typed nor in part (ciphertexts and hashes are hex here: a four-digit
        # piece such as "0465" turns up in them by chance, so longer pieces are looked for).
        assert "0465 0190" not in stored and CORRECT_NIK[4:] not in stored
        assert CORRECT_NIK not in stored
        assert CORRECT_NIK not in conversation and CORRECT_NIK not in audit

    async def test_a_kelurahan_is_chosen_from_the_list(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        await _proven(chat)
        await chat.press("Minta perbaikan")
        await chat.press("Kelurahan")
        await chat.press("Bogor Barat")
        await chat.press("Cilendek Barat")
        assert "Kelurahan: Cilendek Barat" in chat.text
        await chat.press("Kirim permintaan")
        (request,) = await _requests(sessions)
        assert request.field == "kelurahan" and request.requested_value == "32.71.04.1008"

    async def test_something_else_is_described_and_can_be_cancelled(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        await _proven(chat)
        await chat.press("Minta perbaikan")
        await chat.press("Lainnya")
        await chat.send("salah")
        assert "dalam satu kalimat" in chat.text
        await chat.send("Tanggal lahir saya tercatat salah, yang benar 25 Januari 1990.")
        await chat.press("Batalkan")
        assert "dibatalkan" in chat.text
        assert await _requests(sessions) == []

    async def test_back_to_the_menu(self, chat: ChatDriver) -> None:
        await _proven(chat)
        await chat.press("Kembali ke menu")
        assert chat.button("Data saya") and chat.button("Buat pengaduan")


class TestEveryChannel:
    """The web chat runs the same engine: the menu's entry opens the same flow."""

    async def test_the_menu_entry_in_the_web_chat(self, dialog_engine: DialogEngine) -> None:
        web = ChatDriver(dialog_engine, chat_id="web-3f2a", channel="web")
        await file_complete_complaint(web, nik=NIK)
        await web.send("/menu")
        await web.press("Data saya")
        assert "4 angka terakhir NIK" in web.text
        await web.send("0001")
        assert "3271********0001" in web.text and "lewat chat web" in web.text


def test_every_value_prompt_and_field_label_is_in_both_catalogs() -> None:
    keys = [*VALUE_PROMPTS.values(), *(f"dataku-field-{field}" for field in
            ("full_name", "phone", "address", "kelurahan", "nik", "kk", "other"))]  # fmt: skip
    keys += [step.help_key for step in MY_DATA.steps.values()] + ["command-dataku"]
    assert [(lang, key) for lang in LANGUAGES for key in keys if not has_message(lang, key)] == []
