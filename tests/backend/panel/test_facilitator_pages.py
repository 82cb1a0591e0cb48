"""The facilitator pages of the panel: onboarding, approvals, unconfirmed relays, the complaint card."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.app import create_app
from backend.casefiles.models import ComplaintStatus
from backend.citizens.models import Channel
from backend.clock import local_date, utcnow
from backend.complaints.assisted_filing import HouseholdAnswers, file_for_household
from backend.config import Settings
from backend.db import unit_of_work
from backend.facilitators.models import Facilitator, FacilitatorInvitation, HouseholdReach, Relay
from backend.facilitators.relays import confirm_relay
from backend.facilitators.repository import active_facilitator_of_chat
from backend.facilitators.service import BindOutcome, accept_invitation
from backend.notifications.models import OutboxMessage, Recipient
from backend.security.crypto import Vault
from backend.staff.models import Role
from tests.backend.api.helpers import get_complaint
from tests.backend.panel.helpers import PanelUser, sign_in_to_panel
from tests.fixtures.facilitator_helpers import invited
from tests.fixtures.factories import BUBULAK, category, made_up_nik

BOT = "slrt_bogor_bot"
LINK = re.compile(r"https://t\.me/slrt_bogor_bot\?start=fac_([A-Za-z0-9_-]+)")


@pytest.fixture
async def app(
    settings: Settings, sessions: async_sessionmaker[AsyncSession]
) -> AsyncIterator[FastAPI]:
    """The application with a known bot username, so links are t.me links."""
    named = settings.model_copy(update={"telegram_bot_username": BOT})
    application = create_app(named, sessions)
    yield application
    await application.state.engine.dispose()


@pytest.fixture
def db(app: FastAPI) -> async_sessionmaker[AsyncSession]:
    return app.state.sessions


@pytest.fixture
async def supervisor(
    app: FastAPI, db: async_sessionmaker[AsyncSession]
) -> AsyncIterator[PanelUser]:
    user = await sign_in_to_panel(app, db, Role.SUPERVISOR)
    yield user
    await user.client.aclose()


async def pending_filing(
    db: async_sessionmaker[AsyncSession], vault: Vault, chat_id: str = "8800001"
) -> tuple[str, int]:
    """A bound facilitator's filing waiting for approval: (ticket, facilitator id)."""
    person = await invited(db)
    async with unit_of_work(db) as session:
        await accept_invitation(session, person.token, Channel.TELEGRAM, chat_id)
        facilitator = await session.get_one(Facilitator, person.facilitator_id)
        result = await file_for_household(
            session, vault, facilitator,
            HouseholdAnswers(
                full_name="Siti Aminah", nik=made_up_nik(), kk=None, phone=None, kelurahan_code=BUBULAK,
                address="Jl. Mawar No. 5, RT 02/RW 03", category=await category(session),
                description="Bantuan PKH tidak cair sejak Agustus.", reach=HouseholdReach.FACILITATOR,
                visit_on=local_date(utcnow()),
            ),
            channel=Channel.TELEGRAM, link_valid_for=timedelta(days=30),
        )  # fmt: skip
        return result.complaint.ticket, facilitator.id


class TestOnboarding:
    """A supervisor registers a facilitator and gets a one-time t.me link that binds their Telegram."""

    async def test_registering_shows_a_link_that_binds_once(
        self, supervisor: PanelUser, db: async_sessionmaker[AsyncSession]
    ) -> None:
        page = await supervisor.post(
            "/panel/facilitators",
            {"full_name": "Dewi Lestari", "phone": "0812 9999 0001", "kelurahan": BUBULAK},
        )
        assert page.status_code == 200, page.text
        assert "Dewi Lestari sudah didaftarkan" in page.text
        token = LINK.search(page.text).group(1)  # type: ignore[union-attr]
        async with unit_of_work(db) as session:
            assert (
                await accept_invitation(session, token, Channel.TELEGRAM, "8800001")
            ).outcome == BindOutcome.BOUND
            facilitator = await active_facilitator_of_chat(session, Channel.TELEGRAM, "8800001")
            assert facilitator is not None and facilitator.phone == "+6281299990001"
        listing = await supervisor.get("/panel/facilitators")
        assert "Dewi Lestari" in listing.text and "terhubung" in listing.text
        assert token not in listing.text  # shown once, never again

    async def test_an_invalid_phone_is_explained_and_nothing_is_stored(
        self, supervisor: PanelUser, db: async_sessionmaker[AsyncSession]
    ) -> None:
        page = await supervisor.post(
            "/panel/facilitators",
            {"full_name": "Dewi Lestari", "phone": "12345", "kelurahan": BUBULAK},
        )
        assert page.status_code == 422
        assert "Nomor HP tidak valid" in page.text and 'value="Dewi Lestari"' in page.text
        async with db() as session:
            assert list(await session.scalars(select(Facilitator))) == []

    async def test_a_duplicate_phone_is_refused_with_a_reason(self, supervisor: PanelUser) -> None:
        form = {"full_name": "Dewi Lestari", "phone": "081299990001", "kelurahan": BUBULAK}
        assert (await supervisor.post("/panel/facilitators", form)).status_code == 200
        again = await supervisor.post("/panel/facilitators", {**form, "full_name": "Dewi Kedua"})
        assert again.status_code == 409 and "sudah" in again.text.lower()

    async def test_a_new_link_and_revoking_it(
        self, supervisor: PanelUser, db: async_sessionmaker[AsyncSession]
    ) -> None:
        person = await invited(db)
        page = await supervisor.post(f"/panel/facilitators/{person.facilitator_id}/invitations")
        token = LINK.search(page.text).group(1)  # type: ignore[union-attr]
        async with db() as session:
            newest = (
                (
                    await session.execute(
                        select(FacilitatorInvitation).order_by(FacilitatorInvitation.id.desc())
                    )
                )
                .scalars()
                .first()
            )
        assert newest is not None
        revoked = await supervisor.post(
            f"/panel/facilitators/{person.facilitator_id}/invitations/{newest.id}/revoke"
        )
        assert revoked.status_code == 303
        async with unit_of_work(db) as session:
            outcomes = [
                (await accept_invitation(session, t, Channel.TELEGRAM, "8800001")).outcome
                for t in (person.token, token)
            ]
        assert outcomes == [BindOutcome.REVOKED, BindOutcome.REVOKED]

    async def test_deactivating_ends_bot_access(
        self, supervisor: PanelUser, db: async_sessionmaker[AsyncSession]
    ) -> None:
        person = await invited(db)
        async with unit_of_work(db) as session:
            await accept_invitation(session, person.token, Channel.TELEGRAM, "8800001")
        response = await supervisor.post(
            f"/panel/facilitators/{person.facilitator_id}/active", {"active": "0"}
        )
        assert response.status_code == 303
        async with db() as session:
            assert await active_facilitator_of_chat(session, Channel.TELEGRAM, "8800001") is None
        listing = await supervisor.get("/panel/facilitators?notice=deactivated")
        assert "nonaktif" in listing.text


