"""The dialog's answers that went side by side are written off in one transaction (issue 18)."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from backend.citizens.models import ChannelIdentity
from backend.db import create_engine, create_session_factory, unit_of_work
from backend.notifications.models import OutboxMessage
from backend.notifications.outbox import queue_dialog_reply
from backend.security.crypto import Vault
from bot.notifier.sent_answers import SentAnswers
from dialogs.events import Reply
from tests.fixtures.factories import make_complaint

# The chat of the answers (an identity id): what `went_to` is asked about.
CHAT = 1


async def _answers(
    sessions: async_sessionmaker[AsyncSession], vault: Vault, count: int
) -> list[int]:
    async with unit_of_work(sessions) as session:
        complaint = await make_complaint(session, vault)
        identity = await session.get_one(ChannelIdentity, complaint.identity_id)
        answers = [
            queue_dialog_reply(session, identity, [Reply(f"Jawaban {n}").as_record()])
            for n in range(count)
        ]
        await session.flush()
        return [answer.id for answer in answers]


async def _left(sessions: async_sessionmaker[AsyncSession], ids: list[int]) -> list[int]:
    async with sessions() as session:
        rows = await session.scalars(select(OutboxMessage.id).where(OutboxMessage.id.in_(ids)))
        return sorted(rows)


class TestSentAnswers:
    async def test_answers_that_went_together_share_a_transaction(
        self, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ids = await _answers(sessions, vault, 6)
        sent = SentAnswers(sessions)
        await sent.forget(ids[0], identity_id=CHAT, tried_before=False)  # alone: written at once
        assert (sent.transactions, await _left(sessions, ids)) == (1, ids[1:])
        await asyncio.gather(
            *(
                sent.forget(message_id, identity_id=CHAT, tried_before=True)
                for message_id in ids[1:]
            )
        )
        assert (sent.transactions, await _left(sessions, ids)) == (2, [])

    async def test_answers_that_end_during_a_write_share_the_next(
        self, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        first, *later = await _answers(sessions, vault, 3)
        sent = SentAnswers(sessions)
        writing = asyncio.create_task(sent.forget(first, identity_id=CHAT, tried_before=False))
        while sent.transactions == 0:  # the first group is being written
            await asyncio.sleep(0)
        assert not writing.done()
        await asyncio.gather(
            writing,
            *(
                sent.forget(message_id, identity_id=CHAT, tried_before=False)
                for message_id in later
            ),
        )
        assert (sent.transactions, await _left(sessions, [first, *later])) == (2, [])

    async def test_an_answer_written_off_twice_at_once_releases_both_callers(
        self, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        [answer] = await _answers(sessions, vault, 1)
        sent = SentAnswers(sessions)
        await asyncio.wait_for(
            asyncio.gather(
                sent.forget(answer, identity_id=CHAT, tried_before=False),
                sent.forget(answer, identity_id=CHAT, tried_before=True),
            ),
            timeout=30,
        )
        assert (sent.transactions, await _left(sessions, [answer])) == (1, [])

    async def test_an_answer_is_named_as_gone_until_its_row_is_deleted(
        self, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        first, second = await _answers(sessions, vault, 2)
        sent = SentAnswers(sessions)
        writing = asyncio.create_task(sent.forget(first, identity_id=CHAT, tried_before=False))
        while sent.transactions == 0:  # the first one's DELETE is on its way
            await asyncio.sleep(0)
        later = asyncio.create_task(sent.forget(second, identity_id=CHAT, tried_before=False))
        await asyncio.sleep(0)  # the second waits for the next transaction
        assert sent.went_to(CHAT) == {first, second}
        assert sent.went_to(CHAT + 1) == frozenset()  # another chat's answers are not these
        await writing
        assert second in sent.went_to(CHAT)
        assert first not in sent.went_to(CHAT)
        await later
        assert sent.went_to(CHAT) == frozenset()

    async def test_a_database_that_does_not_answer_fails_every_answer_of_the_group(self) -> None:
        # Nothing listens on port 9: the connection is refused, as by a database that is down.
        engine = create_engine("postgresql+asyncpg://postgres@127.0.0.1:9/none", timeout=5)
        sent = SentAnswers(create_session_factory(engine))
        try:
            failures = await asyncio.gather(
                *(
                    sent.forget(message_id, identity_id=CHAT, tried_before=False)
                    for message_id in (1, 2, 3)
                ),
                return_exceptions=True,
            )
            assert sent.transactions == 1
            assert all(isinstance(failure, OSError) for failure in failures), failures
            assert sent.went_to(CHAT) == frozenset()  # their rows now speak for themselves
            with pytest.raises(OSError):  # and the next answer tries again
                await sent.forget(4, identity_id=CHAT, tried_before=False)
        finally:
            await engine.dispose()


class TestOnTheDriver:
    """On PostgreSQL the service's answers are written off on asyncpg's own connection."""

    @pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
    async def test_no_statement_goes_through_sqlalchemy(
        self, engine: AsyncEngine, vault: Vault
    ) -> None:
        sessions = create_session_factory(engine)
        ids = await _answers(sessions, vault, 3)
        statements: list[str] = []

        def seen(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
            statements.append(statement)

        event.listen(engine.sync_engine, "before_cursor_execute", seen)
        sent = SentAnswers(sessions)
        await asyncio.gather(
            *(sent.forget(message_id, identity_id=CHAT, tried_before=True) for message_id in ids)
        )
        event.remove(engine.sync_engine, "before_cursor_execute", seen)
        assert statements == []
        assert await _left(sessions, ids) == []
