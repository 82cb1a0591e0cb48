"""The dashboard's outbox block and the parked messages: supervisors and admins only."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.clock import utcnow
from backend.db import unit_of_work
from backend.notifications.models import OutboxStatus, Recipient
from backend.notifications.outbox import queue_message
from backend.security.crypto import Vault
from backend.staff.models import Role, StaffUser
from tests.backend.panel.conftest import SignIn
from tests.fixtures.factories import make_citizen, make_complaint, make_identity


def tile(page: str, tile_id: str) -> str:
    found = re.search(rf'id="{tile_id}">([^<]*)<', page)
    assert found is not None, tile_id
    return found.group(1)


@pytest.fixture
async def outbox(db: async_sessionmaker[AsyncSession], vault: Vault) -> str:
    """Two messages waiting (the oldest 30 minutes), one sent 10 minutes ago, one sent
    yesterday, one parked about a complaint, one undeliverable; answers the complaint's ticket."""
    now = utcnow()
    async with unit_of_work(db) as session:
        complaint = await make_complaint(session, vault)
        identity = await make_identity(session, await make_citizen(session, vault))
        rows = [
            (OutboxStatus.PENDING, timedelta(minutes=30), None),
            (OutboxStatus.SENDING, timedelta(minutes=1), None),
            (OutboxStatus.SENT, timedelta(minutes=11), timedelta(minutes=10)),
            (OutboxStatus.SENT, timedelta(days=1), timedelta(days=1)),
            (OutboxStatus.FAILED, timedelta(hours=2), None),
            (OutboxStatus.UNDELIVERABLE, timedelta(hours=3), None),
        ]
        for status, age, sent_ago in rows:
            message = queue_message(
                session, identity, Recipient.CITIZEN, "status.in_review", {},
                complaint_id=complaint.id if status == OutboxStatus.FAILED else None,
            )  # fmt: skip
            message.status = status
            message.created_at = now - age
            message.sent_at = now - sent_ago if sent_ago else None
            if status == OutboxStatus.FAILED:
                message.attempts = 8
                message.last_error = "Bad Request: chat not found"
        return complaint.ticket


class TestTheOutboxBlock:
    """Waiting, the age of the oldest, sent in the last hour, parked and undeliverable."""

    @pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.ADMIN])
    async def test_the_figures(self, panel: SignIn, outbox: str, role: Role) -> None:
        page = (await (await panel(role)).get("/panel/dashboard")).text
        assert 'id="outbox-health"' in page
        assert tile(page, "outbox-waiting") == "2"
        assert "yang tertua 30 menit" in page
        assert tile(page, "outbox-sent-hour") == "1"
        assert tile(page, "outbox-parked") == "1"
        assert tile(page, "outbox-undeliverable") == "1"
        assert 'href="/panel/outbox"' in page
        assert 'style="' not in page and "<script" not in page  # the strict CSP

    async def test_in_english(
        self, panel: SignIn, outbox: str, db: async_sessionmaker[AsyncSession]
    ) -> None:
        user = await panel(Role.SUPERVISOR)
        async with unit_of_work(db) as session:
            account = await session.get_one(StaffUser, user.user_id)
            account.language = "en"
        page = (await user.get("/panel/dashboard")).text
        assert "Message delivery health" in page
        assert "the oldest for 30 minutes" in page

    async def test_back_office_does_not_see_it(self, panel: SignIn, outbox: str) -> None:
        page = await (await panel(Role.BACK_OFFICE)).get("/panel/dashboard")
        assert page.status_code == 200
        assert 'id="outbox-health"' not in page.text


class TestTheParkedMessages:
    """The list behind the parked figure, each leading to its complaint."""

    async def test_lists_the_parked_message(self, panel: SignIn, outbox: str) -> None:
        page = await (await panel(Role.SUPERVISOR)).get("/panel/outbox")
        assert page.status_code == 200
        rows = re.findall(r'<tr id="parked-\d+">', page.text)
        assert len(rows) == 1
        assert f'href="/panel/complaints/{outbox}"' in page.text
        assert "Bad Request: chat not found" in page.text
        assert "slrt outbox --requeue" in page.text

    @pytest.mark.parametrize("role", [Role.FRONT_OFFICE, Role.BACK_OFFICE, Role.FACILITATOR])
    async def test_other_roles_may_not(self, panel: SignIn, role: Role) -> None:
        page = await (await panel(role)).get("/panel/outbox")
        assert page.status_code == 403
