"""The dialog's answers that went are written off together (a group commit).

Under load, answers finish their sends side by side, and each one's DELETE in a
transaction of its own cost a checkout, a BEGIN and a COMMIT. Here the first answer
to finish starts a transaction at once; the answers that finish while it runs wait
for it to end and share the next one. Alone, an answer waits for nothing.

A caller returns only once its row is gone, as before: the chat's next message
waits for that (the notifier's order rule), and a crash before it repeats the
answer, never loses it.
"""

from __future__ import annotations

import asyncio

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db import unit_of_work
from backend.notifications.outcomes import forget_sent_answers


class SentAnswers:
    """Deletes the rows of delivered answers, those that went side by side in one go."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions
        self._waiting: dict[int, tuple[bool, asyncio.Future[None]]] = {}
        self._writer: asyncio.Task[None] | None = None
        self.transactions = 0  # how many it took, for tests and benchmarks

    async def forget(self, message_id: int, *, tried_before: bool) -> None:
        """Returns once the answer's row (and its tries, `tried_before`) is deleted; raises
        what the database raised when it could not be."""
        future = asyncio.get_running_loop().create_future()
        self._waiting[message_id] = (tried_before, future)
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write())
        await future

    async def _write(self) -> None:
        while self._waiting:
            group, self._waiting = self._waiting, {}
            self.transactions += 1
            try:
                async with unit_of_work(self.sessions) as session:
                    sent = {message_id: tried for message_id, (tried, _) in group.items()}
                    await forget_sent_answers(session, sent)
            except Exception as error:  # noqa: BLE001  (each caller handles it, as alone)
                for _, future in group.values():
                    if not future.done():  # a caller cancelled (shutdown) no longer waits
                        future.set_exception(error)
            else:
                for _, future in group.values():
                    if not future.done():
                        future.set_result(None)
