"""The retention policy on a world of old and new data: what it counts, removes and keeps."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit.models import AuditRecord
from backend.casefiles.identity_mentions import IdentityMention
from backend.casefiles.models import (
    Attachment,
    Complaint,
    ComplaintMessage,
    ComplaintStatus,
    StatusEvent,
)
from backend.citizens.models import ChannelIdentity, Citizen
from backend.complaints.lifecycle import OPEN_STATUSES
from backend.config import Settings
from backend.models import Base
from backend.notifications.models import OutboxMessage
from backend.privacy.models import CorrectionRequest
from backend.privacy.pseudonymise import REMOVED_MARKER, pseudonymise_citizens
from backend.privacy.retention import (
    APPLIED_ACTION,
    DRY_RUN_ACTION,
    RetentionPolicy,
    apply_retention,
    due_retention,
    years_before,
)
from backend.privacy.retention_due import FINISHED_STATUSES, citizen_due
from backend.referrals.models import Referral
from backend.registry.models import InclusionProposal
from backend.security.crypto import Vault
from backend.webchat.models import WebChatMessage
from tests.backend.privacy.world import (
    EXPECTED_COUNTS,
    World,
    build_world,
    citizen_of,
    complaint_of,
)

NOW = datetime(2026, 12, 3, 3, 0, tzinfo=UTC)
NOTHING = dict.fromkeys(EXPECTED_COUNTS, 0)


def policy_for(tmp_path: Path) -> RetentionPolicy:
    """The default policy (180 days, 5 years, 2 years) over the test's files."""
    settings = Settings(_env_file=None, files_dir=tmp_path / "files")
    return RetentionPolicy.from_settings(settings)


@pytest.fixture
async def world(session: AsyncSession, vault: Vault, tmp_path: Path) -> World:
    """The world around NOW, on this test's database."""
    return await build_world(session, vault, tmp_path / "files", NOW)


async def snapshot(session: AsyncSession) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table but the audit log, and which files exist."""
    session.expire_all()
    rows = {
        table.name: sorted(map(tuple, (await session.execute(select(table))).all()), key=repr)
        for table in Base.metadata.sorted_tables
        if table.name != "audit_log"
    }
    return rows


async def retention_audits(session: AsyncSession) -> list[AuditRecord]:
    """The audit records of retention runs, oldest first."""
    statement = (
        select(AuditRecord)
        .where(AuditRecord.action.in_((DRY_RUN_ACTION, APPLIED_ACTION)))
        .order_by(AuditRecord.id)
    )
    return list(await session.scalars(statement))


def files_present(world: World) -> dict[str, bool]:
    """Which of the world's files are on disk."""
    return {key: path.exists() for key, path in world.files.items()}


class TestDryRun:
    """A dry run counts what is due and changes nothing but the audit log."""

    async def test_counts_and_changes_nothing(
        self, session: AsyncSession, world: World, tmp_path: Path
    ) -> None:
        before, files = await snapshot(session), files_present(world)
        run = await due_retention(session, policy_for(tmp_path), NOW)
        assert run.dry_run and asdict(run.counts) == EXPECTED_COUNTS
        assert await snapshot(session) == before
        assert files_present(world) == files
        [audit] = await retention_audits(session)
        assert (audit.action, audit.actor_role, audit.object_type) == (
            DRY_RUN_ACTION, "system", "retention",
        )  # fmt: skip
        assert {key: audit.detail[key] for key in EXPECTED_COUNTS} == EXPECTED_COUNTS
        assert audit.detail["cutoffs"]["personal_data"] == years_before(NOW, 5).isoformat()


