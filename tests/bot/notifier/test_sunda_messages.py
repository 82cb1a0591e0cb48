"""Status messages in Basa Sunda, as a chat that chose it receives them in Telegram."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.casefiles.models import Complaint
from backend.casefiles.models import ComplaintStatus as S
from backend.complaints.service import EventDetails
from backend.security.crypto import Vault
from bot.telegram.client import TelegramClient
from dialogs.i18n import format_day
from tests.bot.notifier.conftest import (
    file_for_chat,
    make_notifier,
    staff_fires,
    wait_until_settled,
)
from tests.fixtures.local_bot_api import LocalBotApi

# event, starting status, details, what the Sunda reader must see, button payload prefixes.
CASES = {
    "start_review": (S.RECEIVED, EventDetails(note="Berkas lengkap."),
                     ("Dipariksa", "nuju dipariksa", "Cathetan patugas: Berkas lengkap.",
                      "Kinten-kinten réngsé:"), ()),
    "request_info": (S.IN_REVIEW, EventDetails(note="Mohon kirim foto KK terbaru."),
                     ("Peryogi Data Tambahan", "Patugas meryogikeun data tambahan",
                      "Mohon kirim foto KK terbaru.", "/jawab"), ("g:answer:",)),
    "refer": (S.IN_REVIEW, EventDetails(agency="pkh"),
              ("Dirujuk", "Koordinator PKH Kota Bogor", "Dinas Sosial ngawaskeun"), ()),
    "resolve": (S.IN_PROGRESS, EventDetails(resolution="Data sudah diperbaiki di DTSEN."),
                ("Réngsé", "Data sudah diperbaiki di DTSEN.", "banding dina 14 dinten",
                 "Pilih 1 (awon) dugi ka 5 (saé pisan)"), ("g:rate:", "g:appeal:")),
    "reject": (S.RECEIVED, EventDetails(reason="Bukan warga Kota Bogor."),
               ("Ditolak", "Bukan warga Kota Bogor.", "bari nyandak KTP sareng KK"), ()),
}  # fmt: skip


class TestStatusMessagesInSundanese:
    """The chat's language is su: each message is Sundanese, the staff's own words as written."""

    @pytest.mark.parametrize("name", list(CASES))
    async def test_the_citizen_reads_it_in_sundanese(
        self,
        name: str,
        sessions: async_sessionmaker[AsyncSession],
        vault: Vault,
        local_api: LocalBotApi,
        telegram_client: TelegramClient,
    ) -> None:
        start, details, says, buttons = CASES[name]
        household = await file_for_chat(sessions, vault, local_api, status=start, language="su")
        await staff_fires(sessions, household, name, details)
        await wait_until_settled(make_notifier(sessions, telegram_client), sessions)

        [message] = local_api.messages(household.chat_id)
        assert f"📋 Tikét {household.ticket}" in message.text
        for phrase in says:
            assert phrase in message.text, f"{phrase!r} missing from {message.text!r}"
        labels = [label for label, _ in message.buttons]
        payloads = [payload or "" for _, payload in message.buttons]
        assert "🔎 Tingali status" in labels
        for prefix in buttons:
            assert any(payload.startswith(prefix + household.ticket) for payload in payloads)

    async def test_the_expected_date_has_sundanese_months(
        self,
        sessions: async_sessionmaker[AsyncSession],
        vault: Vault,
        local_api: LocalBotApi,
        telegram_client: TelegramClient,
    ) -> None:
        household = await file_for_chat(
            sessions, vault, local_api, status=S.RECEIVED, language="su"
        )
        await staff_fires(sessions, household, "start_review")
        await wait_until_settled(make_notifier(sessions, telegram_client), sessions)
        async with sessions() as session:
            complaint = await session.get_one(Complaint, household.complaint_id)
        [message] = local_api.messages(household.chat_id)
        due = format_day("su", complaint.expected_completion_on)
        assert f"Kinten-kinten réngsé: {due}" in message.text
