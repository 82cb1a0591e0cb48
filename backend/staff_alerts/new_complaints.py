"""Telling staff at once that a complaint entered their queue, for those who asked to be told.

Two moments count as entering one's queue: a complaint assigned to someone by
someone else, and a new complaint received by the office (the shared queue of
unassigned work every back-office worker and supervisor draws from). The morning
digest covers everyone; these alerts are opt-in (the profile page).
"""

from __future__ import annotations

from datetime import date
from functools import partial

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.staff.areas import accounts_covering
from backend.staff.models import StaffUser
from backend.staff_alerts.delivery import SentAlert, send_alert
from backend.staff_alerts.models import StaffAlertPreference
from backend.staff_alerts.service import ALERTED_ROLES
from backend.staff_alerts.texts import day, say

NEW_COMPLAINT_KIND = "new_complaint"


def _subject(ticket: str, language: str) -> str:
    return say(language, "alert-subject-new-complaint", ticket=ticket)


def _body(
    key: str, ticket: str, category: tuple[str, str], due_on: date | None, language: str
) -> str:
    name = category[1] if language == "en" else category[0]
    return say(language, key, ticket=ticket, category=name, due=day(language, due_on))


async def _wanting_alerts(
    session: AsyncSession, staff_ids: list[int] | None, *, kelurahan_code: str | None = None
) -> list[StaffUser]:
    statement = (
        select(StaffUser)
        .join(StaffAlertPreference, StaffAlertPreference.staff_user_id == StaffUser.id)
        .where(
            StaffAlertPreference.new_complaints.is_(True),
            StaffUser.is_active.is_(True),
            StaffUser.role.in_(list(ALERTED_ROLES)),
        )
        .order_by(StaffUser.id)
    )
    if staff_ids is not None:
        statement = statement.where(StaffUser.id.in_(staff_ids))
    else:
        # Only those whose areas hold the complaint's kelurahan (docs/areas.md).
        statement = statement.where(accounts_covering(kelurahan_code))
    return list(await session.scalars(statement))


async def tell_assigned(
    session: AsyncSession, assignee_id: int, *, ticket: str, category: tuple[str, str],
    due_on: date | None,
) -> list[SentAlert]:  # fmt: skip
    """The assignee hears of a complaint put in their queue, if they asked to."""
    return [
        await send_alert(
            session,
            user,
            kind=NEW_COMPLAINT_KIND,
            subject=partial(_subject, ticket),
            body=partial(_body, "new-complaint-assigned", ticket, category, due_on),
        )
        for user in await _wanting_alerts(session, [assignee_id])
    ]


async def tell_received(
    session: AsyncSession, *, ticket: str, category: tuple[str, str], due_on: date | None,
    kelurahan_code: str | None = None,
) -> list[SentAlert]:  # fmt: skip
    """Everyone who asked, and whose areas hold its kelurahan, hears of a new complaint."""
    return [
        await send_alert(
            session,
            user,
            kind=NEW_COMPLAINT_KIND,
            subject=partial(_subject, ticket),
            body=partial(_body, "new-complaint-received", ticket, category, due_on),
        )
        for user in await _wanting_alerts(session, None, kelurahan_code=kelurahan_code)
    ]
