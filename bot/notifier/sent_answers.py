"""The dialog's answers that went are written off together (a group commit).

Under load, answers finish their sends side by side, and each one's DELETE in a
transaction of its own cost a checkout, a BEGIN and a COMMIT. Here the first answer
to finish starts a transaction at once; the answers that finish while it runs wait
for it to end and share the next one. Alone, an answer waits for nothing.

On PostgreSQL the transaction runs on asyncpg's own connection (backend/driver.py):
through a session it cost about as much as the update's own transaction.

A caller returns only once its row is gone, as before, and a crash before that
repeats the answer, never loses it. Meanwhile the answer has gone all the same:
`went_to` names it, so the chat's next answer need not wait behind its row (the
person may have read it and written again before the DELETE ends).
"""

from __future__ import annotations

import asyncio
import functools
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db import write_once_more_if_cut
from backend.driver import driver_engine, on_driver_once_more_if_cut
from backend.notifications.outcomes import forget_sent_answers, forget_sent_answers_on_driver


@dataclass
class _Group:
    """The answers waiting for the next transaction, and their callers."""

    sent: dict[int, int] = field(default_factory=dict)  # answer id -> its chat (identity id)
    tried_before: set[int] = field(default_factory=set)
    callers: list[asyncio.Future[None]] = field(default_factory=list)


class SentAnswers:
    """Deletes the rows of delivered answers, those that went side by side in one go."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions
        self._driver = driver_engine(sessions)
        self._waiting = _Group()
        self._writer: asyncio.Task[None] | None = None
        self.transactions = 0  # how many the answers took: the grouping, seen from outside
        # The answers sent whose rows are still there, by chat (identity id).
        self._went: dict[int, set[int]] = {}

    def went_to(self, identity_id: int) -> frozenset[int]:
        """The answers this chat has received whose rows are not deleted yet."""
        return frozenset(self._went.get(identity_id, ()))

    async def forget(self, message_id: int, *, identity_id: int, tried_before: bool) -> None:
        """Returns once the answer's row (and its tries, `tried_before`) is deleted; raises
        what the database raised when it could not be. Called once the chat has it."""
        caller = asyncio.get_running_loop().create_future()
        self._waiting.sent[message_id] = identity_id
        self._went.setdefault(identity_id, set()).add(message_id)
        if tried_before:
            self._waiting.tried_before.add(message_id)
        self._waiting.callers.append(caller)
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write())
        await caller

    async def _write(self) -> None:
        while self._waiting.callers:
            group, self._waiting = self._waiting, _Group()
            self.transactions += 1
            try:
                await self._delete(group)
            except asyncio.CancelledError:  # the loop is closing: nobody is left waiting
                for caller in group.callers:
                    caller.cancel()
                raise
            except Exception as error:  # noqa: BLE001  (each caller handles it, as alone)
                for caller in group.callers:
                    if not caller.done():  # a caller cancelled (shutdown) no longer waits
                        caller.set_exception(error)
            else:
                for caller in group.callers:
                    if not caller.done():
                        caller.set_result(None)
            finally:
                # Deleted, or left in place: either way the row now speaks for itself.
                self._no_longer_went(group.sent)

    async def _delete(self, group: _Group) -> None:
        sent, tried_before = list(group.sent), list(group.tried_before)
        if self._driver is not None:
            on_driver = functools.partial(
                forget_sent_answers_on_driver, sent=sent, tried_before=tried_before
            )
            await on_driver_once_more_if_cut(self._driver, on_driver)
            return
        delete = functools.partial(forget_sent_answers, sent=sent, tried_before=tried_before)
        await write_once_more_if_cut(self.sessions, delete)

    def _no_longer_went(self, sent: dict[int, int]) -> None:
        for message_id, identity_id in sent.items():
            went = self._went.get(identity_id)
            if went is not None:
                went.discard(message_id)
                if not went:
                    del self._went[identity_id]
