"""Issue 14, personal data that never leaks: a NIK or KK typed anywhere is kept nowhere in clear.

One scenario on a database of its own files complaints through every way in: Telegram with
python-telegram-bot and with aiogram (the local Bot API server), the web chat (its HTTP
API), the panel's walk-in form, a facilitator's filing in the bot and another system's
Open311 POST (its news then emailed). Identity numbers in
every spelling go into every field a person can type into: the name, the NIK and KK
answers, the phone, the address, the description, an attachment's file name and caption,
the Telegram display name, an answer to a staff question, an appeal, and staff's notes,
messages, questions, resolution, referral answer and rejection reason in the panel.

Then every column of every table, every log record (the root logger at DEBUG while the
scenario runs) and every file under FILES_DIR is searched for those numbers (tests/privacy/
scanner.py). Any hit fails the test with its place and a masked excerpt.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.app import create_app
from backend.casefiles.models import Complaint
from backend.citizens.models import Channel
from backend.config import Settings
from backend.db import Base, create_engine
from backend.staff.models import Role
from bot.notifier.delivery import TelegramDeliverer
from bot.notifier.notifier import Notifier
from bot.notifier.open311_email import Open311EmailDeliverer
from bot.notifier.pacing import Pacer
from bot.telegram.runtime import create_client
from bot.web.channel import WebChatDeliverer
from tests.backend.open311.helpers import filing_form, issue_test_key
from tests.backend.panel.helpers import PanelUser, sign_in_to_panel
from tests.backend.panel.world import walk_in_form
from tests.bot.conftest import TOKEN, TelegramUser, bot_settings, free_port, run_service
from tests.bot.notifier.conftest import FAST, wait_until_settled
from tests.bot.web.conftest import WebUser
from tests.fixtures.facilitator_helpers import invited
from tests.fixtures.factories import BUBULAK
from tests.fixtures.local_bot_api import LocalBotApi
from tests.fixtures.upload_files import image_of
from tests.fixtures.waiting import eventually
from tests.privacy.scanner import Findings, report, scan_database, scan_files, scanning_logs

# Made-up numbers of Kota Bogor, in the spellings people use.
NIK_PLAIN = "3271046501900001"
NIK_SPACED = "3271 0465 0190 0002"
NIK_HYPHENS = "3271-0465-0190-0003"
NIK_DOTS = "3271.0465.0190.0004"
NIK_MIXED = "3271 0465-0190.0005"
# A KK typed in free text (its issue date is no date, so the KK question would refuse it) ...
KK_IN_TEXT = "3271 0112 3456 0006"
# ... and one the KK question takes.
KK = "3271 0112 0315 0007"
NUMBERS = (NIK_PLAIN, NIK_SPACED, NIK_HYPHENS, NIK_DOTS, NIK_MIXED, KK_IN_TEXT, KK)
JPEG = image_of("JPEG")


@dataclass(frozen=True)
class Person:
    """What one person types: a NIK for the NIK question, numbers in every free-text answer."""

    nik: str
    phone: str
    refused_name: str
    refused_phone: str
    address: str
    description: str
    file_name: str
    display_name: str
    answer: str
    appeal: str


def person(nik: str, phone: str, a: str, b: str, c: str) -> Person:
    """A person whose free-text answers carry the spellings a, b and c (and the KK)."""
    compact = a.replace(" ", "").replace("-", "").replace(".", "")
    return Person(
        nik=nik, phone=phone, refused_name=f"Siti {a}", refused_phone=b,
        address=f"Jl. Mawar No. 5 RT 02/RW 03, sesuai KTP {c}",
        description=f"Bantuan PKH tidak cair sejak Agustus. NIK saya {a}, KK {KK_IN_TEXT}.",
        file_name=f"KTP {compact}.jpg", display_name=f"Siti {c}",
        answer=f"Ini NIK saya {b} dan KK {KK_IN_TEXT}, mohon dicek.",
        appeal=f"Bantuan belum juga cair untuk NIK {c}, mohon dicek lagi.",
    )  # fmt: skip


BY_PTB = person(NIK_PLAIN, "0812 3456 7801", NIK_SPACED, NIK_HYPHENS, NIK_DOTS)
BY_AIOGRAM = person(NIK_SPACED, "0812 3456 7802", NIK_HYPHENS, NIK_DOTS, NIK_MIXED)
BY_WEB = person(NIK_HYPHENS, "0812 3456 7803", NIK_DOTS, NIK_MIXED, NIK_PLAIN)
BY_FACILITATOR = person(NIK_MIXED, "0812 3456 7804", NIK_PLAIN, NIK_SPACED, NIK_DOTS)
AT_THE_DESK = person(NIK_DOTS, "0812 3456 7805", NIK_MIXED, NIK_PLAIN, NIK_SPACED)
AGAIN_ON_THE_WEB = person(NIK_PLAIN, "0812 3456 7806", NIK_MIXED, NIK_SPACED, NIK_HYPHENS)
THROUGH_OPEN311 = person(NIK_HYPHENS, "0812 3456 7807", NIK_PLAIN, NIK_DOTS, NIK_MIXED)

# What staff write in the panel.
REVIEW_NOTE = f"Kami periksa di DTKS dengan NIK {NIK_SPACED}."
REVIEW_INTERNAL = f"KK {KK_IN_TEXT} perlu dicek ulang."
INTERNAL_NOTE = f"NIK warga {NIK_HYPHENS} sudah dikonfirmasi RT."
MESSAGE = f"Mohon bawa KTP {NIK_DOTS} ke kantor SLRT."
QUESTION = f"Apakah NIK Anda {NIK_MIXED}? Mohon kirim foto KK."
HANDLING_NOTE = f"Ditangani, NIK {NIK_PLAIN}."
RESOLUTION = f"Bantuan untuk NIK {NIK_PLAIN} sudah cair."
REFERRAL_NOTE = f"Diteruskan ke PKH: NIK {NIK_SPACED}."
AGENCY_ANSWER = f"PKH: NIK {NIK_HYPHENS} sudah terdaftar, KK {KK_IN_TEXT}."
OUTCOME_NOTE = f"Menunggu pencairan untuk NIK {NIK_DOTS}."
APPROVAL_NOTE = f"Disetujui, NIK {NIK_MIXED} sudah dicek."
REJECTION = f"Bukan kewenangan SLRT untuk KK {KK_IN_TEXT}."
FACILITATOR_CHAT, PTB_CHAT, AIOGRAM_CHAT = 7700101, 5550101, 5550102


@dataclass
class TelegramPerson(TelegramUser):
    """A person in Telegram whose display name (first_name) is what they chose."""

    first_name: str = "Siti"

    async def say(self, text: str, expect: str) -> str:
        before = self._last_id()
        self.api.send_text(self.user_id, text, first_name=self.first_name)
        return await self._expect(before, expect)

    async def attach(self, file_name: str) -> None:
        before = self._last_id()
        self.api.send_document(
            self.user_id, JPEG, file_name, mime_type="image/jpeg", caption=f"KK {KK_IN_TEXT}"
        )
        await self._expect(before, "Sudah diterima: 1")


class WebPerson(WebUser):
    """A person in the web chat page who can attach a file."""

    async def attach(self, file_name: str) -> None:
        response = await self.client.post(
            f"/chat/api/files?after={self.last_id}",
            data={"id": uuid.uuid4().hex},
            files={"file": (file_name, JPEG, "image/jpeg")},
        )
        assert any("Sudah diterima: 1" in m["text"] for m in self._took(response))


Chat = TelegramPerson | WebPerson


def said(answer: str | list[dict[str, Any]], phrase: str) -> str:
    """The bot's message holding `phrase` (Telegram answers a text, the web chat messages)."""
    if isinstance(answer, str):
        return answer
    return next(m["text"] for m in answer if phrase in m["text"])


