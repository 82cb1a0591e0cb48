"""The facilitator's side of the conversation, through the engine on both databases."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.actors import Actor, ActorRole
from backend.casefiles.models import Complaint, ComplaintStatus
from backend.citizens.models import Citizen
from backend.clock import utcnow
from backend.complaints.assisted_filing import LinkOutcome
from backend.complaints.service import fire_event
from backend.db import unit_of_work
from backend.facilitators.models import (
    AssistedFiling,
    Facilitator,
    FacilitatorInvitation,
    HouseholdReach,
    Relay,
)
from backend.facilitators.service import BindOutcome, revoke_invitation, set_facilitator_active
from backend.security.crypto import Vault
from dialogs.engine import DialogEngine, DialogServices
from dialogs.i18n import LANGUAGES, has_message
from tests.fixtures.chat import ChatDriver
from tests.fixtures.facilitator_helpers import ADMIN, HOUSEHOLD_DESCRIPTION, Invited, invited

BOT = "slrt_bogor_bot"


@pytest.fixture
def services(vault: Vault) -> DialogServices:
    """Dialog services that know the bot's username (for the household's t.me link)."""
    return DialogServices(vault=vault, bot_username=BOT)


async def start_filing(chat: ChatDriver) -> None:
    """A bound facilitator begins a filing and confirms the household's consent."""
    await chat.send("/lapor")
    assert "atas nama warga" in chat.text, chat.text
    await chat.press("Warga setuju")


async def file_for_household(
    chat: ChatDriver, *, reach: str = "Hanya lewat saya", phone: str | None = "081298765432",
    name: str = "Siti Aminah",
) -> str:  # fmt: skip
    """Walks the assisted filing as a bound facilitator; returns the ticket."""
    await start_filing(chat)
    await chat.send(name)
    await chat.send("3271046501900001")
    await chat.press("Lewati")
    if phone:
        await chat.send(phone)
    else:
        await chat.press("tidak punya HP")
    await chat.press("Bubulak")
    await chat.send("Jl. Mawar No. 5, RT 02/RW 03")
    await chat.press("Keluarga Harapan")
    await chat.send(HOUSEHOLD_DESCRIPTION)
    await chat.press("Lewati")
    await chat.press(reach)
    await chat.press("Hari ini")
    assert "Periksa kembali data pengaduan warga" in chat.text, chat.text
    await chat.press("Kirim untuk persetujuan")
    assert "Nomor tiket" in chat.text, chat.text
    return chat.text.split("Nomor tiket: ", 1)[1].split("\n", 1)[0].strip()


async def bound(
    chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], name: str = "Rina Marlina"
) -> Invited:
    person = await invited(sessions, name=name)
    await chat.send(person.start)
    assert f"Selamat bergabung, {name}" in chat.text, chat.text
    return person


