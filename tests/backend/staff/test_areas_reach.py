"""The areas beyond pages: a limited account's morning digest, its new-complaint alerts and
the inclusion proposals it lists hold only its areas' households."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.casefiles.models import Complaint, ComplaintStatus
from backend.citizens.models import Channel, Citizen
from backend.complaints.assignment import assign_complaint
from backend.complaints.service import EventDetails, fire_event
from backend.digests.contents import digest_for
from backend.errors import InvalidInput
from backend.mail.models import OutgoingEmail
from backend.privacy.corrections import CorrectionField, request_correction
from backend.privacy.repository import get_correction, open_corrections
from backend.referrals.models import Referral
from backend.registry.listing import proposal_page
from backend.security.crypto import Vault
from backend.staff.areas import set_areas
from backend.staff.models import Role, StaffUser
from backend.staff.repository import list_active_users_holding
from backend.staff_alerts.models import AlertChannel
from backend.staff_alerts.service import set_preferences
from tests.fixtures.factories import BUBULAK, make_complaint, make_staff

ADMIN = Actor(ActorRole.ADMIN)
BATU_TULIS = "32.71.01.1001"  # Bogor Selatan; the factories file in Bubulak, Bogor Barat


async def _moved_to(session: AsyncSession, complaint: Complaint, kelurahan: str) -> Complaint:
    # Test set-up: the household lives, and the complaint was filed, in another kelurahan.
    complaint.kelurahan_code = kelurahan
    (await session.get_one(Citizen, complaint.citizen_id)).kelurahan_code = kelurahan
    await session.flush()
    return complaint


async def _overdue(session: AsyncSession, vault: Vault, assignee: StaffUser | None) -> Complaint:
    complaint = await make_complaint(session, vault, status=ComplaintStatus.IN_REVIEW)
    complaint.assignee_id = assignee.id if assignee else None
    complaint.due_on = date(2026, 12, 21)
    await session.flush()
    return complaint


async def _unanswered(session: AsyncSession, vault: Vault) -> Complaint:
    complaint = await make_complaint(session, vault)
    await fire_event(session, complaint, "start_review", ADMIN)
    await fire_event(session, complaint, "refer", ADMIN, EventDetails(agency="pkh", note="PKH"))
    statement = select(Referral).where(Referral.complaint_id == complaint.id)
    (await session.execute(statement)).scalar_one().due_on = date(2026, 12, 22)
    await session.flush()
    return complaint


class TestADigest:
    """A supervisor of Bogor Selatan hears of Bogor Selatan's late work only."""

    async def test_holds_only_its_areas(self, session: AsyncSession, vault: Vault) -> None:
        supervisor = await make_staff(session, Role.SUPERVISOR)
        await set_areas(session, supervisor, ["32.71.01"], ADMIN)
        west_own = await _overdue(session, vault, supervisor)
        south_own = await _moved_to(session, await _overdue(session, vault, supervisor), BATU_TULIS)
        west_team = await _overdue(session, vault, None)
        south_team = await _moved_to(session, await _overdue(session, vault, None), BATU_TULIS)
        west_referral = await _unanswered(session, vault)
        south_referral = await _moved_to(session, await _unanswered(session, vault), BATU_TULIS)

        digest = await digest_for(session, supervisor, date(2026, 12, 23))

        assert [item.ticket for item in digest.overdue] == [south_own.ticket]
        assert [item.ticket for item in digest.team_overdue] == [south_team.ticket]
        assert [item.ticket for item in digest.referrals] == [south_referral.ticket]
        told = {west_own.ticket, west_team.ticket, west_referral.ticket}
        everything = [*digest.overdue, *digest.team_overdue, *digest.referrals]
        assert told.isdisjoint(item.ticket for item in everything)