def ticket_in(text: str) -> str:
    return text.split("Nomor tiket: ", 1)[1].split("\n", 1)[0].strip()


async def citizen_files(chat: Chat, who: Person, *, submit: bool = True) -> str:
    """The citizen's intake with a number in every answer; returns the ticket.

    Without `submit` it stops at the summary: the answers stay in the conversation's state.
    """
    await chat.say("/lapor", "Sebelum mulai")
    await chat.press("Setuju", "untuk siapa")
    await chat.press("diri sendiri", "nama lengkap")
    await chat.say(who.refused_name, "Nama hanya boleh")
    await chat.say("Siti Aminah", "Ketik NIK")
    await chat.say(who.nik, "nomor KK")
    await chat.say(KK, "nomor HP")
    await chat.say(who.refused_phone, "Nomor HP tidak valid")
    await chat.say(who.phone, "kecamatan")
    await chat.press("Bogor Barat", "Pilih kelurahan")
    await chat.press("Bubulak", "alamat lengkap")
    await chat.say(who.address, "tentang apa")
    await chat.press("Keluarga Harapan", "Ceritakan masalahnya")
    await chat.say(who.description, "foto atau dokumen")
    await chat.attach(who.file_name)
    await chat.press("Selesai", "Periksa kembali")
    if not submit:
        return ""
    return ticket_in(said(await chat.press("Kirim pengaduan", "Nomor tiket"), "Nomor tiket"))


