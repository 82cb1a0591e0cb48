"""Identity numbers typed into a case's free text, kept encrypted apart from the text.

A household often answers a staff question with a child's NIK, or puts a KK in the
description. The text itself is stored masked (see backend/security/guarded_columns.py);
the numbers are worth keeping for the case, so they are stored here encrypted, with
a keyed hash to find them, and shown only through the audited "show" action.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import ForeignKey, LargeBinary, String, event, inspect
from sqlalchemy.orm import Mapped, Mapper, Session, mapped_column, relationship

from backend.casefiles.models import Complaint
from backend.citizens.models import Citizen
from backend.clock import utcnow
from backend.db import Base, UtcDateTime
from backend.security.crypto import Vault
from backend.security.guarded_columns import GuardedString, GuardedText
from backend.security.identity_numbers import find_identity_numbers, mask_identity_numbers

# Where a session finds the vault that encrypts mentions (see `keep_identity_mentions`).
VAULT_INFO_KEY = "identity_vault"


class IdentityMention(Base):
    """One identity number found in a complaint's or a citizen's free text."""

    __tablename__ = "identity_mentions"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaints.id"), index=True)
    citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizens.id"), index=True)
    # table.column the number was typed into, e.g. "complaint_messages.text".
    source: Mapped[str] = mapped_column(String(64))
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    lookup: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    complaint: Mapped[Complaint | None] = relationship()
    citizen: Mapped[Citizen | None] = relationship()


def keep_identity_mentions(session_info: dict[str, Any], vault: Vault) -> None:
    """Lets sessions made with this `info` keep typed numbers (otherwise they are only masked)."""
    session_info[VAULT_INFO_KEY] = vault


@cache
def _text_attributes(model: type[Any]) -> tuple[str, ...]:
    mapper: Mapper[Any] | None = inspect(model, raiseerr=False)
    if mapper is None:
        return ()
    return tuple(
        column.key
        for column in mapper.columns
        if isinstance(column.type, GuardedText | GuardedString)
    )


def _owner(instance: object) -> dict[str, Any] | None:
    if isinstance(instance, Complaint):
        return {"complaint": instance}
    if isinstance(instance, Citizen):
        return {"citizen": instance}
    complaint_id = inspect(instance).dict.get("complaint_id")
    return {"complaint_id": complaint_id} if complaint_id is not None else None


@event.listens_for(Session, "before_flush")
def _take_numbers_out_of_text(session: Session, _context: object, _instances: object) -> None:
    """Moves every typed identity number out of new or changed text, before it is written."""
    vault: Vault | None = session.info.get(VAULT_INFO_KEY)
    for instance in [*session.new, *session.dirty]:
        names = _text_attributes(type(instance))  # type: ignore[arg-type]
        if not names:
            continue
        state = inspect(instance)
        for name in names:
            added = state.attrs[name].history.added
            value = added[0] if added else None
            if not isinstance(value, str):
                continue
            found = find_identity_numbers(value)
            if not found:
                continue
            owner = _owner(instance)
            if vault is not None and owner is not None:
                source = f"{state.mapper.local_table.name}.{name}"
                for number in found:
                    session.add(IdentityMention(
                        **owner, source=source, ciphertext=vault.encrypt(number.digits),
                        lookup=vault.lookup_hash(number.digits),
                    ))  # fmt: skip
            setattr(instance, name, mask_identity_numbers(value))
