"""Rating a finished complaint with the stars of its resolution message (g:rate:<ticket>:<n>)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.actors import Actor, ActorRole
from backend.audit.models import AuditRecord
from backend.casefiles.models import Complaint
from backend.citizens.models import Channel, ChannelIdentity, Citizen
from backend.clock import utcnow
from backend.complaints.service import EventDetails, fire_event, register_complaint
from backend.security.crypto import Vault
from dialogs.engine import DialogEngine, DialogServices
from tests.fixtures.chat import ChatDriver
from tests.fixtures.factories import category, make_citizen, make_identity, make_staff

RESOLVED = ("start_review", "handle", "resolve")
RESOLUTION = "Bantuan PKH sudah cair pada 1 Desember 2026."
OTHER_CHAT = "4440001"


async def complaint_of_chat(
    sessions: async_sessionmaker[AsyncSession],
    vault: Vault,
    chat_id: str,
    *,
    through: Sequence[str] = RESOLVED,
    at: datetime | None = None,
) -> str:
    """A complaint filed from `chat_id`, moved by back-office staff through `through`; its ticket."""
    at = at or utcnow()
    async with sessions() as session:
        identity = await session.scalar(
            select(ChannelIdentity).where(
                ChannelIdentity.channel == Channel.TELEGRAM, ChannelIdentity.chat_id == chat_id
            )
        )
        if identity is None:
            identity = await make_identity(session, await make_citizen(session, vault), chat_id)
        citizen = await session.get_one(Citizen, identity.citizen_id)
        complaint = await register_complaint(
            session, citizen=citizen, category=await category(session),
            description="Bantuan PKH tidak cair sejak tiga bulan.", channel=Channel.TELEGRAM,
            actor=Actor(ActorRole.CITIZEN, citizen_id=citizen.id), identity=identity, now=at,
        )  # fmt: skip
        staff = Actor(ActorRole.BACK_OFFICE, staff_id=(await make_staff(session)).id)
        for event in through:
            details = EventDetails(resolution=RESOLUTION) if event == "resolve" else None
            await fire_event(session, complaint, event, staff, details, now=at)
        await session.commit()
        return complaint.ticket


async def complaint(sessions: async_sessionmaker[AsyncSession], ticket: str) -> Complaint:
    """The complaint as the database has it now."""
    async with sessions() as session:
        return (
            await session.execute(select(Complaint).where(Complaint.ticket == ticket))
        ).scalar_one()


async def audit_of(sessions: async_sessionmaker[AsyncSession], action: str) -> list[AuditRecord]:
    """The audit records of one action, oldest first."""
    async with sessions() as session:
        statement = select(AuditRecord).where(AuditRecord.action == action).order_by(AuditRecord.id)
        return list(await session.scalars(statement))


class TestRatingAFinishedComplaint:
    """A star under the resolution message stores the rating, audits it and thanks the citizen."""

    @pytest.mark.parametrize("score", [1, 2, 3, 4, 5])
    async def test_each_score_is_stored_with_its_time_and_audited(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault, score: int
    ) -> None:
        ticket = await complaint_of_chat(sessions, vault, chat.chat_id)
        before = utcnow()
        await chat.press_payload(f"g:rate:{ticket}:{score}")
        assert "Terima kasih atas penilaian Anda" in chat.text and f"{score} dari 5" in chat.text
        rated = await complaint(sessions, ticket)
        assert rated.citizen_rating == score
        assert rated.rated_at is not None and rated.rated_at >= before
        [record] = await audit_of(sessions, "complaint.rate")
        assert (record.actor_role, record.actor_id) == ("citizen", str(rated.citizen_id))
        assert (record.object_id, record.detail) == (ticket, {"score": score, "previous": None})

    async def test_a_closed_complaint_can_be_rated_too(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_of_chat(
            sessions, vault, chat.chat_id, through=(*RESOLVED, "close")
        )
        await chat.press_payload(f"g:rate:{ticket}:4")
        assert (await complaint(sessions, ticket)).citizen_rating == 4

    async def test_a_second_press_changes_the_rating_and_says_so(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_of_chat(sessions, vault, chat.chat_id)
        await chat.press_payload(f"g:rate:{ticket}:2")
        await chat.press_payload(f"g:rate:{ticket}:5")
        assert "sudah kami ubah menjadi 5 dari 5" in chat.text
        assert (await complaint(sessions, ticket)).citizen_rating == 5
        records = await audit_of(sessions, "complaint.rate")
        assert [record.detail for record in records] == [
            {"score": 2, "previous": None},
            {"score": 5, "previous": 2},
        ]

    async def test_the_same_star_twice_thanks_again_without_a_second_audit(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_of_chat(sessions, vault, chat.chat_id)
        await chat.press_payload(f"g:rate:{ticket}:3")
        await chat.press_payload(f"g:rate:{ticket}:3")
        assert "Terima kasih atas penilaian Anda" in chat.text
        assert len(await audit_of(sessions, "complaint.rate")) == 1

    async def test_the_thanks_are_in_the_chats_language(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_of_chat(sessions, vault, chat.chat_id)
        await chat.send("/bahasa")
        await chat.press("English")
        await chat.press_payload(f"g:rate:{ticket}:5")
        assert "Thank you for your rating: 5 out of 5" in chat.text

    async def test_outside_any_flow_only_the_thanks_are_sent(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_of_chat(sessions, vault, chat.chat_id)
        replies = await chat.press_payload(f"g:rate:{ticket}:4")
        assert len(replies) == 1 and "Terima kasih atas penilaian Anda" in replies[0].text
        # No question, but no dead end either: the survey's invitation sits under the thanks
        # (once the survey is answered, the menu's buttons do: tests/dialogs/test_survey.py).
        assert replies[0].buttons[0][0].payload == f"g:survey:{ticket}"


class TestABadRatingChangesNothing:
    """Another chat's ticket, an open complaint, a score outside 1-5 or garbage: a kind word, no write."""

    async def _nothing_rated(self, sessions: async_sessionmaker[AsyncSession], ticket: str) -> None:
        rated = await complaint(sessions, ticket)
        assert (rated.citizen_rating, rated.rated_at) == (None, None)
        assert await audit_of(sessions, "complaint.rate") == []

    async def test_another_chats_ticket_is_treated_as_unknown(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_of_chat(sessions, vault, OTHER_CHAT)
        await chat.press_payload(f"g:rate:{ticket}:5")
        assert "tidak kami temukan di chat ini" in chat.text
        await self._nothing_rated(sessions, ticket)

    async def test_an_open_complaint_cannot_be_rated_yet(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_of_chat(sessions, vault, chat.chat_id, through=("start_review",))
        await chat.press_payload(f"g:rate:{ticket}:5")
        assert f"Pengaduan {ticket} berstatus Ditelaah" in chat.text
        await self._nothing_rated(sessions, ticket)

    @pytest.mark.parametrize("score", ["9", "0", "-1", "x", "", "٣"])
    async def test_a_score_outside_one_to_five(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault, score: str
    ) -> None:
        ticket = await complaint_of_chat(sessions, vault, chat.chat_id)
        await chat.press_payload(f"g:rate:{ticket}:{score}")
        assert "penilaian itu tidak dapat kami baca" in chat.text
        await self._nothing_rated(sessions, ticket)

    @pytest.mark.parametrize(
        "payload", ["g:rate:garbage", "g:rate:", "g:rate", "g:rate::5", "g:rate:261128-001X:5"]
    )
    async def test_a_garbage_payload(
        self,
        chat: ChatDriver,
        sessions: async_sessionmaker[AsyncSession],
        vault: Vault,
        payload: str,
    ) -> None:
        ticket = await complaint_of_chat(sessions, vault, chat.chat_id)
        await chat.press_payload(payload)
        assert "penilaian itu tidak dapat kami baca" in chat.text
        await self._nothing_rated(sessions, ticket)

    async def test_an_unknown_ticket(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_of_chat(sessions, vault, chat.chat_id)
        await chat.press_payload("g:rate:261128-001T:5")
        assert "tidak kami temukan di chat ini" in chat.text
        await self._nothing_rated(sessions, ticket)


class TestRatingInTheMiddleOfAFlow:
    """A star pressed while filing is stored, then the filing goes on at the same question."""

    async def test_the_intake_question_is_asked_again(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_of_chat(sessions, vault, chat.chat_id)
        await chat.send("/lapor")
        await chat.press("Setuju")
        await chat.press("diri sendiri")
        assert "Ketik nama lengkap Anda" in chat.text
        await chat.press_payload(f"g:rate:{ticket}:4")
        assert "Terima kasih atas penilaian Anda" in chat.replies[0].text
        assert "Ketik nama lengkap Anda" in chat.replies[-1].text
        await chat.send("Siti Aminah")
        assert "Ketik NIK" in chat.text
        assert (await complaint(sessions, ticket)).citizen_rating == 4

    async def test_a_refused_rating_also_returns_to_the_question(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        await chat.send("/lapor")
        await chat.press("Setuju")
        await chat.press_payload("g:rate:261128-001T:9")
        assert "tidak kami temukan" in chat.replies[0].text
        assert "untuk siapa" in chat.replies[-1].text
        await chat.press("diri sendiri")
        assert "Ketik nama lengkap Anda" in chat.text

    async def test_while_the_resume_question_waits_it_is_asked_again(
        self, sessions: async_sessionmaker[AsyncSession], vault: Vault, services: DialogServices
    ) -> None:
        start = utcnow()
        moments = iter([start, start + timedelta(days=2), start + timedelta(days=2, minutes=1)])
        now = next(moments)
        chat = ChatDriver(DialogEngine(sessions, services, clock=lambda: now))
        ticket = await complaint_of_chat(sessions, vault, chat.chat_id)
        await chat.send("/lapor")
        now = next(moments)
        await chat.send("halo")
        assert "sejak kemarin" in chat.text
        now = next(moments)
        await chat.press_payload(f"g:rate:{ticket}:5")
        assert "Terima kasih" in chat.replies[0].text and "sejak kemarin" in chat.replies[-1].text
        await chat.press("Lanjutkan")
        assert "Apakah Anda setuju?" in chat.text
