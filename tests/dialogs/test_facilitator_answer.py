"""A facilitator sends the household's answer to a staff question, through the engine on both databases.

The answer is gathered like the household's own: every piece kept, passed on once at
"Selesai" or after a quiet spell, in the facilitator's name.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.actors import Actor, ActorRole
from backend.casefiles.models import (
    Complaint,
    ComplaintMessage,
    ComplaintStatus,
    MessageDirection,
    StatusEvent,
)
from backend.citizens.models import Channel, ChannelIdentity
from backend.clock import utcnow
from backend.complaints.answer_gathering import FACILITATOR_ANSWER_PASSED, AnswerGathering
from backend.complaints.answer_sweep import close_quiet_answers_once
from backend.complaints.service import EventDetails, fire_event
from backend.complaints.timeline import build_timeline
from backend.db import unit_of_work
from backend.notifications.models import OutboxMessage, Recipient
from backend.notifications.repository import ClaimedMessage
from backend.security.identity_numbers import mask_identity_numbers_in
from bot.notifier.compose import compose
from dialogs.engine import DialogEngine
from dialogs.events import Reply
from tests.dialogs.test_answer_gathering import _attachments, _provide_infos
from tests.dialogs.test_facilitator_dialogs import bound, file_for_household, services  # noqa: F401
from tests.fixtures.chat import ChatDriver

QUESTION = "Mohon kirim nomor KK warga."
STAFF = Actor(ActorRole.BACK_OFFICE)
QUIET = timedelta(minutes=5)


async def staff_event(
    sessions: async_sessionmaker[AsyncSession], ticket: str, event: str, **details: str
) -> None:
    async with unit_of_work(sessions) as session:
        complaint = (
            await session.execute(select(Complaint).where(Complaint.ticket == ticket))
        ).scalar_one()
        actor = Actor(ActorRole.SUPERVISOR) if event == "approve" else STAFF
        await fire_event(session, complaint, event, actor, EventDetails(**details))


async def case_asking(chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]) -> str:
    """A household reached only through the facilitator, and staff asking it a question."""
    await bound(chat, sessions)
    ticket = await file_for_household(chat)
    for event in ("approve", "start_review"):
        await staff_event(sessions, ticket, event)
    await staff_event(sessions, ticket, "request_info", note=QUESTION)
    return ticket


async def relay_of_question(sessions: async_sessionmaker[AsyncSession], ticket: str) -> Reply:
    """The relay of the question as the facilitator's chat shows it (composed by the notifier)."""
    async with sessions() as session:
        statement = (
            select(OutboxMessage)
            .join(Complaint, Complaint.id == OutboxMessage.complaint_id)
            .where(Complaint.ticket == ticket, OutboxMessage.template == "relay")
            .order_by(OutboxMessage.id.desc())
            .limit(1)
        )
        outbox = (await session.execute(statement)).scalar_one()
    assert outbox.params["inner_template"] == "complaint.request_info"
    claimed = ClaimedMessage(
        id=outbox.id, channel=Channel.TELEGRAM, chat_id="5550001", identity_id=1,
        recipient=Recipient.FACILITATOR, template=outbox.template, params=outbox.params,
        language=outbox.language, complaint_id=outbox.complaint_id, attempts=0, reachable=True,
    )  # fmt: skip
    return compose(claimed, appeal_window_days=14)


def answer_payload(reply: Reply) -> str:
    return next(b.payload for row in reply.buttons for b in row if "Kirim jawaban warga" in b.label)


async def complaint_of(sessions: async_sessionmaker[AsyncSession], ticket: str) -> Complaint:
    async with sessions() as session:
        return (
            await session.execute(select(Complaint).where(Complaint.ticket == ticket))
        ).scalar_one()


async def assert_answered_through_facilitator(
    sessions: async_sessionmaker[AsyncSession], ticket: str, *texts: str | None
) -> StatusEvent:
    """In review again; each piece kept, and they, the one event and the timeline name the facilitator."""
    complaint = await complaint_of(sessions, ticket)
    assert complaint.status == ComplaintStatus.IN_REVIEW
    async with sessions() as session:
        messages = (
            await session.scalars(
                select(ComplaintMessage)
                .where(ComplaintMessage.complaint_id == complaint.id)
                .order_by(ComplaintMessage.id)
            )
        ).all()
        [event] = (
            await session.scalars(
                select(StatusEvent).where(
                    StatusEvent.complaint_id == complaint.id, StatusEvent.event == "provide_info"
                )
            )
        ).all()
        timeline = await build_timeline(session, complaint.id, with_internal=True)
    assert [(m.direction, m.author_role, m.text) for m in messages] == [
        (MessageDirection.INBOUND, "facilitator", mask_identity_numbers_in(text)) for text in texts
    ]
    assert (event.actor_role, event.actor_facilitator_id) == (
        "facilitator", complaint.facilitator_id,
    )  # fmt: skip
    shown = [
        (e.kind, e.event, e.actor_role) for e in timeline if e.kind in ("status", "message_in")
    ]
    assert shown[-len(texts) - 1 :] == [
        *[("message_in", None, "facilitator")] * len(texts),
        ("status", "provide_info", "facilitator"),
    ]
    return event


