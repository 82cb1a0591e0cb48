"""Filing a complaint through the engine, from consent to ticket."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.casefiles.models import Attachment, Complaint, ComplaintStatus, RegistryStatus
from backend.casefiles.tickets import normalise_ticket
from backend.citizens.models import ChannelIdentity, Citizen
from backend.security.crypto import Vault
from tests.fixtures.chat import ChatDriver, file_complete_complaint, reach_summary


async def _complaints(sessions: async_sessionmaker[AsyncSession]) -> list[Complaint]:
    async with sessions() as session:
        return list((await session.execute(select(Complaint).order_by(Complaint.id))).scalars())


class TestFilingAComplaint:
    """A citizen files a complete complaint and gets a ticket, status and deadline."""

    async def test_full_intake_registers_the_complaint(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await file_complete_complaint(chat)
        assert normalise_ticket(ticket) == ticket
        assert "Status: Diterima" in chat.text and "Perkiraan selesai:" in chat.text
        [complaint] = await _complaints(sessions)
        assert complaint.ticket == ticket
        assert complaint.status == ComplaintStatus.RECEIVED
        assert complaint.kelurahan_code == "32.71.04.1003"
        assert complaint.registry_status == RegistryStatus.NOT_REGISTERED
        async with sessions() as session:
            citizen = await session.get_one(Citizen, complaint.citizen_id)
            identity = await session.get_one(ChannelIdentity, complaint.identity_id)
        assert vault.decrypt(citizen.nik_ciphertext) == "3271046501900001"
        assert citizen.phone == "+6281234567890" and citizen.consent_method == "chat:telegram"
        assert (identity.channel, identity.chat_id) == ("telegram", chat.chat_id)

    async def test_nothing_is_kept_when_consent_is_refused(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        await chat.send("/lapor")
        await chat.press("Tidak setuju")
        assert "tidak ada data yang kami simpan" in chat.text
        assert await _complaints(sessions) == []
        async with sessions() as session:
            assert await session.scalar(select(func.count()).select_from(Citizen)) == 0

    async def test_no_nik_leads_to_civil_documents_without_asking_the_category(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        await chat.send("/lapor")
        await chat.press("Setuju")
        await chat.press("anggota keluarga")
        await chat.send("Ujang Saepudin")
        await chat.press("Tidak punya NIK")
        await chat.press("Lewati")
        await chat.send("0812 3456 7890")
        await chat.press("Bogor Tengah")
        await chat.press(chat.replies[-1].buttons[0][0].label)
        await chat.send("Gg. Kenari 3 RT 01/RW 01")
        assert "Ceritakan masalahnya" in chat.text
        await chat.send("Anak saya belum punya akta dan belum masuk KK.")
        await chat.press("Lewati")
        assert "tidak punya NIK" in chat.text and "Dokumen kependudukan" in chat.text
        await chat.press("Kirim pengaduan")
        [complaint] = await _complaints(sessions)
        async with sessions() as session:
            citizen = await session.get_one(Citizen, complaint.citizen_id)
        assert citizen.nik_lookup is None
        assert complaint.filed_for == "household_member"

    async def test_photos_and_documents_are_attached(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        await chat.send("/lapor")
        for step in ("Setuju", "diri sendiri"):
            await chat.press(step)
        await chat.send("Siti Aminah")
        await chat.send("3271046501900001")
        await chat.press("Lewati")
        await chat.send("081234567890")
        await chat.press("Bogor Barat")
        await chat.press("Bubulak")
        await chat.send("Jl. Mawar No. 5, RT 02/RW 03")
        await chat.press("Keluarga Harapan")
        await chat.send("Bantuan PKH tidak cair sejak Agustus tahun ini.")
        await chat.send_file("photo")
        await chat.send_file("document", mime_type="application/pdf")
        assert "Sudah diterima: 2" in chat.text
        await chat.send_file("document", mime_type="application/x-msdownload")
        assert "Jenis berkas ini tidak bisa diterima" in chat.text
        await chat.send_file("photo", size=30 * 1024 * 1024)
        assert "Berkas terlalu besar" in chat.text
        # A voice note is taken like any file (issue 17).
        await chat.send_file("voice", mime_type="audio/ogg")
        assert "Sudah diterima: 3" in chat.text
        await chat.press("Selesai")
        assert "Lampiran: 3" in chat.text
        await chat.press("Kirim pengaduan")
        async with sessions() as session:
            attachments = (await session.execute(select(Attachment))).scalars().all()
        assert sorted(a.mime_type for a in attachments) == [
            "application/pdf",
            "audio/ogg",
            "image/jpeg",
        ]

    async def test_nik_from_outside_kota_bogor_is_accepted_and_flagged(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        await file_complete_complaint(chat, nik="3201234501850012")
        [complaint] = await _complaints(sessions)
        assert complaint.nik_outside_city is True
        assert any("luar Kota Bogor" in reply.text for reply in chat.history)


class TestBadInputIsExplainedAndNothingIsLost:
    """Wrong answers get a friendly reason and the same question; earlier answers stay."""

    async def _at_nik_step(self, chat: ChatDriver) -> None:
        await chat.send("/lapor")
        await chat.press("Setuju")
        await chat.press("diri sendiri")
        await chat.send("Siti Aminah")

    async def test_wrong_nik_is_explained_and_asked_again(self, chat: ChatDriver) -> None:
        await self._at_nik_step(chat)
        await chat.send("3271 0465 0190")
        assert "NIK harus 16 angka" in chat.text and "Ketik NIK" in chat.text
        await chat.send("3271043201900001")
        assert "Tanggal lahir di dalam NIK" in chat.text
        await chat.send("3271.0465.0190.0001")
        assert "nomor KK" in chat.text

    async def test_sticker_or_photo_where_text_is_expected(self, chat: ChatDriver) -> None:
        await self._at_nik_step(chat)
        await chat.send_sticker()
        assert "hanya bisa membaca pesan teks" in chat.text and "Ketik NIK" in chat.text
        await chat.send_file("photo")
        assert "hanya bisa membaca pesan teks" in chat.text
        await chat.send("3271046501900001")
        assert "nomor KK" in chat.text

    async def test_text_over_4000_characters(self, chat: ChatDriver) -> None:
        await self._at_nik_step(chat)
        await chat.send("1" * 4001)
        assert "terlalu panjang" in chat.text and "Ketik NIK" in chat.text

    async def test_old_button_is_explained_and_does_nothing(self, chat: ChatDriver) -> None:
        await chat.send("/lapor")
        consent_yes = chat.button("Setuju").payload
        await chat.press("Setuju")
        await chat.press("diri sendiri")
        await chat.press_payload(consent_yes)
        assert "pesan lama" in chat.text and "nama lengkap" in chat.text

    async def test_back_and_help_keep_the_answers(self, chat: ChatDriver) -> None:
        await self._at_nik_step(chat)
        await chat.send("/kembali")
        assert "nama lengkap" in chat.text
        await chat.send("Siti Nurhaliza")
        await chat.send("/bantuan")
        assert "16 angka di KTP" in chat.text and "Ketik NIK" in chat.text

    async def test_cancel_forgets_everything(self, chat: ChatDriver) -> None:
        await self._at_nik_step(chat)
        await chat.send("/batal")
        assert "Dibatalkan" in chat.text
        await chat.send("/lapor")
        assert "Sebelum mulai" in chat.text


class TestChangingAnswersFromTheSummary:
    """Every field can be changed from the summary and the flow comes back to it."""

    CHANGES = {
        "Untuk": [("press", "anggota keluarga")],
        "Nama": [("send", "Siti Rahmawati")],
        "NIK": [("send", "3271045203950002")],
        "No. KK": [("send", "3271040101200003")],
        "No. HP": [("send", "0857 1111 2222")],
        "Kecamatan": [("press", "Tanah Sareal"), ("press", "Kebon Pedes")],
        "Kelurahan": [("press", "Berikutnya"), ("press", "Sukadamai")],
        "Alamat": [("send", "Jl. Melati No. 9, RT 04/RW 05")],
        "Jenis pengaduan": [("press", "Indonesia Pintar")],
        "Uraian": [("send", "Anak saya tidak menerima dana PIP tahun ini.")],
        "Lampiran": [("file", ""), ("press", "Selesai")],
    }
    EXPECTED = {
        "Untuk": "Untuk: Anggota keluarga lain",
        "Nama": "Nama: Siti Rahmawati",
        "NIK": "NIK: 3271045203950002",
        "No. KK": "No. KK: 3271040101200003",
        "No. HP": "No. HP: +6285711112222",
        "Kecamatan": "Kelurahan: Kebon Pedes",
        "Kelurahan": "Kelurahan: Sukadamai",
        "Alamat": "Alamat: Jl. Melati No. 9, RT 04/RW 05",
        "Jenis pengaduan": "Jenis pengaduan: Program Indonesia Pintar (PIP)",
        "Uraian": "Anak saya tidak menerima dana PIP tahun ini.",
        "Lampiran": "Lampiran: 1",
    }

    async def test_every_field_can_be_edited(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        await reach_summary(chat)
        for label, actions in self.CHANGES.items():
            await chat.press(f"✏️ {label}")
            for kind, value in actions:
                if kind == "press":
                    await chat.press(value)
                elif kind == "send":
                    await chat.send(value)
                else:
                    await chat.send_file("photo")
            assert "Periksa kembali" in chat.text, (label, chat.text)
            assert self.EXPECTED[label] in chat.text, (label, chat.text)
        await chat.press("Kirim pengaduan")
        [complaint] = await _complaints(sessions)
        assert complaint.kelurahan_code == "32.71.06.1007"  # Sukadamai, Tanah Sareal
        assert complaint.filed_for == "household_member"
        assert complaint.description == "Anak saya tidak menerima dana PIP tahun ini."
