"""The satisfaction survey (IKM) through the real Telegram libraries, from the resolution message."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.satisfaction.ikm import ELEMENTS
from backend.satisfaction.models import SurveyResponse
from backend.security.crypto import Vault
from tests.bot.conftest import RunningService, TelegramUser
from tests.dialogs.test_rating import RESOLUTION, complaint_of_chat

SCORES = (4, 3, None, 4, 3, 4, 4, 2, 3)


class TestTheSurveyByTelegram:
    """python-telegram-bot and aiogram, by polling and by webhook, on SQLite and PostgreSQL."""

    async def test_from_the_resolution_message_to_the_stored_survey(
        self, service: RunningService, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        api = service.api
        user = TelegramUser(api)
        api.world.user(user.user_id, first_name="Warga", language_code="id")
        ticket = await complaint_of_chat(sessions, vault, str(user.user_id))
        # The notifier sends the resolution with its buttons: stars, survey, appeal, status.
        resolution = await api.wait_for_message(user.user_id, RESOLUTION, timeout=30)
        labels = [text for text, _ in resolution.buttons]
        assert "📝 Isi survei kepuasan" in labels and "5 ⭐" in labels
        await user.press("Isi survei kepuasan", "(1/9) Persyaratan")
        for number, score in enumerate(SCORES, start=1):
            expect = f"({number + 1}/9)" if number < 9 else "saran atau komentar"
            await user.press(f"{score} " if score is not None else "Lewati", expect)
        await user.say("Pelayanan cepat, terima kasih.", "sudah kami terima")
        async with sessions() as session:
            stored = (await session.execute(select(SurveyResponse))).scalar_one()
        assert [getattr(stored, element) for element in ELEMENTS] == list(SCORES)
        assert stored.comment == "Pelayanan cepat, terima kasih."
        # Once sent, the same button only says it was done.
        before = api.last_message(user.user_id).message_id
        api.press_data(user.user_id, resolution.message_id, f"g:survey:{ticket}")
        await api.wait_for_message(user.user_id, "sudah Anda isi", after=before)
