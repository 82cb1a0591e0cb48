"""The dashboard's figures, checked against complaints whose numbers are known (stats_world)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.actors import Actor, ActorRole
from backend.casefiles.models import ComplaintStatus as S
from backend.complaints.stats import MAX_WEEKS, Period, WeekCount, dashboard_figures
from backend.errors import Forbidden, InvalidInput
from backend.security.crypto import Vault
from tests.backend.complaints.stats_world import (
    BARAT,
    PERIOD,
    SELATAN,
    TIMUR,
    TODAY,
    World,
    build_world,
)

SUPERVISOR = Actor(ActorRole.SUPERVISOR, staff_id=1)


@pytest.fixture
async def world(sessions: async_sessionmaker[AsyncSession], vault: Vault) -> World:
    """The complaints of stats_world, filed and set."""
    return await build_world(sessions, vault)


async def _figures(sessions: async_sessionmaker[AsyncSession], period: Period = PERIOD):
    async with sessions() as session:
        return await dashboard_figures(session, SUPERVISOR, period, TODAY)


class TestCountsOfThePeriod:
    """Status, category and kecamatan count the complaints filed in the period's WIB dates."""

    async def test_counts_by_status(
        self, sessions: async_sessionmaker[AsyncSession], world: World
    ) -> None:
        figures = await _figures(sessions)
        assert figures.filed == 7
        counts = {row.status: row.count for row in figures.by_status}
        assert counts == {
            S.PENDING_APPROVAL: 0, S.RECEIVED: 1, S.IN_REVIEW: 1, S.NEEDS_INFO: 0,
            S.IN_PROGRESS: 0, S.REFERRED: 1, S.RESOLVED: 3, S.CLOSED: 1, S.REJECTED: 0,
        }  # fmt: skip
        assert [row.status for row in figures.by_status] == list(S)

    async def test_counts_by_category_most_first_and_every_active_one(
        self, sessions: async_sessionmaker[AsyncSession], world: World
    ) -> None:
        figures = await _figures(sessions)
        counts = {row.code: row.count for row in figures.by_category}
        assert counts["pkh"] == 3 and counts["bpnt"] == 3 and counts["pip"] == 1
        assert counts["civil_documents"] == 0
        assert sum(counts.values()) == figures.filed
        assert [row.count for row in figures.by_category] == sorted(counts.values(), reverse=True)

    async def test_counts_by_kecamatan_with_a_row_for_no_kelurahan(
        self, sessions: async_sessionmaker[AsyncSession], world: World
    ) -> None:
        figures = await _figures(sessions)
        counts = {row.code: row.count for row in figures.by_kecamatan}
        assert counts == {
            BARAT: 3, SELATAN: 2, TIMUR: 1, None: 1,
            "32.71.03": 0, "32.71.05": 0, "32.71.06": 0,
        }  # fmt: skip
        assert figures.by_kecamatan[0].name == "Bogor Barat"

    async def test_a_shorter_period_counts_less(
        self, sessions: async_sessionmaker[AsyncSession], world: World
    ) -> None:
        figures = await _figures(sessions, Period(date(2026, 3, 29), date(2026, 3, 30)))
        # e late on the 29th, f just after midnight WIB on the 30th: both in, g not.
        assert figures.filed == 2
        assert {row.status: row.count for row in figures.by_status}[S.RECEIVED] == 1


class TestWeeklyVolume:
    """Weeks run Monday to Sunday in WIB; a week the period cuts is marked partial."""

    async def test_four_whole_weeks(
        self, sessions: async_sessionmaker[AsyncSession], world: World
    ) -> None:
        figures = await _figures(sessions)
        assert figures.weekly == [
            WeekCount(date(2026, 3, 2), 2, partial=False),
            WeekCount(date(2026, 3, 9), 1, partial=False),
            WeekCount(date(2026, 3, 16), 3, partial=False),
            WeekCount(date(2026, 3, 23), 1, partial=False),
        ]

    async def test_weeks_cut_by_the_period_count_only_its_days(
        self, sessions: async_sessionmaker[AsyncSession], world: World
    ) -> None:
        figures = await _figures(sessions, Period(date(2026, 3, 4), date(2026, 3, 10)))
        assert figures.weekly == [
            WeekCount(date(2026, 3, 2), 0, partial=True),
            WeekCount(date(2026, 3, 9), 1, partial=True),
        ]

    def test_a_long_period_shows_its_last_weeks(self) -> None:
        weeks = Period(date(2020, 1, 1), date(2026, 3, 29)).week_starts()
        assert len(weeks) == MAX_WEEKS and weeks[-1] == date(2026, 3, 23)

    def test_the_default_is_twelve_weeks_up_to_today(self) -> None:
        period = Period.last_weeks(date(2026, 3, 25))  # a Wednesday
        assert period == Period(date(2026, 1, 5), date(2026, 3, 25))
        assert len(period.week_starts()) == 12


class TestWorkloadNow:
    """Open work per assignee as it stands today, whatever the period."""

    async def test_open_and_overdue_by_assignee(
        self, sessions: async_sessionmaker[AsyncSession], world: World
    ) -> None:
        figures = await _figures(sessions, Period(date(2026, 1, 1), date(2026, 1, 2)))
        (w1, w1_name), (w2, w2_name) = world.workers["w1"], world.workers["w2"]
        loads = {(load.staff_id, load.name, load.open, load.overdue) for load in figures.workload}
        assert loads == {(w1, w1_name, 2, 1), (w2, w2_name, 1, 1), (None, None, 1, 1)}
        assert figures.workload[0].staff_id == w1  # most overdue, then most open
        assert (figures.open_now, figures.overdue_now) == (4, 3)


class TestMedianDaysToResolve:
    """Calendar days from filing to resolution of the period's resolved or closed complaints."""

    async def test_overall_and_per_category(
        self, sessions: async_sessionmaker[AsyncSession], world: World
    ) -> None:
        resolution = (await _figures(sessions)).resolution
        # a 2, b 6 (closed), h 10, i 3; g was filed before the period.
        assert resolution.resolved == 4
        assert resolution.median_days == pytest.approx(4.5)
        by_code = {row.code: (row.resolved, row.median_days) for row in resolution.by_category}
        assert by_code == {"pkh": (3, pytest.approx(6.0)), "bpnt": (1, pytest.approx(3.0))}

    async def test_none_resolved_has_no_median(
        self, sessions: async_sessionmaker[AsyncSession], world: World
    ) -> None:
        resolution = (
            await _figures(sessions, Period(date(2026, 3, 9), date(2026, 3, 15)))
        ).resolution
        assert (resolution.resolved, resolution.median_days, resolution.by_category) == (
            0,
            None,
            [],
        )


class TestRules:
    """Who may read the figures, and which periods are refused."""

    @pytest.mark.parametrize("role", [ActorRole.FRONT_OFFICE, ActorRole.FACILITATOR])
    async def test_roles_outside_the_dashboard_are_refused(
        self, session: AsyncSession, role: ActorRole
    ) -> None:
        with pytest.raises(Forbidden):
            await dashboard_figures(session, Actor(role, staff_id=1), PERIOD, TODAY)

    def test_a_period_running_backwards_is_refused(self) -> None:
        with pytest.raises(InvalidInput):
            Period.checked(date(2026, 3, 2), date(2026, 3, 1))