async def first_piece_sent(chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]) -> str:
    """The facilitator pressed the relay's answer button and sent a first line; the ticket."""
    ticket = await case_asking(chat, sessions)
    await chat.press_payload(answer_payload(await relay_of_question(sessions, ticket)))
    await chat.send("Nomor KK warga 3271040101200003")
    assert f"Diterima (1) untuk pengaduan {ticket}" in chat.text
    return ticket


async def newest_outbox_id(sessions: async_sessionmaker[AsyncSession]) -> int:
    async with sessions() as session:
        return (await session.scalar(select(func.max(OutboxMessage.id)))) or 0


async def gathering_open(sessions: async_sessionmaker[AsyncSession]) -> bool:
    async with sessions() as session:
        return (await session.execute(select(AnswerGathering))).first() is not None


class TestAnsweringForTheHousehold:
    """The facilitator's answer resumes review, recorded as the household's, sent through them."""

    async def test_by_the_button_of_the_relayed_question_text_and_photo_then_selesai(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        ticket = await case_asking(chat, sessions)
        relay = await relay_of_question(sessions, ticket)
        assert QUESTION in relay.text
        labels = [b.label for b in relay.buttons[0]]
        assert labels == ["✅ Sudah disampaikan", "✍️ Kirim jawaban warga"]
        await chat.press_payload(answer_payload(relay))
        assert "Pertanyaan petugas untuk Siti Aminah" in chat.text and QUESTION in chat.text
        assert "pesan suara), lalu tekan Selesai" in chat.text
        await chat.send("Nomor KK warga 3271040101200003")
        assert f"Diterima (1) untuk pengaduan {ticket}" in chat.text
        await chat.send_file("photo")
        assert "Diterima (2)" in chat.text
        # Kept, not passed on yet: the photo is part of the answer, not lost into the menu.
        assert (await complaint_of(sessions, ticket)).status == ComplaintStatus.NEEDS_INFO
        assert await _provide_infos(sessions) == []
        done = chat.button("Selesai").payload
        await chat.press_payload(done)
        assert "Jawaban Siti Aminah sudah diteruskan" in chat.text and ticket in chat.text
        event = await assert_answered_through_facilitator(
            sessions, ticket, "Nomor KK warga 3271040101200003", None
        )
        [attachment] = await _attachments(sessions)
        assert attachment.status_event_id == event.id and attachment.message_id is not None
        assert not await gathering_open(sessions)
        await chat.press_payload(done)  # an acknowledgement's button again: nothing fires twice
        assert f"Jawaban warga untuk pengaduan {ticket} sudah diteruskan" in chat.text
        assert len(await _provide_infos(sessions)) == 1

    async def test_by_my_cases_with_a_photo_and_selesai_typed(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        ticket = await case_asking(chat, sessions)
        await chat.send("/menu")
        await chat.press("Pengaduan dampingan saya")
        await chat.press(ticket)
        assert QUESTION in chat.text
        await chat.press("Kirim jawaban warga")
        await chat.send_sticker()  # neither text nor a file: asked again
        assert QUESTION in chat.text
        await chat.send_file("photo")
        assert "Diterima (1)" in chat.text
        await chat.send("selesai")
        assert "kembali ditelaah" in chat.text
        event = await assert_answered_through_facilitator(sessions, ticket, None)
        [attachment] = await _attachments(sessions)
        assert attachment.status_event_id == event.id and attachment.message_id is not None

    async def test_by_the_command_with_one_question_waiting(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        ticket = await case_asking(chat, sessions)
        await chat.send("/jawab")
        assert QUESTION in chat.text
        await chat.send("Sejak Agustus.")
        await chat.send_file("voice", mime_type="audio/ogg")
        assert "Pesan suara Anda disimpan" in chat.text and "Diterima (2)" in chat.text
        await chat.send("/batal")  # what was sent goes to staff now, not later
        assert "Jawaban Siti Aminah sudah diteruskan" in chat.text
        assert "Menu fasilitator" in chat.text
        await assert_answered_through_facilitator(sessions, ticket, "Sejak Agustus.", None)

    async def test_the_case_detail_offers_it_only_while_a_question_waits(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        await bound(chat, sessions)
        ticket = await file_for_household(chat)
        await staff_event(sessions, ticket, "approve")
        await chat.send(f"/status {ticket}")
        labels = [b.label for r in chat.replies for row in r.buttons for b in row]
        assert "Warga: Siti Aminah" in chat.text and "✍️ Kirim jawaban warga" not in labels


class TestRefusals:
    """Another's case, a case not waiting, and an old button: each refused kindly, nothing fired."""

    async def test_another_facilitators_case(
        self,
        chat: ChatDriver,
        dialog_engine: DialogEngine,
        sessions: async_sessionmaker[AsyncSession],
    ) -> None:
        ticket = await case_asking(chat, sessions)
        payload = answer_payload(await relay_of_question(sessions, ticket))
        other = ChatDriver(dialog_engine, chat_id="5550777")
        await bound(other, sessions, name="Dewi Lestari")
        await other.press_payload(payload)
        assert "tidak ada di antara pengaduan dampingan Anda" in other.text
        assert QUESTION not in other.text and "Siti Aminah" not in other.text
        await other.send("Jawaban palsu")  # not taken as an answer either
        assert (await complaint_of(sessions, ticket)).status == ComplaintStatus.NEEDS_INFO

    async def test_a_citizen_cannot_use_the_button(
        self,
        chat: ChatDriver,
        dialog_engine: DialogEngine,
        sessions: async_sessionmaker[AsyncSession],
    ) -> None:
        ticket = await case_asking(chat, sessions)
        payload = answer_payload(await relay_of_question(sessions, ticket))
        citizen = ChatDriver(dialog_engine, chat_id="5550888")
        await citizen.press_payload(payload)
        assert "hanya untuk fasilitator" in citizen.text
        assert (await complaint_of(sessions, ticket)).status == ComplaintStatus.NEEDS_INFO

    async def test_a_case_not_waiting_for_an_answer(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        await bound(chat, sessions)
        ticket = await file_for_household(chat)
        await staff_event(sessions, ticket, "approve")
        await chat.press_payload(f"g:fanswer:{ticket}")
        assert (
            f"Pengaduan {ticket} tidak sedang menunggu jawaban warga (status: Diterima)"
            in chat.text
        )
        await chat.send("/jawab")
        assert "tidak ada pertanyaan petugas yang menunggu jawaban warga" in chat.text
        assert (await complaint_of(sessions, ticket)).status == ComplaintStatus.RECEIVED

    async def test_an_old_button_after_the_answer(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        ticket = await case_asking(chat, sessions)
        old = answer_payload(await relay_of_question(sessions, ticket))
        await chat.press_payload(old)
        await chat.send("Nomor KK warga 3271040101200003")
        await chat.press("Selesai")
        await chat.press_payload(old)
        assert f"untuk pengaduan {ticket} ini sudah dijawab" in chat.text
        # Staff ask again: the old button still belongs to the first question, the new one works.
        await staff_event(sessions, ticket, "request_info", note="Mohon foto KTP juga.")
        await chat.press_payload(old)
        assert "sudah dijawab" in chat.text
        new = answer_payload(await relay_of_question(sessions, ticket))
        assert new != old
        await chat.press_payload(new)
        assert "Mohon foto KTP juga." in chat.text
        async with sessions() as session:
            answers = (
                await session.execute(
                    select(StatusEvent).where(StatusEvent.event == "provide_info")
                )
            ).all()
        assert len(answers) == 1

    async def test_answered_meanwhile_by_someone_else(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        ticket = await case_asking(chat, sessions)
        await chat.press_payload(answer_payload(await relay_of_question(sessions, ticket)))
        # The household came to the office; front office recorded the answer first.
        async with unit_of_work(sessions) as session:
            complaint = (await session.execute(select(Complaint))).scalar_one()
            await fire_event(session, complaint, "provide_info", Actor(ActorRole.FRONT_OFFICE))
        await chat.send("Nomor KK warga 3271040101200003")
        assert "sudah dijawab" in chat.text
        async with sessions() as session:
            assert (await session.execute(select(ComplaintMessage))).first() is None


class TestAQuietSpell:
    """The notifier's job passes a facilitator's answer on in their name and tells their chat."""

    async def test_the_sweep_closes_it_and_tells_the_facilitator(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        ticket = await first_piece_sent(chat, sessions)
        await chat.send_file("photo")
        assert await close_quiet_answers_once(sessions, quiet_period=QUIET, now=utcnow()) == 0
        before = await newest_outbox_id(sessions)
        later = utcnow() + QUIET + timedelta(seconds=1)
        assert await close_quiet_answers_once(sessions, quiet_period=QUIET, now=later) == 1
        event = await assert_answered_through_facilitator(
            sessions, ticket, "Nomor KK warga 3271040101200003", None
        )
        [attachment] = await _attachments(sessions)
        assert attachment.status_event_id == event.id
        async with sessions() as session:
            statement = (
                select(OutboxMessage, ChannelIdentity)
                .join(ChannelIdentity, ChannelIdentity.id == OutboxMessage.identity_id)
                .where(OutboxMessage.id > before)
            )
            # Only the facilitator's own news: no copy of the household's, which has no chat.
            [(newest, identity)] = (await session.execute(statement)).all()
        assert (newest.template, newest.recipient, identity.chat_id) == (
            FACILITATOR_ANSWER_PASSED, Recipient.FACILITATOR, chat.chat_id,
        )  # fmt: skip
        claimed = ClaimedMessage(
            id=newest.id, channel=Channel.TELEGRAM, chat_id=chat.chat_id, identity_id=identity.id,
            recipient=newest.recipient, template=newest.template, params=newest.params,
            language=newest.language, complaint_id=newest.complaint_id, attempts=0, reachable=True,
        )  # fmt: skip
        told = compose(claimed, appeal_window_days=14)
        assert (
            f"Jawaban warga untuk pengaduan {ticket} yang Anda kirim sudah diteruskan" in told.text
        )
        assert "Salinan untuk fasilitator" not in told.text
        # The chat learns it is over: the next message is not a piece of a closed answer.
        await chat.send("halo")
        assert "Menu fasilitator" in chat.text
        assert len(await _provide_infos(sessions)) == 1

    async def test_a_chat_no_longer_the_facilitators_is_not_told(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        ticket = await first_piece_sent(chat, sessions)
        async with unit_of_work(sessions) as session:
            identity = (
                await session.execute(
                    select(ChannelIdentity).where(ChannelIdentity.chat_id == chat.chat_id)
                )
            ).scalar_one()
            identity.facilitator_id = None  # the account was unbound meanwhile
        before = await newest_outbox_id(sessions)
        later = utcnow() + QUIET + timedelta(seconds=1)
        assert await close_quiet_answers_once(sessions, quiet_period=QUIET, now=later) == 1
        await assert_answered_through_facilitator(
            sessions, ticket, "Nomor KK warga 3271040101200003"
        )
        assert await newest_outbox_id(sessions) == before


class TestWhoMayCloseIt:
    """Only the facilitator's chat closes the facilitator's answer: not a citizen, not another one."""

    async def test_a_citizen_and_another_facilitator_cannot_press_selesai(
        self,
        chat: ChatDriver,
        dialog_engine: DialogEngine,
        sessions: async_sessionmaker[AsyncSession],
    ) -> None:
        ticket = await first_piece_sent(chat, sessions)
        done = chat.button("Selesai").payload
        citizen = ChatDriver(dialog_engine, chat_id="5550888")
        await citizen.press_payload(done)
        assert "Siti Aminah" not in citizen.text
        other = ChatDriver(dialog_engine, chat_id="5550777")
        await bound(other, sessions, name="Dewi Lestari")
        await other.press_payload(done)
        assert "Siti Aminah" not in other.text and "kembali ditelaah" not in other.text
        assert (await complaint_of(sessions, ticket)).status == ComplaintStatus.NEEDS_INFO
        assert await gathering_open(sessions) and await _provide_infos(sessions) == []
        await chat.press("Selesai")
        assert "Jawaban Siti Aminah sudah diteruskan" in chat.text
        assert len(await _provide_infos(sessions)) == 1

    async def test_each_piece_is_checked_again(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        ticket = await first_piece_sent(chat, sessions)
        # Staff stop waiting before the photo comes: it is refused, not kept.
        await staff_event(sessions, ticket, "reject", reason="Di luar kewenangan.")
        await chat.send_file("photo")
        assert f"Pengaduan {ticket} tidak sedang menunggu jawaban warga" in chat.text
        assert await _attachments(sessions) == []
