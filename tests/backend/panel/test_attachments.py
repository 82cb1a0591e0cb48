"""Attachments: images shown, other files downloaded, nothing served from outside FILES_DIR."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.audit.models import AuditRecord
from backend.config import Settings
from backend.security.crypto import Vault
from backend.staff.models import Role
from tests.backend.api.helpers import complaint_in
from tests.backend.panel.conftest import SignIn
from tests.backend.panel.world import PNG, attach_file
from tests.fixtures.upload_files import ogg_opus_voice

PDF = b"%PDF-1.4\n% surat keterangan\n"


class TestServingAttachments:
    """Staff who may see the complaint get its files, each view audited."""

    async def test_an_image_is_shown_inline_on_the_page(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault, settings: Settings
    ) -> None:
        ticket = await complaint_in(db, vault)
        image = await attach_file(db, settings.files_dir, ticket)
        user = await panel(Role.BACK_OFFICE)
        href = f"/panel/complaints/{ticket}/attachments/{image}"
        assert (
            f'<img src="{href}" alt="foto-rumah.png"'
            in (await user.get(f"/panel/complaints/{ticket}")).text
        )
        response = await user.get(href)
        assert response.status_code == 200
        assert response.content == PNG
        assert response.headers["content-type"] == "image/png"
        assert response.headers["content-disposition"].startswith("inline")
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["cache-control"] == "no-store"
        async with db() as session:
            audit = (await session.scalars(
                select(AuditRecord).where(AuditRecord.action == "complaint.attachment_viewed")
            )).one()  # fmt: skip
        assert audit.actor_id == str(user.user_id) and audit.detail == {"attachment_id": image}

    async def test_another_file_is_a_download_that_never_runs(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault, settings: Settings
    ) -> None:
        ticket = await complaint_in(db, vault)
        pdf = await attach_file(
            db, settings.files_dir, ticket, data=PDF, mime_type="application/pdf", name="surat.pdf"
        )
        svg = await attach_file(
            db,
            settings.files_dir,
            ticket,
            data=b"<svg onload=alert(1)>",
            mime_type="image/svg+xml",
            name="x.svg",
        )
        user = await panel(Role.FRONT_OFFICE)
        page = (await user.get(f"/panel/complaints/{ticket}")).text
        assert f'href="/panel/complaints/{ticket}/attachments/{pdf}" download>surat.pdf</a>' in page
        for attachment in (pdf, svg):
            response = await user.get(f"/panel/complaints/{ticket}/attachments/{attachment}")
            assert response.status_code == 200
            assert response.headers["content-type"] == "application/octet-stream"
            assert response.headers["content-disposition"].startswith("attachment")
            assert "sandbox" in response.headers["content-security-policy"]


class TestVoiceNotes:
    """A voice note plays in the page: an <audio> element fed with its own type (issue 17)."""

    async def test_a_voice_note_is_an_audio_element_served_as_audio(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault, settings: Settings
    ) -> None:
        ticket = await complaint_in(db, vault)
        voice = await attach_file(
            db, settings.files_dir, ticket, data=ogg_opus_voice(), mime_type="audio/ogg",
            name="pesan-suara.ogg",
        )  # fmt: skip
        user = await panel(Role.BACK_OFFICE)
        href = f"/panel/complaints/{ticket}/attachments/{voice}"
        page = (await user.get(f"/panel/complaints/{ticket}")).text
        assert f'<audio controls preload="metadata" src="{href}"' in page
        response = await user.get(href)
        assert response.content == ogg_opus_voice()
        assert response.headers["content-type"] == "audio/ogg"
        assert response.headers["content-disposition"].startswith("inline")
        assert response.headers["x-content-type-options"] == "nosniff"


class TestNothingOutsideTheFilesFolder:
    """A stored path leading out of FILES_DIR, or another complaint's file, is not found."""

    async def test_a_path_outside_files_dir_is_not_served(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault, settings: Settings,
        tmp_path: Path,
    ) -> None:  # fmt: skip
        ticket = await complaint_in(db, vault)
        secret = tmp_path / "secret.txt"
        secret.write_text("DATA_KEY=sesuatu")
        outside = await attach_file(db, settings.files_dir, ticket, stored_path=str(secret))
        climbing = await attach_file(
            db,
            settings.files_dir,
            ticket,
            stored_path=str(settings.files_dir / ".." / "secret.txt"),
        )
        link = settings.files_dir / "attachments" / "link.png"
        link.symlink_to(secret)
        linked = await attach_file(db, settings.files_dir, ticket, stored_path=str(link))
        user = await panel(Role.ADMIN)
        for attachment in (outside, climbing, linked):
            response = await user.get(f"/panel/complaints/{ticket}/attachments/{attachment}")
            assert response.status_code == 404
            assert "DATA_KEY" not in response.text

    async def test_another_complaints_attachment_is_not_found_under_this_ticket(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault, settings: Settings
    ) -> None:
        first, second = await complaint_in(db, vault), await complaint_in(db, vault)
        theirs = await attach_file(db, settings.files_dir, second)
        user = await panel(Role.BACK_OFFICE)
        assert (
            await user.get(f"/panel/complaints/{first}/attachments/{theirs}")
        ).status_code == 404
        assert (
            await user.get(f"/panel/complaints/{second}/attachments/{theirs}")
        ).status_code == 200


class TestDownloadNames:
    """A file is offered under a safe stem and its stored type's extension, never its own name."""

    async def test_a_file_kept_before_uploads_were_vetted_gets_a_safe_name(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault, settings: Settings
    ) -> None:
        ticket = await complaint_in(db, vault)
        program = await attach_file(
            db, settings.files_dir, ticket, data=PDF, mime_type="application/pdf",
            name="Surat_Keterangan.pdf.exe",
        )  # fmt: skip
        drawing = await attach_file(
            db, settings.files_dir, ticket, data=b"<svg onload=alert(1)>",
            mime_type="image/svg+xml", name='foto"; filename=x.html',
        )  # fmt: skip
        user = await panel(Role.BACK_OFFICE)
        names = {}
        for attachment in (program, drawing):
            response = await user.get(f"/panel/complaints/{ticket}/attachments/{attachment}")
            assert response.status_code == 200
            names[attachment] = response.headers["content-disposition"]
        assert names[program] == 'attachment; filename="Surat_Keterangan_pdf.pdf"'
        assert names[drawing] == 'attachment; filename="foto_filename_x.bin"'
