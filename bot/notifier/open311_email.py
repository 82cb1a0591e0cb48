"""The notifier's way to an Open311 filer: the chat's news become an email in the mail queue."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db import unit_of_work
from backend.open311.news import NoEmail, email_news
from bot.notifier.delivery import RecipientGone
from dialogs.events import Reply


class Open311EmailDeliverer:
    """Delivers by queueing an email (sent by the mail job); buttons have no place in one."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions

    async def deliver(self, chat_id: str, reply: Reply, *, language: str = "id") -> str | None:
        """Queues the email; a filing without an email is a recipient gone (staff phone)."""
        try:
            async with unit_of_work(self.sessions) as session:
                email = await email_news(session, chat_id, reply.text)
                return f"email:{email.id}"
        except NoEmail as error:
            raise RecipientGone(f"no email on record for {error}") from error
