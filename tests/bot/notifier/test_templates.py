"""Every status message, in both languages, as the citizen receives it in Telegram."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.actors import Actor, ActorRole
from backend.casefiles.models import Complaint
from backend.casefiles.models import ComplaintStatus as S
from backend.complaints.lifecycle import Outcome
from backend.complaints.messages import send_message_to_citizen
from backend.complaints.service import EventDetails
from backend.db import unit_of_work
from backend.security.crypto import Vault
from bot.telegram.client import TelegramClient
from tests.bot.notifier.conftest import (
    file_for_chat,
    make_notifier,
    staff_fires,
    wait_until_settled,
)
from tests.fixtures.factories import make_facilitator, make_staff
from tests.fixtures.local_bot_api import LocalBotApi


@dataclass(frozen=True)
class Case:
    """One event from one status, and what the citizen must read in each language."""

    start: S
    event: str
    details: EventDetails
    says_id: tuple[str, ...]
    says_en: tuple[str, ...]
    buttons: tuple[str, ...] = ()
    role: ActorRole = ActorRole.BACK_OFFICE


CASES = {
    "approve": Case(
        S.PENDING_APPROVAL,
        "approve",
        EventDetails(),
        ("Diterima", "sudah disetujui", "Perkiraan selesai:"),
        ("Received", "has been approved", "Expected completion:"),
        role=ActorRole.SUPERVISOR,
    ),
    "start_review": Case(
        S.RECEIVED,
        "start_review",
        EventDetails(note="Berkas lengkap."),
        ("Ditelaah", "sedang ditelaah", "Catatan petugas: Berkas lengkap.", "Perkiraan selesai:"),
        (
            "In review",
            "being reviewed",
            "Note from the officer: Berkas lengkap.",
            "Expected completion:",
        ),
    ),
    "request_info": Case(
        S.IN_REVIEW,
        "request_info",
        EventDetails(note="Mohon kirim foto KK terbaru."),
        ("Perlu Data Tambahan", "Mohon kirim foto KK terbaru.", "/jawab"),
        ("More information needed", "Mohon kirim foto KK terbaru.", "/jawab"),
        buttons=("g:answer:",),
    ),
    "provide_info": Case(
        S.NEEDS_INFO,
        "provide_info",
        EventDetails(),
        ("Ditelaah", "ditelaah kembali"),
        ("In review", "reviewed again"),
    ),
    "handle": Case(
        S.IN_REVIEW,
        "handle",
        EventDetails(),
        ("Ditangani", "sedang ditangani"),
        ("Being handled", "being handled"),
    ),
    "refer": Case(
        S.IN_REVIEW,
        "refer",
        EventDetails(agency="pkh"),
        ("Dirujuk", "Koordinator PKH Kota Bogor", "memantau"),
        ("Referred", "PKH coordinator, Kota Bogor", "keeps track"),
    ),
    "record_outcome_in_progress": Case(
        S.REFERRED,
        "record_outcome",
        EventDetails(outcome=Outcome.IN_PROGRESS),
        ("Ditangani", "menanggapi rujukan"),
        ("Being handled", "answered the referral"),
    ),
    "record_outcome_resolved": Case(
        S.REFERRED,
        "record_outcome",
        EventDetails(outcome=Outcome.RESOLVED, resolution="Bantuan cair bulan depan."),
        ("Selesai", "Bantuan cair bulan depan.", "banding dalam 14 hari"),
        ("Resolved", "Bantuan cair bulan depan.", "appeal within 14 days"),
        buttons=("g:rate:", "g:survey:", "g:appeal:"),
    ),
    "resolve": Case(
        S.IN_PROGRESS,
        "resolve",
        EventDetails(resolution="Data sudah diperbaiki di DTSEN."),
        ("Selesai", "Data sudah diperbaiki di DTSEN.", "Pilih 1 (buruk) sampai 5"),
        ("Resolved", "Data sudah diperbaiki di DTSEN.", "Choose 1 (poor) to 5"),
        buttons=("g:rate:", "g:survey:", "g:appeal:"),
    ),
    "close": Case(S.RESOLVED, "close", EventDetails(), ("Ditutup", "/lapor"), ("Closed", "/lapor")),
    "reject": Case(
        S.RECEIVED,
        "reject",
        EventDetails(reason="Bukan warga Kota Bogor."),
        ("Ditolak", "Bukan warga Kota Bogor.", "KTP dan KK"),
        ("Rejected", "Bukan warga Kota Bogor.", "KTP and KK"),
    ),
    "appeal": Case(
        S.RESOLVED,
        "appeal",
        EventDetails(reason="Bantuan belum juga cair."),
        ("Ditelaah", "Banding Anda"),
        ("In review", "your appeal"),
        role=ActorRole.FRONT_OFFICE,
    ),
}


async def _setup(
    sessions: async_sessionmaker[AsyncSession],
    vault: Vault,
    api: LocalBotApi,
    case: Case,
    language: str,
):
    facilitator = None
    if case.start == S.PENDING_APPROVAL:
        async with unit_of_work(sessions) as session:
            facilitator = await make_facilitator(session)
    return await file_for_chat(
        sessions,
        vault,
        api,
        status=None if facilitator else case.start,
        language=language,
        facilitator=facilitator,
    )


class TestEveryStatusMessage:
    """Each public event reaches the citizen's chat in their language, naming the ticket."""

    @pytest.mark.parametrize("language", ["id", "en"])
    @pytest.mark.parametrize("name", list(CASES))
    async def test_the_citizen_reads_the_status_message(
        self,
        name: str,
        language: str,
        sessions,
        vault,
        local_api: LocalBotApi,
        telegram_client: TelegramClient,
    ) -> None:
        case = CASES[name]
        household = await _setup(sessions, vault, local_api, case, language)
        await staff_fires(sessions, household, case.event, case.details, role=case.role)
        await wait_until_settled(make_notifier(sessions, telegram_client), sessions)

        [message] = local_api.messages(household.chat_id)
        assert household.ticket in message.text
        for phrase in case.says_id if language == "id" else case.says_en:
            assert phrase in message.text, f"{phrase!r} missing from {message.text!r}"
        payloads = [payload or "" for _, payload in message.buttons]
        assert f"g:status:{household.ticket}" in payloads
        for prefix in case.buttons:
            assert any(payload.startswith(prefix + household.ticket) for payload in payloads), (
                payloads
            )
        if "g:rate:" in case.buttons:
            scores = [
                payload.rsplit(":", 1)[1] for payload in payloads if payload.startswith("g:rate:")
            ]
            assert scores == ["1", "2", "3", "4", "5"]


class TestStaffMessage:
    """A staff message is relayed verbatim, with the ticket, in the chat's language."""

    @pytest.mark.parametrize("language", ["id", "en"])
    async def test_the_text_arrives_as_written(
        self,
        language: str,
        sessions,
        vault,
        local_api: LocalBotApi,
        telegram_client: TelegramClient,
    ) -> None:
        household = await file_for_chat(
            sessions, vault, local_api, status=S.IN_REVIEW, language=language
        )
        text = "Ibu Siti, <b>jadwal</b> verifikasi ke rumah: Senin & Selasa.\nMohon siapkan KK."
        async with unit_of_work(sessions) as session:
            staff = await make_staff(session)
            complaint = await session.get_one(Complaint, household.complaint_id)
            await send_message_to_citizen(
                session, complaint, Actor(ActorRole.BACK_OFFICE, staff_id=staff.id), text
            )
        await wait_until_settled(make_notifier(sessions, telegram_client), sessions)

        [message] = local_api.messages(household.chat_id)
        assert text in message.text
        assert household.ticket in message.text
        heading = (
            "Pesan dari petugas" if language == "id" else "A message from the Social Affairs Office"
        )
        assert heading in message.text
