"""A household files and follows a complaint entirely in WhatsApp, against the stand-in.

The service runs whole (webhook, dialogs, outbox, notifier) on SQLite and PostgreSQL;
the stand-in keeps WhatsApp's rules, so a reply it would refuse fails here too.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import httpx
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.actors import Actor, ActorRole
from backend.casefiles.models import Attachment, Complaint, ComplaintStatus, StatusEvent
from backend.citizens.models import Channel, ChannelIdentity
from backend.clock import utcnow
from backend.complaints.service import EventDetails, fire_event
from backend.files import read_stored
from backend.notifications.models import OutboxMessage, OutboxStatus
from backend.security.crypto import Vault
from dialogs.i18n import translate
from tests.bot.whatsapp.conftest import WhatsAppPerson, WhatsAppService
from tests.fixtures.local_whatsapp import SIGNATURE_HEADER, signature
from tests.fixtures.upload_files import image_of, ogg_opus_voice
from tests.fixtures.waiting import eventually

DESCRIPTION = "Bantuan PKH ibu saya tidak cair sejak Agustus."


async def file_complaint_by_whatsapp(person: WhatsAppPerson) -> str:
    """The whole intake; WhatsApp gives the number, so it is not asked. Returns the ticket."""
    menu = await person.say("halo", "Silakan pilih")
    assert menu.is_list  # five choices: a list, not buttons
    await person.press("Buat pengaduan", "Sebelum mulai")
    await person.press("Setuju", "untuk siapa")
    await person.press("diri sendiri", "nama lengkap")
    await person.say("Siti Aminah", "Ketik NIK")
    await person.say("3271 0465 0190 0001", "nomor KK")
    await person.press("Lewati", "kecamatan")
    await person.press("Bogor Barat", "Pilih kelurahan")
    await person.press("Bubulak", "alamat lengkap")
    await person.say("Jl. Mawar No. 5, RT 02/RW 03", "tentang apa")
    await person.press("Keluarga Harapan", "Ceritakan masalahnya")
    await person.say(DESCRIPTION, "foto atau dokumen")
    await person.press("Lewati", "Periksa kembali")
    done = await person.press("Kirim pengaduan", "Nomor tiket")
    return done.text.split("Nomor tiket: ", 1)[1].split("\n", 1)[0].strip()


async def _complaint(sessions: async_sessionmaker[AsyncSession]) -> Complaint:
    async with sessions() as session:
        return (await session.execute(select(Complaint))).scalar_one()


async def _staff(sessions: async_sessionmaker[AsyncSession], ticket: str, *events: str) -> None:
    async with sessions() as session:
        complaint = (
            await session.execute(select(Complaint).where(Complaint.ticket == ticket))
        ).scalar_one()
        for event in events:
            details = EventDetails(note="Mohon foto KK.") if event == "request_info" else None
            await fire_event(session, complaint, event, Actor(ActorRole.BACK_OFFICE), details)
        await session.commit()


async def _quiet_for_a_day(
    sessions: async_sessionmaker[AsyncSession], service: WhatsAppService, wa_id: str
) -> None:
    """The person last wrote 25 hours ago, for the service and for WhatsApp alike."""
    async with sessions() as session:
        await session.execute(
            update(ChannelIdentity)
            .where(ChannelIdentity.channel == Channel.WHATSAPP)
            .values(last_inbound_at=utcnow() - timedelta(hours=25))
        )
        await session.commit()
    service.local.age_window(wa_id, hours=25)


class TestFilingByWhatsApp:
    async def test_a_complete_intake_then_its_status(
        self, whatsapp_service: WhatsAppService, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        local = whatsapp_service.local
        person = WhatsAppPerson(local)
        ticket = await file_complaint_by_whatsapp(person)
        texts = [sent.text for sent in local.messages_to(person.wa_id)]
        assert any("Nomor +6281234567890 dicatat" in text for text in texts)
        assert not any("Kirim nomor HP" in text for text in texts)  # never asked
        complaint = await _complaint(sessions)
        assert (complaint.ticket, complaint.channel) == (ticket, Channel.WHATSAPP)
        assert complaint.status == ComplaintStatus.RECEIVED
        status = await person.say(f"/status {ticket}", "Status: Diterima")
        assert ticket in status.text
        # Every message the person sent was marked read (blue ticks).
        await eventually(lambda: len(local.world.read_receipts) == len(local.world.received_ids))

    async def test_a_staff_question_answered_with_a_voice_note(
        self,
        whatsapp_service: WhatsAppService,
        sessions: async_sessionmaker[AsyncSession],
        vault: Vault,
    ) -> None:
        person = WhatsAppPerson(whatsapp_service.local)
        ticket = await file_complaint_by_whatsapp(person)
        await _staff(sessions, ticket, "start_review", "request_info")
        await whatsapp_service.local.wait_for_message(person.wa_id, "Mohon foto KK.")
        await person.say("Ini jawaban kami.", "Diterima (1)")
        voice = ogg_opus_voice(2)
        await person.send_media(
            "audio", voice, "audio/ogg; codecs=opus", "Diterima (2)", voice=True
        )
        await person.press("Selesai", "sudah kami teruskan")
        async with sessions() as session:
            answers = (
                await session.scalars(
                    select(StatusEvent).where(StatusEvent.event == "provide_info")
                )
            ).all()
            [attachment] = (await session.scalars(select(Attachment))).all()
        assert len(answers) == 1 and attachment.status_event_id == answers[0].id
        assert read_stored(Path(attachment.stored_path or ""), vault) == voice

    async def test_a_poster_greeting_carries_its_kelurahan_to_the_complaint(
        self, whatsapp_service: WhatsAppService, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        person = WhatsAppPerson(whatsapp_service.local)
        greeting = "Halo SLRT, saya ingin menyampaikan pengaduan. (kode src-3271041003)"
        await person.say(greeting, "Silakan pilih")
        await file_complaint_by_whatsapp(person)
        complaint = await _complaint(sessions)
        assert complaint.source == "poster:32.71.04.1003"


class TestStatusMessagesAndTheWindow:
    async def test_inside_the_window_a_status_message_is_text(
        self, whatsapp_service: WhatsAppService, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        local = whatsapp_service.local
        person = WhatsAppPerson(local)
        ticket = await file_complaint_by_whatsapp(person)
        await _staff(sessions, ticket, "start_review")
        news = await local.wait_for_message(person.wa_id, "Ditelaah")
        assert news.type in ("text", "interactive") and news.delivered

    async def test_outside_the_window_the_status_template_goes(
        self, whatsapp_service: WhatsAppService, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        local = whatsapp_service.local
        local.world.add_template("slrt_status_in_review", "id", "Pengaduan {{1}} sedang ditinjau.")
        person = WhatsAppPerson(local)
        ticket = await file_complaint_by_whatsapp(person)
        await _quiet_for_a_day(sessions, whatsapp_service, person.wa_id)
        await _staff(sessions, ticket, "start_review")
        sent = await local.wait_for_message(person.wa_id, f"Pengaduan {ticket} sedang ditinjau.")
        assert sent.type == "template" and sent.delivered
        assert sent.content["language"]["code"] == "id"

    async def test_without_an_approved_template_the_news_is_not_lost(
        self, whatsapp_service: WhatsAppService, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        person = WhatsAppPerson(whatsapp_service.local)
        ticket = await file_complaint_by_whatsapp(person)
        await _quiet_for_a_day(sessions, whatsapp_service, person.wa_id)
        await _staff(sessions, ticket, "start_review")
        # No facilitator to relay it: the complaint waits for a phone call instead.
        await eventually(lambda: _phone_call_flagged(sessions), timeout=30)

    async def test_a_number_that_left_whatsapp_is_marked_unreachable(
        self, whatsapp_service: WhatsAppService, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        local = whatsapp_service.local
        person = WhatsAppPerson(local)
        ticket = await file_complaint_by_whatsapp(person)
        local.not_on_whatsapp(person.wa_id)  # accepted, then a failed status (131026)
        await _staff(sessions, ticket, "start_review")
        await eventually(lambda: _phone_call_flagged(sessions), timeout=30)
        async with sessions() as session:
            identity = (await session.scalars(select(ChannelIdentity))).one()
            bounced = (
                await session.scalars(
                    select(OutboxMessage).where(OutboxMessage.status == OutboxStatus.UNDELIVERABLE)
                )
            ).all()
        assert identity.is_reachable is False and len(bounced) == 1


async def _phone_call_flagged(sessions: async_sessionmaker[AsyncSession]) -> bool:
    async with sessions() as session:
        complaint = (await session.execute(select(Complaint))).scalar_one()
    return complaint.needs_phone_call_since is not None


class TestWhatCanGoWrong:
    async def test_a_forged_signature_is_refused_and_a_wrong_verify_token_too(
        self, whatsapp_service: WhatsAppService
    ) -> None:
        local = whatsapp_service.local
        hook = f"{whatsapp_service.url}/whatsapp/webhook"
        body = b'{"object":"whatsapp_business_account","entry":[]}'
        async with httpx.AsyncClient(trust_env=False) as client:
            forged = await client.post(
                hook, content=body, headers={SIGNATURE_HEADER: signature("guess", body)}
            )
            unsigned = await client.post(hook, content=body)
            signed = await client.post(
                hook,
                content=body,
                headers={SIGNATURE_HEADER: signature(local.world.app_secret, body)},
            )
            params = {"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "42"}
            wrong_token = await client.get(hook, params=params)
        assert (forged.status_code, unsigned.status_code, signed.status_code) == (401, 401, 200)
        assert wrong_token.status_code == 403

    async def test_a_message_delivered_twice_is_answered_once(
        self, whatsapp_service: WhatsAppService
    ) -> None:
        local = whatsapp_service.local
        person = WhatsAppPerson(local)
        await person.say("halo", "Silakan pilih")
        local.redeliver_next()
        await person.press("Informasi", "Informasi apa")
        await local.wait_until_delivered()
        await person.say("/menu", "Silakan pilih layanan")
        texts = [sent.text for sent in local.messages_to(person.wa_id)]
        assert sum("Informasi apa" in text for text in texts) == 1

    async def test_a_sticker_where_text_is_expected_and_an_old_button(
        self, whatsapp_service: WhatsAppService
    ) -> None:
        local = whatsapp_service.local
        person = WhatsAppPerson(local)
        await person.say("halo", "Silakan pilih")
        await person.press("Buat pengaduan", "Sebelum mulai")
        consent = local.messages_to(person.wa_id)[-1]
        await person.press("Setuju", "untuk siapa")
        await person.press("diri sendiri", "nama lengkap")
        before = len(local.messages_to(person.wa_id))
        local.send_sticker(person.wa_id)
        await local.wait_for_message(person.wa_id, "nama lengkap", after=before)
        before = len(local.messages_to(person.wa_id))
        local.press_old(person.wa_id, consent, "Setuju")
        await local.wait_for_message(person.wa_id, "pesan lama", after=before)
        # Nothing was lost: the question still open is answered.
        await person.say("Siti Aminah", "Ketik NIK")

    async def test_a_message_that_always_fails_is_given_up_and_the_person_told(
        self, whatsapp_service: WhatsAppService
    ) -> None:
        local = whatsapp_service.local
        person = WhatsAppPerson(local)
        await person.say("halo", "Silakan pilih")
        local.fail_downloads(1000)  # every try of this photo fails, as Meta delivers it again
        told = translate("id", "update-not-processed")[:40]
        await person.send_media("image", image_of("JPEG"), "image/jpeg", told)
        local.fail_downloads(0)
        await person.press("Kembali ke menu", "Silakan pilih layanan")
        texts = [sent.text for sent in local.messages_to(person.wa_id)]
        assert sum(text.startswith(told) for text in texts) == 1

    async def test_two_presses_at_once_move_the_dialog_once(
        self, whatsapp_service: WhatsAppService
    ) -> None:
        local = whatsapp_service.local
        person = WhatsAppPerson(local)
        await person.say("halo", "Silakan pilih")
        consent = await person.press("Buat pengaduan", "Sebelum mulai")
        before = len(local.messages_to(person.wa_id))
        local.press_old(person.wa_id, consent, "Setuju")
        local.press_old(person.wa_id, consent, "Setuju")
        await local.wait_for_message(person.wa_id, "pesan lama", after=before)
        await eventually(
            lambda: sum("untuk siapa" in m.text for m in local.messages_to(person.wa_id)) == 2
        )
        texts = [m.text for m in local.messages_to(person.wa_id)[before:]]
        # Asked once by the first press, asked again after explaining the second.
        assert sum("Pengaduan ini untuk siapa" in text for text in texts) == 2

    async def test_a_photo_too_large_is_refused_with_a_reason_and_the_next_taken(
        self, whatsapp_service: WhatsAppService
    ) -> None:
        person = WhatsAppPerson(whatsapp_service.local)
        await person.say("halo", "Silakan pilih")
        await person.press("Buat pengaduan", "Sebelum mulai")
        await person.press("Setuju", "untuk siapa")
        await person.press("diri sendiri", "nama lengkap")
        await person.say("Siti Aminah", "Ketik NIK")
        await person.say("3271 0465 0190 0001", "nomor KK")
        await person.press("Lewati", "kecamatan")
        await person.press("Bogor Barat", "Pilih kelurahan")
        await person.press("Bubulak", "alamat lengkap")
        await person.say("Jl. Mawar No. 5, RT 02/RW 03", "tentang apa")
        await person.press("Keluarga Harapan", "Ceritakan masalahnya")
        await person.say(DESCRIPTION, "foto atau dokumen")
        big = b"\xff\xd8" + b"0" * (11 * 1024 * 1024)
        await person.send_media("image", big, "image/jpeg", "Berkas terlalu besar")
        await person.send_media("image", image_of("JPEG"), "image/jpeg", "Sudah diterima: 1")

    async def test_a_long_choice_is_a_list_and_long_labels_keep_their_words(
        self, whatsapp_service: WhatsAppService
    ) -> None:
        local = whatsapp_service.local
        person = WhatsAppPerson(local)
        await person.say("halo", "Silakan pilih")
        await person.press("Buat pengaduan", "Sebelum mulai")
        await person.press("Setuju", "untuk siapa")
        await person.press("diri sendiri", "nama lengkap")
        await person.say("Siti Aminah", "Ketik NIK")
        await person.say("3271 0465 0190 0001", "nomor KK")
        kecamatan = await person.press("Lewati", "kecamatan")
        assert kecamatan.is_list and len(kecamatan.choices) == 6
        kelurahan = await person.press("Bogor Barat", "Pilih kelurahan")
        assert kelurahan.is_list and all(len(title) <= 24 for _, title in kelurahan.choices)
