"""From the agency's answer page to the citizen's Telegram chat, through the local Bot API server.

The agency's officer answers on /rujukan/{token} (the real app, in process); the
notifier sends what that queued through python-telegram-bot to the local server,
and the citizen's chat reads the agency's news, with no staff member typing it.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.app import create_app
from backend.casefiles.models import ComplaintStatus as S
from backend.clock import utcnow
from backend.complaints.agency_answers import answer_referral
from backend.config import Settings
from backend.db import unit_of_work
from backend.referrals.answer_links import answer_link
from backend.referrals.models import Agency, AgencyAnswerKind, Referral
from backend.security.crypto import Vault
from bot.telegram.client import TelegramClient
from tests.bot.notifier.conftest import file_for_chat, make_notifier, wait_until_settled
from tests.fixtures.local_bot_api import LocalBotApi

BASE = "http://slrt.test"
_CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


async def _answer(client: httpx.AsyncClient, path: str, answer: str, note: str) -> None:
    page = await client.get(path)
    token = _CSRF.search(page.text)
    assert page.status_code == 200 and token, page.text[:300]
    posted = await client.post(path, data={"csrf_token": token[1], "answer": answer, "note": note})
    assert posted.status_code == 200, posted.text[:300]


async def test_the_agencys_answers_reach_the_citizens_chat(
    sessions: async_sessionmaker[AsyncSession], vault: Vault, local_api: LocalBotApi,
    telegram_client: TelegramClient, database_url: str, tmp_path: Path,
) -> None:  # fmt: skip
    household = await file_for_chat(sessions, vault, local_api, status=S.REFERRED)
    settings = Settings(
        _env_file=None, database_url=database_url, files_dir=tmp_path / "files", public_url=BASE
    )
    async with unit_of_work(sessions) as session:
        agency = await session.scalar(select(Agency).where(Agency.code == "pkh"))
        assert agency is not None
        referral = Referral(complaint_id=household.complaint_id, agency_id=agency.id)
        session.add(referral)
        await session.flush()
        link = answer_link(
            referral, secret_key=settings.secret_key.get_secret_value(), public_base=BASE,
            lifetime=timedelta(days=30), now=utcnow(),
        )  # fmt: skip
    app = create_app(settings, sessions)
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=BASE) as client:
            path = link.url.removeprefix(BASE)
            await _answer(client, path, "in_progress", "Pencairan dijadwalkan pekan depan.")
            await _answer(client, path, "done", "Bantuan PKH sudah cair 3 Desember.")
    finally:
        await app.state.engine.dispose()

    await wait_until_settled(make_notifier(sessions, telegram_client), sessions)

    texts = [message.text for message in local_api.messages(household.chat_id)]
    assert len(texts) == 2
    assert household.ticket in texts[0]
    assert f"{agency.name_id} sedang memproses pengaduan Anda." in texts[0]
    assert "Pencairan dijadwalkan pekan depan." in texts[0]
    assert "Selesai" in texts[1] and "Bantuan PKH sudah cair 3 Desember." in texts[1]


async def test_not_our_program_tells_the_citizen_the_office_handles_it(
    sessions: async_sessionmaker[AsyncSession], vault: Vault, local_api: LocalBotApi,
    telegram_client: TelegramClient, database_url: str, tmp_path: Path,
) -> None:  # fmt: skip
    household = await file_for_chat(sessions, vault, local_api, status=S.REFERRED)
    async with unit_of_work(sessions) as session:
        agency = await session.scalar(select(Agency).where(Agency.code == "pkh"))
        assert agency is not None
        referral = Referral(complaint_id=household.complaint_id, agency_id=agency.id)
        session.add(referral)
        await session.flush()
        await answer_referral(
            session, referral, AgencyAnswerKind.NOT_OUR_PROGRAM, note="Ranah BPJS Kesehatan.",
            officer_name=None, now=utcnow(),
        )  # fmt: skip

    await wait_until_settled(make_notifier(sessions, telegram_client), sessions)

    [text] = [message.text for message in local_api.messages(household.chat_id)]
    assert f"{agency.name_id} sudah menanggapi rujukan" in text
    assert "Ditangani" in text
    assert "Ranah BPJS" not in text  # the agency's reason is for staff