class TestApply:
    """Applying removes what the dry run counted, keeps the rest, and a second run finds nothing."""

    async def test_applies_what_the_dry_run_counted_then_nothing(
        self, session: AsyncSession, world: World, tmp_path: Path
    ) -> None:
        policy = policy_for(tmp_path)
        dry = await due_retention(session, policy, NOW)
        applied = await apply_retention(session, policy, NOW)
        assert not applied.dry_run
        assert asdict(applied.counts) == asdict(dry.counts) == EXPECTED_COUNTS
        after = await snapshot(session)
        again = await apply_retention(session, policy, NOW)
        assert asdict(again.counts) == NOTHING
        assert await snapshot(session) == after
        audits = await retention_audits(session)
        assert [audit.action for audit in audits] == [
            DRY_RUN_ACTION,
            APPLIED_ACTION,
            APPLIED_ACTION,
        ]
        assert [{key: a.detail[key] for key in EXPECTED_COUNTS} for a in audits] == [
            EXPECTED_COUNTS, EXPECTED_COUNTS, NOTHING,
        ]  # fmt: skip

    async def test_web_chats_go_whole_after_their_last_message(
        self, session: AsyncSession, world: World, tmp_path: Path
    ) -> None:
        await apply_retention(session, policy_for(tmp_path), NOW)
        statement = select(WebChatMessage.chat_id, func.count()).group_by(WebChatMessage.chat_id)
        left = {chat_id: count for chat_id, count in await session.execute(statement)}
        # The recent chat keeps its 400-day-old first message: a chat goes as one.
        assert left == {world.recent_chat: 2, world.edge_chat: 1}

    async def test_an_old_finished_complaint_keeps_statistics_and_loses_its_text(
        self, session: AsyncSession, world: World, tmp_path: Path
    ) -> None:
        ani_id = world.complaints["ani"]
        before = await complaint_of(session, ani_id)
        kept = _statistics(before)
        await apply_retention(session, policy_for(tmp_path), NOW)
        ani = await complaint_of(session, ani_id)
        assert _statistics(ani) == kept
        assert ani.status == ComplaintStatus.CLOSED and ani.citizen_rating == 4
        assert (ani.description, ani.address, ani.resolution) == (REMOVED_MARKER,) * 3
        assert ani.rejection_reason is None and ani.pseudonymised_at == NOW
        notes = (
            await session.execute(
                select(StatusEvent.public_note, StatusEvent.internal_note).where(
                    StatusEvent.complaint_id == ani_id
                )
            )
        ).all()
        assert {note for row in notes for note in row} == {None, REMOVED_MARKER}
        texts = await session.scalars(
            select(ComplaintMessage.text).where(ComplaintMessage.complaint_id == ani_id)
        )
        assert set(texts) == {REMOVED_MARKER}
        referral = (
            await session.execute(
                select(Referral.note, Referral.answer).where(Referral.complaint_id == ani_id)
            )
        ).one()
        assert tuple(referral) == (REMOVED_MARKER, REMOVED_MARKER)
        params = await session.scalars(
            select(OutboxMessage.params).where(OutboxMessage.complaint_id == ani_id)
        )
        assert set(map(repr, params)) == {"{}"}
        mentions = await session.scalar(
            select(func.count())
            .select_from(IdentityMention)
            .where(IdentityMention.complaint_id.in_(world.complaints.values()))
        )
        # The typed numbers of the kept complaints stay (one per description, one in Ani's message).
        assert mentions == len(world.complaints) - 3

    async def test_a_citizen_whose_complaints_are_all_old_is_pseudonymised(
        self, session: AsyncSession, world: World, tmp_path: Path
    ) -> None:
        ani_id = world.citizens["ani"]
        before = await citizen_of(session, ani_id)
        consent, kelurahan = before.consent_at, before.kelurahan_code
        await apply_retention(session, policy_for(tmp_path), NOW)
        ani = await citizen_of(session, ani_id)
        assert ani.full_name == f"Warga #{ani_id}"
        assert (ani.nik_lookup, ani.nik_ciphertext, ani.kk_lookup, ani.kk_ciphertext) == (None,) * 4
        assert (ani.phone, ani.address, ani.pseudonymised_at) == (None, None, NOW)
        assert (ani.consent_at, ani.kelurahan_code) == (consent, kelurahan)
        names = await session.scalars(
            select(ChannelIdentity.display_name).where(ChannelIdentity.citizen_id == ani_id)
        )
        assert list(names) == [None]
        request = (
            await session.execute(
                select(CorrectionRequest).where(CorrectionRequest.citizen_id == ani_id)
            )
        ).scalar_one()
        assert (request.requested_value, request.answer) == (REMOVED_MARKER, REMOVED_MARKER)
        assert request.requested_identity_ciphertext is None
        note = await session.scalar(
            select(InclusionProposal.note).where(InclusionProposal.citizen_id == ani_id)
        )
        assert note == REMOVED_MARKER
        assert not await session.scalar(
            select(func.count()).select_from(IdentityMention).where(
                IdentityMention.citizen_id == ani_id
            )
        )  # fmt: skip
        dewi = await citizen_of(session, world.citizens["dewi"])
        assert dewi.full_name == f"Warga #{dewi.id}" and dewi.pseudonymised_at == NOW

    async def test_a_citizen_with_a_recent_complaint_keeps_their_data(
        self, session: AsyncSession, world: World, tmp_path: Path
    ) -> None:
        await apply_retention(session, policy_for(tmp_path), NOW)
        citra = await citizen_of(session, world.citizens["citra"])
        assert citra.full_name == "Citra Lestari" and citra.pseudonymised_at is None
        assert citra.nik_ciphertext is not None and citra.phone is not None
        old = await complaint_of(session, world.complaints["citra_old"])
        recent = await complaint_of(session, world.complaints["citra_recent"])
        assert old.rejection_reason == REMOVED_MARKER and old.pseudonymised_at == NOW
        assert recent.pseudonymised_at is None and recent.description != REMOVED_MARKER

    async def test_a_citizen_who_filed_since_the_look_keeps_their_data(
        self, session: AsyncSession, world: World, tmp_path: Path
    ) -> None:
        # As if Citra's recent complaint came in between reading the ids and the UPDATE.
        ids = [world.citizens["ani"], world.citizens["citra"]]
        cutoff = policy_for(tmp_path).cutoffs(NOW).personal_data
        assert await pseudonymise_citizens(session, ids, NOW, citizen_due(cutoff)) == 1
        assert (await citizen_of(session, world.citizens["citra"])).pseudonymised_at is None
        assert (await citizen_of(session, world.citizens["ani"])).pseudonymised_at == NOW

    async def test_recent_and_open_complaints_are_untouched(
        self, session: AsyncSession, world: World, tmp_path: Path
    ) -> None:
        await apply_retention(session, policy_for(tmp_path), NOW)
        for key in ("budi", "eko", "fajar", "citra_recent"):
            complaint = await complaint_of(session, world.complaints[key])
            assert complaint.pseudonymised_at is None, key
            assert complaint.description.startswith("Bantuan tidak cair"), key
        for key in ("budi", "eko", "fajar"):
            citizen = await citizen_of(session, world.citizens[key])
            assert citizen.pseudonymised_at is None and citizen.nik_ciphertext is not None, key

    async def test_attachment_files_go_when_due_and_only_then(
        self, session: AsyncSession, world: World, tmp_path: Path
    ) -> None:
        await apply_retention(session, policy_for(tmp_path), NOW)
        assert files_present(world) == {
            "ani": False,
            "dewi_missing": False,
            # Outside FILES_DIR: the row is cleared, the file is not ours to delete.
            "dewi_outside": True,
            # Eko's copy is due, but Budi's attachment (closed a year ago) is the same file.
            "budi_shared": True,
            "eko_shared": True,
            "eko_own": False,
        }
        rows = {
            row.id: row
            for row in await session.scalars(
                select(Attachment).execution_options(populate_existing=True)
            )
        }
        removed = {key for key, id_ in world.attachments.items() if rows[id_].removed_at == NOW}
        assert removed == {"ani", "dewi_missing", "dewi_outside", "eko_shared", "eko_own"}
        for key in removed:
            row = rows[world.attachments[key]]
            assert (row.stored_path, row.original_name, row.channel_file_id) == (None,) * 3
            assert row.mime_type == "image/jpeg"
        budi = rows[world.attachments["budi_shared"]]
        assert budi.removed_at is None and budi.stored_path == str(world.files["budi_shared"])
        eko = await complaint_of(session, world.complaints["eko"])
        assert eko.rejection_reason == "Ganda"


