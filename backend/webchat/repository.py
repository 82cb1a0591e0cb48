"""Reading and writing the web chat transcript."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.webchat.models import Direction, WebChatMessage

HISTORY_LIMIT = 200


def add_output(
    session: AsyncSession,
    chat_id: str,
    text: str,
    now: datetime,
    *,
    buttons: list[Any] | None = None,
    keyboard: list[Any] | None = None,
    request_contact: str | None = None,
    remove_keyboard: bool = False,
    outbox_message_id: int | None = None,
) -> WebChatMessage:
    """Keeps one of the service's messages to a chat."""
    row = WebChatMessage(
        chat_id=chat_id, direction=Direction.OUT, text=text, buttons=buttons or [],
        keyboard=keyboard or [], request_contact=request_contact, remove_keyboard=remove_keyboard,
        outbox_message_id=outbox_message_id, created_at=now,
    )  # fmt: skip
    session.add(row)
    return row


def add_input(session: AsyncSession, chat_id: str, text: str, now: datetime) -> WebChatMessage:
    """Keeps what the person sent, as it should be shown back to them."""
    row = WebChatMessage(chat_id=chat_id, direction=Direction.IN, text=text, created_at=now)
    session.add(row)
    return row


async def messages_after(
    session: AsyncSession, chat_id: str, after: int, limit: int = HISTORY_LIMIT
) -> list[WebChatMessage]:
    """The chat's messages newer than `after`, oldest first; the latest `limit` on a first load."""
    statement = select(WebChatMessage).where(
        WebChatMessage.chat_id == chat_id, WebChatMessage.id > after
    )
    if after == 0:
        latest = statement.order_by(WebChatMessage.id.desc()).limit(limit)
        return list(reversed(list((await session.execute(latest)).scalars())))
    statement = statement.order_by(WebChatMessage.id).limit(limit)
    return list((await session.execute(statement)).scalars())
