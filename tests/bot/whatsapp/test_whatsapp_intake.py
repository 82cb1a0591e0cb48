"""A household files and follows a complaint entirely in WhatsApp (against the stand-in)."""

from __future__ import annotations

from tests.bot.whatsapp.conftest import WhatsAppPerson, WhatsAppService


async def file_complaint_by_whatsapp(person: WhatsAppPerson) -> str:
    """The whole intake; WhatsApp gives the number, so it is not asked. Returns the ticket."""
    menu = await person.say("halo", "Silakan pilih")
    assert menu.is_list  # five choices: a list, not buttons
    await person.press("Buat pengaduan", "Sebelum mulai")
    await person.press("Setuju", "untuk siapa")
    await person.press("diri sendiri", "nama lengkap")
    await person.say("Siti Aminah", "Ketik NIK")
    await person.say("3271 0465 0190 0001", "nomor KK")
    noted = await person.press("Lewati", "kecamatan")
    assert (
        "+6281234567890" in person.local.messages_to(person.wa_id)[-2].text
        or "6281234567890" in noted.text
    )
    await person.press("Bogor Barat", "Pilih kelurahan")
    await person.press("Bubulak", "alamat lengkap")
    await person.say("Jl. Mawar No. 5, RT 02/RW 03", "tentang apa")
    await person.press("Keluarga Harapan", "Ceritakan masalahnya")
    await person.say("Bantuan PKH ibu saya tidak cair sejak Agustus.", "foto atau dokumen")
    await person.press("Lewati", "Periksa kembali")
    done = await person.press("Kirim pengaduan", "Nomor tiket")
    return done.text.split("Nomor tiket: ", 1)[1].split("\n", 1)[0].strip()


async def test_a_complete_intake(whatsapp_service: WhatsAppService) -> None:
    person = WhatsAppPerson(whatsapp_service.local)
    ticket = await file_complaint_by_whatsapp(person)
    assert ticket
    status = await person.say(f"/status {ticket}", ticket)
    print(status.text)