class TestApprovals:
    """Pending filings are listed; approving one from the list starts the SLA and tells the facilitator."""

    async def test_approving_from_the_list(
        self, supervisor: PanelUser, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket, _ = await pending_filing(db, vault)
        listing = await supervisor.get("/panel/facilitators/approvals")
        assert (
            ticket in listing.text
            and "Rina Marlina" in listing.text
            and "Siti Aminah" in listing.text
        )
        response = await supervisor.post(f"/panel/complaints/{ticket}/events", {"event": "approve"})
        assert response.status_code == 303
        complaint = await get_complaint(db, ticket)
        assert complaint.status == ComplaintStatus.RECEIVED and complaint.due_on is not None
        async with db() as session:
            [message] = list(await session.scalars(select(OutboxMessage)))
        assert (message.recipient, message.template) == (Recipient.FACILITATOR, "relay")
        assert ticket not in (await supervisor.get("/panel/facilitators/approvals")).text

    async def test_rejecting_needs_a_reason(
        self, supervisor: PanelUser, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket, _ = await pending_filing(db, vault)
        refused = await supervisor.post(f"/panel/complaints/{ticket}/events", {"event": "reject"})
        assert refused.status_code == 422
        done = await supervisor.post(
            f"/panel/complaints/{ticket}/events",
            {"event": "reject", "reason": "Sudah menerima PKH."},
        )
        assert done.status_code == 303
        assert (await get_complaint(db, ticket)).status == ComplaintStatus.REJECTED

    async def test_back_office_cannot_open_the_list(
        self, app: FastAPI, db: async_sessionmaker[AsyncSession]
    ) -> None:
        worker = await sign_in_to_panel(app, db, Role.BACK_OFFICE)
        try:
            assert (await worker.get("/panel/facilitators/approvals")).status_code == 403
        finally:
            await worker.client.aclose()


class TestRelaysOnThePanel:
    """The complaint page tells the facilitator's filing and the confirmation; late relays are listed."""

    async def test_the_complaint_page_and_the_overdue_list(
        self, supervisor: PanelUser, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket, facilitator_id = await pending_filing(db, vault)
        await supervisor.post(f"/panel/complaints/{ticket}/events", {"event": "approve"})
        async with unit_of_work(db) as session:
            relay = (await session.execute(select(Relay))).scalar_one()
            relay.created_at = utcnow() - timedelta(days=10)
        listing = await supervisor.get("/panel/facilitators/relays")
        assert ticket in listing.text and "Rina Marlina" in listing.text
        page = await supervisor.get(f"/panel/complaints/{ticket}")
        assert (
            "Pengajuan oleh fasilitator" in page.text
            and "0 sudah disampaikan, 1 menunggu" in page.text
        )
        async with unit_of_work(db) as session:
            facilitator = await session.get_one(Facilitator, facilitator_id)
            await confirm_relay(session, relay.id, facilitator, utcnow())
        page = await supervisor.get(f"/panel/complaints/{ticket}")
        assert "Kabar sudah disampaikan ke warga oleh fasilitator" in page.text
        assert "1 sudah disampaikan, 0 menunggu" in page.text
        assert ticket not in (await supervisor.get("/panel/facilitators/relays")).text