async def facilitator_files(api: LocalBotApi, sessions: async_sessionmaker[AsyncSession]) -> str:
    """A facilitator binds their chat and files for a household; returns the ticket."""
    who = BY_FACILITATOR
    invitation = await invited(sessions, name="Rina Marlina")
    chat = TelegramPerson(api, FACILITATOR_CHAT, first_name=f"Rina {NIK_HYPHENS}")
    await chat.say(invitation.start, "Selamat bergabung, Rina Marlina")
    await api.wait_for_message(FACILITATOR_CHAT, "Menu fasilitator")
    await chat.press("Ajukan pengaduan untuk warga", "atas nama warga")
    await chat.press("Warga setuju", "nama lengkap anggota rumah tangga")
    await chat.say(who.refused_name, "Nama hanya boleh")
    await chat.say("Siti Aminah", "NIK anggota rumah tangga")
    await chat.say(who.nik, "nomor KK")
    await chat.say(KK, "nomor HP warga")
    # Refused; the buttons to press next are those of the question asked again.
    await chat.say(who.refused_phone, "Ketik nomor HP warga")
    await chat.press("tidak punya HP", "kelurahan mana")
    await chat.press("Bubulak", "alamat lengkap")
    await chat.say(who.address, "tentang apa")
    await chat.press("Keluarga Harapan", "Ceritakan masalah warga")
    await chat.say(who.description, "foto atau dokumen")
    await chat.attach(who.file_name)
    await chat.press("Selesai", "menerima kabar")
    await chat.press("Hanya lewat saya", "Kapan Anda mengunjungi")
    await chat.say(NIK_SPACED, "Kapan Anda mengunjungi")  # typed as the date: refused
    await chat.press("Hari ini", "Periksa kembali data pengaduan warga")
    return ticket_in(await chat.press("Kirim untuk persetujuan", "Nomor tiket"))


async def walk_in(clerk: PanelUser) -> str:
    """The front desk's form: refused once (numbers in the name and phone), then registered."""
    who = AT_THE_DESK
    refused = walk_in_form(full_name=who.refused_name, phone=who.refused_phone, nik=who.nik)
    assert (await clerk.post("/panel/walk-in", refused)).status_code == 422
    form = walk_in_form(
        full_name="Ujang Suherman", nik=who.nik, kk=KK, phone=who.phone,
        kelurahan=BUBULAK, address=who.address, description=who.description,
    )  # fmt: skip
    response = await clerk.post("/panel/walk-in", form)
    assert response.status_code == 303, response.text
    return response.headers["location"].split("/panel/complaints/", 1)[1].split("?", 1)[0]


async def open311_files(
    client: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession]
) -> str:
    """Another system's POST: refused once (a number in the name), then filed, numbers in its text."""
    who = THROUGH_OPEN311
    key = (await issue_test_key(sessions)).key
    refused = filing_form(key, first_name=who.refused_name, phone=who.refused_phone)
    assert (await client.post("/open311/v2/requests.json", data=refused)).status_code == 400
    form = filing_form(
        key, phone=who.phone, address_string=who.address, description=who.description,
        email=f"siti.{NIK_PLAIN}@contoh.example", account_id=who.nik,
        **{"attribute[nik]": who.nik, "attribute[kk]": KK},
    )  # fmt: skip
    response = await client.post("/open311/v2/requests.json", data=form)
    assert response.status_code == 200, response.text
    return str(response.json()[0]["service_request_id"])


