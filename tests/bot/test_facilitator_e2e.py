"""Facilitators end to end: the real Telegram libraries (python-telegram-bot and aiogram) over
HTTP to the local Bot API server, the panel for the supervisor, and the notifier in between.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.actors import Actor, ActorRole
from backend.app import create_app
from backend.casefiles.models import Attachment, Complaint, ComplaintStatus, StatusEvent
from backend.citizens.models import Channel
from backend.clock import local_date, utcnow
from backend.complaints.assisted_filing import HouseholdAnswers, file_for_household
from backend.complaints.service import EventDetails, fire_event
from backend.db import unit_of_work
from backend.facilitators.models import Facilitator, FacilitatorInvitation, HouseholdReach, Relay
from backend.facilitators.service import revoke_invitation
from backend.security.crypto import Vault
from backend.staff.models import Role
from bot.telegram.client import TelegramClient
from bot.telegram.runtime import create_client
from tests.backend.panel.helpers import PanelUser, sign_in_to_panel
from tests.bot.conftest import RunningService, TelegramUser
from tests.bot.notifier.conftest import make_notifier, wait_until_settled
from tests.bot.test_telegram_answer_pieces import _send_and_wait
from tests.fixtures.facilitator_helpers import ADMIN, HOUSEHOLD_DESCRIPTION, invited
from tests.fixtures.factories import BUBULAK, category, made_up_nik
from tests.fixtures.upload_files import image_of
from tests.fixtures.waiting import eventually

FACILITATOR, OTHER = 7700001, 7700002


@pytest.fixture
def mode() -> str:
    """Polling only: the webhook path is the same channel, tested with the citizen's intake."""
    return "polling"


@pytest.fixture
async def panel_app(service: RunningService) -> AsyncIterator[FastAPI]:
    """The panel of the same deployment (its lifespan is not run: the notifier is run by hand)."""
    app = create_app(service.settings)
    yield app
    await app.state.engine.dispose()


@pytest.fixture
async def staff(panel_app: FastAPI) -> AsyncIterator[dict[Role, PanelUser]]:
    """A supervisor and a back-office worker signed in to the panel."""
    users = {
        role: await sign_in_to_panel(panel_app, panel_app.state.sessions, role)
        for role in (Role.SUPERVISOR, Role.BACK_OFFICE)
    }
    yield users
    for user in users.values():
        await user.client.aclose()


@pytest.fixture
async def telegram_client(service: RunningService) -> AsyncIterator[TelegramClient]:
    """The notifier's own client of the configured library."""
    client = create_client(service.settings)
    await client.start()
    yield client
    await client.close()


async def bind_by_link(
    service: RunningService, sessions: async_sessionmaker[AsyncSession], user_id: int, name: str
) -> int:
    """An invitation opened from Telegram; answers the facilitator's id."""
    person = await invited(sessions, name=name)
    await TelegramUser(service.api, user_id).say(person.start, f"Selamat bergabung, {name}")
    await service.api.wait_for_message(user_id, "Menu fasilitator")
    return person.facilitator_id


async def file_by_telegram(user: TelegramUser) -> str:
    """The facilitator files for a household through the bot; returns the ticket."""
    await user.press("Ajukan pengaduan untuk warga", "atas nama warga")
    await user.press("Warga setuju", "nama lengkap anggota rumah tangga")
    await user.say("Siti Aminah", "NIK anggota rumah tangga")
    await user.say("3271 0465 0190 0001", "nomor KK")
    await user.press("Lewati", "nomor HP warga")
    await user.press("tidak punya HP", "kelurahan mana")
    await user.press("Bubulak", "alamat lengkap")
    await user.say("Jl. Mawar No. 5, RT 02/RW 03", "tentang apa")
    await user.press("Keluarga Harapan", "Ceritakan masalah warga")
    await user.say(HOUSEHOLD_DESCRIPTION, "foto atau dokumen")
    await user.press("Lewati", "menerima kabar")
    await user.press("Hanya lewat saya", "Kapan Anda mengunjungi")
    await user.press("Hari ini", "Periksa kembali data pengaduan warga")
    text = await user.press("Kirim untuk persetujuan", "Nomor tiket")
    return text.split("Nomor tiket: ", 1)[1].split("\n", 1)[0].strip()


async def filed_by_service(
    sessions: async_sessionmaker[AsyncSession], vault: Vault, facilitator_id: int
) -> str:
    """A filing made without the chat (for tests about what comes after); returns the ticket."""
    async with unit_of_work(sessions) as session:
        facilitator = await session.get_one(Facilitator, facilitator_id)
        result = await file_for_household(
            session, vault, facilitator,
            HouseholdAnswers(
                full_name="Siti Aminah", nik=made_up_nik(), kk=None, phone=None, kelurahan_code=BUBULAK,
                address="Jl. Mawar No. 5, RT 02/RW 03", category=await category(session),
                description=HOUSEHOLD_DESCRIPTION, reach=HouseholdReach.FACILITATOR,
                visit_on=local_date(utcnow()),
            ),
            channel=Channel.TELEGRAM, link_valid_for=timedelta(days=30),
        )  # fmt: skip
        return result.complaint.ticket


