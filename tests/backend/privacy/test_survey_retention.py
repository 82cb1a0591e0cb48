"""The retention policy removes an old complaint's survey comment and keeps its scores."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.privacy.pseudonymise import REMOVED_MARKER
from backend.privacy.retention import apply_retention
from backend.satisfaction.models import SurveyResponse
from backend.satisfaction.service import submit_survey
from tests.backend.privacy.test_retention import NOW, policy_for
from tests.backend.privacy.test_retention import world as world
from tests.backend.privacy.world import World, complaint_of


async def test_the_comment_goes_and_the_scores_stay(
    session: AsyncSession,
    world: World,
    tmp_path: Path,
) -> None:
    old = await complaint_of(session, world.complaints["ani"])
    citizen = Actor(ActorRole.CITIZEN, citizen_id=old.citizen_id)
    await submit_survey(
        session, old, citizen, {"requirements": 4, "conduct": 2}, "Bu Ani sakit, tolong cepat.",
        old.created_at,
    )  # fmt: skip
    await apply_retention(session, policy_for(tmp_path), NOW)
    session.expire_all()
    stored = (await session.execute(select(SurveyResponse))).scalar_one()
    assert stored.comment == REMOVED_MARKER
    assert (stored.requirements, stored.conduct) == (4, 2)