class TestOnboardingByLink:
    """Opening the invitation binds the chat; a bad link is refused kindly, with the citizen's menu."""

    async def test_a_valid_link_shows_the_facilitator_menu(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        await bound(chat, sessions)
        assert "Kel. Bubulak" in chat.text
        labels = [b.label for r in chat.replies for row in r.buttons for b in row]
        assert labels[:3] == ["📝 Ajukan pengaduan untuk warga", "📂 Pengaduan dampingan saya",
                              "🔁 Kabar untuk disampaikan (0)"]  # fmt: skip
        await chat.send(f"/start fac_{'x' * 5}")  # any later /start still finds the facilitator
        assert "Menu fasilitator" in chat.text

    async def test_opening_it_again_from_the_same_chat_is_fine(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        person = await bound(chat, sessions)
        await chat.send(person.start)
        assert (
            "sudah terhubung sebagai fasilitator" in chat.text and "Menu fasilitator" in chat.text
        )

    async def test_a_reused_link_is_refused_in_another_chat(
        self,
        chat: ChatDriver,
        dialog_engine: DialogEngine,
        sessions: async_sessionmaker[AsyncSession],
    ) -> None:
        person = await bound(chat, sessions)
        stranger = ChatDriver(dialog_engine, chat_id="5550999")
        await stranger.send(person.start)
        assert "sudah pernah dipakai" in stranger.text
        assert "Silakan pilih layanan" in stranger.text and "Menu fasilitator" not in stranger.text

    async def test_an_expired_link_is_refused(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        person = await invited(sessions, hours=1, now=utcnow() - timedelta(hours=3))
        await chat.send(person.start)
        assert "sudah kedaluwarsa" in chat.text and "Menu fasilitator" not in chat.text

    async def test_a_revoked_link_is_refused(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        person = await invited(sessions)
        async with unit_of_work(sessions) as session:
            invitation = (await session.execute(select(FacilitatorInvitation))).scalar_one()
            await revoke_invitation(session, invitation.id, ADMIN)
        await chat.send(person.start)
        assert "sudah dibatalkan" in chat.text and "Menu fasilitator" not in chat.text

    async def test_a_made_up_link_is_refused(self, chat: ChatDriver) -> None:
        await chat.send("/start fac_abcdefabcdefabcdefabcdefabcdefab")
        assert "tidak dikenal" in chat.text


class TestAssistedFiling:
    """A bound facilitator files for a household; the complaint waits for a supervisor."""

    async def test_a_filing_waits_for_approval_with_consent_in_person(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        person = await bound(chat, sessions)
        ticket = await file_for_household(chat)
        assert "Menunggu persetujuan" in chat.text
        async with sessions() as session:
            complaint = (await session.execute(select(Complaint))).scalar_one()
            filing = (await session.execute(select(AssistedFiling))).scalar_one()
            citizen = await session.get_one(Citizen, complaint.citizen_id)
        assert (complaint.ticket, complaint.status) == (ticket, ComplaintStatus.PENDING_APPROVAL)
        assert complaint.identity_id is None and complaint.facilitator_id == person.facilitator_id
        assert filing.reach.value == "facilitator" and filing.visit_on is not None
        assert (citizen.full_name, citizen.phone, citizen.consent_method) == (
            "Siti Aminah",
            "+6281298765432",
            "in_person_facilitator",
        )

    async def test_the_questions_are_worded_for_the_facilitator(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        await bound(chat, sessions)
        await start_filing(chat)
        assert "anggota rumah tangga" in chat.text
        await chat.send("Siti Aminah")
        assert "NIK anggota rumah tangga" in chat.text
        await chat.send("3271046501900001")
        await chat.press("Lewati")
        assert "Jangan isi nomor Anda sendiri" in chat.text
        async with sessions() as session:
            own = (await session.execute(select(Facilitator))).scalar_one().phone
        await chat.send(own)
        assert "Itu nomor HP Anda sendiri" in chat.text
        # No "share my number" button: it would give the facilitator's own number.
        assert all(reply.request_contact is None for reply in chat.replies)

    async def test_declining_consent_stores_nothing(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        await bound(chat, sessions)
        await chat.send("/lapor")
        await chat.press("belum / tidak setuju")
        assert "tidak ada data yang disimpan" in chat.text
        async with sessions() as session:
            assert list(await session.scalars(select(Citizen))) == []

    async def test_phone_reach_needs_a_number_and_a_typed_visit_date_is_read(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        await bound(chat, sessions)
        await start_filing(chat)
        for answer in ("Siti Aminah", "3271046501900001"):
            await chat.send(answer)
        await chat.press("Lewati")
        await chat.press("tidak punya HP")
        await chat.press("Bubulak")
        await chat.send("Jl. Mawar No. 5, RT 02/RW 03")
        await chat.press("Keluarga Harapan")
        await chat.send(HOUSEHOLD_DESCRIPTION)
        await chat.press("Lewati")
        # Without a number, calling the household is not offered at all.
        with pytest.raises(AssertionError, match="no button"):
            chat.button("Telepon ke nomor HP")
        await chat.press("Hanya lewat saya")
        await chat.send("31-02-2026")
        assert "tidak dapat dibaca" in chat.text
        await chat.send((utcnow() + timedelta(days=3)).strftime("%d-%m-%Y"))
        assert "masa depan" in chat.text
        yesterday = utcnow() - timedelta(days=2)
        await chat.send(yesterday.strftime("%d/%m/%Y"))
        assert "Periksa kembali data pengaduan warga" in chat.text
        assert "No. HP: tidak diisi" in chat.text

    async def test_the_household_link_connects_the_households_own_chat(
        self,
        chat: ChatDriver,
        dialog_engine: DialogEngine,
        sessions: async_sessionmaker[AsyncSession],
    ) -> None:
        await bound(chat, sessions)
        ticket = await file_for_household(chat, reach="Telegram warga sendiri")
        link_text = chat.replies[-1].text
        assert f"https://t.me/{BOT}?start=hh_" in link_text
        payload = link_text.rsplit("?start=", 1)[1].strip()
        await chat.send(f"/start {payload}")
        assert "untuk warga, bukan untuk fasilitator" in chat.text
        household = ChatDriver(dialog_engine, chat_id="5551234")
        await household.send(f"/start {payload}")
        assert f"terhubung dengan pengaduan {ticket}" in household.text
        assert "Menunggu persetujuan" in household.text
        async with sessions() as session:
            complaint = (await session.execute(select(Complaint))).scalar_one()
        assert complaint.identity_id is not None


class TestChangingThePlace:
    """Another kelurahan is chosen by kecamatan, also when changed from the summary."""

    async def test_another_kelurahan_from_the_summary(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        await bound(chat, sessions)
        await start_filing(chat)
        for answer in ("Siti Aminah", "3271046501900001"):
            await chat.send(answer)
        await chat.press("Lewati")
        await chat.press("tidak punya HP")
        await chat.press("Kelurahan lain")
        await chat.press("Bogor Barat")
        await chat.press("Bubulak")
        assert "alamat lengkap" in chat.text
        await chat.send("Jl. Mawar No. 5, RT 02/RW 03")
        await chat.press("Keluarga Harapan")
        await chat.send(HOUSEHOLD_DESCRIPTION)
        await chat.press("Lewati")
        await chat.press("Hanya lewat saya")
        await chat.press("Kemarin")
        assert "Kelurahan: Bubulak" in chat.text
        await chat.press("✏️ Kelurahan")
        await chat.press("Kelurahan lain")
        assert "kecamatan mana" in chat.text
        await chat.press("Bogor Tengah")
        await chat.press("Paledang")
        assert "Kecamatan: Bogor Tengah" in chat.text and "Kelurahan: Paledang" in chat.text
        await chat.press("Kirim untuk persetujuan")
        async with sessions() as session:
            complaint = (await session.execute(select(Complaint))).scalar_one()
        assert complaint.kelurahan_code is not None and complaint.kelurahan_code.startswith(
            "32.71.03"
        )


class TestOwnCasesOnly:
    """A facilitator sees their own cases; another's ticket reveals nothing, however it is asked."""

    async def _two_facilitators(
        self,
        chat: ChatDriver,
        dialog_engine: DialogEngine,
        sessions: async_sessionmaker[AsyncSession],
    ) -> tuple[str, ChatDriver]:
        await bound(chat, sessions)
        mine = await file_for_household(chat)
        other = ChatDriver(dialog_engine, chat_id="5550777")
        await bound(other, sessions, name="Dewi Lestari")
        return mine, other

    async def test_my_cases_lists_status_and_deadline_and_opens_the_detail(
        self,
        chat: ChatDriver,
        dialog_engine: DialogEngine,
        sessions: async_sessionmaker[AsyncSession],
    ) -> None:
        ticket, _ = await self._two_facilitators(chat, dialog_engine, sessions)
        await chat.send("/menu")
        await chat.press("Pengaduan dampingan saya")
        assert f"{ticket}: Siti Aminah, Menunggu persetujuan" in chat.text
        await chat.press(ticket)
        assert (
            "Warga: Siti Aminah (Kel. Bubulak)" in chat.text
            and "Kabar ke warga lewat: fasilitator" in chat.text
        )

    @pytest.mark.parametrize("how", ["typed", "status", "deep link", "old button"])
    async def test_another_facilitators_ticket_is_not_found(
        self,
        chat: ChatDriver,
        dialog_engine: DialogEngine,
        sessions: async_sessionmaker[AsyncSession],
        how: str,
    ) -> None:
        ticket, other = await self._two_facilitators(chat, dialog_engine, sessions)
        if how == "typed":
            await other.send(ticket)
        elif how == "status":
            await other.send(f"/status {ticket}")
        elif how == "deep link":
            await other.send(f"/start status_{ticket.replace('-', '')}")
        else:
            await other.press_payload(f"g:fcase:{ticket}")
        assert "tidak ada di antara pengaduan dampingan Anda" in other.text
        assert "Siti Aminah" not in other.text and "NIK" not in other.text


class TestRelaysInTheChat:
    """'Sudah disampaikan' is recorded once, for the facilitator the news went to only."""

    async def test_confirming_from_the_list_and_refusing_anothers(
        self,
        chat: ChatDriver,
        dialog_engine: DialogEngine,
        sessions: async_sessionmaker[AsyncSession],
    ) -> None:
        await bound(chat, sessions)
        await file_for_household(chat)
        async with unit_of_work(sessions) as session:
            complaint = (await session.execute(select(Complaint))).scalar_one()
            await fire_event(session, complaint, "approve", Actor(ActorRole.SUPERVISOR))
        await chat.send("/menu")
        await chat.press("Kabar untuk disampaikan (1)")
        assert "Siti Aminah (Kel. Bubulak)" in chat.text and "Diterima" in chat.text
        other = ChatDriver(dialog_engine, chat_id="5550777")
        await bound(other, sessions, name="Dewi Lestari")
        async with sessions() as session:
            relay = (await session.execute(select(Relay))).scalar_one()
        await other.press_payload(f"g:relayed:{relay.id}")
        assert "tidak ditemukan di antara tugas Anda" in other.text
        await chat.press("Sudah disampaikan: Siti Aminah")
        assert "sudah disampaikan pada" in chat.text and "WIB" in chat.text
        await chat.press_payload(f"g:relayed:{relay.id}")
        assert "sudah tercatat disampaikan" in chat.text
        async with sessions() as session:
            stored = await session.get_one(Relay, relay.id)
        assert stored.confirmed_at is not None

    async def test_a_citizen_cannot_use_facilitator_buttons_or_flows(
        self, chat: ChatDriver
    ) -> None:
        await chat.press_payload("g:relayed:1")
        assert "hanya untuk fasilitator" in chat.text
        await chat.send("/menu")
        payload = chat.button("Buat pengaduan").payload.replace(
            ":menu:intake", ":menu:facilitator_intake"
        )
        await chat.press_payload(payload)
        assert "hanya untuk fasilitator" in chat.text and "Silakan pilih layanan" in chat.text


class TestDeactivation:
    """A facilitator deactivated in the middle of a filing loses the bot at the next message."""

    async def test_the_next_answer_ends_the_filing(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        person = await bound(chat, sessions)
        await start_filing(chat)
        async with unit_of_work(sessions) as session:
            facilitator = await session.get_one(Facilitator, person.facilitator_id)
            await set_facilitator_active(session, facilitator, False, ADMIN)
        await chat.send("Siti Aminah")
        assert "sudah tidak aktif" in chat.text
        await chat.send("/menu")
        assert "Silakan pilih layanan" in chat.text and "Menu fasilitator" not in chat.text
        await chat.send("/lapor")
        assert "Sebelum mulai: untuk menangani pengaduan" in chat.text  # the citizen's own intake


class TestEveryFacilitatorKeyExists:
    """Keys built from values (outcomes, ways of reaching a household) exist in both languages."""

    @pytest.mark.parametrize("language", LANGUAGES)
    def test_keys_made_from_values(self, language: str) -> None:
        keys = (
            [f"facilitator-invitation-{o.value}" for o in BindOutcome if o != BindOutcome.BOUND]
            + [f"household-link-{o.value}" for o in LinkOutcome]
            + [f"reach-{r.value}" for r in HouseholdReach]
            + [f"button-reach-{r.value}" for r in HouseholdReach]
            + [f"notify-relay-why-{r.value}" for r in HouseholdReach]
            + ["notify-relay-filing-approve", "notify-relay-filing-reject", "notify-relay-reminder"]
            + ["notify-button-relayed", "notify-facilitator-copy"]
        )
        assert [key for key in keys if not has_message(language, key)] == []