async def staff_fire(
    sessions: async_sessionmaker[AsyncSession],
    ticket: str,
    event: str,
    details: EventDetails | None = None,
) -> None:
    """Staff fire one event on the complaint: a supervisor approves, the back office the rest."""
    async with unit_of_work(sessions) as session:
        complaint = (
            await session.execute(select(Complaint).where(Complaint.ticket == ticket))
        ).scalar_one()
        role = ActorRole.SUPERVISOR if event == "approve" else ActorRole.BACK_OFFICE
        await fire_event(session, complaint, event, Actor(role), details or EventDetails())


class TestOnboardingByDeepLink:
    """t.me/<bot>?start=fac_<token> binds the account; expired, reused and revoked links are refused."""

    async def test_the_link_binds_once_and_bad_links_are_explained(
        self, service: RunningService, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        api = service.api
        person = await invited(sessions, name="Rina Marlina")
        facilitator = TelegramUser(api, FACILITATOR)
        welcome = await facilitator.say(person.start, "Selamat bergabung, Rina Marlina")
        assert "Kelurahan Bubulak" in welcome
        menu = await api.wait_for_message(FACILITATOR, "Menu fasilitator")
        assert [label for label, _ in menu.buttons][:3] == [
            "📝 Ajukan pengaduan untuk warga", "📂 Pengaduan dampingan saya", "🔁 Kabar untuk disampaikan (0)",
        ]  # fmt: skip

        reused = await TelegramUser(api, OTHER).say(person.start, "sudah pernah dipakai")
        assert "hanya berlaku satu kali" in reused
        await api.wait_for_message(OTHER, "Silakan pilih layanan")
        assert all("Menu fasilitator" not in message.text for message in api.messages(OTHER))

        expired = await invited(
            sessions, name="Dewi Lestari", hours=1, now=utcnow() - timedelta(hours=2)
        )
        await TelegramUser(api, 7700003).say(expired.start, "sudah kedaluwarsa")

        withdrawn = await invited(sessions, name="Ani Suryani")
        async with unit_of_work(sessions) as session:
            invitation = (
                await session.execute(
                    select(FacilitatorInvitation).where(
                        FacilitatorInvitation.facilitator_id == withdrawn.facilitator_id
                    )
                )
            ).scalar_one()
            await revoke_invitation(session, invitation.id, ADMIN)
        await TelegramUser(api, 7700004).say(withdrawn.start, "sudah dibatalkan")


class TestFilingApprovalAndRelay:
    """Filed in the bot, approved in the panel, relayed by the notifier, confirmed in the bot."""

    async def test_approved_in_the_panel_relayed_and_confirmed_on_the_timeline(
        self, service: RunningService, sessions: async_sessionmaker[AsyncSession],
        staff: dict[Role, PanelUser], telegram_client: TelegramClient,
    ) -> None:  # fmt: skip
        api = service.api
        await bind_by_link(service, sessions, FACILITATOR, "Rina Marlina")
        facilitator = TelegramUser(api, FACILITATOR)
        ticket = await file_by_telegram(facilitator)
        assert "Menunggu persetujuan" in api.last_message(FACILITATOR).text  # type: ignore[union-attr]

        supervisor = staff[Role.SUPERVISOR]
        assert ticket in (await supervisor.get("/panel/facilitators/approvals")).text
        assert (
            await supervisor.post(f"/panel/complaints/{ticket}/events", {"event": "approve"})
        ).status_code == 303
        await wait_until_settled(make_notifier(sessions, telegram_client), sessions)

        told = await api.wait_for_message(FACILITATOR, "sudah disetujui supervisor")
        for phrase in (
            "Mohon sampaikan",
            "Siti Aminah (Kel. Bubulak)",
            ticket,
            "Diterima",
            "menerima kabar pengaduannya lewat Anda",
        ):
            assert phrase in told.text, told.text
        await facilitator.press("Sudah disampaikan", "sudah disampaikan pada")

        # A status change by the back office reaches the household through the facilitator as well.
        worker = staff[Role.BACK_OFFICE]
        note = {"event": "start_review", "note": "Petugas akan datang hari Senin."}
        assert (await worker.post(f"/panel/complaints/{ticket}/events", note)).status_code == 303
        await wait_until_settled(make_notifier(sessions, telegram_client), sessions)
        relayed = await api.wait_for_message(FACILITATOR, "Petugas akan datang hari Senin.")
        assert "Mohon sampaikan" in relayed.text and "Ditelaah" in relayed.text
        await facilitator.press("Sudah disampaikan", "sudah disampaikan pada")

        async with sessions() as session:
            relays = list(await session.scalars(select(Relay).order_by(Relay.id)))
        assert len(relays) == 2 and all(relay.confirmed_at is not None for relay in relays)
        page = (await supervisor.get(f"/panel/complaints/{ticket}")).text
        assert page.count("Kabar sudah disampaikan ke warga oleh fasilitator") == 2
        assert "2 sudah disampaikan, 0 menunggu" in page


class TestReminder:
    """A relay left unconfirmed past two working days earns the facilitator one reminder."""

    @pytest.fixture
    def service_overrides(self) -> dict[str, object]:
        return {"relay_check_interval": 0.2}  # the service's notifier looks often

    async def test_one_reminder_from_the_running_notifier(
        self, service: RunningService, sessions: async_sessionmaker[AsyncSession], vault: Vault,
        caplog: pytest.LogCaptureFixture,
    ) -> None:  # fmt: skip
        caplog.set_level(logging.DEBUG, logger="backend.facilitators.reminders")

        def looks() -> int:
            return sum("relay reminders: looked" in r.getMessage() for r in caplog.records)

        api = service.api
        facilitator_id = await bind_by_link(service, sessions, FACILITATOR, "Rina Marlina")
        ticket = await filed_by_service(sessions, vault, facilitator_id)
        await staff_fire(sessions, ticket, "approve")
        async with unit_of_work(sessions) as session:
            relay = (await session.execute(select(Relay))).scalar_one()
            relay.created_at = utcnow() - timedelta(days=10)  # sent long ago, never confirmed

        reminder = await api.wait_for_message(FACILITATOR, "Pengingat", timeout=20)
        looked = looks()
        await eventually(lambda: looks() >= looked + 3)  # three more looks: still one
        texts = [message.text for message in api.messages(FACILITATOR)]
        assert sum("Pengingat" in text for text in texts) == 1
        assert "Siti Aminah" in reminder.text and ticket in reminder.text
        await TelegramUser(api, FACILITATOR).press("Sudah disampaikan", "sudah disampaikan pada")
        async with sessions() as session:
            stored = (await session.execute(select(Relay))).scalar_one()
        assert stored.reminded_at is not None and stored.confirmed_at is not None


class TestAnotherFacilitatorsCase:
    """A facilitator typing another facilitator's ticket learns nothing about it."""

    async def test_by_ticket_number(
        self, service: RunningService, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        api = service.api
        owner_id = await bind_by_link(service, sessions, FACILITATOR, "Rina Marlina")
        ticket = await filed_by_service(sessions, vault, owner_id)
        await bind_by_link(service, sessions, OTHER, "Dewi Lestari")
        other = TelegramUser(api, OTHER)
        typed = await other.say(ticket, "tidak ada di antara pengaduan dampingan Anda")
        by_command = await other.say(
            f"/status {ticket}", "tidak ada di antara pengaduan dampingan Anda"
        )
        for text in (typed, by_command):
            assert "Siti Aminah" not in text and "Menunggu" not in text
        assert all("Siti Aminah" not in message.text for message in api.messages(OTHER))
        owner = await TelegramUser(api, FACILITATOR).say(ticket, "Warga: Siti Aminah")
        assert "Menunggu persetujuan" in owner


class TestTheHouseholdsAnswerInPieces:
    """The relay's answer button, a text and a photo, then Selesai: one answer, in the facilitator's name."""

    async def test_text_and_photo_then_selesai_reach_the_panel_as_one_answer(
        self, service: RunningService, sessions: async_sessionmaker[AsyncSession], vault: Vault,
        staff: dict[Role, PanelUser],
    ) -> None:  # fmt: skip
        api = service.api
        facilitator_id = await bind_by_link(service, sessions, FACILITATOR, "Rina Marlina")
        ticket = await filed_by_service(sessions, vault, facilitator_id)
        for event in ("approve", "start_review"):
            await staff_fire(sessions, ticket, event)
        await staff_fire(
            sessions, ticket, "request_info", EventDetails(note="Mohon foto KK warga.")
        )
        await api.wait_for_message(FACILITATOR, "Mohon foto KK warga.")

        facilitator = TelegramUser(api, FACILITATOR)
        await facilitator.press("Kirim jawaban warga", "Pertanyaan petugas untuk Siti Aminah")
        await facilitator.say(
            "KK warga ada di foto berikut.", f"Diterima (1) untuk pengaduan {ticket}"
        )
        await _send_and_wait(
            facilitator, lambda: api.send_photo(FACILITATOR, image_of("JPEG")), "Diterima (2)"
        )
        await facilitator.press("Selesai", "Jawaban Siti Aminah sudah diteruskan")

        async with sessions() as session:
            [event] = (
                await session.scalars(
                    select(StatusEvent).where(StatusEvent.event == "provide_info")
                )
            ).all()
            [attachment] = (await session.scalars(select(Attachment))).all()
            status = (await session.get_one(Complaint, event.complaint_id)).status
        assert (event.actor_role, event.actor_facilitator_id) == ("facilitator", facilitator_id)
        assert (attachment.mime_type, attachment.status_event_id) == ("image/jpeg", event.id)
        assert status == ComplaintStatus.IN_REVIEW
        page = (await staff[Role.BACK_OFFICE].get(f"/panel/complaints/{ticket}")).text
        assert page.count("Data sudah dilengkapi") == 1 and "KK warga ada di foto berikut." in page
