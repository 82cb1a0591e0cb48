"""The retention policy (UU 27/2022): what is due now, and applying it; every run audited.

- Web chat transcripts: deleted a number of days after the chat's last message.
- Finished complaints: their personal data pseudonymised a number of years after
  they finished; the citizen's too once every complaint of theirs is that old.
- Attachments: the files deleted a (shorter) number of years after the complaint
  finished; the row stays, marked removed.
- Uploads never filed (removed before sending, cancelled, abandoned): deleted once a
  week old, unless a dialog in progress still holds them (abandoned_uploads.py).

`due_retention` only counts (a dry run); `apply_retention` changes the rows and the
files. Neither commits: the caller's unit of work does, so a failed run leaves the
rows as they were (files already deleted are found missing next time, which is fine).
"""

from __future__ import annotations

import asyncio
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import SYSTEM
from backend.audit.service import record_audit
from backend.casefiles.models import Attachment
from backend.config import Settings
from backend.db import rows_matched
from backend.files import remove_stored_files, stored_file
from backend.privacy.abandoned_uploads import abandoned_uploads
from backend.privacy.pseudonymise import pseudonymise_citizens, pseudonymise_complaints
from backend.privacy.retention_due import (
    CHUNK,
    citizen_due,
    due_attachments,
    due_citizen_ids,
    due_complaint_ids,
    due_web_chats,
    due_web_chats_query,
    paths_still_kept,
)
from backend.security.crypto import Vault, vault_for
from backend.webchat.models import WebChatMessage

DRY_RUN_ACTION = "retention.dry_run"
APPLIED_ACTION = "retention.applied"


@dataclass(frozen=True, slots=True)
class RetentionPolicy:
    """How long each kind of personal data is kept, and where the files are."""

    web_chat_days: int
    personal_data_years: int
    attachment_years: int
    files_dir: Path
    # Opens the dialogs in progress, to see which uploads they still hold.
    vault: Vault

    @classmethod
    def from_settings(cls, settings: Settings) -> RetentionPolicy:
        """The policy the settings (RETENTION_*) describe."""
        return cls(
            web_chat_days=settings.retention_web_chat_days,
            personal_data_years=settings.retention_personal_data_years,
            attachment_years=settings.retention_attachment_years,
            files_dir=settings.files_dir,
            vault=vault_for(settings.data_key.get_secret_value()),
        )

    def cutoffs(self, now: datetime) -> Cutoffs:
        """The instants before which each kind of data is due."""
        # Files never outlive the text they belong to, whatever the numbers say.
        attachment_years = min(self.attachment_years, self.personal_data_years)
        return Cutoffs(
            web_chat=now - timedelta(days=self.web_chat_days),
            personal_data=years_before(now, self.personal_data_years),
            attachments=years_before(now, attachment_years),
        )


@dataclass(frozen=True, slots=True)
class Cutoffs:
    """Data older than these instants is due."""

    web_chat: datetime
    personal_data: datetime
    attachments: datetime


@dataclass(frozen=True, slots=True)
class RetentionCounts:
    """How much a run found due (a dry run) or changed."""

    web_chats: int = 0
    web_chat_messages: int = 0
    complaints: int = 0
    citizens: int = 0
    attachments: int = 0
    files: int = 0
    # Uploads never filed (removed, cancelled, abandoned): backend/privacy/abandoned_uploads.py
    abandoned_uploads: int = 0

    @property
    def nothing(self) -> bool:
        """Whether nothing at all was due."""
        return not any(asdict(self).values())


@dataclass(frozen=True, slots=True)
class RetentionRun:
    """One run of the policy: when, whether only counted, up to which instants, how much."""

    dry_run: bool
    at: datetime
    cutoffs: Cutoffs
    counts: RetentionCounts


@dataclass(frozen=True, slots=True)
class _Due:
    web_chats: int
    web_chat_messages: int
    complaint_ids: list[int]
    citizen_ids: list[int]
    attachment_ids: list[int]
    # Files under FILES_DIR that no attachment still kept shares.
    files: list[str]
    abandoned: list[str]

    def counts(self) -> RetentionCounts:
        return RetentionCounts(
            web_chats=self.web_chats, web_chat_messages=self.web_chat_messages,
            complaints=len(self.complaint_ids), citizens=len(self.citizen_ids),
            attachments=len(self.attachment_ids), files=len(self.files),
            abandoned_uploads=len(self.abandoned),
        )  # fmt: skip