def _statistics(complaint: Complaint) -> tuple[object, ...]:
    return (
        complaint.ticket, complaint.category_id, complaint.kelurahan_code, complaint.channel,
        complaint.status, complaint.created_at, complaint.resolved_at, complaint.citizen_rating,
        complaint.registry_status, complaint.updated_at,
    )  # fmt: skip


class TestPolicy:
    """The settings behind the policy and the dates it counts from."""

    def test_defaults(self) -> None:
        settings = Settings(_env_file=None)
        assert (
            settings.retention_web_chat_days, settings.retention_personal_data_years,
            settings.retention_attachment_years, settings.retention_check_hours,
        ) == (180, 5, 2, 24)  # fmt: skip

    def test_attachments_may_not_outlive_the_personal_data(self) -> None:
        with pytest.raises(ValueError, match="RETENTION_ATTACHMENT_YEARS"):
            Settings(_env_file=None, retention_attachment_years=6, retention_personal_data_years=5)

    def test_settings_come_from_the_environment(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("RETENTION_WEB_CHAT_DAYS", "90")
        monkeypatch.setenv("RETENTION_PERSONAL_DATA_YEARS", "10")
        policy = RetentionPolicy.from_settings(Settings(_env_file=None))
        assert (policy.web_chat_days, policy.personal_data_years) == (90, 10)

    def test_years_before_a_leap_day(self) -> None:
        leap = datetime(2028, 2, 29, 12, 0, tzinfo=UTC)
        assert years_before(leap, 5) == datetime(2023, 2, 28, 12, 0, tzinfo=UTC)
        assert years_before(NOW, 2) == datetime(2024, 12, 3, 3, 0, tzinfo=UTC)

    def test_finished_means_every_status_that_is_not_open(self) -> None:
        assert set(ComplaintStatus) - OPEN_STATUSES == FINISHED_STATUSES

    async def test_no_citizen_without_complaints_is_touched(
        self, session: AsyncSession, vault: Vault, tmp_path: Path
    ) -> None:
        lone = Citizen(full_name="Tanpa Pengaduan", consent_method="chat")
        session.add(lone)
        await session.flush()
        run = await apply_retention(session, policy_for(tmp_path), NOW)
        assert run.counts.citizens == 0
        assert (await citizen_of(session, lone.id)).full_name == "Tanpa Pengaduan"
