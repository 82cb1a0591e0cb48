"""Uploads never filed go with the retention run once a week old; held ones never do."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from backend.casefiles.models import Attachment
from backend.citizens.models import Channel
from backend.clock import utcnow
from backend.config import Settings
from backend.conversations.models import Conversation
from backend.conversations.state import seal_state
from backend.files import store_bytes
from backend.privacy.retention import RetentionPolicy, apply_retention, due_retention
from backend.security.crypto import Vault
from tests.fixtures.factories import make_complaint
from tests.fixtures.upload_files import image_of


def _stored(files_dir: Path, vault: Vault, width: int, *, days_old: int) -> Path:
    # Stored by content: each a different size, so each a file of its own.
    data = image_of("JPEG", width=width)
    path, _ = store_bytes(data, files_dir, "telegram", "image/jpeg", vault)
    aged = (utcnow() - timedelta(days=days_old)).timestamp()
    os.utime(path, (aged, aged))
    return Path(path)


async def test_only_old_uploads_nobody_holds_are_removed(
    session: AsyncSession, vault: Vault, tmp_path: Path
) -> None:
    files_dir = tmp_path / "files"
    policy = RetentionPolicy.from_settings(Settings(_env_file=None, files_dir=files_dir))
    abandoned = _stored(files_dir, vault, 16, days_old=10)
    filed = _stored(files_dir, vault, 17, days_old=10)
    in_a_dialog = _stored(files_dir, vault, 18, days_old=30)
    just_sent = _stored(files_dir, vault, 19, days_old=1)
    complaint = await make_complaint(session, vault)
    session.add(
        Attachment(complaint_id=complaint.id, kind="photo", stored_path=str(filed),
                   mime_type="image/jpeg")
    )  # fmt: skip
    # A person who left an intake with a photo on its summary a month ago, and may come back.
    held = {"files": [{"kind": "photo", "stored_path": str(in_a_dialog)}], "full_name": "Siti"}
    session.add(
        Conversation(channel=Channel.TELEGRAM, chat_id="77", flow="intake", step="summary",
                     data=seal_state(vault, held), language="id", recent_event_ids=[])
    )  # fmt: skip
    await session.flush()

    looked = await due_retention(session, policy, utcnow())
    assert looked.counts.abandoned_uploads == 1
    assert abandoned.exists(), "a dry run removes nothing"

    run = await apply_retention(session, policy, utcnow())
    assert run.counts.abandoned_uploads == 1
    assert not abandoned.exists()
    assert filed.exists() and in_a_dialog.exists() and just_sent.exists()
    again = await apply_retention(session, policy, utcnow())
    assert again.counts.abandoned_uploads == 0