def years_before(instant: datetime, years: int) -> datetime:
    """The same moment `years` calendar years earlier (29 February falls back to the 28th)."""
    try:
        return instant.replace(year=instant.year - years)
    except ValueError:
        return instant.replace(year=instant.year - years, day=28)


async def _due(
    session: AsyncSession, policy: RetentionPolicy, cutoffs: Cutoffs, now: datetime
) -> _Due:
    chats, messages = await due_web_chats(session, cutoffs.web_chat)
    attachments = await due_attachments(session, cutoffs.attachments)
    paths = {path for _, path in attachments if path}
    paths -= await paths_still_kept(session, cutoffs.attachments, paths)
    files = await asyncio.to_thread(
        lambda: sorted(path for path in paths if stored_file(policy.files_dir, path))
    )
    return _Due(
        web_chats=chats, web_chat_messages=messages,
        complaint_ids=await due_complaint_ids(session, cutoffs.personal_data),
        citizen_ids=await due_citizen_ids(session, cutoffs.personal_data),
        attachment_ids=[attachment_id for attachment_id, _ in attachments], files=files,
        abandoned=await abandoned_uploads(session, policy.files_dir, policy.vault, now),
    )  # fmt: skip


def _audit(session: AsyncSession, run: RetentionRun) -> None:
    detail: dict[str, Any] = {
        **asdict(run.counts),
        "cutoffs": {name: value.isoformat() for name, value in asdict(run.cutoffs).items()},
    }
    action = DRY_RUN_ACTION if run.dry_run else APPLIED_ACTION
    # Stamped with the run's own clock: the daily job reads the last run back from here.
    record_audit(session, SYSTEM, action, "retention", None, detail).at = run.at


async def due_retention(
    session: AsyncSession, policy: RetentionPolicy, now: datetime
) -> RetentionRun:
    """Counts what the policy would change at `now`, changing nothing; the look is audited."""
    cutoffs = policy.cutoffs(now)
    run = RetentionRun(True, now, cutoffs, (await _due(session, policy, cutoffs, now)).counts())
    _audit(session, run)
    await session.flush()
    return run


async def apply_retention(
    session: AsyncSession, policy: RetentionPolicy, now: datetime
) -> RetentionRun:
    """Applies the policy at `now`: deletes, pseudonymises, removes files; audited with counts."""
    cutoffs = policy.cutoffs(now)
    due = await _due(session, policy, cutoffs, now)
    counts = due.counts()
    if due.web_chats:
        deleted = await session.execute(
            delete(WebChatMessage).where(
                WebChatMessage.chat_id.in_(due_web_chats_query(cutoffs.web_chat))
            )
        )
        counts = replace(counts, web_chat_messages=rows_matched(deleted))
    await pseudonymise_complaints(session, due.complaint_ids, now)
    citizens = await pseudonymise_citizens(
        session, due.citizen_ids, now, citizen_due(cutoffs.personal_data)
    )
    await _remove_attachments(session, due.attachment_ids, now)
    # Files last, once the rows are written: should the commit still fail, the next run
    # finds the rows due again and their files already gone, which is no error.
    await session.flush()
    removed = await asyncio.to_thread(remove_stored_files, policy.files_dir, due.files)
    abandoned = await asyncio.to_thread(remove_stored_files, policy.files_dir, due.abandoned)
    counts = replace(counts, citizens=citizens, files=removed, abandoned_uploads=abandoned)
    run = RetentionRun(False, now, cutoffs, counts)
    _audit(session, run)
    await session.flush()
    return run


async def _remove_attachments(session: AsyncSession, ids: list[int], now: datetime) -> None:
    for start in range(0, len(ids), CHUNK):
        await session.execute(
            update(Attachment).where(Attachment.id.in_(ids[start : start + CHUNK])).values(
                removed_at=now, original_name=None, stored_path=None,
                # Telegram's file id would fetch the photo again.
                channel_file_id=None,
            ).execution_options(synchronize_session="fetch")
        )  # fmt: skip
