"""The web chat's own words: its opening, and a facilitator who works from it."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.webchat.models import Direction, WebChatMessage
from tests.bot.web.conftest import WebUser
from tests.fixtures.facilitator_helpers import HOUSEHOLD_DESCRIPTION, invited


class TestOpening:
    """A first visit is greeted without a message the person never wrote."""

    async def test_the_greeting_stands_alone(
        self, web_user: WebUser, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        new = web_user._took(await web_user.post({"id": uuid.uuid4().hex, "type": "start"}))
        assert any("Silakan pilih" in m["text"] for m in new), new
        assert [m for m in new if m["from"] == "in"] == []
        async with sessions() as session:
            typed = (
                await session.scalars(
                    select(WebChatMessage).where(WebChatMessage.direction == Direction.IN)
                )
            ).all()
        assert typed == []


class TestFacilitatorInTheWebChat:
    """A facilitator bound to a web chat reads about this chat, and is offered what works."""

    async def test_words_and_the_way_to_reach_a_household(
        self, web_user: WebUser, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        person = await invited(sessions, name="Rina Marlina")
        await web_user.say(person.start, "Chat ini sekarang terhubung sebagai fasilitator")
        assert not any("Telegram" in m["text"] for m in web_user.messages)

        await web_user.say("/lapor", "atas nama warga")
        await web_user.press("Warga setuju")
        await web_user.say("Siti Aminah")
        await web_user.say("3271046501900001")
        await web_user.press("Lewati")
        await web_user.press("tidak punya HP")
        await web_user.press("Bubulak")
        await web_user.say("Jl. Mawar No. 5, RT 02/RW 03")
        await web_user.press("Keluarga Harapan")
        await web_user.say(HOUSEHOLD_DESCRIPTION)
        await web_user.press("Lewati", "menerima kabar")
        offered = [spec["label"] for row in web_user.messages[-1]["buttons"] for spec in row]
        assert offered and not any("Telepon" in label for label in offered), offered
