"""Uploads through the web chat's HTTP API: disguised files refused, photos cleaned, names safe.

What the browser says a file is counts for nothing: an HTML page sent as image/png,
an SVG sent as image/jpeg and a program named `Surat_Keterangan.pdf.exe` sent as
application/pdf are refused with the dialogs' words and nothing of them is stored.
A phone photo reaches staff without its GPS position; names are safe.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.casefiles.models import Attachment
from backend.files import read_stored
from backend.security.crypto import Vault
from backend.staff.models import Role
from dialogs.i18n import translate
from tests.backend.panel.helpers import sign_in_to_panel
from tests.bot.web.conftest import WebUser
from tests.fixtures.upload_files import (
    DISGUISED,
    has_gps,
    jpeg_with_gps,
    ogg_opus_voice,
    pdf_document,
)

REFUSED = translate("id", "attachment-type")


async def reach_attachments(user: WebUser) -> None:
    """An intake up to the question for photos and documents."""
    await user.say("/lapor")
    for label in ("Setuju", "diri sendiri"):
        await user.press(label)
    for text in ("Siti Aminah", "3271046501900001"):
        await user.say(text)
    await user.press("Lewati")
    await user.say("081234567890")
    for label in ("Bogor Barat", "Bubulak"):
        await user.press(label)
    await user.say("Jl. Mawar No. 5, RT 02/RW 03")
    await user.press("Keluarga Harapan")
    await user.say("Bantuan PKH ibu saya tidak cair sejak Agustus.", "foto atau dokumen")


async def upload(
    user: WebUser, client: httpx.AsyncClient, name: str, data: bytes, declared: str
) -> list[dict]:  # type: ignore[type-arg]
    """Sends one file as the page does; answers the new messages."""
    response = await client.post(
        f"/chat/api/files?after={user.last_id}",
        data={"id": uuid.uuid4().hex},
        files={"file": (name, data, declared)},
    )
    return user._took(response)


def stored_files(files_dir: Path) -> list[Path]:
    return [path for path in files_dir.rglob("*") if path.is_file()]


class TestDisguisedFiles:
    """Refused with the friendly words, and nothing stored."""

    @pytest.mark.parametrize("disguise", sorted(DISGUISED))
    async def test_it_is_refused_and_nothing_is_kept(
        self, web_user: WebUser, web_client: httpx.AsyncClient, settings, sessions, disguise: str
    ) -> None:  # type: ignore[no-untyped-def]
        await reach_attachments(web_user)
        name, data, declared = DISGUISED[disguise]
        new = await upload(web_user, web_client, name, data, declared)
        assert any(REFUSED in m["text"] for m in new if m["from"] == "out"), new
        assert not any("Sudah diterima: 1" in m["text"] for m in new)
        assert stored_files(settings.files_dir) == []
        # The dialog goes on: skipping the attachment files the complaint without it.
        await web_user.press("Lewati", "Periksa kembali")
        await web_user.press("Kirim pengaduan", "Nomor tiket")
        async with sessions() as session:
            assert (await session.execute(select(Attachment))).first() is None


class TestWhatStaffGet:
    """The photo comes back to staff decrypted and without EXIF; the PDF under a safe name."""

    async def test_a_gps_photo_and_a_misnamed_pdf(
        self, app: FastAPI, web_user: WebUser, web_client: httpx.AsyncClient, settings,
        sessions: async_sessionmaker[AsyncSession], vault: Vault,
    ) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
        await reach_attachments(web_user)
        photo = jpeg_with_gps()
        new = await upload(web_user, web_client, "IMG_20240817_0912.jpg", photo, "image/jpeg")
        assert any("Sudah diterima: 1" in m["text"] for m in new), new
        new = await upload(web_user, web_client, "foo.exe", pdf_document(), "application/pdf")
        assert any("Sudah diterima: 2" in m["text"] for m in new), new
        await web_user.press("Selesai", "Periksa kembali")
        await web_user.press("Kirim pengaduan", "Nomor tiket")
        ticket = web_user.text.split("Nomor tiket: ", 1)[1].split("\n", 1)[0].strip()

        async with sessions() as session:
            rows = (await session.scalars(select(Attachment).order_by(Attachment.id))).all()
        by_type = {row.mime_type: row for row in rows}
        assert set(by_type) == {"image/jpeg", "application/pdf"}
        kept_photo, kept_pdf = by_type["image/jpeg"], by_type["application/pdf"]
        assert kept_photo.original_name == "IMG_20240817_0912.jpg"
        assert kept_pdf.original_name == "foo.pdf"
        # At rest the photo is encrypted, and what is encrypted is the clean photo.
        on_disk = Path(kept_photo.stored_path or "").read_bytes()
        assert b"JFIF" not in on_disk and b"Exif" not in on_disk
        assert not has_gps(read_stored(Path(kept_photo.stored_path or ""), vault))

        staff = await sign_in_to_panel(app, app.state.sessions, Role.BACK_OFFICE)
        try:
            base = f"/panel/complaints/{ticket}/attachments"
            shown = await staff.get(f"{base}/{kept_photo.id}")
            assert shown.status_code == 200
            assert shown.headers["content-type"] == "image/jpeg"
            assert shown.content.startswith(b"\xff\xd8") and not has_gps(shown.content)
            assert b"Exif" not in shown.content and b"Rumah Ibu Siti" not in shown.content
            downloaded = await staff.get(f"{base}/{kept_pdf.id}")
            assert downloaded.status_code == 200
            assert downloaded.content == pdf_document()
            assert downloaded.headers["content-disposition"] == 'attachment; filename="foo.pdf"'
        finally:
            await staff.client.aclose()


class TestARecordingFromThePhone:
    """An audio file chosen in the web chat is a voice note: kept encrypted, as sent (issue 17)."""

    async def test_an_ogg_recording_is_taken_and_kept(
        self, web_user: WebUser, web_client: httpx.AsyncClient, settings,
        sessions: async_sessionmaker[AsyncSession], vault: Vault,
    ) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
        await reach_attachments(web_user)
        new = await upload(web_user, web_client, "rekaman.ogg", ogg_opus_voice(), "audio/ogg")
        assert any("Sudah diterima: 1" in m["text"] for m in new), new
        await web_user.press("Selesai", "Periksa kembali")
        await web_user.press("Kirim pengaduan", "Nomor tiket")
        async with sessions() as session:
            kept = (await session.scalars(select(Attachment))).one()
        assert (kept.kind, kept.mime_type, kept.original_name) == (
            "voice", "audio/ogg", "rekaman.ogg",
        )  # fmt: skip
        assert ogg_opus_voice() not in Path(kept.stored_path or "").read_bytes()
        assert read_stored(Path(kept.stored_path or ""), vault) == ogg_opus_voice()
