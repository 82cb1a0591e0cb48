"""The web chat's transcript: what the person wrote and what the service answered."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.clock import utcnow
from backend.db import Base, UtcDateTime, enum_column_type
from backend.security.guarded_columns import GuardedJSON, GuardedString, GuardedText


class Direction(StrEnum):
    """Who wrote a web chat message."""

    IN = "in"
    OUT = "out"


class WebChatMessage(Base):
    """One message of a web chat, shown again after a reload and read by long polling.

    Telegram keeps a chat's history itself; a browser page does not, so the
    service keeps it, with NIK and KK masked in what the person typed.
    """

    __tablename__ = "web_chat_messages"
    __table_args__ = (Index("ix_web_chat_messages_chat_id_id", "chat_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[str] = mapped_column(String(64))
    direction: Mapped[Direction] = mapped_column(enum_column_type(Direction))
    text: Mapped[str] = mapped_column(GuardedText, default="")
    # [[{"label": ..., "payload": ...}, ...], ...] for inline buttons; rows of labels for a keyboard.
    buttons: Mapped[list[Any]] = mapped_column(GuardedJSON, default=list)
    keyboard: Mapped[list[Any]] = mapped_column(GuardedJSON, default=list)
    request_contact: Mapped[str | None] = mapped_column(GuardedString(120))
    remove_keyboard: Mapped[bool] = mapped_column(Boolean, default=False)
    outbox_message_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_messages.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
