"""The session factory of a running service: sessions that know the data key."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from backend.casefiles.identity_mentions import VAULT_INFO_KEY
from backend.complaints.queue_counts_cache import COUNTS_CACHE_INFO_KEY, QueueCountsCache
from backend.config import Settings
from backend.db import create_session_factory
from backend.security.crypto import vault_for


def service_sessions(engine: AsyncEngine, settings: Settings) -> async_sessionmaker[AsyncSession]:
    """Sessions whose flushes keep identity numbers typed in a case's text, encrypted, and
    that share one cache of the queue's counts per status."""
    vault = vault_for(settings.data_key.get_secret_value())
    info = {VAULT_INFO_KEY: vault, COUNTS_CACHE_INFO_KEY: QueueCountsCache()}
    return create_session_factory(engine, info=info)
