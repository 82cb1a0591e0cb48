"""Staff alerts: the one-time Telegram link, the channel chosen, and new complaints told at once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.audit.models import AuditRecord
from backend.casefiles.models import Complaint, ComplaintStatus
from backend.citizens.models import Channel
from backend.clock import utcnow
from backend.complaints.assignment import assign_complaint
from backend.complaints.news import mark_undeliverable
from backend.complaints.service import fire_event
from backend.mail.models import OutgoingEmail
from backend.notifications.models import OutboxMessage, Recipient
from backend.security.crypto import Vault
from backend.staff.models import Role
from backend.staff_alerts.models import AlertChannel, StaffTelegramLink
from backend.staff_alerts.service import (
    StaffLinkOutcome,
    accept_staff_link,
    issue_telegram_link,
    preference_of,
    set_preferences,
    telegram_chat_of,
    unlink_telegram,
)
from backend.staff_alerts.texts import message_keys
from tests.fixtures.factories import make_complaint, make_facilitator, make_staff


class TestTelegramLink:
    """stf_<token>: good once, for an hour, the newest only, and only from Telegram."""

    async def test_binds_once_and_tells_why_otherwise(self, session: AsyncSession) -> None:
        worker = await make_staff(session)
        now = utcnow()
        issued = await issue_telegram_link(session, worker, now=now)
        assert issued.payload.startswith("stf_") and len(issued.payload) <= 64
        stored = await session.get_one(StaffTelegramLink, issued.link.id)
        assert issued.token not in stored.token_hash  # only its hash is kept

        web = await accept_staff_link(session, issued.token, Channel.WEB, "cookie-1", now=now)
        assert web.outcome == StaffLinkOutcome.NOT_TELEGRAM
        bound = await accept_staff_link(session, issued.token, Channel.TELEGRAM, "990001", now=now)
        assert bound.outcome == StaffLinkOutcome.BOUND and bound.user is worker
        again = await accept_staff_link(session, issued.token, Channel.TELEGRAM, "990001", now=now)
        assert again.outcome == StaffLinkOutcome.ALREADY_BOUND
        other = await accept_staff_link(session, issued.token, Channel.TELEGRAM, "990002", now=now)
        assert other.outcome == StaffLinkOutcome.USED and other.user is None

        chat = await telegram_chat_of(session, worker.id)
        assert chat is not None and chat.chat_id == "990001"
        preference = await preference_of(session, worker.id)
        assert preference.channel == AlertChannel.TELEGRAM  # linking is asking for Telegram

        unknown = await accept_staff_link(session, "no-such-token", Channel.TELEGRAM, "1", now=now)
        assert unknown.outcome == StaffLinkOutcome.UNKNOWN

        first = await issue_telegram_link(session, worker, now=now)
        second = await issue_telegram_link(session, worker, now=now)
        replaced = await accept_staff_link(
            session, first.token, Channel.TELEGRAM, "990001", now=now
        )
        assert replaced.outcome == StaffLinkOutcome.REVOKED
        late = now + timedelta(hours=1, seconds=1)
        expired = await accept_staff_link(
            session, second.token, Channel.TELEGRAM, "990001", now=late
        )
        assert expired.outcome == StaffLinkOutcome.EXPIRED

        await unlink_telegram(session, worker)
        assert await telegram_chat_of(session, worker.id) is None
        assert (await preference_of(session, worker.id)).channel == AlertChannel.EMAIL
        actions = set(
            await session.scalars(
                select(AuditRecord.action).where(AuditRecord.object_type == "staff_user")
            )
        )
        assert {
            "staff.telegram_link_issued",
            "staff.telegram_linked",
            "staff.telegram_unlinked",
        } <= actions

    async def test_a_deactivated_account_cannot_bind(self, session: AsyncSession) -> None:
        worker = await make_staff(session)
        issued = await issue_telegram_link(session, worker)
        worker.is_active = False
        result = await accept_staff_link(session, issued.token, Channel.TELEGRAM, "990003")
        assert result.outcome == StaffLinkOutcome.REVOKED


async def _alert_emails(
    session: AsyncSession, staff_id: int, *, saying: str = ""
) -> list[OutgoingEmail]:
    statement = select(OutgoingEmail).where(
        OutgoingEmail.staff_user_id == staff_id, OutgoingEmail.kind == "new_complaint"
    )
    return [
        e for e in await session.scalars(statement.order_by(OutgoingEmail.id)) if saying in e.body
    ]


class TestNewComplaintAlerts:
    """Opt-in: a complaint assigned to one by someone else, or a new one in the office's queue."""

    async def test_assigned_by_a_supervisor_told_only_when_asked(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        supervisor = await make_staff(session, Role.SUPERVISOR)
        wants, quiet = await make_staff(session), await make_staff(session)
        await set_preferences(session, wants, channel=AlertChannel.EMAIL, new_complaints=True)
        boss = Actor(ActorRole.SUPERVISOR, staff_id=supervisor.id)
        first = await make_complaint(session, vault)
        second = await make_complaint(session, vault)
        await assign_complaint(session, first, boss, wants.id)
        await assign_complaint(session, second, boss, quiet.id)

        # Opted in, it also heard of both filings entering the office's queue.
        received = await _alert_emails(session, wants.id, saying="masuk ke antrean kantor")
        assert [first.ticket in e.body for e in received] == [True, False]
        [email] = await _alert_emails(session, wants.id, saying="masuk ke antrean Anda")
        assert first.ticket in email.subject and first.ticket in email.body
        assert "is now in your queue" in email.body
        assert await _alert_emails(session, quiet.id) == []

        # Taking a complaint for oneself is no news to oneself.
        third = await make_complaint(session, vault)
        await assign_complaint(
            session, third, Actor(ActorRole.BACK_OFFICE, staff_id=wants.id), wants.id
        )
        assert len(await _alert_emails(session, wants.id, saying="antrean Anda")) == 1

    async def test_new_complaints_in_the_office_queue_by_telegram(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        worker = await make_staff(session)
        issued = await issue_telegram_link(session, worker)
        await accept_staff_link(session, issued.token, Channel.TELEGRAM, "990010")
        await set_preferences(session, worker, channel=AlertChannel.TELEGRAM, new_complaints=True)
        chat = await telegram_chat_of(session, worker.id)
        assert chat is not None

        filed = await make_complaint(session, vault)
        # A facilitator's filing is told when a supervisor approves it, not before.
        facilitator = await make_facilitator(session)
        pending = await make_complaint(session, vault, facilitator=facilitator)
        assert pending.status == ComplaintStatus.PENDING_APPROVAL

        def texts() -> list[str]:
            return [m.params["text"] for m in messages]

        statement = select(OutboxMessage).where(OutboxMessage.identity_id == chat.id)
        messages = list(await session.scalars(statement))
        assert [m.recipient for m in messages] == [Recipient.STAFF]
        assert filed.ticket in texts()[0] and "masuk ke antrean kantor" in texts()[0]

        await fire_event(session, pending, "approve", Actor(ActorRole.SUPERVISOR))
        messages = list(await session.scalars(statement.order_by(OutboxMessage.id)))
        assert len(messages) == 2 and pending.ticket in texts()[1]
        assert await _alert_emails(session, worker.id) == []


def test_the_alert_catalogs_have_the_same_keys() -> None:
    assert message_keys("id") == message_keys("en")


class TestBlockedBot:
    """A staff member who blocked the bot: the chat is marked unreachable, alerts go by email."""

    async def test_a_bounced_alert_falls_back_to_email(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        worker = await make_staff(session)
        issued = await issue_telegram_link(session, worker)
        await accept_staff_link(session, issued.token, Channel.TELEGRAM, "990020")
        await set_preferences(session, worker, channel=AlertChannel.TELEGRAM, new_complaints=True)
        filed = await make_complaint(session, vault)
        chat = await telegram_chat_of(session, worker.id)
        assert chat is not None
        message = (
            await session.scalars(select(OutboxMessage).where(OutboxMessage.identity_id == chat.id))
        ).one()

        # What the notifier does on Telegram's 403: no relay and no phone call for a staff alert.
        relays = await mark_undeliverable(session, message.id, "403 blocked", utcnow())
        assert relays == []
        assert (await session.get_one(Complaint, filed.id)).needs_phone_call_since is None
        assert await telegram_chat_of(session, worker.id) is None

        second = await make_complaint(session, vault)
        [email] = await _alert_emails(session, worker.id)
        assert second.ticket in email.body
