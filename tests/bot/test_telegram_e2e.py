"""A citizen files and checks a complaint through the real Telegram libraries over HTTP."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.casefiles.models import Complaint, ComplaintStatus
from backend.citizens.models import ChannelIdentity
from tests.bot.conftest import RunningService, TelegramUser, file_complaint_by_telegram
from tests.fixtures.local_bot_api import SentMessage
from tests.fixtures.upload_files import image_of
from tests.fixtures.waiting import eventually


class TestFilingByTelegram:
    """python-telegram-bot and aiogram, by polling and by webhook, on SQLite and PostgreSQL."""

    @pytest.mark.all_transports  # the whole path, in every combination
    async def test_file_a_complaint_and_check_its_status(
        self, service: RunningService, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        api = service.api
        user = TelegramUser(api)
        ticket = await file_complaint_by_telegram(user)
        status = await user.say("/status", ticket)
        assert "Diterima" in status
        async with sessions() as session:
            complaint = (await session.execute(select(Complaint))).scalar_one()
        assert (complaint.ticket, complaint.status) == (ticket, ComplaintStatus.RECEIVED)

        # Every press was answered, and the answered questions lost their buttons.
        def presses() -> int:
            return sum(call.method == "answerCallbackQuery" for call in api.calls)

        # The server logs a call as it comes and its answer once handled: wait for both.
        await eventually(lambda: presses() == len(api.callback_answers))
        assert presses() >= 8
        assert any(call.method == "editMessageReplyMarkup" for call in api.calls)
        assert set(api.commands) == {"", "en", "su"}
        assert {"command": "lapor", "description": "Buat pengaduan"} in api.commands[""]
        assert {"command": "lapor", "description": "Ngadamel pangaduan"} in api.commands["su"]


class TestWhatCanGoWrong:
    """Repeats, races, old buttons, odd text, large files, blocked users (ptb and aiogram)."""

    async def test_the_same_update_delivered_twice_is_answered_once(
        self, service: RunningService
    ) -> None:
        api = service.api
        user = TelegramUser(api)
        await user.say("/start", "Silakan pilih")
        update_id = api.send_text(user.user_id, "/info")
        await api.wait_for_message(user.user_id, "Informasi apa")
        count = len(api.messages(user.user_id))
        api.redeliver(update_id)
        await user.say("/menu", "Silakan pilih layanan")
        texts = [m.text for m in api.messages(user.user_id)]
        assert sum("Informasi apa" in text for text in texts) == 1
        assert len(texts) == count + 1  # the menu, nothing for the repeat

    async def test_two_presses_at_once_move_the_dialog_once(self, service: RunningService) -> None:
        api = service.api
        user = TelegramUser(api)
        await user.say("/lapor", "Sebelum mulai")
        question = api.last_message(user.user_id)
        data = next(d for text, d in _buttons(question) if "Setuju" in text)
        api.press_data(user.user_id, question.message_id, data)
        api.press_data(user.user_id, question.message_id, data)
        explained = await api.wait_for_message(user.user_id, "pesan lama")
        texts = [m.text for m in api.messages(user.user_id)]
        # Asked once by the first press, asked again under the explanation of the second.
        assert "Pengaduan ini untuk siapa" in explained.text
        assert sum("Pengaduan ini untuk siapa" in text for text in texts) == 2

    async def test_an_old_button_is_explained(self, service: RunningService) -> None:
        api = service.api
        user = TelegramUser(api)
        await user.say("/lapor", "Sebelum mulai")
        consent = api.last_message(user.user_id)
        consent_data = _buttons(consent)[0][1]
        await user.press("Setuju", "untuk siapa")
        assert _buttons(api.messages(user.user_id)[-2]) == [], "the answered buttons are gone"
        before = api.last_message(user.user_id).message_id
        # A client that still shows the old keyboard (or a replay) presses it anyway.
        api.press_data(user.user_id, consent.message_id, consent_data)
        await api.wait_for_message(user.user_id, "pesan lama", after=before)

    async def test_description_with_markup_is_shown_literally(
        self, service: RunningService
    ) -> None:
        api = service.api
        user = TelegramUser(api)
        description = ("<script>alert('x')</script> & <b>bukan tebal</b> " * 80)[:4000]
        await _to_description(user)
        await user.say(description, "foto atau dokumen")
        await user.press("Lewati", "Periksa kembali")
        shown = next(m for m in api.messages(user.user_id) if m.text.startswith("Uraian pengaduan"))
        assert description.strip() in shown.text
        assert "&lt;script&gt;" in shown.html and "&amp;" in shown.html

    async def test_a_photo_too_large_is_refused_with_a_reason(
        self, service: RunningService
    ) -> None:
        api = service.api
        user = TelegramUser(api)
        await _to_description(user)
        await user.say("Bantuan PKH ibu saya tidak cair sejak Agustus.", "foto atau dokumen")
        before = api.last_message(user.user_id).message_id
        api.send_photo(user.user_id, b"\xff\xd8" + b"0" * (11 * 1024 * 1024))
        await api.wait_for_message(user.user_id, "Berkas terlalu besar", after=before)
        before = api.last_message(user.user_id).message_id
        api.send_photo(user.user_id, image_of("JPEG"))
        await api.wait_for_message(user.user_id, "Sudah diterima: 1", after=before)

    async def test_a_user_who_blocks_the_bot_is_marked_unreachable(
        self, service: RunningService, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        api = service.api
        user = TelegramUser(api)
        await file_complaint_by_telegram(user)
        update_id = api.block(user.user_id)
        await api.wait_until_taken(update_id)
        for _ in range(100):
            async with sessions() as session:
                identity = (await session.execute(select(ChannelIdentity))).scalar_one()
            if not identity.is_reachable:
                break
            await asyncio.sleep(0.05)
        assert identity.is_reachable is False and identity.unreachable_since is not None


def _buttons(message: SentMessage) -> list[tuple[str, str]]:
    markup = message.reply_markup or {}
    return [
        (b["text"], b["callback_data"]) for row in markup.get("inline_keyboard", []) for b in row
    ]


async def _to_description(user: TelegramUser) -> None:
    await user.say("/lapor", "Sebelum mulai")
    await user.press("Setuju", "untuk siapa")
    await user.press("diri sendiri", "nama lengkap")
    await user.say("Siti Aminah", "Ketik NIK")
    await user.say("3271046501900001", "nomor KK")
    await user.press("Lewati", "nomor HP")
    await user.say("081234567890", "kecamatan")
    await user.press("Bogor Barat", "Pilih kelurahan")
    await user.press("Bubulak", "alamat lengkap")
    await user.say("Jl. Mawar No. 5, RT 02/RW 03", "tentang apa")
    await user.press("Keluarga Harapan", "Ceritakan masalahnya")