async def act(staff: PanelUser, ticket: str, form: str, data: dict[str, str]) -> None:
    """One of the complaint page's forms, which must be taken."""
    response = await staff.post(f"/panel/complaints/{ticket}/{form}", data)
    assert response.status_code == 303, (form, data, response.text[-3000:])


async def staff_ask(worker: PanelUser, ticket: str) -> None:
    """Review with notes, an internal note, a message, and a question for the citizen."""
    await act(worker, ticket, "events",
              {"event": "start_review", "note": REVIEW_NOTE, "internal_note": REVIEW_INTERNAL})  # fmt: skip
    await act(worker, ticket, "notes", {"text": INTERNAL_NOTE})
    await act(worker, ticket, "messages", {"text": MESSAGE})
    await act(worker, ticket, "events", {"event": "request_info", "note": QUESTION})


async def staff_resolve(worker: PanelUser, ticket: str) -> None:
    await act(worker, ticket, "events", {"event": "handle", "note": HANDLING_NOTE})
    await act(worker, ticket, "events", {"event": "resolve", "resolution": RESOLUTION})


async def staff_refer(worker: PanelUser, ticket: str) -> None:
    await act(worker, ticket, "events", {"event": "refer", "agency": "pkh", "note": REFERRAL_NOTE})
    await act(worker, ticket, "referral-answer",
              {"answer": AGENCY_ANSWER, "outcome": "in_progress", "note": OUTCOME_NOTE})  # fmt: skip


async def citizen_answers(chat: Chat, who: Person) -> None:
    await chat.say(who.answer, "Diterima (1)")
    await chat.press("Selesai", "sudah kami teruskan")


async def citizen_appeals(chat: Chat, who: Person) -> None:
    await chat.say("/banding", "Banding untuk pengaduan")
    await chat.say(who.appeal, "Periksa kembali banding")
    await chat.press("Kirim banding", "sudah kami terima")


@asynccontextmanager
async def telegram_bot(
    framework: str, api: LocalBotApi, database_url: str, app: FastAPI, tmp_path: Path
) -> AsyncIterator[Callable[[], Awaitable[None]]]:
    """The bot of `framework` polling the local server; yields `settle`, which runs a notifier
    (the same library's client, and the web chat) until the outbox is empty."""
    sessions = app.state.sessions
    settings = bot_settings(database_url, api, tmp_path, framework, "polling", free_port())

    def announced() -> int:
        return sum(call.method == "setMyCommands" for call in api.calls)

    before = announced()
    async with asynccontextmanager(run_service)(settings, sessions):
        await eventually(lambda: announced() > before)
        client = create_client(settings)
        await client.start()
        deliverers = {
            Channel.TELEGRAM: TelegramDeliverer(client, Pacer(1000.0, 0.0)),
            Channel.WEB: WebChatDeliverer(sessions, app.state.webchat_hub),
            Channel.OPEN311: Open311EmailDeliverer(sessions),
        }
        notifier = Notifier(sessions, deliverers, FAST)
        try:
            yield lambda: wait_until_settled(notifier, sessions)
        finally:
            await client.close()