class TestNewComplaintAlerts:
    """A new complaint is told to whole-city accounts and to those whose areas hold it."""

    async def test_only_accounts_whose_areas_hold_it_hear(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        city, west, south, kelurahan = [await make_staff(session) for _ in range(4)]
        await set_areas(session, west, ["32.71.04"], ADMIN)
        await set_areas(session, south, ["32.71.01"], ADMIN)
        await set_areas(session, kelurahan, ["32.71.04.1003"], ADMIN)
        for user in (city, west, south, kelurahan):
            await set_preferences(session, user, channel=AlertChannel.EMAIL, new_complaints=True)
        filed = await make_complaint(session, vault)  # in Bubulak, 32.71.04.1003

        statement = select(OutgoingEmail.staff_user_id).where(
            OutgoingEmail.kind == "new_complaint", OutgoingEmail.body.contains(filed.ticket)
        )
        told = set(await session.scalars(statement))
        assert told == {city.id, west.id, kelurahan.id}


class TestProposals:
    """The inclusion proposals listed are those of households in the account's areas."""

    async def test_listed_and_counted_in_its_areas(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        west = await make_complaint(session, vault)  # not registered: proposed at once
        south = await _moved_to(session, await make_complaint(session, vault), BATU_TULIS)
        clerk = await make_staff(session, Role.BACK_OFFICE)
        await set_areas(session, clerk, ["32.71.01"], ADMIN)
        actor = Actor(ActorRole.BACK_OFFICE, clerk.id, area_kelurahan=frozenset({BATU_TULIS}))
        page = await proposal_page(session, vault, actor)
        tickets = {c.ticket for entry in page.entries for c in entry.complaints}
        assert south.ticket in tickets and west.ticket not in tickets
        assert page.total == sum(page.counts.values()) == len(page.entries)
        city = await proposal_page(session, vault, Actor(ActorRole.BACK_OFFICE, clerk.id))
        whole = {c.ticket for entry in city.entries for c in entry.complaints}
        assert {west.ticket, south.ticket} <= whole


class TestAssigning:
    """A complaint goes only to someone whose areas hold it: they must be able to open it."""

    async def test_someone_of_other_areas_is_refused_and_not_offered(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        complaint = await make_complaint(session, vault)  # in Bubulak, Bogor Barat
        south, west = await make_staff(session), await make_staff(session)
        await set_areas(session, south, ["32.71.01"], ADMIN)
        await set_areas(session, west, ["32.71.04"], ADMIN)
        with pytest.raises(InvalidInput, match="other areas"):
            await assign_complaint(session, complaint, ADMIN, south.id)
        assert complaint.assignee_id is None
        await assign_complaint(session, complaint, ADMIN, west.id)
        assert complaint.assignee_id == west.id
        offered = await list_active_users_holding(session, [Role.BACK_OFFICE], BUBULAK)
        assert west in offered and south not in offered
        assert west not in await list_active_users_holding(session, [Role.BACK_OFFICE], None)


class TestCorrectionRequests:
    """A person's correction request is listed and answered by accounts whose areas hold them."""

    async def test_listed_and_found_in_its_areas(self, session: AsyncSession, vault: Vault) -> None:
        complaint = await make_complaint(session, vault)  # a household of Bubulak
        asked = await request_correction(
            session, vault, citizen_id=complaint.citizen_id, field=CorrectionField.PHONE,
            value="0813 1111 2222", channel=Channel.TELEGRAM, chat_id=None,
        )  # fmt: skip
        south = Actor(ActorRole.BACK_OFFICE, area_kelurahan=frozenset({BATU_TULIS}))
        west = Actor(ActorRole.BACK_OFFICE, area_kelurahan=frozenset({BUBULAK}))
        for actor, held in ((south, False), (west, True), (Actor(ActorRole.BACK_OFFICE), True)):
            listed = {row.request.id for row in await open_corrections(session, actor)}
            assert (asked.id in listed) is held
            assert (await get_correction(session, asked.id, actor=actor) is not None) is held
