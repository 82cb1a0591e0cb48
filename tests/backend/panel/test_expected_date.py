"""One expected date per complaint: the citizen's chat and the panel read the same one, and
every move of it is told with its reason (issue 17, item 10)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.actors import Actor, ActorRole
from backend.casefiles.models import Complaint
from backend.clock import utcnow
from backend.complaints.service import EventDetails, fire_event
from backend.notifications.models import OutboxMessage, Recipient
from backend.notifications.repository import ClaimedMessage
from backend.panel.i18n import texts_for
from backend.security.crypto import Vault
from backend.staff.models import Role
from bot.notifier.compose import compose
from dialogs.engine import DialogEngine, DialogServices
from dialogs.i18n import format_day
from tests.backend.panel.conftest import SignIn
from tests.fixtures.chat import ChatDriver, file_complete_complaint

_DUE = re.compile(r'<dd id="due">(.*?)</dd>', re.S)
WORKER = Actor(ActorRole.BACK_OFFICE)


async def _panel_due(panel_user, ticket: str) -> str:  # type: ignore[no-untyped-def]
    page = await panel_user.get(f"/panel/complaints/{ticket}")
    assert page.status_code == 200
    found = _DUE.search(page.text)
    assert found is not None, "the complaint page shows its Tenggat"
    return re.sub(r"<[^>]+>", "", found.group(1))


async def _queue_due(panel_user, ticket: str) -> str:  # type: ignore[no-untyped-def]
    page = await panel_user.get("/panel")
    row = page.text.split(f'data-ticket="{ticket}"', 1)[1].split("</tr>", 1)[0]
    cell = row.split('data-label="Tenggat">', 1)[1].split("</td>", 1)[0]
    return re.sub(r"<[^>]+>", "", cell)


async def _fire(
    db: async_sessionmaker[AsyncSession], ticket: str, event: str, days_later: int, **details: str
) -> tuple[date | None, str]:
    """Fires `event` `days_later` days from now; the date after it and the citizen's message."""
    async with db() as session:
        complaint = (
            await session.execute(select(Complaint).where(Complaint.ticket == ticket))
        ).scalar_one()
        fired = await fire_event(
            session, complaint, event, WORKER, EventDetails(**details),
            now=utcnow() + timedelta(days=days_later),
        )  # fmt: skip
        expected = complaint.expected_completion_on
        row = (
            await session.execute(
                select(OutboxMessage).where(
                    OutboxMessage.status_event_id == fired.id,
                    OutboxMessage.recipient == Recipient.CITIZEN,
                )
            )
        ).scalar_one()
        claimed = ClaimedMessage(
            id=row.id, channel=complaint.channel, chat_id="1", identity_id=row.identity_id or 0,
            recipient=row.recipient, template=row.template, params=dict(row.params),
            language=row.language, complaint_id=complaint.id, attempts=0, reachable=True,
        )  # fmt: skip
        await session.commit()
    return expected, compose(claimed, appeal_window_days=14).text


class TestOneExpectedDate:
    """The receipt, the status view, every status message and the panel's Tenggat agree."""

    async def test_the_date_is_the_same_everywhere_and_each_move_says_why(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        chat = ChatDriver(DialogEngine(db, DialogServices(vault=vault)))
        staff = await panel(Role.BACK_OFFICE)
        t = texts_for("id")
        ticket = await file_complete_complaint(chat)
        async with db() as session:
            complaint = (
                await session.execute(select(Complaint).where(Complaint.ticket == ticket))
            ).scalar_one()
            first = complaint.expected_completion_on
        assert first is not None
        assert f"Perkiraan selesai: {format_day('id', first)}" in chat.text, "the receipt"
        assert t.day(first) in await _panel_due(staff, ticket)

        # (event, days after filing, details, why it moves or None when it holds)
        steps = [
            ("start_review", 0, {}, None),
            ("request_info", 1, {"note": "Mohon kirim foto KKS."}, None),
            ("provide_info", 8, {}, "menunggu jawaban Anda"),
            ("refer", 40, {"agency": "pkh"}, "untuk menindaklanjuti rujukan"),
            ("record_outcome", 65, {"outcome": "in_progress", "note": "Data diperbaiki."},
             "penanganan oleh Dinas Sosial"),
        ]  # fmt: skip
        shown = first
        for event, days, details, why in steps:
            expected, message = await _fire(db, ticket, event, days, **details)
            assert expected is not None, event
            assert format_day("id", expected) in message, (event, message)
            assert t.day(expected) in await _panel_due(staff, ticket), event
            assert t.day(expected) in await _queue_due(staff, ticket), event
            await chat.send("/status")
            await chat.press(ticket)
            assert f"Perkiraan selesai: {format_day('id', expected)}" in chat.text, event
            if why is None:
                assert expected == shown, f"{event} moved the date without a word"
                assert "mundur dari" not in message
            else:
                assert expected > shown, event
                assert f"mundur dari {format_day('id', shown)}" in message, message
                assert why in message, message
            shown = expected
        assert shown > first

    async def test_the_panel_says_the_date_is_on_hold_while_the_citizen_is_asked(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        chat = ChatDriver(DialogEngine(db, DialogServices(vault=vault)))
        staff = await panel(Role.BACK_OFFICE)
        ticket = await file_complete_complaint(chat)
        await _fire(db, ticket, "start_review", 0)
        expected, message = await _fire(db, ticket, "request_info", 0, note="Foto KK?")
        assert expected is not None
        assert f"({format_day('id', expected)}) tertahan sampai Anda menjawab" in message
        due = await _panel_due(staff, ticket)
        assert texts_for("id").day(expected) in due and "menunggu jawaban warga" in due
