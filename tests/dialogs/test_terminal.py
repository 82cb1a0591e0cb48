"""`slrt chat`: a whole complaint filed by typing numbers, labels and `!file` into a terminal."""

from __future__ import annotations

import asyncio
import io
import os
import re
import struct
import subprocess
import sys
import zlib
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.casefiles.models import Attachment, Complaint, ComplaintStatus
from backend.citizens.models import ChannelIdentity
from backend.db import create_engine, create_session_factory
from bot.terminal import TerminalChat
from dialogs.engine import DialogEngine

TICKET = re.compile(r"Nomor tiket: (\S+)")
# What the database holds after a filing: each complaint, its attachments, its chat.
Filed = list[tuple[Complaint, list[Attachment], ChannelIdentity]]


def tiny_png(path: Path) -> Path:
    """Writes a valid 1×1 PNG, the kind of photo a citizen attaches."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )
    return path


def filing_script(photo: Path) -> str:
    """What a person types: numbers for some buttons, labels for others, then /status."""
    lines = [
        "1",  # 📝 Buat pengaduan, by number
        "✅ Setuju",  # by label, emoji and all
        "untuk diri sendiri",  # labels match whatever the case
        "Siti Aminah",
        "3271046501900001",
        "Lewati",
        "081234567890",  # the contact keyboard: the number is typed
        "Bogor Barat",
        "2",  # Bubulak, second on the first page of Bogor Barat
        "Jl. Mawar No. 5, RT 02/RW 03",
        "Program Keluarga Harapan (PKH)",
        "Bantuan PKH ibu saya tidak cair sejak bulan Agustus.",
        f"!file {photo}",
        "Selesai",
        "1",  # ✅ Kirim pengaduan
        "/status",
    ]
    return "\n".join(lines) + "\n"


async def complaints_with_attachments(sessions: async_sessionmaker[AsyncSession]) -> Filed:
    """Every complaint with its attachments and the chat it came from."""
    async with sessions() as session:
        complaints = (
            (await session.execute(select(Complaint).order_by(Complaint.id))).scalars().all()
        )
        found = []
        for complaint in complaints:
            attachments = (
                (
                    await session.execute(
                        select(Attachment).where(Attachment.complaint_id == complaint.id)
                    )
                )
                .scalars()
                .all()
            )
            identity = await session.get_one(ChannelIdentity, complaint.identity_id)
            found.append((complaint, list(attachments), identity))
        return found


def assert_filed(output: str, found: Filed, photo: Path, chat_id: str) -> None:
    """The transcript shows the ticket and the database holds it with the photo."""
    match = TICKET.search(output)
    assert match, output
    ticket = match.group(1)
    [(complaint, attachments, identity)] = found
    assert complaint.ticket == ticket
    assert complaint.status == ComplaintStatus.RECEIVED
    assert complaint.kelurahan_code == "32.71.04.1003"  # Bubulak
    assert (identity.channel, identity.chat_id) == ("cli", chat_id)
    [attachment] = attachments
    assert attachment.kind == "photo" and attachment.mime_type == "image/png"
    assert attachment.original_name == photo.name
    assert attachment.size_bytes == photo.stat().st_size
    assert attachment.channel_file_id == f"cli:{photo}"
    # /status lists the complaint just filed, as a numbered button.
    status_part = output.rsplit("Pengaduan Anda:", 1)[1]
    assert ticket in status_part and f"[1] {ticket}" in status_part


class TestFilingInTheTerminal:
    """TerminalChat turns typed numbers, labels and `!file` into a registered complaint."""

    async def test_a_scripted_dialog_files_a_complaint_with_a_photo(
        self,
        dialog_engine: DialogEngine,
        sessions: async_sessionmaker[AsyncSession],
        tmp_path: Path,
    ) -> None:
        photo = tiny_png(tmp_path / "kk.png")
        output = io.StringIO()
        await TerminalChat(dialog_engine, "terminal-test", output).run(
            io.StringIO(filing_script(photo))
        )
        transcript = output.getvalue()
        assert (
            "  [1] 📝 Buat pengaduan" in transcript and "  [4] 🌐 Bahasa / Language" in transcript
        )
        assert "  [2] Bubulak" in transcript
        assert "(📱 Kirim nomor saya: type the number)" in transcript
        assert "Sudah diterima: 1" in transcript
        assert "Lampiran: 1" in transcript
        assert_filed(
            transcript, await complaints_with_attachments(sessions), photo, "terminal-test"
        )


class TestTheSlrtChatCommand:
    """`slrt chat` with piped standard input runs the same dialog and exits cleanly."""

    def test_piped_script_files_a_complaint(self, database_url: str, tmp_path: Path) -> None:
        photo = tiny_png(tmp_path / "surat.png")
        environment = {
            "PATH": os.environ.get("PATH", ""),
            "DATABASE_URL": database_url,
            "SECRET_KEY": os.environ["SECRET_KEY"],
            "DATA_KEY": os.environ["DATA_KEY"],
        }
        slrt = Path(sys.executable).with_name("slrt")
        # Run outside the project so a developer's .env cannot change the settings.
        finished = subprocess.run(
            [str(slrt), "chat"],
            input=filing_script(photo).encode("utf-8"),
            capture_output=True,
            env=environment,
            cwd=tmp_path,
            timeout=120,
        )
        output = finished.stdout.decode("utf-8")
        assert finished.returncode == 0, finished.stderr.decode("utf-8", "replace")
        assert "  [1] 📝 Buat pengaduan" in output
        assert_filed(output, asyncio.run(self._stored(database_url)), photo, "terminal")

    @staticmethod
    async def _stored(database_url: str) -> Filed:
        engine = create_engine(database_url)
        try:
            return await complaints_with_attachments(create_session_factory(engine))
        finally:
            await engine.dispose()