async def file_through_every_channel(
    database_url: str, settings: Settings, sessions: async_sessionmaker[AsyncSession],
    tmp_path: Path,
) -> None:  # fmt: skip
    """The scenario: every way in, every field, each staff action that takes text."""
    app = create_app(settings, sessions)
    transport = httpx.ASGITransport(app=app)
    try:
        async with (
            LocalBotApi(token=TOKEN, limits_enabled=False, webhook_retry_delay=0.2) as api,
            httpx.AsyncClient(transport=transport, base_url="http://testserver") as browser,
            httpx.AsyncClient(transport=transport, base_url="http://testserver") as another,
        ):
            worker = await sign_in_to_panel(app, sessions, Role.BACK_OFFICE)
            supervisor = await sign_in_to_panel(app, sessions, Role.SUPERVISOR)
            clerk = await sign_in_to_panel(app, sessions, Role.FRONT_OFFICE)
            web = WebPerson(browser)
            assert (await web.open()).status_code == 200
            ptb_chat = TelegramPerson(api, PTB_CHAT, first_name=BY_PTB.display_name)
            aiogram_chat = TelegramPerson(api, AIOGRAM_CHAT, first_name=BY_AIOGRAM.display_name)

            async with telegram_bot("ptb", api, database_url, app, tmp_path) as settle:
                by_ptb = await citizen_files(ptb_chat, BY_PTB)
                by_web = await citizen_files(web, BY_WEB)
                at_desk = await walk_in(clerk)
                by_open311 = await open311_files(another, sessions)
                await staff_ask(worker, by_open311)
                for ticket in (by_ptb, by_web):
                    await staff_ask(worker, ticket)
                await settle()
                await citizen_answers(ptb_chat, BY_PTB)
                await citizen_answers(web, BY_WEB)
                for ticket in (by_ptb, by_web):
                    await staff_resolve(worker, ticket)
                await settle()
                await citizen_appeals(ptb_chat, BY_PTB)
                await citizen_appeals(web, BY_WEB)
                await staff_refer(worker, by_ptb)
                await act(worker, at_desk, "events", {"event": "reject", "reason": REJECTION})
                await settle()

            async with telegram_bot("aiogram", api, database_url, app, tmp_path) as settle:
                by_aiogram = await citizen_files(aiogram_chat, BY_AIOGRAM)
                assisted = await facilitator_files(api, sessions)
                await staff_ask(worker, by_aiogram)
                await act(
                    supervisor, assisted, "events", {"event": "approve", "note": APPROVAL_NOTE}
                )
                await settle()
                await citizen_answers(aiogram_chat, BY_AIOGRAM)
                await act(worker, by_aiogram, "events", {"event": "reject", "reason": REJECTION})
                await settle()
            # A complaint left at its summary (in another browser: the web chat limits how
            # fast one chat sends), so a conversation in progress is scanned too.
            again = WebPerson(another)
            assert (await again.open()).status_code == 200
            await citizen_files(again, AGAIN_ON_THE_WEB, submit=False)

            for user in (worker, supervisor, clerk):
                await user.client.aclose()
        async with sessions() as session:
            filed = {
                ticket: (channel, facilitator_id)
                for ticket, channel, facilitator_id in await session.execute(
                    select(Complaint.ticket, Complaint.channel, Complaint.facilitator_id)
                )
            }
        # Every way in filed its complaint (so the scan below has something to find).
        assert filed[by_ptb][0] == filed[by_aiogram][0] == Channel.TELEGRAM
        assert filed[by_web][0] == Channel.WEB and filed[at_desk][0] == Channel.WALK_IN
        assert filed[by_open311][0] == Channel.OPEN311
        assert filed[assisted][1] is not None
    finally:
        await app.state.engine.dispose()


async def test_no_nik_or_kk_is_stored_or_logged_in_clear(
    database_url: str, settings: Settings, sessions: async_sessionmaker[AsyncSession],
    tmp_path: Path,
) -> None:  # fmt: skip
    started = time.monotonic()
    with scanning_logs(NUMBERS) as logs:
        await file_through_every_channel(database_url, settings, sessions, tmp_path)
    scenario_seconds = time.monotonic() - started

    engine = create_engine(database_url)
    try:
        stored = await scan_database(engine, NUMBERS)
    finally:
        await engine.dispose()
    findings = Findings()
    for part in (stored, logs.findings, scan_files(settings.files_dir, NUMBERS)):
        findings.extend(part)

    # The scan read every table the models declare, the logs and the stored files.
    assert set(Base.metadata.tables) <= stored.places_read
    assert logs.findings.values_read > 0
    assert any(place.startswith("file ") for place in findings.places_read)
    print(f"scenario {scenario_seconds:.1f} s; {findings.values_read} values read")
    if findings.found:
        pytest.fail(report(findings.found), pytrace=False)
