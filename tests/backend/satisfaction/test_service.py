"""Submitting a survey (once, by the complaint's citizen, when finished) and the period's report."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.actors import Actor, ActorRole
from backend.casefiles.models import ComplaintStatus
from backend.citizens.models import Channel
from backend.complaints.stats import Period
from backend.db import unit_of_work
from backend.errors import Conflict, Forbidden, InvalidInput
from backend.satisfaction.ikm import Grade
from backend.satisfaction.models import SurveyResponse
from backend.satisfaction.report import ikm_report
from backend.satisfaction.service import submit_survey
from backend.security.crypto import Vault
from tests.fixtures.factories import make_complaint
from tests.fixtures.surveys import SUBMITTED, submitted_surveys

DECEMBER = Period(date(2026, 12, 1), date(2026, 12, 31))
SUPERVISOR = Actor(ActorRole.SUPERVISOR, staff_id=1)
ALL_THREE = {"requirements": 3, "procedure": 3, "turnaround": 3}


class TestSubmitting:
    """The rules of submit_survey."""

    async def test_a_second_survey_of_the_same_complaint_is_refused(
        self, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        async with unit_of_work(sessions) as session:
            complaint = await make_complaint(session, vault, status=ComplaintStatus.RESOLVED)
            citizen = Actor(ActorRole.CITIZEN, citizen_id=complaint.citizen_id)
            await submit_survey(session, complaint, citizen, ALL_THREE, None, SUBMITTED)
            with pytest.raises(Conflict):
                await submit_survey(session, complaint, citizen, ALL_THREE, None, SUBMITTED)

    async def test_the_database_itself_keeps_one_row_per_complaint(
        self, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        # Two transactions that both checked before either wrote: the unique key decides.
        async with unit_of_work(sessions) as session:
            complaint = await make_complaint(session, vault, status=ComplaintStatus.RESOLVED)
            rows = [
                SurveyResponse(
                    complaint_id=complaint.id,
                    channel=Channel.TELEGRAM,
                    category_id=complaint.category_id,
                    submitted_at=SUBMITTED,
                )
                for _ in range(2)
            ]
            session.add_all(rows)
            with pytest.raises(IntegrityError):
                await session.flush()
            await session.rollback()

    @pytest.mark.parametrize("role", [ActorRole.BACK_OFFICE, ActorRole.FACILITATOR])
    async def test_nobody_but_the_citizen_answers(
        self, sessions: async_sessionmaker[AsyncSession], vault: Vault, role: ActorRole
    ) -> None:
        async with unit_of_work(sessions) as session:
            complaint = await make_complaint(session, vault, status=ComplaintStatus.RESOLVED)
            with pytest.raises(Forbidden):
                await submit_survey(session, complaint, Actor(role, staff_id=1), ALL_THREE,
                                    None, SUBMITTED)  # fmt: skip
            other = Actor(ActorRole.CITIZEN, citizen_id=complaint.citizen_id + 1000)
            with pytest.raises(Forbidden):
                await submit_survey(session, complaint, other, ALL_THREE, None, SUBMITTED)

    @pytest.mark.parametrize("status", [ComplaintStatus.IN_REVIEW, ComplaintStatus.REJECTED])
    async def test_only_a_finished_complaint(
        self, sessions: async_sessionmaker[AsyncSession], vault: Vault, status: ComplaintStatus
    ) -> None:
        async with unit_of_work(sessions) as session:
            complaint = await make_complaint(session, vault, status=status)
            citizen = Actor(ActorRole.CITIZEN, citizen_id=complaint.citizen_id)
            with pytest.raises(Conflict):
                await submit_survey(session, complaint, citizen, ALL_THREE, None, SUBMITTED)

    @pytest.mark.parametrize(
        "scores", [{"requirements": 5}, {"requirements": 0}, {"requirements": True}, {"taste": 3}]
    )
    async def test_a_bad_score_or_element_is_refused(
        self, sessions: async_sessionmaker[AsyncSession], vault: Vault, scores: dict[str, object]
    ) -> None:
        async with unit_of_work(sessions) as session:
            complaint = await make_complaint(session, vault, status=ComplaintStatus.RESOLVED)
            citizen = Actor(ActorRole.CITIZEN, citizen_id=complaint.citizen_id)
            with pytest.raises(InvalidInput):
                await submit_survey(session, complaint, citizen, scores, None, SUBMITTED)  # type: ignore[arg-type]


class TestThePeriodsReport:
    """Overall, per category and per channel, over the surveys submitted in the period."""

    async def test_the_fixed_data_set_gives_the_hand_checked_index(
        self, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        await submitted_surveys(sessions, vault)
        async with sessions() as session:
            report = await ikm_report(session, SUPERVISOR, DECEMBER)
        assert (report.overall.ikm, report.overall.grade) == (Decimal("80.83"), Grade.B)
        assert report.overall.respondents == 5
        by_category = {row.code: row.result for row in report.by_category}
        # PKH: means 3.6667 3.3333 2.6667 4 3.3333 3.3333 3.6667 3 3.3333 -> 30.3333/9*25
        assert by_category["pkh"].ikm == Decimal("84.26")
        assert by_category["pkh"].respondents == 3
        # BPNT: 3 2.5 2.5 4 3 3.5 3 2.5 3 -> 27/9*25 = 75.00, C
        assert (by_category["bpnt"].ikm, by_category["bpnt"].grade) == (Decimal("75.00"), Grade.C)
        by_channel = {row.channel: row.result for row in report.by_channel}
        assert by_channel[Channel.TELEGRAM].respondents == 3
        assert by_channel[Channel.WEB].respondents == 2

    async def test_the_period_is_of_wib_dates(
        self, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        # 23:30 WIB on 30 November is 16:30 UTC: November's, not December's.
        late = datetime(2026, 11, 30, 16, 30, tzinfo=UTC)
        await submitted_surveys(sessions, vault, at=late)
        async with sessions() as session:
            december = await ikm_report(session, SUPERVISOR, DECEMBER)
            november = await ikm_report(
                session, SUPERVISOR, Period(date(2026, 11, 30), date(2026, 11, 30))
            )
        assert december.overall.respondents == 0 and december.overall.ikm is None
        assert november.overall.respondents == 5

    @pytest.mark.parametrize("role", [ActorRole.FRONT_OFFICE, ActorRole.FACILITATOR])
    async def test_front_office_and_facilitators_may_not_see_it(
        self, sessions: async_sessionmaker[AsyncSession], role: ActorRole
    ) -> None:
        async with sessions() as session:
            with pytest.raises(Forbidden):
                await ikm_report(session, Actor(role, staff_id=1), DECEMBER)

    async def test_the_comments_are_listed_masked(
        self, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        await submitted_surveys(sessions, vault, comment="NIK saya 3271046501900001, cepat!")
        async with sessions() as session:
            report = await ikm_report(session, SUPERVISOR, DECEMBER)
            stored = list(await session.scalars(select(SurveyResponse.comment)))
        assert len(report.comments) == 5
        assert all("3271046501900001" not in (text or "") for text in stored)
