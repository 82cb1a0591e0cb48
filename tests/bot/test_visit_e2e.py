"""Home visits end to end: the supervisor asks in the panel, the notifier tells the kelurahan's
facilitators, one takes it in Telegram (the other is told who has it), records it in the chat
(a sticker and an old button on the way lose nothing) and the panel shows what was found.

Through the real libraries (python-telegram-bot and aiogram) over HTTP to the local Bot API
server, on SQLite and PostgreSQL (tests/bot/conftest.py pairs them).
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.casefiles.models import Attachment
from backend.clock import local_date, utcnow
from backend.security.crypto import Vault
from backend.staff.models import Role
from backend.visits.models import HomeVisit, VisitState
from bot.telegram.client import TelegramClient
from tests.backend.panel.helpers import PanelUser
from tests.bot import test_facilitator_e2e as facilitator_e2e
from tests.bot.conftest import RunningService, TelegramUser
from tests.bot.notifier.conftest import make_notifier, wait_until_settled
from tests.bot.test_facilitator_e2e import (
    FACILITATOR,
    OTHER,
    bind_by_link,
    filed_by_service,
    staff_fire,
)
from tests.bot.test_telegram_answer_pieces import _send_and_wait
from tests.fixtures.local_bot_api import LocalBotApi, SentMessage
from tests.fixtures.upload_files import image_of, ogg_opus_voice
from tests.fixtures.waiting import eventually

# The facilitators' end-to-end fixtures: polling, the panel of the same deployment, its staff,
# and the notifier's own client.
mode, panel_app = facilitator_e2e.mode, facilitator_e2e.panel_app
staff, telegram_client = facilitator_e2e.staff, facilitator_e2e.telegram_client


async def _press_on(api: LocalBotApi, message: SentMessage, label: str, expect: str) -> SentMessage:
    """Presses the button named `label` on `message`; the bot's answer that says `expect`."""
    chat = message.chat_id
    before = api.last_message(chat).message_id  # type: ignore[union-attr]
    data = next(data for text, data in message.buttons if label in text)
    api.press_data(chat, message.message_id, data or "")
    return await api.wait_for_message(chat, expect, after=before)


class TestAHomeVisitFromRequestToRecord:
    """Asked in the panel, taken and recorded in Telegram, read back in the panel."""

    async def test_requested_taken_recorded_and_shown(
        self, service: RunningService, sessions: async_sessionmaker[AsyncSession], vault: Vault,
        staff: dict[Role, PanelUser], telegram_client: TelegramClient,
    ) -> None:  # fmt: skip
        api = service.api
        rina_id = await bind_by_link(service, sessions, FACILITATOR, "Rina Marlina")
        await bind_by_link(service, sessions, OTHER, "Dewi Lestari")
        ticket = await filed_by_service(sessions, vault, rina_id)
        await staff_fire(sessions, ticket, "approve")
        # The approval is news for the household, relayed to Rina: it comes first, so no later
        # step finds it newer than the message it answers.
        await eventually(
            lambda: any(
                "Sudah disampaikan" in label
                for message in api.messages(FACILITATOR)
                for label, _ in message.buttons
            )
        )

        supervisor = staff[Role.SUPERVISOR]
        due = (local_date(utcnow()) + timedelta(days=3)).isoformat()
        asked = await supervisor.post(
            f"/panel/complaints/{ticket}/visits",
            {"reason": "Periksa kondisi atap rumah.", "due_on": due},
        )
        assert asked.status_code == 303
        await wait_until_settled(make_notifier(sessions, telegram_client), sessions)
        told = {}
        for chat in (FACILITATOR, OTHER):
            told[chat] = await api.wait_for_message(chat, "Kunjungan rumah diminta petugas")
            assert ticket in told[chat].text and "Periksa kondisi atap rumah." in told[chat].text

        # The household's news may reach a facilitator after the visit's message, so each
        # button is pressed on its own message rather than on the latest one with buttons.
        rina, dewi = TelegramUser(api, FACILITATOR), TelegramUser(api, OTHER)
        taken = await _press_on(api, told[FACILITATOR], "Ambil kunjungan", "sekarang tugas Anda")
        await _press_on(api, told[OTHER], "Ambil kunjungan", "sudah diambil oleh Rina Marlina")
        # Dewi's menu has nothing left for her; Rina's lists the visit to record.
        await dewi.say("/start", "Menu fasilitator")
        await dewi.press("Kunjungan rumah (0)", "Tidak ada kunjungan rumah yang menunggu")

        day_question = await _press_on(api, taken, "Catat kunjungan", "Kapan Anda berkunjung")
        old_today = day_question.buttons[0][1] or ""
        api.send_sticker(FACILITATOR)
        # The explanation and the question asked again are two messages: the press waits for
        # the second, which carries the buttons.
        explained = await api.wait_for_message(
            FACILITATOR, "hanya bisa membaca pesan teks", after=day_question.message_id
        )
        asked_again = await api.wait_for_message(  # the explanation itself, or a later one
            FACILITATOR, "Kapan Anda berkunjung", after=explained.message_id - 1
        )
        await _press_on(api, asked_again, "Hari ini", "Siapa yang Anda temui")
        await rina.say("Ibu Siti, kepala keluarga", "Apa yang Anda temukan")
        await _send_and_wait(
            rina, lambda: api.send_voice(FACILITATOR, ogg_opus_voice()), "Kirim foto kunjungan"
        )
        await _send_and_wait(
            rina, lambda: api.send_photo(FACILITATOR, image_of("JPEG")), "Foto diterima (1)"
        )
        # An old button (today, on the day question) is explained; the photos are kept.
        before = api.last_message(FACILITATOR).message_id  # type: ignore[union-attr]
        api.press_data(FACILITATOR, day_question.message_id, old_today)
        await api.wait_for_message(FACILITATOR, "Foto diterima (1)", after=before)
        await rina.press("Selesai", "Bagikan lokasi rumah")
        await _send_and_wait(
            rina, lambda: api.send_location(FACILITATOR, -6.595, 106.793),
            "Periksa kembali catatan kunjungan",
        )  # fmt: skip
        summary = api.last_message(FACILITATOR).text  # type: ignore[union-attr]
        for phrase in ("Ibu Siti, kepala keluarga", "(pesan suara)", "Foto: 1", "-6.59500"):
            assert phrase in summary, summary
        await rina.press("Kirim catatan kunjungan", "sudah diterima petugas")

        async with sessions() as session:
            visit = (await session.execute(select(HomeVisit))).scalar_one()
            files = list(
                await session.scalars(
                    select(Attachment)
                    .where(Attachment.home_visit_id == visit.id)
                    .order_by(Attachment.id)
                )
            )
        assert (visit.state, visit.taken_by_facilitator_id) == (VisitState.DONE, rina_id)
        assert (visit.met, visit.findings) == ("Ibu Siti, kepala keluarga", None)
        assert (round(visit.latitude or 0, 3), round(visit.longitude or 0, 3)) == (-6.595, 106.793)
        assert [file.kind for file in files] == ["voice", "photo"]

        page = (await supervisor.get(f"/panel/complaints/{ticket}")).text
        for phrase in (
            "Hasil kunjungan rumah", "Rina Marlina (Fasilitator)", "Ibu Siti, kepala keluarga",
            'href="geo:-6.595000,106.793000"',
        ):  # fmt: skip
            assert phrase in page, phrase
        listed = (await supervisor.get("/panel/visits", state="done")).text
        assert ticket in listed and "Rina Marlina" in listed
