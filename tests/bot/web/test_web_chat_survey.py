"""The satisfaction survey (IKM) in the web chat, from the resolution message the notifier sent."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.casefiles.repository import get_by_ticket
from backend.citizens.models import Channel
from backend.complaints.service import EventDetails
from backend.satisfaction.ikm import ELEMENTS
from backend.satisfaction.models import SurveyResponse
from bot.notifier.notifier import Notifier, NotifierConfig
from bot.web.channel import WebChatDeliverer
from tests.bot.notifier.conftest import Household, staff_fires, wait_until_settled
from tests.bot.web.conftest import WebUser, file_by_web

NIK = "3271046501900001"


class TestTheSurveyInTheWebChat:
    """Resolved by staff, the page shows the survey button; the answers are stored once."""

    @pytest.mark.own_database  # the notifier's connections and the page's race each other
    async def test_the_whole_survey(
        self, web_user: WebUser, app: FastAPI, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        ticket = await file_by_web(web_user)
        async with sessions() as session:
            complaint = await get_by_ticket(session, ticket)
            assert complaint is not None
        household = Household(complaint.id, ticket, 0)
        for event in ("start_review", "handle"):
            await staff_fires(sessions, household, event)
        await staff_fires(
            sessions, household, "resolve", EventDetails(resolution="PKH sudah cair.")
        )
        notifier = Notifier(
            sessions,
            {Channel.WEB: WebChatDeliverer(sessions, app.state.webchat_hub)},
            NotifierConfig(poll_interval=0.05),
        )
        await wait_until_settled(notifier, sessions)
        await web_user.poll()
        await web_user.press("Isi survei kepuasan", "(1/9) Persyaratan")
        for number in range(1, 9):
            await web_user.press("3 ", f"({number + 1}/9)")
        await web_user.press("Lewati", "saran atau komentar")
        await web_user.say(f"Mohon cek NIK {NIK} lagi", "sudah kami terima")
        async with sessions() as session:
            stored = (await session.execute(select(SurveyResponse))).scalar_one()
        assert [getattr(stored, element) for element in ELEMENTS] == [3] * 8 + [None]
        assert stored.channel == Channel.WEB and NIK not in (stored.comment or "")
        await web_user.press("Isi survei kepuasan", "sudah Anda isi")
